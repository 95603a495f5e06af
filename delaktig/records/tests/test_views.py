import pytest
from django.urls import reverse

from delaktig.dialogues.models import Dialogue, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f
from delaktig.records.models import ArchiveExport


@pytest.fixture
def admin(municipality):
    return f.administrator(f.UnitFactory(municipality=municipality))


def test_index_lists_finished_dialogues_in_constant_queries(
    client, admin, municipality, django_assert_max_num_queries
):
    for _ in range(3):
        DialogueFactory(municipality=municipality, state=State.ARCHIVED)
    client.force_login(admin)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("records:index"))
    for _ in range(30):
        DialogueFactory(municipality=municipality, state=State.EVALUATED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("records:index"))
    assert response.status_code == 200


def test_package_downloads_a_zip_and_records_it(client, admin, municipality):
    dialogue = DialogueFactory(municipality=municipality, state=State.ARCHIVED)
    client.force_login(admin)
    response = client.post(reverse("records:package", args=[dialogue.pk]))
    assert response["Content-Type"] == "application/zip"
    assert response.content[:2] == b"PK"
    assert ArchiveExport.objects.filter(dialogue=dialogue).count() == 1


def test_dispose_form_keeps_input_and_explains(client, admin, municipality):
    dialogue = DialogueFactory(municipality=municipality, state=State.ARCHIVED)
    client.force_login(admin)
    response = client.post(
        reverse("records:dispose", args=[dialogue.pk]),
        {"decision_reference": "KS 2026/9", "decided_by": "", "decided_on": "2026-11-01"},
    )
    assert response.status_code == 200
    assert 'value="KS 2026/9"' in response.content.decode()
    assert Dialogue.objects.filter(pk=dialogue.pk).exists()


def test_officials_are_refused(client, municipality):
    dialogue = DialogueFactory(municipality=municipality, state=State.ARCHIVED)
    client.force_login(f.official(dialogue.unit))
    assert client.get(reverse("records:index")).status_code == 403
    assert client.post(reverse("records:package", args=[dialogue.pk])).status_code == 403
