import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from delaktig.municipality.tests import factories as f
from delaktig.surveys import exports
from delaktig.surveys.demo import GeneratedResponse, write_responses
from delaktig.surveys.models import Question, Response
from delaktig.surveys.tests.factories import (
    MatrixItemFactory,
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
    options,
)

pytestmark = pytest.mark.django_db
Kind = Question.Kind


def _survey(anonymous=True):
    survey = SurveyFactory(anonymous=anonymous, title="Hamnen")
    section = SectionFactory(survey=survey)
    choice = QuestionFactory(section=section, key="fard", text="Hur?")
    walk, _bus, other = options(choice, "Till fots", "Buss", other=True)
    matrix = QuestionFactory(section=section, key="pst", kind=Kind.MATRIX, settings={"max": 5})
    first = MatrixItemFactory(question=matrix)
    MatrixItemFactory(question=matrix)
    words = QuestionFactory(section=section, key="ord", kind=Kind.LONG_TEXT)
    generated = [
        GeneratedResponse(
            submitted_on=datetime.date(2026, 3, 1),
            gender="woman",
            answers=[
                {"question": choice, "option": walk},
                {"question": matrix, "item": first, "value": 4},
                {"question": words, "text": '=HYPERLINK("http://x")'},
            ],
        ),
        GeneratedResponse(
            submitted_on=datetime.date(2026, 3, 2),
            answers=[{"question": choice, "option": other, "text": "Båt"}],
        ),
    ]
    write_responses(survey, generated)
    return survey


def _viewer(survey):
    return f.official(survey.activity.dialogue.unit)


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def test_csv_streams_one_row_per_response_and_one_column_per_question():
    survey = _survey()
    response = exports.responses_csv(survey, _viewer(survey))
    assert response.streaming
    rows = _csv_rows(response)
    keys = rows[0]
    assert keys == [
        "nr", "inskickad", "sprak", "bakgrund_alder", "bakgrund_kon", "bakgrund_kommundel",
        "fard", "fard_annat", "pst_1", "pst_2", "ord",
    ]  # fmt: skip
    data = rows[2:]
    assert len(data) == 2
    first = dict(zip(keys, data[0], strict=True))
    assert first["fard"] == "Till fots" and first["pst_1"] == "4" and first["pst_2"] == ""
    assert first["bakgrund_kon"] in ("Kvinna", "Woman")
    assert first["ord"].startswith("'=")  # never run as a formula
    second = dict(zip(keys, data[1], strict=True))
    assert second["fard"] == "Annat" and second["fard_annat"] == "Båt"


def test_anonymous_export_holds_no_identities():
    survey = _survey()
    ids = {str(pk) for pk in Response.objects.values_list("id", flat=True)}
    body = b"".join(exports.responses_csv(survey, _viewer(survey)).streaming_content).decode()
    assert "namn" not in body.splitlines()[0] and "epost" not in body.splitlines()[0]
    assert not any(pk in body for pk in ids)


def test_named_survey_export_adds_name_and_email():
    survey = _survey(anonymous=False)
    person = f.UserFactory(name="Ada Andersson")
    Response.objects.filter(survey=survey, gender="woman").update(user=person)
    rows = _csv_rows(exports.responses_csv(survey, _viewer(survey)))
    assert "namn" in rows[0] and "epost" in rows[0]
    assert any("Ada Andersson" in row for row in rows)


def test_xlsx_is_streamed_with_the_same_columns():
    survey = _survey()
    response = exports.responses_xlsx(survey, _viewer(survey))
    assert response.streaming
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][6:8] == ("fard", "fard_annat")
    assert len(rows) == 4


def test_summary_csv_has_figures_and_hides_small_counts():
    survey = _survey()
    rows = _csv_rows(exports.summary_csv(survey, _viewer(survey)))
    walk = next(r for r in rows if len(r) > 3 and r[3] == "Till fots")
    assert walk[4] == "" and walk[6] == "small"


def test_exports_check_permission():
    survey = _survey()
    with pytest.raises(PermissionDenied):
        exports.responses_csv(survey, f.official())
    with pytest.raises(PermissionDenied):
        exports.summary_csv(survey, f.UserFactory())


def test_a_question_key_like_a_fixed_column_gets_its_own_column():
    survey = _survey()
    QuestionFactory(section=survey.sections.first(), key="inskickad", kind=Kind.NUMBER)
    keys = _csv_rows(exports.responses_csv(survey, _viewer(survey)))[0]
    assert keys.count("inskickad") == 1 and "inskickad_fraga" in keys
