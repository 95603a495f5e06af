"""The reach figures equal the sums of what is stored (checked on generated data)."""

import datetime
import random
from collections import Counter

import pytest
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delaktig.dialogues.models import Activity, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.models import AttendanceCount, Meeting
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.models import PopulationFigure
from delaktig.municipality.tests import factories as f
from delaktig.outreach import reach
from delaktig.outreach.models import OutreachEntry
from delaktig.outreach.tests.factories import DraftingGroupFactory

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


def make_meeting(*, dialogue, day, district=None, counts=()):
    activity = Activity.objects.create(
        dialogue=dialogue,
        method=MethodFactory(slug="oppet-mote", name="Öppet möte"),
        title="Öppet möte",
        starts_on=day,
        ends_on=day,
        district=district,
    )
    starts = datetime.datetime.combine(
        day, datetime.time(18), tzinfo=timezone.get_current_timezone()
    )
    meeting = Meeting.objects.create(
        activity=activity,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        venue="Biblioteket",
    )
    for (gender, band), count in counts:
        AttendanceCount.objects.create(meeting=meeting, gender=gender, age_band=band, count=count)
    return meeting


@pytest.fixture
def generated(municipality):
    """Entries and meetings over two years, with a fixed seed."""
    rng = random.Random(4711)
    groups = [DraftingGroupFactory(municipality=municipality) for _ in range(3)]
    districts = [f.DistrictFactory(municipality=municipality) for _ in range(4)]
    dialogues = [
        DialogueFactory(municipality=municipality, state=State.OPEN, owner_committee=groups[0]),
        DialogueFactory(
            municipality=municipality, state=State.OPEN, owner_committee=None, unit=groups[1]
        ),
    ]
    for _ in range(80):
        people = rng.randint(0, 90)
        OutreachEntry.objects.create(
            municipality=municipality,
            kind=rng.choice(OutreachEntry.Kind.values),
            date=START + datetime.timedelta(days=rng.randint(-120, 480)),
            district=rng.choice([*districts, None]),
            place="x",
            unit=rng.choice(groups),
            dialogue=rng.choice([*dialogues, None]),
            people_met=people,
            conversations=rng.randint(0, people),
        )
    for _ in range(12):
        make_meeting(
            dialogue=rng.choice(dialogues),
            day=START + datetime.timedelta(days=rng.randint(-60, 420)),
            district=rng.choice([*districts, None]),
            counts=[
                (("woman", "26-44"), rng.randint(0, 30)),
                (("man", "65-79"), rng.randint(0, 30)),
            ],
        )
    return {"groups": groups, "districts": districts, "dialogues": dialogues}


def expected(municipality):
    """The same figures the slow way, in Python."""
    entries = [
        e for e in OutreachEntry.objects.filter(municipality=municipality) if START <= e.date <= END
    ]
    meetings = [
        m
        for m in Meeting.objects.select_related("activity__dialogue").prefetch_related("attendance")
        if START <= timezone.localtime(m.starts_at).date() <= END and m.starts_at < timezone.now()
    ]

    def group_of(meeting):
        d = meeting.activity.dialogue
        return d.owner_committee_id or d.unit_id

    def participants(meeting):
        return sum(a.count for a in meeting.attendance.all())

    out = {
        "people": Counter(),
        "conversations": Counter(),
        "meetings": Counter(),
        "participants": Counter(),
    }
    for e in entries:
        for key in (
            "total",
            ("group", e.unit_id),
            ("district", e.district_id),
            ("dialogue", e.dialogue_id),
            ("month", e.date.month),
        ):
            out["people"][key] += e.people_met
            out["conversations"][key] += e.conversations
    for m in meetings:
        month = timezone.localtime(m.starts_at).month
        for key in (
            "total",
            ("group", group_of(m)),
            ("district", m.activity.district_id),
            ("dialogue", m.activity.dialogue_id),
            ("month", month),
        ):
            out["meetings"][key] += 1
            out["participants"][key] += participants(m)
    return out


def figures_of(row):
    return (
        row.figures.people_met,
        row.figures.conversations,
        row.figures.meetings,
        row.figures.participants,
    )


def expected_of(exp, key):
    return (
        exp["people"][key],
        exp["conversations"][key],
        exp["meetings"][key],
        exp["participants"][key],
    )


@pytest.mark.django_db
def test_overview_totals_equal_the_stored_sums(municipality, generated):
    data = reach.reach_overview(municipality=municipality, start=START, end=END)
    exp = expected(municipality)
    totals = data["totals"]
    assert (
        totals.people_met,
        totals.conversations,
        totals.meetings,
        totals.participants,
    ) == expected_of(exp, "total")
    assert totals.people_met > 0 and totals.meetings > 0
    for row in data["groups"]:
        assert figures_of(row) == expected_of(exp, ("group", row.key)), row.label
    for row in data["districts"]:
        assert figures_of(row) == expected_of(exp, ("district", row.key)), row.label
    for row in data["dialogues"]:
        assert figures_of(row) == expected_of(exp, ("dialogue", row.key)), row.label
    for row in data["months"]:
        assert figures_of(row) == expected_of(exp, ("month", row.key.month)), row.label
    # Every table adds up to the totals row.
    for table in ("groups", "districts", "dialogues", "months"):
        assert sum(r.figures.people_met for r in data[table]) == totals.people_met, table
        assert sum(r.figures.meetings for r in data[table]) == totals.meetings, table
        assert sum(r.figures.participants for r in data[table]) == totals.participants, table


@pytest.mark.django_db
def test_group_report_equals_the_groups_stored_sums(municipality, generated):
    group = generated["groups"][0]
    data = reach.group_report(unit=group, year=2025)
    exp = expected(municipality)
    key = ("group", group.pk)
    assert (data["totals"].people_met, data["totals"].conversations) == (
        exp["people"][key],
        exp["conversations"][key],
    )
    assert (data["totals"].meetings, data["totals"].participants) == (
        exp["meetings"][key],
        exp["participants"][key],
    )
    assert sum(r.figures.people_met for r in data["months"]) == data["totals"].people_met
    assert sum(r.figures.conversations for r in data["districts"]) == data["totals"].conversations
    assert len(data["months"]) == 12


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 500),  # people met
            st.integers(0, 500),  # conversations (capped at people below)
            st.integers(-30, 400),  # day offset from the start of the period
            st.integers(0, 2),  # group
            st.integers(0, 2),  # district (2 = none)
        ),
        max_size=25,
    )
)
def test_totals_equal_sums_for_any_entries(municipality, rows):
    OutreachEntry.objects.all().delete()
    groups = list(
        DraftingGroupFactory._meta.model.objects.filter(
            municipality=municipality, kind="drafting_group"
        )[:3]
    )
    while len(groups) < 3:
        groups.append(DraftingGroupFactory(municipality=municipality))
    districts = list(municipality.districts.all()[:2])
    while len(districts) < 2:
        districts.append(f.DistrictFactory(municipality=municipality))
    for people, conversations, offset, group, district in rows:
        OutreachEntry.objects.create(
            municipality=municipality,
            kind="street",
            date=START + datetime.timedelta(days=offset),
            district=districts[district] if district < 2 else None,
            place="x",
            unit=groups[group],
            people_met=people,
            conversations=min(conversations, people),
        )
    inside = [r for r in rows if 0 <= r[2] <= (END - START).days]
    data = reach.reach_overview(municipality=municipality, start=START, end=END)
    assert data["totals"].people_met == sum(r[0] for r in inside)
    assert data["totals"].conversations == sum(min(r[1], r[0]) for r in inside)
    by_group = {row.key: row.figures.people_met for row in data["groups"]}
    for index, group in enumerate(groups):
        assert by_group.get(group.pk, 0) == sum(r[0] for r in inside if r[3] == index)


# --- population ----------------------------------------------------------------


def add_population(municipality, year, district, count):
    PopulationFigure.objects.create(
        municipality=municipality,
        year=year,
        district=district,
        gender="woman",
        age_band="26-44",
        count=count,
    )


@pytest.mark.django_db
def test_population_uses_latest_year_and_whole_municipality_rows(municipality):
    d1, d2 = (
        f.DistrictFactory(municipality=municipality),
        f.DistrictFactory(municipality=municipality),
    )
    add_population(municipality, 2023, None, 900)
    add_population(municipality, 2024, d1, 400)
    add_population(municipality, 2024, d2, 600)
    add_population(municipality, 2026, None, 5000)
    population = reach.population_for(municipality=municipality, year=2025)
    assert population.year == 2024
    assert population.total == 1000  # no whole-municipality rows in 2024: the districts' sum
    assert population.by_district == {d1.pk: 400, d2.pk: 600}
    add_population(municipality, 2024, None, 1010)  # SCB's noise: parts need not add up
    assert reach.population_for(municipality=municipality, year=2025).total == 1010
    # Only later figures: the earliest of them, labelled with its year.
    assert reach.population_for(municipality=municipality, year=2020).year == 2023


@pytest.mark.django_db
def test_share_per_district_and_headline(municipality):
    group = DraftingGroupFactory(municipality=municipality)
    district = f.DistrictFactory(municipality=municipality)
    add_population(municipality, 2025, district, 1000)
    OutreachEntry.objects.create(
        municipality=municipality,
        kind="street",
        date=datetime.date(2025, 5, 2),
        district=district,
        unit=group,
        people_met=195,
        conversations=100,
    )
    with translation.override("en"):
        data = reach.reach_overview(municipality=municipality, start=START, end=END)
    row = next(r for r in data["districts"] if r.key == district.pk)
    assert row.figures.population == 1000
    assert row.figures.share == pytest.approx(0.195)
    assert data["headline"][0] == "The groups met 195 people and held 100 conversations."
    assert data["headline"][1] == "That corresponds to nearly one resident in five (19.5 percent)."


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (0.2, "about one resident in five"),
        (0.21, "a little more than one resident in five"),
        (0.096, "nearly one resident in ten"),
        (0.02, "2.0 percent of the residents"),
        (0.8, "80.0 percent of the residents"),
        (1.5, "150.0 percent of the residents"),
        (None, ""),
    ],
)
def test_share_sentence(share, text):
    with translation.override("en"):
        assert text in reach.share_sentence(share)


@pytest.mark.django_db
def test_a_planned_meeting_is_not_counted_as_held(municipality):
    dialogue = DialogueFactory(municipality=municipality, state=State.OPEN)
    today = timezone.localdate()
    make_meeting(
        dialogue=dialogue, day=today - datetime.timedelta(days=3), counts=[(("woman", "80+"), 9)]
    )
    make_meeting(
        dialogue=dialogue, day=today + datetime.timedelta(days=3), counts=[(("man", "80+"), 4)]
    )
    start, end = today - datetime.timedelta(days=30), today + datetime.timedelta(days=30)
    data = reach.reach_overview(municipality=municipality, start=start, end=end)
    assert (data["totals"].meetings, data["totals"].participants) == (1, 9)
