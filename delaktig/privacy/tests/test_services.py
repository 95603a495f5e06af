import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from delaktig.accounts.models import User
from delaktig.contributions.models import Contribution
from delaktig.dialogues.services import dialogue_follow, dialogue_unfollow
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.models import Registration
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.tests import factories as f
from delaktig.privacy.models import Consent, Erasure
from delaktig.privacy.selectors import account_export
from delaktig.privacy.services import account_delete, consent_give


@pytest.fixture
def resident(municipality):
    return f.UserFactory(email="lisa@example.org", name="Lisa Exempel")


@pytest.fixture
def dialogue(municipality):
    return DialogueFactory(municipality=municipality, state="open")


def _contribution(dialogue, author, text="Mer belysning vid gångtunneln"):
    return Contribution.objects.create(
        dialogue=dialogue, method_key="meetings", kind="note", text=text, author=author
    )


def test_following_records_consent_and_unfollowing_withdraws_it(resident, dialogue):
    dialogue_follow(user=resident, dialogue=dialogue)
    dialogue_follow(user=resident, dialogue=dialogue)
    consent = Consent.objects.get(user=resident)
    assert consent.reference == dialogue.slug and consent.active
    dialogue_unfollow(user=resident, dialogue=dialogue)
    consent.refresh_from_db()
    assert not consent.active


def test_giving_the_same_consent_twice_keeps_one(resident):
    consent_give(user=resident, purpose="hear_back")
    consent_give(user=resident, purpose="hear_back")
    assert Consent.objects.filter(user=resident).count() == 1


def test_export_holds_account_contributions_follows_consents_and_registrations(resident, dialogue):
    dialogue_follow(user=resident, dialogue=dialogue)
    _contribution(dialogue, resident)
    meeting = MeetingFactory(activity__dialogue=dialogue)
    Registration.objects.create(meeting=meeting, user=resident, name="Lisa", email=resident.email)
    data = account_export(resident)
    assert data["account"]["email"] == "lisa@example.org"
    assert data["contributions"][0]["text"] == "Mer belysning vid gångtunneln"
    assert data["following"][0]["dialogue"] == dialogue.title
    assert data["consents"][0]["wording"]
    assert data["other"]["meetings"]["meeting_registrations"][0]["name"] == "Lisa"


def test_deleting_keeps_contributions_without_author_and_removes_the_person(resident, dialogue):
    dialogue_follow(user=resident, dialogue=dialogue)
    contribution = _contribution(dialogue, resident)
    meeting = MeetingFactory(activity__dialogue=dialogue)
    registration = Registration.objects.create(
        meeting=meeting, name="Lisa Exempel", email="LISA@example.org", phone="070-123"
    )
    resident.name = "Lisa E"
    resident.save()  # leaves an audit entry with the name
    pk = resident.pk

    erasure = account_delete(actor=resident, user=resident)

    assert not User.objects.filter(pk=pk).exists()
    contribution.refresh_from_db()
    assert contribution.author is None and contribution.text
    registration.refresh_from_db()
    assert (registration.name, registration.email, registration.phone) == ("", "", "")
    assert not Consent.objects.filter(user_id=pk).exists()
    assert not LogEntry.objects.filter(object_pk=str(pk), content_type__model="user").exists()
    assert not any("lisa" in str(e.changes).lower() for e in LogEntry.objects.all())
    assert Erasure.objects.get() == erasure
    assert erasure.contributions_anonymised == 1 and erasure.method_rows == 1


def test_only_the_owner_may_delete_an_account(resident):
    other = f.UserFactory()
    with pytest.raises(PermissionDenied):
        account_delete(actor=other, user=resident)
    assert User.objects.filter(pk=resident.pk).exists()


def test_staff_cannot_delete_their_account_while_they_have_a_role(municipality):
    official = f.official(f.UnitFactory(municipality=municipality))
    with pytest.raises(ValidationError):
        account_delete(actor=official, user=official)
    assert User.objects.filter(pk=official.pk).exists()


def test_deleting_scrubs_the_author_from_older_audit_entries(resident, dialogue):
    from django.contrib.contenttypes.models import ContentType

    contribution = _contribution(dialogue, resident)
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_pk=str(contribution.pk),
        object_repr="old entry",
        action=LogEntry.Action.CREATE,
        changes={"author": ["None", "Lisa Exempel"], "text": ["None", "Mer belysning"]},
    )
    account_delete(actor=resident, user=resident)
    entry = LogEntry.objects.get(object_repr="old entry")
    assert entry.changes == {"text": ["None", "Mer belysning"]}
