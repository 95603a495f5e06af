"""The phone form for the outreach log, the log's filters and the reach period.

The entry form is used on a 360 px phone in one hand, often outdoors: number
inputs open the numeric keypad, the likely answers are preselected (today, the
user's own group, the user among those who took part), and the optional parts
(counts by gender and age) stay folded away in the template.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from delaktig.core.demographics import AgeBand, Gender
from delaktig.core.forms import SubmissionKeyMixin
from delaktig.dialogues.models import Dialogue, State
from delaktig.municipality.models import District, RoleAssignment, Topic, Unit
from delaktig.municipality.rules import is_administrator
from delaktig.municipality.selectors import user_roles

from .models import OutreachEntry

MAX_COUNT = 100_000
# The reach page has a row per month of the period; ten years is plenty.
MAX_PERIOD_DAYS = 10 * 366
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)


def tally_field_name(gender: str, band: str) -> str:
    return f"tally_{gender}_{band}".replace("-", "_").replace("+", "plus")


TALLY_FIELDS = [
    (gender, band, tally_field_name(gender, band))
    for gender in Gender.values
    for band in AgeBand.values
]


class CountInput(forms.NumberInput):
    """A whole-number input that opens the numeric keypad on phones."""

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "pattern": "[0-9]*", "min": "0", "class": "count-input"}
        super().__init__({**base, **(attrs or {})})


class CoordinateField(forms.DecimalField):
    """A latitude or longitude; accepts a decimal comma and rounds to six decimals
    (about 10 cm, more than a phone's position is worth)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().replace(",", ".").replace("\u2212", "-")
        message = _("Write a number, for example 59.3293.")
        try:
            number = Decimal(text)
            if not number.is_finite() or abs(number) > 1000:
                raise ValidationError(message, code="invalid")
            return number.quantize(Decimal("0.000001"))
        except InvalidOperation as error:
            raise ValidationError(message, code="invalid") from error

    def validate(self, value):
        forms.Field.validate(self, value)


class StaffCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that carry each person's units, so the page script can show the
    people of the chosen group first (without the script every one is shown)."""

    def __init__(self, *args, units_by_person=None, me=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units_by_person = units_by_person or {}
        self.me = me

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        pk = getattr(value, "value", value)
        units = self.units_by_person.get(pk)
        if units:
            option["attrs"]["data-units"] = " ".join(str(u) for u in sorted(units))
        if pk == self.me:
            option["attrs"]["data-me"] = ""
        return option


def recordable_units(*, user, municipality, also_unit_id=None):
    """The groups a person may record outreach for: their own units (all for an
    administrator), drafting groups first because they do most of the outreach.
    ``also_unit_id`` keeps an existing entry's group choosable when it is corrected."""
    units = Unit.objects.filter(municipality=municipality)
    if is_administrator(user):
        allowed = Q(is_active=True)
    else:
        allowed = Q(is_active=True, pk__in={unit_id for unit_id, _r in user_roles(user=user)})
    if also_unit_id:
        allowed |= Q(pk=also_unit_id)
    return (
        units.filter(allowed)
        .annotate(
            drafting_first=Case(
                When(kind=Unit.Kind.DRAFTING_GROUP, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("drafting_first", "name")
    )


class OutreachEntryForm(SubmissionKeyMixin, forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(label=_("Type of outreach"), choices=OutreachEntry.Kind.choices)
    unit = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=_("The group that did the outreach, for example a drafting group."),
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("For example the square, the school or the association."),
    )
    latitude = CoordinateField(label=_("Latitude"), min_value=-90, max_value=90)
    longitude = CoordinateField(label=_("Longitude"), min_value=-180, max_value=180)
    dialogue = forms.ModelChoiceField(
        label=_("Dialogue"),
        queryset=Dialogue.objects.none(),
        required=False,
        help_text=_("If the outreach was part of a dialogue."),
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Who took part from the municipality"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=StaffCheckboxes,
    )
    people_met = forms.IntegerField(
        label=_("Number of people met"), min_value=0, max_value=MAX_COUNT, widget=CountInput
    )
    conversations = forms.IntegerField(
        label=_("Number of conversations held"),
        min_value=0,
        max_value=MAX_COUNT,
        widget=CountInput,
        help_text=_("A conversation with several people counts as one."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics raised"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Short notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What people talked about. Do not write names or other personal data."),
    )

    def __init__(self, *args, user, municipality, entry: OutreachEntry | None = None, **kwargs):
        self.entry = entry
        if entry is not None:
            kwargs.setdefault("initial", {}).update(self._initial_from(entry))
        super().__init__(*args, **kwargs)
        for gender, band, name in TALLY_FIELDS:
            # The full label ("Woman, 18–25 years") names the field in the error
            # summary and for screen readers; the page shows the age band under a
            # legend with the gender.
            self.fields[name] = forms.IntegerField(
                label=format_lazy("{}, {}", Gender(gender).label, AgeBand(band).label),
                min_value=0,
                max_value=MAX_COUNT,
                required=False,
                widget=CountInput,
            )
            self.fields[name].gender_label = Gender(gender).label
            self.fields[name].band_label = AgeBand(band).label
        if entry is not None:
            del self.fields["submission_key"]

        units = recordable_units(
            user=user, municipality=municipality, also_unit_id=entry.unit_id if entry else None
        )
        self.fields["unit"].queryset = units
        self.fields["district"].queryset = District.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")
        self.fields["district"].empty_label = _("Choose a district")
        self.fields["dialogue"].empty_label = _("Not part of a dialogue")
        # Open and published dialogues; a corrected entry keeps its own dialogue.
        dialogues = Q(municipality=municipality, state__in=[State.PUBLISHED, State.OPEN])
        if entry is not None and entry.dialogue_id:
            dialogues |= Q(pk=entry.dialogue_id)
        self.fields["dialogue"].queryset = Dialogue.objects.filter(dialogues).order_by("title")
        self.fields["topics"].queryset = Topic.objects.order_by("name")
        self._set_staff_choices(
            user=user, entry=entry, unit_ids=self._unit_ids(units, user=user, entry=entry)
        )
        if entry is None:
            self.fields["date"].initial = timezone.localdate()
            self.fields["kind"].initial = OutreachEntry.Kind.STREET
            self.fields["staff"].initial = [user.pk]

    @staticmethod
    def _unit_ids(units, *, user, entry) -> list[int]:
        """The groups whose people are offered as "who took part": the choosable ones,
        except that an administrator (who may choose any unit) is offered the people
        of their own units and of the drafting groups, not everyone with a role."""
        units = units.order_by()
        if is_administrator(user):
            own = {unit_id for unit_id, _r in user_roles(user=user)}
            if entry is not None:
                own.add(entry.unit_id)
            units = units.filter(Q(pk__in=own) | Q(kind=Unit.Kind.DRAFTING_GROUP))
        return list(units.values_list("pk", flat=True))

    def _set_staff_choices(self, *, user, entry, unit_ids):
        # The people of the user's groups, the user first; one query for the rows.
        User = get_user_model()
        pairs = RoleAssignment.objects.filter(unit_id__in=unit_ids).values_list(
            "user_id", "unit_id"
        )
        units_by_person: dict[int, set[int]] = {}
        for person_id, unit_id in pairs:
            units_by_person.setdefault(person_id, set()).add(unit_id)
        people = set(units_by_person) | {user.pk}
        if entry is not None:
            people |= {p.pk for p in entry.staff.all()}
        queryset = (
            User.objects.filter(pk__in=people)
            .annotate(
                me_first=Case(
                    When(pk=user.pk, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
            .order_by("me_first", "name", "email")
        )
        field = self.fields["staff"]
        field.queryset = queryset
        field.label_from_instance = lambda person: person.name or person.email
        field.widget.units_by_person = units_by_person
        field.widget.me = user.pk

    @staticmethod
    def _initial_from(entry: OutreachEntry) -> dict:
        initial = {
            "date": entry.date,
            "kind": entry.kind,
            "unit": entry.unit_id,
            "district": entry.district_id,
            "place": entry.place,
            "latitude": entry.latitude,
            "longitude": entry.longitude,
            "dialogue": entry.dialogue_id,
            "staff": [p.pk for p in entry.staff.all()],
            "people_met": entry.people_met,
            "conversations": entry.conversations,
            "topics": [t.pk for t in entry.topics.all()],
            "notes": entry.notes,
        }
        for tally in entry.tallies.all():
            initial[tally_field_name(tally.gender, tally.age_band)] = tally.count
        return initial

    def tally_groups(self):
        """The tally fields grouped by gender, for one fieldset each in the template."""
        groups = []
        for gender in Gender:
            fields = [self[name] for g, _band, name in TALLY_FIELDS if g == gender.value]
            groups.append({"gender": gender, "label": gender.label, "fields": fields})
        return groups

    def has_tallies(self) -> bool:
        """Open the folded tally section when it holds numbers or errors."""
        for _g, _b, name in TALLY_FIELDS:
            bound = self[name]
            if bound.errors:
                return True
            value = bound.value()
            if value not in (None, "", 0, "0"):
                return True
        return False

    def clean(self):
        data = super().clean()
        date = data.get("date")
        if date and date > timezone.localdate():
            self.add_error("date", _("The date cannot be in the future."))
        if date and date < datetime.date(2000, 1, 1):
            self.add_error("date", _("Check the year."))
        return data

    def service_data(self) -> dict:
        """What the services take: the cleaned fields plus the tallies as a mapping."""
        data = {
            key: value
            for key, value in self.cleaned_data.items()
            if key != "submission_key" and not key.startswith("tally_")
        }
        data["tallies"] = {
            (gender, band): self.cleaned_data.get(name) or 0 for gender, band, name in TALLY_FIELDS
        }
        return data


class PeriodForm(forms.Form):
    """From and to dates (GET); an empty or invalid period falls back to this year."""

    fran = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    till = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        for name in ("fran", "till"):
            value = data.get(name)
            if value and not EARLIEST <= value <= LATEST:
                self.add_error(name, _("Choose a date between 1900 and 2100."))
                data.pop(name, None)
        start, end = data.get("fran"), data.get("till")
        if start and end and end < start:
            self.add_error("till", _("The end date must be on or after the start date."))
        elif start and end and (end - start).days > MAX_PERIOD_DAYS:
            self.add_error("till", _("Choose a period of at most ten years."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        start = datetime.date(today.year, 1, 1)
        end = datetime.date(today.year, 12, 31)
        if self.is_bound and self.is_valid():
            given_start = self.cleaned_data.get("fran")
            given_end = self.cleaned_data.get("till")
            if given_start and not given_end:
                end = max(given_start, datetime.date(given_start.year, 12, 31))
            if given_end and not given_start:
                start = datetime.date(given_end.year, 1, 1)
            start = given_start or start
            end = given_end or end
        return start, end


class EntryFilterForm(PeriodForm):
    grupp = forms.ModelChoiceField(label=_("Group"), queryset=Unit.objects.none(), required=False)
    kommundel = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )
    typ = forms.ChoiceField(
        label=_("Type of outreach"),
        choices=[("", _("All types")), *OutreachEntry.Kind.choices],
        required=False,
    )

    def __init__(self, *args, units, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grupp"].queryset = units
        self.fields["grupp"].empty_label = _("All groups")
        self.fields["kommundel"].queryset = District.objects.filter(
            municipality=municipality
        ).order_by("name")
        self.fields["kommundel"].empty_label = _("All districts")

    def filters(self) -> dict:
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {
            "start": data.get("fran"),
            "end": data.get("till"),
            "unit": data.get("grupp"),
            "district": data.get("kommundel"),
            "kind": data.get("typ") or None,
        }


class ReportYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def year_or_default(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("File with population figures (CSV)"),
        help_text=_(
            "Columns: area, age, sex and number, as in SCB's tables. Separated by "
            "semicolons or commas."
        ),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        max_value=2100,
        required=False,
        help_text=_("Leave empty if the file has a year column."),
    )
