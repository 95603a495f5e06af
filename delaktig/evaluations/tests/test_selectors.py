"""Combined results: disclosure control on counts and on what a mean gives away."""

from delaktig.evaluations.models import Evaluation, Response
from delaktig.evaluations.selectors import dialogue_results


def _answers(evaluation, values):
    Response.objects.bulk_create(
        Response(evaluation=evaluation, channel="phone", listened_to=value) for value in values
    )


def test_small_steps_are_merged_into_bands_next_to_the_mean(world):
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])
    _answers(evaluation, [1] * 3 + [2] * 3 + [4] * 6 + [5] * 6)
    results = dialogue_results(world["dialogue"], threshold=5)
    listened = next(q for q in results.questions if q.name == "listened_to")
    assert listened.mean == round((3 + 6 + 24 + 30) / 18, 1)
    shown = {share.value: share.count.value for share in listened.shares}
    assert shown == {"1–2": 6, "3": 0, "4–5": 12}


def test_large_steps_are_shown_as_they_are(world):
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])
    _answers(evaluation, [3] * 5 + [4] * 7)
    results = dialogue_results(world["dialogue"], threshold=5)
    listened = next(q for q in results.questions if q.name == "listened_to")
    assert [share.count.value for share in listened.shares] == [0, 0, 5, 7, 0]
    assert results.total.value == 12


def test_few_answers_show_no_mean_and_hide_counts(world):
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])
    _answers(evaluation, [5, 5, 4])
    results = dialogue_results(world["dialogue"], threshold=5)
    listened = next(q for q in results.questions if q.name == "listened_to")
    assert listened.mean is None
    assert listened.answered.suppressed and results.total.suppressed


def test_number_of_queries_does_not_grow_with_answers(world, django_assert_num_queries):
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])
    _answers(evaluation, [4] * 40)
    with django_assert_num_queries(4):
        dialogue_results(world["dialogue"])
