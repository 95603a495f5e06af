import csv
import importlib
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from delaktig.consultations.manifest import manifest
from delaktig.consultations.tests.factories import (
    ChoiceFactory,
    ConsultationActivityFactory,
    with_alternatives,
)
from delaktig.core.registry import ActivitySummary, registry
from delaktig.methods.models import Method
from delaktig.municipality.tests import factories as f

migration = importlib.import_module("delaktig.consultations.migrations.0002_link_catalogue")


def test_registered():
    assert "consultations" in registry
    assert registry.get("consultations") is manifest
    assert manifest.online and not manifest.offline
    assert manifest.ladder_levels == frozenset({2})
    assert {t.key for t in manifest.contribution_types} == {"reason"}
    assert {e.key for e in manifest.exports} == {
        "figures_csv",
        "figures_xlsx",
        "reasons_csv",
        "reasons_xlsx",
    }


@pytest.mark.django_db
def test_the_catalogue_entry_links_to_the_manifest():
    method = Method.objects.get(slug="konsultation-alternativ")
    assert method.manifest is manifest
    assert set(method.ladder_levels) & manifest.ladder_levels
    from django.apps import apps

    migration.link(apps, None)
    migration.link(apps, None)
    assert Method.objects.filter(registry_key="consultations").count() == 1


@pytest.mark.django_db
def test_urls():
    activity = ConsultationActivityFactory()
    assert manifest.participate_url(activity) == ""
    assert manifest.manage_url(activity) == reverse("consultation_staff:create", args=[activity.pk])
    consultation, _ = with_alternatives(activity=activity)
    assert manifest.participate_url(activity) == reverse(
        "consultations:detail", args=[consultation.pk]
    )
    assert manifest.manage_url(activity) == reverse(
        "consultation_staff:detail", args=[consultation.pk]
    )


def _figures(summary):
    return {figure.key: figure for figure in summary.figures}


@pytest.mark.django_db
def test_summary_applies_disclosure_control():
    consultation, (a, b) = with_alternatives()
    for _n in range(12):
        ChoiceFactory(alternative=a, gender="woman")
    for _n in range(8):
        ChoiceFactory(alternative=a, gender="man")
    for _n in range(3):
        ChoiceFactory(alternative=b, gender="woman", reason="Scen")
    summary = manifest.summarise(consultation.activity)
    assert isinstance(summary, ActivitySummary)
    assert _figures(summary)["choices"].value == 23
    counts_block, table_block, reasons_block = summary.blocks
    assert counts_block.kind == "counts"
    cells = counts_block.counts.cells
    # B has 3 (< 5): hidden; A is hidden too, or it would give B away (23 − 20).
    assert cells[b.pk].suppressed and cells[a.pk].suppressed
    assert counts_block.labels == {a.pk: a.title, b.pk: b.title}
    assert "23" in str(counts_block.text_summary)
    assert table_block.kind == "table"
    table = table_block.table
    assert table.cells[b.pk, "woman"].suppressed
    assert table.cells[a.pk, "woman"].value == 12 or table.cells[a.pk, "woman"].suppressed
    assert reasons_block.kind == "text" and reasons_block.stats == {"n": 3}


@pytest.mark.django_db
def test_summary_shows_figures_of_large_groups():
    consultation, (a, b) = with_alternatives()
    for _n in range(10):
        ChoiceFactory(alternative=a, gender="woman")
    for _n in range(6):
        ChoiceFactory(alternative=b, gender="woman")
    counts = manifest.summarise(consultation.activity).blocks[0].counts
    assert counts.cells[a.pk].value == 10 and counts.cells[b.pk].value == 6


@pytest.mark.django_db
def test_summary_without_a_consultation():
    summary = manifest.summarise(ConsultationActivityFactory())
    assert _figures(summary)["choices"].value == 0 and summary.blocks == []


@pytest.mark.django_db
def test_summary_runs_a_fixed_number_of_queries():
    consultation, alternatives = with_alternatives()
    with CaptureQueriesContext(connection) as few:
        manifest.summarise(consultation.activity)
    for alternative in alternatives:
        for gender in ("woman", "man", "other"):
            ChoiceFactory(alternative=alternative, gender=gender, reason="Därför")
    with_alternatives(consultation=consultation, titles=("C", "D"))
    with CaptureQueriesContext(connection) as many:
        manifest.summarise(consultation.activity)
    assert len(many.captured_queries) == len(few.captured_queries)


def _export(key, activity, viewer):
    return next(e for e in manifest.exports if e.key == key).export(activity, viewer)


@pytest.mark.django_db
def test_exports_hold_no_identities_and_only_disclosed_figures():
    consultation, (a, b) = with_alternatives()
    resident = f.UserFactory(email="anna.svensson@exempel.example", name="Anna Svensson")
    ChoiceFactory(alternative=a, user=resident, reason='=HYPERLINK("x")', gender="woman")
    for _n in range(9):
        ChoiceFactory(alternative=a, gender="woman", reason="Läsesal")
    for _n in range(2):
        ChoiceFactory(alternative=b, gender="man")
    official = f.official(consultation.activity.dialogue.unit)
    figures = _export("figures_csv", consultation.activity, official).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(figures), delimiter=";"))
    by_title = {}
    for row in rows:  # the first table: per alternative (the gender table follows)
        if row:
            by_title.setdefault(row[0], row)
    assert by_title[b.title][1] == "" and by_title[b.title][3] == "small"
    assert by_title[a.title][1] == ""  # secondary suppression
    reasons = _export("reasons_csv", consultation.activity, official).content.decode("utf-8-sig")
    for text in (figures, reasons):
        assert "svensson" not in text.lower()
        assert "@" not in text
    assert "'=HYPERLINK" in reasons  # a formula is neutralised
    assert reasons.count("Läsesal") == 9
    workbook = load_workbook(
        io.BytesIO(_export("reasons_xlsx", consultation.activity, official).content)
    )
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert "Läsesal" in values and not any("svensson" in str(v).lower() for v in values)
    load_workbook(io.BytesIO(_export("figures_xlsx", consultation.activity, official).content))


@pytest.mark.django_db
def test_exports_refuse_other_units_and_residents():
    consultation, _ = with_alternatives()
    for viewer in (f.official(), f.UserFactory()):
        with pytest.raises(PermissionDenied):
            _export("figures_csv", consultation.activity, viewer)


@pytest.mark.django_db
def test_personal_data_lists_a_persons_choices_and_reasons():
    consultation, (a, _b) = with_alternatives()
    resident = f.UserFactory()
    ChoiceFactory(alternative=a, user=resident, reason="Mina skäl")
    ChoiceFactory(alternative=a, reason="Någon annans")
    data = manifest.personal_data(resident)["consultation_choices"]
    assert len(data) == 1
    assert data[0]["alternative"] == a.title and data[0]["reason"] == "Mina skäl"


@pytest.mark.django_db
def test_reasons_hidden_by_a_moderator_stay_out_of_the_export():
    from django.contrib.auth.models import AnonymousUser

    from delaktig.consultations import services
    from delaktig.contributions.models import Contribution

    consultation, (a, _b) = with_alternatives()
    for text in ("Bra förslag", "Ring mig på 070-123 45 67"):
        services.choice_create(
            actor=AnonymousUser(), consultation=consultation, alternative=a, reason=text
        )
    Contribution.objects.filter(text__startswith="Ring").update(
        moderation=Contribution.Moderation.HIDDEN
    )
    official = f.official(consultation.activity.dialogue.unit)
    text = _export("reasons_csv", consultation.activity, official).content.decode("utf-8-sig")
    assert "Bra förslag" in text and "070-123" not in text


@pytest.mark.django_db
def test_the_compilation_can_serialise_the_summary():
    import json

    from delaktig.results.compilation import serialise_summary

    consultation, (a, b) = with_alternatives()
    for _n in range(6):
        ChoiceFactory(alternative=a, gender="woman")
        ChoiceFactory(alternative=b, gender="man")
    data = serialise_summary(manifest.summarise(consultation.activity))
    text = json.dumps(data)
    assert data["figures"][0]["value"] == 12
    assert [row["label"] for row in data["blocks"][0]["counts"]["rows"]] == [a.title, b.title]
    assert data["blocks"][1]["table"]["total"]["value"] == 12
    assert a.title in text
