"""Reads for the survey builder and the resident-facing form.

Every function loads what its page shows in a fixed number of queries, so the
templates never start queries of their own.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from delaktig.municipality.models import RoleAssignment
from delaktig.municipality.rules import is_administrator
from delaktig.municipality.selectors import user_roles

from .models import Answer, MatrixItem, Option, Question, Response, Section, Survey


def questions_queryset():
    return (
        Question.objects.select_related("show_if")
        .prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("position", "pk")),
            Prefetch("items", queryset=MatrixItem.objects.order_by("position", "pk")),
            Prefetch("show_if_options", queryset=Option.objects.order_by("position", "pk")),
        )
        .order_by("position", "pk")
    )


def section_questions(section: Section) -> list[Question]:
    """One section's questions with everything the answer form needs (4 queries)."""
    return list(questions_queryset().filter(section=section))


def survey_sections(survey: Survey) -> list[Section]:
    """The sections in order, each with its questions, options and matrix rows."""
    return list(
        Section.objects.filter(survey=survey)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("questions", queryset=questions_queryset()))
    )


def submitted_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).count()


def has_submitted_responses(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).exists()


def answered_ids(survey: Survey) -> dict[str, set[int]]:
    """Which questions, options and matrix rows have answers (3 queries).

    The builder uses it to say, per row, what may no longer be deleted.
    """
    answers = Answer.objects.filter(survey=survey)
    return {
        "questions": set(answers.values_list("question_id", flat=True).distinct()),
        "options": set(
            answers.filter(option__isnull=False).values_list("option_id", flat=True).distinct()
        ),
        "items": set(
            answers.filter(item__isnull=False).values_list("item_id", flat=True).distinct()
        ),
    }


def _official_units(user) -> list[int]:
    return [unit for unit, role in user_roles(user=user) if role == RoleAssignment.Role.OFFICIAL]


def surveys_for_staff(user):
    """Surveys of the dialogues the person may run, newest first, with counts.

    Administrators see every survey; officials those of their units' dialogues.
    """
    surveys = Survey.objects.select_related("activity__dialogue__unit").annotate(
        question_count=Count("questions", distinct=True),
        submitted=Count(
            "responses",
            filter=Q(responses__status=Response.Status.SUBMITTED),
            distinct=True,
        ),
    )
    if is_administrator.test(user):
        return surveys.order_by("-created_at", "pk")
    return surveys.filter(activity__dialogue__unit_id__in=_official_units(user)).order_by(
        "-created_at", "pk"
    )


def survey_activities_for_staff(user):
    """Survey activities of runnable dialogues that have no survey yet."""
    from delaktig.dialogues.models import Activity

    activities = (
        Activity.objects.filter(method__registry_key="surveys")
        .exclude(Exists(Survey.objects.filter(activity=OuterRef("pk"))))
        .select_related("dialogue")
        .order_by("-dialogue__pk", "starts_on", "pk")
    )
    if is_administrator.test(user):
        return activities
    return activities.filter(dialogue__unit_id__in=_official_units(user))
