from django import forms
from django.utils.translation import gettext_lazy as _


class DisposalForm(forms.Form):
    decision_reference = forms.CharField(
        label=_("Registration number of the decision"),
        max_length=100,
        help_text=_("For example KS 2026/123. The decision must allow disposal of this dialogue."),
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=200,
        help_text=_("The committee or the person who made the decision by delegation."),
    )
    decided_on = forms.DateField(
        label=_("Decision date"),
        help_text=_("Write the date as 2026-11-25."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the dialogue and everything in it is removed for good."),
    )
