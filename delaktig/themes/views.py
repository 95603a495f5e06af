"""Staff pages for a dialogue's themes. Views parse, call a service and answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.contributions.models import Contribution
from delaktig.core.pagination import paginate
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues.models import Dialogue

from . import selectors, services
from .forms import MergeForm, MoveForm, ThemeRenameForm
from .models import Theme

STAFF_AREA = "municipality.access_staff_area"
RUN = "dialogues.run_dialogue"


def _dialogue(request, pk) -> Dialogue:
    dialogue = get_object_or_404(Dialogue.objects.select_related("unit"), pk=pk)
    require_object_permission(request, RUN, dialogue)
    return dialogue


def _theme(request, pk) -> Theme:
    theme = get_object_or_404(Theme.objects.select_related("dialogue__unit"), pk=pk)
    require_object_permission(request, RUN, theme.dialogue)
    return theme


def _refuse_method(request, *allowed):
    """Checked after the object permission, so another unit's official gets 403
    whatever the method (a method decorator would answer 405 first)."""
    if request.method not in allowed:
        return HttpResponseNotAllowed(allowed)
    return None


def _status(run) -> dict:
    if run is None:
        return {"status": "none", "progress": 0, "label": "", "active": False}
    return {
        "status": run.status,
        "progress": run.progress,
        "label": str(run.get_status_display()),
        "active": run.is_active,
    }


def _error_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@staff_required(STAFF_AREA)
def dialogue_themes(request, pk):
    dialogue = _dialogue(request, pk)
    if refused := _refuse_method(request, "GET"):
        return refused
    themes = selectors.themes_for_dialogue(dialogue=dialogue)
    run = selectors.latest_analysis(dialogue=dialogue)
    queryset = Theme.objects.filter(dialogue=dialogue)
    return render(
        request,
        "themes/dialogue_themes.html",
        {
            "dialogue": dialogue,
            "themes": themes,
            "analysis": run,
            "status": _status(run),
            "unassigned": selectors.unassigned_count(dialogue=dialogue),
            "merge_form": MergeForm(themes=queryset, auto_id="merge_%s"),
            "unpublished": sum(1 for theme in themes if not theme.published),
        },
    )


@staff_required(STAFF_AREA)
def analysis_status(request, pk):
    """JSON for the progress bar's poll."""
    dialogue = _dialogue(request, pk)
    if refused := _refuse_method(request, "GET"):
        return refused
    return JsonResponse(_status(selectors.latest_analysis(dialogue=dialogue)))


@staff_required(STAFF_AREA)
def analysis_run(request, pk):
    """Ask before replacing the unpublished themes; POST starts the run."""
    dialogue = _dialogue(request, pk)
    if refused := _refuse_method(request, "GET", "POST"):
        return refused
    if request.method == "POST":
        try:
            services.theme_analysis_start(actor=request.user, dialogue=dialogue)
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("The theme analysis has started."))
        return redirect("themes:dialogue", dialogue.pk)
    themes = Theme.objects.filter(dialogue=dialogue)
    return render(
        request,
        "themes/analysis_confirm.html",
        {
            "dialogue": dialogue,
            "unpublished": themes.filter(published=False).count(),
            "published": themes.filter(published=True).count(),
            "contributions": services.analysable_contributions(dialogue).count(),
        },
    )


@staff_required(STAFF_AREA)
def theme_detail(request, pk):
    """One theme: rename it, split or delete it, and move its contributions."""
    theme = _theme(request, pk)
    if refused := _refuse_method(request, "GET", "POST"):
        return refused
    form = ThemeRenameForm(request.POST or None, initial={"name": theme.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_rename(actor=request.user, theme=theme, name=form.cleaned_data["name"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("name", message)
        else:
            messages.success(request, _("The theme has been renamed."))
            return redirect("themes:theme", theme.pk)
    page = paginate(request, selectors.theme_contributions(theme=theme))
    others = Theme.objects.filter(dialogue=theme.dialogue).exclude(pk=theme.pk)
    move_choices = list(others)
    return render(
        request,
        "themes/theme_detail.html",
        {
            "theme": theme,
            "dialogue": theme.dialogue,
            "form": form,
            "page": page,
            "move_choices": move_choices,
        },
    )


@staff_required(STAFF_AREA)
def unassigned(request, pk):
    """Contributions in no theme, to move into one by hand."""
    dialogue = _dialogue(request, pk)
    if refused := _refuse_method(request, "GET"):
        return refused
    page = paginate(request, selectors.unassigned_contributions(dialogue=dialogue))
    return render(
        request,
        "themes/unassigned.html",
        {
            "dialogue": dialogue,
            "page": page,
            "move_choices": list(Theme.objects.filter(dialogue=dialogue)),
        },
    )


@staff_required(STAFF_AREA)
def theme_merge(request, pk):
    dialogue = _dialogue(request, pk)
    if refused := _refuse_method(request, "POST"):
        return refused
    form = MergeForm(request.POST, themes=Theme.objects.filter(dialogue=dialogue))
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("themes:dialogue", dialogue.pk)
    try:
        merged = services.themes_merge(
            actor=request.user,
            themes=list(form.cleaned_data["themes"]),
            name=form.cleaned_data["name"],
        )
    except ValidationError as error:
        _error_message(request, error)
        return redirect("themes:dialogue", dialogue.pk)
    messages.success(request, _("The themes have been merged into “%s”.") % merged.name)
    return redirect(reverse("themes:dialogue", args=[dialogue.pk]) + f"#theme-{merged.pk}")


@staff_required(STAFF_AREA)
def theme_split(request, pk):
    theme = _theme(request, pk)
    if refused := _refuse_method(request, "POST"):
        return refused
    try:
        services.theme_split(actor=request.user, theme=theme)
    except ValidationError as error:
        _error_message(request, error)
        return redirect("themes:theme", theme.pk)
    messages.success(request, _("The theme has been split in two."))
    return redirect("themes:dialogue", theme.dialogue_id)


@staff_required(STAFF_AREA)
def theme_delete(request, pk):
    theme = _theme(request, pk)
    if refused := _refuse_method(request, "GET", "POST"):
        return refused
    if request.method == "POST":
        services.theme_delete(actor=request.user, theme=theme)
        messages.success(request, _("The theme has been deleted. Its contributions have no theme."))
        return redirect("themes:dialogue", theme.dialogue_id)
    return render(request, "themes/theme_delete.html", {"theme": theme, "dialogue": theme.dialogue})


@staff_required(STAFF_AREA)
def contribution_move(request, pk):
    contribution = get_object_or_404(Contribution.objects.select_related("dialogue"), pk=pk)
    require_object_permission(request, RUN, contribution.dialogue)
    if refused := _refuse_method(request, "POST"):
        return refused
    form = MoveForm(request.POST, themes=Theme.objects.filter(dialogue=contribution.dialogue))
    back = request.POST.get("next") or reverse("themes:dialogue", args=[contribution.dialogue_id])
    if not back.startswith("/") or back.startswith("//"):
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Choose one of the dialogue's themes."))
        return redirect(back)
    services.contribution_move(
        actor=request.user, contribution=contribution, theme=form.cleaned_data["theme"]
    )
    messages.success(request, _("The contribution has been moved."))
    return redirect(back)


@staff_required(STAFF_AREA)
def themes_publish(request, pk):
    dialogue = _dialogue(request, pk)
    if refused := _refuse_method(request, "POST"):
        return refused
    count = services.themes_publish(actor=request.user, dialogue=dialogue)
    messages.success(
        request,
        ngettext(
            "%(count)d theme has been published.", "%(count)d themes have been published.", count
        )
        % {"count": count},
    )
    return redirect("themes:dialogue", dialogue.pk)


@staff_required(STAFF_AREA)
def theme_unpublish(request, pk):
    theme = _theme(request, pk)
    if refused := _refuse_method(request, "POST"):
        return refused
    services.theme_unpublish(actor=request.user, theme=theme)
    messages.success(request, _("The theme is no longer published."))
    return redirect("themes:dialogue", theme.dialogue_id)
