import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from delaktig.core.registry import MethodManifest, registry
from delaktig.dialogues.models import (
    Activity,
    Dialogue,
    DialogueQuestion,
    Follow,
    LadderLevel,
    State,
)
from delaktig.dialogues.tests.factories import DialogueFactory, complete_plan
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f

LIST = reverse("dialogues:public_list")


def detail_url(dialogue):
    return reverse("dialogues:public_detail", args=[dialogue.slug])


def one_h1(html):
    return len(re.findall(r"<h1[\s>]", html)) == 1


@pytest.fixture
def units(municipality):
    return {
        "unit": f.UnitFactory(municipality=municipality, name="Samhällsbyggnadsförvaltningen"),
        "committee": f.UnitFactory(
            municipality=municipality, name="Samhällsbyggnadsnämnden", kind=Unit.Kind.COMMITTEE
        ),
    }


@pytest.fixture
def make(municipality, units):
    def make(state=State.OPEN, **kwargs):
        kwargs.setdefault("unit", units["unit"])
        kwargs.setdefault("owner_committee", units["committee"])
        return DialogueFactory(municipality=municipality, state=state, **kwargs)

    return make


# --- the list ---------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_public_dialogues_in_three_sections(client, make):
    make(State.OPEN, title="Hamnen pågår")
    make(State.PUBLISHED, title="Boende kommer")
    make(State.FED_BACK, title="Kultur klar")
    for hidden in (State.DRAFT, State.SUBMITTED, State.APPROVED):
        make(hidden, title=f"Dold {hidden}")
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert one_h1(html)
    sections = {
        param: html.split(f'id="section-{param}"')[1].split("</section>")[0]
        for param in ("pagar", "kommande", "avslutade")
    }
    assert "Hamnen pågår" in sections["pagar"]
    assert "Boende kommer" in sections["kommande"]
    assert "Kultur klar" in sections["avslutade"]
    assert "Dold" not in html
    assert 'type="application/atom+xml"' in html
    assert reverse("dialogues:feed") in html


@pytest.mark.django_db
def test_list_item_shows_level_dates_districts_and_topics(client, make, municipality):
    district = f.DistrictFactory(municipality=municipality, name="Hamnen", slug="hamnen")
    topic = f.TopicFactory(name="Stadsbyggnad", slug="stadsbyggnad")
    dialogue = make(
        State.OPEN,
        title="Hamnområdet",
        summary="Vad vill du att hamnen ska bli?",
        ladder_level=LadderLevel.DIALOGUE,
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 4, 30),
    )
    dialogue.districts.add(district)
    dialogue.topics.add(topic)
    html = client.get(LIST).content.decode()
    assert "Vad vill du att hamnen ska bli?" in html
    assert str(LadderLevel.DIALOGUE.label) in html or "Dialog" in html
    assert 'datetime="2027-03-01"' in html
    assert 'datetime="2027-04-30"' in html
    assert ">Hamnen<" in html or "Hamnen</dd>" in html
    assert "Stadsbyggnad" in html
    assert detail_url(dialogue) in html


@pytest.mark.django_db
def test_one_section_with_visa(client, make):
    make(State.OPEN, title="Hamnen pågår")
    make(State.PUBLISHED, title="Boende kommer")
    html = client.get(LIST, {"visa": "kommande"}).content.decode()
    assert "Boende kommer" in html
    assert "Hamnen pågår" not in html
    assert 'id="section-pagar"' not in html
    assert 'id="section-kommande"' in html


@pytest.mark.django_db
def test_filters_by_district_topic_level_and_search(client, make, municipality):
    hamnen = f.DistrictFactory(municipality=municipality, name="Hamnen", slug="hamnen")
    norrby = f.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby")
    kultur = f.TopicFactory(name="Kultur", slug="kultur")
    harbour = make(State.OPEN, title="Hamnområdet", ladder_level=LadderLevel.DIALOGUE)
    harbour.districts.add(hamnen)
    culture = make(State.OPEN, title="Kulturhuset", ladder_level=LadderLevel.CONSULTATION)
    culture.districts.add(norrby)
    culture.topics.add(kultur)
    Dialogue.objects.filter(pk=culture.pk).update(search_text="kulturhuset bibliotek")

    def titles(params):
        html = client.get(LIST, params).content.decode()
        return {t for t in ("Hamnområdet", "Kulturhuset") if t in html}

    assert titles({"omrade": "hamnen"}) == {"Hamnområdet"}
    assert titles({"amne": "kultur"}) == {"Kulturhuset"}
    assert titles({"niva": "3"}) == {"Hamnområdet"}
    assert titles({"q": "Bibliotek"}) == {"Kulturhuset"}
    assert titles({}) == {"Hamnområdet", "Kulturhuset"}


@pytest.mark.django_db
def test_filter_form_has_labelled_selects_and_keeps_choices(client, make, municipality):
    f.DistrictFactory(municipality=municipality, name="Hamnen", slug="hamnen")
    html = client.get(LIST, {"omrade": "hamnen", "q": "hamn"}).content.decode()
    for name in ("q", "omrade", "amne", "niva"):
        assert f'<label class="field__label" for="id_{name}">' in html
    assert '<option value="hamnen" selected>' in html
    assert 'value="hamn"' in html
    assert 'method="get"' in html


@pytest.mark.django_db
def test_unknown_filter_value_is_reported_and_ignored(client, make):
    make(State.OPEN, title="Hamnområdet")
    response = client.get(LIST, {"omrade": "finns-inte", "niva": "9"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert "Hamnområdet" in html


@pytest.mark.django_db
def test_empty_states(client, municipality):
    html = client.get(LIST).content.decode()
    assert html.count('class="empty-state"') == 3
    filtered = client.get(LIST, {"q": "ingenting"}).content.decode()
    assert filtered.count('class="empty-state"') == 3
    assert "?visa=" not in filtered.split('class="empty-state"')[1]


@pytest.mark.django_db
def test_each_section_is_paginated(client, make):
    for n in range(12):
        make(State.OPEN, title=f"Öppen dialog {n:02}", starts_on=datetime.date(2027, 1, n + 1))
    make(State.PUBLISHED, title="Kommande dialog")
    overview = client.get(LIST).content.decode()
    assert overview.count('class="dialogue-card"') == 11
    assert "?visa=pagar&amp;sida=1" in overview
    page_two = client.get(LIST, {"visa": "pagar", "sida": "2"}).content.decode()
    assert page_two.count('class="dialogue-card"') == 2
    assert 'rel="prev"' in page_two
    assert "Kommande dialog" not in page_two


def _bulk_public_dialogues(municipality, units, districts, topics, start, count):
    states = [State.OPEN, State.PUBLISHED, State.COMPILING, State.FED_BACK, State.ARCHIVED]
    dialogues = Dialogue.objects.bulk_create(
        Dialogue(
            municipality=municipality,
            unit=units["unit"],
            owner_committee=units["committee"],
            title=f"Dialog {n}",
            slug=f"bulk-{n}",
            summary="Kort beskrivning.",
            state=states[n % len(states)],
            ladder_level=n % 5 + 1,
            starts_on=datetime.date(2027, 1, 1) + datetime.timedelta(days=n % 300),
            ends_on=datetime.date(2027, 12, 31),
            search_text=f"dialog {n}",
        )
        for n in range(start, start + count)
    )
    Dialogue.districts.through.objects.bulk_create(
        Dialogue.districts.through(dialogue_id=d.pk, district_id=district.pk)
        for d in dialogues
        for district in districts
    )
    Dialogue.topics.through.objects.bulk_create(
        Dialogue.topics.through(dialogue_id=d.pk, topic_id=topic.pk)
        for d in dialogues
        for topic in topics
    )


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{}, {"visa": "avslutade", "sida": "2"}, {"omrade": "hamnen"}])
def test_list_runs_a_constant_number_of_queries(client, municipality, units, params):
    districts = [
        f.DistrictFactory(municipality=municipality, name="Hamnen", slug="hamnen"),
        f.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby"),
    ]
    topics = [f.TopicFactory(name="Kultur", slug="kultur"), f.TopicFactory(name="Trafik")]
    client.force_login(f.UserFactory())
    _bulk_public_dialogues(municipality, units, districts, topics, 0, 10)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, params)
        assert response.status_code == 200
        return len(queries), response.content.decode().count('class="dialogue-card"')

    count()  # warm the per-process caches (the municipality) first
    small, small_cards = count()
    _bulk_public_dialogues(municipality, units, districts, topics, 10, 490)
    large, large_cards = count()
    assert small == large
    assert large_cards >= small_cards


# --- a dialogue's page ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.APPROVED])
def test_detail_is_404_for_non_public_states(client, make, state):
    dialogue = make(state)
    assert client.get(detail_url(dialogue)).status_code == 404
    client.force_login(f.UserFactory())
    assert client.get(detail_url(dialogue)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state",
    [
        State.PUBLISHED,
        State.OPEN,
        State.COMPILING,
        State.FED_BACK,
        State.EVALUATED,
        State.ARCHIVED,
    ],
)
def test_detail_is_shown_in_public_states(client, make, state):
    dialogue = make(state, title="Hamnområdet")
    response = client.get(detail_url(dialogue))
    html = response.content.decode()
    assert response.status_code == 200
    assert one_h1(html)
    assert "<h1>Hamnområdet</h1>" in html


@pytest.mark.django_db
def test_detail_shows_the_whole_plan_residents_need(client, make, municipality):
    district = f.DistrictFactory(municipality=municipality, name="Hamnen", slug="hamnen")
    dialogue = complete_plan(
        make(
            State.OPEN,
            title="Hamnområdet",
            ladder_level=LadderLevel.DIALOGUE,
            decision_on=datetime.date(2027, 9, 1),
            contact_name="Sara Lind",
            contact_phone="0123-45 67 10",
            accessibility_notes="Mötena hålls i lokaler med ramp.",
            feedback_by="Samhällsbyggnadsnämnden",
        ),
        method=MethodFactory(name="Bordssamtal i test", slug="bordssamtal-test"),
    )
    DialogueQuestion.objects.create(dialogue=dialogue, text="Vad saknar du i hamnen?", position=1)
    Activity.objects.filter(dialogue=dialogue).update(district=district, place="Hamnmagasinet")
    html = client.get(detail_url(dialogue)).content.decode()
    assert dialogue.purpose in html
    assert dialogue.use_of_results in html
    assert "Vad ska hamnen användas till?" in html
    assert "Vad saknar du i hamnen?" in html
    with translation.override("sv"):
        assert escape(str(dialogue.ladder_explanation)) in html
    # the whole ladder, with the current level marked for everyone
    ladder = html.split('class="ladder"')[1].split("</ol>")[0]
    assert ladder.count("<li") == 5
    assert ladder.count('aria-current="step"') == 1
    assert 'class="ladder__marker"' in ladder
    for when in ("2027-03-01", "2027-04-30", "2027-09-01", "2027-06-15"):
        assert f'datetime="{when}"' in html
    assert "Bordssamtal i test" in html
    assert "Hamnmagasinet" in html
    assert "Mötena hålls i lokaler med ramp." in html
    assert "Samhällsbyggnadsnämnden" in html
    assert "Sara Lind" in html
    assert 'href="mailto:kontakt@exempelkommun.example"' in html
    assert 'href="tel:0123456710"' in html
    assert dialogue.feedback_how in html
    # breadcrumbs lead back to the list
    assert f'<a href="{LIST}">' in html


@pytest.mark.django_db
def test_detail_links_to_the_method_where_the_platform_runs_it(client, make):
    manifest = MethodManifest(
        key="test_survey",
        name="Testenkät",
        ladder_levels=frozenset({2}),
        online=True,
        participate_url=lambda activity: f"/delta/{activity.pk}/",
    )
    registry.register(manifest)
    try:
        method = MethodFactory(
            name="Webbenkät i test", slug="webbenkat-test", registry_key="test_survey"
        )
        dialogue = complete_plan(make(State.OPEN), method=method)
        activity = dialogue.activities.get()
        html = client.get(detail_url(dialogue)).content.decode()
        assert f'href="/delta/{activity.pk}/"' in html
    finally:
        registry.unregister("test_survey")


@pytest.mark.django_db
def test_anonymous_visitor_is_offered_login_to_follow(client, make):
    dialogue = make(State.OPEN)
    html = client.get(detail_url(dialogue)).content.decode()
    login = reverse("account_login")
    assert f'href="{login}?next=%2Fdialoger%2F{dialogue.slug}%2F"' in html
    assert reverse("dialogues:follow", args=[dialogue.slug]) not in html


@pytest.mark.django_db
def test_resident_follows_and_unfollows(client, make):
    dialogue = make(State.OPEN)
    resident = f.UserFactory()
    client.force_login(resident)
    follow_url = reverse("dialogues:follow", args=[dialogue.slug])
    unfollow_url = reverse("dialogues:unfollow", args=[dialogue.slug])
    assert f'action="{follow_url}"' in client.get(detail_url(dialogue)).content.decode()

    response = client.post(follow_url)
    assert response.status_code == 302
    assert response.url == detail_url(dialogue)
    assert client.post(follow_url).status_code == 302  # a second click changes nothing
    assert Follow.objects.filter(user=resident, dialogue=dialogue).count() == 1
    page = client.get(detail_url(dialogue)).content.decode()
    assert f'action="{unfollow_url}"' in page
    assert 'class="message message--success"' in page

    assert client.post(unfollow_url).status_code == 302
    assert client.post(unfollow_url).status_code == 302
    assert not Follow.objects.filter(user=resident, dialogue=dialogue).exists()


@pytest.mark.django_db
def test_follow_returns_to_a_safe_next_address_only(client, make):
    dialogue = make(State.OPEN)
    client.force_login(f.UserFactory())
    url = reverse("dialogues:follow", args=[dialogue.slug])
    assert client.post(url, {"next": f"{LIST}?visa=pagar"}).url == f"{LIST}?visa=pagar"
    assert client.post(url, {"next": "https://evil.example/"}).url == detail_url(dialogue)


@pytest.mark.django_db
def test_follow_needs_login_and_post(client, make):
    dialogue = make(State.OPEN)
    for name in ("dialogues:follow", "dialogues:unfollow"):
        url = reverse(name, args=[dialogue.slug])
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("account_login"))
    client.force_login(f.UserFactory())
    assert client.get(reverse("dialogues:follow", args=[dialogue.slug])).status_code == 405
    assert client.get(reverse("dialogues:unfollow", args=[dialogue.slug])).status_code == 405
    assert not Follow.objects.exists()


@pytest.mark.django_db
def test_drafts_cannot_be_followed(client, make):
    dialogue = make(State.DRAFT)
    client.force_login(f.UserFactory())
    assert client.post(reverse("dialogues:follow", args=[dialogue.slug])).status_code == 404
    assert client.post(reverse("dialogues:unfollow", args=[dialogue.slug])).status_code == 404
    assert not Follow.objects.exists()


@pytest.mark.django_db
def test_a_followed_dialogue_that_left_public_can_still_be_unfollowed(client, make):
    dialogue = make(State.OPEN)
    resident = f.UserFactory()
    Follow.objects.create(user=resident, dialogue=dialogue)
    Dialogue.objects.filter(pk=dialogue.pk).update(state=State.APPROVED)
    client.force_login(resident)
    response = client.post(reverse("dialogues:unfollow", args=[dialogue.slug]))
    assert response.status_code == 302
    assert response.url == LIST
    assert not Follow.objects.exists()


@pytest.mark.django_db
def test_pages_are_in_swedish_by_default(client, make):
    dialogue = make(State.OPEN)
    html = client.get(LIST).content.decode()
    assert '<html lang="sv">' in html
    assert "Pågår – var med nu" in html
    assert "Kommande" in html
    assert "Avslutade" in html
    detail = client.get(detail_url(dialogue)).content.decode()
    assert "Så mycket kan du påverka" in detail
    assert "Logga in för att bevaka dialogen" in detail


@pytest.mark.django_db
def test_detail_runs_a_constant_number_of_queries(client, make, municipality):
    dialogue = complete_plan(make(State.OPEN))
    client.force_login(f.UserFactory())

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(dialogue)).status_code == 200
        return len(queries)

    count()
    few = count()
    method = dialogue.activities.get().method
    for n in range(8):
        district = f.DistrictFactory(municipality=municipality)
        dialogue.districts.add(district)
        DialogueQuestion.objects.create(dialogue=dialogue, text=f"Fråga {n}", position=n + 1)
        Activity.objects.create(
            dialogue=dialogue,
            method=method,
            title=f"Möte {n}",
            starts_on=dialogue.starts_on,
            ends_on=dialogue.starts_on,
            district=district,
        )
    assert count() == few
