"""Demo meetings: past ones documented, upcoming ones with registrations; idempotent."""

import pytest
from django.utils import timezone

from delaktig.audit.context import acting_as
from delaktig.contributions.models import Contribution
from delaktig.dialogues import demo as dialogues_demo
from delaktig.meetings import demo
from delaktig.meetings.models import AttendanceCount, EvaluationResponse, Meeting, Registration
from delaktig.municipality import demo as municipality_demo

COUNTED = (Meeting, AttendanceCount, Contribution, EvaluationResponse, Registration)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def load_all():
    # The loaders this one builds on, in INSTALLED_APPS order (as load_demo runs them).
    with acting_as(None):
        for loader in (municipality_demo.load, dialogues_demo.load, demo.load):
            loader(log=lambda message: None)


@pytest.fixture
def loaded(db):
    load_all()


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    meetings = dict(Meeting.objects.values_list("activity_id", "starts_at"))
    load_all()
    assert counts() == before
    assert dict(Meeting.objects.values_list("activity_id", "starts_at")) == meetings


def test_past_and_upcoming_meetings(loaded):
    now = timezone.now()
    assert Meeting.objects.filter(ends_at__lt=now).count() >= 4
    assert Meeting.objects.filter(starts_at__gt=now).count() >= 3
    # Every meeting belongs to an activity whose method is held as a meeting.
    assert set(Meeting.objects.values_list("activity__method__registry_key", flat=True)) == {
        "meetings"
    }


def test_past_meetings_are_documented(loaded):
    now = timezone.now()
    cafe = Meeting.objects.get(activity__title="Hälsocafé i Ekbacken")
    assert cafe.ends_at < now
    assert sum(cafe.attendance.values_list("count", flat=True)) > 20
    notes = Contribution.objects.filter(activity=cafe.activity, method_key="meetings")
    table_notes = notes.filter(kind="table_note")
    # Café tables, tagged with the dialogue's questions and their tables.
    assert table_notes.count() >= 6
    assert table_notes.filter(question__isnull=True).count() == 0
    assert set(table_notes.values_list("question__dialogue", flat=True)) == {
        cafe.activity.dialogue_id
    }
    assert table_notes.exclude(source_label="").count() == table_notes.count()
    assert Contribution.objects.filter(kind="focus_group_summary").exists()
    assert cafe.evaluations.count() > 10
    assert set(EvaluationResponse.objects.values_list("channel", flat=True)) == {"paper", "phone"}
    # Documentation only for meetings that have happened.
    assert not AttendanceCount.objects.filter(meeting__starts_at__gt=now).exists()
    assert not EvaluationResponse.objects.filter(meeting__starts_at__gt=now).exists()


def test_upcoming_meetings_have_registrations_with_needs(loaded):
    now = timezone.now()
    registrations = Registration.objects.filter(meeting__starts_at__gt=now)
    assert registrations.count() >= 5
    assert not Registration.objects.filter(meeting__ends_at__lt=now).exists()
    assert any("interpreter" in r.needs and r.interpreter_language for r in registrations)
    assert registrations.exclude(dietary_details="").exists()
