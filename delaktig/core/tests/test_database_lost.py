"""The database goes away in the middle of a write (PostgreSQL only: SQLite is a file).

Proves: a clear 503 page, nothing half-written, and the next request works.
"""

import pytest
from django.db import connection
from django.urls import reverse

from delaktig.dialogues.models import Follow
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f

from .data_migrations import rerun_data_migrations

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database server to lose"
)


@pytest.fixture(autouse=True)
def _catalogue_back_afterwards():
    # transaction=True empties every table at the end, data-migration rows included.
    yield
    rerun_data_migrations()


def _kill_own_connection(**kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


@pytest.mark.django_db(transaction=True)
def test_lost_database_mid_write_gives_503_keeps_nothing_and_recovers(
    client, municipality, monkeypatch
):
    dialogue = DialogueFactory(municipality=municipality, state="open")
    resident = f.UserFactory()
    client.force_login(resident)
    # The follow is stored first, then the consent: lose the database in between.
    monkeypatch.setattr("delaktig.privacy.services.consent_give", _kill_own_connection)

    response = client.post(reverse("dialogues:follow", args=[dialogue.slug]))

    assert response.status_code == 503
    assert "Tjänsten är tillfälligt nere" in response.content.decode()
    assert response["Retry-After"]
    monkeypatch.undo()
    connection.close()
    assert not Follow.objects.filter(dialogue=dialogue).exists()

    client.force_login(resident)  # the session survived; log in again to be sure
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("dialogues:follow", args=[dialogue.slug]))
    assert Follow.objects.filter(dialogue=dialogue, user=resident).exists()
