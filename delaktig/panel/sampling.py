"""Stratified random sampling from the panel, as pure functions (no database).

Strata are age band × gender × district. Each stratum gets a weight (its share of
the population, see ``stratum_weights``), the sample size is split over the strata
by the largest-remainder method (so each stratum gets its quota rounded down or
up: within one person of its share), and members are drawn at random within each
stratum with a recorded seed.

A stratum with fewer eligible members than its target gives all it has; the
shortfall is split again over the strata that still have members to spare, in
proportion to their weights, until the sample is full or the panel runs out.

Population figures count women and men only (SCB records legal sex). A member
who answered "annat" or "vill inte uppge", or whose district has no figures, is in
a stratum "outside the figures": those strata are weighted by their share of the
eligible panel, so such members are drawn as often as the panel's average member
and the figures' strata share the rest of the sample.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from delaktig.core.demographics import AgeBand, Gender, band_for_age

# The panel is for adults: from the year a person turns 18.
MIN_AGE = 18
PANEL_BANDS = (
    AgeBand.YOUNG_ADULT.value,
    AgeBand.ADULT.value,
    AgeBand.MIDDLE.value,
    AgeBand.SENIOR.value,
    AgeBand.OLD.value,
)
FIGURE_GENDERS = (Gender.WOMAN.value, Gender.MAN.value)
NO_DISTRICT = "-"


def band_for_birth_year(birth_year: int, year: int) -> str:
    """The age band of the age a person turns this year."""
    return band_for_age(max(year - birth_year, 0))


def stratum_key(band: str, gender: str, district_id) -> str:
    return f"{band}|{gender}|{district_id if district_id else NO_DISTRICT}"


def split_key(key: str) -> tuple[str, str, int | None]:
    band, gender, district = key.split("|")
    return band, gender, None if district == NO_DISTRICT else int(district)


def largest_remainder(total: int, weights: Mapping[Hashable, Fraction]) -> dict:
    """Split ``total`` whole people over the keys in proportion to ``weights``.

    Each key gets its quota rounded down; the people left over go to the largest
    remainders (ties: the larger weight, then the key, so the result is stable).
    """
    positive = {key: Fraction(weight) for key, weight in weights.items() if weight > 0}
    result = dict.fromkeys(weights, 0)
    weight_sum = sum(positive.values())
    if total <= 0 or not positive:
        return result
    quotas = {key: total * weight / weight_sum for key, weight in positive.items()}
    for key, quota in quotas.items():
        result[key] = math.floor(quota)
    left = total - sum(result.values())
    order = sorted(positive, key=lambda k: (-(quotas[k] - result[k]), -positive[k], str(k)))
    for key in order[:left]:
        result[key] += 1
    return result


@dataclass
class Allocation:
    targets: dict  # key -> people by the weights alone (before any shortfall)
    final: dict  # key -> people to draw
    short: dict  # key -> people a stratum lacked (target - what it had)
    requested: int
    size: int  # what can be drawn: min(requested, eligible members)

    @property
    def shortfall(self) -> int:
        return sum(self.short.values())


def allocate(
    size: int, weights: Mapping[Hashable, Fraction], capacity: Mapping[Hashable, int]
) -> Allocation:
    """How many to draw from each stratum.

    Strata whose share is more than they have are filled completely and taken out;
    the rest is split again over the others, until every stratum fits.
    """
    keys = set(weights) | set(capacity)
    weights = {key: Fraction(weights.get(key, 0)) for key in keys}
    capacity = {key: int(capacity.get(key, 0)) for key in keys}
    requested = size
    size = max(0, min(size, sum(capacity.values())))
    targets = largest_remainder(size, weights)
    full: set = set()
    while True:
        left = size - sum(capacity[key] for key in full)
        open_weights = {key: w for key, w in weights.items() if key not in full and w > 0}
        shares = largest_remainder(left, open_weights)
        over = {key for key, n in shares.items() if n > capacity[key]}
        if not over:
            break
        full |= over
    final = dict.fromkeys(keys, 0)
    final.update(shares)
    final.update({key: capacity[key] for key in full})
    left = size - sum(final.values())
    if left > 0:
        # Every weighted stratum is full: the rest comes from strata without a
        # weight (a population figure of 0), in proportion to what they have.
        spare = {key: capacity[key] - final[key] for key in keys if capacity[key] > final[key]}
        extra = largest_remainder(left, {key: Fraction(n) for key, n in spare.items()})
        for key, n in extra.items():
            final[key] += min(n, spare[key])
    short = {
        key: targets.get(key, 0) - capacity[key]
        for key in keys
        if targets.get(key, 0) > capacity[key]
    }
    return Allocation(
        targets={key: targets.get(key, 0) for key in keys},
        final=final,
        short=short,
        requested=requested,
        size=size,
    )


def stratum_weights(
    population: Mapping[str, int] | None, eligible: Mapping[str, int]
) -> tuple[dict[str, Fraction], set[str]]:
    """Target shares per stratum key, and the keys outside the population figures.

    ``population``: key -> residents (None: no figures, the panel's own composition
    is used). ``eligible``: key -> eligible members.
    """
    members = sum(eligible.values())
    if not population or not sum(population.values()):
        if not members:
            return {}, set()
        return {key: Fraction(n, members) for key, n in eligible.items()}, set()
    outside = {key for key, n in eligible.items() if n and not population.get(key)}
    outside_share = Fraction(sum(eligible[key] for key in outside), members) if members else 0
    residents = sum(population.values())
    weights = {
        key: (1 - outside_share) * Fraction(count, residents)
        for key, count in population.items()
        if count > 0
    }
    for key in outside:
        weights[key] = Fraction(eligible[key], members)
    return weights, outside


def draw(members_by_stratum: Mapping[str, Iterable[int]], final: Mapping[str, int], seed: int):
    """Pick ``final[key]`` member ids at random in each stratum.

    Each stratum has its own generator seeded with (seed, key) and picks from its
    ids in ascending order, so the same panel, plan and seed give the same sample,
    whatever order the strata come in.
    """
    chosen: dict[str, list[int]] = {}
    for key in sorted(final):
        count = final[key]
        if count <= 0:
            continue
        ids = sorted(members_by_stratum.get(key, ()))
        rng = random.Random(f"{seed}|{key}")
        chosen[key] = sorted(rng.sample(ids, count))
    return chosen


def eligible_digest(members_by_stratum: Mapping[str, Iterable[int]]) -> str:
    """A fingerprint of who could be drawn, to check a repeated draw against."""
    text = ";".join(
        f"{key}:{','.join(str(i) for i in sorted(ids))}"
        for key, ids in sorted(members_by_stratum.items())
    )
    return hashlib.sha256(text.encode()).hexdigest()
