"""Demo panel: 400 fictional members of Exempelkommun's citizen panel, and a sample
drawn for the running demo survey with some answers.

Members are spread over the demo districts, age bands and genders by a generator
with a fixed seed, so the panel is the same on every machine. Their accounts have
no password (nobody logs in as them) and fictional addresses at panel.example.
Loading twice changes nothing: members are added only to an empty panel, and the
sample only when the survey has none.
"""

import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from delaktig.core.demographics import Gender
from delaktig.municipality.models import District, Municipality, RoleAssignment
from delaktig.surveys.models import Invitation, Survey

from .models import PanelMember, PanelSample
from .services import panel_for, sample_draw

MEMBERS = 400
DOMAIN = "panel.example"
SEED = "exempelkommun-medborgarpanel"
# Ages this year and how common they are in the panel (older residents join more).
AGE_WEIGHTS = [((18, 25), 10), ((26, 44), 30), ((45, 64), 34), ((65, 79), 20), ((80, 92), 6)]
GENDER_WEIGHTS = [
    (Gender.WOMAN, 52),
    (Gender.MAN, 44),
    (Gender.OTHER, 2),
    (Gender.UNSTATED, 2),
]
LANGUAGES = ["", "", "", "", "svenska, engelska", "svenska, finska", "svenska, arabiska", "svenska"]
SAMPLE_SIZE = 120


def load(*, log) -> None:
    municipality = Municipality.objects.order_by("pk").first()
    if municipality is None:
        log("No municipality; skipping the demo panel.")
        return
    districts = list(
        District.objects.filter(municipality=municipality, is_active=True).order_by("pk")
    )
    if not districts:
        log("No districts; skipping the demo panel.")
        return
    panel = panel_for(municipality)
    added = 0
    if not panel.members.exists():
        added = _members(panel, districts)
    sampled = _sample(panel)
    log(f"Demo panel: {added} members added ({panel.members.count()} in all); {sampled}.")


def _members(panel, districts) -> int:
    rng = random.Random(SEED)
    year = timezone.localdate().year
    district_weights = [rng.randint(6, 14) for _ in districts]
    User = get_user_model()
    unusable = make_password(None)
    now = timezone.now()
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(
                email=f"panelmedlem{n:03d}@{DOMAIN}",
                name=f"Panelmedlem {n}",
                password=unusable,
            )
            for n in range(1, MEMBERS + 1)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        consent = panel.current_consent
        members = []
        for user in users:
            ((low, high),) = rng.choices(
                [ages for ages, _w in AGE_WEIGHTS], [w for _a, w in AGE_WEIGHTS]
            )
            gender = rng.choices([g for g, _w in GENDER_WEIGHTS], [w for _g, w in GENDER_WEIGHTS])[
                0
            ]
            members.append(
                PanelMember(
                    panel=panel,
                    user=user,
                    birth_year=year - rng.randint(low, high),
                    gender=gender,
                    district=rng.choices(districts, district_weights)[0],
                    languages=rng.choice(LANGUAGES),
                    consent_text=consent,
                    consented_at=now,
                )
            )
        PanelMember.objects.bulk_create(members)
    return len(members)


def _sample(panel) -> str:
    survey = (
        Survey.objects.filter(
            state=Survey.State.OPEN, activity__dialogue__municipality=panel.municipality
        )
        .select_related("activity__dialogue")
        .order_by("pk")
        .first()
    )
    if survey is None:
        return "no open survey to draw for"
    if PanelSample.objects.filter(survey=survey).exists():
        return "the sample exists already"
    admin = (
        RoleAssignment.objects.filter(
            role=RoleAssignment.Role.ADMINISTRATOR, unit__municipality=panel.municipality
        )
        .select_related("user")
        .first()
    )
    if admin is None:
        return "no administrator to draw the sample"
    # The demo's invitations are never e-mailed; they look sent, and some answered.
    sample = sample_draw(
        actor=admin.user, survey=survey, size=SAMPLE_SIZE, seed=20261125, send=False
    )
    rng = random.Random(SEED + "-svar")
    ids = list(sample.invitations.values_list("invitation_id", flat=True))
    answered = [pk for pk in ids if rng.random() < 0.45]
    sent_at = timezone.now() - timezone.timedelta(days=6)
    Invitation.objects.filter(pk__in=ids).update(sent_at=sent_at)
    Invitation.objects.filter(pk__in=answered).update(answered=True)
    sample.invitations.update(sent_at=sent_at)
    return f"{sample.drawn} drawn for “{survey.title}”, {len(answered)} answered"
