import datetime
import uuid

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from delaktig.dialogues.models import State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f
from delaktig.outreach import services
from delaktig.outreach.models import OutreachEntry, OutreachTally
from delaktig.outreach.tests.factories import DraftingGroupFactory, entry_data


@pytest.fixture
def group(municipality):
    return DraftingGroupFactory(municipality=municipality, name="Framtidsberedningen")


@pytest.fixture
def member(group):
    return f.representative(group)


@pytest.fixture
def district(municipality):
    return f.DistrictFactory(municipality=municipality, name="Hamnen")


def record(actor, municipality, key=None, **data):
    unit = data.pop("unit")
    return services.outreach_entry_record(
        actor=actor,
        municipality=municipality,
        data=entry_data(unit=unit, **data),
        submission_key=key,
    )


@pytest.mark.django_db
def test_record_stores_entry_with_staff_topics_and_tallies(municipality, group, member, district):
    topic = f.TopicFactory()
    colleague = f.official(group)
    entry = record(
        member,
        municipality,
        unit=group,
        district=district,
        staff=[member, colleague],
        topics=[topic],
        tallies={("woman", "18-25"): 4, ("man", "18-25"): 3, ("other", "80+"): 0},
    )
    entry.refresh_from_db()
    assert entry.recorded_by == member
    assert set(entry.staff.all()) == {member, colleague}
    assert list(entry.topics.all()) == [topic]
    assert {(t.gender, t.age_band, t.count) for t in entry.tallies.all()} == {
        ("woman", "18-25", 4),
        ("man", "18-25", 3),
    }
    assert LogEntry.objects.get_for_object(entry).filter(actor=member).exists()


@pytest.mark.django_db
def test_same_submission_key_stores_once(municipality, group, member, district):
    key = uuid.uuid4()
    first = record(member, municipality, key=key, unit=group, district=district)
    again = record(member, municipality, key=str(key), unit=group, district=district, people_met=99)
    assert again.pk == first.pk
    assert again.people_met == 25
    assert OutreachEntry.objects.count() == 1


@pytest.mark.django_db
def test_race_on_the_same_key_returns_the_stored_entry(
    municipality, group, member, district, monkeypatch
):
    """Two sends pass the "already stored?" check at the same time: the second
    insert hits the unique key, and the stored entry is returned."""
    key = uuid.uuid4()
    stored = record(member, municipality, key=key, unit=group, district=district)
    real_lookup = services._existing_entry
    calls = []

    def lookup_missing_the_race(submission_key):
        calls.append(submission_key)
        # The first look finds nothing (the other request has not committed yet).
        return None if len(calls) == 1 else real_lookup(submission_key)

    monkeypatch.setattr(services, "_existing_entry", lookup_missing_the_race)
    again = record(member, municipality, key=key, unit=group, district=district, people_met=70)
    assert again.pk == stored.pk
    assert len(calls) == 2
    assert OutreachEntry.objects.count() == 1
    assert OutreachTally.objects.count() == 0


@pytest.mark.django_db
def test_without_key_each_call_stores(municipality, group, member, district):
    record(member, municipality, unit=group, district=district)
    record(member, municipality, unit=group, district=district)
    assert OutreachEntry.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "date"),
        ({"people_met": 3, "conversations": 4}, "conversations"),
        ({"people_met": 5, "conversations": 2, "tallies": {("woman", "26-44"): 6}}, "people_met"),
        ({"latitude": 59.3, "longitude": None}, "latitude"),
        ({"district": None, "place": ""}, "district"),
    ],
)
def test_validation(municipality, group, member, district, overrides, field):
    data = {"district": district, **overrides}
    with pytest.raises(ValidationError) as error:
        record(member, municipality, unit=group, **data)
    assert field in error.value.message_dict
    assert OutreachEntry.objects.count() == 0


@pytest.mark.django_db
def test_zero_is_a_valid_count_and_conversations_may_equal_people(
    municipality, group, member, district
):
    record(member, municipality, unit=group, district=district, people_met=0, conversations=0)
    record(member, municipality, unit=group, district=district, people_met=4, conversations=4)
    assert OutreachEntry.objects.count() == 2


@pytest.mark.django_db
def test_a_map_point_is_enough_as_where(municipality, group, member):
    entry = record(
        member,
        municipality,
        unit=group,
        district=None,
        place="",
        latitude=59.3293,
        longitude=18.0686,
    )
    assert entry.latitude is not None


@pytest.mark.django_db
def test_unknown_tally_code_is_refused(municipality, group, member, district):
    with pytest.raises(ValidationError):
        record(member, municipality, unit=group, district=district, tallies={("x", "18-25"): 1})


@pytest.mark.django_db
def test_dialogue_must_be_published(municipality, group, member, district):
    draft = DialogueFactory(municipality=municipality, state=State.DRAFT)
    with pytest.raises(ValidationError) as error:
        record(member, municipality, unit=group, district=district, dialogue=draft)
    assert "dialogue" in error.value.message_dict
    published = DialogueFactory(municipality=municipality, state=State.OPEN)
    assert record(member, municipality, unit=group, district=district, dialogue=published)


@pytest.mark.django_db
def test_staff_must_belong_to_the_group(municipality, group, member, district):
    stranger = f.official(f.UnitFactory(municipality=municipality))
    with pytest.raises(ValidationError) as error:
        record(member, municipality, unit=group, district=district, staff=[member, stranger])
    assert "staff" in error.value.message_dict


@pytest.mark.django_db
def test_cannot_record_for_another_group(municipality, group, district):
    outsider = f.official(f.UnitFactory(municipality=municipality))
    with pytest.raises(PermissionDenied):
        record(outsider, municipality, unit=group, district=district)


@pytest.mark.django_db
def test_administrator_records_for_any_group(municipality, group, district):
    admin = f.administrator(f.UnitFactory(municipality=municipality))
    assert record(admin, municipality, unit=group, district=district, staff=[admin])


@pytest.mark.django_db
def test_update_by_recorder_replaces_tallies_and_is_logged(municipality, group, member, district):
    entry = record(
        member, municipality, unit=group, district=district, tallies={("woman", "80+"): 2}
    )
    updated = services.outreach_entry_update(
        actor=member,
        entry=entry,
        data=entry_data(
            unit=group, district=district, people_met=30, tallies={("man", "13-17"): 5}
        ),
    )
    assert updated.people_met == 30
    assert {(t.gender, t.age_band, t.count) for t in updated.tallies.all()} == {("man", "13-17", 5)}
    changes = LogEntry.objects.get_for_object(entry).filter(action=LogEntry.Action.UPDATE)
    assert changes.filter(actor=member).exists()


@pytest.mark.django_db
def test_update_keeps_validation(municipality, group, member, district):
    entry = record(member, municipality, unit=group, district=district)
    with pytest.raises(ValidationError):
        services.outreach_entry_update(
            actor=member,
            entry=entry,
            data=entry_data(unit=group, district=district, people_met=1, conversations=9),
        )
    entry.refresh_from_db()
    assert entry.conversations == 14


@pytest.mark.django_db
def test_only_recorder_officials_and_admins_change(municipality, group, member, district):
    entry = record(member, municipality, unit=group, district=district)
    other_member = f.representative(group)
    other_official = f.official(f.UnitFactory(municipality=municipality))
    for actor in (other_member, other_official):
        with pytest.raises(PermissionDenied):
            services.outreach_entry_update(actor=actor, entry=entry, data={"people_met": 1})
        with pytest.raises(PermissionDenied):
            services.outreach_entry_delete(actor=actor, entry=entry)
    group_official = f.official(group)
    services.outreach_entry_update(
        actor=group_official, entry=entry, data={"people_met": 40, "conversations": 20}
    )
    pk = entry.pk
    services.outreach_entry_delete(actor=group_official, entry=entry)
    assert not OutreachEntry.objects.exists()
    assert LogEntry.objects.filter(
        action=LogEntry.Action.DELETE, object_pk=str(pk), actor=group_official
    ).exists()


@pytest.mark.django_db
def test_update_may_not_move_entry_to_a_group_of_others(municipality, group, member, district):
    entry = record(member, municipality, unit=group, district=district)
    foreign = DraftingGroupFactory(municipality=municipality)
    with pytest.raises(PermissionDenied):
        services.outreach_entry_update(actor=member, entry=entry, data={"unit": foreign})


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_with_the_same_key_store_once(municipality, group, member, district):
    """A real race (PostgreSQL only: SQLite serialises writers with a file lock)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions")
    key = uuid.uuid4()
    barrier = threading.Barrier(4)
    results, errors = [], []

    def send():
        try:
            barrier.wait()
            entry = record(member, municipality, key=key, unit=group, district=district)
            results.append(entry.pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert OutreachEntry.objects.filter(submission_key=key).count() == 1
