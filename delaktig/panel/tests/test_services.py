"""Joining, leaving and the stratified draw."""

import itertools
from collections import Counter
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from delaktig.core.demographics import Gender
from delaktig.municipality.tests import factories as f
from delaktig.panel import services
from delaktig.panel.models import PanelInvitation, PanelMember, PanelSample
from delaktig.panel.sampling import PANEL_BANDS
from delaktig.panel.selectors import response_rates
from delaktig.surveys.models import Invitation
from delaktig.surveys.tests.factories import SurveyFactory

from .factories import PanelMemberFactory, panel
from .helpers import add_members, add_population, birth_year, earlier_invitations

pytestmark = pytest.mark.django_db

W, M = Gender.WOMAN.value, Gender.MAN.value


@pytest.fixture
def world(municipality):
    unit = f.UnitFactory(municipality=municipality)
    districts = [
        f.DistrictFactory(municipality=municipality, name=name, slug=name.lower())
        for name in ("Norrby", "Hamnen")
    ]
    survey = SurveyFactory(
        activity__dialogue__municipality=municipality, activity__dialogue__unit=unit
    )
    return {
        "panel": panel(municipality),
        "districts": districts,
        "survey": survey,
        "official": f.official(unit),
        "municipality": municipality,
    }


def population(districts):
    """Uneven residents per stratum: no stratum's share of 200 is above 20."""
    counts = {}
    for i, (band, gender, district) in enumerate(itertools.product(PANEL_BANDS, (W, M), districts)):
        counts[band, gender, district] = 300 + 97 * (i % 7) + 13 * i
    return counts


def drawn_by_stratum(sample) -> Counter:
    return Counter(sample.invitations.values_list("stratum", flat=True))


def quota(size, counts, district, band, gender, *, scale=Fraction(1)):
    total = sum(counts.values())
    return size * scale * Fraction(counts[band, gender, district], total)


# --- Joining and leaving -------------------------------------------------------------


def join_data(district, **changes):
    return {"birth_year": 1980, "gender": W, "district": district, "languages": "", **changes}


def test_joining_records_the_consent_version_and_time(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    resident = f.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        member, created = services.member_join(
            actor=resident,
            panel=world["panel"],
            data=join_data(world["districts"][0], languages="svenska, finska"),
            consent_version=1,
        )
    assert created
    assert member.consent_text.version == 1
    assert member.consent_text.text == world["panel"].current_consent.text
    assert abs((timezone.now() - member.consented_at).total_seconds()) < 60
    assert member.languages == "svenska, finska"
    assert [m.to for m in mailoutbox] == [[resident.email]]


def test_joining_twice_gives_one_member(world):
    resident = f.UserFactory()
    data = join_data(world["districts"][0])
    first, created = services.member_join(
        actor=resident, panel=world["panel"], data=data, consent_version=1
    )
    again, created_again = services.member_join(
        actor=resident, panel=world["panel"], data=data, consent_version=1
    )
    assert created and not created_again and first.pk == again.pk
    assert PanelMember.objects.count() == 1


def test_a_changed_consent_text_must_be_read_again(world):
    admin = f.administrator()
    services.consent_text_add(actor=admin, panel=world["panel"], text="Ny text om personuppgifter.")
    with pytest.raises(ValidationError) as error:
        services.member_join(
            actor=f.UserFactory(),
            panel=world["panel"],
            data=join_data(world["districts"][0]),
            consent_version=1,
        )
    assert "consent" in error.value.message_dict
    member, _ = services.member_join(
        actor=f.UserFactory(),
        panel=world["panel"],
        data=join_data(world["districts"][0]),
        consent_version=2,
    )
    assert member.consent_text.version == 2


def test_too_young_and_unverified_residents_cannot_join(world):
    year = timezone.localdate().year
    with pytest.raises(ValidationError) as error:
        services.member_join(
            actor=f.UserFactory(),
            panel=world["panel"],
            data=join_data(world["districts"][0], birth_year=year - 17),
            consent_version=1,
        )
    assert "birth_year" in error.value.message_dict
    unverified = f.UserFactory()
    unverified.emailaddress_set.update(verified=False)
    with pytest.raises(ValidationError):
        services.member_join(
            actor=unverified,
            panel=world["panel"],
            data=join_data(world["districts"][0]),
            consent_version=1,
        )


def test_leaving_deletes_the_profile_and_keeps_only_anonymous_counts(world):
    member = PanelMemberFactory(panel=world["panel"], district=world["districts"][0])
    others = add_members(world["panel"], "26-44", M, world["districts"][1], 9)
    sample = services.sample_draw(actor=world["official"], survey=world["survey"], size=10)
    invitation = Invitation.objects.get(panel_invitation__member=member)
    invitation.answered = True
    invitation.save()
    before = response_rates(survey=world["survey"], panel=world["panel"])
    user = member.user

    services.member_leave(actor=user, member=member)

    assert not PanelMember.objects.filter(pk=member.pk).exists()
    assert not PanelInvitation.objects.filter(member_id=member.pk).exists()
    invitation.refresh_from_db()
    assert invitation.email == ""
    sample.refresh_from_db()
    assert sample.departed == {f"45-64|{W}|{world['districts'][0].pk}": [1, 1]}
    after = response_rates(survey=world["survey"], panel=world["panel"])
    assert (
        (after["invited"], after["answered"]) == (before["invited"], before["answered"]) == (10, 1)
    )
    user.refresh_from_db()  # the account stays
    assert PanelMember.objects.count() == len(others)


def test_only_the_member_or_an_administrator_can_remove_a_member(world):
    member = PanelMemberFactory(panel=world["panel"], district=world["districts"][0])
    with pytest.raises(PermissionDenied):
        services.member_leave(actor=f.UserFactory(), member=member)
    with pytest.raises(PermissionDenied):
        services.member_leave(actor=world["official"], member=member)
    services.member_leave(actor=f.administrator(), member=member)
    assert not PanelMember.objects.exists()


def test_deleting_the_account_through_privacy_leaves_the_panel(world):
    member = PanelMemberFactory(panel=world["panel"], district=world["districts"][0])
    assert services.member_data_export(member.user)["birth_year"] == member.birth_year
    assert services.member_data_erase(member.user) == 1
    assert not PanelMember.objects.exists()


# --- Sampling --------------------------------------------------------------------------


def test_a_sample_of_200_matches_the_population_shares_within_one_person(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    districts = world["districts"]
    counts = population(districts)
    add_population(world["municipality"], counts)
    for band, gender, district in counts:
        add_members(world["panel"], band, gender, district, 25)

    with django_capture_on_commit_callbacks(execute=True):
        sample = services.sample_draw(
            actor=world["official"], survey=world["survey"], size=200, seed=42
        )

    assert sample.drawn == 200 and sample.shortfall == 0
    assert sample.basis == PanelSample.Basis.DISTRICTS
    drawn = drawn_by_stratum(sample)
    for band, gender, district in counts:
        share = quota(200, counts, district, band, gender)
        assert abs(drawn[f"{band}|{gender}|{district.pk}"] - share) < 1, (band, gender, district)
    assert sample.seed == 42
    assert Invitation.objects.filter(survey=world["survey"]).count() == 200
    assert len(mailoutbox) == 200
    assert all(message.to[0].endswith("@panel.example") for message in mailoutbox)


def test_members_outside_the_figures_are_drawn_by_their_share_of_the_panel(world):
    districts = world["districts"]
    counts = population(districts)
    add_population(world["municipality"], counts)
    for band, gender, district in counts:
        add_members(world["panel"], band, gender, district, 25)
    add_members(world["panel"], "26-44", Gender.OTHER.value, districts[0], 10)
    add_members(world["panel"], "45-64", Gender.UNSTATED.value, districts[1], 10)
    members = 25 * len(counts) + 20

    sample = services.sample_draw(actor=world["official"], survey=world["survey"], size=200)

    drawn = drawn_by_stratum(sample)
    assert sample.drawn == 200
    outside_quota = Fraction(200 * 10, members)
    assert abs(drawn[f"26-44|other|{districts[0].pk}"] - outside_quota) < 1
    assert abs(drawn[f"45-64|unstated|{districts[1].pk}"] - outside_quota) < 1
    scale = 1 - Fraction(20, members)
    for band, gender, district in counts:
        share = quota(200, counts, district, band, gender, scale=scale)
        assert abs(drawn[f"{band}|{gender}|{district.pk}"] - share) < 1


def test_short_strata_and_the_invitation_limit(world):
    """A stratum with too few eligible members gives all it has, the rest goes to
    the others by their shares, and nobody goes over the invitation limit."""
    districts = world["districts"]
    the_panel = world["panel"]
    the_panel.invitation_limit = 2
    the_panel.save()
    counts = population(districts)
    add_population(world["municipality"], counts)
    short = ("18-25", M, districts[1])
    for key in counts:
        add_members(the_panel, *key, 3 if key == short else 25)
    # In the short stratum: 5 more who already had 2 invitations this year (not
    # eligible) and 5 whose 2 invitations are older than 12 months (eligible).
    busy = add_members(the_panel, *short, 5)
    earlier_invitations(the_panel, busy, days_ago=30, per_member=2)
    rested = add_members(the_panel, *short, 5)
    earlier_invitations(the_panel, rested, days_ago=400, per_member=2)

    sample = services.sample_draw(actor=world["official"], survey=world["survey"], size=200)

    drawn = drawn_by_stratum(sample)
    short_key = f"18-25|{M}|{districts[1].pk}"
    target = round(quota(200, counts, districts[1], "18-25", M))
    assert target > 8  # the stratum really is short
    assert drawn[short_key] == 8  # all 3 + 5 rested, none of the busy
    assert sample.drawn == 200
    assert sample.shortfall == target - 8
    assert not PanelInvitation.objects.filter(survey=world["survey"], member__in=busy).exists()
    this_year = timezone.now() - timezone.timedelta(days=365)
    recent = Counter(
        PanelInvitation.objects.filter(created_at__gte=this_year).values_list(
            "member_id", flat=True
        )
    )
    assert max(recent.values()) == the_panel.invitation_limit  # the busy ones, not more
    # The others share the shortfall: each within one of its share of what is left.
    rest = {k: v for k, v in counts.items() if k != short}
    for band, gender, district in rest:
        share = Fraction(200 - 8) * Fraction(counts[band, gender, district], sum(rest.values()))
        assert abs(drawn[f"{band}|{gender}|{district.pk}"] - share) < 1
    row = next(r for r in sample.allocation if r["key"] == short_key)
    assert (row["eligible"], row["drawn"], row["short"]) == (8, 8, target - 8)


def test_repeated_draws_never_exceed_the_limit(world):
    districts = world["districts"]
    the_panel = world["panel"]
    the_panel.invitation_limit = 2
    the_panel.save()
    add_population(world["municipality"], population(districts))
    for band, gender, district in population(districts):
        add_members(the_panel, band, gender, district, 12)  # 240 members
    surveys = [world["survey"]] + [
        SurveyFactory(activity__dialogue=world["survey"].activity.dialogue) for _ in range(3)
    ]
    drawn = [
        services.sample_draw(actor=world["official"], survey=survey, size=200).drawn
        for survey in surveys
    ]
    per_member = Counter(PanelInvitation.objects.values_list("member_id", flat=True))
    assert max(per_member.values()) == 2
    assert drawn[:2] == [200, 200]
    assert sum(drawn) == 240 * 2  # every member used up, nobody beyond the limit


def test_a_member_is_invited_once_per_survey(world):
    for _ in range(2):
        add_members(world["panel"], "26-44", W, world["districts"][0], 5)
    first = services.sample_draw(actor=world["official"], survey=world["survey"], size=6)
    second = services.sample_draw(actor=world["official"], survey=world["survey"], size=6)
    assert first.drawn == 6 and second.drawn == 4
    assert PanelInvitation.objects.filter(survey=world["survey"]).count() == 10
    with pytest.raises(ValidationError):
        services.sample_draw(actor=world["official"], survey=world["survey"], size=1)


def test_the_same_seed_repeats_the_draw(world):
    add_members(world["panel"], "26-44", W, world["districts"][0], 40)
    other = SurveyFactory(activity__dialogue=world["survey"].activity.dialogue)
    a = services.sample_draw(actor=world["official"], survey=world["survey"], size=10, seed=7)
    b = services.sample_draw(actor=world["official"], survey=other, size=10, seed=7)
    assert a.eligible_digest == b.eligible_digest
    assert set(a.invitations.values_list("member_id", flat=True)) == set(
        b.invitations.values_list("member_id", flat=True)
    )


def test_whole_municipality_figures_stratify_by_age_and_gender_only(world):
    counts = {(band, g, None): 1000 for band in PANEL_BANDS for g in (W, M)}
    add_population(world["municipality"], counts)
    for district in world["districts"]:
        for band in PANEL_BANDS:
            for g in (W, M):
                add_members(world["panel"], band, g, district, 5)
    sample = services.sample_draw(actor=world["official"], survey=world["survey"], size=50)
    assert sample.basis == PanelSample.Basis.MUNICIPALITY
    assert set(drawn_by_stratum(sample).values()) == {5}


def test_only_those_who_run_the_survey_may_draw(world):
    add_members(world["panel"], "26-44", W, world["districts"][0], 5)
    for actor in (f.UserFactory(), f.official(), f.representative()):
        with pytest.raises(PermissionDenied):
            services.sample_draw(actor=actor, survey=world["survey"], size=1)
    assert services.sample_draw(actor=f.administrator(), survey=world["survey"], size=1).drawn == 1


def test_reminders_go_only_to_those_who_have_not_answered(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    add_members(world["panel"], "26-44", W, world["districts"][0], 4)
    with django_capture_on_commit_callbacks(execute=True):
        services.sample_draw(actor=world["official"], survey=world["survey"], size=4)
    answered = Invitation.objects.filter(survey=world["survey"]).first()
    answered.answered = True
    answered.save()
    mailoutbox.clear()
    later = timezone.now() + timezone.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.sample_remind(actor=world["official"], survey=world["survey"], now=later)
    assert count == 3
    assert len(mailoutbox) == 3
    assert answered.email not in {m.to[0] for m in mailoutbox}
    assert PanelSample.objects.get().reminder_count == 1


def test_birth_year_helper_is_in_the_band():
    assert timezone.localdate().year - birth_year("80+") >= 80
