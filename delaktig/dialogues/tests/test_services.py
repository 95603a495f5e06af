import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from delaktig.dialogues import services
from delaktig.dialogues.models import (
    Activity,
    CommunicationItem,
    CostItem,
    Dialogue,
    DialogueTargetGroup,
    Reach,
    State,
    Transition,
)
from delaktig.dialogues.tests.factories import DialogueFactory, complete_plan
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f


@pytest.fixture
def world(municipality):
    unit = f.UnitFactory(municipality=municipality)
    committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    return {
        "unit": unit,
        "committee": committee,
        "official": f.official(unit),
        "representative": f.representative(committee),
        "other_official": f.official(f.UnitFactory(municipality=municipality)),
        "other_representative": f.representative(
            f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
        ),
    }


@pytest.fixture
def dialogue(world, municipality):
    return DialogueFactory(
        municipality=municipality,
        unit=world["unit"],
        owner_committee=world["committee"],
        created_by=world["official"],
    )


# --- create and update -------------------------------------------------------


@pytest.mark.django_db
def test_create_gives_a_draft_with_a_unique_slug(world):
    first = services.dialogue_create(actor=world["official"], unit=world["unit"], title="Hamnen")
    second = services.dialogue_create(actor=world["official"], unit=world["unit"], title="Hamnen")
    assert first.state == State.DRAFT
    assert first.created_by == world["official"]
    assert (first.slug, second.slug) == ("hamnen", "hamnen-2")
    assert "hamnen" in first.search_text


@pytest.mark.django_db
def test_create_needs_a_title(world):
    with pytest.raises(ValidationError) as error:
        services.dialogue_create(actor=world["official"], unit=world["unit"], title="  ")
    assert "title" in error.value.error_dict


@pytest.mark.django_db
def test_create_only_in_own_unit_unless_administrator(world, municipality):
    with pytest.raises(PermissionDenied):
        services.dialogue_create(actor=world["other_official"], unit=world["unit"], title="X")
    with pytest.raises(PermissionDenied):
        services.dialogue_create(actor=f.UserFactory(), unit=world["unit"], title="X")
    admin = f.administrator(f.UnitFactory(municipality=municipality))
    assert (
        services.dialogue_create(actor=admin, unit=world["unit"], title="X").unit == world["unit"]
    )


@pytest.mark.django_db
def test_update_saves_fields_and_relations(world, dialogue, municipality):
    district = f.DistrictFactory(municipality=municipality)
    services.dialogue_update(
        actor=world["official"],
        dialogue=dialogue,
        data={
            "purpose": "Att lyssna.",
            "districts": [district],
            "responsible": [world["official"]],
        },
    )
    dialogue.refresh_from_db()
    assert dialogue.purpose == "Att lyssna."
    assert list(dialogue.districts.all()) == [district]
    assert list(dialogue.responsible.all()) == [world["official"]]
    assert "att lyssna." in dialogue.search_text


@pytest.mark.django_db
def test_update_refuses_unknown_fields_bad_dates_and_non_drafts(world, dialogue):
    with pytest.raises(ValidationError):
        services.dialogue_update(actor=world["official"], dialogue=dialogue, data={"state": "open"})
    with pytest.raises(ValidationError) as error:
        services.dialogue_update(
            actor=world["official"],
            dialogue=dialogue,
            data={"starts_on": datetime.date(2027, 5, 1), "ends_on": datetime.date(2027, 4, 1)},
        )
    assert "ends_on" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        services.dialogue_update(actor=world["other_official"], dialogue=dialogue, data={})
    dialogue.state = State.APPROVED
    with pytest.raises(PermissionDenied):
        services.dialogue_update(actor=world["official"], dialogue=dialogue, data={"purpose": "x"})


@pytest.mark.django_db
def test_set_questions_keeps_order_and_drops_blanks(world, dialogue):
    services.dialogue_set_questions(
        actor=world["official"], dialogue=dialogue, texts=["Första?", "", "Andra?", "Tredje?"]
    )
    assert list(dialogue.questions.values_list("text", "position")) == [
        ("Första?", 0),
        ("Andra?", 1),
        ("Tredje?", 2),
    ]
    services.dialogue_set_questions(actor=world["official"], dialogue=dialogue, texts=["Andra?"])
    assert list(dialogue.questions.values_list("text", flat=True)) == ["Andra?"]
    dialogue.refresh_from_db()
    assert "andra?" in dialogue.search_text and "första" not in dialogue.search_text


# --- rows --------------------------------------------------------------------


@pytest.mark.django_db
def test_target_group_save_creates_then_updates_and_remove(world, dialogue):
    group = f.TargetGroupFactory(name="Unga")
    activity = Activity.objects.create(
        dialogue=dialogue,
        method=MethodFactory(),
        title="Skolbesök",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 1),
    )
    row = services.dialogue_target_group_save(
        actor=world["official"],
        dialogue=dialogue,
        target_group=group,
        affected=True,
        active=False,
        reach=Reach.DIRECT,
        activities=[activity],
    )
    assert row.priority == 2
    again = services.dialogue_target_group_save(
        actor=world["official"],
        dialogue=dialogue,
        target_group=group,
        affected=False,
        active=True,
        reach=Reach.INDIRECT,
        notes="Via föreningar",
    )
    assert again.pk == row.pk
    again.refresh_from_db()
    assert (again.priority, again.reach, again.notes) == (3, Reach.INDIRECT, "Via föreningar")
    assert list(again.activities.all()) == []
    services.dialogue_target_group_remove(actor=world["official"], row=again)
    assert not DialogueTargetGroup.objects.filter(dialogue=dialogue).exists()


@pytest.mark.django_db
def test_target_group_refuses_activities_of_another_dialogue(world, dialogue, municipality):
    other = DialogueFactory(municipality=municipality)
    foreign = Activity.objects.create(
        dialogue=other,
        method=MethodFactory(),
        title="Annan",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 1),
    )
    with pytest.raises(ValidationError):
        services.dialogue_target_group_save(
            actor=world["official"],
            dialogue=dialogue,
            target_group=f.TargetGroupFactory(),
            affected=True,
            active=True,
            reach=Reach.DIRECT,
            activities=[foreign],
        )


@pytest.mark.django_db
def test_activity_save_change_and_delete(world, dialogue, municipality):
    method = MethodFactory()
    data = {
        "method": method,
        "title": "Öppet möte",
        "starts_on": datetime.date(2027, 3, 10),
        "ends_on": datetime.date(2027, 3, 10),
        "place": "Biblioteket",
    }
    activity = services.activity_save(actor=world["official"], dialogue=dialogue, data=data)
    assert activity.dialogue == dialogue
    services.activity_save(
        actor=world["official"], dialogue=dialogue, data={"title": "Stormöte"}, activity=activity
    )
    activity.refresh_from_db()
    assert activity.title == "Stormöte"
    with pytest.raises(ValidationError) as error:
        services.activity_save(
            actor=world["official"],
            dialogue=dialogue,
            data={**data, "ends_on": datetime.date(2027, 3, 1)},
        )
    assert "ends_on" in error.value.error_dict
    other = DialogueFactory(municipality=municipality, unit=world["unit"])
    with pytest.raises(PermissionDenied):
        services.activity_save(
            actor=world["official"], dialogue=other, data={"title": "x"}, activity=activity
        )
    services.activity_delete(actor=world["official"], activity=activity)
    assert not Activity.objects.filter(pk=activity.pk).exists()


@pytest.mark.django_db
def test_communication_and_cost_rows(world, dialogue):
    item = services.communication_item_add(
        actor=world["official"], dialogue=dialogue, data={"channel": "Lokaltidningen"}
    )
    cost = services.cost_item_add(
        actor=world["official"], dialogue=dialogue, data={"description": "Fika", "amount": 1200}
    )
    assert CommunicationItem.objects.filter(dialogue=dialogue).count() == 1
    assert CostItem.objects.get(pk=cost.pk).amount == 1200
    with pytest.raises(ValidationError):
        services.cost_item_add(actor=world["official"], dialogue=dialogue, data={"amount": 5})
    with pytest.raises(PermissionDenied):
        services.communication_item_remove(actor=world["other_official"], item=item)
    services.communication_item_remove(actor=world["official"], item=item)
    services.cost_item_remove(actor=world["official"], item=cost)
    assert not dialogue.communication_items.exists()
    assert not dialogue.cost_items.exists()


# --- the lifecycle -----------------------------------------------------------


@pytest.mark.django_db
def test_submit_with_missing_parts_is_refused_and_lists_them(world, dialogue):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.dialogue_transition(actor=world["official"], dialogue=dialogue, move_name="submit")
    message = " ".join(error.value.messages)
    assert "Describe the purpose." in message
    assert "Add at least one question." in message
    dialogue.refresh_from_db()
    assert dialogue.state == State.DRAFT
    assert not Transition.objects.exists()


@pytest.mark.django_db
def test_submit_approve_and_history(world, dialogue):
    complete_plan(dialogue)
    services.dialogue_transition(actor=world["official"], dialogue=dialogue, move_name="submit")
    services.dialogue_transition(
        actor=world["representative"], dialogue=dialogue, move_name="approve"
    )
    dialogue.refresh_from_db()
    assert dialogue.state == State.APPROVED
    assert list(dialogue.transitions.values_list("from_state", "to_state", "actor")) == [
        (State.DRAFT, State.SUBMITTED, world["official"].pk),
        (State.SUBMITTED, State.APPROVED, world["representative"].pk),
    ]


@pytest.mark.django_db
def test_send_back_requires_a_comment(world, dialogue):
    complete_plan(dialogue)
    services.dialogue_transition(actor=world["official"], dialogue=dialogue, move_name="submit")
    with pytest.raises(ValidationError) as error:
        services.dialogue_transition(
            actor=world["representative"], dialogue=dialogue, move_name="send_back", comment=" "
        )
    assert "comment" in error.value.error_dict
    services.dialogue_transition(
        actor=world["representative"],
        dialogue=dialogue,
        move_name="send_back",
        comment="Beskriv återkopplingen tydligare.",
    )
    dialogue.refresh_from_db()
    assert dialogue.state == State.DRAFT
    assert dialogue.transitions.last().comment == "Beskriv återkopplingen tydligare."


@pytest.mark.django_db
def test_only_the_owner_committee_approves(world, dialogue):
    complete_plan(dialogue)
    services.dialogue_transition(actor=world["official"], dialogue=dialogue, move_name="submit")
    for outsider in (world["other_representative"], world["official"], world["other_official"]):
        with pytest.raises(PermissionDenied):
            services.dialogue_transition(actor=outsider, dialogue=dialogue, move_name="approve")
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.SUBMITTED


@pytest.mark.django_db
def test_impossible_move_gives_a_message(world, dialogue):
    with pytest.raises(ValidationError) as error:
        services.dialogue_transition(actor=world["official"], dialogue=dialogue, move_name="open")
    assert error.value.messages
    with pytest.raises(ValidationError):
        services.dialogue_transition(actor=world["official"], dialogue=dialogue, move_name="fly")


@pytest.mark.django_db
def test_publish_sets_published_at(world, dialogue):
    dialogue.state = State.APPROVED
    dialogue.save()
    services.dialogue_transition(actor=world["official"], dialogue=dialogue, move_name="publish")
    dialogue.refresh_from_db()
    assert dialogue.state == State.PUBLISHED
    assert dialogue.published_at is not None


@pytest.mark.django_db
def test_follower_gets_an_email_when_the_dialogue_opens(
    world, dialogue, django_capture_on_commit_callbacks, mailoutbox
):
    dialogue.state = State.PUBLISHED
    dialogue.save()
    resident = f.UserFactory(email="invanare@exempel.example")
    services.dialogue_follow(user=resident, dialogue=dialogue)
    with django_capture_on_commit_callbacks(execute=True):
        services.dialogue_transition(actor=world["official"], dialogue=dialogue, move_name="open")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["invanare@exempel.example"]
    assert dialogue.title in mailoutbox[0].subject
    assert f"/dialoger/{dialogue.slug}/" in mailoutbox[0].body


@pytest.mark.django_db
def test_backward_moves_send_no_email(
    world, dialogue, django_capture_on_commit_callbacks, mailoutbox
):
    dialogue.state = State.OPEN
    dialogue.save()
    services.dialogue_follow(user=f.UserFactory(), dialogue=dialogue)
    with django_capture_on_commit_callbacks(execute=True):
        services.dialogue_transition(actor=world["official"], dialogue=dialogue, move_name="pause")
    assert mailoutbox == []


@pytest.mark.django_db
def test_follow_and_unfollow(world, dialogue):
    resident = f.UserFactory()
    with pytest.raises(PermissionDenied):
        services.dialogue_follow(user=resident, dialogue=dialogue)  # a draft is not public
    dialogue.state = State.PUBLISHED
    dialogue.save()
    services.dialogue_follow(user=resident, dialogue=dialogue)
    services.dialogue_follow(user=resident, dialogue=dialogue)
    assert dialogue.follows.count() == 1
    services.dialogue_unfollow(user=resident, dialogue=dialogue)
    assert dialogue.follows.count() == 0
