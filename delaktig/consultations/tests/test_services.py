import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from delaktig.consultations import services
from delaktig.consultations.models import Alternative, Choice, Consultation
from delaktig.consultations.tests.factories import (
    ChoiceFactory,
    ConsultationActivityFactory,
    ConsultationFactory,
    pdf_upload,
    png_upload,
    with_alternatives,
)
from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import State
from delaktig.municipality.tests import factories as f

pytestmark = pytest.mark.django_db


def choose(actor, consultation, alternative, **kwargs):
    return services.choice_create(
        actor=actor, consultation=consultation, alternative=alternative, **kwargs
    )


# --- choosing ----------------------------------------------------------------------


def test_a_logged_in_resident_chooses_once():
    consultation, (a, b) = with_alternatives()
    resident = f.UserFactory()
    first, created = choose(resident, consultation, a, reason="Fler studieplatser")
    assert created and first.user == resident
    again, created = choose(resident, consultation, b, reason="Ändrade mig")
    assert not created and again.pk == first.pk
    assert Choice.objects.filter(consultation=consultation).count() == 1
    assert Choice.objects.get().alternative == a


def test_the_database_refuses_a_second_choice_of_one_account():
    consultation, (a, b) = with_alternatives()
    resident = f.UserFactory()
    ChoiceFactory(alternative=a, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChoiceFactory(alternative=b, user=resident)


def test_anonymous_choices_are_idempotent_per_submission_key():
    from django.contrib.auth.models import AnonymousUser

    consultation, (a, _b) = with_alternatives()
    anonymous = AnonymousUser()
    first, created = choose(anonymous, consultation, a, submission_key="key-1")
    again, created_again = choose(anonymous, consultation, a, submission_key="key-1")
    assert created and not created_again and again.pk == first.pk
    other, created_other = choose(anonymous, consultation, a, submission_key="key-2")
    assert created_other and other.pk != first.pk
    assert first.user is None


def test_a_reason_is_also_a_contribution_without_the_person_when_anonymous():
    from django.contrib.auth.models import AnonymousUser

    consultation, (_a, b) = with_alternatives()
    choice, _ = choose(AnonymousUser(), consultation, b, reason="  Vi behöver en scen.  ")
    contribution = choice.contribution
    assert contribution.text == "Vi behöver en scen."
    assert contribution.method_key == "consultations" and contribution.kind == "reason"
    assert contribution.title == b.title
    assert contribution.activity == consultation.activity
    assert contribution.author is None and contribution.recorded_by is None


def test_no_reason_no_contribution():
    from django.contrib.auth.models import AnonymousUser

    consultation, (a, _b) = with_alternatives()
    choice, _ = choose(AnonymousUser(), consultation, a)
    assert choice.contribution is None
    assert not Contribution.objects.exists()


def test_a_closed_consultation_refuses_choices():
    consultation, (a, _b) = with_alternatives(state=Consultation.State.CLOSED)
    with pytest.raises(ValidationError):
        choose(f.UserFactory(), consultation, a)
    assert not Choice.objects.exists()


def test_a_dialogue_that_is_no_longer_open_refuses_choices():
    consultation, (a, _b) = with_alternatives(activity__dialogue__state=State.COMPILING)
    with pytest.raises(ValidationError):
        choose(f.UserFactory(), consultation, a)


def test_login_required_refuses_anonymous():
    from django.contrib.auth.models import AnonymousUser

    consultation, (a, _b) = with_alternatives(login_required=True)
    with pytest.raises(PermissionDenied):
        choose(AnonymousUser(), consultation, a)
    choice, created = choose(f.UserFactory(), consultation, a)
    assert created


def test_a_required_reason_must_be_given():
    consultation, (a, _b) = with_alternatives(reason=Consultation.Reason.REQUIRED)
    with pytest.raises(ValidationError) as error:
        choose(f.UserFactory(), consultation, a, reason="   ")
    assert "reason" in error.value.error_dict


def test_an_alternative_of_another_consultation_is_refused():
    consultation, _alternatives = with_alternatives()
    _other, (foreign, _) = with_alternatives()
    with pytest.raises(ValidationError) as error:
        choose(f.UserFactory(), consultation, foreign)
    assert "alternative" in error.value.error_dict


def test_background_is_dropped_when_not_asked():
    consultation, (a, _b) = with_alternatives(background_questions=False)
    choice, _ = choose(f.UserFactory(), consultation, a, gender="woman", age_band="26-44")
    assert choice.gender == "" and choice.age_band == ""


def test_district_of_another_municipality_is_refused():
    consultation, (a, _b) = with_alternatives()
    elsewhere = f.DistrictFactory(municipality=f.MunicipalityFactory(slug="annan", name="Annan"))
    with pytest.raises(ValidationError):
        choose(f.UserFactory(), consultation, a, district=elsewhere)


# --- staff -------------------------------------------------------------------------


def official_of(consultation_or_activity):
    activity = getattr(consultation_or_activity, "activity", consultation_or_activity)
    return f.official(activity.dialogue.unit)


def test_an_official_creates_a_consultation_for_their_units_activity():
    activity = ConsultationActivityFactory()
    official = official_of(activity)
    consultation = services.consultation_create(
        actor=official, activity=activity, data={"question": "Vilket förslag?"}
    )
    assert consultation.state == Consultation.State.DRAFT
    with pytest.raises(ValidationError):
        services.consultation_create(actor=official, activity=activity, data={"question": "?"})


def test_another_units_official_and_residents_may_not_prepare():
    activity = ConsultationActivityFactory()
    for actor in (f.official(), f.UserFactory()):
        with pytest.raises(PermissionDenied):
            services.consultation_create(actor=actor, activity=activity, data={"question": "?"})


def test_an_administrator_may_prepare_any():
    activity = ConsultationActivityFactory()
    consultation = services.consultation_create(
        actor=f.administrator(), activity=activity, data={"question": "Vilket förslag?"}
    )
    assert consultation.pk


def test_opening_needs_two_alternatives_then_close():
    consultation = ConsultationFactory(state=Consultation.State.DRAFT)
    official = official_of(consultation)
    services.alternative_save(actor=official, consultation=consultation, data={"title": "A"})
    with pytest.raises(ValidationError):
        services.consultation_open(actor=official, consultation=consultation)
    services.alternative_save(actor=official, consultation=consultation, data={"title": "B"})
    opened = services.consultation_open(actor=official, consultation=consultation)
    assert opened.state == Consultation.State.OPEN and opened.opened_at
    closed = services.consultation_close(actor=official, consultation=consultation)
    assert closed.state == Consultation.State.CLOSED and closed.closed_at


def test_an_open_consultation_keeps_two_alternatives():
    consultation, (a, _b) = with_alternatives()
    with pytest.raises(ValidationError):
        services.alternative_delete(actor=official_of(consultation), alternative=a)


def test_alternatives_with_choices_cannot_be_deleted():
    consultation, (a, b, c) = with_alternatives(titles=("A", "B", "C"))
    ChoiceFactory(alternative=a)
    official = official_of(consultation)
    with pytest.raises(ValidationError):
        services.alternative_delete(actor=official, alternative=a)
    services.alternative_delete(actor=official, alternative=b)
    assert list(Alternative.objects.values_list("pk", flat=True)) == [a.pk, c.pk]


def test_reordering_alternatives():
    consultation, alternatives = with_alternatives(titles=("A", "B", "C"))
    official = official_of(consultation)
    services.alternative_move(actor=official, alternative=alternatives[2], direction="up")
    assert [x.title for x in consultation.alternatives.order_by("position")] == ["A", "C", "B"]
    services.alternative_move(actor=official, alternative=alternatives[0], direction="up")
    assert [x.title for x in consultation.alternatives.order_by("position")] == ["A", "C", "B"]


def test_an_image_needs_a_description_and_is_reencoded():
    consultation = ConsultationFactory(state=Consultation.State.DRAFT)
    official = official_of(consultation)
    with pytest.raises(ValidationError) as error:
        services.alternative_save(
            actor=official, consultation=consultation, data={"title": "A", "image": png_upload()}
        )
    assert "image_alt" in error.value.error_dict
    alternative = services.alternative_save(
        actor=official,
        consultation=consultation,
        data={"title": "A", "image": png_upload("mitt namn.png"), "image_alt": "En skiss"},
    )
    assert alternative.image.name.endswith(".png")
    assert "mitt namn" not in alternative.image.name


def test_an_image_that_is_not_an_image_is_refused():
    from django.core.files.uploadedfile import SimpleUploadedFile

    consultation = ConsultationFactory(state=Consultation.State.DRAFT)
    fake = SimpleUploadedFile("bild.png", b"not a picture", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.alternative_save(
            actor=official_of(consultation),
            consultation=consultation,
            data={"title": "A", "image": fake, "image_alt": "x"},
        )
    assert "image" in error.value.error_dict


def test_documents_must_be_pdf_by_content_and_not_too_large(monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    consultation, (a, _b) = with_alternatives()
    official = official_of(consultation)
    document = services.document_add(
        actor=official, alternative=a, title="Skiss", upload=pdf_upload("Anna Svensson.pdf")
    )
    assert document.size > 0 and "Anna" not in document.file.name
    disguised = SimpleUploadedFile("skiss.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as error:
        services.document_add(actor=official, alternative=a, title="Skiss", upload=disguised)
    assert "file" in error.value.error_dict
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(ValidationError) as error:
        services.document_add(actor=official, alternative=a, title="Skiss", upload=pdf_upload())
    assert "file" in error.value.error_dict


def test_erasing_a_persons_choices_keeps_the_count():
    consultation, (a, _b) = with_alternatives()
    resident = f.UserFactory()
    choice, _ = choose(resident, consultation, a, reason="Min motivering")
    assert services.choices_erase_for_user(actor=resident, user=resident) == 1
    choice.refresh_from_db()
    assert choice.user is None and choice.reason == "" and choice.contribution is None
    assert not Contribution.objects.exists()
    with pytest.raises(PermissionDenied):
        services.choices_erase_for_user(actor=f.UserFactory(), user=resident)


def test_replacing_and_removing_an_image_deletes_the_old_file(django_capture_on_commit_callbacks):
    consultation = ConsultationFactory(state=Consultation.State.DRAFT)
    official = official_of(consultation)
    alternative = services.alternative_save(
        actor=official,
        consultation=consultation,
        data={"title": "A", "image": png_upload(), "image_alt": "Skiss"},
    )
    first = alternative.image.name
    storage = alternative.image.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.alternative_save(
            actor=official,
            consultation=consultation,
            alternative=alternative,
            data={"title": "A", "image": png_upload(), "image_alt": "Ny skiss"},
        )
    second = alternative.image.name
    assert second != first and not storage.exists(first) and storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        services.alternative_save(
            actor=official,
            consultation=consultation,
            alternative=alternative,
            data={"title": "A", "image": False, "image_alt": ""},
        )
    alternative.refresh_from_db()
    assert not alternative.image and alternative.image_alt == ""
    assert not storage.exists(second)
    # Saving without touching the image keeps it.
    alternative = services.alternative_save(
        actor=official,
        consultation=consultation,
        alternative=alternative,
        data={"title": "A", "image": png_upload(), "image_alt": "Skiss"},
    )
    kept = alternative.image.name
    services.alternative_save(
        actor=official, consultation=consultation, alternative=alternative, data={"title": "A2"}
    )
    alternative.refresh_from_db()
    assert alternative.image.name == kept and alternative.title == "A2"
