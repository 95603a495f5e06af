"""The coordination calendar: every dialogue of the municipality on a timeline or a list."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from delaktig.core.permissions import staff_required
from delaktig.municipality.models import District, TargetGroup, Unit
from delaktig.municipality.selectors import current_municipality

from ..calendar import ALL_STATES, Period, calendar_overview
from ..models import LadderLevel, State

LIST_VIEW = "lista"


class CalendarFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit or committee"), queryset=Unit.objects.none(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=TargetGroup.objects.none(), required=False
    )
    level = forms.TypedChoiceField(
        label=_("Level of influence"),
        choices=[("", _("All levels")), *LadderLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            ("", _("All except archived")),
            *State.choices,
            (ALL_STATES, _("All, also archived")),
        ],
        required=False,
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(municipality=municipality).order_by(
            "name"
        )
        self.fields["unit"].empty_label = _("All units")
        self.fields["district"].queryset = District.objects.filter(
            municipality=municipality
        ).order_by("name")
        self.fields["district"].empty_label = _("All districts")
        self.fields["target_group"].queryset = TargetGroup.objects.order_by("name")
        self.fields["target_group"].empty_label = _("All target groups")

    def filters(self) -> dict:
        """The valid filters; a field with a bad value filters nothing and shows its error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "unit": data.get("unit"),
            "district": data.get("district"),
            "target_group": data.get("target_group"),
            "ladder_level": data.get("level"),
            "state": data.get("state") or None,
        }


@staff_required("dialogues.view_calendar")
@require_safe
def calendar_view(request):
    municipality = current_municipality()
    today = timezone.localdate()
    requested = request.GET.get("period")
    parsed = Period.parse(requested)
    period = parsed or Period.containing(today)
    as_list = request.GET.get("vy") == LIST_VIEW
    form = CalendarFilterForm(request.GET, municipality=municipality)
    data = calendar_overview(
        municipality=municipality, period=period, viewer=request.user, **form.filters()
    )
    rows = data["rows"]
    return render(
        request,
        "dialogues/calendar/calendar.html",
        {
            **data,
            "form": form,
            "period": period,
            "period_not_understood": bool(requested) and parsed is None,
            "year_period": period.as_year(),
            "half_year_period": period.as_half_year(today=today),
            "as_list": as_list,
            "list_view": LIST_VIEW,
            "clash_count": sum(1 for row in rows if row.clashes),
        },
    )
