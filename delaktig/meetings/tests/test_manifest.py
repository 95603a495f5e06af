import datetime
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delaktig.core.registry import ActivitySummary, registry
from delaktig.dialogues.models import Activity
from delaktig.meetings.manifest import manifest
from delaktig.meetings.models import Registration
from delaktig.meetings.tests.factories import (
    AttendanceCountFactory,
    MeetingActivityFactory,
    MeetingFactory,
    RegistrationFactory,
)
from delaktig.methods.models import Method
from delaktig.municipality.tests import factories as f

migration = importlib.import_module("delaktig.meetings.migrations.0002_link_catalogue")


def test_registered():
    assert "meetings" in registry
    assert registry.get("meetings") is manifest
    assert manifest.offline and not manifest.online
    assert manifest.ladder_levels == frozenset({1, 2, 3, 4})
    keys = {t.key for t in manifest.contribution_types}
    assert keys == {"table_note", "session_report", "focus_group_summary", "photo", "note"}


@pytest.mark.django_db
def test_catalogue_entries_link_to_the_manifest():
    linked = Method.objects.filter(slug__in=migration.MEETING_METHODS)
    assert linked.count() == len(migration.MEETING_METHODS)
    for method in linked:
        assert method.manifest is manifest, method.slug
        assert set(method.ladder_levels) <= manifest.ladder_levels, method.slug
    assert Method.objects.get(slug="enkat").manifest is not manifest
    assert Method.objects.get(slug="gatusamtal").manifest is not manifest


@pytest.mark.django_db
def test_link_migration_is_idempotent():
    from django.apps import apps

    migration.link(apps, None)
    migration.link(apps, None)
    assert Method.objects.filter(registry_key="meetings").count() == len(migration.MEETING_METHODS)


def _figures(summary) -> dict:
    return {figure.key: figure.value for figure in summary.figures}


@pytest.mark.django_db
def test_summarise_counts_held_registered_attended(municipality):
    now = timezone.now()
    meeting = MeetingFactory(
        starts_at=now - datetime.timedelta(days=1, hours=2),
        ends_at=now - datetime.timedelta(days=1),
        capacity=6,
    )
    RegistrationFactory.create_batch(6, meeting=meeting)
    RegistrationFactory(meeting=meeting, status=Registration.Status.WAITING)
    RegistrationFactory(meeting=meeting, status=Registration.Status.CANCELLED)
    AttendanceCountFactory(meeting=meeting, gender="woman", age_band="26-44", count=7)
    AttendanceCountFactory(meeting=meeting, gender="man", age_band="26-44", count=6)
    AttendanceCountFactory(meeting=meeting, gender="man", age_band="65-79", count=5)
    with CaptureQueriesContext(connection) as queries:
        summary = manifest.summarise(meeting.activity)
    # One query for the figures, one for the attendance table.
    assert len(queries) == 2
    assert isinstance(summary, ActivitySummary)
    assert _figures(summary) == {"meetings_held": 1, "registered": 6, "attended": 18}
    [block] = summary.blocks
    assert block.kind == "table" and block.key == "attendance"
    assert block.table.cells["26-44", "woman"].value == 7
    assert block.table.total.value == 18
    assert str(block.text_summary)


@pytest.mark.django_db
def test_summarise_hides_small_counts(municipality):
    now = timezone.now()
    meeting = MeetingFactory(
        starts_at=now - datetime.timedelta(hours=3), ends_at=now - datetime.timedelta(hours=1)
    )
    RegistrationFactory.create_batch(2, meeting=meeting)
    AttendanceCountFactory(meeting=meeting, gender="woman", age_band="26-44", count=9)
    AttendanceCountFactory(meeting=meeting, gender="man", age_band="80+", count=2)
    summary = manifest.summarise(meeting.activity)
    figures = {figure.key: figure for figure in summary.figures}
    assert figures["registered"].value is None
    assert figures["registered"].reason == "small"
    assert figures["attended"].value == 11
    table = summary.blocks[0].table
    assert table.cells["80+", "man"].value is None
    # The woman cell is hidden too, else 11 - 9 would give the small one back.
    assert table.cells["26-44", "woman"].value is None


@pytest.mark.django_db
def test_summarise_without_attendance_has_no_table(municipality):
    upcoming = MeetingFactory()
    summary = manifest.summarise(upcoming.activity)
    assert _figures(summary)["meetings_held"] == 0
    assert summary.blocks == []
    bare = manifest.summarise(MeetingActivityFactory())
    assert _figures(bare) == {"meetings_held": 0, "registered": 0, "attended": 0}


@pytest.mark.django_db
def test_urls(municipality):
    meeting = MeetingFactory()
    assert manifest.participate_url(meeting.activity) == reverse(
        "meetings:detail", args=[meeting.pk]
    )
    assert manifest.manage_url(meeting.activity) == reverse(
        "meeting_staff:detail", args=[meeting.pk]
    )
    bare = MeetingActivityFactory()
    assert manifest.participate_url(bare) == ""
    assert manifest.manage_url(bare) == reverse("meeting_staff:edit", args=[bare.pk])
    # With the meeting loaded alongside the activity, no query is needed.
    loaded = Activity.objects.select_related("meeting").get(pk=meeting.activity.pk)
    with CaptureQueriesContext(connection) as queries:
        manifest.participate_url(loaded)
        manifest.manage_url(loaded)
    assert len(queries) == 0


@pytest.mark.django_db
def test_personal_data(municipality):
    user = f.UserFactory()
    RegistrationFactory(user=user, email=user.email, interpreter_language="tigrinja")
    RegistrationFactory(user=None, email=user.email.upper())
    RegistrationFactory()  # someone else
    data = manifest.personal_data(user)
    rows = data["meeting_registrations"]
    assert len(rows) == 2
    assert rows[0]["interpreter_language"] == "tigrinja"
