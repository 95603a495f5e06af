"""The dialogue's life through the summary page: moves, who may make them, the history."""

import re

import pytest
from django.urls import reverse

from delaktig.dialogues import lifecycle
from delaktig.dialogues.models import CostItem, Dialogue, State, Transition
from delaktig.dialogues.tests.factories import complete_plan

from . import test_editor_views as editor

# The editor tests' set-up: units, people, a draft dialogue and logged-in clients.
world = editor.world
dialogue = editor.dialogue
english = editor.english
official_client = editor.official_client
step_url = editor.step_url

PEOPLE_FOR = {lifecycle.RUN: "official", lifecycle.APPROVE: "representative"}


def html_of(response):
    return response.content.decode()


def move_url(dialogue, name):
    return reverse("dialogue_staff:transition", args=[dialogue.pk, name])


@pytest.mark.django_db
@pytest.mark.parametrize("move", lifecycle.MOVES, ids=lambda move: move.name)
def test_every_move_through_the_summary_page_is_logged(english, world, dialogue, move):
    complete_plan(dialogue)
    Dialogue.objects.filter(pk=dialogue.pk).update(state=move.source)
    english.force_login(world[PEOPLE_FOR[move.permission]])
    summary = html_of(english.get(reverse("dialogue_staff:summary", args=[dialogue.pk])))
    assert f'action="{move_url(dialogue, move.name)}"' in summary
    response = english.post(move_url(dialogue, move.name), {"comment": "Så här blev det."})
    assert response.status_code == 302
    assert Dialogue.objects.get(pk=dialogue.pk).state == move.target
    logged = Transition.objects.get(dialogue=dialogue)
    assert (logged.from_state, logged.to_state) == (move.source, move.target)
    assert logged.actor == world[PEOPLE_FOR[move.permission]]


@pytest.mark.django_db
def test_a_whole_life_shows_in_the_history(english, world, dialogue):
    complete_plan(dialogue)
    path = [
        ("official", "submit"),
        ("representative", "send_back"),
        ("official", "submit"),
        ("representative", "approve"),
        ("official", "publish"),
        ("official", "open"),
        ("official", "close"),
        ("official", "feed_back"),
        ("official", "evaluate"),
        ("official", "archive"),
    ]
    for who, name in path:
        english.force_login(world[who])
        english.post(move_url(dialogue, name), {"comment": "Fler målgrupper behövs."})
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.ARCHIVED
    english.force_login(world["official"])
    html = html_of(english.get(reverse("dialogue_staff:summary", args=[dialogue.pk])))
    history = html.split('id="history-heading"')[1]
    assert len(re.findall(r"<tr>", history)) == len(path) + 1  # header row + one per move
    assert "Awaiting approval → Draft" in history
    assert "Fler målgrupper behövs." in history
    assert "Evaluated → Archived" in history


# --- summary, lifecycle and history -----------------------------------------


@pytest.mark.django_db
def test_summary_shows_the_whole_plan_and_what_is_missing(official_client, dialogue):
    complete_plan(dialogue)
    dialogue.feedback_how = ""
    dialogue.save()
    CostItem.objects.create(dialogue=dialogue, description="Tolk", amount=3000)
    html = html_of(official_client.get(reverse("dialogue_staff:summary", args=[dialogue.pk])))
    assert "Framtidens bibliotek" in html
    assert "Att ta reda på vad invånarna vill med hamnområdet." in html
    assert "Vad ska hamnen användas till?" in html
    assert "Lokaltidningen" in html and "Öppet möte" in html
    assert 'class="table matrix"' in html and "Reach model" in html
    assert re.search(r"8[\s\xa0,]?000", html.split("<tfoot>")[1])
    missing = html.split('id="missing-heading"')[1].split("</section>")[0]
    assert "Describe how participants will hear back." in missing
    assert step_url(dialogue, "feedback") in missing
    assert reverse("dialogue_staff:pdf", args=[dialogue.pk]) in html
    assert "Send for approval" in html


@pytest.mark.django_db
def test_submit_with_missing_parts_is_refused_with_the_list(official_client, dialogue):
    response = official_client.post(
        reverse("dialogue_staff:transition", args=[dialogue.pk, "submit"]), follow=True
    )
    html = html_of(response)
    assert "The plan cannot be sent yet." in html
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.DRAFT


@pytest.mark.django_db
def test_submit_approve_by_owner_representative_and_history(english, world, dialogue):
    complete_plan(dialogue)
    english.force_login(world["official"])
    english.post(reverse("dialogue_staff:transition", args=[dialogue.pk, "submit"]))
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.SUBMITTED

    english.force_login(world["representative"])
    summary = html_of(english.get(reverse("dialogue_staff:summary", args=[dialogue.pk])))
    assert "Approve the plan" in summary and "Send back with a comment" in summary
    assert 'name="comment"' in summary
    response = english.post(reverse("dialogue_staff:transition", args=[dialogue.pk, "approve"]))
    assert response.status_code == 302
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.APPROVED

    history = html_of(english.get(response.url)).split('id="history-heading"')[1]
    assert "Draft → Awaiting approval" in history
    assert "Awaiting approval → Approved" in history
    assert "Olle Officiell" in history


@pytest.mark.django_db
def test_send_back_needs_a_comment(english, world, dialogue):
    dialogue.state = State.SUBMITTED
    dialogue.save()
    english.force_login(world["representative"])
    url = reverse("dialogue_staff:transition", args=[dialogue.pk, "send_back"])
    response = english.post(url, {"comment": ""})
    html = html_of(response)
    assert response.status_code == 200
    assert 'id="id_send_back_comment_error"' in html
    assert "Write a comment that says what must change." in html
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.SUBMITTED

    english.post(url, {"comment": "Lägg till fler målgrupper."})
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.DRAFT
    assert Transition.objects.get(dialogue=dialogue).comment == "Lägg till fler målgrupper."


@pytest.mark.django_db
def test_representative_of_another_committee_cannot_approve(client, world, dialogue):
    dialogue.state = State.SUBMITTED
    dialogue.save()
    client.force_login(world["other_representative"])
    url = reverse("dialogue_staff:transition", args=[dialogue.pk, "approve"])
    assert client.post(url).status_code == 403
    assert client.get(reverse("dialogue_staff:summary", args=[dialogue.pk])).status_code == 403
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.SUBMITTED


@pytest.mark.django_db
def test_owner_representative_may_not_make_officials_moves(client, world, dialogue):
    dialogue.state = State.APPROVED
    dialogue.save()
    client.force_login(world["representative"])
    url = reverse("dialogue_staff:transition", args=[dialogue.pk, "publish"])
    assert client.post(url).status_code == 403
    assert client.get(step_url(dialogue, "basics")).status_code == 403
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.APPROVED


@pytest.mark.django_db
def test_impossible_move_gives_a_message(official_client, dialogue):
    response = official_client.post(
        reverse("dialogue_staff:transition", args=[dialogue.pk, "archive"]), follow=True
    )
    assert response.status_code == 200
    assert "The dialogue cannot be moved like that" in html_of(response)


@pytest.mark.django_db
def test_transition_only_by_post(official_client, dialogue):
    url = reverse("dialogue_staff:transition", args=[dialogue.pk, "submit"])
    assert official_client.get(url).status_code == 405


@pytest.mark.django_db
def test_summary_queries_do_not_grow_with_the_plan(official_client, world, dialogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from delaktig.dialogues.models import Activity, CommunicationItem, DialogueTargetGroup
    from delaktig.methods.tests.factories import MethodFactory
    from delaktig.municipality.tests import factories as f

    complete_plan(dialogue)
    url = reverse("dialogue_staff:summary", args=[dialogue.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert official_client.get(url).status_code == 200
        return len(queries)

    Transition.objects.create(
        dialogue=dialogue, from_state="draft", to_state="submitted", actor=world["official"]
    )
    count()  # warm the municipality cache
    before = count()
    for n in range(5):
        activity = Activity.objects.create(
            dialogue=dialogue,
            method=MethodFactory(),
            title=f"Möte {n}",
            starts_on=dialogue.starts_on,
            ends_on=dialogue.starts_on,
            district=f.DistrictFactory(municipality=world["municipality"]),
        )
        row = DialogueTargetGroup.objects.create(
            dialogue=dialogue, target_group=f.TargetGroupFactory()
        )
        row.activities.add(activity)
        CommunicationItem.objects.create(dialogue=dialogue, channel=f"Kanal {n}")
        CostItem.objects.create(dialogue=dialogue, description=f"Kostnad {n}", amount=100)
        Transition.objects.create(
            dialogue=dialogue, from_state="draft", to_state="submitted", actor=f.UserFactory()
        )
        dialogue.responsible.add(f.official(world["unit"]))
    assert count() == before
