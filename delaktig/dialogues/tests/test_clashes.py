"""Clashes: two dialogues reaching the same residents at the same time.

``selectors.activity_clashes`` is the rule the plan editor warns with; the calendar's
``bulk_activity_clashes`` must give the same answer for many activities at once.
"""

import datetime
import random

import pytest

from delaktig.dialogues import selectors
from delaktig.dialogues.calendar import bulk_activity_clashes
from delaktig.dialogues.models import Activity, DialogueTargetGroup, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.tests.factories import DistrictFactory, TargetGroupFactory

D = datetime.date


@pytest.fixture
def method(db):
    return MethodFactory()


@pytest.fixture
def make(municipality, method):
    """make(groups=[...], districts=[...], activities=[(start, end[, district])], state=...)"""

    def build(*, groups=(), districts=(), activities=(), state=State.DRAFT, title=None):
        extra = {"title": title} if title else {}
        dialogue = DialogueFactory(municipality=municipality, state=state, **extra)
        for group in groups:
            DialogueTargetGroup.objects.create(dialogue=dialogue, target_group=group)
        dialogue.districts.set(districts)
        for n, (start, end, *district) in enumerate(activities):
            Activity.objects.create(
                dialogue=dialogue,
                method=method,
                title=f"Aktivitet {n}",
                starts_on=start,
                ends_on=end,
                district=district[0] if district else None,
            )
        return dialogue

    return build


def clashes(dialogue, start, end, **kwargs):
    return list(
        selectors.activity_clashes(dialogue=dialogue, starts_on=start, ends_on=end, **kwargs)
    )


@pytest.mark.django_db
def test_same_target_group_at_overlapping_time_clashes(make):
    youth = TargetGroupFactory(name="Unga (test)")
    mine = make(groups=[youth])
    other = make(groups=[youth], activities=[(D(2027, 3, 10), D(2027, 3, 20))])
    assert clashes(mine, D(2027, 3, 15), D(2027, 3, 15)) == [other]


@pytest.mark.django_db
def test_touching_dates_overlap_but_the_next_day_does_not(make):
    youth = TargetGroupFactory()
    mine = make(groups=[youth])
    other = make(groups=[youth], activities=[(D(2027, 3, 10), D(2027, 3, 20))])
    assert clashes(mine, D(2027, 3, 20), D(2027, 3, 25)) == [other]
    assert clashes(mine, D(2027, 3, 1), D(2027, 3, 10)) == [other]
    assert clashes(mine, D(2027, 3, 21), D(2027, 3, 25)) == []
    assert clashes(mine, D(2027, 3, 1), D(2027, 3, 9)) == []


@pytest.mark.django_db
def test_same_district_of_the_dialogue_clashes(make, municipality):
    harbour = DistrictFactory(municipality=municipality)
    mine = make(districts=[harbour])
    other = make(districts=[harbour], activities=[(D(2027, 3, 1), D(2027, 3, 31))])
    assert clashes(mine, D(2027, 3, 5), D(2027, 3, 6)) == [other]


@pytest.mark.django_db
def test_activity_in_one_of_my_districts_clashes(make, municipality):
    harbour = DistrictFactory(municipality=municipality)
    mine = make(districts=[harbour])
    # The other dialogue names no district, but one of its activities is held in mine,
    # and it is not even the activity that overlaps.
    other = make(
        activities=[
            (D(2027, 3, 1), D(2027, 3, 31)),
            (D(2027, 9, 1), D(2027, 9, 1), harbour),
        ]
    )
    assert clashes(mine, D(2027, 3, 5), D(2027, 3, 6)) == [other]


@pytest.mark.django_db
def test_other_groups_and_districts_do_not_clash(make, municipality):
    youth, seniors = TargetGroupFactory(), TargetGroupFactory()
    harbour, centre = (
        DistrictFactory(municipality=municipality),
        DistrictFactory(municipality=municipality),
    )
    mine = make(groups=[youth], districts=[harbour])
    make(
        groups=[seniors],
        districts=[centre],
        activities=[(D(2027, 3, 1), D(2027, 3, 31), centre)],
    )
    make(activities=[(D(2027, 3, 1), D(2027, 3, 31))])
    assert clashes(mine, D(2027, 3, 5), D(2027, 3, 6)) == []


@pytest.mark.django_db
def test_overlap_must_be_in_time_too(make):
    youth = TargetGroupFactory()
    mine = make(groups=[youth])
    make(groups=[youth], activities=[(D(2027, 5, 1), D(2027, 5, 31))])
    make(groups=[youth])  # no activities at all: its participation dates do not count
    assert clashes(mine, D(2027, 3, 1), D(2027, 4, 30)) == []


@pytest.mark.django_db
def test_archived_dialogues_do_not_clash(make):
    youth = TargetGroupFactory()
    mine = make(groups=[youth])
    make(groups=[youth], activities=[(D(2027, 3, 1), D(2027, 3, 31))], state=State.ARCHIVED)
    drafted = make(groups=[youth], activities=[(D(2027, 3, 1), D(2027, 3, 31))])
    # Drafts count: coordination happens while planning.
    assert clashes(mine, D(2027, 3, 5), D(2027, 3, 6)) == [drafted]


@pytest.mark.django_db
def test_a_dialogue_does_not_clash_with_itself(make):
    youth = TargetGroupFactory()
    mine = make(groups=[youth], activities=[(D(2027, 3, 1), D(2027, 3, 31))])
    assert clashes(mine, D(2027, 3, 5), D(2027, 3, 6)) == []


@pytest.mark.django_db
def test_each_other_dialogue_is_named_once_in_title_order(make, municipality):
    youth, seniors = TargetGroupFactory(), TargetGroupFactory()
    harbour = DistrictFactory(municipality=municipality)
    mine = make(groups=[youth, seniors], districts=[harbour])
    busy = make(
        title="Öppet hus",
        groups=[youth, seniors],
        districts=[harbour],
        activities=[(D(2027, 3, 1), D(2027, 3, 31), harbour), (D(2027, 3, 2), D(2027, 3, 3))],
    )
    early = make(title="Annan dialog", groups=[youth], activities=[(D(2027, 3, 5), D(2027, 3, 5))])
    assert clashes(mine, D(2027, 3, 5), D(2027, 3, 6)) == [early, busy]


@pytest.mark.django_db
def test_exclude_activity_id_leaves_that_activity_out(make):
    youth = TargetGroupFactory()
    mine = make(groups=[youth])
    other = make(groups=[youth], activities=[(D(2027, 3, 1), D(2027, 3, 31))])
    third = make(
        groups=[youth],
        activities=[(D(2027, 3, 1), D(2027, 3, 31)), (D(2027, 3, 4), D(2027, 3, 8))],
    )
    (only,) = other.activities.all()
    first, second = third.activities.order_by("starts_on")
    assert clashes(mine, D(2027, 3, 5), D(2027, 3, 6), exclude_activity_id=only.pk) == [third]
    # The third still clashes through its other activity.
    assert clashes(mine, D(2027, 3, 5), D(2027, 3, 6), exclude_activity_id=first.pk) == [
        other,
        third,
    ]
    assert clashes(mine, D(2027, 3, 5), D(2027, 3, 6), exclude_activity_id=None) == [other, third]


@pytest.mark.django_db
def test_without_dates_there_is_no_clash(make):
    youth = TargetGroupFactory()
    mine = make(groups=[youth])
    make(groups=[youth], activities=[(D(2027, 3, 1), D(2027, 3, 31))])
    assert clashes(mine, None, D(2027, 3, 6)) == []
    assert clashes(mine, D(2027, 3, 5), None) == []


@pytest.mark.django_db
def test_my_activity_in_a_district_clashes_with_a_dialogue_for_that_district(make, municipality):
    harbour = DistrictFactory(municipality=municipality)
    mine = make(activities=[(D(2027, 3, 5), D(2027, 3, 6), harbour)])
    other = make(districts=[harbour], activities=[(D(2027, 3, 1), D(2027, 3, 31))])
    # The other direction is found today; a clash should hold both ways.
    assert clashes(other, D(2027, 3, 1), D(2027, 3, 31)) == [mine]
    assert clashes(mine, D(2027, 3, 5), D(2027, 3, 6)) == [other]


# The calendar's bulk computation against the selector -------------------------------


def _generate(rng, make, municipality):
    groups = [TargetGroupFactory() for _ in range(4)]
    districts = [DistrictFactory(municipality=municipality) for _ in range(4)]
    states = [State.DRAFT, State.SUBMITTED, State.OPEN, State.COMPILING, State.ARCHIVED]
    dialogues = []
    for _ in range(14):
        activities = []
        for _a in range(rng.randint(0, 3)):
            # Around the end of the half-year, so some clashes lie partly outside it.
            start = D(2027, 5, 1) + datetime.timedelta(days=rng.randint(0, 120))
            end = start + datetime.timedelta(days=rng.choice([0, 0, 1, 6, 20, 45]))
            district = rng.choice([None, None, *districts])
            activities.append((start, end, district))
        dialogues.append(
            make(
                groups=rng.sample(groups, rng.randint(0, 2)),
                districts=rng.sample(districts, rng.randint(0, 2)),
                activities=activities,
                state=rng.choice(states),
            )
        )
    return dialogues


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(6))
def test_bulk_clashes_agree_with_the_selector(make, municipality, seed):
    rng = random.Random(seed)
    dialogues = _generate(rng, make, municipality)
    period_start, period_end = D(2027, 1, 1), D(2027, 6, 30)
    activities = list(
        Activity.objects.filter(
            dialogue__in=dialogues, starts_on__lte=period_end, ends_on__gte=period_start
        )
    )
    assert activities, "the generated data should have activities in the period"

    bulk = bulk_activity_clashes(municipality=municipality, activities=activities)

    by_dialogue: dict[int, set[int]] = {}
    found_any = False
    for activity in activities:
        expected = [
            d.pk
            for d in selectors.activity_clashes(
                dialogue=activity.dialogue, starts_on=activity.starts_on, ends_on=activity.ends_on
            )
        ]
        found = bulk.by_activity[activity.pk]
        # Compared as sets: the database's collation orders titles, not Python.
        assert {p.pk for p in found} == set(expected), activity
        assert [p.title.lower() for p in found] == sorted(p.title.lower() for p in found)
        by_dialogue.setdefault(activity.dialogue_id, set()).update(expected)
        found_any = found_any or bool(expected)
    assert {pk: {p.pk for p in partners} for pk, partners in bulk.by_dialogue.items()} == (
        by_dialogue
    )
    assert found_any, "the generated data should contain clashes"


@pytest.mark.django_db
def test_bulk_clashes_take_a_constant_number_of_queries(
    make, municipality, django_assert_num_queries
):
    youth = TargetGroupFactory()
    for _ in range(5):
        make(groups=[youth], activities=[(D(2027, 3, 1), D(2027, 3, 31))])
    activities = list(Activity.objects.all())
    with django_assert_num_queries(4):
        result = bulk_activity_clashes(municipality=municipality, activities=activities)
    assert all(len(partners) == 4 for partners in result.by_dialogue.values())
    with django_assert_num_queries(0):
        assert bulk_activity_clashes(municipality=municipality, activities=[]).by_dialogue == {}
