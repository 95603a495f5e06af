"""Test factories for consultations, alternatives and choices."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from delaktig.consultations.models import Alternative, Choice, Consultation
from delaktig.dialogues.models import Activity, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.methods.tests.factories import MethodFactory


def consultation_method():
    # The catalogue entry exists after migrations; tests on a flushed database
    # (transactional_db) get it created here. get_or_create on the slug.
    method = MethodFactory(
        slug="konsultation-alternativ", name="Konsultation om alternativ", ladder_levels=[2]
    )
    if method.registry_key != "consultations":
        method.registry_key = "consultations"
        method.save(update_fields=["registry_key"])
    return method


class ConsultationActivityFactory(factory.django.DjangoModelFactory):
    """An activity of an open (public) dialogue whose method is a consultation."""

    class Meta:
        model = Activity

    dialogue = factory.SubFactory(DialogueFactory, state=State.OPEN)
    method = factory.LazyFunction(consultation_method)
    title = factory.Sequence(lambda n: f"Välj förslag {n}")
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open consultation; add alternatives with ``with_alternatives``."""

    class Meta:
        model = Consultation

    activity = factory.SubFactory(ConsultationActivityFactory)
    question = "Vilket förslag föredrar du?"
    intro = "Nämnden har tagit fram två förslag."
    state = Consultation.State.OPEN


class AlternativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alternative

    consultation = factory.SubFactory(ConsultationFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Förslag {n}")
    description = "Så här blir det."


def with_alternatives(consultation=None, titles=("A: Mer bibliotek", "B: Mer scen"), **kwargs):
    consultation = consultation or ConsultationFactory(**kwargs)
    alternatives = [
        AlternativeFactory(consultation=consultation, title=title, position=position)
        for position, title in enumerate(titles)
    ]
    return consultation, alternatives


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    alternative = factory.SubFactory(AlternativeFactory)
    consultation = factory.SelfAttribute("alternative.consultation")
    created_on = factory.LazyFunction(timezone.localdate)


def png_upload(name="bild.png", size=(40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def pdf_upload(name="skiss.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
