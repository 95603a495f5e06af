from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import SubmissionKeyMixin

from .models import District, Municipality, RoleAssignment, Unit


class MunicipalityForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Municipality
        fields = ["name", "contact_email", "contact_phone", "website"]


class UnitForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "parent", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.filter(municipality=municipality)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = _("For example the committee an administration serves.")
        if not self.instance.pk:
            del self.fields["is_active"]


class DistrictForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "code", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["is_active"]


class RoleAssignmentForm(SubmissionKeyMixin, forms.Form):
    email = forms.EmailField(
        label=_("The person's e-mail address"),
        help_text=_("The person must already have an account."),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=RoleAssignment.Role.choices)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=120,
        help_text=_("For example process leader or chair."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            municipality=municipality, is_active=True
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this e-mail address."))
        self.cleaned_data["user"] = user
        return email


class RoleFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("All roles")), *RoleAssignment.Role.choices],
        required=False,
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(municipality=municipality)
        self.fields["unit"].empty_label = _("All units")
