import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from delaktig.dialogues.models import State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = reverse("dialogues:feed")


def published(municipality, days_ago, state=State.PUBLISHED, **kwargs):
    return DialogueFactory(
        municipality=municipality,
        state=state,
        published_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )


@pytest.mark.django_db
def test_feed_lists_newest_published_dialogues_first(client, municipality):
    topic = f.TopicFactory(name="Stadsbyggnad")
    older = published(municipality, 10, State.OPEN, title="Hamnområdet", summary="Om hamnen.")
    older.topics.add(topic)
    newer = published(municipality, 1, title="Framtidens boende")
    DialogueFactory(municipality=municipality, state=State.DRAFT, title="Utkast")
    DialogueFactory(municipality=municipality, state=State.APPROVED, title="Beslutad")

    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Framtidens boende", "Hamnområdet"]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == [
        "http://testserver" + reverse("dialogues:public_detail", args=[newer.slug]),
        "http://testserver" + reverse("dialogues:public_detail", args=[older.slug]),
    ]
    assert entries[1].findtext(f"{ATOM}summary") == "Om hamnen."
    assert entries[1].find(f"{ATOM}category").get("term") == "Stadsbyggnad"
    assert root.find(f"{ATOM}link").get("href") == "http://testserver" + reverse(
        "dialogues:public_list"
    )


@pytest.mark.django_db
def test_feed_title_is_swedish_and_names_the_municipality(client, municipality):
    root = ElementTree.fromstring(client.get(FEED).content)
    assert root.findtext(f"{ATOM}title") == "Nya dialoger i Exempelkommun"
    assert root.findall(f"{ATOM}entry") == []


@pytest.mark.django_db
def test_feed_query_count_does_not_grow_with_entries(
    client, municipality, django_assert_max_num_queries
):
    for days in range(3):
        published(municipality, days)
    client.get(FEED)
    with django_assert_max_num_queries(4):
        client.get(FEED)
    for days in range(3, 25):
        published(municipality, days)
    with django_assert_max_num_queries(4):
        response = client.get(FEED)
    assert len(ElementTree.fromstring(response.content).findall(f"{ATOM}entry")) == 20
