"""Reads for the panel: who may be drawn, counts by stratum, response rates."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from delaktig.core.demographics import AgeBand, Gender
from delaktig.municipality.models import District, PopulationFigure, RoleAssignment
from delaktig.municipality.selectors import user_roles
from delaktig.results.disclosure import disclose_table
from delaktig.surveys.models import Invitation, Survey

from .models import Panel, PanelInvitation, PanelMember, PanelSample
from .sampling import (
    FIGURE_GENDERS,
    PANEL_BANDS,
    band_for_birth_year,
    split_key,
    stratum_key,
)

Basis = PanelSample.Basis


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` calendar months earlier (clamped to month end)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def limit_since(panel: Panel, now=None) -> datetime.datetime:
    return months_before(now or timezone.now(), panel.limit_months)


def member_for_user(user) -> PanelMember | None:
    if not user.is_authenticated:
        return None
    return (
        PanelMember.objects.select_related("panel", "district", "consent_text")
        .filter(user=user)
        .first()
    )


# --- Sampling ------------------------------------------------------------------------


@dataclass
class SamplingFrame:
    """Everything a draw needs: who may be drawn, per stratum, and the population."""

    basis: str
    population_year: int | None
    population: dict[str, int] | None  # stratum key -> residents
    members_by_stratum: dict[str, list[int]] = field(default_factory=dict)
    emails: dict[int, str] = field(default_factory=dict)
    over_limit: int = 0  # members left out because of the invitation limit

    @property
    def capacity(self) -> dict[str, int]:
        return {key: len(ids) for key, ids in self.members_by_stratum.items()}


def population_for_panel(municipality) -> tuple[str, int | None, dict[str, int] | None]:
    """(basis, year, stratum key -> residents) from the latest population figures.

    Figures per district are used when the latest year has them; otherwise the
    whole municipality's (strata are then age band × gender).
    """
    figures = PopulationFigure.objects.filter(
        municipality=municipality, age_band__in=PANEL_BANDS, gender__in=FIGURE_GENDERS
    )
    year = figures.aggregate(year=Max("year"))["year"]
    if year is None:
        return Basis.PANEL, None, None
    of_year = figures.filter(year=year)
    by_district = of_year.filter(district__isnull=False).exists()
    counts: dict[str, int] = defaultdict(int)
    for band, gender, district_id, count in of_year.filter(
        district__isnull=not by_district
    ).values_list("age_band", "gender", "district_id", "count"):
        counts[stratum_key(band, gender, district_id if by_district else None)] += count
    return (Basis.DISTRICTS if by_district else Basis.MUNICIPALITY), year, dict(counts)


def member_stratum(member_row, *, year: int, basis: str) -> str | None:
    """A member's stratum key, or None when their age is outside the panel's bands."""
    birth_year, gender, district_id = member_row
    band = band_for_birth_year(birth_year, year)
    if band not in PANEL_BANDS:
        return None
    return stratum_key(band, gender, None if basis == Basis.MUNICIPALITY else district_id)


def sampling_frame(*, panel: Panel, survey: Survey, now=None) -> SamplingFrame:
    """Who may be drawn for ``survey`` now: members in the panel's age range, under
    the invitation limit, not yet invited to this survey (by the panel or by address)."""
    now = now or timezone.now()
    basis, year, population = population_for_panel(panel.municipality)
    frame = SamplingFrame(basis=basis, population_year=year, population=population)
    since = limit_since(panel, now)
    already = Invitation.objects.filter(survey=survey).exclude(email="").values("email")
    rows = (
        PanelMember.objects.filter(panel=panel, user__is_active=True)
        .exclude(invitations__survey=survey)
        .exclude(user__email__in=already)
        .annotate(recent=Count("invitations", filter=Q(invitations__created_at__gte=since)))
        .values_list("pk", "birth_year", "gender", "district_id", "user__email", "recent")
    )
    this_year = timezone.localdate(now).year
    for pk, birth_year, gender, district_id, email, recent in rows:
        if recent >= panel.invitation_limit:
            frame.over_limit += 1
            continue
        key = member_stratum((birth_year, gender, district_id), year=this_year, basis=basis)
        if key is None:
            continue
        frame.members_by_stratum.setdefault(key, []).append(pk)
        frame.emails[pk] = email
    return frame


# --- Labels and tables ------------------------------------------------------------------


def stratum_labels(keys, districts: dict[int, str]) -> dict[str, dict]:
    bands = dict(AgeBand.choices)
    genders = dict(Gender.choices)
    labels = {}
    for key in keys:
        band, gender, district_id = split_key(key)
        labels[key] = {
            "band": str(bands.get(band, band)),
            "gender": str(genders.get(gender, gender)),
            "district": districts.get(district_id, "") if district_id else "",
        }
    return labels


def district_names(panel: Panel) -> dict[int, str]:
    return dict(District.objects.filter(municipality=panel.municipality).values_list("pk", "name"))


GENDER_COLUMNS = [g.value for g in Gender]


def _gender_labels():
    return {g.value: g.label for g in Gender}


def _band_labels():
    return {b: AgeBand(b).label for b in PANEL_BANDS}


def panel_composition(*, panel: Panel, now=None) -> dict:
    """Members by age band × gender and by district × gender, disclosure-controlled,
    in two queries whatever the size of the panel."""
    now = now or timezone.now()
    year = timezone.localdate(now).year
    by_age: dict = defaultdict(int)
    for birth_year, gender, n in (
        PanelMember.objects.filter(panel=panel)
        .values_list("birth_year", "gender")
        .annotate(n=Count("pk"))
    ):
        by_age[band_for_birth_year(birth_year, year), gender] += n
    by_district: dict = defaultdict(int)
    for district_id, gender, n in (
        PanelMember.objects.filter(panel=panel)
        .values_list("district_id", "gender")
        .annotate(n=Count("pk"))
    ):
        by_district[district_id or 0, gender] += n
    names = district_names(panel)
    district_rows = sorted({d for d, _g in by_district}, key=lambda d: names.get(d, "~"))
    district_labels = {d: names.get(d, gettext("No district")) for d in district_rows}
    return {
        "total": sum(by_age.values()),
        "age_by_gender": disclose_table(
            by_age,
            rows=PANEL_BANDS,
            columns=GENDER_COLUMNS,
            row_labels=_band_labels(),
            column_labels=_gender_labels(),
        ),
        "district_by_gender": disclose_table(
            by_district,
            rows=district_rows,
            columns=GENDER_COLUMNS,
            row_labels=district_labels,
            column_labels=_gender_labels(),
        ),
    }


def member_list(*, panel: Panel, query: str = "", now=None):
    since = limit_since(panel, now)
    members = (
        PanelMember.objects.filter(panel=panel)
        .select_related("user", "district", "consent_text")
        .annotate(recent=Count("invitations", filter=Q(invitations__created_at__gte=since)))
        .order_by("-joined_at", "-pk")
    )
    if query:
        members = members.filter(user__email__icontains=query.strip())
    return members


def drawable_surveys(*, user):
    """Open surveys of dialogues the user runs (an administrator: all)."""
    surveys = (
        Survey.objects.filter(state=Survey.State.OPEN)
        .select_related("activity__dialogue")
        .annotate(panel_invited=Count("panel_samples__invitations", distinct=True))
        .order_by("title", "pk")
    )
    roles = user_roles(user=user)
    if user.is_superuser or any(role == RoleAssignment.Role.ADMINISTRATOR for _u, role in roles):
        return surveys
    units = [unit_id for unit_id, role in roles if role == RoleAssignment.Role.OFFICIAL]
    return surveys.filter(activity__dialogue__unit_id__in=units)


def survey_samples(*, survey: Survey):
    return list(
        PanelSample.objects.filter(survey=survey).select_related("created_by").order_by("-pk")
    )


def response_rates(*, survey: Survey, panel: Panel) -> dict:
    """Invited and answered per age band × gender and district × gender, for the
    panel's invitations to ``survey`` (members who left counted from the samples'
    anonymous counters), disclosure-controlled."""
    invited: dict[str, int] = defaultdict(int)
    answered: dict[str, int] = defaultdict(int)
    for stratum, was_answered, n in (
        PanelInvitation.objects.filter(survey=survey)
        .values_list("stratum", "invitation__answered")
        .annotate(n=Count("pk"))
    ):
        invited[stratum] += n
        if was_answered:
            answered[stratum] += n
    for departed in PanelSample.objects.filter(survey=survey).values_list("departed", flat=True):
        for stratum, (gone_invited, gone_answered) in (departed or {}).items():
            invited[stratum] += gone_invited
            answered[stratum] += gone_answered

    def by(counts, position):
        out: dict = defaultdict(int)
        for key, n in counts.items():
            parts = split_key(key)
            out[parts[position] or 0, parts[1]] += n
        return out

    names = district_names(panel)
    district_rows = sorted({split_key(k)[2] or 0 for k in invited}, key=lambda d: names.get(d, "~"))
    district_labels = {d: names.get(d, gettext("No district")) for d in district_rows}

    def tables(position, rows, labels):
        return {
            "invited": disclose_table(
                by(invited, position),
                rows=rows,
                columns=GENDER_COLUMNS,
                row_labels=labels,
                column_labels=_gender_labels(),
            ),
            "answered": disclose_table(
                by(answered, position),
                rows=rows,
                columns=GENDER_COLUMNS,
                row_labels=labels,
                column_labels=_gender_labels(),
            ),
        }

    total_invited, total_answered = sum(invited.values()), sum(answered.values())
    age = tables(0, list(PANEL_BANDS), _band_labels())
    district = tables(2, district_rows, district_labels)
    return {
        "invited": total_invited,
        "answered": total_answered,
        "rate": round(100 * total_answered / total_invited) if total_invited else None,
        "age_rows": _rate_rows(age),
        "district_rows": _rate_rows(district),
        "unanswered": total_invited - total_answered,
        "genders": [str(label) for label in _gender_labels().values()],
    }


def _rate_rows(tables) -> list[dict]:
    """One row per group (gender totals): invited, answered and the rate, where
    disclosure control lets both figures be shown."""
    rows = []
    invited, answered = tables["invited"], tables["answered"]
    for row in invited.rows:
        inv = row.total
        ans = answered.row_totals[row.key]
        rate = None
        if not inv.suppressed and not ans.suppressed and inv.value:
            rate = round(100 * ans.value / inv.value)
        cells = []
        for column, inv_cell in zip(invited.column_keys, row.cells, strict=True):
            ans_cell = answered.cells[row.key, column]
            cell_rate = None
            if not inv_cell.suppressed and not ans_cell.suppressed and inv_cell.value:
                cell_rate = round(100 * ans_cell.value / inv_cell.value)
            cells.append({"invited": inv_cell, "answered": ans_cell, "rate": cell_rate})
        rows.append(
            {"label": row.label, "invited": inv, "answered": ans, "rate": rate, "cells": cells}
        )
    return rows
