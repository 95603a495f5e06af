"""A small count never leaves the platform: not in the compilation, the report page,
its charts, the PDF, the CSV, the XLSX or the JSON.

The world has a question answered Ja 112, Nej 3 and Kanske 47: 3 is below the
threshold (5) and 47 is hidden with it, since 162 − 112 − 47 would give it back.
The attendance table has 2 women over 80 (hidden too).
"""

import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from delaktig.reports import services

from .test_views import pdf_text


@pytest.fixture
def version(world, survey_method):
    return services.report_publish(actor=world["official"], dialogue=world["dialogue"])


def _rows(text: str, label: str) -> list[str]:
    return [line for line in text.splitlines() if label in line]


@pytest.mark.django_db
def test_snapshot_stores_no_hidden_value(version):
    block = next(
        b
        for a in version.snapshot["activities"]
        for b in a["summary"]["blocks"]
        if b["key"] == "q1"
    )
    rows = {row["label"]: row for row in block["counts"]["rows"]}
    assert rows["Nej"] == {
        "key": "no",
        "label": "Nej",
        "value": None,
        "suppressed": True,
        "reason": "small",
    }
    assert rows["Kanske"]["value"] is None and rows["Kanske"]["reason"] == "secondary"
    assert rows["Ja"]["value"] == 112
    dumped = json.dumps(version.snapshot)
    assert '"value": 47' not in dumped and '"value": 3,' not in dumped


@pytest.mark.django_db
def test_html_and_chart_hide_small_counts(client, world, version):
    for url in (
        reverse("reports:detail", args=[world["dialogue"].slug]),
        reverse("compilation:dialogue", args=[world["dialogue"].pk]),
    ):
        client.force_login(world["official"])
        html = client.get(url).content.decode()
        assert "Vill du ha en ny lekplats?" in html
        assert ">112<" in html  # the chart's label and the data table
        assert ">3<" not in html and ">47<" not in html, url
        assert not re.search(r"Nej</th>\s*<td[^>]*>\s*\d", html)
        # The 2 women over 80 at the meeting.
        assert not re.search(r"80 år eller äldre</th>\s*<td[^>]*>\s*[1-9]", html)


@pytest.mark.django_db
def test_pdf_hides_small_counts(client, world, version):
    text = pdf_text(client.get(reverse("reports:pdf", args=[world["dialogue"].slug, 1])).content)
    assert "Vill du ha en ny lekplats?" in text
    assert "112" in text
    assert "47" not in text
    assert not re.search(r"Nej\s*3\b", text)


@pytest.mark.django_db
def test_csv_xlsx_json_hide_small_counts(client, world, version):
    args = [world["dialogue"].slug, 1]
    csv_text = client.get(reverse("reports:csv", args=args)).content.decode()
    [nej] = _rows(csv_text, ",Nej,")
    assert nej.endswith(",,yes,small")
    assert ",47," not in csv_text
    for line in _rows(csv_text, "80 år eller äldre"):
        assert re.search(r",(0)?,(yes|no),", line), line
        assert not re.search(r",[1-4],", line), line
    sheet = load_workbook(io.BytesIO(client.get(reverse("reports:xlsx", args=args)).content))[
        "figures"
    ]
    values = list(sheet.iter_rows(values_only=True))
    nej_row = next(row for row in values if row[3] == "Nej")
    assert nej_row[5] is None and nej_row[6] == "yes"
    assert all(row[5] not in (3, 47) for row in values if row[2] == "Vill du ha en ny lekplats?")
    assert all(row[5] is None or row[5] == 0 for row in values if row[3] == "80 år eller äldre")
    data = client.get(reverse("reports:json", args=args)).content.decode()
    assert '"value": 47' not in data and '"value": 3,' not in data
