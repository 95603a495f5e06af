"""The form a resident answers: one Django form per section, built from its questions.

Used by the answering pages (``views_public``) and by the builder's preview, so
the preview is exactly what residents see. Contract:

* ``build_section_form(section, language, data=None, answers_so_far=None)``
  returns a bound or unbound ``SectionForm``. ``{{ form }}`` renders the error
  summary and every question through ``surveys/question_fields.html`` (the form's
  own hidden inputs included), so a page only wraps it in ``<form>`` and adds its
  buttons and its own hidden fields (submission key …).
* Field names: ``q_<key>`` for a question; ``q_<key>__other`` for the text of
  "other, namely"; ``q_<key>__<item pk>`` per matrix row;
  ``q_<key>__rank_<option pk>`` per ranked option; ``q_<key>__lat`` and
  ``q_<key>__lng`` for a place on the map (hidden; a map script may fill them).
* ``form.answers()`` (after ``is_valid()``) lists the atomic answers as keyword
  arguments for ``Answer`` rows (without survey, response and contribution).
  Free texts are the ``text`` of short/long text questions and of "other" options.
* Conditional questions: ``answers_so_far`` maps an earlier question's key to the
  option id(s) chosen (int or str, one or a list). A question whose condition
  sits in an earlier section is left out unless met. A question whose condition
  is in the same section is shown with a hint ("answer only if …") and its
  answer and errors are ignored when the condition is not met by the same post,
  so the flow works without JavaScript. ``form.condition_values()`` gives this
  section's choices in the same shape, to add to ``answers_so_far`` for the next
  section; ``values_for_conditions(questions, posted)`` reads them from a stored
  draft without validating it.
* Error messages are English msgids translated to Swedish; question texts come in
  ``language`` (falling back to Swedish).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext as _

from .languages import SWEDISH, text_in
from .models import Question, Section

Kind = Question.Kind
DONT_KNOW = "dont_know"
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
OTHER_TEXT_MAX = 300
# A draft keeps what was posted, valid or not, so that nothing typed is lost; but
# only within bounds, or a draft would be as large as a request may be. A free text
# may take twice its limit (a browser sends each line break as two characters, and
# a text somewhat too long is kept for the resident to shorten); any other input
# is an id, a scale value, a number or a date, which no real answer makes longer.
DRAFT_TEXT_FACTOR = 2
DRAFT_VALUE_MAX = 100


def field_name(question: Question, suffix: str = "") -> str:
    name = f"q_{question.key}"
    return f"{name}__{suffix}" if suffix else name


def _as_set(value) -> set[str]:
    if value is None or value == "":
        return set()
    if isinstance(value, (list, tuple, set, frozenset)):
        return {str(v) for v in value if v not in (None, "")}
    return {str(value)}


def values_for_conditions(questions, posted) -> dict[str, list[str]]:
    """The choices of single/multiple questions in raw posted data (a dict of
    field name -> value or list, or a QueryDict), keyed by question key."""
    values = {}
    for question in questions:
        if question.kind not in CHOICE_KINDS:
            continue
        name = field_name(question)
        raw = posted.getlist(name) if hasattr(posted, "getlist") else posted.get(name)
        chosen = sorted(_as_set(raw))
        if chosen:
            values[question.key] = chosen
    return values


def _wanted(question) -> set[str]:
    return {str(option.pk) for option in question.show_if_options.all()}


def _scale_choices(question, language):
    settings = question.settings or {}
    low, high = int(settings.get("min", 1)), int(settings.get("max", 10))
    low_label = text_in(question, "min_label", language)
    high_label = text_in(question, "max_label", language)
    choices = []
    for value in range(low, high + 1):
        label = str(value)
        if value == low and low_label:
            label = f"{value} {low_label}"
        elif value == high and high_label:
            label = f"{value} {high_label}"
        choices.append((str(value), label))
    if settings.get("dont_know"):
        choices.append((DONT_KNOW, _("Don't know")))
    return choices


@dataclass
class QuestionBlock:
    """One question as the template shows it: its inputs and how to group them."""

    question: Question
    text: str
    help_text: str
    # Matrix, ranking and location have several inputs under one legend.
    grouped: bool
    names: list[str] = field(default_factory=list)
    condition_hint: str = ""
    fields: list = field(default_factory=list)

    @property
    def kind(self):
        return self.question.kind


class SectionForm(forms.Form):
    template_name = "surveys/section_form.html"

    def __init__(
        self,
        *args,
        section: Section,
        questions,
        language: str = SWEDISH,
        answers_so_far=None,
        districts=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.section = section
        self.language = language or SWEDISH
        self.districts = {str(d.pk): d for d in (districts or [])}
        known = {key: _as_set(value) for key, value in (answers_so_far or {}).items()}
        self._blocks: list[QuestionBlock] = []
        self._local_conditions: dict[str, Question] = {}
        included: set[int] = set()
        for question in questions:
            if question.show_if_id:
                parent = question.show_if
                wanted = _wanted(question)
                if parent.section_id == section.pk:
                    if parent.pk not in included:
                        continue
                    if wanted:
                        self._local_conditions[question.key] = question
                elif wanted and not (wanted & known.get(parent.key, set())):
                    continue
            included.add(question.pk)
            self._add_question(question)

    # --- building ----------------------------------------------------------------

    def _t(self, obj, name):
        return text_in(obj, name, self.language)

    def _condition_hint(self, question) -> str:
        if question.key not in self._local_conditions:
            return ""
        chosen = [f"”{self._t(o, 'text')}”" for o in question.show_if_options.all()]
        return _("Answer only if you chose %(options)s in the question ”%(question)s”.") % {
            "options": _(" or ").join(chosen),
            "question": self._t(question.show_if, "text"),
        }

    def _add_question(self, question):
        text = self._t(question, "text")
        help_text = self._t(question, "help_text")
        hint = self._condition_hint(question)
        kind = question.kind
        grouped = kind in (Kind.MATRIX, Kind.RANKING, Kind.LOCATION)
        block = QuestionBlock(
            question=question,
            text=text,
            help_text=help_text,
            grouped=grouped,
            condition_hint=hint,
        )
        # A single input carries the question's help (and condition) as its own hint.
        field_help = " ".join(part for part in (hint, help_text) if part)
        required = question.required
        name = field_name(question)

        def add(field_name_, form_field):
            self.fields[field_name_] = form_field
            block.names.append(field_name_)

        if kind in CHOICE_KINDS:
            choices = [(str(o.pk), self._t(o, "text")) for o in question.options.all()]
            if kind == Kind.SINGLE:
                add(
                    name,
                    forms.ChoiceField(
                        label=text,
                        help_text=field_help,
                        required=required,
                        choices=choices,
                        widget=forms.RadioSelect,
                        error_messages={
                            "required": _("Choose an option."),
                            "invalid_choice": _("Choose one of the options."),
                        },
                    ),
                )
            else:
                add(
                    name,
                    forms.MultipleChoiceField(
                        label=text,
                        help_text=field_help,
                        required=required,
                        choices=choices,
                        widget=forms.CheckboxSelectMultiple,
                        error_messages={
                            "required": _("Choose at least one option."),
                            "invalid_choice": _("Choose among the options."),
                            "invalid_list": _("Choose among the options."),
                        },
                    ),
                )
            for option in question.options.all():
                if option.is_other:
                    add(
                        field_name(question, "other"),
                        forms.CharField(
                            label=_("If you chose ”%(option)s”: write what you mean")
                            % {"option": self._t(option, "text")},
                            required=False,
                            max_length=OTHER_TEXT_MAX,
                            error_messages={"max_length": _("Write at most 300 characters.")},
                        ),
                    )
                    break
        elif kind == Kind.SCALE:
            add(
                name,
                forms.ChoiceField(
                    label=text,
                    help_text=field_help,
                    required=required,
                    choices=_scale_choices(question, self.language),
                    widget=forms.RadioSelect(attrs={"class": "scale__input"}),
                    error_messages={
                        "required": _("Choose a value on the scale."),
                        "invalid_choice": _("Choose a value on the scale."),
                    },
                ),
            )
        elif kind == Kind.MATRIX:
            choices = _scale_choices(question, self.language)
            for item in question.items.all():
                add(
                    field_name(question, str(item.pk)),
                    forms.ChoiceField(
                        label=self._t(item, "text"),
                        required=required,
                        choices=choices,
                        widget=forms.RadioSelect(attrs={"class": "scale__input"}),
                        error_messages={
                            "required": _("Choose a value for this row."),
                            "invalid_choice": _("Choose a value on the scale."),
                        },
                    ),
                )
        elif kind == Kind.RANKING:
            options = list(question.options.all())
            places = [("", _("No place"))] + [(str(n), str(n)) for n in range(1, len(options) + 1)]
            for option in options:
                add(
                    field_name(question, f"rank_{option.pk}"),
                    forms.ChoiceField(
                        label=self._t(option, "text"),
                        required=required,
                        choices=places,
                        error_messages={
                            "required": _("Give this option a place."),
                            "invalid_choice": _("Choose one of the places."),
                        },
                    ),
                )
        elif kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            limit = SHORT_TEXT_MAX if kind == Kind.SHORT_TEXT else LONG_TEXT_MAX
            widget = forms.Textarea(attrs={"rows": 5}) if kind == Kind.LONG_TEXT else None
            add(
                name,
                forms.CharField(
                    label=text,
                    help_text=escape(field_help),
                    required=required,
                    max_length=limit,
                    widget=widget,
                    error_messages={
                        "required": _("Answer the question."),
                        "max_length": _(
                            "Write at most %(limit_value)d characters (you wrote %(show_value)d)."
                        ),
                    },
                ),
            )
        elif kind == Kind.NUMBER:
            settings = question.settings or {}
            low, high = settings.get("min"), settings.get("max")
            add(
                name,
                forms.DecimalField(
                    label=text,
                    help_text=escape(field_help),
                    required=required,
                    max_digits=14,
                    decimal_places=4,
                    min_value=Decimal(str(low)) if low not in (None, "") else None,
                    max_value=Decimal(str(high)) if high not in (None, "") else None,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                    error_messages={
                        "required": _("Answer the question."),
                        "invalid": _("Write a number, for example 12 or 3,5."),
                        "min_value": _("Write a number that is at least %(limit_value)s."),
                        "max_value": _("Write a number that is at most %(limit_value)s."),
                        "max_digits": _("Write a shorter number."),
                        "max_decimal_places": _("Write at most 4 decimals."),
                        "max_whole_digits": _("Write a shorter number."),
                    },
                ),
            )
        elif kind == Kind.DATE:
            add(
                name,
                forms.DateField(
                    label=text,
                    help_text=escape(field_help),
                    required=required,
                    input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"],
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                    error_messages={
                        "required": _("Answer the question."),
                        "invalid": _("Write the date as YYYY-MM-DD, for example 2026-05-17."),
                    },
                ),
            )
        elif kind in (Kind.LOCATION, Kind.DISTRICT):
            district_choices = [("", _("Choose a district"))] + [
                (pk, district.name) for pk, district in self.districts.items()
            ]
            is_location = kind == Kind.LOCATION
            add(
                name,
                forms.ChoiceField(
                    label=_("District") if is_location else text,
                    help_text="" if is_location else escape(field_help),
                    # A place on the map answers a location question as well.
                    required=required and not is_location,
                    choices=district_choices,
                    error_messages={
                        "required": _("Choose a district."),
                        "invalid_choice": _("Choose one of the districts."),
                    },
                ),
            )
            if is_location:
                for suffix, low, high in (("lat", -90, 90), ("lng", -180, 180)):
                    add(
                        field_name(question, suffix),
                        forms.FloatField(
                            required=False,
                            min_value=low,
                            max_value=high,
                            widget=forms.HiddenInput,
                            error_messages={
                                "invalid": _("The place on the map could not be read."),
                                "min_value": _("The place on the map could not be read."),
                                "max_value": _("The place on the map could not be read."),
                            },
                        ),
                    )
        self._blocks.append(block)

    # --- validation --------------------------------------------------------------

    def _value(self, name):
        return (getattr(self, "cleaned_data", None) or {}).get(name)

    def _condition_met(self, question) -> bool:
        if question.key not in self._local_conditions:
            return True
        chosen = _as_set(self._value(field_name(question.show_if)))
        return bool(chosen & _wanted(question))

    def clean(self):
        cleaned = super().clean()
        for block in self._blocks:
            question = block.question
            kind = question.kind
            name = field_name(question)
            if kind in CHOICE_KINDS:
                chosen = _as_set(cleaned.get(name))
                other = next((o for o in question.options.all() if o.is_other), None)
                other_name = field_name(question, "other")
                if other is not None:
                    if str(other.pk) in chosen:
                        if not (cleaned.get(other_name) or "").strip():
                            self.add_error(other_name, _("Write what you mean by ”other”."))
                    else:
                        # Text without the choice is not an answer; do not keep it.
                        cleaned[other_name] = ""
                limit = (question.settings or {}).get("max_choices")
                if kind == Kind.MULTIPLE and limit and len(chosen) > int(limit):
                    self.add_error(
                        name,
                        _("Choose at most %(count)s options.") % {"count": int(limit)},
                    )
            elif kind == Kind.RANKING:
                seen = {}
                for option in question.options.all():
                    rank_name = field_name(question, f"rank_{option.pk}")
                    rank = cleaned.get(rank_name)
                    if not rank:
                        continue
                    if rank in seen:
                        self.add_error(
                            rank_name,
                            _("Place %(place)s is already given to ”%(option)s”.")
                            % {"place": rank, "option": seen[rank]},
                        )
                    else:
                        seen[rank] = self._t(option, "text")
            elif kind == Kind.LOCATION and question.required:
                has_place = (
                    cleaned.get(field_name(question, "lat")) is not None
                    and cleaned.get(field_name(question, "lng")) is not None
                )
                if not cleaned.get(name) and not has_place and name not in self.errors:
                    self.add_error(name, _("Choose a district or mark a place on the map."))
        return cleaned

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self._local_conditions:
            return
        # An answer to a question whose condition this post does not meet is
        # neither kept nor complained about.
        for block in self._blocks:
            if not self._condition_met(block.question):
                for name in block.names:
                    self._errors.pop(name, None)
                    self.cleaned_data.pop(name, None)

    # --- reading -----------------------------------------------------------------

    @property
    def blocks(self) -> list[QuestionBlock]:
        for block in self._blocks:
            block.fields = [self[name] for name in block.names]
        return self._blocks

    @property
    def questions(self) -> list[Question]:
        return [block.question for block in self._blocks]

    def condition_values(self) -> dict[str, list[str]]:
        values = {}
        for block in self._blocks:
            question = block.question
            if question.kind in CHOICE_KINDS and self._condition_met(question):
                chosen = sorted(_as_set(self._value(field_name(question))))
                if chosen:
                    values[question.key] = chosen
        return values

    def answers(self) -> list[dict]:
        """The atomic answers of a valid form, as keyword arguments for ``Answer``."""
        rows = []
        for block in self._blocks:
            question = block.question
            if not self._condition_met(question):
                continue
            rows.extend(self._answers_of(question))
        return rows

    def _answers_of(self, question) -> list[dict]:
        kind = question.kind
        name = field_name(question)
        value = self._value(name)
        base = {"question": question}
        if kind in CHOICE_KINDS:
            chosen = _as_set(value)
            other_text = (self._value(field_name(question, "other")) or "").strip()
            rows = []
            for option in question.options.all():
                if str(option.pk) in chosen:
                    row = {**base, "option": option}
                    if option.is_other and other_text:
                        row["text"] = other_text
                    rows.append(row)
            return rows
        if kind == Kind.SCALE:
            return [self._scale_row(base, value)] if value else []
        if kind == Kind.MATRIX:
            rows = []
            for item in question.items.all():
                item_value = self._value(field_name(question, str(item.pk)))
                if item_value:
                    rows.append(self._scale_row({**base, "item": item}, item_value))
            return rows
        if kind == Kind.RANKING:
            rows = []
            for option in question.options.all():
                rank = self._value(field_name(question, f"rank_{option.pk}"))
                if rank:
                    rows.append({**base, "option": option, "value": int(rank)})
            return rows
        if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            text = (value or "").strip()
            return [{**base, "text": text}] if text else []
        if kind == Kind.NUMBER:
            return [{**base, "number": value}] if value is not None else []
        if kind == Kind.DATE:
            return [{**base, "date": value}] if value else []
        if kind == Kind.DISTRICT:
            district = self.districts.get(value or "")
            return [{**base, "district": district}] if district else []
        if kind == Kind.LOCATION:
            row = dict(base)
            district = self.districts.get(value or "")
            if district:
                row["district"] = district
            lat = self._value(field_name(question, "lat"))
            lng = self._value(field_name(question, "lng"))
            if lat is not None and lng is not None:
                row["latitude"], row["longitude"] = lat, lng
            return [row] if len(row) > 1 else []
        return []

    @staticmethod
    def _scale_row(base, value) -> dict:
        if value == DONT_KNOW:
            return {**base, "dont_know": True}
        return {**base, "value": int(value)}


def draft_limits(questions) -> dict[str, tuple[int, int]]:
    """What a draft of a section may hold: for each input the section can post, the
    most values and the most characters per value.

    Every question counts, whatever its condition: a question left out now may be
    shown once the resident changes an earlier answer."""
    limits = {}
    for question in questions:
        kind = question.kind
        name = field_name(question)
        if kind in CHOICE_KINDS:
            options = list(question.options.all())
            limits[name] = (max(len(options), 1), DRAFT_VALUE_MAX)
            if any(option.is_other for option in options):
                limits[field_name(question, "other")] = (1, OTHER_TEXT_MAX * DRAFT_TEXT_FACTOR)
        elif kind == Kind.MATRIX:
            for item in question.items.all():
                limits[field_name(question, str(item.pk))] = (1, DRAFT_VALUE_MAX)
        elif kind == Kind.RANKING:
            for option in question.options.all():
                limits[field_name(question, f"rank_{option.pk}")] = (1, DRAFT_VALUE_MAX)
        elif kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            limit = SHORT_TEXT_MAX if kind == Kind.SHORT_TEXT else LONG_TEXT_MAX
            limits[name] = (1, limit * DRAFT_TEXT_FACTOR)
        else:
            limits[name] = (1, DRAFT_VALUE_MAX)
            if kind == Kind.LOCATION:
                limits[field_name(question, "lat")] = (1, DRAFT_VALUE_MAX)
                limits[field_name(question, "lng")] = (1, DRAFT_VALUE_MAX)
    return limits


def needs_districts(questions) -> bool:
    """Whether a section's form offers the municipality's districts."""
    return any(q.kind in (Kind.LOCATION, Kind.DISTRICT) for q in questions)


def _districts_for(section: Section, questions):
    if not needs_districts(questions):
        return []
    from delaktig.municipality.models import District

    from .models import Survey

    municipality_id = (
        Survey.objects.filter(pk=section.survey_id)
        .values_list("activity__dialogue__municipality_id", flat=True)
        .first()
    )
    return list(
        District.objects.filter(municipality_id=municipality_id, is_active=True).order_by("name")
    )


def build_section_form(
    section: Section,
    language: str = SWEDISH,
    data=None,
    answers_so_far=None,
    *,
    questions=None,
    form_class=SectionForm,
    **kwargs,
) -> SectionForm:
    """The answer form of one section. ``questions`` may be passed already loaded
    (``selectors.section_questions`` or a section from ``selectors.survey_sections``),
    and so may ``districts`` (the municipality's active districts, by name);
    ``form_class`` lets a page add its own fields (e.g. a submission key) to a subclass."""
    if questions is None:
        from .selectors import section_questions

        questions = section_questions(section)
    questions = list(questions)
    districts = kwargs.pop("districts", None)
    if districts is None:
        districts = _districts_for(section, questions)
    return form_class(
        data,
        section=section,
        questions=questions,
        language=language,
        answers_so_far=answers_so_far,
        districts=districts,
        **kwargs,
    )
