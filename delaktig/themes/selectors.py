"""Reads for the theme pages, with a constant number of queries."""

from django.db.models import Count, F, Prefetch, Q

from delaktig.contributions.models import Contribution

from .models import Theme, ThemeAnalysis, ThemeAssignment
from .services import analysable_contributions

VISIBLE = Contribution.Moderation.VISIBLE
QUOTES = 3


def _by_weight(queryset):
    # Hand-placed contributions (no weight) after the analysis's strongest ones.
    return queryset.order_by(F("weight").desc(nulls_last=True), "pk")


def themes_for_dialogue(*, dialogue):
    """Themes with ``size`` and ``quotes`` (the 2–3 most typical visible contributions)."""
    quotes = _by_weight(
        ThemeAssignment.objects.filter(contribution__moderation=VISIBLE).select_related(
            "contribution"
        )
    )[:QUOTES]
    return list(
        Theme.objects.filter(dialogue=dialogue)
        .annotate(
            size=Count("assignments", filter=Q(assignments__contribution__moderation=VISIBLE))
        )
        .prefetch_related(Prefetch("assignments", queryset=quotes, to_attr="quotes"))
        .order_by("position", "pk")
    )


def theme_contributions(*, theme):
    return _by_weight(
        ThemeAssignment.objects.filter(
            theme=theme, contribution__moderation=VISIBLE
        ).select_related("contribution__activity")
    )


def latest_analysis(*, dialogue) -> ThemeAnalysis | None:
    return ThemeAnalysis.objects.filter(dialogue=dialogue).order_by("-created_at", "-pk").first()


def unassigned_count(*, dialogue) -> int:
    return analysable_contributions(dialogue).filter(theme_assignment__isnull=True).count()


def unassigned_contributions(*, dialogue):
    return (
        analysable_contributions(dialogue)
        .filter(theme_assignment__isnull=True)
        .select_related("activity")
    )
