"""Who took part in a dialogue, compared with who lives in the municipality.

Sources, all summed in the database:

- attendance counts of the dialogue's meetings (age band × gender; district of
  the activity),
- tallies of outreach entries linked to the dialogue (age band × gender;
  district of the entry),
- residents who wrote contributions and gave a district on their account (district
  only: accounts record no gender or age, so they appear in a column of their own,
  "gender not recorded", and not at all in the age tables).

Registrations for meetings carry no demographics and are left out. The figures
count participations: a resident who came to two meetings and also wrote online
is counted in each. Everything shown goes through ``disclosure``.

Under-representation rule: a group is under-represented when its share of the
participants is below half its share of the population (``UNDER_FACTOR``) and at
least one participant of the group would be expected if participants mirrored
the population (``participants × population share ≥ 1``). With fewer expected
than one, a missing group says nothing, so it is not flagged. Shares of
participants are taken over the participants whose group is known and exists in
the population figures (for gender: women and men, as in SCB's tables).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from delaktig.contributions.models import Contribution
from delaktig.core.demographics import AgeBand, Gender
from delaktig.dialogues.models import Dialogue, DialogueTargetGroup, Reach
from delaktig.meetings.models import AttendanceCount
from delaktig.municipality.models import District, PopulationFigure
from delaktig.outreach.models import OutreachTally

from .disclosure import DisclosedTable, disclose_table

UNDER_FACTOR = 0.5

# Target groups of the shared list that match age bands (by slug). Others (e.g.
# barnfamiljer, företagare) cannot be measured from age, gender and district.
TARGET_GROUP_BANDS: dict[str, tuple[str, ...]] = {
    "barn": (AgeBand.CHILD,),
    "unga": (AgeBand.TEEN, AgeBand.YOUNG_ADULT),
    "aldre": (AgeBand.SENIOR, AgeBand.OLD),
}

# The column for contributors whose gender no source records.
UNRECORDED = "unrecorded"
NO_DISTRICT = "none"

AGE_BANDS = list(AgeBand.values)
GENDERS = list(Gender.values)


class Status:
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    UNMEASURED = "unmeasured"


@dataclass
class Comparison:
    """One group's share of the participants against its share of the population."""

    key: str
    label: str
    participants: int | None  # None when hidden by disclosure control
    participant_share: float | None
    population: int
    population_share: float | None
    expected: float | None
    under_represented: bool

    @property
    def participant_percent(self) -> float | None:
        return None if self.participant_share is None else 100 * self.participant_share

    @property
    def population_percent(self) -> float | None:
        return None if self.population_share is None else 100 * self.population_share


@dataclass
class TargetGroupResult:
    name: str
    slug: str
    reach: str
    reach_label: str
    status: str
    reason: str
    bands: tuple[str, ...] = ()


@dataclass
class Participation:
    dialogue: Dialogue
    age_by_gender: DisclosedTable
    district_by_gender: DisclosedTable
    age_comparison: list[Comparison]
    gender_comparison: list[Comparison]
    district_comparison: list[Comparison]
    target_groups: list[TargetGroupResult]
    population_year: int | None
    # The unsuppressed sums, for tests and checks only: never put these on a page.
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def has_population(self) -> bool:
        return self.population_year is not None

    @property
    def under_represented(self) -> list[Comparison]:
        return [
            c
            for c in (*self.gender_comparison, *self.age_comparison, *self.district_comparison)
            if c.under_represented
        ]


def _compare(
    participants: dict[str, int],
    population: dict[str, int],
    labels: dict,
    *,
    shown: dict[str, int | None] | None = None,
    denominator_public: bool = True,
) -> list[Comparison]:
    """Shares over the groups present in the population figures.

    ``shown`` holds the figures after disclosure control; a hidden count hides its
    share too (share × total would give it back). When the denominator (participants
    whose group is known) cannot itself be worked out from the shown figures, no
    share is shown, since count ÷ share would give it, and with it a hidden "not
    known" count. The flag still uses the true counts: it says only "far fewer than
    expected", never a number.
    """
    keys = [key for key in labels if key in population]
    known = sum(participants.get(key, 0) for key in keys)
    pop_total = sum(population[key] for key in keys)
    rows = []
    for key in keys:
        n = participants.get(key, 0)
        pop_share = population[key] / pop_total if pop_total else None
        expected = known * pop_share if pop_share is not None else None
        share = n / known if known else None
        under = bool(
            expected is not None
            and expected >= 1
            and share is not None
            and share < UNDER_FACTOR * pop_share
        )
        shown_n = n if shown is None else shown.get(key)
        rows.append(
            Comparison(
                key=key,
                label=str(labels[key]),
                participants=shown_n,
                participant_share=share if shown_n is not None and denominator_public else None,
                population=population[key],
                population_share=pop_share,
                expected=expected,
                under_represented=under,
            )
        )
    return rows


def _denominator_public(totals: dict, compared: list, grand) -> bool:
    """Whether "participants whose group is known" follows from the shown figures
    anyway: as the sum of the compared groups, or as the grand total minus the
    groups left out. Only then may shares (count ÷ that sum) be shown."""
    if all(not totals[key].suppressed for key in compared):
        return True
    left_out = [key for key in totals if key not in compared]
    return not grand.suppressed and all(not totals[key].suppressed for key in left_out)


def _target_groups(
    rows, age_participants: dict[str, int], age_population: dict[str, int]
) -> list[TargetGroupResult]:
    results = []
    known = sum(age_participants.get(band, 0) for band in age_population)
    pop_total = sum(age_population.values())
    for row in rows:
        group = row.target_group
        bands = TARGET_GROUP_BANDS.get(group.slug, ())
        reach_label = str(Reach(row.reach).label) if row.reach in Reach.values else row.reach
        common = {
            "name": group.name,
            "slug": group.slug,
            "reach": row.reach,
            "reach_label": reach_label,
            "bands": bands,
        }

        def result(status, reason, common=common):
            return TargetGroupResult(status=status, reason=str(reason), **common)

        if row.reach == Reach.NONE:
            results.append(
                TargetGroupResult(
                    status=Status.NOT_REACHED,
                    reason=str(_("The plan says the dialogue does not reach this group.")),
                    **common,
                )
            )
            continue
        if not bands:
            results.append(
                TargetGroupResult(
                    status=Status.UNMEASURED,
                    reason=str(
                        _(
                            "The plan says the group is reached, but age, gender and district "
                            "figures cannot show whether it was."
                        )
                    ),
                    **common,
                )
            )
            continue
        if not pop_total or not all(band in age_population for band in bands):
            reason = _("There are no population figures for these ages to compare with.")
            results.append(result(Status.UNMEASURED, reason))
            continue
        if not known:
            reason = _("No participants with a known age were counted yet.")
            results.append(result(Status.UNMEASURED, reason))
            continue
        n = sum(age_participants.get(band, 0) for band in bands)
        pop_share = sum(age_population[band] for band in bands) / pop_total
        expected = known * pop_share
        if expected < 1 and n == 0:
            reason = _("Too few participants in all to tell whether this group was reached.")
            results.append(result(Status.UNMEASURED, reason))
            continue
        if n / known < UNDER_FACTOR * pop_share:
            reason = _(
                "Fewer than half as many of these ages took part as their share of the "
                "population would suggest."
            )
            results.append(result(Status.NOT_REACHED, reason))
        else:
            reason = _(
                "These ages took part at least half as much as their share of the population."
            )
            results.append(result(Status.REACHED, reason))
    return results


def dialogue_participation(dialogue: Dialogue, *, threshold: int | None = None) -> Participation:
    """Everything the "who took part" page, report and exports need. Six queries."""
    by_age_gender: dict[tuple[str, str], int] = defaultdict(int)
    by_district_gender: dict[tuple[str, str], int] = defaultdict(int)

    attendance = (
        AttendanceCount.objects.filter(meeting__activity__dialogue=dialogue)
        .values_list("age_band", "gender", "meeting__activity__district_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    tallies = (
        OutreachTally.objects.filter(entry__dialogue=dialogue)
        .values_list("age_band", "gender", "entry__district_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for age_band, gender, district_id, n in (*attendance, *tallies):
        by_age_gender[age_band, gender] += n
        by_district_gender[str(district_id or NO_DISTRICT), gender] += n

    authors = (
        Contribution.objects.filter(dialogue=dialogue, author__isnull=False)
        .values_list("author__district_id")
        .annotate(n=Count("author", distinct=True))
        .order_by()
    )
    for district_id, n in authors:
        by_district_gender[str(district_id or NO_DISTRICT), UNRECORDED] += n

    latest = (
        PopulationFigure.objects.filter(municipality_id=dialogue.municipality_id)
        .order_by("-year")
        .values("year")[:1]
    )
    population_rows = list(
        PopulationFigure.objects.filter(
            municipality_id=dialogue.municipality_id,
            year=Subquery(latest),
        )
        .values_list("year", "district_id", "age_band", "gender")
        .annotate(n=Sum("count"))
        .order_by()
    )
    districts = list(
        District.objects.filter(municipality_id=dialogue.municipality_id).order_by("name")
    )
    target_rows = list(
        DialogueTargetGroup.objects.filter(dialogue=dialogue).select_related("target_group")
    )

    # Population: whole-municipality rows (no district) when there are any, else
    # the sum of the districts, so a file with both is not counted twice.
    year = population_rows[0][0] if population_rows else None
    has_whole = any(district_id is None for _y, district_id, _a, _g, _n in population_rows)
    pop_age: dict[str, int] = defaultdict(int)
    pop_gender: dict[str, int] = defaultdict(int)
    pop_district: dict[str, int] = defaultdict(int)
    for _y, district_id, age_band, gender, n in population_rows:
        if district_id is not None:
            pop_district[str(district_id)] += n
        if (district_id is None) == has_whole:
            if age_band != AgeBand.UNKNOWN:
                pop_age[age_band] += n
            pop_gender[gender] += n

    gender_labels = dict(Gender.choices)
    age_labels = dict(AgeBand.choices)
    district_labels = {str(d.pk): d.name for d in districts}
    district_keys = list(district_labels)
    if any(key == NO_DISTRICT for key, _g in by_district_gender):
        district_keys.append(NO_DISTRICT)
    district_row_labels = {**district_labels, NO_DISTRICT: _("District not known")}
    district_columns = list(GENDERS)
    if any(g == UNRECORDED for _k, g in by_district_gender):
        district_columns.append(UNRECORDED)
    district_column_labels = {**gender_labels, UNRECORDED: _("Gender not recorded")}

    age_table = disclose_table(
        by_age_gender,
        rows=AGE_BANDS,
        columns=GENDERS,
        threshold=threshold,
        row_labels=age_labels,
        column_labels=gender_labels,
    )
    district_table = disclose_table(
        by_district_gender,
        rows=district_keys,
        columns=district_columns,
        threshold=threshold,
        row_labels=district_row_labels,
        column_labels=district_column_labels,
    )

    age_participants = {
        band: sum(by_age_gender.get((band, g), 0) for g in GENDERS) for band in AGE_BANDS
    }
    gender_participants = {
        g: sum(by_age_gender.get((band, g), 0) for band in AGE_BANDS) for g in GENDERS
    }
    district_participants = {
        key: sum(by_district_gender.get((key, g), 0) for g in district_columns)
        for key in district_keys
    }
    age_compared = [band for band in AGE_BANDS if band in pop_age]
    gender_compared = [g for g in GENDERS if g in pop_gender]
    district_compared = [key for key in district_keys if key in pop_district]
    age_shown = {band: age_table.row_totals[band].value for band in AGE_BANDS}
    gender_shown = {g: age_table.column_totals[g].value for g in GENDERS}
    district_shown = {key: district_table.row_totals[key].value for key in district_keys}

    return Participation(
        dialogue=dialogue,
        age_by_gender=age_table,
        district_by_gender=district_table,
        age_comparison=_compare(
            age_participants,
            dict(pop_age),
            {k: v for k, v in age_labels.items() if k != AgeBand.UNKNOWN},
            shown=age_shown,
            denominator_public=_denominator_public(
                age_table.row_totals, age_compared, age_table.total
            ),
        ),
        gender_comparison=_compare(
            gender_participants,
            dict(pop_gender),
            gender_labels,
            shown=gender_shown,
            denominator_public=_denominator_public(
                age_table.column_totals, gender_compared, age_table.total
            ),
        ),
        district_comparison=_compare(
            district_participants,
            dict(pop_district),
            district_labels,
            shown=district_shown,
            denominator_public=_denominator_public(
                district_table.row_totals, district_compared, district_table.total
            ),
        ),
        target_groups=_target_groups(target_rows, age_participants, dict(pop_age)),
        population_year=year,
        raw={
            "age_gender": dict(by_age_gender),
            "district_gender": dict(by_district_gender),
        },
    )
