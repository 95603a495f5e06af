"""Building big panels fast (bulk inserts) for the sampling tests."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from delaktig.municipality.models import PopulationFigure
from delaktig.panel.models import PanelInvitation, PanelMember, PanelSample
from delaktig.surveys.models import Invitation
from delaktig.surveys.tests.factories import SurveyFactory

_serial = itertools.count(1)

# A birth year in each of the panel's age bands, this year.
AGES = {"18-25": 21, "26-44": 35, "45-64": 50, "65-79": 70, "80+": 85}


def birth_year(band: str) -> int:
    return timezone.localdate().year - AGES[band]


def add_members(panel, band, gender, district, count) -> list[PanelMember]:
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"panel{next(_serial)}@panel.example") for _ in range(count)
    )
    consent = panel.current_consent
    now = timezone.now()
    return PanelMember.objects.bulk_create(
        PanelMember(
            panel=panel,
            user=user,
            birth_year=birth_year(band),
            gender=gender,
            district=district,
            consent_text=consent,
            consented_at=now,
        )
        for user in users
    )


def add_population(municipality, counts: dict, year=None) -> None:
    """counts: (band, gender, district) -> residents."""
    year = year or timezone.localdate().year
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            municipality=municipality,
            year=year,
            district=district,
            gender=gender,
            age_band=band,
            count=count,
        )
        for (band, gender, district), count in counts.items()
    )


def earlier_invitations(panel, members, *, days_ago: int, per_member: int = 1) -> None:
    """Invitations the members had before, ``days_ago`` days back."""
    for _ in range(per_member):
        survey = SurveyFactory()
        sample = PanelSample.objects.create(
            panel=panel, survey=survey, requested=len(members), seed=1, basis="panel"
        )
        invitations = Invitation.objects.bulk_create(
            Invitation(survey=survey, email=m.user.email, token_hash=f"{survey.pk}-{m.pk}")
            for m in members
        )
        rows = PanelInvitation.objects.bulk_create(
            PanelInvitation(sample=sample, member=m, survey=survey, invitation=i, stratum="x|y|-")
            for m, i in zip(members, invitations, strict=True)
        )
        PanelInvitation.objects.filter(pk__in=[r.pk for r in rows]).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
