import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from delaktig.dialogues.models import DialogueQuestion
from delaktig.dialogues.tests.factories import DialogueFactory, complete_plan
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f


@pytest.fixture
def dialogue(municipality):
    unit = f.UnitFactory(municipality=municipality)
    dialogue = DialogueFactory(
        municipality=municipality,
        unit=unit,
        owner_committee=f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE),
        title="Hamnområdets framtid",
        slug="hamnomradets-framtid",
    )
    complete_plan(dialogue)
    DialogueQuestion.objects.create(
        dialogue=dialogue, text="Vilka mötesplatser saknar du vid vattnet?", position=1
    )
    return dialogue


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.django_db
def test_plan_pdf_is_a_real_pdf_with_the_plans_text(client, dialogue):
    client.force_login(f.official(dialogue.unit))
    response = client.get(reverse("dialogue_staff:pdf", args=[dialogue.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="hamnomradets-framtid.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "Hamnområdets framtid" in text
    assert "Att ta reda på vad invånarna vill med hamnområdet." in text
    assert "Vilka mötesplatser saknar du vid vattnet?" in text
    assert "Lokalhyra" in text  # the cost rows are in it too


@pytest.mark.django_db
def test_owner_representative_may_download_but_not_another_committee(
    client, dialogue, municipality
):
    client.force_login(f.representative(dialogue.owner_committee))
    assert client.get(reverse("dialogue_staff:pdf", args=[dialogue.pk])).status_code == 200
    other = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    client.force_login(f.representative(other))
    assert client.get(reverse("dialogue_staff:pdf", args=[dialogue.pk])).status_code == 403
