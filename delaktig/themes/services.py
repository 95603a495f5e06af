"""Every write to themes: analysis runs and staff's edits.

Each function takes the acting user, checks ``dialogues.run_dialogue`` on the
dialogue, writes in one transaction inside ``acting_as`` (so the audit log names
the actor) and starts background work only after commit.

Running the analysis again replaces every *unpublished* theme, edited or not:
the analysis cannot know which edits still make sense for a new set of themes.
Published themes are kept with their contributions, and the new run only looks
at contributions outside them. To keep an edited theme through a new run,
publish it first. (The confirm page says so.)
"""

import datetime
import logging

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as
from delaktig.contributions.models import Contribution

from . import analysis as nlp
from .models import Theme, ThemeAnalysis, ThemeAssignment

logger = logging.getLogger(__name__)

RUN_PERMISSION = "dialogues.run_dialogue"
# A run that has not finished after this long is taken to have died with its worker.
STALE_AFTER = datetime.timedelta(hours=1)


def _check(actor, dialogue) -> None:
    if actor is None or not actor.has_perm(RUN_PERMISSION, dialogue):
        raise PermissionDenied


def analysable_contributions(dialogue):
    """Visible contributions with text, outside published themes."""
    return (
        Contribution.objects.filter(dialogue=dialogue, moderation=Contribution.Moderation.VISIBLE)
        .exclude(text="")
        .exclude(theme_assignment__theme__published=True)
    )


def active_analysis(dialogue) -> ThemeAnalysis | None:
    since = timezone.now() - STALE_AFTER
    return (
        ThemeAnalysis.objects.filter(
            dialogue=dialogue,
            status__in=[ThemeAnalysis.Status.QUEUED, ThemeAnalysis.Status.RUNNING],
            created_at__gte=since,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def theme_analysis_start(*, actor, dialogue) -> ThemeAnalysis:
    """Queue a new analysis; the worker runs it (immediately in tests)."""
    from .tasks import run_theme_analysis

    _check(actor, dialogue)
    with transaction.atomic(), acting_as(actor):
        if active_analysis(dialogue) is not None:
            raise ValidationError(_("A theme analysis is already running for this dialogue."))
        run = ThemeAnalysis.objects.create(dialogue=dialogue, requested_by=actor)
        transaction.on_commit(lambda: run_theme_analysis.enqueue(run.pk))
    return run


def _progress(run: ThemeAnalysis, value: int, **fields) -> None:
    # A plain UPDATE outside any transaction, so the status page sees it at once.
    run.progress = value
    for name, field_value in fields.items():
        setattr(run, name, field_value)
    ThemeAnalysis.objects.filter(pk=run.pk).update(progress=value, **fields)


def _next_position(dialogue) -> int:
    top = Theme.objects.filter(dialogue=dialogue).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def theme_analysis_run(*, analysis_id: int) -> ThemeAnalysis | None:
    """Do the work of one analysis: 10 % loaded, 40 % vectorised, 80 % NMF, 100 % saved."""
    run = ThemeAnalysis.objects.select_related("dialogue", "requested_by").filter(pk=analysis_id)
    run = run.first()
    if run is None or run.status != ThemeAnalysis.Status.QUEUED:
        return run
    _progress(run, 0, status=ThemeAnalysis.Status.RUNNING, started_at=timezone.now())
    try:
        rows = list(analysable_contributions(run.dialogue).values_list("pk", "text"))
        _progress(run, 10, contribution_count=len(rows))
        result = nlp.suggest_themes(
            [text for _pk, text in rows], progress=lambda value: _progress(run, value)
        )
        with transaction.atomic(), acting_as(run.requested_by):
            Theme.objects.filter(dialogue=run.dialogue, published=False).delete()
            position = _next_position(run.dialogue)
            assignments = []
            for offset, suggestion in enumerate(result.themes):
                theme = Theme.objects.create(
                    dialogue=run.dialogue,
                    analysis=run,
                    name=nlp.default_name(suggestion.top_words)[:200],
                    top_words=suggestion.top_words,
                    position=position + offset,
                )
                assignments += [
                    ThemeAssignment(theme=theme, contribution_id=rows[index][0], weight=weight)
                    for index, weight in suggestion.members
                ]
            ThemeAssignment.objects.bulk_create(assignments, batch_size=2000)
            _progress(
                run, 100, status=ThemeAnalysis.Status.DONE, finished_at=timezone.now(), error=""
            )
    except Exception as error:  # the page must show a failure, not spin for ever
        logger.exception("Theme analysis %s failed", analysis_id)
        _progress(
            run,
            run.progress,
            status=ThemeAnalysis.Status.FAILED,
            finished_at=timezone.now(),
            error=str(error)[:2000],
        )
    return run


def theme_rename(*, actor, theme: Theme, name: str) -> Theme:
    _check(actor, theme.dialogue)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Write a name for the theme.")})
    if len(name) > 200:
        raise ValidationError({"name": _("The name can be at most 200 characters.")})
    with transaction.atomic(), acting_as(actor):
        theme.name = name
        theme.save(update_fields=["name"])
    return theme


def _merge_words(lists) -> list[str]:
    """Interleave the top words of several themes, strongest first, no repeats."""
    merged: list[str] = []
    for rank in range(max((len(words) for words in lists), default=0)):
        for words in lists:
            if rank < len(words) and words[rank] not in merged:
                merged.append(words[rank])
    return merged[: nlp.TOP_WORDS]


def themes_merge(*, actor, themes, name: str = "") -> Theme:
    """Merge two or more themes into the first (by position); the others go."""
    themes = sorted(themes, key=lambda t: (t.position, t.pk))
    if len({t.pk for t in themes}) < 2:
        raise ValidationError(_("Choose at least two themes to merge."))
    dialogue = themes[0].dialogue
    if any(t.dialogue_id != dialogue.pk for t in themes):
        raise ValidationError(_("Only themes of the same dialogue can be merged."))
    _check(actor, dialogue)
    target, others = themes[0], themes[1:]
    with transaction.atomic(), acting_as(actor):
        ThemeAssignment.objects.filter(theme__in=others).update(theme=target)
        target.top_words = _merge_words([t.top_words for t in themes])
        if name.strip():
            target.name = name.strip()[:200]
        target.published = target.published or any(t.published for t in others)
        target.save(update_fields=["top_words", "name", "published"])
        for other in others:
            other.delete()
    return target


def theme_split(*, actor, theme: Theme) -> list[Theme]:
    """Split a theme in two by running NMF with k=2 on its contributions alone."""
    _check(actor, theme.dialogue)
    rows = list(
        theme.assignments.select_related("contribution").values_list("pk", "contribution__text")
    )
    result = nlp.suggest_themes([text for _pk, text in rows], k=2)
    if len(result.themes) < 2:
        raise ValidationError(_("This theme cannot be split: its contributions are too alike."))
    with transaction.atomic(), acting_as(actor):
        Theme.objects.filter(dialogue=theme.dialogue, position__gt=theme.position).update(
            position=F("position") + 1
        )
        parts = [theme]
        theme.top_words = result.themes[0].top_words
        theme.name = nlp.default_name(theme.top_words)[:200] or theme.name
        theme.save(update_fields=["top_words", "name"])
        second = Theme.objects.create(
            dialogue=theme.dialogue,
            analysis=theme.analysis,
            name=nlp.default_name(result.themes[1].top_words)[:200],
            top_words=result.themes[1].top_words,
            position=theme.position + 1,
            published=theme.published,
        )
        parts.append(second)
        moved = [rows[index][0] for index, _w in result.themes[1].members]
        ThemeAssignment.objects.filter(pk__in=moved).update(theme=second)
        # Themes beyond two (none with k=2) and texts with no words stay where they were.
    return parts


def theme_delete(*, actor, theme: Theme) -> None:
    """Delete a theme; its contributions become unassigned (not deleted)."""
    _check(actor, theme.dialogue)
    with transaction.atomic(), acting_as(actor):
        theme.delete()


def contribution_move(*, actor, contribution: Contribution, theme: Theme | None) -> None:
    """Put a contribution in another theme, or (theme=None) in none."""
    _check(actor, contribution.dialogue)
    if theme is not None and theme.dialogue_id != contribution.dialogue_id:
        raise ValidationError({"theme": _("Choose a theme of the same dialogue.")})
    with transaction.atomic(), acting_as(actor):
        current = ThemeAssignment.objects.filter(contribution=contribution).first()
        old_theme_id = current.theme_id if current else None
        if theme is None:
            if current:
                current.delete()
        elif current:
            current.theme = theme
            current.weight = None  # placed by hand
            current.save(update_fields=["theme", "weight"])
        else:
            current = ThemeAssignment.objects.create(
                theme=theme, contribution=contribution, weight=None
            )
        # Assignments are not registered with auditlog (a run writes thousands in bulk),
        # so a hand move is logged explicitly on the contribution.
        LogEntry.objects.log_create(
            contribution,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"theme": [str(old_theme_id), str(theme.pk if theme else None)]},
        )


def themes_publish(*, actor, dialogue, themes=None) -> int:
    """Mark themes published (all of the dialogue's, or the given ones)."""
    _check(actor, dialogue)
    with transaction.atomic(), acting_as(actor):
        selected = Theme.objects.filter(dialogue=dialogue, published=False)
        if themes is not None:
            selected = selected.filter(pk__in=[t.pk for t in themes])
        count = 0
        for theme in selected:
            theme.published = True
            theme.save(update_fields=["published"])  # per row, so each is audit-logged
            count += 1
    return count


def theme_unpublish(*, actor, theme: Theme) -> Theme:
    _check(actor, theme.dialogue)
    with transaction.atomic(), acting_as(actor):
        theme.published = False
        theme.save(update_fields=["published"])
    return theme
