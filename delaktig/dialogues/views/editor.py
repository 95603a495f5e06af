"""The plan editor for officials: the list of dialogues, creating one, and the steps.

Every step is one form that saves through the services as a draft. “Save” stays on
the step, “Save and continue” goes to the next; whatever was saved is shown when
the official comes back, and invalid input is shown again with its messages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.feedback import success_once
from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.pagination import paginate
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.methods import recommender
from delaktig.methods.models import Method
from delaktig.municipality.models import RoleAssignment, Unit
from delaktig.municipality.selectors import current_municipality, user_roles

from .. import selectors, services
from ..forms import (
    STEP_FORMS,
    ActivityForm,
    CommunicationItemForm,
    CostItemForm,
    DialogueCreateForm,
    DialogueFilterForm,
    RecommenderForm,
    TargetGroupRowForm,
)
from ..models import Dialogue, State
from . import plan_context

STAFF_AREA = "municipality.access_staff_area"
Role = RoleAssignment.Role
# Blank question fields added by “Add more questions”.
MORE_QUESTIONS = 3


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields (or on top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def load_dialogue(request, pk: int, permission: str = "dialogues.view_dialogue") -> Dialogue:
    try:
        dialogue = selectors.dialogue_for_staff(pk=pk)
    except Dialogue.DoesNotExist as error:
        raise Http404 from error
    require_object_permission(request, permission, dialogue)
    return dialogue


def clash_message(clashes) -> str:
    names = ", ".join(
        _("“%(title)s” (%(unit)s)") % {"title": other.title, "unit": other.unit.name}
        for other in clashes
    )
    return _(
        "Other dialogues reach the same target group or district at the same time: "
        "%(dialogues)s. Talk to them so that residents do not get several invitations at once."
    ) % {"dialogues": names}


# --- List and create ---------------------------------------------------------


@staff_required(STAFF_AREA)
@require_safe
def dialogue_list(request):
    user = request.user
    dialogues = selectors.dialogues_for_unit_staff(user=user)
    committees = {unit_id for unit_id, role in user_roles(user=user) if role == Role.REPRESENTATIVE}
    awaiting = []
    if committees:
        awaiting = list(dialogues.filter(state=State.SUBMITTED, owner_committee_id__in=committees))
    filters = DialogueFilterForm(request.GET or None)
    state = filters.cleaned_data.get("state") if filters.is_valid() else ""
    if state:
        dialogues = dialogues.filter(state=state)
    page = paginate(request, dialogues)
    page.object_list = list(page.object_list)
    for dialogue in page.object_list:
        dialogue.can_edit = user.has_perm("dialogues.change_dialogue", dialogue)
    return render(
        request,
        "dialogues/staff/dialogue_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": bool(state),
            "awaiting": awaiting,
            "is_representative": bool(committees),
            "can_add": user.has_perm("dialogues.add_dialogue"),
        },
    )


def _units_for_new_dialogue(user):
    if user.has_perm("municipality.manage_settings"):
        return Unit.objects.filter(municipality=current_municipality(), is_active=True)
    own = {unit_id for unit_id, role in user_roles(user=user) if role == Role.OFFICIAL}
    return Unit.objects.filter(pk__in=own, is_active=True)


@staff_required("dialogues.add_dialogue")
@require_http_methods(["GET", "POST"])
def dialogue_create(request):
    units = _units_for_new_dialogue(request.user)
    initial = {"submission_key": new_submission_key()}
    only = list(units[:2])
    if len(only) == 1:
        initial["unit"] = only[0].pk
    form = DialogueCreateForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create():
            dialogue = services.dialogue_create(
                actor=request.user, unit=data["unit"], title=data["title"]
            )
            return reverse("dialogue_staff:step", args=[dialogue.pk, selectors.STEP_KEYS[0]])

        try:
            url = run_once(key=data.get("submission_key"), user=request.user, action=create)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            success_once(
                request, _("The dialogue has been created. Fill in the plan step by step.")
            )
            return redirect(url)
    return render(request, "dialogues/staff/dialogue_create.html", {"form": form})


# --- The steps ---------------------------------------------------------------


def _step_url(dialogue, step) -> str:
    return reverse("dialogue_staff:step", args=[dialogue.pk, step])


def _neighbours(step):
    index = selectors.STEP_KEYS.index(step)
    previous = selectors.STEP_KEYS[index - 1] if index > 0 else None
    following = selectors.STEP_KEYS[index + 1] if index + 1 < len(selectors.STEP_KEYS) else None
    return index, previous, following


def _after_save(request, dialogue, step, *, saved=True):
    """Post/redirect/get: “continue” goes to the next step (the summary after the
    last one), “save” comes back to the same step."""
    if saved:
        messages.success(request, _("Saved."))
    if request.POST.get("action") == "continue":
        _index, _previous, following = _neighbours(step)
        if following is None:
            return redirect("dialogue_staff:summary", dialogue.pk)
        return redirect(_step_url(dialogue, following))
    return redirect(_step_url(dialogue, step))


def _render_step(request, dialogue, step, context):
    done, total, incomplete = selectors.plan_progress(dialogue)
    index, previous, following = _neighbours(step)
    steps = [
        {
            "key": key,
            "label": label,
            "number": number,
            "done": key not in incomplete,
            "current": key == step,
        }
        for number, (key, label) in enumerate(selectors.STEPS, start=1)
    ]
    return render(
        request,
        f"dialogues/staff/steps/{step}.html",
        {
            "dialogue": dialogue,
            "steps": steps,
            "step": steps[index],
            "steps_done": done,
            "steps_total": total,
            "previous_step": steps[index - 1] if previous else None,
            "next_step": steps[index + 1] if following else None,
            **context,
        },
    )


def _locked_message(dialogue) -> str:
    if dialogue.state == State.SUBMITTED:
        return _(
            "The plan is waiting for approval and cannot be changed now. "
            "Withdraw the plan if you need to change it."
        )
    if dialogue.state == State.APPROVED:
        return _(
            "The plan has been approved and cannot be changed now. "
            "Use “Change the plan” to make it a draft again first."
        )
    return _(
        "The plan can only be changed while it is a draft. The dialogue is now “%(state)s”."
    ) % {"state": dialogue.get_state_display()}


@staff_required(STAFF_AREA)
@require_http_methods(["GET", "POST"])
def step(request, pk, step):
    dialogue = load_dialogue(request, pk)
    if step not in selectors.STEP_KEYS:
        raise Http404
    if not request.user.has_perm("dialogues.change_dialogue", dialogue):
        if request.user.has_perm("dialogues.run_dialogue", dialogue):
            messages.warning(request, _locked_message(dialogue))
            return redirect("dialogue_staff:summary", dialogue.pk)
        raise PermissionDenied
    handler = ROW_STEPS.get(step, _plan_step)
    return handler(request, dialogue, step)


def _plan_step(request, dialogue, step):
    form_class = STEP_FORMS[step]
    kwargs = {"instance": dialogue}
    if step == "purpose":
        kwargs["questions"] = [question.text for question in dialogue.questions.all()]
        more = request.GET.get("fler", "")
        kwargs["blank_questions"] = 1 + (MORE_QUESTIONS if more.isdigit() else 0)
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.dialogue_update(
                    actor=request.user, dialogue=dialogue, data=form.plan_data()
                )
                if step == "purpose" and form.has_questions:
                    services.dialogue_set_questions(
                        actor=request.user, dialogue=dialogue, texts=form.question_texts()
                    )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if step == "purpose" and request.POST.get("action") == "more_questions":
                messages.success(request, _("Saved. There is room for more questions now."))
                return redirect(f"{_step_url(dialogue, step)}?fler={MORE_QUESTIONS}#questions")
            return _after_save(request, dialogue, step)
    context = {"form": form}
    if step == "complexity":
        context["is_complex"] = (
            form.instance.is_complex if form.is_bound and form.is_valid() else dialogue.is_complex
        )
    if step == "timeline":
        context.update(
            activities=list(dialogue.activities.all()),
            communication_items=list(dialogue.communication_items.all()),
        )
    return _render_step(request, dialogue, step, context)


def _find_row(rows, raw_id):
    try:
        wanted = int(raw_id)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    for row in rows:
        if row.pk == wanted:
            return row
    raise Http404


def _target_groups_step(request, dialogue, step):
    rows = list(dialogue.target_groups.all())
    if request.method == "POST" and "remove" in request.POST:
        row = _find_row(rows, request.POST["remove"])
        services.dialogue_target_group_remove(actor=request.user, row=row)
        messages.success(
            request, _("The target group “%(name)s” has been removed.") % {"name": row}
        )
        return redirect(_step_url(dialogue, step))
    raw_id = request.POST.get("row") if request.method == "POST" else request.GET.get("malgrupp")
    existing = _find_row(rows, raw_id) if raw_id else None
    form = TargetGroupRowForm(request.POST or None, dialogue=dialogue, existing=existing)
    if request.method == "POST":
        if existing is None and not form.has_changed():
            return _after_save(request, dialogue, step, saved=False)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.dialogue_target_group_save(
                    actor=request.user,
                    dialogue=dialogue,
                    target_group=existing.target_group if existing else data["target_group"],
                    affected=data["affected"],
                    active=data["active"],
                    reach=data["reach"],
                    activities=list(data["activities"]),
                    notes=data["notes"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return _after_save(request, dialogue, step)
    return _render_step(
        request,
        dialogue,
        step,
        {
            "form": form,
            "editing": existing,
            "rows": rows,
            "matrix": plan_context.stakeholder_matrix(rows),
            "reach_groups": plan_context.reach_model(rows),
        },
    )


def _link_reached_groups(*, actor, dialogue, activity, chosen) -> None:
    """Keep the reach model in step with the activity form's “target groups it reaches”."""
    chosen_ids = {row.pk for row in chosen}
    for row in dialogue.target_groups.all():
        linked = list(row.activities.all())
        is_linked = any(a.pk == activity.pk for a in linked)
        if is_linked == (row.pk in chosen_ids):
            continue
        if is_linked:
            linked = [a for a in linked if a.pk != activity.pk]
        else:
            linked.append(activity)
        services.dialogue_target_group_save(
            actor=actor,
            dialogue=dialogue,
            target_group=row.target_group,
            affected=row.affected,
            active=row.active,
            reach=row.reach,
            activities=linked,
            notes=row.notes,
        )


def _recommendations(request, dialogue, rows):
    form = RecommenderForm(request.GET)
    if dialogue.ladder_level is None:
        return form, None
    recommendations = recommender.recommend_methods(
        ladder_level=dialogue.ladder_level,
        target_groups=[row.target_group for row in rows],
        limit=10,
        **form.constraints(),
    )
    return form, recommendations


def _activities_step(request, dialogue, step):
    activities = list(dialogue.activities.all())
    rows = list(dialogue.target_groups.all())
    if request.method == "POST" and "remove" in request.POST:
        activity = _find_row(activities, request.POST["remove"])
        services.activity_delete(actor=request.user, activity=activity)
        messages.success(
            request, _("The activity “%(title)s” has been removed.") % {"title": activity.title}
        )
        return redirect(_step_url(dialogue, step))
    raw_id = (
        request.POST.get("activity") if request.method == "POST" else request.GET.get("aktivitet")
    )
    existing = _find_row(activities, raw_id) if raw_id else None
    initial = {}
    chosen_method = None
    if request.method == "GET" and existing is None and request.GET.get("metod", "").isdigit():
        chosen_method = Method.objects.filter(pk=request.GET["metod"], is_active=True).first()
        if chosen_method is not None:
            initial = {"method": chosen_method.pk, "title": chosen_method.name}
    form = ActivityForm(request.POST or None, dialogue=dialogue, instance=existing, initial=initial)
    typed_clashes = []
    if request.method == "POST":
        if existing is None and not form.has_changed():
            return _after_save(request, dialogue, step, saved=False)
        if form.is_valid():
            try:
                with transaction.atomic():
                    activity = services.activity_save(
                        actor=request.user,
                        dialogue=dialogue,
                        data=form.activity_data(),
                        activity=existing,
                    )
                    if "reached_groups" in form.fields:
                        _link_reached_groups(
                            actor=request.user,
                            dialogue=dialogue,
                            activity=activity,
                            chosen=form.cleaned_data["reached_groups"],
                        )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                clashes = list(
                    selectors.activity_clashes(
                        dialogue=dialogue,
                        starts_on=activity.starts_on,
                        ends_on=activity.ends_on,
                        exclude_activity_id=activity.pk,
                    )
                )
                messages.success(
                    request,
                    _("The activity “%(title)s” has been saved.") % {"title": activity.title},
                )
                if clashes:
                    messages.warning(request, clash_message(clashes))
                return _after_save(request, dialogue, step, saved=False)
        starts_on = form.cleaned_data.get("starts_on")
        ends_on = form.cleaned_data.get("ends_on")
        if starts_on and ends_on and starts_on <= ends_on:
            # The dates alone are enough to warn, even before the rest is right.
            typed_clashes = list(
                selectors.activity_clashes(
                    dialogue=dialogue,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    exclude_activity_id=getattr(existing, "pk", None),
                )
            )
    current_clashes = []
    for activity in activities:
        others = list(
            selectors.activity_clashes(
                dialogue=dialogue,
                starts_on=activity.starts_on,
                ends_on=activity.ends_on,
                exclude_activity_id=activity.pk,
            )
        )
        if others:
            current_clashes.append({"activity": activity, "dialogues": others})
    recommender_form, recommendations = _recommendations(request, dialogue, rows)
    return _render_step(
        request,
        dialogue,
        step,
        {
            "form": form,
            "editing": existing,
            "chosen_method": chosen_method,
            "activities": activities,
            "typed_clashes": typed_clashes,
            "current_clashes": current_clashes,
            "recommender_form": recommender_form,
            "recommendations": recommendations,
            "has_target_groups": bool(rows),
        },
    )


def _simple_rows_step(request, dialogue, step, *, items, form_class, add, remove, removed_name):
    """A step that is a list of rows plus a form to add one (communication, costs).

    Posting the form empty moves on without saving, so "Save and continue" works
    when the official has nothing more to add.
    """
    if request.method == "POST" and "remove" in request.POST:
        item = _find_row(items, request.POST["remove"])
        remove(actor=request.user, item=item)
        messages.success(request, _("“%(name)s” has been removed.") % {"name": removed_name(item)})
        return redirect(_step_url(dialogue, step))
    form = form_class(request.POST or None)
    if request.method == "POST":
        if not form.has_changed():
            return _after_save(request, dialogue, step, saved=False)
        if form.is_valid():
            try:
                add(actor=request.user, dialogue=dialogue, data=form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return _after_save(request, dialogue, step)
    return form


def _communication_step(request, dialogue, step):
    items = list(dialogue.communication_items.all())
    result = _simple_rows_step(
        request,
        dialogue,
        step,
        items=items,
        form_class=CommunicationItemForm,
        add=services.communication_item_add,
        remove=services.communication_item_remove,
        removed_name=lambda item: item.channel,
    )
    if isinstance(result, HttpResponse):
        return result
    return _render_step(request, dialogue, step, {"form": result, "items": items})


def _costs_step(request, dialogue, step):
    items = list(dialogue.cost_items.all())
    result = _simple_rows_step(
        request,
        dialogue,
        step,
        items=items,
        form_class=CostItemForm,
        add=services.cost_item_add,
        remove=services.cost_item_remove,
        removed_name=lambda item: item.description,
    )
    if isinstance(result, HttpResponse):
        return result
    total = sum((item.amount for item in items), 0)
    return _render_step(request, dialogue, step, {"form": result, "items": items, "total": total})


ROW_STEPS = {
    "target_groups": _target_groups_step,
    "activities": _activities_step,
    "communication": _communication_step,
    "costs": _costs_step,
}
