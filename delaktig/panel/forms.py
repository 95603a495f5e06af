"""Forms for the panel: joining and the profile, the panel's rules, drawing a sample."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delaktig.core.demographics import Gender
from delaktig.core.forms import SubmissionKeyMixin
from delaktig.municipality.models import District

from .models import Panel
from .services import MAX_SAMPLE


class ProfileForm(forms.Form):
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        help_text=_("Four digits, for example 1984."),
        error_messages={
            "required": _("Write the year you were born."),
            "invalid": _("Write the year you were born, with four digits."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=Gender.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer about gender.")},
    )
    district = forms.ModelChoiceField(
        label=_("District where you live"),
        queryset=District.objects.none(),
        empty_label=_("Choose district"),
        error_messages={
            "required": _("Choose the district you live in."),
            "invalid_choice": _("Choose the district you live in."),
        },
    )
    languages = forms.CharField(
        label=_("Languages you speak"),
        required=False,
        max_length=200,
        help_text=_(
            "For example Swedish, Arabic, Finnish. Helps us offer surveys in your language."
        ),
    )

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")
        year = timezone.localdate().year
        self.fields["birth_year"].widget.attrs.update({"min": year - 120, "max": year})

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ProfileForm.base_fields}


class JoinForm(SubmissionKeyMixin, ProfileForm):
    consent = forms.BooleanField(
        label=_("I have read the text about my personal data and want to join the panel"),
        error_messages={"required": _("Tick the box to show that you agree, or you cannot join.")},
    )
    consent_version = forms.IntegerField(widget=forms.HiddenInput)


class PanelSettingsForm(forms.ModelForm):
    class Meta:
        model = Panel
        fields = ["is_open", "invitation_limit", "limit_months"]


class ConsentTextForm(forms.Form):
    text = forms.CharField(
        label=_("Consent text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Saving a changed text makes a new version. Members keep the version they agreed to."
        ),
        error_messages={"required": _("Write the consent text.")},
    )


class DrawForm(SubmissionKeyMixin, forms.Form):
    size = forms.IntegerField(
        label=_("Number of members to invite"),
        min_value=1,
        max_value=MAX_SAMPLE,
        error_messages={
            "required": _("Write how many members to invite."),
            "invalid": _("Write a whole number."),
            "min_value": _("Write a number of at least 1."),
            "max_value": _("Write a number from 1 to %(limit_value)s."),
        },
    )
    seed = forms.IntegerField(
        label=_("Random seed"),
        required=False,
        min_value=0,
        max_value=2**62,
        help_text=_("Leave empty. Fill in only to repeat an earlier draw for checking."),
        error_messages={"invalid": _("Write a whole number.")},
    )
