"""The page cache for anonymous visitors: what is stored, for whom, and when it goes old."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from delaktig.core import pagecache
from delaktig.dialogues.models import Dialogue, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f

from .data_migrations import rerun_data_migrations


@pytest.fixture
def page_cache(settings):
    settings.DELAKTIG_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dialogue(municipality):
    return DialogueFactory(municipality=municipality, state=State.OPEN, title="Hamnen")


@pytest.fixture
def commits():
    """For tests of what a commit does: real transactions instead of the test's own.

    (Inside a test's transaction nothing commits, and a pending callback from the
    set-up would stand for every later write.)
    """
    yield
    # transaction=True empties every table at the end, data-migration rows included.
    rerun_data_migrations()


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_the_stored_page_without_queries(
    page_cache, dialogue, django_assert_num_queries
):
    url = reverse("dialogues:public_list")
    first = _get(Client(), url)
    assert first.headers[pagecache.HEADER] == "miss"
    with django_assert_num_queries(0):
        second = _get(Client(), url)
    assert second.headers[pagecache.HEADER] == "hit"
    assert second.content == first.content
    # Headers of the fresh page come along; the security headers are added anew.
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    assert second.headers["Content-Language"] == "sv"
    assert "Content-Security-Policy" in second.headers


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_is_seen_at_once(commits, page_cache, dialogue):
    url = reverse("dialogues:public_detail", args=[dialogue.slug])
    _get(Client(), url)
    assert _get(Client(), url).headers[pagecache.HEADER] == "hit"
    with transaction.atomic():
        dialogue.title = "Nya hamnen"
        dialogue.save()
    fresh = _get(Client(), url)
    assert fresh.headers[pagecache.HEADER] == "miss"
    assert "Nya hamnen" in fresh.content.decode()


@pytest.mark.django_db(transaction=True)
def test_bulk_updates_count_as_changes(commits, page_cache, dialogue):
    url = reverse("dialogues:public_list")
    _get(Client(), url)
    Dialogue.objects.filter(pk=dialogue.pk).update(title="Uppdaterad i klump")
    assert "Uppdaterad i klump" in _get(Client(), url).content.decode()


@pytest.mark.django_db
def test_a_change_not_yet_committed_does_not_make_pages_old(page_cache, dialogue):
    """Until the commit, other visitors must keep the committed page (and no new
    generation may be taken while the old data can still be read)."""
    url = reverse("dialogues:public_list")
    _get(Client(), url)
    before = pagecache.generation()
    Dialogue.objects.filter(pk=dialogue.pk).update(title="Ännu inte sparad")
    assert pagecache.generation() == before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_does_not_stop_later_changes_from_counting(
    commits, page_cache, dialogue
):
    url = reverse("dialogues:public_list")
    _get(Client(), url)
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            Dialogue.objects.filter(pk=dialogue.pk).update(title="Ångrad")
            raise RuntimeError
        Dialogue.objects.filter(pk=dialogue.pk).update(title="Sparad")
    html = _get(Client(), url).content.decode()
    assert "Sparad" in html and "Ångrad" not in html


@pytest.mark.django_db(transaction=True)
def test_writes_no_public_page_shows_keep_the_pages(commits, page_cache, dialogue):
    url = reverse("dialogues:public_list")
    _get(Client(), url)
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() + timedelta(days=1)
    )
    assert _get(Client(), url).headers[pagecache.HEADER] == "hit"


@pytest.mark.django_db
def test_logged_in_visitors_never_get_or_make_stored_pages(page_cache, dialogue):
    url = reverse("dialogues:public_list")
    resident = Client()
    resident.force_login(f.UserFactory())
    response = _get(resident, url)
    assert pagecache.HEADER not in response.headers
    assert "Logga ut" in response.content.decode()
    # The anonymous page was not made from the resident's.
    anonymous = _get(Client(), url)
    assert anonymous.headers[pagecache.HEADER] == "miss"
    assert "Logga ut" not in anonymous.content.decode()
    assert pagecache.HEADER not in _get(resident, url).headers


@pytest.mark.django_db
def test_each_language_has_its_own_page(page_cache, dialogue):
    url = reverse("dialogues:public_list")
    assert '<html lang="sv">' in _get(Client(), url).content.decode()
    english = Client()
    english.cookies["delaktig_language"] = "en"
    response = _get(english, url)
    assert response.headers[pagecache.HEADER] == "miss"
    assert '<html lang="en">' in response.content.decode()
    assert '<html lang="sv">' in _get(Client(), url).content.decode()


@pytest.mark.django_db
def test_pages_with_a_form_are_not_stored(page_cache, municipality):
    """A form carries a CSRF token, which is the visitor's own."""
    url = reverse("core:accessibility_feedback")
    municipality.contact_email = "info@exempelkommun.example"
    municipality.save()
    for _ in range(2):
        response = _get(Client(), url)
        assert pagecache.HEADER not in response.headers
        assert "csrftoken" in response.cookies


@pytest.mark.django_db
def test_visitors_with_messages_or_htmx_get_a_fresh_page(page_cache, dialogue):
    url = reverse("dialogues:public_list")
    _get(Client(), url)
    with_message = Client()
    with_message.cookies["messages"] = "something"
    assert pagecache.HEADER not in _get(with_message, url).headers
    assert pagecache.HEADER not in _get(Client(), url, HTTP_HX_REQUEST="true").headers


@pytest.mark.django_db
def test_pages_that_did_not_opt_in_and_errors_are_not_stored(page_cache, municipality):
    assert pagecache.HEADER not in _get(Client(), reverse("account_login")).headers
    missing = reverse("dialogues:public_detail", args=["finns-inte"])
    for _ in range(2):
        response = Client().get(missing)
        assert response.status_code == 404
        assert pagecache.HEADER not in response.headers


@pytest.mark.django_db
def test_a_cache_that_is_down_only_costs_speed(page_cache, dialogue, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(pagecache, "generation", down)
    response = _get(Client(), reverse("dialogues:public_list"))
    assert "Hamnen" in response.content.decode()


@pytest.mark.django_db
def test_off_by_default_without_a_shared_cache(dialogue):
    response = _get(Client(), reverse("dialogues:public_list"))
    assert pagecache.HEADER not in response.headers


@pytest.mark.django_db
def test_other_pages_do_not_even_ask_the_cache(page_cache, municipality, monkeypatch):
    """So that pages which can never be stored pay nothing for the cache."""

    def asked():
        pytest.fail("the cache was asked for a page that did not opt in")

    monkeypatch.setattr(pagecache, "generation", asked)
    assert _get(Client(), reverse("account_login")).status_code == 200
    assert Client().get("/finns-inte/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dialogues:feed", "meetings:feed"])
def test_feeds_are_stored_too(page_cache, dialogue, name):
    url = reverse(name)
    first = _get(Client(), url)
    second = _get(Client(), url)
    assert (first.headers[pagecache.HEADER], second.headers[pagecache.HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
