"""Every write of the survey builder.

Functions take the acting person, check permission, validate, and write in one
transaction inside ``acting_as`` so that the audit log records who did it.

Once a survey has submitted responses its structure is partly locked, so that
the answers already given keep their meaning (``EDIT_RULES`` says what, and the
builder shows the same list):

* allowed: every text, help text and translation; adding sections, questions
  (at the end of a section), options and matrix rows (at the end); required or
  optional; conditions; closing and reopening;
* refused: deleting or changing the type or short name of a question that has
  answers, deleting options or matrix rows that have answers, changing a scale's
  limits, moving sections and questions (people half-way through would find the
  pages changed), and switching anonymity on or off (respondents were promised
  one or the other).
"""

import re

from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delaktig.audit.context import acting_as

from . import languages
from .models import MatrixItem, Option, Question, Section, Survey
from .selectors import answered_ids, has_submitted_responses

Kind = Question.Kind

# The municipality's common rating scale: SCB's citizen survey long used 1–10
# with labelled ends, and many municipalities keep it for comparability. New
# scale and matrix questions start from it; a deployment may set its own with
# the setting DELAKTIG_SURVEY_COMMON_SCALE (same keys).
COMMON_SCALE = {
    "min": 1,
    "max": 10,
    "min_label": "Inte alls nöjd",
    "max_label": "Helt nöjd",
    "dont_know": True,
}
SCALE_KINDS = (Kind.SCALE, Kind.MATRIX)
CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING)
CONDITION_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
SCALE_LIMITS = ("min", "max")

SURVEY_FIELDS = {
    "title",
    "intro",
    "thanks_text",
    "access",
    "anonymous",
    "background_questions",
    "languages",
    "opens_at",
    "closes_at",
}
SECTION_FIELDS = {"title", "description"}
QUESTION_FIELDS = {"key", "kind", "text", "help_text", "required", "settings"}

EDIT_RULES_ALLOWED = (
    gettext_lazy("change every text, help text and translation"),
    gettext_lazy("add sections, questions, options and rows at the end"),
    gettext_lazy("make a question required or optional, and change conditions"),
    gettext_lazy("close and reopen the survey"),
)
EDIT_RULES_REFUSED = (
    gettext_lazy("delete a question that has answers, or change its type or short name"),
    gettext_lazy("delete options or rows that have answers"),
    gettext_lazy("change the limits of a scale"),
    gettext_lazy("move sections or questions"),
    gettext_lazy("make the survey anonymous or not anonymous"),
)


def common_scale() -> dict:
    return dict(getattr(django_settings, "DELAKTIG_SURVEY_COMMON_SCALE", None) or COMMON_SCALE)


def _require(actor, obj):
    if actor is None or not actor.has_perm("surveys.manage_survey", obj):
        raise PermissionDenied


def _locked(survey) -> bool:
    return has_submitted_responses(survey)


def _check_fields(data, allowed, what):
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(f"Not {what} fields: {sorted(unknown)}")


# --- Survey ------------------------------------------------------------------


def _clean_survey(survey):
    chosen = list(dict.fromkeys(survey.languages or []))
    unknown = [code for code in chosen if code not in languages.OFFERED]
    if unknown:
        raise ValidationError({"languages": _("Choose among the offered languages.")})
    survey.languages = [code for code in languages.OFFERED if code in chosen]
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        raise ValidationError({"closes_at": _("The survey must close after it opens.")})
    survey.full_clean(exclude=["activity"])


@transaction.atomic
def survey_create(*, actor, activity, data: dict) -> Survey:
    """A new survey, in draft, for a survey activity that has none yet."""
    _require(actor, activity)
    _check_fields(data, SURVEY_FIELDS, "survey")
    if activity.method.registry_key != "surveys":
        raise ValidationError(_("This activity is not a survey."))
    if Survey.objects.filter(activity=activity).exists():
        raise ValidationError(_("This activity already has a survey."))
    survey = Survey(
        activity=activity,
        created_by=actor,
        state=Survey.State.DRAFT,
        access=Survey.Access.OPEN,
    )
    for name, value in data.items():
        setattr(survey, name, value)
    _clean_survey(survey)
    with acting_as(actor):
        survey.save()
    return survey


@transaction.atomic
def survey_update(*, actor, survey: Survey, data: dict) -> Survey:
    _require(actor, survey)
    _check_fields(data, SURVEY_FIELDS, "survey")
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if "anonymous" in data and data["anonymous"] != survey.anonymous and _locked(survey):
        raise ValidationError(
            {
                "anonymous": _(
                    "People have answered already, so the survey cannot change between "
                    "anonymous and not anonymous."
                )
            }
        )
    for name, value in data.items():
        setattr(survey, name, value)
    _clean_survey(survey)
    with acting_as(actor):
        survey.save()
    return survey


@transaction.atomic
def survey_open(*, actor, survey: Survey) -> Survey:
    """Open for answers (from draft, or reopen when closed). Needs a question."""
    _require(actor, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state == Survey.State.OPEN:
        return survey
    if not Question.objects.filter(survey=survey).exists():
        raise ValidationError(_("Add at least one question before you open the survey."))
    survey.state = Survey.State.OPEN
    with acting_as(actor):
        survey.save(update_fields=["state", "updated_at"])
    return survey


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    _require(actor, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != Survey.State.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    survey.state = Survey.State.CLOSED
    with acting_as(actor):
        survey.save(update_fields=["state", "updated_at"])
    return survey


@transaction.atomic
def survey_copy(*, actor, survey: Survey, activity, title: str = "") -> Survey:
    """A draft copy of a survey for another survey activity: every section,
    question, option and matrix row, translations included, with the conditions
    pointing at the copies. Responses and invitations are not copied."""
    _require(actor, survey)
    _require(actor, activity)
    if activity.method.registry_key != "surveys":
        raise ValidationError(_("This activity is not a survey."))
    if Survey.objects.filter(activity=activity).exists():
        raise ValidationError(_("This activity already has a survey."))
    from .selectors import survey_sections

    sections = survey_sections(survey)
    with acting_as(actor):
        copy = Survey.objects.create(
            activity=activity,
            title=title or survey.title,
            intro=survey.intro,
            thanks_text=survey.thanks_text,
            state=Survey.State.DRAFT,
            access=survey.access,
            anonymous=survey.anonymous,
            background_questions=survey.background_questions,
            languages=list(survey.languages or []),
            translations=dict(survey.translations or {}),
            copied_from=survey,
            created_by=actor,
        )
        question_map: dict[int, Question] = {}
        option_map: dict[int, Option] = {}
        conditions = []
        for section in sections:
            new_section = Section.objects.create(
                survey=copy,
                position=section.position,
                title=section.title,
                description=section.description,
                translations=dict(section.translations or {}),
            )
            for question in section.questions.all():
                new_question = Question.objects.create(
                    survey=copy,
                    section=new_section,
                    position=question.position,
                    key=question.key,
                    kind=question.kind,
                    text=question.text,
                    help_text=question.help_text,
                    required=question.required,
                    settings=dict(question.settings or {}),
                    translations=dict(question.translations or {}),
                )
                question_map[question.pk] = new_question
                for option in question.options.all():
                    option_map[option.pk] = Option.objects.create(
                        question=new_question,
                        position=option.position,
                        text=option.text,
                        is_other=option.is_other,
                        translations=dict(option.translations or {}),
                    )
                for item in question.items.all():
                    MatrixItem.objects.create(
                        question=new_question,
                        position=item.position,
                        text=item.text,
                        translations=dict(item.translations or {}),
                    )
                if question.show_if_id:
                    conditions.append((question, new_question))
        for question, new_question in conditions:
            new_question.show_if = question_map.get(question.show_if_id)
            new_question.save(update_fields=["show_if"])
            new_question.show_if_options.set(
                [option_map[o.pk] for o in question.show_if_options.all() if o.pk in option_map]
            )
    return copy


@transaction.atomic
def survey_translations_save(*, actor, survey: Survey, language: str, texts: dict) -> int:
    """Store the translations into ``language`` of a whole survey.

    ``texts`` maps ``(object, field)`` to the translated text (empty removes it);
    the objects must belong to the survey. Returns how many objects changed.
    """
    _require(actor, survey)
    if language not in languages.OFFERED:
        raise ValidationError(_("Choose among the offered languages."))
    by_object: dict = {}
    for (obj, field_name), text in texts.items():
        if isinstance(obj, Survey):
            owner = obj.pk
        elif isinstance(obj, (Section, Question)):
            owner = obj.survey_id
        else:
            owner = obj.question.survey_id
        if owner != survey.pk:
            raise PermissionDenied
        by_object.setdefault(obj, {})[field_name] = (text or "").strip()
    changed = 0
    with acting_as(actor):
        for obj, values in by_object.items():
            translations = dict(obj.translations or {})
            current = dict(translations.get(language) or {})
            for field_name, text in values.items():
                if text:
                    current[field_name] = text
                else:
                    current.pop(field_name, None)
            if current:
                translations[language] = current
            else:
                translations.pop(language, None)
            if translations != (obj.translations or {}):
                obj.translations = translations
                obj.save(update_fields=["translations"])
                changed += 1
    return changed


# --- Sections ----------------------------------------------------------------


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def section_create(*, actor, survey: Survey, data: dict) -> Section:
    _require(actor, survey)
    _check_fields(data, SECTION_FIELDS, "section")
    section = Section(survey=survey, position=_next_position(survey.sections.all()), **data)
    section.full_clean()
    with acting_as(actor):
        section.save()
    return section


@transaction.atomic
def section_update(*, actor, section: Section, data: dict) -> Section:
    _require(actor, section)
    _check_fields(data, SECTION_FIELDS, "section")
    for name, value in data.items():
        setattr(section, name, value)
    section.full_clean()
    with acting_as(actor):
        section.save()
    return section


def _refuse_moves(survey):
    if _locked(survey):
        raise ValidationError(
            _("People have answered already, so sections and questions can no longer be moved.")
        )


def _swap(objects, obj, direction):
    """Move ``obj`` one step up (-1) or down (+1) among ``objects`` and renumber."""
    objects = list(objects)
    index = next(i for i, o in enumerate(objects) if o.pk == obj.pk)
    other = index + direction
    if 0 <= other < len(objects):
        objects[index], objects[other] = objects[other], objects[index]
    for position, each in enumerate(objects):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])


@transaction.atomic
def section_move(*, actor, section: Section, direction: int) -> None:
    _require(actor, section)
    _refuse_moves(section.survey)
    with acting_as(actor):
        _swap(Section.objects.filter(survey_id=section.survey_id), section, direction)
    _check_condition_order(section.survey_id)


def _check_condition_order(survey_id):
    """A question moved above the one it depends on would never be shown; the
    caller's transaction is rolled back."""
    questions = Question.objects.filter(survey_id=survey_id, show_if__isnull=False).select_related(
        "section", "show_if__section"
    )
    for each in questions:
        parent = each.show_if
        if (parent.section.position, parent.position, parent.pk) >= (
            each.section.position,
            each.position,
            each.pk,
        ):
            raise ValidationError(
                _(
                    "”%(question)s” depends on an answer that would then come after it. "
                    "Change the condition first."
                )
                % {"question": each.text[:80]}
            )


@transaction.atomic
def section_delete(*, actor, section: Section) -> None:
    """Delete a section and its questions; refused when any of them has answers."""
    _require(actor, section)
    if section.questions.filter(answers__isnull=False).exists():
        raise ValidationError(
            _("This section has questions with answers, so it cannot be deleted.")
        )
    _refuse_earlier_conditions(Question.objects.filter(section=section))
    survey_id = section.survey_id
    with acting_as(actor):
        section.delete()
        for position, each in enumerate(Section.objects.filter(survey_id=survey_id)):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position"])


def _refuse_earlier_conditions(questions):
    """Deleting a question that others depend on would silently show them to everyone."""
    dependents = Question.objects.filter(show_if__in=questions).exclude(pk__in=questions)
    first = dependents.first()
    if first is not None:
        raise ValidationError(
            _("The question ”%(question)s” is shown depending on this answer. Change it first.")
            % {"question": first.text[:80]}
        )


# --- Questions ---------------------------------------------------------------


def _unique_key(survey, text, exclude_pk=None) -> str:
    base = slugify(text).replace("-", "_")[:30].strip("_") or "fraga"
    if not re.match(r"^[a-z]", base):
        base = f"f_{base}"[:30]
    taken = set(
        Question.objects.filter(survey=survey).exclude(pk=exclude_pk).values_list("key", flat=True)
    )
    key, n = base, 2
    while key in taken:
        key = f"{base}_{n}"
        n += 1
    return key


def _clean_settings(kind, settings: dict) -> dict:
    """Keep only the settings the kind uses, as numbers and texts."""
    settings = dict(settings or {})
    clean = {}
    if kind in SCALE_KINDS:
        low, high = settings.get("min"), settings.get("max")
        if low is None or high is None:
            default = common_scale()
            low = default["min"] if low is None else low
            high = default["max"] if high is None else high
        low, high = int(low), int(high)
        if not (0 <= low < high <= 10):
            raise ValidationError(
                {"settings": _("A scale goes from 0 or 1 up to at most 10, lowest first.")}
            )
        clean.update(
            min=low,
            max=high,
            min_label=(settings.get("min_label") or "").strip(),
            max_label=(settings.get("max_label") or "").strip(),
            dont_know=bool(settings.get("dont_know")),
        )
    elif kind == Kind.NUMBER:
        low, high = settings.get("min"), settings.get("max")
        if low is not None and high is not None and float(low) > float(high):
            raise ValidationError(
                {"settings": _("The smallest number must not be larger than the largest.")}
            )
        clean.update({k: v for k, v in (("min", low), ("max", high)) if v is not None})
    elif kind == Kind.MULTIPLE:
        limit = settings.get("max_choices")
        if limit:
            if int(limit) < 1:
                raise ValidationError({"settings": _("Allow at least one choice.")})
            clean["max_choices"] = int(limit)
    elif kind == Kind.LOCATION:
        clean.update({k: settings[k] for k in ("lat", "lng", "zoom") if k in settings})
    return clean


def _clean_condition(question, show_if, show_if_options):
    """Only an earlier single or multiple choice question may decide, through its options."""
    if show_if is None:
        if show_if_options:
            raise ValidationError({"show_if": _("Choose the question the condition is about.")})
        return
    earlier = (show_if.section.position, show_if.position, show_if.pk) < (
        question.section.position,
        question.position,
        question.pk or 10**12,
    )
    if show_if.survey_id != question.survey_id or not earlier or show_if.pk == question.pk:
        raise ValidationError(
            {"show_if": _("A condition can only depend on a question that comes earlier.")}
        )
    if show_if.kind not in CONDITION_KINDS:
        raise ValidationError(
            {"show_if": _("A condition can only depend on a single or multiple choice question.")}
        )
    if not show_if_options:
        raise ValidationError({"show_if": _("Choose at least one answer that shows the question.")})
    if any(option.question_id != show_if.pk for option in show_if_options):
        raise ValidationError(
            {"show_if": _("All the chosen answers must belong to the same question.")}
        )


def _check_locks(question, before_kind, before_key, before_settings, answered):
    if question.pk is None:
        return
    if question.pk in answered["questions"]:
        if question.kind != before_kind:
            raise ValidationError(
                {"kind": _("The question has answers, so its type cannot change.")}
            )
        if question.key != before_key:
            raise ValidationError(
                {"key": _("The question has answers, so its short name cannot change.")}
            )
    limits_changed = any(
        (before_settings or {}).get(k) != question.settings.get(k) for k in SCALE_LIMITS
    )
    same_kind = question.kind == before_kind
    if question.kind in SCALE_KINDS and same_kind and answered["survey_locked"] and limits_changed:
        raise ValidationError(
            {"settings": _("People have answered already, so the scale cannot change.")}
        )


def _save_choices(question, choices, answered, locked, model):
    """Reconcile options (or matrix rows) with ``choices``: a list of dicts
    ``{"pk": int | None, "text": str, "delete": bool, "is_other": bool}`` in order.
    Existing rows not listed are kept as they are."""
    related = question.options if model is Option else question.items
    answered_ids_ = answered["options"] if model is Option else answered["items"]
    existing = {obj.pk: obj for obj in related.all()}
    kept, added = [], []
    for choice in choices:
        pk = choice.get("pk")
        text = (choice.get("text") or "").strip()
        if pk is not None:
            obj = existing.get(pk)
            if obj is None:
                raise PermissionDenied
            if choice.get("delete"):
                if pk in answered_ids_:
                    raise ValidationError(
                        _("”%(text)s” has answers, so it cannot be deleted.") % {"text": obj.text}
                    )
                obj.delete()
                existing.pop(pk)
                continue
            if not text:
                raise ValidationError(_("Write a text for every option, or mark it to be deleted."))
            obj.text = text
            kept.append(obj)
        elif text:
            obj = model(question=question, text=text)
            if model is Option:
                obj.is_other = bool(choice.get("is_other"))
            added.append(obj)
    listed = {obj.pk for obj in kept}
    unlisted = [obj for pk, obj in existing.items() if pk not in listed]
    if locked:
        before = [pk for pk in existing if pk in listed]
        if [obj.pk for obj in kept] != before:
            raise ValidationError(
                _("People have answered already, so the options cannot be reordered.")
            )
    ordered = kept + unlisted
    # "Other, namely" always comes last.
    ordered = [o for o in ordered + added if not getattr(o, "is_other", False)] + [
        o for o in ordered + added if getattr(o, "is_other", False)
    ]
    for position, obj in enumerate(ordered):
        obj.position = position
        obj.full_clean(exclude=["question"])
        obj.save()


@transaction.atomic
def question_save(
    *,
    actor,
    data: dict,
    section: Section | None = None,
    question: Question | None = None,
    show_if: Question | None = None,
    show_if_options=(),
    choices=None,
    has_other: bool | None = None,
) -> Question:
    """Create a question at the end of ``section``, or change ``question``.

    ``choices`` reconciles the options (choice and ranking questions) or matrix
    rows (see ``_save_choices``); ``has_other`` adds or removes the
    "other, namely" option.
    """
    _check_fields(data, QUESTION_FIELDS, "question")
    if question is None:
        _require(actor, section)
        question = Question(
            survey_id=section.survey_id,
            section=section,
            position=_next_position(section.questions.all()),
        )
        before_kind = before_key = None
        before_settings = {}
    else:
        _require(actor, question)
        question = (
            Question.objects.select_for_update().select_related("section").get(pk=question.pk)
        )
        before_kind, before_key, before_settings = question.kind, question.key, question.settings
    survey = question.section.survey
    for name, value in data.items():
        setattr(question, name, value)
    if not question.key:
        question.key = _unique_key(survey, question.text, exclude_pk=question.pk)
    if question.kind in SCALE_KINDS and "settings" not in data and question.pk is None:
        question.settings = common_scale()
    question.settings = _clean_settings(question.kind, question.settings)
    answered = answered_ids(survey)
    answered["survey_locked"] = _locked(survey)
    _check_locks(question, before_kind, before_key, before_settings, answered)
    options = list(show_if_options or [])
    _clean_condition(question, show_if, options)
    question.show_if = show_if
    # full_clean skips the (survey, key) constraint because survey is excluded.
    if Question.objects.filter(survey=survey, key=question.key).exclude(pk=question.pk).exists():
        raise ValidationError(
            {"key": _("Another question in this survey has this short name. Choose another one.")}
        )
    question.full_clean(exclude=["survey", "section", "show_if"])
    with acting_as(actor):
        question.save()
        question.show_if_options.set(options)
        if question.kind in CHOICE_KINDS:
            if choices is not None:
                _save_choices(question, choices, answered, answered["survey_locked"], Option)
            if has_other is not None and question.kind != Kind.RANKING:
                _set_other(question, has_other, answered)
        elif question.kind == Kind.MATRIX and choices is not None:
            _save_choices(question, choices, answered, answered["survey_locked"], MatrixItem)
        if before_kind and before_kind != question.kind:
            # Leftovers of the old type would be answered through the new one.
            if question.kind not in CHOICE_KINDS:
                question.options.all().delete()
            if question.kind != Kind.MATRIX:
                question.items.all().delete()
    return question


def _set_other(question, has_other, answered):
    other = question.options.filter(is_other=True).first()
    if has_other and other is None:
        Option.objects.create(
            question=question,
            text=_("Other"),
            is_other=True,
            position=_next_position(question.options.all()),
        )
    elif not has_other and other is not None:
        if other.pk in answered["options"]:
            raise ValidationError(
                _("”%(text)s” has answers, so it cannot be deleted.") % {"text": other.text}
            )
        other.delete()


@transaction.atomic
def question_move(*, actor, question: Question, direction: int) -> None:
    _require(actor, question)
    _refuse_moves(question.survey)
    with acting_as(actor):
        _swap(Question.objects.filter(section_id=question.section_id), question, direction)
    _check_condition_order(question.survey_id)


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    _require(actor, question)
    if question.answers.exists():
        raise ValidationError(_("The question has answers, so it cannot be deleted."))
    _refuse_earlier_conditions(Question.objects.filter(pk=question.pk))
    section_id = question.section_id
    with acting_as(actor):
        question.delete()
        for position, each in enumerate(Question.objects.filter(section_id=section_id)):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position"])
