"""Forms for meetings: staff's meeting details, residents' registration, the calendar filter.

Forms parse and validate; the views hand the cleaned data to ``services``.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import SubmissionKeyMixin
from delaktig.dialogues.forms import DateInput
from delaktig.municipality.models import District

from .models import Meeting, Need, default_retention_days

MAX_RETENTION_DAYS = 365


class TimeInput(forms.TimeInput):
    """The browser's time picker where there is one; 18:30 typed by hand works everywhere."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingForm(forms.ModelForm):
    """The meeting details of an activity. Date, start and end are separate fields
    (a meeting is held on one day), combined into local times in ``meeting_data``."""

    date = forms.DateField(
        label=_("Date"),
        widget=DateInput,
        help_text=_("For example 2027-03-14."),
        error_messages={"required": _("Give the date of the meeting.")},
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        widget=TimeInput,
        help_text=_("For example 18:00."),
        error_messages={"required": _("Give the time the meeting starts.")},
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        widget=TimeInput,
        help_text=_("For example 20:00."),
        error_messages={"required": _("Give the time the meeting ends.")},
    )
    online_url = forms.URLField(
        label=_("Link for taking part online"),
        required=False,
        assume_scheme="https",
        help_text=_("For hybrid or online meetings."),
    )
    retention_days = forms.IntegerField(
        label=_("Days to keep registrations"),
        min_value=0,
        max_value=MAX_RETENTION_DAYS,
        help_text=_(
            "Names, contact details and needs are deleted this many days after the meeting. "
            "Keep them no longer than you need, for example to send the results to those who came."
        ),
    )

    class Meta:
        model = Meeting
        fields = [
            "venue",
            "address",
            "step_free_access",
            "hearing_loop",
            "accessible_toilet",
            "public_transport",
            "online_url",
            "capacity",
            "languages",
            "registration_required",
            "retention_days",
        ]
        help_texts = {
            "venue": _(
                "The name of the place and the room, for example “Stadsbiblioteket, hörsalen”."
            ),
            "step_free_access": _("No steps or thresholds from the street to the room, or a lift."),
            "hearing_loop": _("A working hearing loop in the room."),
            "languages": _(
                "The languages the meeting is held in, for example “svenska, arabiska”."
            ),
            "registration_required": _(
                "If not, residents can still register to tell you what they need."
            ),
        }
        error_messages = {"venue": {"required": _("Say where the meeting is held.")}}

    field_order = ["date", "start_time", "end_time"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "retention_days" not in (kwargs.get("initial") or {}):
            # The unsaved instance carries the field's fixed default; the setting wins.
            self.initial["retention_days"] = default_retention_days()
        if self.instance.pk:
            starts = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", starts.date())
            self.initial.setdefault("start_time", starts.time())
            self.initial.setdefault("end_time", timezone.localtime(self.instance.ends_at).time())

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data

    def meeting_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        day = self.cleaned_data["date"]
        zone = timezone.get_current_timezone()
        data["starts_at"] = datetime.datetime.combine(day, self.cleaned_data["start_time"], zone)
        data["ends_at"] = datetime.datetime.combine(day, self.cleaned_data["end_time"], zone)
        return data


class RegistrationForm(SubmissionKeyMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Write your name.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the confirmation and a link to cancel here."),
        error_messages={
            "required": _("Write your e-mail address, so that we can send you the confirmation."),
            "invalid": _("Write the e-mail address like this: namn@exempel.se"),
        },
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("If we need to reach you quickly, for example if the meeting is moved."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    needs = forms.MultipleChoiceField(
        label=_("What do you need to be able to take part?"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everything you need. We arrange it and tell you if we cannot."),
    )
    interpreter_language = forms.CharField(
        label=_("Language to interpret"),
        max_length=80,
        required=False,
        help_text=_(
            "If you ticked interpreter: which language, for example arabiska or somaliska."
        ),
    )
    dietary_details = forms.CharField(
        label=_("Diet"),
        max_length=200,
        required=False,
        help_text=_("If you ticked special diet: which, for example gluten-free or vegan."),
    )
    other_needs = forms.CharField(
        label=_("Other needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything else we should know, for example that you bring an assistant."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the municipality keeps my registration and my needs"),
        error_messages={"required": _("Tick the box to agree, otherwise we cannot register you.")},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["consent"].help_text = _(
            "We use them only to plan this meeting. They are deleted %(days)s days after the "
            "meeting; only the number of people and needs is kept."
        ) % {"days": meeting.retention_days}

    def clean(self):
        data = super().clean()
        needs = data.get("needs") or []
        if Need.INTERPRETER in needs and not (data.get("interpreter_language") or "").strip():
            self.add_error(
                "interpreter_language", _("Write which language you need an interpreter for.")
            )
        if Need.DIETARY in needs and not (data.get("dietary_details") or "").strip():
            self.add_error("dietary_details", _("Write which diet you need."))
        return data

    def registration_data(self) -> dict:
        fields = (
            "name",
            "email",
            "phone",
            "needs",
            "interpreter_language",
            "dietary_details",
            "other_needs",
        )
        return {name: self.cleaned_data[name] for name in fields}


class MeetingFilterForm(forms.Form):
    """The calendar's filter, sent with GET so that it works without JavaScript."""

    omrade = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All districts"),
    )

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["omrade"].queryset = District.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")

    def district(self):
        return self.cleaned_data.get("omrade") if self.is_valid() else None
