import datetime

import pytest

from delaktig.results.disclosure import Reason, determined_cells
from delaktig.surveys.demo import GeneratedResponse, write_responses
from delaktig.surveys.models import Question
from delaktig.surveys.summaries import (
    DONT_KNOW,
    activity_summary,
    crosstab,
    survey_summary,
)
from delaktig.surveys.tests.factories import (
    SCALE_1_10,
    MatrixItemFactory,
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
    options,
)

pytestmark = pytest.mark.django_db
Kind = Question.Kind
DAY = datetime.date(2026, 3, 10)


def _responses(survey, answers_per_response, genders=None):
    generated = [
        GeneratedResponse(
            submitted_on=DAY,
            gender=(genders[i] if genders else ""),
            answers=answers,
        )
        for i, answers in enumerate(answers_per_response)
    ]
    write_responses(survey, generated)


@pytest.fixture
def survey():
    return SurveyFactory()


def test_single_choice_counts_and_shares(survey):
    question = QuestionFactory(section=SectionFactory(survey=survey))
    yes, no, other = options(question, "Ja", "Nej", other=True)
    _responses(
        survey,
        [[{"question": question, "option": yes}]] * 12
        + [[{"question": question, "option": no}]] * 6
        + [[{"question": question, "option": other, "text": "Kanske"}]] * 6,
    )
    result = survey_summary(survey, threshold=5).questions[0]
    rows = {row.label: row for row in result.distribution.rows}
    assert result.n.value == 24
    assert rows["Ja"].cell.value == 12
    assert rows["Ja"].share == pytest.approx(50.0)
    assert rows["Nej"].share == pytest.approx(25.0)
    assert rows["Ja"].bar_class == "bar-w-50"
    assert result.other_texts == 6


def test_hidden_count_hides_its_share(survey):
    question = QuestionFactory(section=SectionFactory(survey=survey))
    yes, no, maybe = options(question, "Ja", "Nej", "Vet inte")
    _responses(
        survey,
        [[{"question": question, "option": yes}]] * 20
        + [[{"question": question, "option": no}]] * 3
        + [[{"question": question, "option": maybe}]] * 8,
    )
    rows = {r.label: r for r in survey_summary(survey, threshold=5).questions[0].distribution.rows}
    assert rows["Nej"].cell.suppressed and rows["Nej"].cell.reason == Reason.SMALL
    assert rows["Nej"].share is None
    # The second hidden count (so that 31 − 20 − 8 cannot be worked out) has no share either.
    assert rows["Vet inte"].cell.suppressed and rows["Vet inte"].share is None
    assert rows["Ja"].share is not None


def test_scale_mean_median_and_dont_know_apart(survey):
    question = QuestionFactory(
        section=SectionFactory(survey=survey), kind=Kind.SCALE, settings=SCALE_1_10
    )
    values = [2] * 5 + [6] * 5 + [9] * 10
    _responses(
        survey,
        [[{"question": question, "value": v}] for v in values]
        + [[{"question": question, "dont_know": True}]] * 5,
    )
    result = survey_summary(survey, threshold=5).questions[0]
    stats = result.stats
    assert stats["n"] == 20
    assert stats["dont_know"] == 5
    assert stats["mean"] == pytest.approx(6.5)  # (10 + 30 + 90) / 20, "don't know" left out
    assert stats["median"] == pytest.approx(7.5)  # between the 10th (6) and 11th (9) value
    rows = {row.key: row for row in result.distribution.rows}
    assert rows[9].cell.value == 10
    assert rows[DONT_KNOW].cell.value == 5
    assert rows[1].cell.value == 0


def test_mean_hidden_below_threshold(survey):
    question = QuestionFactory(
        section=SectionFactory(survey=survey), kind=Kind.SCALE, settings=SCALE_1_10
    )
    _responses(survey, [[{"question": question, "value": 7}]] * 4)
    stats = survey_summary(survey, threshold=5).questions[0].stats
    assert stats["mean"] is None and stats["median"] is None


def test_matrix_ranking_number_date_text(survey):
    section = SectionFactory(survey=survey)
    matrix = QuestionFactory(
        section=section, kind=Kind.MATRIX, settings={"min": 1, "max": 5}, position=0
    )
    safe, easy = MatrixItemFactory(question=matrix), MatrixItemFactory(question=matrix)
    ranking = QuestionFactory(section=section, kind=Kind.RANKING, position=1)
    a, b = options(ranking, "A", "B")
    number = QuestionFactory(section=section, kind=Kind.NUMBER, position=2)
    date = QuestionFactory(section=section, kind=Kind.DATE, position=3)
    text = QuestionFactory(section=section, kind=Kind.LONG_TEXT, position=4)
    answers = []
    for i in range(12):
        first, second = (a, b) if i < 7 else (b, a)
        answers.append(
            [
                {"question": matrix, "item": safe, "value": 4},
                {"question": matrix, "item": easy, "value": 2 if i < 5 else 3},
                {"question": ranking, "option": first, "value": 1},
                {"question": ranking, "option": second, "value": 2},
                {"question": number, "number": i},
                {"question": date, "date": datetime.date(2026, 1 + i % 2, 5)},
                *([{"question": text, "text": "Fler bänkar"}] if i < 6 else []),
            ]
        )
    _responses(survey, answers)
    results = {r.question.pk: r for r in survey_summary(survey, threshold=5).questions}
    m = results[matrix.pk]
    assert [d.title for d in m.distributions] == [safe.text, easy.text]
    assert m.distributions[0].stats["mean"] == pytest.approx(4.0)
    assert m.distributions[1].stats["median"] == pytest.approx(3.0)
    r = {row.label: row for row in results[ranking.pk].distribution.rows}
    assert (r["A"].cell.value, r["B"].cell.value) == (7, 5)  # first places
    assert r["A"].mean_rank == pytest.approx(1.4)  # (7 × 1 + 5 × 2) / 12
    assert r["B"].mean_rank == pytest.approx(1.6)
    stats = results[number.pk].stats
    assert stats == {"n": 12, "mean": 5.5, "median": 5.5, "min": 0.0, "max": 11.0}
    months = results[date.pk].distribution.rows
    assert [row.cell.value for row in months] == [6, 6]
    assert results[text.pk].texts == 6
    assert "6" in results[text.pk].text_summary


def test_crosstab_hides_a_cell_of_three_for_good(survey):
    question = QuestionFactory(section=SectionFactory(survey=survey))
    yes, no = options(question, "Ja", "Nej")
    plan = [("woman", yes, 10), ("woman", no, 3), ("man", yes, 9), ("man", no, 12)]
    answers, genders = [], []
    for gender, option, n in plan:
        answers += [[{"question": question, "option": option}]] * n
        genders += [gender] * n
    _responses(survey, answers, genders)
    table = crosstab(question, "gender", threshold=5)
    assert table.cells[no.pk, "woman"].suppressed
    assert table.cells[no.pk, "woman"].reason == Reason.SMALL
    # No combination of what is shown gives the 3 back.
    true = {(option.pk, gender): n for gender, option, n in plan}
    rows, cols = table.row_keys, table.column_keys
    augmented = [[true.get((r, c), 0) for c in cols] for r in rows]
    augmented = [[*row, sum(row)] for row in augmented]
    augmented.append([sum(row[j] for row in augmented) for j in range(len(cols) + 1)])
    shown = [[*row.cells, row.total] for row in table.rows]
    shown.append([*table.column_total_cells, table.total])
    hidden = {
        (i, j) for i, line in enumerate(shown) for j, cell in enumerate(line) if cell.suppressed
    }
    for i, line in enumerate(shown):  # what is shown is the truth
        for j, cell in enumerate(line):
            assert cell.suppressed or cell.value == augmented[i][j]
    assert (rows.index(no.pk), cols.index("woman")) in hidden
    assert determined_cells(augmented, hidden) == set()


def test_scale_crosstab_by_gender_has_dont_know_row(survey):
    question = QuestionFactory(
        section=SectionFactory(survey=survey), kind=Kind.SCALE, settings=SCALE_1_10
    )
    _responses(
        survey,
        [[{"question": question, "value": 8}]] * 6 + [[{"question": question, "dont_know": True}]],
        ["woman"] * 7,
    )
    table = crosstab(question, "gender", threshold=5)
    assert table.row_keys[-1] == DONT_KNOW
    assert table.cells[DONT_KNOW, "woman"].reason == Reason.SMALL
    # 6 − 1 would give it back, so the six is hidden too.
    assert table.cells[8, "woman"].reason == Reason.SECONDARY


def _many_questions(survey, count):
    section = SectionFactory(survey=survey)
    kinds = [Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE, Kind.MATRIX, Kind.RANKING]
    kinds += [Kind.NUMBER, Kind.DATE, Kind.DISTRICT, Kind.LONG_TEXT]
    made = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        question = QuestionFactory(section=section, kind=kind, settings={"min": 1, "max": 5})
        if kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING):
            options(question, "A", "B", "C")
        if kind == Kind.MATRIX:
            MatrixItemFactory(question=question)
            MatrixItemFactory(question=question)
        made.append(question)
    answers = []
    for question in made:
        if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            answers.append({"question": question, "option": question.options.first()})
        elif question.kind == Kind.RANKING:
            answers.append({"question": question, "option": question.options.first(), "value": 1})
        elif question.kind == Kind.SCALE:
            answers.append({"question": question, "value": 3})
        elif question.kind == Kind.MATRIX:
            answers.append({"question": question, "item": question.items.first(), "value": 3})
        elif question.kind == Kind.NUMBER:
            answers.append({"question": question, "number": 5})
        elif question.kind == Kind.DATE:
            answers.append({"question": question, "date": DAY})
        elif question.kind == Kind.LONG_TEXT:
            answers.append({"question": question, "text": "Text"})
    _responses(survey, [answers] * 6)


@pytest.mark.parametrize("count", [2, 20])
def test_survey_summary_constant_queries(survey, count, django_assert_max_num_queries):
    _many_questions(survey, count)
    with django_assert_max_num_queries(13):
        summary = survey_summary(survey)
        assert len(summary.questions) == count


def test_activity_summary_has_responses_and_blocks(survey):
    question = QuestionFactory(section=SectionFactory(survey=survey))
    yes, no = options(question, "Ja", "Nej")
    text = QuestionFactory(section=question.section, kind=Kind.SHORT_TEXT)
    _responses(
        survey,
        [[{"question": question, "option": yes}, {"question": text, "text": "Bra"}]] * 7
        + [[{"question": question, "option": no}]] * 2,
    )
    summary = activity_summary(survey.activity)
    assert summary.figures[0].key == "responses" and summary.figures[0].value == 9
    counts, by_gender, texts = summary.blocks
    assert counts.kind == "counts" and counts.counts.cells[no.pk].suppressed
    assert by_gender.kind == "table" and by_gender.table.column_keys[0] == "woman"
    assert counts.labels[yes.pk] == "Ja"
    assert counts.text_summary
    assert texts.kind == "text" and texts.stats == {"n": 7}


def test_cached_summary_is_the_same_and_recounts_after_a_submission(
    survey, django_assert_max_num_queries
):
    _many_questions(survey, 9)
    fresh = survey_summary(survey)
    survey_summary(survey, cached=True)
    with django_assert_max_num_queries(5):  # questions, options, rows, languages, districts
        again = survey_summary(survey, cached=True)
    first = [[r.cell for d in q.distributions for r in d.rows] for q in fresh.questions]
    assert first == [[r.cell for d in q.distributions for r in d.rows] for q in again.questions]
    question = survey.questions.get(kind=Kind.SINGLE)
    _responses(survey, [[{"question": question, "option": question.options.last()}]] * 5)
    after = survey_summary(survey, cached=True)
    assert after.responses.value == 11
    assert after.questions[0].distribution.rows[-1].cell.value == 5
