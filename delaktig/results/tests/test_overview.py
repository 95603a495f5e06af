"""The municipality overview: figures on a known data set, disclosure, exports, queries."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from delaktig.contributions.models import Contribution
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.evaluations.models import Evaluation, Response
from delaktig.meetings.models import AttendanceCount, EvaluationResponse
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.models import PopulationFigure
from delaktig.municipality.tests import factories as f
from delaktig.outreach.tests.factories import OutreachEntryFactory, OutreachTallyFactory
from delaktig.results.models import Feedback
from delaktig.results.overview import municipality_overview

TODAY = datetime.date(2026, 12, 1)


def _published(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def data(municipality):
    unit = f.UnitFactory(municipality=municipality, name="Samhällsbyggnad")
    other = f.UnitFactory(municipality=municipality, name="Kultur")

    def dialogue(**kwargs):
        kwargs.setdefault("unit", unit)
        return DialogueFactory(municipality=municipality, **kwargs)

    on_time = dialogue(
        state="fed_back",
        ladder_level=2,
        starts_on=datetime.date(2026, 3, 1),
        feedback_due_on=datetime.date(2026, 6, 1),
    )
    Feedback.objects.create(
        dialogue=on_time, text="Tack", published_at=_published(datetime.date(2026, 5, 20))
    )
    late = dialogue(
        state="evaluated",
        ladder_level=4,
        starts_on=datetime.date(2026, 9, 1),
        feedback_due_on=datetime.date(2026, 10, 1),
    )
    Feedback.objects.create(
        dialogue=late, text="Tack", published_at=_published(datetime.date(2026, 10, 15))
    )
    overdue = dialogue(
        state="open",
        ladder_level=3,
        starts_on=datetime.date(2026, 2, 1),
        feedback_due_on=datetime.date(2026, 11, 1),
        unit=other,
    )
    dialogue(state="draft", ladder_level=5, starts_on=datetime.date(2026, 4, 1))
    older = dialogue(state="archived", ladder_level=1, starts_on=datetime.date(2025, 4, 1))

    meeting = MeetingFactory(activity__dialogue=on_time)
    AttendanceCount.objects.create(meeting=meeting, gender="woman", age_band="26-44", count=30)
    AttendanceCount.objects.create(meeting=meeting, gender="man", age_band="26-44", count=20)
    AttendanceCount.objects.create(meeting=meeting, gender="man", age_band="65-79", count=2)
    entry = OutreachEntryFactory(municipality=municipality, dialogue=late, people_met=40)
    OutreachTallyFactory(entry=entry, gender="woman", age_band="18-25", count=8)
    author = f.UserFactory()
    Contribution.objects.create(dialogue=overdue, author=author, method_key="x", kind="text")
    Contribution.objects.create(dialogue=older, author=author, method_key="x", kind="text")

    evaluation = Evaluation.objects.create(dialogue=on_time)
    for rating in (5, 4, 4, 3, 4, 4):
        Response.objects.create(evaluation=evaluation, channel="phone", listened_to=rating)
    for _n in range(2):
        EvaluationResponse.objects.create(meeting=meeting, channel="paper", listened_to=2)

    for band, n in (("18-25", 1000), ("26-44", 3000), ("65-79", 2000)):
        for gender in ("woman", "man"):
            PopulationFigure.objects.create(
                municipality=municipality, year=2026, age_band=band, gender=gender, count=n
            )
    return {"unit": unit, "other": other, "municipality": municipality}


def test_figures_for_a_year(data):
    overview = municipality_overview(
        municipality=data["municipality"], year=2026, today=TODAY, threshold=5
    )
    s = overview.selection
    # The draft was never announced: counted per state only.
    assert s.dialogues == 3
    assert {row.key: row.count for row in overview.by_level} == {1: 0, 2: 1, 3: 1, 4: 1, 5: 0}
    states = {row.key: row.count for row in overview.by_state}
    assert states["draft"] == 1 and states["open"] == 1 and states["archived"] == 0
    # 30 + 20 + 2 attended, 8 met in outreach tallies, 1 author.
    assert overview.raw["participants"] == 61
    assert s.participants.value == 61
    assert s.people_met.value == 40
    # Due: on time, late, and overdue without feedback.
    assert (s.feedback_due, s.feedback_on_time, s.on_time_percent) == (3, 1, 33)
    listened = s.rating("listened_to")
    assert listened.answered.value == 8
    assert listened.mean == round((5 + 4 + 4 + 3 + 4 + 4 + 2 + 2) / 8, 1)
    assert s.rating("purpose_clear").mean is None  # nobody answered
    assert overview.headline and "3" in overview.headline[0]


def test_over_time_per_year_and_half(data):
    overview = municipality_overview(municipality=data["municipality"], today=TODAY, threshold=5)
    years = [row.year.label for row in overview.over_time]
    assert years == ["2025", "2026"]
    year_2026 = overview.over_time[1]
    assert year_2026.year.dialogues == 3
    assert [half.dialogues for half in year_2026.halves] == [2, 1]
    assert overview.selection.dialogues == 4


def test_small_counts_are_hidden_and_cannot_be_worked_out(data):
    overview = municipality_overview(municipality=data["municipality"], today=TODAY, threshold=5)
    year_2025 = overview.over_time[0]
    # One author in 2025: hidden, and the total with it so 2025 cannot be subtracted.
    assert year_2025.year.participants.suppressed
    assert overview.selection.participants.suppressed or (
        overview.over_time[1].year.participants.suppressed
    )
    reach = {row.key: row.cells for row in overview.reach_rows}
    men_65 = reach["65-79"][1]
    assert men_65.participants.suppressed and men_65.participant_percent is None
    assert men_65.population_percent == pytest.approx(100 * 2000 / 12000, abs=0.1)


def test_under_represented_groups_are_flagged(data):
    overview = municipality_overview(
        municipality=data["municipality"], year=2026, today=TODAY, threshold=5
    )
    reach = {row.key: row.cells for row in overview.reach_rows}
    assert overview.raw["reach"][("26-44", "woman")] == 30
    assert not reach["26-44"][0].under_represented
    assert reach["65-79"][0].under_represented  # no older women at all


def test_unit_filter(data):
    overview = municipality_overview(
        municipality=data["municipality"], unit=data["other"], today=TODAY, threshold=5
    )
    assert overview.selection.dialogues == 1


@pytest.fixture
def admin_client(client, data):
    client.force_login(f.administrator(data["unit"]))
    return client


def test_page_and_exports(admin_client):
    page = admin_client.get(reverse("overview:index"), {"year": 2026})
    assert page.status_code == 200
    html = page.content.decode()
    assert "style=" not in html
    assert "<svg" in html
    response = admin_client.get(reverse("overview:csv"), {"year": 2026})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Avsnitt" or rows[0][0] == "Section"
    assert any(row[2] in ("Deltagare", "Participants") and row[3] == "61" for row in rows)
    workbook = admin_client.get(reverse("overview:xlsx"), {"year": 2026})
    assert workbook.content[:2] == b"PK"


def test_representative_and_any_official_read_it_residents_do_not(client, data):
    client.force_login(f.representative(data["other"]))
    assert client.get(reverse("overview:index")).status_code == 200
    client.force_login(f.official(f.UnitFactory(municipality=data["municipality"])))
    assert client.get(reverse("overview:index")).status_code == 200
    client.force_login(f.UserFactory())
    assert client.get(reverse("overview:index")).status_code == 403


def _many(municipality, n):
    unit = f.UnitFactory(municipality=municipality)
    for i in range(n):
        dialogue = DialogueFactory(
            municipality=municipality,
            unit=unit,
            state="fed_back",
            starts_on=datetime.date(2024 + i % 3, 1 + i % 12, 1),
            feedback_due_on=datetime.date(2027, 1, 1),
        )
        Feedback.objects.create(dialogue=dialogue, text="Tack", published_at=timezone.now())
        meeting = MeetingFactory(activity__dialogue=dialogue)
        AttendanceCount.objects.create(meeting=meeting, gender="woman", age_band="26-44", count=7)
        EvaluationResponse.objects.create(meeting=meeting, channel="paper", listened_to=4)
        evaluation = Evaluation.objects.create(dialogue=dialogue)
        Response.objects.create(evaluation=evaluation, channel="phone", knows_next=3)
    return unit


@pytest.mark.parametrize("n", [3, 60])
def test_constant_number_of_queries(client, municipality, django_assert_max_num_queries, n):
    unit = _many(municipality, n)
    client.force_login(f.administrator(unit))
    # Session, user, roles, municipality and units, then the overview's eight queries.
    with django_assert_max_num_queries(13):
        page = client.get(reverse("overview:index"))
    assert page.context["overview"].selection.dialogues == n


def test_export_hides_what_the_page_hides(admin_client):
    response = admin_client.get(reverse("overview:csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    participants_2025 = [row for row in rows if row[1] == "2025" and row[2] == "Deltagare"]
    assert participants_2025 and participants_2025[0][3] == ""
    assert participants_2025[0][4]  # the reason is written next to it
    # Nothing in the file is a small number of people.
    people = ("Deltagare", "Mötta i uppsökande samtal", "Svar på utvärderingar")
    for row in rows:
        if row[2] in people and row[3]:
            assert int(row[3]) == 0 or int(row[3]) >= 5, row
