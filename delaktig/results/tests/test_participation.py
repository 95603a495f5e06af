"""Who took part: sums from every source, shares against the population, target groups."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import DialogueTargetGroup, Reach
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.tests.factories import AttendanceCountFactory, MeetingFactory
from delaktig.municipality.models import PopulationFigure
from delaktig.municipality.tests import factories as f
from delaktig.outreach.tests.factories import OutreachEntryFactory, OutreachTallyFactory
from delaktig.results.participation import (
    NO_DISTRICT,
    UNRECORDED,
    Status,
    dialogue_participation,
)

BANDS = ["0-12", "13-17", "18-25", "26-44", "45-64", "65-79", "80+"]


def population(municipality, year, per_band, district=None):
    for band, (women, men) in per_band.items():
        PopulationFigure.objects.create(
            municipality=municipality,
            year=year,
            district=district,
            gender="woman",
            age_band=band,
            count=women,
        )
        PopulationFigure.objects.create(
            municipality=municipality,
            year=year,
            district=district,
            gender="man",
            age_band=band,
            count=men,
        )


def target(dialogue, slug, reach=Reach.DIRECT):
    group = f.TargetGroupFactory(slug=slug, name=slug.capitalize())
    return DialogueTargetGroup.objects.create(dialogue=dialogue, target_group=group, reach=reach)


@pytest.fixture
def world(municipality):
    dialogue = DialogueFactory(municipality=municipality, state="open")
    north = f.DistrictFactory(municipality=municipality, name="Norr")
    south = f.DistrictFactory(municipality=municipality, name="Söder")
    meeting = MeetingFactory(activity__dialogue=dialogue, activity__district=north)
    entry = OutreachEntryFactory(municipality=municipality, dialogue=dialogue, district=south)
    return {
        "dialogue": dialogue,
        "north": north,
        "south": south,
        "meeting": meeting,
        "entry": entry,
    }


def add_counts(world, *, meeting_counts, tally_counts):
    for (band, gender), n in meeting_counts.items():
        AttendanceCountFactory(meeting=world["meeting"], age_band=band, gender=gender, count=n)
    for (band, gender), n in tally_counts.items():
        OutreachTallyFactory(entry=world["entry"], age_band=band, gender=gender, count=n)


@pytest.mark.django_db
def test_sums_every_source_by_age_gender_and_district(world, municipality):
    add_counts(
        world,
        meeting_counts={("26-44", "woman"): 12, ("26-44", "man"): 9, ("65-79", "woman"): 7},
        tally_counts={("26-44", "woman"): 6, ("13-17", "man"): 8, ("13-17", "woman"): 10},
    )
    # Another dialogue's counts do not leak in.
    other = MeetingFactory(activity__dialogue=DialogueFactory(municipality=municipality))
    AttendanceCountFactory(meeting=other, age_band="26-44", gender="woman", count=100)
    for district in (world["north"], world["north"], None):
        author = f.UserFactory(district=district)
        Contribution.objects.create(
            dialogue=world["dialogue"], method_key="x", kind="idea", text="Hej", author=author
        )
    # The same author twice counts once.
    Contribution.objects.create(
        dialogue=world["dialogue"], method_key="x", kind="idea", text="Igen", author=author
    )
    result = dialogue_participation(world["dialogue"])
    table = result.age_by_gender
    assert table.cells["26-44", "woman"].value == 18
    assert table.cells["26-44", "man"].value == 9
    assert table.cells["13-17", "woman"].value == 10
    assert table.cells["13-17", "man"].value == 8
    assert table.cells["65-79", "woman"].value == 7
    assert table.total.value == 52
    assert table.column_totals["woman"].value == 35
    districts = result.district_by_gender
    north, south = str(world["north"].pk), str(world["south"].pk)
    raw = result.raw["district_gender"]
    assert raw[north, "woman"] == 19 and raw[north, "man"] == 9 and raw[south, "woman"] == 16
    # Contribution authors: two in Norr, one without a district (both small).
    assert raw[north, UNRECORDED] == 2
    assert raw[NO_DISTRICT, UNRECORDED] == 1
    # Every figure shown is the true sum; the small ones are hidden.
    for (row, column), cell in districts.cells.items():
        assert cell.suppressed or cell.value == raw.get((row, column), 0)
        if 0 < raw.get((row, column), 0) < 5:
            assert cell.suppressed
    assert districts.cells[north, UNRECORDED].suppressed


@pytest.mark.django_db
def test_small_cells_are_suppressed_in_the_tables(world):
    add_counts(
        world,
        meeting_counts={("26-44", "woman"): 3, ("26-44", "man"): 20, ("45-64", "woman"): 15},
        tally_counts={("45-64", "man"): 11},
    )
    result = dialogue_participation(world["dialogue"])
    cell = result.age_by_gender.cells["26-44", "woman"]
    assert cell.suppressed and cell.reason == "small"
    # The share of a hidden count is hidden too.
    by_band = {row.key: row for row in result.age_comparison}
    assert by_band == {}  # no population figures yet: nothing to compare
    assert result.population_year is None


@pytest.mark.django_db
def test_shares_against_latest_population_and_under_representation(world, municipality):
    population(municipality, 2020, dict.fromkeys(BANDS, (1, 1)))
    per_band = dict.fromkeys(BANDS, (500, 500))
    population(municipality, 2024, per_band)
    add_counts(
        world,
        meeting_counts={("26-44", "woman"): 30, ("26-44", "man"): 30, ("45-64", "woman"): 20},
        tally_counts={("45-64", "man"): 20, ("13-17", "woman"): 10, ("18-25", "man"): 10},
    )
    result = dialogue_participation(world["dialogue"])
    assert result.population_year == 2024
    rows = {row.key: row for row in result.age_comparison}
    # 120 participants with a known band; each band is 1/7 of the population.
    assert rows["26-44"].participants == 60
    assert rows["26-44"].participant_share == pytest.approx(0.5)
    assert rows["26-44"].population_share == pytest.approx(1 / 7)
    assert not rows["26-44"].under_represented
    # 65–79: nobody, 17 expected → under-represented.
    assert rows["65-79"].under_represented
    assert rows["65-79"].participants == 0
    # 13–17: 10 of 120 = 8.3 % ≥ half of 14.3 % → not under-represented.
    assert not rows["13-17"].under_represented
    genders = {row.key: row for row in result.gender_comparison}
    assert genders["woman"].participants == 60 and not genders["woman"].under_represented


@pytest.mark.django_db
def test_few_expected_is_not_flagged(world, municipality):
    # 80+ is 1 % of the population; with 20 participants 0.2 are expected.
    population(municipality, 2024, {"26-44": (495, 495), "80+": (5, 5)})
    add_counts(
        world, meeting_counts={("26-44", "woman"): 10, ("26-44", "man"): 10}, tally_counts={}
    )
    rows = {row.key: row for row in dialogue_participation(world["dialogue"]).age_comparison}
    assert not rows["80+"].under_represented


@pytest.mark.django_db
def test_target_groups_reached_not_reached_and_unmeasured(world, municipality):
    population(municipality, 2024, dict.fromkeys(BANDS, (500, 500)))
    add_counts(
        world,
        meeting_counts={("26-44", "woman"): 30, ("65-79", "man"): 20, ("80+", "woman"): 10},
        tally_counts={("45-64", "man"): 30},
    )
    dialogue = world["dialogue"]
    target(dialogue, "unga")
    target(dialogue, "aldre", reach=Reach.INDIRECT)
    target(dialogue, "barn", reach=Reach.NONE)
    target(dialogue, "foretagare")
    result = {group.slug: group for group in dialogue_participation(dialogue).target_groups}
    assert result["unga"].status == Status.NOT_REACHED  # no 13–25 at all
    assert result["aldre"].status == Status.REACHED  # 30 of 90, population share 2/7
    assert result["barn"].status == Status.NOT_REACHED  # the plan does not reach them
    assert result["foretagare"].status == Status.UNMEASURED


@pytest.mark.django_db
def test_target_groups_without_population_are_unmeasured(world):
    target(world["dialogue"], "unga")
    add_counts(world, meeting_counts={("13-17", "woman"): 10}, tally_counts={})
    (group,) = dialogue_participation(world["dialogue"]).target_groups
    assert group.status == Status.UNMEASURED


@pytest.mark.django_db
def test_district_population_and_whole_municipality_rows_are_not_double_counted(
    world, municipality
):
    population(municipality, 2024, {"26-44": (100, 100)})
    population(municipality, 2024, {"26-44": (60, 60)}, district=world["north"])
    population(municipality, 2024, {"26-44": (40, 40)}, district=world["south"])
    add_counts(world, meeting_counts={("26-44", "woman"): 10}, tally_counts={})
    result = dialogue_participation(world["dialogue"])
    (row,) = result.age_comparison
    assert row.population == 200
    districts = {row.key: row for row in result.district_comparison}
    assert districts[str(world["north"].pk)].population == 120
    assert districts[str(world["north"].pk)].population_share == pytest.approx(0.6)


@pytest.mark.django_db
def test_constant_number_of_queries(world, municipality):
    population(municipality, 2024, dict.fromkeys(BANDS, (500, 500)))
    target(world["dialogue"], "unga")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            dialogue_participation(world["dialogue"])
        return len(ctx.captured_queries)

    before = count()
    for _ in range(3):
        meeting = MeetingFactory(
            activity__dialogue=world["dialogue"],
            activity__district=f.DistrictFactory(municipality=municipality),
        )
        for band in BANDS:
            AttendanceCountFactory(meeting=meeting, age_band=band, gender="man", count=7)
        entry = OutreachEntryFactory(municipality=municipality, dialogue=world["dialogue"])
        OutreachTallyFactory(entry=entry, age_band="80+", gender="woman", count=9)
        target(world["dialogue"], f"grupp-{_}")
    assert count() == before <= 6


@pytest.mark.django_db
def test_shares_are_hidden_when_they_would_give_back_a_hidden_count(world, municipality):
    population(municipality, 2024, dict.fromkeys(BANDS, (500, 500)))
    # 3 of unknown age (hidden) and 3 men aged 26–44 (hidden): the shares of the
    # shown bands would give "participants of known age", and so the 3 unknown.
    add_counts(
        world,
        meeting_counts={("unknown", "woman"): 3, ("26-44", "man"): 3, ("26-44", "woman"): 40},
        tally_counts={("45-64", "woman"): 20, ("45-64", "man"): 30},
    )
    result = dialogue_participation(world["dialogue"])
    table = result.age_by_gender
    assert table.row_totals["unknown"].suppressed
    rows = {row.key: row for row in result.age_comparison}
    assert table.row_totals["26-44"].suppressed and not table.total.suppressed
    assert all(row.participant_share is None for row in rows.values())
    # The flag is still there: nobody over 65 took part.
    assert rows["65-79"].under_represented
