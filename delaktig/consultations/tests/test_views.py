import re
import uuid

import pytest
from django.urls import reverse

from delaktig.consultations import services
from delaktig.consultations.models import Alternative, Choice, Consultation
from delaktig.consultations.tests.factories import (
    AlternativeFactory,
    ChoiceFactory,
    ConsultationActivityFactory,
    ConsultationFactory,
    pdf_upload,
    png_upload,
    with_alternatives,
)
from delaktig.dialogues.models import State
from delaktig.municipality.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["delaktig_language"] = "en"
    return client


def one_h1(html):
    return len(re.findall(r"<h1[\s>]", html)) == 1


def detail_url(consultation):
    return reverse("consultations:detail", args=[consultation.pk])


def choice_data(alternative, **overrides):
    data = {"alternative": str(alternative.pk), "submission_key": str(uuid.uuid4())}
    data.update(overrides)
    return data


# --- public ------------------------------------------------------------------------


def test_the_page_shows_the_alternatives_and_radio_buttons(english, municipality):
    consultation, (a, b) = with_alternatives(activity__dialogue__municipality=municipality)
    a.image = png_upload()
    a.image_alt = "Skiss med bokhyllor"
    a.save()
    response = english.get(detail_url(consultation))
    html = response.content.decode()
    assert response.status_code == 200 and one_h1(html)
    assert 'alt="Skiss med bokhyllor"' in html
    assert html.count('type="radio" name="alternative"') == 2
    assert "Why did you choose this alternative?" in html
    assert "We ask so that we can see whether we have reached" in html


def test_choosing_without_an_account_leads_to_thanks_with_the_feedback_plan(english, municipality):
    consultation, (_a, b) = with_alternatives(activity__dialogue__municipality=municipality)
    dialogue = consultation.activity.dialogue
    dialogue.feedback_how = "Vi mejlar alla som har lämnat adress."
    dialogue.feedback_by = "Kulturförvaltningen"
    dialogue.save()
    data = choice_data(b, reason="Vi behöver en scen.", gender="woman", age_band="26-44")
    response = english.post(detail_url(consultation), data)
    assert response.status_code == 302
    assert response.url == reverse("consultations:thanks", args=[consultation.pk])
    choice = Choice.objects.get()
    assert choice.alternative == b and choice.user is None and choice.gender == "woman"
    thanks = english.get(response.url).content.decode()
    assert "Vi mejlar alla som har lämnat adress." in thanks
    assert "Kulturförvaltningen" in thanks


def test_a_double_submit_stores_one_choice(english, municipality):
    consultation, (a, _b) = with_alternatives(activity__dialogue__municipality=municipality)
    data = choice_data(a, reason="Studieplatser")
    first = english.post(detail_url(consultation), data)
    second = english.post(detail_url(consultation), data)
    assert first.status_code == second.status_code == 302
    assert Choice.objects.count() == 1


def test_invalid_input_keeps_what_was_typed(english, municipality):
    consultation, _alternatives = with_alternatives(activity__dialogue__municipality=municipality)
    response = english.post(
        detail_url(consultation),
        {"reason": "Min långa motivering", "submission_key": str(uuid.uuid4())},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose one of the alternatives." in html
    assert "Min långa motivering" in html
    assert 'class="error-summary"' in html
    assert not Choice.objects.exists()


def test_a_required_reason_is_asked_for(english, municipality):
    consultation, (a, _b) = with_alternatives(
        activity__dialogue__municipality=municipality, reason=Consultation.Reason.REQUIRED
    )
    response = english.post(detail_url(consultation), choice_data(a))
    assert response.status_code == 400
    assert "Write why you chose this alternative." in response.content.decode()


def test_a_closed_consultation_says_so_and_stores_nothing(english, municipality):
    consultation, (a, _b) = with_alternatives(
        activity__dialogue__municipality=municipality, state=Consultation.State.CLOSED
    )
    response = english.get(detail_url(consultation))
    html = response.content.decode()
    assert "The consultation is closed. You can no longer choose." in html
    assert 'type="radio"' not in html
    english.post(detail_url(consultation), choice_data(a))
    assert not Choice.objects.exists()


def test_login_required_sends_anonymous_to_login(english, municipality):
    consultation, (a, _b) = with_alternatives(
        activity__dialogue__municipality=municipality, login_required=True
    )
    page = english.get(detail_url(consultation)).content.decode()
    assert "Log in to choose" in page and 'type="radio"' not in page
    response = english.post(detail_url(consultation), choice_data(a))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    resident = f.UserFactory()
    english.force_login(resident)
    english.post(detail_url(consultation), choice_data(a))
    assert Choice.objects.get().user == resident
    again = english.get(detail_url(consultation)).content.decode()
    assert "You have chosen" in again and 'type="radio"' not in again


def test_a_draft_is_hidden_from_residents_but_previewed_by_staff(english, municipality):
    consultation, (a, _b) = with_alternatives(
        activity__dialogue__municipality=municipality, state=Consultation.State.DRAFT
    )
    assert english.get(detail_url(consultation)).status_code == 404
    english.force_login(f.official(consultation.activity.dialogue.unit))
    response = english.get(detail_url(consultation))
    assert response.status_code == 200
    assert "Preview" in response.content.decode()


def test_documents_and_images_are_served_only_when_visible(english, municipality):
    consultation, (a, _b) = with_alternatives(activity__dialogue__municipality=municipality)
    official = f.official(consultation.activity.dialogue.unit)
    document = services.document_add(
        actor=official, alternative=a, title="Skiss", upload=pdf_upload()
    )
    response = english.get(reverse("consultations:document", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert english.get(reverse("consultations:image", args=[a.pk])).status_code == 404
    Consultation.objects.filter(pk=consultation.pk).update(state=Consultation.State.DRAFT)
    assert english.get(reverse("consultations:document", args=[document.pk])).status_code == 404


# --- staff -------------------------------------------------------------------------


def staff_urls(consultation, alternative):
    return [
        reverse("consultation_staff:detail", args=[consultation.pk]),
        reverse("consultation_staff:edit", args=[consultation.pk]),
        reverse("consultation_staff:results", args=[consultation.pk]),
        reverse("consultation_staff:alternative_add", args=[consultation.pk]),
        reverse("consultation_staff:alternative_edit", args=[alternative.pk]),
        reverse("consultation_staff:alternative_delete", args=[alternative.pk]),
        reverse("consultation_staff:export", args=[consultation.pk, "reasons", "csv"]),
        reverse("consultation_staff:create", args=[consultation.activity_id]),
    ]


def test_staff_pages_refuse_anonymous_residents_and_other_units(client, municipality):
    consultation, (a, _b) = with_alternatives(activity__dialogue__municipality=municipality)
    for url in staff_urls(consultation, a):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    for who in (f.UserFactory(), f.official()):
        client.force_login(who)
        for url in staff_urls(consultation, a):
            assert client.get(url).status_code == 403, url
        state = reverse("consultation_staff:state", args=[consultation.pk, "close"])
        assert client.post(state).status_code == 403
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.OPEN


def test_the_dialogues_official_sees_every_staff_page(client, municipality):
    consultation, (a, _b) = with_alternatives(activity__dialogue__municipality=municipality)
    client.force_login(f.official(consultation.activity.dialogue.unit))
    for url in staff_urls(consultation, a):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        if response.status_code == 200 and "export" not in url:
            assert one_h1(response.content.decode()), url


def test_an_official_creates_and_fills_a_consultation(english, municipality):
    activity = ConsultationActivityFactory(dialogue__municipality=municipality)
    english.force_login(f.official(activity.dialogue.unit))
    response = english.post(
        reverse("consultation_staff:create", args=[activity.pk]),
        {
            "question": "Vilket förslag föredrar du?",
            "reason": "optional",
            "background_questions": "on",
        },
    )
    consultation = Consultation.objects.get(activity=activity)
    assert response.url == reverse("consultation_staff:detail", args=[consultation.pk])
    add = reverse("consultation_staff:alternative_add", args=[consultation.pk])
    missing_alt = english.post(add, {"title": "A: Bibliotek", "image": png_upload()})
    assert missing_alt.status_code == 200
    html = missing_alt.content.decode()
    assert "Describe what the image shows" in html and "A: Bibliotek" in html
    english.post(add, {"title": "A: Bibliotek", "image": png_upload(), "image_alt": "Skiss"})
    english.post(add, {"title": "B: Scen"})
    assert list(consultation.alternatives.values_list("title", flat=True)) == [
        "A: Bibliotek",
        "B: Scen",
    ]
    english.post(reverse("consultation_staff:state", args=[consultation.pk, "open"]))
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.OPEN


def test_deleting_a_chosen_alternative_is_refused(english, municipality):
    consultation, (a, _b) = with_alternatives(activity__dialogue__municipality=municipality)
    ChoiceFactory(alternative=a)
    english.force_login(f.official(consultation.activity.dialogue.unit))
    url = reverse("consultation_staff:alternative_delete", args=[a.pk])
    response = english.post(url)
    assert response.status_code == 400
    assert Alternative.objects.filter(pk=a.pk).exists()


def test_results_group_reasons_by_alternative_and_search(english, municipality):
    consultation, (a, b) = with_alternatives(activity__dialogue__municipality=municipality)
    for n in range(6):
        ChoiceFactory(alternative=a, gender="woman", reason=f"Studieplatser {n}")
    ChoiceFactory(alternative=b, gender="man", reason="Scenen behövs")
    english.force_login(f.official(consultation.activity.dialogue.unit))
    url = reverse("consultation_staff:results", args=[consultation.pk])
    html = english.get(url).content.decode()
    assert "Studieplatser 0" in html and "Scenen behövs" in html
    # One choice of B: hidden, and A's count with it (else B = total − A).
    assert "A: Mer bibliotek: hidden; B: Mer scen: hidden" in html
    searched = english.get(url, {"q": "scenen"}).content.decode()
    assert "Scenen behövs" in searched and "Studieplatser 0" not in searched


def test_the_list_asks_a_constant_number_of_queries(
    client, municipality, django_assert_max_num_queries
):
    unit = f.UnitFactory(municipality=municipality)
    official = f.official(unit)
    client.force_login(official)
    ConsultationFactory(
        activity__dialogue__unit=unit, activity__dialogue__municipality=municipality
    )
    client.get(reverse("consultation_staff:list"))  # warm caches (roles, municipality)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("consultation_staff:list")).status_code == 200
    for _n in range(5):
        consultation = ConsultationFactory(
            activity__dialogue__unit=unit, activity__dialogue__municipality=municipality
        )
        AlternativeFactory(consultation=consultation)
        ConsultationActivityFactory(dialogue=consultation.activity.dialogue)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("consultation_staff:list")).status_code == 200


def test_public_page_asks_a_constant_number_of_queries(
    client, municipality, django_assert_max_num_queries
):
    consultation, _alternatives = with_alternatives(activity__dialogue__municipality=municipality)
    client.get(detail_url(consultation))
    with django_assert_max_num_queries(20) as few:
        client.get(detail_url(consultation))
    for _n in range(4):
        AlternativeFactory(consultation=consultation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(detail_url(consultation))


def test_state_is_not_changed_by_get(client, municipality):
    consultation, _alternatives = with_alternatives(activity__dialogue__municipality=municipality)
    client.force_login(f.official(consultation.activity.dialogue.unit))
    response = client.get(reverse("consultation_staff:state", args=[consultation.pk, "close"]))
    assert response.status_code == 405
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.OPEN


def test_open_dialogue_state_needed_to_choose(english, municipality):
    consultation, (a, _b) = with_alternatives(
        activity__dialogue__municipality=municipality,
        activity__dialogue__state=State.PUBLISHED,
    )
    html = english.get(detail_url(consultation)).content.decode()
    assert "not open yet" in html and 'type="radio"' not in html


def test_editing_an_alternative_replaces_and_clears_the_image(
    client, municipality, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory(
        activity__dialogue__municipality=municipality, state=Consultation.State.DRAFT
    )
    official = f.official(consultation.activity.dialogue.unit)
    alternative = services.alternative_save(
        actor=official,
        consultation=consultation,
        data={"title": "A", "image": png_upload(), "image_alt": "Skiss"},
    )
    first, storage = alternative.image.name, alternative.image.storage
    client.force_login(official)
    url = reverse("consultation_staff:alternative_edit", args=[alternative.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"title": "A", "image": png_upload(), "image_alt": "Ny"})
    assert response.status_code == 302
    alternative.refresh_from_db()
    assert alternative.image.name != first and not storage.exists(first)
    second = alternative.image.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"title": "A", "image-clear": "on", "image_alt": "Ny"})
    alternative.refresh_from_db()
    assert not alternative.image and not storage.exists(second)


def test_results_ask_a_constant_number_of_queries(
    client, municipality, django_assert_max_num_queries
):
    consultation, (a, b) = with_alternatives(activity__dialogue__municipality=municipality)
    client.force_login(f.official(consultation.activity.dialogue.unit))
    url = reverse("consultation_staff:results", args=[consultation.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for n in range(8):
        ChoiceFactory(alternative=a if n % 2 else b, gender="woman", reason=f"Skäl {n}")
    AlternativeFactory(consultation=consultation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_choosing_is_rate_limited(client, municipality, settings):
    from django.core.cache import cache

    settings.DELAKTIG_RATELIMIT_ENABLED = True
    cache.clear()
    consultation, (a, _b) = with_alternatives(activity__dialogue__municipality=municipality)
    statuses = [
        client.post(detail_url(consultation), choice_data(a)).status_code for _ in range(11)
    ]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429
    assert Choice.objects.count() == 10
    cache.clear()
