"""Forms for documenting a meeting and for its evaluation (phone and paper).

The attendance form is a grid of number fields, one per gender and age band,
each with its own full label ("Women, 18–25 years") so that a screen reader
user knows which cell they are in without reading the table headers.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.contributions import images
from delaktig.core.demographics import AgeBand, Gender
from delaktig.core.forms import SubmissionKeyMixin

from . import documentation
from .models import EvaluationResponse, Rating

GENDER_PLURAL = documentation.GENDER_PLURAL


def cell_name(gender: str, band: str) -> str:
    return f"n_{gender}_{band}".replace("-", "_").replace("+", "plus")


class AttendanceForm(forms.Form):
    total = forms.IntegerField(
        label=_("Total number of people, to check"),
        help_text=_("If you counted everyone at the door, write the number here."),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--number"}),
    )

    def __init__(self, *args, counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        counts = counts or {}
        self.cells = []  # [(gender, band, field name)]
        for band, band_label in AgeBand.choices:
            for gender, _label in Gender.choices:
                name = cell_name(gender, band)
                self.fields[name] = forms.IntegerField(
                    label=_("%(gender)s, %(age)s")
                    % {"gender": GENDER_PLURAL[gender], "age": band_label},
                    required=False,
                    min_value=0,
                    max_value=100000,
                    # Short: the message sits in a narrow table cell.
                    error_messages={
                        "invalid": _("Write a whole number."),
                        "min_value": _("Write 0 or more."),
                        "max_value": _("Too large."),
                    },
                    initial=counts.get((gender, band)) or None,
                    widget=forms.NumberInput(
                        attrs={"inputmode": "numeric", "class": "input--count", "min": 0}
                    ),
                )
                self.cells.append((gender, band, name))
        # The check field goes last, after the grid.
        self.order_fields([name for _g, _b, name in self.cells] + ["total"])

    def counts(self) -> dict:
        return {
            (gender, band): self.cleaned_data.get(name) or 0 for gender, band, name in self.cells
        }

    def clean(self):
        data = super().clean()
        total = data.get("total")
        if total is not None and not any(name in self.errors for _g, _b, name in self.cells):
            counted = sum(self.counts().values())
            if counted != total:
                self.add_error(
                    "total",
                    _(
                        "The numbers in the table add up to %(counted)s, not %(total)s. "
                        "Check the numbers."
                    )
                    % {"counted": counted, "total": total},
                )
        return data

    def grid(self):
        """Rows for the template: per age band its label, the bound fields in the
        gender columns' order and the row's total of the numbers shown."""
        shown = self._shown_numbers()
        rows = []
        for band, band_label in AgeBand.choices:
            fields = [self[cell_name(gender, band)] for gender, _l in Gender.choices]
            total = sum(shown[(gender, band)] for gender, _l in Gender.choices)
            rows.append({"label": band_label, "fields": fields, "total": total})
        column_totals = [
            sum(shown[(gender, band)] for band, _l in AgeBand.choices)
            for gender, _l in Gender.choices
        ]
        return {
            "headers": [GENDER_PLURAL[gender] for gender, _l in Gender.choices],
            "rows": rows,
            "column_totals": column_totals,
            "total": sum(column_totals),
        }

    def _shown_numbers(self) -> dict:
        numbers = {}
        for gender, band, name in self.cells:
            value = self[name].value()
            try:
                numbers[(gender, band)] = max(int(value), 0) if value not in (None, "") else 0
            except (TypeError, ValueError):
                numbers[(gender, band)] = 0
        return numbers


class NoteForm(SubmissionKeyMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type"))
    source_label = forms.CharField(
        label=_("Table or session"),
        help_text=_("For example “Table 3” or “Session 2: Traffic”."),
        max_length=120,
        required=False,
    )
    question = forms.ModelChoiceField(
        label=_("Question"),
        queryset=None,
        required=False,
        empty_label=_("No particular question"),
    )
    title = forms.CharField(
        label=_("Heading or theme"),
        help_text=_("A few words that say what it is about."),
        max_length=200,
        required=False,
    )
    text = forms.CharField(
        label=_("Text"),
        help_text=_("Write what was said or written, as close to the original as you can."),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    image = forms.FileField(
        label=_("Photo"),
        help_text=_(
            "JPEG, PNG, WebP or GIF, at most 10 MB. Location and camera details are removed."
        ),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )
    image_description = forms.CharField(
        label=_("Description of the photo"),
        help_text=_("What the photo shows, for people who cannot see it. Needed with a photo."),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, dialogue, contribution=None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = documentation.contribution_kinds()
        self.fields["kind"].choices = [(kind.key, kind.label) for kind in kinds]
        self.fields["question"].queryset = dialogue.questions.all()
        self.contribution = contribution
        if contribution is not None:
            # Editing: no one-time key, and the current photo may be removed.
            del self.fields["submission_key"]
            if contribution.image:
                self.fields["image"].label = _("Replace the photo")
                self.fields["remove_image"] = forms.BooleanField(
                    label=_("Remove the photo"), required=False
                )
                self.order_fields(
                    [
                        "kind",
                        "source_label",
                        "question",
                        "title",
                        "text",
                        "image",
                        "remove_image",
                        "image_description",
                    ]
                )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return images.sanitise(upload)

    def contribution_data(self) -> dict:
        data = self.cleaned_data
        image = data.get("image")
        if image is None and data.get("remove_image"):
            image = False
        return {
            "question": data.get("question"),
            "source_label": data.get("source_label", ""),
            "title": data.get("title", ""),
            "text": data.get("text", ""),
            "image": image,
            "image_description": data.get("image_description", ""),
        }


# --- Evaluation ----------------------------------------------------------------


def _rating_choices():
    # Every step has its words, not only the ends, so that each radio button has a
    # complete label; the numbers keep the scale visible.
    return [(value, f"{value} – {label}") for value, label in Rating.choices]


def _rating_field(name: str) -> forms.TypedChoiceField:
    """One of the evaluation's 1–5 questions, labelled by the model field."""
    return forms.TypedChoiceField(
        label=EvaluationResponse._meta.get_field(name).verbose_name,
        choices=_rating_choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )


class EvaluationForm(SubmissionKeyMixin, forms.Form):
    purpose_clear = _rating_field("purpose_clear")
    listened_to = _rating_field("listened_to")
    knows_next = _rating_field("knows_next")
    take_part_again = forms.ChoiceField(
        label=EvaluationResponse._meta.get_field("take_part_again").verbose_name,
        choices=EvaluationResponse.Again.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=EvaluationResponse._meta.get_field("comment").verbose_name,
        help_text=_("Do not write your name or anything else that shows who you are."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
