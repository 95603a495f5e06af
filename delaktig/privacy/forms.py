from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    """The owner types their e-mail address: a deliberate act, hard to do by mistake."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Write the e-mail address you log in with, to confirm."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.strip().lower():
            raise forms.ValidationError(
                _("This is not the e-mail address of your account."), code="mismatch"
            )
        return email
