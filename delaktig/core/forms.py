from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityStatement


class AccessibleFormRenderer(TemplatesSetting):
    """Renders every form and field with the components in templates/components/.

    One place decides how a label, a hint and an error sit around a widget, so
    every form in the product (allauth's included) gets the same accessible markup.
    """

    form_template_name = "components/form_fields.html"
    field_template_name = "components/field.html"


class SubmissionKeyMixin(forms.Form):
    """Adds a hidden one-time key so that a double submit can be recognised."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class AccessibilityStatementForm(forms.ModelForm):
    class Meta:
        model = AccessibilityStatement
        fields = [
            "compliance",
            "known_gaps",
            "assessment_method",
            "assessed_on",
            "published_on",
            "contact_email",
            "contact_phone",
            "response_time",
        ]
        widgets = {
            "compliance": forms.RadioSelect,
            "assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "known_gaps": forms.Textarea(attrs={"rows": 8}),
            "assessment_method": forms.Textarea(attrs={"rows": 4}),
        }


class AccessibilityFeedbackForm(SubmissionKeyMixin):
    """Feedback on accessibility: only the message is needed to send it."""

    name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("Only if you want an answer."),
    )
    page = forms.CharField(
        label=_("Which page or part of the website is it about?"),
        max_length=300,
        required=False,
    )
    message = forms.CharField(
        label=_("Describe the problem"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write what did not work for you.")},
    )
