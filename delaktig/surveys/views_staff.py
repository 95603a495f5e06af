"""The survey builder for staff, under /hantera/enkater/.

Every view is wrapped in ``staff_required`` and checks the survey's dialogue with
``surveys.manage_survey`` once the object is loaded: officials of the dialogue's
unit and administrators build surveys; representatives and other units do not.
Plain forms throughout; moving things is a button in a small form.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.feedback import success_once
from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues.models import Activity

from . import languages, selectors, services
from .forms_answer import build_section_form
from .forms_builder import (
    CONDITION_KINDS,
    CopyForm,
    QuestionForm,
    SectionCreateForm,
    SectionForm,
    SurveyCreateForm,
    SurveyForm,
    TranslationForm,
)
from .models import Question, Section, Survey

VIEW = "surveys.view_surveys"
MANAGE = "surveys.manage_survey"


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the form's fields (or on top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _posted(request):
    """The posted data, also when empty (an empty POST must show the form's errors)."""
    return request.POST if request.method == "POST" else None


def _survey(request, pk) -> Survey:
    survey = get_object_or_404(
        Survey.objects.select_related("activity__dialogue", "activity__method"), pk=pk
    )
    require_object_permission(request, MANAGE, survey)
    return survey


def _section(request, pk) -> Section:
    section = get_object_or_404(Section.objects.select_related("survey__activity__dialogue"), pk=pk)
    require_object_permission(request, MANAGE, section)
    return section


def _question(request, pk) -> Question:
    question = get_object_or_404(
        Question.objects.select_related("survey__activity__dialogue", "section", "show_if"),
        pk=pk,
    )
    require_object_permission(request, MANAGE, question)
    return question


def _detail_url(survey_id, anchor=""):
    url = reverse("survey_staff:detail", args=[survey_id])
    return f"{url}#{anchor}" if anchor else url


def _direction(request) -> int:
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    return -1 if direction == "up" else 1


# --- The list and a new survey -------------------------------------------------


@staff_required(VIEW)
@require_safe
def survey_list(request):
    surveys = list(selectors.surveys_for_staff(request.user))
    return render(
        request,
        "surveys/staff/list.html",
        {
            "surveys": surveys,
            "without_survey": list(selectors.survey_activities_for_staff(request.user)),
        },
    )


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def survey_create(request, activity_pk):
    activity = get_object_or_404(
        Activity.objects.select_related("dialogue", "method"), pk=activity_pk
    )
    require_object_permission(request, MANAGE, activity)
    if activity.method.registry_key != "surveys":
        raise Http404
    existing = Survey.objects.filter(activity=activity).values_list("pk", flat=True).first()
    if existing and request.method == "GET":
        return redirect("survey_staff:detail", pk=existing)
    form = SurveyCreateForm(
        _posted(request),
        initial={
            "submission_key": new_submission_key(),
            "title": activity.title,
            "access": Survey.Access.OPEN,
            "anonymous": True,
            "background_questions": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.survey_data()

        def create():
            survey = services.survey_create(actor=request.user, activity=activity, data=data)
            return _detail_url(survey.pk)

        try:
            url = run_once(
                key=form.cleaned_data.get("submission_key"), user=request.user, action=create
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            success_once(request, _("The survey has been created. Add a section and questions."))
            return redirect(url)
    return render(
        request,
        "surveys/staff/create.html",
        {"form": form, "activity": activity, "dialogue": activity.dialogue},
    )


# --- The overview --------------------------------------------------------------


def _builder_context(survey):
    sections = selectors.survey_sections(survey)
    answered = selectors.answered_ids(survey)
    submitted = selectors.submitted_count(survey)
    for section in sections:
        questions = list(section.questions.all())
        for index, question in enumerate(questions):
            question.has_answers = question.pk in answered["questions"]
            question.is_first = index == 0
            question.is_last = index == len(questions) - 1
    missing = [
        (language, len(languages.missing_translations(survey, language.code, sections)))
        for language in languages.survey_languages(survey)[1:]
    ]
    return {
        "survey": survey,
        "activity": survey.activity,
        "dialogue": survey.activity.dialogue,
        "sections": sections,
        "submitted": submitted,
        "locked": submitted > 0,
        "question_count": sum(len(s.questions.all()) for s in sections),
        "missing": missing,
        "rules_allowed": services.EDIT_RULES_ALLOWED,
        "rules_refused": services.EDIT_RULES_REFUSED,
        "kinds": Question.Kind.choices,
    }


@staff_required(VIEW)
@require_safe
def survey_detail(request, pk):
    survey = _survey(request, pk)
    return render(request, "surveys/staff/detail.html", _builder_context(survey))


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def survey_edit(request, pk):
    survey = _survey(request, pk)
    form = SurveyForm(_posted(request), instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, data=form.survey_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            success_once(request, _("The survey settings have been saved."))
            return redirect("survey_staff:detail", pk=survey.pk)
    return render(
        request,
        "surveys/staff/edit.html",
        {
            "form": form,
            "survey": survey,
            "dialogue": survey.activity.dialogue,
            "locked": selectors.has_submitted_responses(survey),
        },
    )


@staff_required(VIEW)
def survey_state(request, pk):
    survey = _survey(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action")
    try:
        if action == "open":
            services.survey_open(actor=request.user, survey=survey)
            success_once(request, _("The survey is open for answers."))
        elif action == "close":
            services.survey_close(actor=request.user, survey=survey)
            success_once(request, _("The survey is closed. No more answers can be given."))
        else:
            raise Http404
    except ValidationError as error:
        context = _builder_context(survey)
        context["state_errors"] = error.messages
        return render(request, "surveys/staff/detail.html", context, status=400)
    return redirect("survey_staff:detail", pk=survey.pk)


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def survey_copy(request, pk):
    survey = _survey(request, pk)
    activities = selectors.survey_activities_for_staff(request.user)
    form = CopyForm(
        _posted(request),
        activities=activities,
        initial={
            "submission_key": new_submission_key(),
            "title": _("Copy of %(title)s") % {"title": survey.title},
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def copy():
            new = services.survey_copy(
                actor=request.user, survey=survey, activity=data["activity"], title=data["title"]
            )
            return _detail_url(new.pk)

        try:
            url = run_once(key=data.get("submission_key"), user=request.user, action=copy)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied:
            form.add_error("activity", _("You may not manage that activity."))
        else:
            success_once(request, _("The copy has been made. It is a draft until you open it."))
            return redirect(url)
    return render(
        request,
        "surveys/staff/copy.html",
        {"form": form, "survey": survey, "dialogue": survey.activity.dialogue},
    )


# --- Sections ------------------------------------------------------------------


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def section_create(request, pk):
    survey = _survey(request, pk)
    form = SectionCreateForm(_posted(request), initial={"submission_key": new_submission_key()})
    if request.method == "POST" and form.is_valid():
        data = {
            "title": form.cleaned_data["title"],
            "description": form.cleaned_data["description"],
        }

        def create():
            section = services.section_create(actor=request.user, survey=survey, data=data)
            return _detail_url(survey.pk, f"section-{section.pk}")

        try:
            url = run_once(
                key=form.cleaned_data.get("submission_key"), user=request.user, action=create
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            success_once(request, _("The section has been added."))
            return redirect(url)
    return render(
        request,
        "surveys/staff/section_form.html",
        {"form": form, "survey": survey, "dialogue": survey.activity.dialogue, "section": None},
    )


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def section_edit(request, pk):
    section = _section(request, pk)
    survey = section.survey
    form = SectionForm(
        _posted(request),
        initial={"title": section.title, "description": section.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(actor=request.user, section=section, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            success_once(request, _("The section has been saved."))
            return redirect(_detail_url(survey.pk, f"section-{section.pk}"))
    return render(
        request,
        "surveys/staff/section_form.html",
        {"form": form, "survey": survey, "dialogue": survey.activity.dialogue, "section": section},
    )


def _refused(request, survey, error):
    context = _builder_context(survey)
    context["state_errors"] = error.messages
    return render(request, "surveys/staff/detail.html", context, status=400)


@staff_required(VIEW)
def section_move(request, pk):
    section = _section(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.section_move(actor=request.user, section=section, direction=_direction(request))
    except ValidationError as error:
        return _refused(request, section.survey, error)
    return redirect(_detail_url(section.survey_id, f"section-{section.pk}"))


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def section_delete(request, pk):
    section = _section(request, pk)
    survey = section.survey
    errors = []
    if request.method == "POST":
        try:
            services.section_delete(actor=request.user, section=section)
        except ValidationError as error:
            errors = error.messages
        else:
            success_once(request, _("The section has been deleted."))
            return redirect("survey_staff:detail", pk=survey.pk)
    return render(
        request,
        "surveys/staff/delete.html",
        {
            "survey": survey,
            "dialogue": survey.activity.dialogue,
            "thing": section,
            "title": _("Delete the section"),
            "warning": _("Its questions are deleted too."),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- Questions -----------------------------------------------------------------


def _earlier_choice_questions(survey, section, question=None):
    """Single and multiple choice questions before the question (or the end of the section)."""
    questions = (
        Question.objects.filter(survey=survey, kind__in=CONDITION_KINDS)
        .select_related("section")
        .prefetch_related("options")
    )
    if question is not None:
        limit = (section.position, question.position, question.pk)
    else:
        limit = (section.position, 10**6, 10**12)
    return [
        q
        for q in questions
        if (q.section.position, q.position, q.pk) < limit
        and (question is None or q.pk != question.pk)
    ]


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def question_create(request, section_pk):
    section = _section(request, section_pk)
    survey = section.survey
    kind = request.POST.get("kind") or request.GET.get("typ") or ""
    if kind not in Question.Kind.values:
        kind = None
    earlier = _earlier_choice_questions(survey, section)
    form = QuestionForm(
        _posted(request),
        kind=kind,
        earlier=earlier,
        scale=services.common_scale(),
        initial={"kind": kind} if kind else {},
    )
    if request.method == "POST" and form.is_valid():
        show_if, options = form.chosen_condition()
        try:
            question = services.question_save(
                actor=request.user,
                section=section,
                data=form.question_data(),
                show_if=show_if,
                show_if_options=options,
                choices=form.choices(),
                has_other=form.cleaned_data["has_other"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            success_once(request, _("The question has been added."))
            if request.POST.get("then") == "edit":
                return redirect("survey_staff:question_edit", pk=question.pk)
            return redirect(_detail_url(survey.pk, f"question-{question.pk}"))
    return render(
        request,
        "surveys/staff/question_form.html",
        {
            "form": form,
            "survey": survey,
            "section": section,
            "dialogue": survey.activity.dialogue,
            "question": None,
            "locked": selectors.has_submitted_responses(survey),
        },
    )


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    question = _question(request, pk)
    question = (
        selectors.questions_queryset()
        .select_related("survey__activity__dialogue", "section")
        .get(pk=question.pk)
    )
    survey, section = question.survey, question.section
    earlier = _earlier_choice_questions(survey, section, question)
    form = QuestionForm(_posted(request), question=question, earlier=earlier)
    if request.method == "POST" and form.is_valid():
        show_if, options = form.chosen_condition()
        kind_changed = form.cleaned_data["kind"] != question.kind
        move = request.POST.get("move", "")
        try:
            services.question_save(
                actor=request.user,
                question=question,
                data=form.question_data(),
                show_if=show_if,
                show_if_options=options,
                choices=None if kind_changed else form.choices(move),
                has_other=None if kind_changed else form.cleaned_data["has_other"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if move or kind_changed or request.POST.get("then") == "edit":
                success_once(request, _("The question has been saved."))
                return redirect("survey_staff:question_edit", pk=question.pk)
            success_once(request, _("The question has been saved."))
            return redirect(_detail_url(survey.pk, f"question-{question.pk}"))
    answered = selectors.answered_ids(survey)
    return render(
        request,
        "surveys/staff/question_form.html",
        {
            "form": form,
            "survey": survey,
            "section": section,
            "dialogue": survey.activity.dialogue,
            "question": question,
            "has_answers": question.pk in answered["questions"],
            "answered_rows": answered["items"] | answered["options"],
            "locked": selectors.has_submitted_responses(survey),
        },
    )


@staff_required(VIEW)
def question_move(request, pk):
    question = _question(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.question_move(actor=request.user, question=question, direction=_direction(request))
    except ValidationError as error:
        return _refused(request, question.survey, error)
    return redirect(_detail_url(question.survey_id, f"question-{question.pk}"))


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def question_delete(request, pk):
    question = _question(request, pk)
    survey = question.survey
    errors = []
    if request.method == "POST":
        try:
            services.question_delete(actor=request.user, question=question)
        except ValidationError as error:
            errors = error.messages
        else:
            success_once(request, _("The question has been deleted."))
            return redirect(_detail_url(survey.pk, f"section-{question.section_id}"))
    return render(
        request,
        "surveys/staff/delete.html",
        {
            "survey": survey,
            "dialogue": survey.activity.dialogue,
            "thing": question,
            "title": _("Delete the question"),
            "warning": "",
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- Languages -----------------------------------------------------------------


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def translations(request, pk, language):
    survey = _survey(request, pk)
    if language not in (survey.languages or []) or language not in languages.OFFERED:
        raise Http404
    sections = selectors.survey_sections(survey)
    form = TranslationForm(_posted(request), survey=survey, sections=sections, language=language)
    if request.method == "POST" and form.is_valid():
        services.survey_translations_save(
            actor=request.user, survey=survey, language=language, texts=form.texts()
        )
        success_once(request, _("The translation has been saved."))
        return redirect("survey_staff:translations", pk=survey.pk, language=language)
    return render(
        request,
        "surveys/staff/translations.html",
        {
            "form": form,
            "survey": survey,
            "dialogue": survey.activity.dialogue,
            "language": languages.get(language),
            "missing": len(languages.missing_translations(survey, language, sections)),
        },
    )


# --- Preview -------------------------------------------------------------------


def _preview_key(survey) -> str:
    return f"survey_preview_{survey.pk}"


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def preview(request, pk):
    """The survey one section at a time, exactly as residents see it. Answers are
    checked as they would be but not stored; the choices that steer conditional
    questions are kept in the session for the next pages."""
    survey = _survey(request, pk)
    sections = selectors.survey_sections(survey)
    language = request.GET.get("sprak") or languages.SWEDISH
    if language != languages.SWEDISH and language not in (survey.languages or []):
        language = languages.SWEDISH
    try:
        index = int(request.GET.get("del", 0))
    except ValueError:
        index = 0
    if not sections:
        index = 0
    index = max(0, min(index, len(sections) - 1)) if sections else 0
    store = request.session.get(_preview_key(survey), {})
    if index == 0 and request.method == "GET":
        store = {}
        request.session[_preview_key(survey)] = store
    section = sections[index] if sections else None
    form = None
    finished = request.GET.get("klar") == "1"
    if section is not None and not finished:
        form = build_section_form(
            section,
            language,
            _posted(request),
            answers_so_far=store,
            questions=section.questions.all(),
        )
        if request.method == "POST" and form.is_valid():
            store.update(form.condition_values())
            request.session[_preview_key(survey)] = store
            query = f"?sprak={language}&del={index + 1}"
            if index + 1 >= len(sections):
                query = f"?sprak={language}&klar=1"
            return redirect(reverse("survey_staff:preview", args=[survey.pk]) + query)
    return render(
        request,
        "surveys/preview.html",
        {
            "survey": survey,
            "dialogue": survey.activity.dialogue,
            "sections": sections,
            "section": section,
            "index": index,
            "page_number": index + 1,
            "form": form,
            "finished": finished,
            "language": languages.get(language),
            "survey_languages": languages.survey_languages(survey),
            "title": languages.text_in(survey, "title", language),
            "intro": languages.text_in(survey, "intro", language),
            "thanks": languages.text_in(survey, "thanks_text", language),
            "section_title": languages.text_in(section, "title", language) if section else "",
            "section_description": languages.text_in(section, "description", language)
            if section
            else "",
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )
