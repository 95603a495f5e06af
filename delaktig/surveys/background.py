"""The optional background questions: age band, gender and district.

They are the survey's last page when ``survey.background_questions`` is set. Every
field is optional, and the page says why we ask: to see whether the survey reaches
everyone (results compare who answered with the population), never to find out
who answered. The answers are stored on the Response itself, in the codes of
``core.demographics``, so results can sum them with every other method.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delaktig.core.demographics import AgeBand, Gender, band_for_age
from delaktig.municipality.models import District

# The draft key of the background page (sections use their primary keys).
DRAFT_KEY = "background"
OLDEST = 120

TITLE = _("About you")
WHY = _(
    "These questions are optional. We ask them to see whether we reach everyone in the "
    "municipality – young and old, women and men, every district. The answers are only "
    "counted together with everyone else's and are never used to find out who you are."
)


class DistrictField(forms.ModelChoiceField):
    """A district chosen among ``loaded`` (already read for the page) when given,
    so that checking a post needs no query of its own."""

    loaded: dict | None = None

    def use(self, districts) -> None:
        self.loaded = {district.pk: district for district in districts}
        # The same choices the queryset would give, without reading them again.
        self.choices = [("", self.empty_label)] + [
            (district.pk, self.label_from_instance(district)) for district in districts
        ]

    def to_python(self, value):
        if self.loaded is None:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        try:
            district = self.loaded.get(int(value))
        except (TypeError, ValueError):
            district = None
        if district is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return district


class BackgroundForm(forms.Form):
    age_band = forms.ChoiceField(
        label=_("Age"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Choose your age group, or write the year you were born below."),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        help_text=_("For example 1984. Only the age group is kept, not the year."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        widget=forms.RadioSelect,
        choices=Gender.choices,
    )
    district = DistrictField(
        label=_("Where do you live?"),
        required=False,
        queryset=District.objects.none(),
        empty_label=_("Choose district"),
    )

    def __init__(self, *args, municipality=None, districts=None, **kwargs):
        """``districts``: the municipality's active districts, if already read."""
        super().__init__(*args, **kwargs)
        self.fields["age_band"].choices = [
            (value, label) for value, label in AgeBand.choices if value != AgeBand.UNKNOWN
        ]
        if districts is None:
            self.fields["district"].queryset = District.objects.filter(
                municipality=municipality, is_active=True
            ).order_by("name")
            if not self.fields["district"].queryset.exists():
                del self.fields["district"]
        elif not districts:
            del self.fields["district"]
        else:
            self.fields["district"].use(districts)
        self.fields["birth_year"].error_messages["invalid"] = _(
            "Write the year with four digits, for example 1984."
        )

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not (this_year - OLDEST <= year <= this_year):
            raise forms.ValidationError(
                _("Write a year between %(first)s and %(last)s.")
                % {"first": this_year - OLDEST, "last": this_year}
            )
        return year

    def background(self) -> dict:
        """The Response fields: an age band (given, or from the year of birth),
        gender and district; empty where the resident left it out."""
        data = self.cleaned_data
        band = data.get("age_band") or ""
        if not band and data.get("birth_year") is not None:
            band = band_for_age(timezone.localdate().year - data["birth_year"])
        return {
            "age_band": band,
            "gender": data.get("gender") or "",
            "district": data.get("district"),
        }
