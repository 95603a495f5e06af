"""Forms for the decision record and the feedback. They only parse; services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.dialogues.forms import COMMITTEE_KINDS
from delaktig.municipality.models import Unit

from .models import Decision, Feedback


class DecisionForm(forms.ModelForm):
    # Minutes live on the municipality's (https) website; said here to follow Django 6.
    minutes_url = Decision._meta.get_field("minutes_url").formfield(assume_scheme="https")

    class Meta:
        model = Decision
        fields = ["body", "decided_on", "summary", "minutes_url", "use_of_input"]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "use_of_input": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        # Decisions are made by political bodies; the administration does not decide.
        self.fields["body"].queryset = Unit.objects.filter(
            municipality=municipality, is_active=True, kind__in=COMMITTEE_KINDS
        ).order_by("name")
        self.fields["body"].empty_label = _("Choose the body")


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}
