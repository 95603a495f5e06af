"""Survey results for staff, under /hantera/enkatresultat/: the overview of every
question, the cross-tabulation page, the free-text answers and the downloads.

Every view is wrapped in ``staff_required("surveys.view_surveys")`` (officials and
administrators) and then checks ``surveys.manage_survey`` on the survey: those who
may manage the dialogue see its results, other units' officials do not.
Every figure on these pages has been through disclosure control in summaries.py.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language_info
from django.views.decorators.http import require_safe

from delaktig.core.pagination import paginate
from delaktig.core.permissions import require_object_permission, staff_required

from . import exports
from .models import Answer, Question, Survey
from .summaries import CROSSTAB_KINDS, DIMENSIONS, TEXT_KINDS, crosstab, survey_summary

STAFF = "surveys.view_surveys"
MANAGE = "surveys.manage_survey"


def _survey(request, pk) -> Survey:
    survey = (
        Survey.objects.select_related("activity__dialogue__municipality", "activity__method")
        .filter(pk=pk)
        .first()
    )
    if survey is None:
        raise Http404
    require_object_permission(request, MANAGE, survey)
    return survey


def _language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"].capitalize()
    except KeyError:
        return code


@staff_required(STAFF)
@require_safe
def overview(request, pk):
    survey = _survey(request, pk)
    summary = survey_summary(survey, cached=True)
    return render(
        request,
        "surveys/results/overview.html",
        {
            "survey": survey,
            "activity": survey.activity,
            "dialogue": survey.activity.dialogue,
            "summary": summary,
            "language_rows": [
                (_language_name(code), cell) for code, cell in summary.languages.cells.items()
            ],
            "threshold": summary.threshold,
        },
    )


@staff_required(STAFF)
@require_safe
def crosstab_page(request, pk):
    survey = _survey(request, pk)
    questions = list(
        Question.objects.filter(survey=survey, kind__in=CROSSTAB_KINDS).prefetch_related("options")
    )
    chosen = None
    wanted = request.GET.get("fraga", "")
    if wanted.isdigit():
        chosen = next((q for q in questions if q.pk == int(wanted)), None)
    if chosen is None and questions:
        chosen = questions[0]
    # Gender-disaggregated by default.
    dimension = request.GET.get("efter", "gender")
    if dimension not in DIMENSIONS:
        dimension = "gender"
    table = result = None
    if chosen is not None:
        chosen.survey = survey
        table = crosstab(chosen, dimension, cached=True)
        # The question's own figures above its table: this page is the question's results.
        result = survey_summary(survey, question_ids=[chosen.pk], cached=True).questions[0]
    return render(
        request,
        "surveys/results/crosstab.html",
        {
            "survey": survey,
            "activity": survey.activity,
            "dialogue": survey.activity.dialogue,
            "questions": questions,
            "chosen": chosen,
            "dimension": dimension,
            "dimension_label": DIMENSIONS[dimension],
            "dimensions": list(DIMENSIONS.items()),
            "table": table,
            "result": result,
            "threshold": table.threshold if table else None,
        },
    )


@staff_required(STAFF)
@require_safe
def texts(request, pk):
    survey = _survey(request, pk)
    questions = list(
        Question.objects.filter(survey=survey)
        .filter(Q(kind__in=TEXT_KINDS) | Q(options__is_other=True))
        .distinct()
        .order_by("section__position", "position", "pk")
    )
    answers = (
        Answer.objects.filter(survey=survey, question__in=questions)
        .exclude(text="")
        .select_related("question", "option")
        # By the random response id, not the answer id: that would follow the order of
        # submission.
        .order_by("question__section__position", "question__position", "response_id", "pk")
    )
    chosen = None
    wanted = request.GET.get("fraga", "")
    if wanted.isdigit():
        chosen = next((q for q in questions if q.pk == int(wanted)), None)
        if chosen is not None:
            answers = answers.filter(question=chosen)
    search = request.GET.get("q", "").strip()[:200]
    if search:
        answers = answers.filter(text__icontains=search)
    page = paginate(request, answers)
    return render(
        request,
        "surveys/results/texts.html",
        {
            "survey": survey,
            "activity": survey.activity,
            "dialogue": survey.activity.dialogue,
            "questions": questions,
            "chosen": chosen,
            "search": search,
            "page": page,
        },
    )


@staff_required(STAFF)
@require_safe
def export_csv(request, pk):
    return exports.responses_csv(_survey(request, pk), request.user)


@staff_required(STAFF)
@require_safe
def export_xlsx(request, pk):
    return exports.responses_xlsx(_survey(request, pk), request.user)


@staff_required(STAFF)
@require_safe
def summary_csv(request, pk):
    return exports.summary_csv(_survey(request, pk), request.user)
