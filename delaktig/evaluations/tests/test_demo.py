"""The two demo dialogues carried through the whole cycle; loading twice adds nothing."""

import pytest

from delaktig.audit.context import acting_as
from delaktig.contributions.models import Contribution
from delaktig.dialogues import demo as dialogues_demo
from delaktig.evaluations import demo
from delaktig.evaluations.models import Evaluation, Response
from delaktig.meetings import demo as meetings_demo
from delaktig.municipality import demo as municipality_demo
from delaktig.results.models import Decision, Feedback
from delaktig.themes.models import Theme

SLUGS = ("trygghetsvandring-norrby", "hur-blir-vi-friskare")
COUNTED = (Contribution, Theme, Decision, Feedback, Evaluation, Response)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def load_all():
    with acting_as(None):
        for loader in (municipality_demo.load, dialogues_demo.load, meetings_demo.load, demo.load):
            loader(log=lambda message: None)


@pytest.fixture
def loaded(db, mailoutbox):
    load_all()
    return mailoutbox


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    load_all()
    assert counts() == before


def test_both_dialogues_go_all_the_way(loaded):
    for slug in SLUGS:
        assert Contribution.objects.filter(dialogue__slug=slug).exclude(text="").count() >= 15
        themes = Theme.objects.filter(dialogue__slug=slug)
        assert themes.count() >= 2 and all(theme.published for theme in themes)
        assert Decision.objects.filter(dialogue__slug=slug).exists()
        feedback = Feedback.objects.get(dialogue__slug=slug)
        assert feedback.published_at is not None
        evaluations = Evaluation.objects.filter(dialogue__slug=slug)
        assert evaluations.filter(activity__isnull=True).exists()
        assert evaluations.filter(activity__isnull=False).exists()
        assert Response.objects.filter(evaluation__dialogue__slug=slug).count() >= 30
    # Loading demo data mails nobody.
    assert loaded == []


def test_the_report_is_published_when_the_reports_app_has_the_service(loaded):
    from delaktig.reports.models import ReportVersion

    for slug in SLUGS:
        assert ReportVersion.objects.filter(report__dialogue__slug=slug).exists()
