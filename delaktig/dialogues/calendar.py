"""The coordination calendar (dialogkalender): which dialogues reach residents when.

Dialogues are planned per half-year or year so that the same target group does not
get several invitations at once (the Piteå handbook). This module reads the
dialogues of one period, finds clashes for all of them in a constant number of
queries, and places every bar of the timeline in Python so the template only prints.
"""

import bisect
import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Activity, Dialogue, DialogueTargetGroup, State

STATE_TONES = {
    State.DRAFT: "grey",
    State.SUBMITTED: "yellow",
    State.APPROVED: "blue",
    State.PUBLISHED: "blue",
    State.OPEN: "green",
    State.COMPILING: "yellow",
    State.FED_BACK: "green",
    State.EVALUATED: "grey",
    State.ARCHIVED: "grey",
}

# The state filter's value that also shows archived dialogues.
ALL_STATES = "all"

# A bar's label reads after the bar when this much of the track is left there;
# otherwise it goes on the side with more room, so it stays inside the track.
LABEL_ROOM_PERCENT = 40

_PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:H(?P<half>[12]))?$")


# Periods -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A half-year (``2027H1``, ``2027H2``) or a whole year (``2027``)."""

    year: int
    half: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> "Period | None":
        match = _PERIOD_RE.match((value or "").strip().upper())
        if not match:
            return None
        year = int(match["year"])
        if not 2000 <= year <= 2100:
            return None
        return cls(year, int(match["half"]) if match["half"] else None)

    @classmethod
    def containing(cls, day: datetime.date) -> "Period":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def key(self) -> str:
        return f"{self.year}H{self.half}" if self.half else str(self.year)

    @property
    def is_year(self) -> bool:
        return self.half is None

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def ends_on(self) -> datetime.date:
        return (
            datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)
        )

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def label(self) -> str:
        if self.half == 1:
            return _("January–June %(year)s") % {"year": self.year}
        if self.half == 2:
            return _("July–December %(year)s") % {"year": self.year}
        return str(self.year)

    @property
    def previous(self) -> "Period":
        if self.half == 2:
            return Period(self.year, 1)
        if self.half == 1:
            return Period(self.year - 1, 2)
        return Period(self.year - 1)

    @property
    def next(self) -> "Period":
        if self.half == 1:
            return Period(self.year, 2)
        if self.half == 2:
            return Period(self.year + 1, 1)
        return Period(self.year + 1)

    def as_year(self) -> "Period":
        return Period(self.year)

    def as_half_year(self, *, today: datetime.date) -> "Period":
        """The half-year of this year to show when switching from the whole year."""
        if self.half:
            return self
        return Period(self.year, Period.containing(today).half if today.year == self.year else 1)

    def months(self) -> list[tuple[datetime.date, int]]:
        """(first day, number of days) of every month in the period."""
        result = []
        month = self.starts_on
        while month <= self.ends_on:
            following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
            result.append((month, (following - month).days))
            month = following
        return result

    def overlaps(self, starts_on, ends_on) -> bool:
        return starts_on <= self.ends_on and ends_on >= self.starts_on


# Reading the dialogues ---------------------------------------------------------------


def _overlapping_activities(period: Period):
    return Activity.objects.filter(starts_on__lte=period.ends_on, ends_on__gte=period.starts_on)


def _filtered_dialogues(
    *, municipality, unit=None, district=None, target_group=None, ladder_level=None, state=None
):
    qs = Dialogue.objects.filter(municipality=municipality)
    if state == ALL_STATES:
        pass
    elif state:
        qs = qs.filter(state=state)
    else:
        qs = qs.exclude(state=State.ARCHIVED)
    if unit:
        qs = qs.filter(Q(unit=unit) | Q(owner_committee=unit))
    # Subqueries rather than joins: no duplicate rows, so no DISTINCT to fight ordering.
    if district:
        qs = qs.filter(
            Q(
                pk__in=Dialogue.districts.through.objects.filter(district=district).values(
                    "dialogue_id"
                )
            )
            | Q(pk__in=Activity.objects.filter(district=district).values("dialogue_id"))
        )
    if target_group:
        qs = qs.filter(
            pk__in=DialogueTargetGroup.objects.filter(target_group=target_group).values(
                "dialogue_id"
            )
        )
    if ladder_level:
        qs = qs.filter(ladder_level=ladder_level)
    return qs


def calendar_dialogues(*, municipality, period: Period, **filters):
    """Dialogues whose participation period or any activity falls in the period.

    Each carries ``period_activities`` (with their method), its target groups and
    districts, so that the timeline and the list start no queries of their own.
    ``filters``: unit, district, target_group, ladder_level, state (a State value,
    ``ALL_STATES``, or empty for every state except archived).
    """
    start, end = period.starts_on, period.ends_on
    in_period = _overlapping_activities(period)
    participation = (
        Q(starts_on__lte=end, ends_on__gte=start)
        | Q(starts_on__isnull=True, ends_on__range=(start, end))
        | Q(ends_on__isnull=True, starts_on__range=(start, end))
    )
    return (
        _filtered_dialogues(municipality=municipality, **filters)
        .filter(participation | Exists(in_period.filter(dialogue=OuterRef("pk"))))
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=in_period.select_related("method").order_by("starts_on", "pk"),
                to_attr="period_activities",
            ),
            Prefetch(
                "target_groups",
                queryset=DialogueTargetGroup.objects.select_related("target_group"),
            ),
            "districts",
        )
        .order_by("starts_on", "title", "pk")
    )


def undated_dialogues(*, municipality, **filters):
    """Dialogues with neither dates nor activities yet: planned, but not placeable."""
    return (
        _filtered_dialogues(municipality=municipality, **filters)
        .filter(starts_on__isnull=True, ends_on__isnull=True)
        .exclude(Exists(Activity.objects.filter(dialogue=OuterRef("pk"))))
        .select_related("unit")
        .order_by("title", "pk")
    )


# Clashes in bulk ---------------------------------------------------------------------


@dataclass(frozen=True)
class ClashPartner:
    """Another dialogue that clashes, as much of it as the calendar shows."""

    pk: int
    title: str
    unit_id: int
    unit_name: str
    owner_committee_id: int | None
    state: str
    municipality_id: int

    def as_dialogue(self) -> Dialogue:
        """An unsaved Dialogue with every field the permission rules read, so the page
        can ask ``view_dialogue`` about it without loading it."""
        return Dialogue(
            pk=self.pk,
            title=self.title,
            unit_id=self.unit_id,
            owner_committee_id=self.owner_committee_id,
            state=self.state,
            municipality_id=self.municipality_id,
        )


@dataclass
class Clashes:
    by_activity: dict[int, list[ClashPartner]] = field(default_factory=dict)
    by_dialogue: dict[int, list[ClashPartner]] = field(default_factory=dict)


def _sorted_partners(partners) -> list[ClashPartner]:
    return sorted(partners, key=lambda p: (p.title.lower(), p.pk))


def bulk_activity_clashes(*, municipality, activities) -> Clashes:
    """For each given activity, the dialogues ``selectors.activity_clashes`` would name
    for its dates — for all of them at once, in four queries whatever their number.

    The rule is the selector's: another dialogue that is not archived, has an activity
    overlapping in time, and shares a target group with the activity's dialogue, or has
    one of that dialogue's districts among its own districts or its activities'
    districts. Change both together.
    """
    activities = list(activities)
    if not activities:
        return Clashes()
    window_start = min(a.starts_on for a in activities)
    window_end = max(a.ends_on for a in activities)
    in_window = Activity.objects.filter(
        dialogue__municipality=municipality,
        starts_on__lte=window_end,
        ends_on__gte=window_start,
    )
    involved = in_window.values("dialogue_id")

    partner_of: dict[int, ClashPartner] = {}
    candidates = []
    for start, end, dialogue_id, *partner in in_window.exclude(
        dialogue__state=State.ARCHIVED
    ).values_list(
        "starts_on",
        "ends_on",
        "dialogue_id",
        "dialogue__title",
        "dialogue__unit_id",
        "dialogue__unit__name",
        "dialogue__owner_committee_id",
        "dialogue__state",
        "dialogue__municipality_id",
    ):
        if dialogue_id not in partner_of:
            partner_of[dialogue_id] = ClashPartner(dialogue_id, *partner)
        candidates.append((start, end, dialogue_id))
    candidates.sort()
    groups: dict[int, set[int]] = {}
    for dialogue_id, group_id in DialogueTargetGroup.objects.filter(
        dialogue_id__in=involved
    ).values_list("dialogue_id", "target_group_id"):
        groups.setdefault(dialogue_id, set()).add(group_id)
    districts: dict[int, set[int]] = {}
    for dialogue_id, district_id in Dialogue.districts.through.objects.filter(
        dialogue_id__in=involved
    ).values_list("dialogue_id", "district_id"):
        districts.setdefault(dialogue_id, set()).add(district_id)
    # A partner also aims at the districts of any of its activities, not only these.
    reached = {dialogue_id: set(ids) for dialogue_id, ids in districts.items()}
    for dialogue_id, district_id in Activity.objects.filter(
        dialogue_id__in=involved, district__isnull=False
    ).values_list("dialogue_id", "district_id"):
        reached.setdefault(dialogue_id, set()).add(district_id)

    empty: set[int] = set()
    aimed_alike: dict[tuple[int, int], bool] = {}

    def same_residents(own: int, other: int) -> bool:
        pair = (own, other)
        if pair not in aimed_alike:
            aimed_alike[pair] = bool(
                groups.get(own, empty) & groups.get(other, empty)
                or reached.get(own, empty) & reached.get(other, empty)
            )
        return aimed_alike[pair]

    starts = [c[0] for c in candidates]
    longest = max(((c[1] - c[0]) for c in candidates), default=datetime.timedelta(0))
    result = Clashes()
    per_dialogue: dict[int, dict[int, ClashPartner]] = {}
    for activity in activities:
        own = activity.dialogue_id
        # Only candidates starting within reach of this activity can overlap it.
        lo = bisect.bisect_left(starts, activity.starts_on - longest)
        hi = bisect.bisect_right(starts, activity.ends_on)
        found = {}
        for _start, other_end, other in candidates[lo:hi]:
            if (
                other != own
                and other_end >= activity.starts_on
                and other not in found
                and same_residents(own, other)
            ):
                found[other] = partner_of[other]
        result.by_activity[activity.pk] = _sorted_partners(found.values())
        per_dialogue.setdefault(own, {}).update(found)
    for own, found in per_dialogue.items():
        result.by_dialogue[own] = _sorted_partners(found.values())
    return result


# Placing bars on the timeline --------------------------------------------------------

# The timeline names this many clashing dialogues per row and bar; the list names all.
SHOWN_PARTNERS = 5


def _percent(value: float) -> str:
    # Formatted here, never by the template: Swedish number formatting would give
    # "12,5%", which is no length in an SVG width attribute.
    return f"{value:.3f}%"


@dataclass(frozen=True)
class Partner:
    """A clashing dialogue as the page shows it. ``url`` is empty when the viewer may
    not open its summary (another unit's dialogue): the unit name says whom to ask."""

    pk: int
    title: str
    unit_name: str
    url: str


class _Partners:
    """Partners with the first few split off for the timeline."""

    clashes: list[Partner]

    @property
    def clashes_shown(self) -> list[Partner]:
        return self.clashes[:SHOWN_PARTNERS]

    @property
    def clashes_more(self) -> int:
        return max(0, len(self.clashes) - SHOWN_PARTNERS)


@dataclass
class Bar(_Partners):
    kind: str  # "participation" or "activity"
    title: str
    method: str
    starts_on: datetime.date
    ends_on: datetime.date
    left: str
    width: str
    # The visible label sits beside the bar, inside the track: after it, or before it
    # when the bar is near the right edge. label_room is the width of that side.
    label_before: bool
    label_room: str
    continues_before: bool
    continues_after: bool
    clashes: list[Partner] = field(default_factory=list)


def _bar(period: Period, *, kind, title, method, starts_on, ends_on, clashes=()) -> Bar:
    shown_start = max(starts_on, period.starts_on)
    shown_end = min(ends_on, period.ends_on)
    left = (shown_start - period.starts_on).days / period.days * 100
    width = ((shown_end - shown_start).days + 1) / period.days * 100
    room_after, room_before = max(0.0, 100 - left - width), left
    label_before = room_after < LABEL_ROOM_PERCENT and room_after < room_before
    return Bar(
        kind=kind,
        title=title,
        method=method,
        starts_on=starts_on,
        ends_on=ends_on,
        left=_percent(left),
        width=_percent(width),
        label_before=label_before,
        label_room=_percent(room_before if label_before else room_after),
        continues_before=starts_on < period.starts_on,
        continues_after=ends_on > period.ends_on,
        clashes=list(clashes),
    )


@dataclass
class Row(_Partners):
    dialogue: Dialogue
    url: str
    tone: str
    first_date: datetime.date
    bars: list[Bar]
    activities: list[Activity]
    clashes: list[Partner]


def _participation_dates(dialogue: Dialogue):
    start = dialogue.starts_on or dialogue.ends_on
    end = dialogue.ends_on or dialogue.starts_on
    if start and end and end < start:
        start, end = end, start
    return start, end


class SummaryLinks:
    """Addresses of dialogue summaries, empty where the viewer may not open one.

    The calendar shows every unit's dialogues; a summary only opens for the
    dialogue's own units.
    """

    def __init__(self, viewer):
        self.viewer = viewer
        self._urls: dict[int, str] = {}

    def __call__(self, dialogue: Dialogue) -> str:
        if dialogue.pk not in self._urls:
            allowed = self.viewer.has_perm("dialogues.view_dialogue", dialogue)
            self._urls[dialogue.pk] = (
                reverse("dialogue_staff:summary", args=[dialogue.pk]) if allowed else ""
            )
        return self._urls[dialogue.pk]


def calendar_rows(*, dialogues, period: Period, clashes: Clashes, links: SummaryLinks) -> list[Row]:
    """One row per dialogue, sorted by when it first reaches residents."""

    shown: dict[int, Partner] = {}

    def partners(found) -> list[Partner]:
        # One Partner per dialogue, however often it is named as a clash.
        for p in found:
            if p.pk not in shown:
                shown[p.pk] = Partner(p.pk, p.title, p.unit_name, links(p.as_dialogue()))
        return [shown[p.pk] for p in found]

    rows = []
    for dialogue in dialogues:
        bars = []
        start, end = _participation_dates(dialogue)
        if start and period.overlaps(start, end):
            bars.append(
                _bar(
                    period, kind="participation", title="", method="", starts_on=start, ends_on=end
                )
            )
        for activity in dialogue.period_activities:
            bars.append(
                _bar(
                    period,
                    kind="activity",
                    title=activity.title,
                    method=activity.method.name,
                    starts_on=activity.starts_on,
                    ends_on=activity.ends_on,
                    clashes=partners(clashes.by_activity.get(activity.pk, ())),
                )
            )
        dates = [bar.starts_on for bar in bars] or [period.starts_on]
        rows.append(
            Row(
                dialogue=dialogue,
                url=links(dialogue),
                tone=STATE_TONES.get(dialogue.state, "grey"),
                first_date=min(dates),
                bars=bars,
                activities=dialogue.period_activities,
                clashes=partners(clashes.by_dialogue.get(dialogue.pk, ())),
            )
        )
    rows.sort(key=lambda row: (row.first_date, row.dialogue.title.lower(), row.dialogue.pk))
    return rows


@dataclass(frozen=True)
class Month:
    first: datetime.date
    name: str
    short_name: str


@dataclass
class TimelineScale:
    """The month columns of the header, the rulers and the lines behind every row."""

    months: list[Month]
    columns: str
    # The style sheet (calendar.css) gives each of the five month patterns of a
    # half-year or year its grid columns: the strict CSP allows no style attribute.
    css_class: str


def timeline_scale(period: Period) -> TimelineScale:
    months = period.months()
    return TimelineScale(
        # Named once here in the active language; every row repeats them on small screens.
        months=[
            Month(first, date_format(first, "F"), date_format(first, "b")) for first, _d in months
        ],
        columns=" ".join(f"{days}fr" for _first, days in months),
        css_class="cal--months-" + "-".join(str(days) for _first, days in months),
    )


def calendar_overview(*, municipality, period: Period, viewer, **filters):
    """Everything the calendar page shows: rows, clashes and the undated dialogues
    (as ``(dialogue, summary url)`` pairs)."""
    dialogues = list(calendar_dialogues(municipality=municipality, period=period, **filters))
    activities = [a for d in dialogues for a in d.period_activities]
    clashes = bulk_activity_clashes(municipality=municipality, activities=activities)
    links = SummaryLinks(viewer)
    undated = undated_dialogues(municipality=municipality, **filters)
    return {
        "rows": calendar_rows(dialogues=dialogues, period=period, clashes=clashes, links=links),
        "undated": [(dialogue, links(dialogue)) for dialogue in undated],
        "scale": timeline_scale(period),
    }
