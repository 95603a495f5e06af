from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import SubmissionKeyMixin
from delaktig.meetings.models import Rating

from .models import Response


def _rating_choices():
    # Every step has its words, not only the ends, so each radio button has a
    # complete label; the numbers keep the scale visible.
    return [(value, f"{value} – {label}") for value, label in Rating.choices]


def _rating_field(name: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=Response._meta.get_field(name).verbose_name,
        choices=_rating_choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )


class ResponseForm(SubmissionKeyMixin, forms.Form):
    """The standard questions; every one may be left out, but not all of them."""

    purpose_clear = _rating_field("purpose_clear")
    listened_to = _rating_field("listened_to")
    knows_next = _rating_field("knows_next")
    take_part_again = forms.ChoiceField(
        label=Response._meta.get_field("take_part_again").verbose_name,
        choices=Response.Again.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=Response._meta.get_field("comment").verbose_name,
        help_text=_("Do not write your name or anything else that shows who you are."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def answers(self) -> dict:
        from .services import ANSWER_FIELDS

        return {name: self.cleaned_data.get(name) for name in ANSWER_FIELDS}
