import datetime

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Sum
from django.utils.translation import gettext_lazy as _

from .models import (
    FINISHED_STATES,
    PUBLIC_STATES,
    Activity,
    Dialogue,
    DialogueTargetGroup,
    Follow,
    State,
)

# The editor's steps, in order: (key, label). Steps and missing parts share keys so
# the missing-parts list can link each gap to the step that fills it.
STEPS = (
    ("basics", _("Basics")),
    ("purpose", _("Purpose and influence")),
    ("complexity", _("Simple or complex?")),
    ("target_groups", _("Target groups")),
    ("activities", _("Methods and activities")),
    ("timeline", _("Timetable")),
    ("accessibility", _("Accessibility")),
    ("communication", _("Communication")),
    ("feedback", _("Feedback")),
    ("costs", _("Costs")),
    ("evaluation", _("Evaluation")),
    ("responsibility", _("Responsibility and partners")),
)
STEP_KEYS = [key for key, _label in STEPS]


def plan_missing_parts(dialogue: Dialogue) -> list[tuple[str, str]]:
    """What the plan still lacks before it can be sent for approval, as (step, message).

    Counts come from one aggregate query so the check is cheap on every editor page.
    """
    counts = Dialogue.objects.filter(pk=dialogue.pk).aggregate(
        questions=Count("questions", distinct=True),
        target_groups=Count("target_groups", distinct=True),
        activities=Count("activities", distinct=True),
        communication=Count("communication_items", distinct=True),
        costs=Count("cost_items", distinct=True),
        responsible=Count("responsible", distinct=True),
    )
    d = dialogue
    missing = []

    def need(condition, step, message):
        if not condition:
            missing.append((step, message))

    need(d.title, "basics", _("Give the dialogue a title."))
    need(d.owner_committee_id, "basics", _("Choose the owner committee."))
    need(d.decision_stage, "basics", _("Say where the dialogue sits in the decision process."))
    need(d.purpose, "purpose", _("Describe the purpose."))
    need(d.use_of_results, "purpose", _("Say what the results will be used for."))
    need(d.ladder_level, "purpose", _("Choose the level of influence."))
    need(counts["questions"], "purpose", _("Add at least one question."))
    need(
        all(
            (
                d.complexity_politics,
                d.complexity_target_groups,
                d.complexity_expectations,
                d.complexity_methods,
            )
        ),
        "complexity",
        _("Answer all four questions about complexity."),
    )
    need(
        not d.is_complex or d.quality_review_done,
        "complexity",
        _("A complex plan must be reviewed with the quality coordinators before it is sent."),
    )
    need(counts["target_groups"], "target_groups", _("Add at least one target group."))
    need(counts["activities"], "activities", _("Add at least one activity."))
    need(d.starts_on and d.ends_on, "timeline", _("Give the dates when residents can take part."))
    need(
        not (d.starts_on and d.ends_on) or d.starts_on <= d.ends_on,
        "timeline",
        _("The end date must not be before the start date."),
    )
    need(
        d.accessibility_measures or d.accessibility_notes,
        "accessibility",
        _("Describe how the dialogue is made accessible."),
    )
    need(counts["communication"], "communication", _("Add at least one communication activity."))
    need(d.feedback_how, "feedback", _("Describe how participants will hear back."))
    need(d.feedback_due_on, "feedback", _("Give the date for feedback."))
    need(counts["costs"], "costs", _("Add the estimated costs."))
    need(d.evaluation_indicators, "evaluation", _("Add at least one evaluation indicator."))
    need(
        counts["responsible"] or d.contact_email,
        "responsibility",
        _("Name the responsible staff or a contact e-mail."),
    )
    return missing


def plan_progress(dialogue: Dialogue) -> tuple[int, int, set[str]]:
    """(steps complete, steps in all, keys of incomplete steps)."""
    incomplete = {step for step, _m in plan_missing_parts(dialogue)}
    return len(STEPS) - len(incomplete), len(STEPS), incomplete


def activity_clashes(*, dialogue: Dialogue, starts_on, ends_on, exclude_activity_id=None):
    """Other dialogues with activities overlapping these dates that aim at the same
    target group or district — the same residents should not get several
    invitations at once.

    Returns dialogues annotated with nothing extra; one query.
    """
    if not (starts_on and ends_on):
        return Dialogue.objects.none()
    my_groups = DialogueTargetGroup.objects.filter(dialogue=dialogue).values("target_group_id")
    my_districts = dialogue.districts.values("pk")
    # The dialogue also aims at the districts where its activities are held; the
    # activity being edited is left out, as its district may be about to change.
    my_activities = Activity.objects.filter(dialogue=dialogue, district__isnull=False)
    if exclude_activity_id:
        my_activities = my_activities.exclude(pk=exclude_activity_id)
    my_activity_districts = my_activities.values("district_id")
    overlapping = Activity.objects.filter(
        dialogue=OuterRef("pk"), starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if exclude_activity_id:
        overlapping = overlapping.exclude(pk=exclude_activity_id)
    return (
        Dialogue.objects.filter(municipality_id=dialogue.municipality_id)
        .exclude(pk=dialogue.pk)
        .exclude(state=State.ARCHIVED)
        .filter(Exists(overlapping))
        .filter(
            Q(target_groups__target_group_id__in=my_groups)
            | Q(districts__in=my_districts)
            | Q(districts__in=my_activity_districts)
            | Q(activities__district_id__in=my_districts)
            | Q(activities__district_id__in=my_activity_districts)
        )
        .select_related("unit")
        .distinct()
        .order_by("title")
    )


def dialogue_for_staff(*, pk: int) -> Dialogue:
    return (
        Dialogue.objects.select_related("unit", "owner_committee", "municipality", "created_by")
        .prefetch_related(
            "questions",
            "districts",
            "topics",
            "responsible",
            "communication_items",
            "cost_items",
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("method", "district", "meeting"),
            ),
            Prefetch(
                "target_groups",
                queryset=DialogueTargetGroup.objects.select_related(
                    "target_group"
                ).prefetch_related("activities"),
            ),
            "transitions__actor",
        )
        .annotate(cost_total=Sum("cost_items__amount"))
        .get(pk=pk)
    )


def dialogues_for_unit_staff(*, user):
    """Dialogues the user works with: their units' and their committees'."""
    from delaktig.municipality.selectors import user_roles

    if user.has_perm("municipality.manage_settings"):
        # Administrators may view and edit every dialogue, so they list them all.
        qs = Dialogue.objects.all()
    else:
        unit_ids = {unit_id for unit_id, _r in user_roles(user=user)}
        qs = Dialogue.objects.filter(Q(unit_id__in=unit_ids) | Q(owner_committee_id__in=unit_ids))
    return qs.select_related("unit", "owner_committee").order_by("-updated_at")


def dialogues_of_unit(*, unit):
    """A unit's dialogues: those it runs and those it owns as a committee."""
    return (
        Dialogue.objects.filter(Q(unit=unit) | Q(owner_committee=unit))
        .select_related("unit", "owner_committee")
        .order_by("-updated_at")
    )


SECTION_STATES = {
    "open": (State.OPEN,),
    "upcoming": (State.PUBLISHED,),
    "finished": tuple(FINISHED_STATES),
}


def public_dialogues(
    *, district=None, topic=None, ladder_level=None, query="", section=None, prefetch=True
):
    """Public dialogues matching the filters. With ``prefetch=False`` the caller
    prefetches districts and topics itself (once for several sections)."""
    qs = Dialogue.objects.filter(state__in=PUBLIC_STATES)
    if section in SECTION_STATES:
        qs = qs.filter(state__in=SECTION_STATES[section])
    if district:
        qs = qs.filter(districts=district)
    if topic:
        qs = qs.filter(topics=topic)
    if ladder_level:
        qs = qs.filter(ladder_level=ladder_level)
    if query:
        qs = qs.filter(search_text__contains=query.strip().lower())
    if district or topic:
        # Only the many-to-many filters can repeat a row.
        qs = qs.distinct()
    qs = qs.select_related("unit", "owner_committee").order_by("-starts_on", "title")
    return qs.prefetch_related("districts", "topics") if prefetch else qs


def public_section_counts(**filters) -> dict[str, int]:
    """How many public dialogues each section holds, in one query."""
    qs = public_dialogues(**filters, prefetch=False).order_by()
    counts = qs.aggregate(
        **{
            key: Count("pk", filter=Q(state__in=states), distinct=True)
            for key, states in SECTION_STATES.items()
        }
    )
    return {key: counts[key] or 0 for key in SECTION_STATES}


def is_following(*, user, dialogue) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, dialogue=dialogue).exists()


def dialogues_past_retention(*, now, among) -> list:
    """Ids of the dialogues, of those in ``among`` (a queryset of dialogue ids), that
    were evaluated at least their own ``retention_days`` before ``now``.

    Archived is reached only through evaluated, so its time counts from the
    evaluation too. ``among`` narrows the look to dialogues that still hold
    something to purge, so a daily run reads only those.
    """
    candidates = (
        Dialogue.objects.filter(state__in=[State.EVALUATED, State.ARCHIVED], pk__in=among)
        .annotate(
            evaluated_at=Max(
                "transitions__created_at", filter=Q(transitions__to_state=State.EVALUATED)
            )
        )
        .only("pk", "retention_days")
        .order_by("pk")
    )
    return [
        d.pk
        for d in candidates
        if d.evaluated_at is not None
        and d.evaluated_at + datetime.timedelta(days=d.retention_days) <= now
    ]
