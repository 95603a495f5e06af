"""A group's yearly report to the council, as a page and as a PDF."""

import datetime
import io
import random

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from delaktig.municipality.models import PopulationFigure
from delaktig.municipality.tests import factories as f
from delaktig.outreach.models import OutreachEntry
from delaktig.outreach.tests.factories import DraftingGroupFactory

YEAR = 2025


@pytest.fixture
def report_world(municipality):
    rng = random.Random(2025)
    group = DraftingGroupFactory(municipality=municipality, name="Framtidsberedningen")
    other = DraftingGroupFactory(municipality=municipality, name="Demokratiberedningen")
    districts = [f.DistrictFactory(municipality=municipality) for _ in range(3)]
    topic = f.TopicFactory(name="Ungdomsfrågor", slug="ungdomsfragor")
    for district in districts:
        PopulationFigure.objects.create(
            municipality=municipality,
            year=YEAR,
            district=district,
            gender="man",
            age_band="45-64",
            count=2000,
        )
    for _ in range(60):
        people = rng.randint(1, 120)
        entry = OutreachEntry.objects.create(
            municipality=municipality,
            kind=rng.choice(["street", "school", "association"]),
            date=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randint(-40, 400)),
            district=rng.choice(districts),
            unit=rng.choice([group, group, other]),
            people_met=people,
            conversations=rng.randint(0, people),
            notes=rng.choice(["", "Bussarna."]),
        )
        if rng.random() < 0.5:
            entry.topics.add(topic)
    stored = OutreachEntry.objects.filter(unit=group, date__year=YEAR)
    return {
        "group": group,
        "people": sum(e.people_met for e in stored),
        "conversations": sum(e.conversations for e in stored),
        "with_topic": stored.filter(topics=topic).count(),
        "notes": stored.exclude(notes="").count(),
        "member": f.representative(group),
    }


def as_english(number):
    with translation.override("en"):
        return intcomma(number)


@pytest.mark.django_db
def test_report_page_lists_people_met_and_conversations(client, report_world):
    client.force_login(report_world["member"])
    client.cookies["delaktig_language"] = "en"
    group = report_world["group"]
    response = client.get(reverse("reach:group_report", args=[group.pk]), {"year": YEAR})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Framtidsberedningen met {as_english(report_world['people'])} people" in html
    assert f"held {as_english(report_world['conversations'])} conversations" in html
    assert f"<dd>{as_english(report_world['notes'])}</dd>" in html
    assert f'Ungdomsfrågor</th><td class="num">{report_world["with_topic"]}</td>' in html
    assert reverse("reach:group_report_pdf", args=[group.pk]) in html


@pytest.mark.django_db
def test_report_pdf_lists_the_same_totals(client, report_world):
    client.force_login(report_world["member"])
    client.cookies["delaktig_language"] = "en"
    group = report_world["group"]
    response = client.get(reverse("reach:group_report_pdf", args=[group.pk]), {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"framtidsberedningen-{YEAR}.pdf" in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "People met" in text
    assert "Conversations" in text
    assert f"met {as_english(report_world['people'])} people" in text
    assert f"held {as_english(report_world['conversations'])} conversations" in text


@pytest.mark.django_db
def test_report_defaults_to_this_year_and_ignores_a_bad_year(client, report_world):
    client.force_login(report_world["member"])
    url = reverse("reach:group_report", args=[report_world["group"].pk])
    assert client.get(url).status_code == 200
    assert client.get(url, {"year": "nonsense"}).status_code == 200


@pytest.mark.django_db
def test_who_we_met_hides_a_small_group_so_it_cannot_be_worked_out(municipality):
    from delaktig.outreach.models import OutreachEntry
    from delaktig.outreach.reach import who_we_met
    from delaktig.outreach.tests.factories import OutreachEntryFactory, OutreachTallyFactory

    entry = OutreachEntryFactory(municipality=municipality, people_met=60, conversations=30)
    OutreachTallyFactory(entry=entry, gender="woman", age_band="18-25", count=3)
    OutreachTallyFactory(entry=entry, gender="man", age_band="26-44", count=40)
    who = who_we_met(OutreachEntry.objects.filter(pk=entry.pk))
    genders = {row["label"]: row for row in who["genders"]}
    shown = [row["count"] for row in who["genders"] if not row["hidden"]]
    # The woman's 3 is hidden, and neither the man's 40 nor the counted total may
    # be shown beside it, or 43 − 40 would give it back.
    assert any(row["hidden"] and row["small"] for row in genders.values())
    assert who["counted"] is None or len(shown) == 0
