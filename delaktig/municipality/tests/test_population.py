"""Importing SCB-shaped population tables."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delaktig.municipality.models import PopulationFigure
from delaktig.municipality.population import population_import
from delaktig.municipality.tests import factories as f


@pytest.fixture
def admin(municipality):
    return f.administrator(f.UnitFactory(municipality=municipality))


@pytest.fixture
def districts(municipality):
    return {
        "centrum": f.DistrictFactory(municipality=municipality, name="Centrum", code="0001"),
        "hamnen": f.DistrictFactory(municipality=municipality, name="Hamnen", code="0002"),
    }


def run(admin, municipality, text, *, year=2025, encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return population_import(actor=admin, municipality=municipality, year=year, file=data)


def figures(municipality, **filters):
    qs = PopulationFigure.objects.filter(municipality=municipality, **filters)
    return {(p.district.name if p.district else None, p.gender, p.age_band): p.count for p in qs}


@pytest.mark.django_db
def test_semicolons_single_ages_and_sex_codes(admin, municipality, districts):
    text = (
        "region;ålder;kön;antal\n"
        "0001 Centrum;23;1;40\n"
        "0001 Centrum;24;1;35\n"  # 23 and 24 are both 18–25: summed
        "0001 Centrum;24;2;30\n"
        "0002 Hamnen;100+;2;3\n"
        "0002 Hamnen;85;2;20\n"
    )
    result = run(admin, municipality, text)
    assert result.saved
    assert (result.rows_read, result.rows_imported, result.rows_skipped) == (5, 5, 0)
    assert figures(municipality, year=2025) == {
        ("Centrum", "man", "18-25"): 75,
        ("Centrum", "woman", "18-25"): 30,
        ("Hamnen", "woman", "80+"): 23,
    }
    assert [(t.label, t.count) for t in result.totals] == [("Centrum", 105), ("Hamnen", 23)]
    assert result.total == 128


@pytest.mark.django_db
def test_commas_english_words_bands_and_bom(admin, municipality, districts):
    text = (
        "\ufeffarea,age,sex,count\n"
        "Centrum,18-25,women,100\n"
        "centrum,13–17,men,50\n"  # en dash, lower case name
        "Exempelkommun,45-64,kvinnor,1000\n"  # the municipality's name: the whole
    )
    result = run(admin, municipality, text)
    assert result.rows_imported == 3
    assert figures(municipality, year=2025) == {
        ("Centrum", "woman", "18-25"): 100,
        ("Centrum", "man", "13-17"): 50,
        (None, "woman", "45-64"): 1000,
    }
    assert result.totals[-1].whole
    assert result.total == 1000


@pytest.mark.django_db
def test_latin1_with_year_column_and_title_line(admin, municipality, districts):
    text = (
        "Folkmängd efter region, ålder och kön\n"
        "region;ålder;kön;år;Folkmängd\n"
        "0001 Centrum;30 år;män;2024;12\n"
        "0001 Centrum;31 år;kvinnor;2024;13\n"
    )
    result = run(admin, municipality, text, year=None, encoding="latin-1")
    assert result.years == [2024]
    assert figures(municipality, year=2024) == {
        ("Centrum", "man", "26-44"): 12,
        ("Centrum", "woman", "26-44"): 13,
    }


@pytest.mark.django_db
def test_wide_table_with_a_column_per_year(admin, municipality, districts):
    text = '"region";"ålder";"kön";"2023";"2024"\n"0002 Hamnen";"40";"1";"7";"8"\n'
    result = run(admin, municipality, text, year=None)
    assert result.years == [2023, 2024]
    assert figures(municipality, year=2023) == {("Hamnen", "man", "26-44"): 7}
    assert figures(municipality, year=2024) == {("Hamnen", "man", "26-44"): 8}
    # With a year on the form only that year's column is used.
    PopulationFigure.objects.all().delete()
    run(admin, municipality, text, year=2024)
    assert set(PopulationFigure.objects.values_list("year", flat=True)) == {2024}


@pytest.mark.django_db
def test_bad_rows_are_skipped_with_reasons(admin, municipality, districts):
    text = (
        "region;ålder;kön;antal\n"
        "0001 Centrum;23;1;40\n"
        "9999 Okänd;23;1;40\n"  # unknown district
        "0001 Centrum;23;1;fyrtio\n"  # bad number
        "0001 Centrum;23;1;..\n"  # SCB's "no figure"
        "0001 Centrum;15-19;1;40\n"  # straddles 13–17 and 18–25
        "0001 Centrum;totalt;1;400\n"  # a total row
        "0001 Centrum;23;totalt;80\n"  # both sexes
        "0001 Centrum;23;x;80\n"  # unknown sex
        "0001 Centrum;-3;1;80\n"
        "\n"
        "0001 Centrum;23;1;-5\n"
    )
    with translation.override("en"):
        result = run(admin, municipality, text)
    assert result.rows_read == 10
    assert result.rows_imported == 1
    assert result.rows_skipped == 9
    lines = {row.line: row.reason for row in result.skipped}
    assert "9999 Okänd" in lines[3]
    assert "fyrtio" in lines[4]
    assert "15-19" in lines[6]
    assert "total" in lines[7] and "total" in lines[8]
    assert 12 in lines  # the blank line 11 is not a row
    assert figures(municipality, year=2025) == {("Centrum", "man", "18-25"): 40}


@pytest.mark.django_db
def test_import_replaces_the_year_level_by_level(admin, municipality, districts):
    run(admin, municipality, "area;age;sex;count\nCentrum;30;1;10\nExempelkommun;30;1;99\n")
    run(admin, municipality, "area;age;sex;count\nHamnen;30;2;5\n")
    # The district rows of 2025 were replaced; the whole-municipality row stays.
    assert figures(municipality, year=2025) == {
        ("Hamnen", "woman", "26-44"): 5,
        (None, "man", "26-44"): 99,
    }
    assert LogEntry.objects.filter(actor=admin, object_repr=municipality.name).count() == 2


@pytest.mark.django_db
def test_nothing_usable_changes_nothing(admin, municipality, districts):
    run(admin, municipality, "area;age;sex;count\nCentrum;30;1;10\n")
    result = run(admin, municipality, "area;age;sex;count\nOkänd;30;1;10\n")
    assert not result.saved
    assert result.rows_skipped == 1
    assert figures(municipality, year=2025) == {("Centrum", "man", "26-44"): 10}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "",
        "bara text utan kolumner\n",
        "region;ålder;antal\n0001;23;4\n",  # no sex column
    ],
)
def test_unreadable_files_are_refused(admin, municipality, districts, text):
    with pytest.raises(ValidationError):
        run(admin, municipality, text)
    assert not PopulationFigure.objects.exists()


@pytest.mark.django_db
def test_year_is_needed_when_the_file_has_none(admin, municipality, districts):
    with pytest.raises(ValidationError) as error:
        run(admin, municipality, "area;age;sex;count\nCentrum;30;1;10\n", year=None)
    assert "year" in error.value.message_dict


@pytest.mark.django_db
def test_only_administrators_import(municipality, districts):
    official = f.official(f.UnitFactory(municipality=municipality))
    with pytest.raises(PermissionDenied):
        run(official, municipality, "area;age;sex;count\nCentrum;30;1;10\n")


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    garbage=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda t: "region;ålder;kön;antal\n" + t),
        st.lists(
            st.tuples(
                st.sampled_from(["Centrum", "0002 Hamnen", "Okänd", "", "Exempelkommun", "\x00"]),
                st.one_of(st.text(max_size=6), st.integers(-5, 140).map(str)),
                st.sampled_from(["1", "2", "män", "kvinnor", "x", ""]),
                st.one_of(st.text(max_size=8), st.integers(-10, 10**12).map(str)),
            ),
            max_size=15,
        ).map(lambda rows: "area;age;sex;count\n" + "\n".join(";".join(r) for r in rows)),
    )
)
def test_garbage_never_half_imports(admin, municipality, districts, garbage):
    PopulationFigure.objects.all().delete()
    PopulationFigure.objects.create(
        municipality=municipality,
        year=2025,
        district=districts["hamnen"],
        gender="man",
        age_band="0-12",
        count=77,
    )
    try:
        result = run(admin, municipality, garbage)
    except ValidationError:
        # Refused: the earlier figures are untouched.
        assert figures(municipality) == {("Hamnen", "man", "0-12"): 77}
        return
    if not result.saved:
        assert figures(municipality) == {("Hamnen", "man", "0-12"): 77}
        return
    assert result.rows_imported > 0
    # Each level the file had is replaced by exactly what was imported; a level it
    # did not have is left as it was.
    stored = PopulationFigure.objects.filter(municipality=municipality)
    district_rows = [t.count for t in result.totals if not t.whole]
    whole_rows = [t.count for t in result.totals if t.whole]
    in_districts = stored.filter(district__isnull=False).aggregate(n=Sum("count"))["n"]
    in_whole = stored.filter(district__isnull=True).aggregate(n=Sum("count"))["n"]
    assert in_districts == (sum(district_rows) if district_rows else 77)
    assert (in_whole or 0) == sum(whole_rows)


# --- the page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_import_page_shows_result_and_totals(client, admin, municipality, districts):
    client.force_login(admin)
    client.cookies["delaktig_language"] = "en"
    upload = SimpleUploadedFile(
        "folkmangd.csv",
        "region;ålder;kön;antal\n0001 Centrum;23;1;40\nOkänd;1;1;1\n".encode("latin-1"),
    )
    response = client.post(reverse("reach:population"), {"file": upload, "year": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The figures have been imported" in html
    assert 'Centrum</th><td class="num">40</td>' in html
    assert "Line 3:" in html


@pytest.mark.django_db
def test_import_page_shows_file_errors_beside_the_field(client, admin, municipality):
    client.force_login(admin)
    upload = SimpleUploadedFile("tom.csv", b"\x00\x01\x02")
    response = client.post(reverse("reach:population"), {"file": upload, "year": "2025"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not PopulationFigure.objects.exists()
