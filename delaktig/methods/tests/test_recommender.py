"""The recommender against the real catalogue (the data migration runs in the test DB).

The seed cases are the ones where the right answer is clear from the seeds:
Piteå's handbook names the lunch dialogue for people at work and surveys for
consultation; participatory budgets are the example of co-determination; and
Piteå's youth formats (Unga tycker, Fråga en politiker) reach young people.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from delaktig.methods.models import Level, Method, Mode
from delaktig.methods.recommender import Recommendation, recommend_methods
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.models import TargetGroup

pytestmark = pytest.mark.django_db


def groups(*slugs):
    return [TargetGroup.objects.get(slug=slug) for slug in slugs]


def slugs(recommendations):
    return [r.method.slug for r in recommendations]


def test_consultation_for_busy_families_suggests_survey_or_lunch_dialogue():
    ranked = slugs(recommend_methods(ladder_level=2, target_groups=groups("barnfamiljer")))
    assert ranked[0] in {"enkat", "lunchdialog"}
    assert {"enkat", "lunchdialog"} <= set(ranked[:3])


def test_codetermination_suggests_participatory_budget_first():
    assert slugs(recommend_methods(ladder_level=5))[0] == "medborgarbudget"
    assert slugs(recommend_methods(ladder_level=5, target_groups=groups("alla")))[0] == (
        "medborgarbudget"
    )


def test_codetermination_for_youth_puts_their_own_format_first():
    ranked = slugs(recommend_methods(ladder_level=5, target_groups=groups("unga")))
    assert ranked[:2] == ["papp", "medborgarbudget"]


def test_youth_at_dialogue_level_get_youth_formats_and_outreach():
    ranked = slugs(recommend_methods(ladder_level=3, target_groups=groups("unga")))
    assert {"skolbesok", "unga-tycker", "walk-and-talk"} <= set(ranked[:5])
    # An open online discussion mostly reaches the already active, not youth.
    assert "diskussion" not in ranked[:5]


def test_only_methods_serving_the_level_are_recommended():
    for level in range(1, 6):
        for recommendation in recommend_methods(ladder_level=level, limit=None):
            assert level in recommendation.method.ladder_levels
    assert set(slugs(recommend_methods(ladder_level=5, limit=None))) == {
        "medborgarbudget",
        "papp",
    }


def test_without_a_level_every_active_method_is_ranked():
    assert len(recommend_methods(ladder_level=None, limit=None)) == Method.objects.count()


def test_mode_is_a_hard_limit_and_both_ways_fits_either():
    online = recommend_methods(ladder_level=2, mode=Mode.ONLINE, limit=None)
    offline = recommend_methods(ladder_level=2, mode=Mode.OFFLINE, limit=None)
    assert {r.method.mode for r in online} == {Mode.ONLINE, Mode.BOTH}
    assert {r.method.mode for r in offline} == {Mode.OFFLINE, Mode.BOTH}
    assert "enkat" in slugs(online) and "enkat" in slugs(offline)
    assert "lunchdialog" not in slugs(online)


def test_cost_and_effort_limits_leave_out_dearer_methods():
    cheap = recommend_methods(ladder_level=5, max_cost=Level.MEDIUM, limit=None)
    assert slugs(cheap) == ["papp"]
    easy = recommend_methods(ladder_level=None, max_effort=Level.LOW, limit=None)
    assert easy and all(r.method.effort == Level.LOW for r in easy)
    assert "lunchdialog" in slugs(easy)


def test_group_size_leaves_out_methods_that_cannot_take_the_group():
    crowd = slugs(recommend_methods(ladder_level=3, group_size=500, limit=None))
    assert "fokusgrupp" not in crowd  # 5–12 people
    assert "diskussion" in crowd  # no upper limit
    few = slugs(recommend_methods(ladder_level=3, group_size=6, limit=None))
    assert "fokusgrupp" in few
    assert "open-space" not in few  # needs at least 20


def test_inactive_methods_are_never_recommended():
    Method.objects.filter(slug="lunchdialog").update(is_active=False)
    ranked = slugs(recommend_methods(ladder_level=2, target_groups=groups("barnfamiljer")))
    assert "lunchdialog" not in ranked
    assert ranked[0] == "enkat"


def test_reasons_say_why_it_fits_and_what_speaks_against_it():
    with translation.override("en"):
        budget = recommend_methods(ladder_level=5, target_groups=groups("alla"))[0]
        lunch = next(
            r
            for r in recommend_methods(ladder_level=2, target_groups=groups("barnfamiljer"))
            if r.method.slug == "lunchdialog"
        )
        pocket_money = recommend_methods(ladder_level=5)[1]
    assert isinstance(budget, Recommendation)
    assert "Suits the level co-determination" in budget.reasons
    assert "Suits alla invånare" in budget.reasons
    assert {"Requires a lot of work", "High cost"} <= set(budget.cautions)
    assert "Requires a lot of work" not in budget.fitting_reasons
    assert {"Suits barnfamiljer och andra med ont om tid", "Done in person", "Low cost"} <= set(
        lunch.reasons
    )
    assert pocket_money.method.slug == "papp"
    assert "Mainly for: unga 13–25 år" in pocket_money.cautions


def test_a_method_that_offers_more_than_the_level_comes_with_a_warning():
    with translation.override("en"):
        ideas = next(
            r
            for r in recommend_methods(ladder_level=2, limit=None)
            if r.method.slug == "ideinsamling"
        )
    assert any("more influence" in caution for caution in ideas.cautions)


def test_ties_are_broken_by_swedish_alphabetical_order():
    Method.objects.all().delete()
    for name in ("Örnmetoden", "Ängsmetoden", "Åsmetoden", "Zetametoden"):
        MethodFactory(
            name=name, slug=name.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
        )
    names = [r.method.name for r in recommend_methods(ladder_level=2)]
    assert names == ["Zetametoden", "Åsmetoden", "Ängsmetoden", "Örnmetoden"]


def test_limit_and_scores_are_ordered():
    ranked = recommend_methods(ladder_level=3, limit=4)
    assert len(ranked) == 4
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)


def test_recommending_runs_a_fixed_number_of_queries():
    chosen = groups("unga", "barnfamiljer")
    with CaptureQueriesContext(connection) as few:
        recommend_methods(ladder_level=3, target_groups=chosen)
    for _n in range(20):
        MethodFactory(ladder_levels=[3]).suits.set(chosen)
    with CaptureQueriesContext(connection) as many:
        recommend_methods(ladder_level=3, target_groups=chosen)
    assert len(few) == len(many) == 2
