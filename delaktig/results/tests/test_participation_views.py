"""The staff page "who took part": permissions, figures and disclosure control."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaktig.dialogues.models import DialogueTargetGroup, Reach
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.tests.factories import AttendanceCountFactory, MeetingFactory
from delaktig.municipality.models import PopulationFigure
from delaktig.municipality.tests import factories as f
from delaktig.outreach.tests.factories import OutreachEntryFactory, OutreachTallyFactory

BANDS = ["0-12", "13-17", "18-25", "26-44", "45-64", "65-79", "80+"]


@pytest.fixture
def english(client):
    client.cookies["delaktig_language"] = "en"
    return client


@pytest.fixture
def world(municipality):
    unit = f.UnitFactory(municipality=municipality)
    dialogue = DialogueFactory(municipality=municipality, unit=unit, state="open")
    district = f.DistrictFactory(municipality=municipality, name="Centrum")
    meeting = MeetingFactory(activity__dialogue=dialogue, activity__district=district)
    entry = OutreachEntryFactory(municipality=municipality, dialogue=dialogue, district=district)
    for band in BANDS:
        for gender in ("woman", "man"):
            PopulationFigure.objects.create(
                municipality=municipality,
                year=2024,
                district=district,
                gender=gender,
                age_band=band,
                count=400,
            )
    counts = {
        ("26-44", "woman"): 23,
        ("26-44", "man"): 17,
        ("45-64", "woman"): 31,
        ("45-64", "man"): 3,  # small: must not appear
        ("65-79", "woman"): 12,
        ("65-79", "man"): 14,
    }
    for (band, gender), n in counts.items():
        AttendanceCountFactory(meeting=meeting, age_band=band, gender=gender, count=n)
    OutreachTallyFactory(entry=entry, age_band="26-44", gender="woman", count=8)
    group = f.TargetGroupFactory(slug="unga", name="Unga")
    DialogueTargetGroup.objects.create(dialogue=dialogue, target_group=group, reach=Reach.DIRECT)
    return {
        "dialogue": dialogue,
        "unit": unit,
        "url": reverse("participation:dialogue", args=[dialogue.pk]),
        "meeting": meeting,
    }


def row_cells(html, label):
    """The cell texts of the first table row whose header is ``label``."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, flags=re.DOTALL)
    assert match, label
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), flags=re.DOTALL)
    ]


@pytest.mark.django_db
def test_refuses_anonymous_residents_and_other_units(client, world):
    url = world["url"]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    client.force_login(f.UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(f.official())
    assert client.get(url).status_code == 403
    client.force_login(f.official(world["unit"]))
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_own_official_and_administrator_see_the_page(english, world):
    for user in (f.official(world["unit"]), f.administrator()):
        english.force_login(user)
        response = english.get(world["url"])
        assert response.status_code == 200
        assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1


@pytest.mark.django_db
def test_figures_are_the_sums_and_small_ones_are_suppressed(english, world):
    english.force_login(f.official(world["unit"]))
    html = english.get(world["url"]).content.decode()
    # Age band × gender: columns woman, man, other, unstated, total.
    assert row_cells(html, "26–44 years")[:2] == ["31", "17"]
    assert row_cells(html, "26–44 years")[-1] == "48"
    cells_45 = row_cells(html, "45–64 years")
    assert "fewer than 5" in cells_45[1]  # the 3 men
    assert ">3<" not in html.split("45–64 years", 1)[1].split("</tr>", 1)[0]
    # With the row total shown, a second figure in the row is hidden so that
    # total minus the rest does not give the 3 back.
    hidden = [cell for cell in cells_45 if "hidden" in cell or "fewer than" in cell]
    assert len(hidden) >= 2
    assert "hidden to protect individuals" in html
    # Under-represented groups named in text, not only colour.
    assert "Under-represented groups:" in html
    assert "0–12 years" in html.split("Under-represented groups:", 1)[1].split("</p>", 1)[0]
    # The target group "unga" (13–25): nobody of those ages took part.
    assert "Not reached" in html
    # The chart has its text summary and is followed by the data table.
    assert 'role="img"' in html and 'aria-labelledby="chart-heading chart-summary"' in html


@pytest.mark.django_db
def test_query_count_does_not_grow_with_data(english, world, municipality):
    english.force_login(f.official(world["unit"]))
    english.get(world["url"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert english.get(world["url"]).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(3):
        meeting = MeetingFactory(
            activity__dialogue=world["dialogue"],
            activity__district=f.DistrictFactory(municipality=municipality),
        )
        AttendanceCountFactory(meeting=meeting, age_band="80+", gender="man", count=6)
    assert count() == before
