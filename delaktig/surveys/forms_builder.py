"""Forms of the survey builder. They parse and validate input; the views hand the
cleaned data to ``services``, which decide what may change once answers exist."""

from django import forms
from django.template.defaultfilters import truncatechars
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import SubmissionKeyMixin

from . import languages
from .models import MatrixItem, Option, Question, Survey

Kind = Question.Kind
SCALE_KINDS = (Kind.SCALE, Kind.MATRIX)
CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING)
CONDITION_KINDS = (Kind.SINGLE, Kind.MULTIPLE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


class SurveyForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Other languages"),
        required=False,
        choices=languages.language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Swedish is always there. For each language you choose, translate the texts "
            "on the survey's translation page; texts you have not translated are shown in "
            "Swedish."
        ),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        required=False,
        widget=DateTimeInput,
        input_formats=DATETIME_FORMATS,
        help_text=_("For example 2027-03-01 08:00. Leave empty to open when you choose."),
        error_messages={"invalid": _("Write the time as YYYY-MM-DD HH:MM.")},
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        required=False,
        widget=DateTimeInput,
        input_formats=DATETIME_FORMATS,
        help_text=_("For example 2027-03-31 23:59."),
        error_messages={"invalid": _("Write the time as YYYY-MM-DD HH:MM.")},
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "intro",
            "thanks_text",
            "access",
            "anonymous",
            "background_questions",
            "languages",
            "opens_at",
            "closes_at",
        ]
        widgets = {
            "access": forms.RadioSelect,
            "intro": forms.Textarea(attrs={"rows": 4}),
            "thanks_text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "intro": _(
                "What the survey is about, what the answers will be used for, how long it takes."
            ),
            "thanks_text": _("Shown after the last page. Tell when and where the results come."),
        }
        error_messages = {
            "title": {"required": _("Give the survey a title.")},
            "access": {"required": _("Choose who may answer.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["access"].choices = Survey.Access.choices

    def survey_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SurveyCreateForm(SubmissionKeyMixin, SurveyForm):
    pass


class SectionForm(forms.Form):
    title = forms.CharField(
        label=_("Heading"),
        max_length=200,
        error_messages={"required": _("Give the section a heading.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown under the heading, before the questions."),
    )


class SectionCreateForm(SubmissionKeyMixin, SectionForm):
    pass


def _choices_text(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# The answer form's messages (forms_answer), already translated.
NUMBER_BOUND_ERRORS = {
    "max_digits": _("Write a shorter number."),
    "max_whole_digits": _("Write a shorter number."),
    "max_decimal_places": _("Write at most 4 decimals."),
}


class QuestionForm(forms.Form):
    """The question's own fields plus the settings of its type.

    Existing options or matrix rows get a text field and a delete box each
    (``choice_<pk>`` and ``delete_<pk>``); new ones are typed one per line.
    """

    kind = forms.ChoiceField(
        label=_("Type of question"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of question.")},
    )
    text = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the question.")},
    )
    help_text = forms.CharField(
        label=_("Help text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown under the question, for example what you mean by a word."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    key = forms.SlugField(
        label=_("Short name in exports"),
        required=False,
        max_length=40,
        help_text=_("Letters, digits and _ only. Leave empty to have one made from the question."),
        error_messages={"invalid": _("Use only letters a–z, digits, - and _.")},
    )
    # Scale and matrix.
    scale_min = forms.IntegerField(
        label=_("Lowest value"), required=False, min_value=0, max_value=1
    )
    scale_max = forms.IntegerField(
        label=_("Highest value"), required=False, min_value=2, max_value=10
    )
    min_label = forms.CharField(label=_("Text at the lowest value"), required=False, max_length=60)
    max_label = forms.CharField(label=_("Text at the highest value"), required=False, max_length=60)
    dont_know = forms.BooleanField(label=_("Offer ”Don't know”"), required=False)
    # Number.
    # As wide as an answer can be (forms_answer: 14 digits, 4 decimals); wider
    # bounds do not fit the settings' JSON (1e5000) or take minutes in int().
    number_min = forms.DecimalField(
        label=_("Smallest number"),
        required=False,
        localize=True,
        max_digits=14,
        decimal_places=4,
        error_messages=NUMBER_BOUND_ERRORS,
    )
    number_max = forms.DecimalField(
        label=_("Largest number"),
        required=False,
        localize=True,
        max_digits=14,
        decimal_places=4,
        error_messages=NUMBER_BOUND_ERRORS,
    )
    # Multiple choice.
    max_choices = forms.IntegerField(
        label=_("Most choices allowed"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to allow every option."),
    )
    # Choices and ranking.
    has_other = forms.BooleanField(
        label=_("Offer ”Other, namely” with a text field"), required=False
    )
    new_choices = forms.CharField(
        label=_("New options, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    condition = forms.MultipleChoiceField(
        label=_("Show the question only if the answer was"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose answers of one earlier question. Leave empty to show the question to everyone."
        ),
    )

    SCALE_FIELDS = ("scale_min", "scale_max", "min_label", "max_label", "dont_know")
    NUMBER_FIELDS = ("number_min", "number_max")

    def __init__(self, *args, kind=None, question=None, earlier=(), scale=None, **kwargs):
        self.question = question
        initial = kwargs.setdefault("initial", {})
        if question is not None:
            settings = question.settings or {}
            initial.update(
                kind=question.kind,
                text=question.text,
                help_text=question.help_text,
                required=question.required,
                key=question.key,
                scale_min=settings.get("min"),
                scale_max=settings.get("max"),
                min_label=settings.get("min_label", ""),
                max_label=settings.get("max_label", ""),
                dont_know=settings.get("dont_know", False),
                number_min=settings.get("min") if question.kind == Kind.NUMBER else None,
                number_max=settings.get("max") if question.kind == Kind.NUMBER else None,
                max_choices=settings.get("max_choices"),
                has_other=any(o.is_other for o in question.options.all()),
                condition=[str(o.pk) for o in question.show_if_options.all()],
            )
        elif scale:
            initial.update(
                scale_min=scale["min"],
                scale_max=scale["max"],
                min_label=scale.get("min_label", ""),
                max_label=scale.get("max_label", ""),
                dont_know=scale.get("dont_know", False),
            )
        super().__init__(*args, **kwargs)
        self.question_kind = kind or (question.kind if question else None)
        self.earlier = list(earlier)
        self.options_by_pk = {
            str(option.pk): option for q in self.earlier for option in q.options.all()
        }
        # Flat "question: answer" labels; grouped checkboxes would need nested legends.
        self.fields["condition"].choices = [
            (str(o.pk), f"{truncatechars(q.text, 60)}: {o.text}")
            for q in self.earlier
            for o in q.options.all()
        ]
        if not self.earlier:
            del self.fields["condition"]
        self.existing = []
        if question is not None:
            rows = question.items.all() if question.kind == Kind.MATRIX else question.options.all()
            is_matrix = question.kind == Kind.MATRIX
            number = 0
            for row in rows:
                if getattr(row, "is_other", False):
                    continue
                number += 1
                if is_matrix:
                    label = _("Row %(number)s") % {"number": number}
                    delete_label = _("Delete row %(number)s") % {"number": number}
                else:
                    label = _("Option %(number)s") % {"number": number}
                    delete_label = _("Delete option %(number)s") % {"number": number}
                self.fields[f"choice_{row.pk}"] = forms.CharField(
                    label=label,
                    max_length=300,
                    initial=row.text,
                    error_messages={"required": _("Write a text, or mark it to be deleted.")},
                )
                self.fields[f"delete_{row.pk}"] = forms.BooleanField(
                    label=delete_label, required=False
                )
                self.existing.append(row)
        if self.question_kind == Kind.MATRIX:
            self.fields["new_choices"].label = _("New rows (statements), one per line")
        if question is None and self.question_kind:
            # The type was chosen on the step before; its settings follow from it.
            self.fields["kind"].widget = forms.HiddenInput()
        if question is not None:
            # Changing the type is a choice of its own, on top of the settings.
            self.fields["kind"].help_text = _(
                "The settings below are for the type the question has now. If you change "
                "the type, save and then adjust the settings."
            )

    @property
    def existing_rows(self):
        """(row, text field, delete field) for the template."""
        return [(row, self[f"choice_{row.pk}"], self[f"delete_{row.pk}"]) for row in self.existing]

    @property
    def shows_scale(self):
        return self.question_kind in SCALE_KINDS

    @property
    def shows_number(self):
        return self.question_kind == Kind.NUMBER

    @property
    def shows_choices(self):
        return self.question_kind in CHOICE_KINDS or self.question_kind == Kind.MATRIX

    @property
    def shows_other(self):
        return self.question_kind in (Kind.SINGLE, Kind.MULTIPLE)

    @property
    def shows_max_choices(self):
        return self.question_kind == Kind.MULTIPLE

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        if (
            kind in SCALE_KINDS
            and kind == self.question_kind
            and low is not None
            and high is not None
            and low >= high
        ):
            self.add_error("scale_max", _("The highest value must be above the lowest."))
        small, large = cleaned.get("number_min"), cleaned.get("number_max")
        if small is not None and large is not None and small > large:
            self.add_error("number_max", _("The largest number must not be below the smallest."))
        chosen = [self.options_by_pk[pk] for pk in cleaned.get("condition") or []]
        if len({option.question_id for option in chosen}) > 1:
            self.add_error(
                "condition", _("Choose answers of one question only (the one that decides).")
            )
        return cleaned

    # --- for the service ---------------------------------------------------------

    def question_data(self) -> dict:
        cleaned = self.cleaned_data
        kind = cleaned["kind"]
        data = {
            "kind": kind,
            "text": cleaned["text"].strip(),
            "help_text": cleaned["help_text"].strip(),
            "required": cleaned["required"],
            "key": cleaned["key"] or (self.question.key if self.question else ""),
        }
        if kind != self.question_kind and self.question is not None:
            # A new type starts from its own defaults (see services._clean_settings).
            data["settings"] = {}
            return data
        settings = {}
        if kind in SCALE_KINDS:
            settings = {
                "min": cleaned["scale_min"],
                "max": cleaned["scale_max"],
                "min_label": cleaned["min_label"],
                "max_label": cleaned["max_label"],
                "dont_know": cleaned["dont_know"],
            }
            settings = {k: v for k, v in settings.items() if v is not None}
        elif kind == Kind.NUMBER:
            for name, key in (("number_min", "min"), ("number_max", "max")):
                if cleaned[name] is not None:
                    value = cleaned[name]
                    settings[key] = int(value) if value == int(value) else float(value)
        elif kind == Kind.MULTIPLE and cleaned["max_choices"]:
            settings["max_choices"] = cleaned["max_choices"]
        if self.question is not None and kind == Kind.LOCATION:
            settings.update(self.question.settings or {})
        data["settings"] = settings
        return data

    def chosen_condition(self):
        options = [self.options_by_pk[pk] for pk in self.cleaned_data.get("condition") or []]
        show_if = next(
            (q for q in self.earlier if options and q.pk == options[0].question_id), None
        )
        return show_if, options

    def choices(self, move: str = "") -> list[dict]:
        """Existing rows (in order, with a requested move applied) then the new ones."""
        cleaned = self.cleaned_data
        rows = [
            {
                "pk": row.pk,
                "text": cleaned.get(f"choice_{row.pk}", ""),
                "delete": cleaned.get(f"delete_{row.pk}", False),
            }
            for row in self.existing
        ]
        if move:
            pk, _sep, direction = move.partition(":")
            index = next((i for i, r in enumerate(rows) if str(r["pk"]) == pk), None)
            if index is not None:
                other = index + (-1 if direction == "up" else 1)
                if 0 <= other < len(rows):
                    rows[index], rows[other] = rows[other], rows[index]
        rows += [{"pk": None, "text": text} for text in _choices_text(cleaned["new_choices"])]
        return rows


class CopyForm(SubmissionKeyMixin, forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Activity the copy belongs to"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the activity the copy belongs to.")},
    )
    title = forms.CharField(
        label=_("Title of the copy"),
        max_length=200,
        error_messages={"required": _("Give the copy a title.")},
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = lambda a: f"{a.title} – {a.dialogue.title}"


class TranslationForm(forms.Form):
    """One text field per translatable text of the survey, hinted with the Swedish."""

    def __init__(self, *args, survey, sections, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = languages.get(language)
        self.targets = {}
        self.rows = []
        labels = {
            "title": _("Title"),
            "intro": _("Introduction"),
            "thanks_text": _("Text on the thank-you page"),
            "description": _("Description"),
            "text": _("Text"),
            "help_text": _("Help text"),
            "min_label": _("Text at the lowest value"),
            "max_label": _("Text at the highest value"),
        }
        for obj in languages.survey_objects(survey, sections):
            for field_name in languages.translatable_fields(obj):
                name = f"t_{type(obj).__name__.lower()}_{obj.pk}_{field_name}"
                swedish = languages.swedish_text(obj, field_name)
                long = field_name in ("intro", "thanks_text", "description", "help_text") or (
                    field_name == "text" and not isinstance(obj, (Option, MatrixItem))
                )
                attrs = {"lang": self.language.lang, "dir": self.language.direction}
                self.fields[name] = forms.CharField(
                    label=_("%(field)s in %(language)s")
                    % {
                        "field": labels.get(field_name, field_name),
                        "language": self.language.swedish_name.lower(),
                    },
                    help_text=escape(_("In Swedish: %(text)s") % {"text": swedish}),
                    required=False,
                    initial=languages.translated_text(obj, field_name, self.language.code),
                    widget=forms.Textarea(attrs={**attrs, "rows": 2})
                    if long
                    else forms.TextInput(attrs=attrs),
                )
                self.targets[name] = (obj, field_name)
                self.rows.append((obj, field_name, swedish, name))

    @property
    def grouped_rows(self):
        """(object, [(Swedish text, bound field), …]) per object, in reading order."""
        groups = []
        for obj, _field_name, swedish, name in self.rows:
            if not groups or groups[-1][0] is not obj:
                groups.append((obj, []))
            groups[-1][1].append((swedish, self[name]))
        return groups

    def texts(self) -> dict:
        return {self.targets[name]: value for name, value in self.cleaned_data.items()}
