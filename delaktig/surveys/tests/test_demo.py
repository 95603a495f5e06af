"""Demo surveys: a finished one with thousands of responses, a running one; idempotent."""

import time

import pytest

from delaktig.audit.context import acting_as
from delaktig.contributions.models import Contribution
from delaktig.dialogues import demo as dialogues_demo
from delaktig.municipality import demo as municipality_demo
from delaktig.surveys import demo
from delaktig.surveys.models import Answer, Question, Response, Survey
from delaktig.surveys.summaries import survey_summary


def load_all() -> float:
    """Load the demo (as load_demo does, in INSTALLED_APPS order); the surveys' own time."""
    with acting_as(None):
        municipality_demo.load(log=lambda message: None)
        dialogues_demo.load(log=lambda message: None)
        started = time.perf_counter()
        demo.load(log=lambda message: None)
        return time.perf_counter() - started


@pytest.fixture
def loaded(db):
    return load_all()


def counts():
    return [m.objects.count() for m in (Survey, Question, Response, Answer, Contribution)]


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    load_all()
    assert counts() == before


def test_finished_and_running_surveys(loaded):
    finished = Survey.objects.get(
        activity__dialogue__slug="kulturhuset", title="Enkät: välj mellan förslag A och B"
    )
    running = Survey.objects.get(activity__dialogue__slug="hamnomradet")
    assert finished.state == Survey.State.CLOSED and running.state == Survey.State.OPEN
    assert finished.responses.count() == 3000
    assert 20 <= running.responses.count() <= 100
    kinds = set(finished.questions.values_list("kind", flat=True))
    assert {"single", "multiple", "scale", "matrix", "ranking", "long_text"} <= kinds
    # Background answers are spread over genders, age bands and districts.
    assert finished.responses.values("gender").distinct().count() >= 4
    assert finished.responses.values("district").distinct().count() >= 3
    # Free texts are contributions too, so themes and the compilation see them.
    texts = Answer.objects.filter(survey=finished, question__kind="long_text")
    assert texts.exists() and not texts.filter(contribution__isnull=True).exists()
    summary = survey_summary(finished)
    assert summary.responses.value == 3000


def test_loads_in_seconds(loaded):
    # 3,000 responses in bulk: a few seconds, with room for a busy test machine.
    assert loaded < 30
