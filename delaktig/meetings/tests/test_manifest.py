import datetime
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delaktig.core.registry import registry
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


@pytest.mark.django_db
def test_summarise_counts_held_registered_attended_in_one_query(municipality):
    now = timezone.now()
    meeting = MeetingFactory(
        starts_at=now - datetime.timedelta(days=1, hours=2),
        ends_at=now - datetime.timedelta(days=1),
        capacity=2,
    )
    RegistrationFactory.create_batch(2, meeting=meeting)
    RegistrationFactory(meeting=meeting, status=Registration.Status.WAITING)
    RegistrationFactory(meeting=meeting, status=Registration.Status.CANCELLED)
    AttendanceCountFactory(meeting=meeting, gender="woman", age_band="26-44", count=7)
    AttendanceCountFactory(meeting=meeting, gender="man", age_band="65-79", count=4)
    with CaptureQueriesContext(connection) as queries:
        figures = manifest.summarise(meeting.activity)
    assert len(queries) == 1
    assert figures == {"meetings_held": 1, "registered": 2, "waiting_list": 1, "attended": 11}
    upcoming = MeetingFactory()
    assert manifest.summarise(upcoming.activity)["meetings_held"] == 0
    assert manifest.summarise(MeetingActivityFactory())["meetings_held"] == 0


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
