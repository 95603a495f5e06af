"""The method recommender: which methods fit a dialogue's level, target groups and limits.

The plan editor shows the result next to the activities, so every score comes
with the reasons behind it, in plain words, including what speaks against a
method. The rules are few and readable on purpose — a process leader must be
able to see why a method came first:

* Hard limits exclude: the ladder level (a method must serve it), online or in
  person, the most work and cost the dialogue can afford, and the group size.
* Level: +3 for serving the level, +0.5 when the level is the most influence
  the method offers. A method that can offer more than promised gets a warning,
  because expectations must stay honest (DOMAIN.md, the participation ladder).
* Target groups: +3 shared over the chosen groups the method suits; a method
  open to all residents gets +1 shared over the groups it does not suit
  especially. A method made for particular groups (it does not suit "alla")
  gets up to +0.5 by the share of its own groups that are chosen (a youth-only
  format for youth gets all of it), and −1.5 when none of its groups is chosen:
  a youth format is a poor default for an unspecified audience.
* Small adjustments: +0.25 for working both online and in person when no mode is
  required (it reaches both kinds of participant); ±0.3 for low/high work and
  low/high cost.
* Ties are broken by the method's name in Swedish alphabetical order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from delaktig.dialogues.models import LadderLevel

from .models import Level, Method, Mode
from .selectors import swedish_sort_key

ALL_RESIDENTS = "alla"

LEVEL_WEIGHT = 3.0
TOP_LEVEL_BONUS = 0.5
GROUP_WEIGHT = 3.0
OPEN_TO_ALL_WEIGHT = 1.0
MADE_FOR_GROUP_BONUS = 0.5
OTHER_GROUPS_PENALTY = 1.5
BOTH_MODES_BONUS = 0.25
EFFORT_WEIGHT = 0.3
COST_WEIGHT = 0.3


class Reason(str):
    """One line of explanation; ``fits`` is False for what speaks against the method."""

    fits: bool

    def __new__(cls, text: str, *, fits: bool = True):
        reason = super().__new__(cls, text)
        reason.fits = fits
        return reason


@dataclass(frozen=True)
class Recommendation:
    method: Method
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def fitting_reasons(self) -> list[str]:
        return [r for r in self.reasons if getattr(r, "fits", True)]

    @property
    def cautions(self) -> list[str]:
        return [r for r in self.reasons if not getattr(r, "fits", True)]


def _lower_first(text: str) -> str:
    # "Unga 13–25 år" reads "Passar unga 13–25 år"; keep abbreviations such as "SFI-elever".
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _level_name(level: int) -> str:
    return _lower_first(str(LadderLevel(level).label))


def candidate_methods(
    *,
    mode: str | None = None,
    max_effort: int | None = None,
    max_cost: int | None = None,
    group_size: int | None = None,
):
    """Active methods within the hard limits that the database can check (one query + suits)."""
    methods = Method.objects.filter(is_active=True).prefetch_related("suits")
    if mode in (Mode.ONLINE, Mode.OFFLINE):
        methods = methods.filter(mode__in=[mode, Mode.BOTH])
    if max_effort is not None:
        methods = methods.filter(effort__lte=max_effort)
    if max_cost is not None:
        methods = methods.filter(cost_level__lte=max_cost)
    if group_size is not None:
        methods = methods.filter(group_size_min__lte=group_size).exclude(
            group_size_max__lt=group_size
        )
    return methods


def _score(method: Method, *, ladder_level, groups, mode, group_size) -> tuple[float, list]:
    score = 0.0
    fits: list[Reason] = []
    against: list[Reason] = []

    if ladder_level is not None:
        score += LEVEL_WEIGHT
        fits.append(Reason(_("Suits the level %(level)s") % {"level": _level_name(ladder_level)}))
        top = max(method.ladder_levels)
        if top == ladder_level:
            score += TOP_LEVEL_BONUS
        else:
            against.append(
                Reason(
                    _("Can offer more influence (%(level)s): be clear about what is decided")
                    % {"level": _level_name(top)},
                    fits=False,
                )
            )

    suits = {group.slug: group for group in method.suits.all()}
    open_to_all = ALL_RESIDENTS in suits
    chosen = list(groups)
    matched = [group for group in chosen if group.slug in suits]
    if chosen:
        share = 1 / len(chosen)
        score += GROUP_WEIGHT * share * len(matched)
        for group in matched:
            fits.append(Reason(_("Suits %(group)s") % {"group": _lower_first(group.name)}))
        unmatched = len(chosen) - len(matched)
        if open_to_all and unmatched:
            score += OPEN_TO_ALL_WEIGHT * share * unmatched
            if not matched:
                fits.append(Reason(_("Open to all residents")))
    if suits and not open_to_all:
        if matched:
            # The more of the method's own groups are chosen, the more it is made for them.
            focus = len(matched) / len(suits)
            score += MADE_FOR_GROUP_BONUS * focus
            if focus == 1:
                names = ", ".join(_lower_first(g.name) for g in matched)
                fits.append(Reason(_("Made especially for %(groups)s") % {"groups": names}))
        else:
            score -= OTHER_GROUPS_PENALTY
            names = ", ".join(_lower_first(g.name) for g in sorted(suits.values(), key=_by_name))
            against.append(Reason(_("Mainly for: %(groups)s") % {"groups": names}, fits=False))

    if method.mode == Mode.ONLINE:
        fits.append(Reason(_("Can be done online")))
    elif method.mode == Mode.OFFLINE:
        fits.append(Reason(_("Done in person")))
    else:
        fits.append(Reason(_("Can be done online or in person")))
        if mode is None:
            score += BOTH_MODES_BONUS

    if group_size is not None:
        fits.append(Reason(_("Works for %(count)s participants") % {"count": group_size}))

    if method.effort == Level.LOW:
        score += EFFORT_WEIGHT
        fits.append(Reason(_("Little work")))
    elif method.effort == Level.HIGH:
        score -= EFFORT_WEIGHT
        against.append(Reason(_("Requires a lot of work"), fits=False))

    if method.cost_level == Level.LOW:
        score += COST_WEIGHT
        fits.append(Reason(_("Low cost")))
    elif method.cost_level == Level.HIGH:
        score -= COST_WEIGHT
        against.append(Reason(_("High cost"), fits=False))

    # Rounded so that float noise (0.1 + 0.2) never decides between equal methods.
    return round(score, 3), [*fits, *against]


def _by_name(obj) -> tuple:
    return swedish_sort_key(obj.name)


def recommend_methods(
    *,
    ladder_level: int | None,
    target_groups: Iterable = (),
    mode: str | None = None,
    max_effort: int | None = None,
    max_cost: int | None = None,
    group_size: int | None = None,
    limit: int | None = 10,
) -> list[Recommendation]:
    """Rank the catalogue's active methods for a dialogue, best first, with reasons.

    ladder_level:  1–5; methods that do not serve it are left out. None ranks all.
    target_groups: municipality.TargetGroup objects the dialogue aims at.
    mode:          "online" or "offline" to require it ("both" methods fit either).
    max_effort, max_cost: 1–3 (methods.Level); anything above is left out.
    group_size:    expected number of participants; methods outside their range are left out.
    limit:         at most this many results; None for all.
    """
    groups = list(target_groups)
    recommendations = []
    for method in candidate_methods(
        mode=mode, max_effort=max_effort, max_cost=max_cost, group_size=group_size
    ):
        # Levels are a JSON list; checked here because SQLite cannot search inside it.
        if ladder_level is not None and ladder_level not in method.ladder_levels:
            continue
        score, reasons = _score(
            method, ladder_level=ladder_level, groups=groups, mode=mode, group_size=group_size
        )
        recommendations.append(Recommendation(method=method, score=score, reasons=reasons))
    recommendations.sort(key=lambda r: (-r.score, swedish_sort_key(r.method.name)))
    return recommendations if limit is None else recommendations[:limit]
