import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from delaktig.core.ratelimit import hit, parse_rate, ratelimit
from delaktig.municipality.tests import factories as f


@pytest.fixture(autouse=True)
def limits_on(settings):
    settings.DELAKTIG_RATELIMIT_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def _view(request):
    return HttpResponse("ok")


def _post(ip="192.0.2.1", user=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = user or AnonymousUser()
    return request


@pytest.mark.parametrize(
    ("rate", "amount", "seconds"),
    [("10/m", 10, 60), ("3/5m", 3, 300), ("100/d", 100, 86400), ("1/s", 1, 1)],
)
def test_rates_are_parsed(rate, amount, seconds):
    parsed = parse_rate(rate)
    assert (parsed.amount, parsed.seconds) == (amount, seconds)


@pytest.mark.parametrize("rate", ["", "10", "x/m", "10/w", "10/"])
def test_a_mistyped_rate_fails_at_import_time(rate):
    with pytest.raises(ValueError):
        ratelimit(rate=rate)


def test_unknown_key_is_refused():
    with pytest.raises(ValueError):
        ratelimit(key="cookie")


@pytest.mark.django_db
def test_the_eleventh_post_in_a_minute_gets_the_swedish_429_page():
    view = ratelimit(key="ip", rate="10/m")(_view)
    for _ in range(10):
        assert view(_post()).status_code == 200
    response = view(_post())
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "<h1>" in response.content.decode()
    # Another address has its own count.
    assert view(_post(ip="192.0.2.2")).status_code == 200


def test_reading_is_never_limited():
    view = ratelimit(key="ip", rate="1/m")(_view)
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    for _ in range(5):
        assert view(request).status_code == 200


@pytest.mark.django_db
def test_signed_in_people_are_counted_per_account_not_per_address():
    view = ratelimit(key="user_or_ip", rate="2/m")(_view)
    anna, bo = f.UserFactory(), f.UserFactory()
    for _ in range(2):
        assert view(_post(user=anna)).status_code == 200
    assert view(_post(user=anna, ip="198.51.100.7")).status_code == 429
    # Same office address, another person.
    assert view(_post(user=bo)).status_code == 200


def test_no_ip_address_is_kept_in_the_cache_key(monkeypatch):
    seen = []
    real_add = cache.add

    def spy(key, *args, **kwargs):
        seen.append(key)
        return real_add(key, *args, **kwargs)

    monkeypatch.setattr(cache, "add", spy)
    hit(_post(ip="203.0.113.99"), group="g", key="ip", rate="5/m")
    assert seen and all("203.0.113.99" not in key for key in seen)


@pytest.mark.django_db
def test_views_sharing_a_group_share_the_count():
    first = ratelimit(key="ip", rate="2/m", group="pair")(_view)
    second = ratelimit(key="ip", rate="2/m", group="pair")(_view)
    assert first(_post()).status_code == 200
    assert second(_post()).status_code == 200
    assert first(_post()).status_code == 429


def test_limits_can_be_switched_off(settings):
    settings.DELAKTIG_RATELIMIT_ENABLED = False
    view = ratelimit(key="ip", rate="1/m")(_view)
    assert [view(_post()).status_code for _ in range(3)] == [200, 200, 200]


def test_the_view_keeps_its_staff_permission_marker():
    from delaktig.core.permissions import staff_required

    view = ratelimit(rate="5/m")(staff_required("x.y")(_view))
    assert view.delaktig_permission == "x.y"
    assert view.delaktig_ratelimit == "5/m"


# --- Applied to the posting views ---------------------------------------------------


@pytest.mark.django_db
def test_meeting_registration_is_limited_per_address(client, municipality):
    from django.urls import reverse

    from delaktig.meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(activity__dialogue__municipality=municipality)
    url = reverse("meetings:register", args=[meeting.pk])
    codes = [client.post(url, {"name": "x"}).status_code for _ in range(11)]
    assert codes[:10] == [200] * 10  # invalid forms, shown again: they still count
    assert codes[10] == 429
    assert client.get(url).status_code == 200  # reading the form is never refused


@pytest.mark.django_db
def test_following_is_limited_per_account(client, municipality):
    from django.urls import reverse

    from delaktig.dialogues.tests.factories import DialogueFactory

    dialogue = DialogueFactory(municipality=municipality, state="open")
    client.force_login(f.UserFactory())
    names = ["dialogues:follow", "dialogues:unfollow"] * 11
    codes = [client.post(reverse(name, args=[dialogue.slug])).status_code for name in names]
    assert codes[:20] == [302] * 20
    assert codes[20:] == [429, 429]
