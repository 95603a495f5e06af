import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from delaktig.surveys.invitations import invitations_purge, token_hash
from delaktig.surveys.models import Invitation, Survey
from delaktig.surveys.tests.factories import SurveyFactory


def _invite(survey, email, answered=False):
    return Invitation.objects.create(
        survey=survey, email=email, token_hash=token_hash(email), answered=answered
    )


@pytest.mark.django_db
def test_addresses_go_after_the_retention_period_counts_stay(caplog):
    now = timezone.now()
    old = SurveyFactory(state=Survey.State.CLOSED, closes_at=now - datetime.timedelta(days=40))
    recent = SurveyFactory(state=Survey.State.CLOSED, closes_at=now - datetime.timedelta(days=5))
    running = SurveyFactory(state=Survey.State.OPEN)
    _invite(old, "a@example.org", answered=True)
    _invite(old, "b@example.org")
    kept = [_invite(recent, "c@example.org"), _invite(running, "d@example.org")]

    assert invitations_purge(now=now) == 2

    assert set(Invitation.objects.filter(survey=old).values_list("email", flat=True)) == {""}
    assert Invitation.objects.filter(survey=old, answered=True).count() == 1
    assert all(Invitation.objects.get(pk=i.pk).email for i in kept)
    assert "Deleted the e-mail addresses of 2 invitations" in caplog.text
    assert invitations_purge(now=now) == 0


@pytest.mark.django_db
def test_command_purges():
    survey = SurveyFactory(
        state=Survey.State.CLOSED, closes_at=timezone.now() - datetime.timedelta(days=90)
    )
    _invite(survey, "e@example.org")
    call_command("purge_survey_invitations", verbosity=0)
    assert Invitation.objects.get(survey=survey).email == ""
