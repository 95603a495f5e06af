from django import forms
from django.forms.renderers import TemplatesSetting


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
