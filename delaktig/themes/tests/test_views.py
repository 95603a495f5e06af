import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaktig.themes.models import Theme, ThemeAnalysis, ThemeAssignment

from .factories import contribution, contributions

pytestmark = pytest.mark.django_db


def themes_of(dialogue):
    return list(Theme.objects.filter(dialogue=dialogue).order_by("position", "pk"))


def urls(dialogue, theme, item):
    return [
        ("get", reverse("themes:dialogue", args=[dialogue.pk])),
        ("get", reverse("themes:status", args=[dialogue.pk])),
        ("get", reverse("themes:run", args=[dialogue.pk])),
        ("post", reverse("themes:run", args=[dialogue.pk])),
        ("post", reverse("themes:merge", args=[dialogue.pk])),
        ("post", reverse("themes:publish", args=[dialogue.pk])),
        ("get", reverse("themes:unassigned", args=[dialogue.pk])),
        ("get", reverse("themes:theme", args=[theme.pk])),
        ("post", reverse("themes:theme", args=[theme.pk])),
        ("post", reverse("themes:split", args=[theme.pk])),
        ("get", reverse("themes:delete", args=[theme.pk])),
        ("post", reverse("themes:delete", args=[theme.pk])),
        ("post", reverse("themes:unpublish", args=[theme.pk])),
        ("post", reverse("themes:move", args=[item.pk])),
    ]


@pytest.fixture
def one_theme(dialogue):
    theme = Theme.objects.create(dialogue=dialogue, name="Trafik", top_words=["buss"])
    item = contribution(dialogue, "Fler bussar till centrum")
    ThemeAssignment.objects.create(theme=theme, contribution=item, weight=0.5)
    return theme, item


def test_anonymous_goes_to_login(client, dialogue, one_theme):
    for _method, url in urls(dialogue, *one_theme):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, url
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("who", ["resident", "other_official"])
def test_others_are_refused(client, world, dialogue, one_theme, who):
    client.force_login(world[who])
    # Both methods on every URL: the permission comes before the method check.
    for _method, url in urls(dialogue, *one_theme):
        for method in ("get", "post"):
            assert getattr(client, method)(url).status_code == 403, (method, url)
    assert Theme.objects.filter(pk=one_theme[0].pk, name="Trafik").exists()


def test_run_watch_and_list(english, world, dialogue, corpus, django_capture_on_commit_callbacks):
    contributions(dialogue, corpus[0])
    english.force_login(world["official"])
    page = english.get(reverse("themes:dialogue", args=[dialogue.pk]))
    assert page.status_code == 200
    assert reverse("themes:run", args=[dialogue.pk]) in page.content.decode()
    confirm = english.get(reverse("themes:run", args=[dialogue.pk]))
    assert confirm.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(reverse("themes:run", args=[dialogue.pk]))
    assert response.status_code == 302
    status = english.get(reverse("themes:status", args=[dialogue.pk])).json()
    assert status["status"] == "done" and status["progress"] == 100 and not status["active"]
    html = english.get(reverse("themes:dialogue", args=[dialogue.pk])).content.decode()
    for theme in themes_of(dialogue):
        assert theme.name in html
        assert f'id="theme-{theme.pk}"' in html
    assert "<blockquote>" in html


def test_progress_bar_and_refresh_link_while_running(english, world, dialogue):
    ThemeAnalysis.objects.create(
        dialogue=dialogue, status=ThemeAnalysis.Status.RUNNING, progress=40
    )
    english.force_login(world["official"])
    html = english.get(reverse("themes:dialogue", args=[dialogue.pk])).content.decode()
    assert '<progress id="theme-progress-bar" max="100" value="40">' in html
    assert 'data-theme-active="true"' in html
    assert f'href="{reverse("themes:dialogue", args=[dialogue.pk])}"' in html
    status = english.get(reverse("themes:status", args=[dialogue.pk])).json()
    assert status == {"status": "running", "progress": 40, "label": "Running", "active": True}
    # A second run cannot start meanwhile.
    english.post(reverse("themes:run", args=[dialogue.pk]))
    assert ThemeAnalysis.objects.filter(dialogue=dialogue).count() == 1


def test_theme_list_queries_are_constant(english, world, dialogue):
    english.force_login(world["official"])
    url = reverse("themes:dialogue", args=[dialogue.pk])

    def add_themes(n):
        for i in range(n):
            theme = Theme.objects.create(dialogue=dialogue, name=f"Tema {i}", top_words=["a"])
            for j in range(4):
                ThemeAssignment.objects.create(
                    theme=theme, contribution=contribution(dialogue, f"text {i} {j}"), weight=j
                )

    add_themes(2)
    english.get(url)
    with CaptureQueriesContext(connection) as few:
        assert english.get(url).status_code == 200
    add_themes(8)
    with CaptureQueriesContext(connection) as many:
        html = english.get(url).content.decode()
    assert len(many) == len(few)
    assert html.count("<blockquote>") == 10 * 3


def test_rename_merge_split_delete_move_publish_through_the_pages(
    english, world, dialogue, analysed
):
    english.force_login(world["official"])
    first, second, third, fourth = themes_of(dialogue)

    response = english.post(reverse("themes:theme", args=[first.pk]), {"name": "Trafik"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.name == "Trafik"
    invalid = english.post(reverse("themes:theme", args=[first.pk]), {"name": ""})
    assert invalid.status_code == 200 and invalid.context["form"].errors

    english.post(reverse("themes:merge", args=[dialogue.pk]), {"themes": [second.pk, third.pk]})
    assert not Theme.objects.filter(pk=third.pk).exists()
    english.post(reverse("themes:merge", args=[dialogue.pk]), {"themes": [second.pk]})
    assert Theme.objects.filter(pk=second.pk).exists()

    english.post(reverse("themes:split", args=[second.pk]))
    assert Theme.objects.filter(dialogue=dialogue).count() == 4

    item = first.assignments.first().contribution
    next_url = reverse("themes:theme", args=[first.pk])
    response = english.post(
        reverse("themes:move", args=[item.pk]), {"theme": fourth.pk, "next": next_url}
    )
    assert response.status_code == 302 and response.url == next_url
    assert ThemeAssignment.objects.get(contribution=item).theme == fourth
    evil = english.post(
        reverse("themes:move", args=[item.pk]), {"theme": "", "next": "https://evil.example"}
    )
    assert evil.status_code == 404

    assert english.get(reverse("themes:delete", args=[fourth.pk])).status_code == 200
    english.post(reverse("themes:delete", args=[fourth.pk]))
    assert not ThemeAssignment.objects.filter(contribution=item).exists()
    unassigned = english.get(reverse("themes:unassigned", args=[dialogue.pk]))
    assert item.text[:20] in unassigned.content.decode()

    english.post(reverse("themes:publish", args=[dialogue.pk]))
    assert not Theme.objects.filter(dialogue=dialogue, published=False).exists()
    english.post(reverse("themes:unpublish", args=[first.pk]))
    first.refresh_from_db()
    assert not first.published


def test_wrong_method_is_not_allowed_for_the_official(english, world, dialogue, one_theme):
    english.force_login(world["official"])
    assert english.get(reverse("themes:merge", args=[dialogue.pk])).status_code == 405
    assert english.post(reverse("themes:status", args=[dialogue.pk])).status_code == 405


def test_theme_detail_pages_its_contributions(english, world, dialogue, one_theme):
    english.force_login(world["administrator"])
    theme, item = one_theme
    response = english.get(reverse("themes:theme", args=[theme.pk]))
    assert response.status_code == 200
    assert item.text in response.content.decode()
