import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from delaktig.dialogues.models import (
    Activity,
    CommunicationItem,
    CostItem,
    Dialogue,
    DialogueTargetGroup,
    State,
)
from delaktig.dialogues.selectors import STEP_KEYS
from delaktig.dialogues.tests.factories import DialogueFactory, complete_plan
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f


@pytest.fixture
def world(municipality):
    unit = f.UnitFactory(municipality=municipality, name="Kultur- och fritidsförvaltningen")
    committee = f.UnitFactory(
        municipality=municipality, name="Kultur- och fritidsnämnden", kind=Unit.Kind.COMMITTEE
    )
    other_unit = f.UnitFactory(municipality=municipality, name="Samhällsbyggnadsförvaltningen")
    other_committee = f.UnitFactory(
        municipality=municipality, name="Byggnadsnämnden", kind=Unit.Kind.COMMITTEE
    )
    return {
        "municipality": municipality,
        "unit": unit,
        "committee": committee,
        "other_unit": other_unit,
        "other_committee": other_committee,
        "official": f.official(unit, user__name="Olle Officiell"),
        "representative": f.representative(committee),
        "other_official": f.official(other_unit),
        "other_representative": f.representative(other_committee),
        "administrator": f.administrator(f.UnitFactory(municipality=municipality)),
        "resident": f.UserFactory(),
    }


@pytest.fixture
def dialogue(world):
    return DialogueFactory(
        municipality=world["municipality"],
        unit=world["unit"],
        owner_committee=world["committee"],
        title="Framtidens bibliotek",
        created_by=world["official"],
    )


@pytest.fixture
def english(client):
    """Interface texts of this part are asserted in English (their msgids), so the tests do
    not depend on a translation catalogue being compiled."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def official_client(english, world):
    english.force_login(world["official"])
    return english


def step_url(dialogue, step):
    return reverse("dialogue_staff:step", args=[dialogue.pk, step])


def html_of(response):
    return response.content.decode()


# --- the list ----------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_own_units_dialogues_with_state(official_client, world, dialogue):
    foreign = DialogueFactory(municipality=world["municipality"], unit=world["other_unit"])
    response = official_client.get(reverse("dialogue_staff:list"))
    html = html_of(response)
    assert response.status_code == 200
    assert "Framtidens bibliotek" in html
    assert foreign.title not in html
    assert 'class="tag tag--grey">Draft<' in html
    assert reverse("dialogue_staff:create") in html


@pytest.mark.django_db
def test_list_filters_by_state(official_client, world, dialogue):
    DialogueFactory(
        municipality=world["municipality"], unit=world["unit"], title="Öppen dialog", state="open"
    )
    html = html_of(official_client.get(reverse("dialogue_staff:list"), {"state": "open"}))
    assert "Öppen dialog" in html
    assert "Framtidens bibliotek" not in html


@pytest.mark.django_db
def test_representative_sees_plans_awaiting_approval(english, world, dialogue):
    dialogue.state = State.SUBMITTED
    dialogue.save()
    english.force_login(world["representative"])
    html = html_of(english.get(reverse("dialogue_staff:list")))
    awaiting = html.split('id="awaiting-heading"')[1].split("</section>")[0]
    assert "Framtidens bibliotek" in awaiting
    assert reverse("dialogue_staff:create") not in html  # representatives do not plan
    english.force_login(world["other_representative"])
    assert "Framtidens bibliotek" not in html_of(english.get(reverse("dialogue_staff:list")))


@pytest.mark.django_db
def test_list_runs_a_constant_number_of_queries(official_client, world):
    def count(rows):
        DialogueFactory.create_batch(
            rows,
            municipality=world["municipality"],
            unit=world["unit"],
            owner_committee=world["committee"],
        )
        with CaptureQueriesContext(connection) as queries:
            assert official_client.get(reverse("dialogue_staff:list")).status_code == 200
        return len(queries)

    official_client.get(reverse("dialogue_staff:list"))  # warm the municipality cache
    assert count(10) == count(40)


# --- create ------------------------------------------------------------------


@pytest.mark.django_db
def test_create_goes_straight_to_step_one(official_client, world):
    form = html_of(official_client.get(reverse("dialogue_staff:create")))
    assert 'name="submission_key"' in form
    response = official_client.post(
        reverse("dialogue_staff:create"),
        {"title": "Trygghet i centrum", "unit": world["unit"].pk, "submission_key": uuid.uuid4()},
    )
    created = Dialogue.objects.get(title="Trygghet i centrum")
    assert response.status_code == 302
    assert response.url == step_url(created, "basics")
    assert created.unit == world["unit"] and created.state == State.DRAFT


@pytest.mark.django_db
def test_create_twice_with_the_same_key_stores_one(official_client, world):
    data = {"title": "Hamnen", "unit": world["unit"].pk, "submission_key": str(uuid.uuid4())}
    first = official_client.post(reverse("dialogue_staff:create"), data)
    second = official_client.post(reverse("dialogue_staff:create"), data)
    assert first.url == second.url
    assert Dialogue.objects.filter(title="Hamnen").count() == 1


@pytest.mark.django_db
def test_create_offers_only_own_units_but_any_unit_to_administrators(client, world):
    client.force_login(world["official"])
    response = client.post(
        reverse("dialogue_staff:create"), {"title": "Smygväg", "unit": world["other_unit"].pk}
    )
    assert response.status_code == 200
    assert 'id="id_unit_error"' in html_of(response)
    assert 'value="Smygväg"' in html_of(response)
    assert not Dialogue.objects.filter(title="Smygväg").exists()

    client.force_login(world["administrator"])
    response = client.post(
        reverse("dialogue_staff:create"), {"title": "Adminväg", "unit": world["other_unit"].pk}
    )
    assert response.status_code == 302
    assert Dialogue.objects.get(title="Adminväg").unit == world["other_unit"]


@pytest.mark.django_db
def test_create_without_title_shows_message_and_keeps_unit(client, world):
    client.force_login(world["official"])
    response = client.post(
        reverse("dialogue_staff:create"), {"title": "", "unit": world["unit"].pk}
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#id_title"' in html
    assert f'<option value="{world["unit"].pk}" selected>' in html


# --- the steps: each saves and comes back with its data ----------------------


def plan_posts(world):
    municipality = world["municipality"]
    district = f.DistrictFactory(municipality=municipality, name="Centrum")
    topic = f.TopicFactory(name="Kultur")
    return {
        "basics": (
            {
                "title": "Framtidens bibliotek i Centrum",
                "summary": "Hur vill du använda biblioteket?",
                "owner_committee": world["committee"].pk,
                "origin": "service",
                "decision_stage": "needs",
                "districts": [district.pk],
                "topics": [topic.pk],
            },
            lambda d: (
                d.title == "Framtidens bibliotek i Centrum"
                and d.owner_committee == world["committee"]
                and d.decision_stage == "needs"
                and list(d.districts.all()) == [district]
                and list(d.topics.all()) == [topic]
            ),
            "Hur vill du använda biblioteket?",
        ),
        "purpose": (
            {
                "purpose": "Att forma bibliotekets nya lokaler.",
                "use_of_results": "Underlag till nämndens beslut.",
                "ladder_level": "3",
                "mandate": "Nämnden har beslutat om dialogen.",
                "question_0": "Vad ska finnas i biblioteket?",
                "question_1": "",
                "question_2": "När vill du besöka det?",
            },
            lambda d: (
                d.ladder_level == 3
                and list(d.questions.values_list("text", flat=True))
                == ["Vad ska finnas i biblioteket?", "När vill du besöka det?"]
            ),
            "När vill du besöka det?",
        ),
        "complexity": (
            {
                "complexity_politics": "complex",
                "complexity_target_groups": "simple",
                "complexity_expectations": "simple",
                "complexity_methods": "simple",
                "quality_review_done": "on",
            },
            lambda d: d.is_complex and d.quality_review_done,
            'value="complex" id="id_complexity_politics_1" checked',
        ),
        "timeline": (
            {"starts_on": "2027-03-01", "ends_on": "2027-04-15", "decision_on": "2027-06-10"},
            lambda d: (
                d.ends_on == datetime.date(2027, 4, 15)
                and d.decision_on == datetime.date(2027, 6, 10)
            ),
            'value="2027-06-10"',
        ),
        "accessibility": (
            {
                "accessibility_measures": ["hearing_loop", "easy_swedish"],
                "accessibility_notes": "Anmäl behov av tolk en vecka innan.",
            },
            lambda d: d.accessibility_measures == ["hearing_loop", "easy_swedish"],
            "Anmäl behov av tolk en vecka innan.",
        ),
        "feedback": (
            {
                "feedback_how": "Vi mejlar alla deltagare.",
                "feedback_due_on": "2027-09-01",
                "feedback_by": "Processledaren",
            },
            lambda d: d.feedback_due_on == datetime.date(2027, 9, 1),
            "Vi mejlar alla deltagare.",
        ),
        "evaluation": (
            {"evaluation_indicators": "Minst 300 deltagare\nHälften under 30 år"},
            lambda d: "Hälften under 30 år" in d.evaluation_indicators,
            "Hälften under 30 år",
        ),
        "responsibility": (
            {
                "responsible": [world["official"].pk],
                "contact_name": "Olle Officiell",
                "contact_email": "olle@exempelkommun.example",
                "contact_phone": "0911-123 45",
                "partners": "Biblioteksvännerna",
            },
            lambda d: (
                list(d.responsible.all()) == [world["official"]]
                and d.contact_phone == "0911-123 45"
            ),
            "Biblioteksvännerna",
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "step",
    [
        "basics",
        "purpose",
        "complexity",
        "timeline",
        "accessibility",
        "feedback",
        "evaluation",
        "responsibility",
    ],
)
def test_each_plan_step_saves_and_shows_its_data_again(official_client, world, dialogue, step):
    data, check, shown = plan_posts(world)[step]
    response = official_client.post(step_url(dialogue, step), {**data, "action": "save"})
    assert response.status_code == 302, html_of(response)
    assert response.url == step_url(dialogue, step)
    assert check(Dialogue.objects.get(pk=dialogue.pk))
    page = official_client.get(response.url)
    assert shown in html_of(page)
    assert "Saved." in html_of(page)


@pytest.mark.django_db
def test_save_and_continue_goes_to_the_next_step_and_last_to_summary(official_client, dialogue):
    response = official_client.post(
        step_url(dialogue, "basics"), {"title": dialogue.title, "action": "continue"}
    )
    assert response.url == step_url(dialogue, "purpose")
    response = official_client.post(
        step_url(dialogue, "responsibility"), {"contact_name": "Olle", "action": "continue"}
    )
    assert response.url == reverse("dialogue_staff:summary", args=[dialogue.pk])


@pytest.mark.django_db
def test_leaving_midway_keeps_everything(official_client, world, dialogue):
    posts = plan_posts(world)
    for step in ("basics", "purpose", "timeline"):
        official_client.post(step_url(dialogue, step), {**posts[step][0], "action": "continue"})
    # Away to the list and another step, then back again: every value is still there.
    official_client.get(reverse("dialogue_staff:list"))
    official_client.get(step_url(dialogue, "costs"))
    for step in ("basics", "purpose", "timeline"):
        assert posts[step][2] in html_of(official_client.get(step_url(dialogue, step)))
    summary = html_of(official_client.get(reverse("dialogue_staff:summary", args=[dialogue.pk])))
    assert "Att forma bibliotekets nya lokaler." in summary
    assert "Vad ska finnas i biblioteket?" in summary


@pytest.mark.django_db
def test_progress_marks_done_steps_and_the_current_one(official_client, world, dialogue):
    complete_plan(dialogue)
    dialogue.purpose = ""
    dialogue.save()
    html = html_of(official_client.get(step_url(dialogue, "complexity")))
    assert f'href="{step_url(dialogue, "complexity")}" aria-current="step"' in html
    assert html.count('aria-current="step"') == 1
    items = re.findall(r'<li class="step-list__item([^"]*)"', html)
    assert len(items) == len(STEP_KEYS)
    assert "--done" not in items[1]  # purpose is missing
    assert "--done" in items[0] and "--done" in items[2]
    assert "11 of 12 steps done" in html


@pytest.mark.django_db
def test_invalid_dates_keep_input_and_show_messages(client, world, dialogue):
    client.force_login(world["official"])  # Swedish: Django's own messages are translated
    response = client.post(
        step_url(dialogue, "timeline"),
        {"starts_on": "2027-05-01", "ends_on": "2027-04-01", "decision_on": "31/13/2027"},
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'id="id_ends_on_error"' in html and 'id="id_decision_on_error"' in html
    assert "Fyll i ett giltigt datum." in html
    assert 'value="2027-05-01"' in html and 'value="31/13/2027"' in html
    dialogue.refresh_from_db()
    assert dialogue.starts_on == datetime.date(2027, 3, 1)  # nothing saved


@pytest.mark.django_db
def test_invalid_title_keeps_other_input(official_client, dialogue):
    response = official_client.post(
        step_url(dialogue, "basics"), {"title": "", "summary": "Skrivet men inte sparat"}
    )
    html = html_of(response)
    assert response.status_code == 200
    assert "Give the dialogue a title." in html
    assert "Skrivet men inte sparat" in html
    # The heading still shows the saved title, not the rejected input.
    assert "Framtidens bibliotek" in html


@pytest.mark.django_db
def test_more_question_fields_without_javascript(official_client, dialogue):
    response = official_client.post(
        step_url(dialogue, "purpose"), {"question_0": "Första frågan?", "action": "more_questions"}
    )
    assert response.status_code == 302
    assert "fler=" in response.url
    html = html_of(official_client.get(response.url))
    assert "Första frågan?" in html
    assert len(re.findall(r'name="question_\d+"', html)) >= 4


@pytest.mark.django_db
def test_ladder_level_shows_what_residents_may_expect(official_client, dialogue):
    html = html_of(official_client.get(step_url(dialogue, "purpose")))
    assert "You decide yourselves, within limits set in advance" in html


@pytest.mark.django_db
def test_complexity_step_explains_the_review(official_client, dialogue):
    html = html_of(official_client.get(step_url(dialogue, "complexity")))
    assert "reviewed with the quality coordinators before the dialogue runs" in html
    assert 'name="quality_review_done"' in html
    assert "Is it a current political question?" in html


# --- target groups -----------------------------------------------------------


@pytest.mark.django_db
def test_target_group_step_adds_changes_and_removes(official_client, dialogue):
    youth = f.TargetGroupFactory(name="Unga i test")
    activity = Activity.objects.create(
        dialogue=dialogue,
        method=MethodFactory(name="Skolbesök i test"),
        title="Besök på skolan",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 1),
    )
    url = step_url(dialogue, "target_groups")
    response = official_client.post(
        url,
        {
            "target_group": youth.pk,
            "affected": "on",
            "reach": "indirect",
            "activities": [activity.pk],
            "action": "save",
        },
    )
    assert response.status_code == 302
    row = DialogueTargetGroup.objects.get(dialogue=dialogue)
    assert (row.priority, row.reach, list(row.activities.all())) == (2, "indirect", [activity])
    html = html_of(official_client.get(url))
    matrix = html.split('class="table matrix"')[1].split("</table>")[0]
    priority_two = matrix.split("matrix__cell--p2")[1].split("</td>")[0]
    assert "Unga i test" in priority_two
    assert "must be sought out" in priority_two
    assert "Reach model" in html and "Besök på skolan" in html

    edit = html_of(official_client.get(url, {"malgrupp": row.pk}))
    assert f'name="row" value="{row.pk}"' in edit
    official_client.post(
        url, {"row": row.pk, "affected": "on", "active": "on", "reach": "direct", "action": "save"}
    )
    row.refresh_from_db()
    assert (row.priority, row.reach, list(row.activities.all())) == (1, "direct", [])

    official_client.post(url, {"remove": row.pk})
    assert not DialogueTargetGroup.objects.filter(dialogue=dialogue).exists()


@pytest.mark.django_db
def test_target_group_twice_is_refused_with_message(official_client, dialogue):
    group = f.TargetGroupFactory(name="Seniorer i test")
    DialogueTargetGroup.objects.create(dialogue=dialogue, target_group=group)
    response = official_client.post(
        step_url(dialogue, "target_groups"), {"target_group": group.pk, "reach": "direct"}
    )
    assert response.status_code == 200
    assert 'id="id_target_group_error"' in html_of(response)
    assert DialogueTargetGroup.objects.filter(dialogue=dialogue).count() == 1


@pytest.mark.django_db
def test_untouched_row_form_just_moves_on(official_client, dialogue):
    response = official_client.post(
        step_url(dialogue, "target_groups"),
        {"affected": "on", "reach": "direct", "action": "continue"},
    )
    assert response.url == step_url(dialogue, "activities")
    assert not DialogueTargetGroup.objects.filter(dialogue=dialogue).exists()


# --- activities, clashes and the recommender ---------------------------------


@pytest.fixture
def clashing(world, dialogue):
    """Another unit's dialogue that invites the same target group in March 2027."""
    group = f.TargetGroupFactory(name="Barnfamiljer i test")
    DialogueTargetGroup.objects.create(dialogue=dialogue, target_group=group)
    other = DialogueFactory(
        municipality=world["municipality"],
        unit=world["other_unit"],
        title="Nya förskolor i Norr",
        state=State.APPROVED,
    )
    DialogueTargetGroup.objects.create(dialogue=other, target_group=group)
    Activity.objects.create(
        dialogue=other,
        method=MethodFactory(),
        title="Enkät",
        starts_on=datetime.date(2027, 3, 5),
        ends_on=datetime.date(2027, 3, 25),
    )
    return other


def activity_post(method, **extra):
    return {
        "method": method.pk,
        "title": "Öppet hus",
        "description": "Kom och tyck till.",
        "starts_on": "2027-03-10",
        "ends_on": "2027-03-10",
        "place": "Stadsbiblioteket",
        "action": "save",
        **extra,
    }


@pytest.mark.django_db
def test_saving_an_activity_warns_about_a_clash_naming_the_other_dialogue(
    official_client, dialogue, clashing
):
    method = MethodFactory(name="Stormöte i test")
    response = official_client.post(step_url(dialogue, "activities"), activity_post(method))
    assert response.status_code == 302
    activity = Activity.objects.get(dialogue=dialogue)
    assert activity.place == "Stadsbiblioteket"
    html = html_of(official_client.get(response.url))
    messages = html.split('class="messages"')[1].split("</div>")[0]
    assert "Nya förskolor i Norr" in messages and "Samhällsbyggnadsförvaltningen" in messages
    panel = html.split('id="clashes-heading"')[1].split("</section>")[0]
    assert "Öppet hus" in panel and "Nya förskolor i Norr" in panel


@pytest.mark.django_db
def test_no_clash_warning_outside_the_other_dialogues_dates(official_client, dialogue, clashing):
    method = MethodFactory()
    response = official_client.post(
        step_url(dialogue, "activities"),
        activity_post(method, starts_on="2027-05-01", ends_on="2027-05-02"),
    )
    assert "Nya förskolor i Norr" not in html_of(official_client.get(response.url))


@pytest.mark.django_db
def test_typed_dates_warn_even_when_the_form_has_errors(official_client, dialogue, clashing):
    response = official_client.post(
        step_url(dialogue, "activities"),
        {"title": "", "starts_on": "2027-03-20", "ends_on": "2027-03-21", "action": "save"},
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'id="id_method_error"' in html and 'id="id_title_error"' in html
    assert "Nya förskolor i Norr" in html
    assert 'value="2027-03-20"' in html


@pytest.mark.django_db
def test_activity_end_before_start_is_refused(official_client, dialogue):
    response = official_client.post(
        step_url(dialogue, "activities"),
        activity_post(MethodFactory(), starts_on="2027-03-10", ends_on="2027-03-01"),
    )
    assert response.status_code == 200
    assert "The end date must not be before the start date." in html_of(response)
    assert not Activity.objects.filter(dialogue=dialogue).exists()


@pytest.mark.django_db
def test_activity_change_links_target_groups_and_remove(official_client, dialogue):
    group = f.TargetGroupFactory(name="Pendlare i test")
    row = DialogueTargetGroup.objects.create(dialogue=dialogue, target_group=group)
    method = MethodFactory()
    url = step_url(dialogue, "activities")
    official_client.post(url, activity_post(method, reached_groups=[row.pk]))
    activity = Activity.objects.get(dialogue=dialogue)
    assert list(row.activities.all()) == [activity]

    form = html_of(official_client.get(url, {"aktivitet": activity.pk}))
    assert f'name="activity" value="{activity.pk}"' in form
    assert 'value="Stadsbiblioteket"' in form
    official_client.post(url, activity_post(method, activity=activity.pk, title="Lunchdialog"))
    activity.refresh_from_db()
    assert activity.title == "Lunchdialog"
    assert list(row.activities.all()) == []
    assert Activity.objects.filter(dialogue=dialogue).count() == 1

    official_client.post(url, {"remove": activity.pk})
    assert not Activity.objects.filter(dialogue=dialogue).exists()


@pytest.mark.django_db
def test_choosing_a_recommended_method_prefills_the_activity_form(official_client, dialogue):
    method = MethodFactory(name="Budgetmetod i test", ladder_levels=[5])
    html = html_of(official_client.get(step_url(dialogue, "activities"), {"metod": method.pk}))
    form = html.split('id="activity-form"')[1]
    assert f'<option value="{method.pk}" selected>' in form
    assert 'value="Budgetmetod i test"' in form  # the title starts as the method's name


@pytest.mark.django_db
def test_recommender_lists_methods_with_reasons_and_choose_links(
    official_client, dialogue, monkeypatch
):
    from delaktig.methods import recommender

    chosen = MethodFactory(name="Lunchmetod i test")
    calls = {}

    def fake(**kwargs):
        calls.update(kwargs)
        return [recommender.Recommendation(method=chosen, score=9, reasons=["Passar upptagna"])]

    monkeypatch.setattr(recommender, "recommend_methods", fake)
    group = f.TargetGroupFactory(name="Upptagna i test")
    DialogueTargetGroup.objects.create(dialogue=dialogue, target_group=group)
    html = html_of(
        official_client.get(
            step_url(dialogue, "activities"),
            {"mode": "offline", "max_cost": "1", "max_effort": "2", "group_size": "40"},
        )
    )
    section = html.split('id="recommender"')[1]
    assert "Lunchmetod i test" in section and "Passar upptagna" in section
    assert f"metod={chosen.pk}" in section and "mode=offline" in section
    assert calls["ladder_level"] == dialogue.ladder_level
    assert calls["target_groups"] == [group]
    assert (calls["mode"], calls["max_cost"], calls["max_effort"], calls["group_size"]) == (
        "offline",
        1,
        2,
        40,
    )


@pytest.mark.django_db
def test_recommender_asks_for_the_ladder_level_first(official_client, dialogue):
    dialogue.ladder_level = None
    dialogue.save()
    html = html_of(official_client.get(step_url(dialogue, "activities")))
    assert "Choose the level of influence in the step" in html


# --- communication and costs -------------------------------------------------


@pytest.mark.django_db
def test_communication_rows_add_and_remove(official_client, dialogue):
    url = step_url(dialogue, "communication")
    official_client.post(
        url,
        {"channel": "Lokaltidningen", "date": "2027-02-20", "audience": "Alla", "action": "save"},
    )
    item = CommunicationItem.objects.get(dialogue=dialogue)
    assert item.date == datetime.date(2027, 2, 20)
    assert "Lokaltidningen" in html_of(official_client.get(url))
    official_client.post(url, {"remove": item.pk})
    assert not CommunicationItem.objects.filter(dialogue=dialogue).exists()


@pytest.mark.django_db
def test_cost_rows_with_total_and_swedish_amounts(official_client, dialogue):
    url = step_url(dialogue, "costs")
    official_client.post(url, {"description": "Lokalhyra", "amount": "12 500 kr", "action": "save"})
    official_client.post(url, {"description": "Fika", "amount": "2 500,00", "action": "save"})
    assert sorted(CostItem.objects.values_list("amount", flat=True)) == [
        Decimal(2500),
        Decimal(12500),
    ]
    html = html_of(official_client.get(url))
    total = html.split("<tfoot>")[1].split("</tfoot>")[0]
    assert re.search(r"15[\s\xa0,]?000", total)


@pytest.mark.django_db
def test_invalid_amount_keeps_input(official_client, dialogue):
    response = official_client.post(
        step_url(dialogue, "costs"), {"description": "Annonser", "amount": "mycket"}
    )
    html = html_of(response)
    assert response.status_code == 200
    assert 'id="id_amount_error"' in html
    assert 'value="Annonser"' in html and 'value="mycket"' in html


# --- a plan that is not a draft ---------------------------------------------


@pytest.mark.django_db
def test_approved_plan_says_to_use_change_the_plan_first(official_client, dialogue):
    dialogue.state = State.APPROVED
    dialogue.save()
    response = official_client.get(step_url(dialogue, "purpose"))
    assert response.status_code == 302
    assert response.url == reverse("dialogue_staff:summary", args=[dialogue.pk])
    html = html_of(official_client.get(response.url))
    assert "Use “Change the plan” to make it a draft again first." in html
    response = official_client.post(step_url(dialogue, "purpose"), {"purpose": "Nytt"})
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.purpose == ""


# --- permissions on every editor URL ----------------------------------------


def editor_urls(dialogue):
    urls = [
        reverse("dialogue_staff:summary", args=[dialogue.pk]),
        reverse("dialogue_staff:pdf", args=[dialogue.pk]),
        reverse("dialogue_staff:transition", args=[dialogue.pk, "submit"]),
        reverse("dialogue_staff:transition", args=[dialogue.pk, "approve"]),
    ]
    return urls + [step_url(dialogue, step) for step in STEP_KEYS]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_goes_to_login(client, dialogue, method):
    urls = [
        reverse("dialogue_staff:list"),
        reverse("dialogue_staff:create"),
        *editor_urls(dialogue),
    ]
    for url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_resident_is_refused(client, world, dialogue, method):
    client.force_login(world["resident"])
    urls = [
        reverse("dialogue_staff:list"),
        reverse("dialogue_staff:create"),
        *editor_urls(dialogue),
    ]
    for url in urls:
        assert getattr(client, method)(url).status_code == 403, url


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_official_of_another_unit_is_refused_on_every_editor_url(client, world, dialogue, method):
    complete_plan(dialogue)
    client.force_login(world["other_official"])
    for url in editor_urls(dialogue):
        assert getattr(client, method)(url, {"title": "Kapad", "remove": 1}).status_code == 403, url
    dialogue.refresh_from_db()
    assert dialogue.title == "Framtidens bibliotek" and dialogue.state == State.DRAFT


@pytest.mark.django_db
def test_representative_cannot_create(client, world):
    client.force_login(world["representative"])
    assert client.get(reverse("dialogue_staff:create")).status_code == 403


@pytest.mark.django_db
def test_unknown_step_and_dialogue_are_not_found(official_client, dialogue):
    assert official_client.get(step_url(dialogue, "nonsense")).status_code == 404
    assert official_client.get(reverse("dialogue_staff:summary", args=[99999])).status_code == 404


@pytest.mark.django_db
def test_recommender_from_the_catalogue_ranks_for_the_plans_level(official_client, dialogue):
    from delaktig.methods import recommender

    dialogue.ladder_level = 5
    dialogue.save()
    expected = recommender.recommend_methods(ladder_level=5, target_groups=[], limit=10)
    html = html_of(official_client.get(step_url(dialogue, "activities")))
    section = html.split('id="recommender"')[1]
    names = re.findall(r'<h3 class="card__title">(.*?)</h3>', section)
    assert names == [escape(r.method.name) for r in expected]
    assert names, "the seeded catalogue has methods for co-determination"


@pytest.mark.django_db
def test_purpose_without_question_fields_keeps_the_questions(official_client, dialogue):
    dialogue.questions.create(text="Finns kvar?")
    official_client.post(step_url(dialogue, "purpose"), {"purpose": "Nytt syfte"})
    assert list(dialogue.questions.values_list("text", flat=True)) == ["Finns kvar?"]
    assert Dialogue.objects.get(pk=dialogue.pk).purpose == "Nytt syfte"


@pytest.mark.django_db
def test_unit_page_partial_lists_the_units_dialogues_without_queries(world, dialogue):
    from django.template.loader import render_to_string

    DialogueFactory(municipality=world["municipality"], unit=world["unit"], title="Andra dialogen")
    dialogues = list(
        Dialogue.objects.filter(unit=world["unit"]).select_related("unit", "owner_committee")
    )
    user = world["official"]
    user.has_perm("dialogues.add_dialogue")  # loads the roles once, as a request would
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string(
            "dialogues/staff/_unit_dialogues.html", {"dialogues": dialogues, "user": user}
        )
    assert len(queries) == 0
    assert "Framtidens bibliotek" in html and "Andra dialogen" in html
    assert reverse("dialogue_staff:summary", args=[dialogue.pk]) in html
    assert reverse("dialogue_staff:create") in html
