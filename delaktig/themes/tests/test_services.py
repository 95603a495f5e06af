import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from delaktig.contributions.models import Contribution
from delaktig.themes import services
from delaktig.themes.models import Theme, ThemeAnalysis, ThemeAssignment
from delaktig.themes.tasks import run_theme_analysis

from .corpus import purity
from .factories import contribution, contributions

pytestmark = pytest.mark.django_db


def themes_of(dialogue):
    return list(Theme.objects.filter(dialogue=dialogue).order_by("position", "pk"))


def test_analysis_runs_to_done_and_suggests_the_topics(analysed, dialogue):
    run = analysed["run"]
    assert run.status == ThemeAnalysis.Status.DONE
    assert run.progress == 100
    assert run.started_at and run.finished_at
    assert run.contribution_count == len(analysed["rows"])
    themes = themes_of(dialogue)
    assert len(themes) == 4
    assert all(t.name and t.top_words and not t.published for t in themes)
    groups = [list(t.assignments.values_list("contribution_id", flat=True)) for t in themes]
    labels = analysed["labels"]
    ids = list(labels)
    index = {pk: i for i, pk in enumerate(ids)}
    assert purity([[index[pk] for pk in g] for g in groups], [labels[pk] for pk in ids]) >= 0.8


def test_progress_is_reported_in_steps(dialogue, world, monkeypatch):
    contributions(dialogue, ["buss och cykel", "skolan och lärare", "parken träd"] * 5)
    seen = []
    original = services._progress

    def spy(run, value, **fields):
        seen.append((value, fields.get("status", run.status)))
        original(run, value, **fields)

    monkeypatch.setattr(services, "_progress", spy)
    run = ThemeAnalysis.objects.create(dialogue=dialogue, requested_by=world["official"])
    services.theme_analysis_run(analysis_id=run.pk)
    values = [value for value, _s in seen]
    assert values == sorted(values)
    assert {10, 40, 80, 100} <= set(values)
    assert seen[0][1] == ThemeAnalysis.Status.RUNNING
    assert seen[-1] == (100, ThemeAnalysis.Status.DONE)


def test_a_failing_analysis_is_marked_failed(dialogue, world, monkeypatch):
    contributions(dialogue, ["buss och cykel"] * 3)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services.nlp, "suggest_themes", broken)
    run = ThemeAnalysis.objects.create(dialogue=dialogue, requested_by=world["official"])
    run_theme_analysis.enqueue(run.pk)
    run.refresh_from_db()
    assert run.status == ThemeAnalysis.Status.FAILED
    assert "boom" in run.error


def test_start_is_refused_while_one_runs_and_for_others(dialogue, world):
    ThemeAnalysis.objects.create(dialogue=dialogue, status=ThemeAnalysis.Status.RUNNING)
    with pytest.raises(ValidationError):
        services.theme_analysis_start(actor=world["official"], dialogue=dialogue)
    for user in (world["other_official"], world["resident"]):
        with pytest.raises(PermissionDenied):
            services.theme_analysis_start(actor=user, dialogue=dialogue)


def test_hidden_and_empty_contributions_are_left_out(dialogue, world):
    hidden = contribution(dialogue, "dold text", moderation=Contribution.Moderation.HIDDEN)
    contribution(dialogue, "")
    shown = contribution(dialogue, "synlig text")
    assert list(services.analysable_contributions(dialogue)) == [shown]
    assert hidden.pk


def test_rerun_replaces_unpublished_themes_and_keeps_published(
    analysed, dialogue, world, django_capture_on_commit_callbacks
):
    kept, replaced = themes_of(dialogue)[:2]
    services.theme_rename(actor=world["official"], theme=kept, name="Trafik")
    services.themes_publish(actor=world["official"], dialogue=dialogue, themes=[kept])
    kept_members = set(kept.assignments.values_list("contribution_id", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.theme_analysis_start(actor=world["official"], dialogue=dialogue)
    assert not Theme.objects.filter(pk=replaced.pk).exists()
    kept.refresh_from_db()
    assert kept.name == "Trafik" and kept.published
    assert set(kept.assignments.values_list("contribution_id", flat=True)) == kept_members
    # The new run only looked at contributions outside the published theme.
    new = Theme.objects.filter(dialogue=dialogue, published=False)
    assert new.exists()
    assert not ThemeAssignment.objects.filter(
        theme__in=new, contribution_id__in=kept_members
    ).exists()


def test_rename(analysed, dialogue, world):
    theme = themes_of(dialogue)[0]
    services.theme_rename(actor=world["official"], theme=theme, name="  Kollektivtrafik ")
    theme.refresh_from_db()
    assert theme.name == "Kollektivtrafik"
    assert LogEntry.objects.get_for_object(theme).filter(actor=world["official"]).exists()
    with pytest.raises(ValidationError):
        services.theme_rename(actor=world["official"], theme=theme, name=" ")
    with pytest.raises(PermissionDenied):
        services.theme_rename(actor=world["other_official"], theme=theme, name="X")


def test_merge_moves_everything_into_the_first(analysed, dialogue, world):
    first, second, third = themes_of(dialogue)[:3]
    total = sum(t.assignments.count() for t in (first, second, third))
    merged = services.themes_merge(
        actor=world["official"], themes=[third, first, second], name="Vardag"
    )
    assert merged.pk == first.pk
    assert merged.name == "Vardag"
    assert merged.assignments.count() == total
    assert not Theme.objects.filter(pk__in=[second.pk, third.pk]).exists()
    assert set(first.top_words[:1]) <= set(merged.top_words)
    with pytest.raises(ValidationError):
        services.themes_merge(actor=world["official"], themes=[merged])


def test_merge_refuses_themes_of_other_dialogues(analysed, dialogue, world, municipality):
    from delaktig.dialogues.tests.factories import DialogueFactory

    other = DialogueFactory(municipality=municipality, unit=world["unit"])
    stranger = Theme.objects.create(dialogue=other, name="Annan")
    with pytest.raises(ValidationError):
        services.themes_merge(actor=world["official"], themes=[themes_of(dialogue)[0], stranger])


def test_split_makes_two_themes(analysed, dialogue, world):
    first, second = themes_of(dialogue)[:2]
    merged = services.themes_merge(actor=world["official"], themes=[first, second])
    size = merged.assignments.count()
    parts = services.theme_split(actor=world["official"], theme=merged)
    assert len(parts) == 2
    assert sum(p.assignments.count() for p in parts) == size
    assert all(p.assignments.exists() for p in parts)
    positions = [t.position for t in themes_of(dialogue)]
    assert len(positions) == len(set(positions))


def test_split_refuses_a_theme_too_small(dialogue, world):
    theme = Theme.objects.create(dialogue=dialogue, name="Liten")
    ThemeAssignment.objects.create(theme=theme, contribution=contribution(dialogue, "Bra"))
    with pytest.raises(ValidationError):
        services.theme_split(actor=world["official"], theme=theme)


def test_delete_leaves_contributions_unassigned(analysed, dialogue, world):
    theme = themes_of(dialogue)[0]
    members = list(theme.assignments.values_list("contribution_id", flat=True))
    services.theme_delete(actor=world["official"], theme=theme)
    assert Contribution.objects.filter(pk__in=members).count() == len(members)
    assert not ThemeAssignment.objects.filter(contribution_id__in=members).exists()


def test_move_a_contribution(analysed, dialogue, world):
    source, target = themes_of(dialogue)[:2]
    assignment = source.assignments.select_related("contribution").first()
    item = assignment.contribution
    services.contribution_move(actor=world["official"], contribution=item, theme=target)
    assignment.refresh_from_db()
    assert assignment.theme == target and assignment.weight is None
    assert LogEntry.objects.get_for_object(item).filter(actor=world["official"]).exists()
    services.contribution_move(actor=world["official"], contribution=item, theme=None)
    assert not ThemeAssignment.objects.filter(contribution=item).exists()
    services.contribution_move(actor=world["official"], contribution=item, theme=source)
    assert ThemeAssignment.objects.get(contribution=item).theme == source
    with pytest.raises(PermissionDenied):
        services.contribution_move(actor=world["resident"], contribution=item, theme=target)


def test_publish_and_unpublish(analysed, dialogue, world):
    count = services.themes_publish(actor=world["official"], dialogue=dialogue)
    assert count == len(themes_of(dialogue))
    assert all(t.published for t in themes_of(dialogue))
    theme = themes_of(dialogue)[0]
    services.theme_unpublish(actor=world["official"], theme=theme)
    theme.refresh_from_db()
    assert not theme.published
    with pytest.raises(PermissionDenied):
        services.themes_publish(actor=world["other_official"], dialogue=dialogue)


def test_administrator_may_edit(analysed, dialogue, world):
    theme = themes_of(dialogue)[0]
    services.theme_rename(actor=world["administrator"], theme=theme, name="Admin")
