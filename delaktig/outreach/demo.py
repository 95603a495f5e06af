"""Demo outreach in Exempelkommun: a year of the drafting groups' street work, school
and association visits, and population figures for every district, so that the
reach page shows real shares ("nearly one resident in …").

The entries are drawn from a random generator with a fixed seed, so every load
gives the same year (dates relative to today). Each entry has a submission key
derived from its number, which makes loading twice harmless: an entry whose key
exists is left alone. Population figures are written once per year.
"""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from delaktig.core.demographics import AgeBand, Gender
from delaktig.dialogues.models import Dialogue
from delaktig.municipality.models import District, Municipality, PopulationFigure, Topic, Unit

from .models import OutreachEntry, OutreachTally

SEED = 20260501
ENTRY_COUNT = 140
KEY_NAMESPACE = uuid.UUID("7d7b3f0e-4a4c-4f52-9a7e-0c5b6b1d2a10")

MARIA = "maria.berg@exempelkommun.example"
PER = "per.holm@exempelkommun.example"
OMAR = "omar.haddad@exempelkommun.example"
SARA = "sara.lind@exempelkommun.example"

# Residents per district (about 25 000 in all) and how the age structure leans.
DISTRICT_SIZES = {
    "centrum": 6200,
    "hamnen": 3100,
    "norrby": 4800,
    "ekbacken": 3600,
    "lillsjo": 2400,
    "ostra-asen": 2900,
    "bjorkdalen": 2000,
}
BASE_AGE_SHARES = {
    AgeBand.CHILD: 0.14,
    AgeBand.TEEN: 0.06,
    AgeBand.YOUNG_ADULT: 0.09,
    AgeBand.ADULT: 0.24,
    AgeBand.MIDDLE: 0.25,
    AgeBand.SENIOR: 0.16,
    AgeBand.OLD: 0.06,
}
# Multipliers: the centre is young, the new estates have families, Björkdalen is older.
AGE_LEAN = {
    "centrum": {AgeBand.YOUNG_ADULT: 1.6, AgeBand.ADULT: 1.2, AgeBand.CHILD: 0.7},
    "ostra-asen": {AgeBand.CHILD: 1.4, AgeBand.TEEN: 1.3, AgeBand.OLD: 0.6},
    "bjorkdalen": {AgeBand.SENIOR: 1.4, AgeBand.OLD: 1.6, AgeBand.YOUNG_ADULT: 0.6},
    "lillsjo": {AgeBand.CHILD: 1.2, AgeBand.MIDDLE: 1.1},
}
WOMEN_SHARE = {
    AgeBand.CHILD: 0.49,
    AgeBand.TEEN: 0.49,
    AgeBand.YOUNG_ADULT: 0.48,
    AgeBand.ADULT: 0.49,
    AgeBand.MIDDLE: 0.50,
    AgeBand.SENIOR: 0.51,
    AgeBand.OLD: 0.58,
}

K = OutreachEntry.Kind
# kind, weight, people met (low, high)
KINDS = [
    (K.STREET, 40, (12, 55)),
    (K.POPUP, 14, (20, 70)),
    (K.ASSOCIATION, 14, (8, 30)),
    (K.SCHOOL, 14, (18, 50)),
    (K.DOOR, 6, (6, 24)),
    (K.PHONE, 6, (3, 14)),
    (K.HOME, 6, (3, 9)),
]
PLACES = {
    K.STREET: [
        "Stora torget",
        "Gågatan",
        "Resecentrum",
        "Utanför biblioteket",
        "Hamnpromenaden",
        "Centrumhuset",
    ],
    K.POPUP: ["Tältet vid torget", "Tältet vid badplatsen", "Marknadsdagen", "Skördefesten"],
    K.ASSOCIATION: [
        "Pensionärsföreningen",
        "Idrottsklubben",
        "Hyresgästföreningen",
        "Kulturföreningen",
        "Bygdegårdsföreningen",
    ],
    K.SCHOOL: ["Högstadieskolan", "Gymnasiet", "SFI-klassen", "Elevrådet"],
    K.DOOR: ["Flerfamiljshusen", "Radhusområdet"],
    K.PHONE: ["Ringkväll i stadshuset"],
    K.HOME: ["Fika hemma hos en invånare"],
}
NOTES = [
    "Många pratade om bussarna på kvällstid.",
    "Unga vill ha fler ställen att vara på efter skolan.",
    "Frågor om hur det går med hamnområdet.",
    "Flera äldre saknar en mötesplats i närheten.",
    "Önskemål om bättre belysning på gång- och cykelvägar.",
    "Positivt till fler evenemang på torget.",
    "Diskussion om skolvägen och trafiken vid skolan.",
    "Några visste inte hur man lämnar synpunkter till kommunen.",
    "Samtal om bostäder för unga vuxna.",
]
TOPIC_SLUGS = [
    "stadsbyggnad",
    "kultur",
    "trygghet",
    "unga-och-skola",
    "folkhalsa",
    "miljo",
    "demokrati",
    "trafik",
]
DIALOGUE_SLUGS = ["framtidens-boende", "hamnomradet"]
GROUPS = [
    # unit slug, weight, staff e-mails (the first records the entry)
    ("framtidsberedningen", 60, [MARIA, OMAR]),
    ("demokratiberedningen", 40, [PER, SARA]),
]


def entry_key(number: int) -> uuid.UUID:
    return uuid.uuid5(KEY_NAMESPACE, f"demo-outreach-{number}")


def load(*, log) -> None:
    municipality = Municipality.objects.filter(slug="exempelkommun").first()
    if municipality is None:
        log("Demo outreach: skipped (no demo municipality).")
        return
    with transaction.atomic():
        figures = _population(municipality)
        created = _entries(municipality)
    log(
        f"Demo outreach: {created} new entries "
        f"({OutreachEntry.objects.filter(municipality=municipality).count()} in all), "
        f"population figures {figures}."
    )


def population_counts(today: datetime.date | None = None) -> dict[tuple[str, str, str], int]:
    """{(district slug, gender, band): residents}: plausible, and the same every time."""
    counts = {}
    for slug, size in DISTRICT_SIZES.items():
        lean = AGE_LEAN.get(slug, {})
        weights = {band: share * lean.get(band, 1.0) for band, share in BASE_AGE_SHARES.items()}
        total_weight = sum(weights.values())
        for band, weight in weights.items():
            in_band = round(size * weight / total_weight)
            women = round(in_band * WOMEN_SHARE[band])
            counts[(slug, Gender.WOMAN.value, band.value)] = women
            counts[(slug, Gender.MAN.value, band.value)] = in_band - women
    return counts


def _population(municipality) -> str:
    year = timezone.localdate().year
    if PopulationFigure.objects.filter(municipality=municipality, year=year).exists():
        return f"for {year} already there"
    districts = {
        d.slug: d
        for d in District.objects.filter(municipality=municipality, slug__in=DISTRICT_SIZES)
    }
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            municipality=municipality,
            year=year,
            district=districts[slug],
            gender=gender,
            age_band=band,
            count=count,
        )
        for (slug, gender, band), count in population_counts().items()
        if slug in districts
    )
    return f"for {year} loaded"


def _entries(municipality) -> int:
    units = {u.slug: u for u in Unit.objects.filter(municipality=municipality)}
    groups = [(units[slug], weight, staff) for slug, weight, staff in GROUPS if slug in units]
    if not groups:
        return 0
    districts = list(
        District.objects.filter(municipality=municipality, slug__in=DISTRICT_SIZES).order_by("slug")
    )
    if not districts:
        return 0
    people = {
        u.email: u for u in get_user_model().objects.filter(email__in=[MARIA, PER, OMAR, SARA])
    }
    topics = list(Topic.objects.filter(slug__in=TOPIC_SLUGS).order_by("slug"))
    dialogues = list(
        Dialogue.objects.filter(municipality=municipality, slug__in=DIALOGUE_SLUGS).order_by("slug")
    )
    existing = set(
        OutreachEntry.objects.filter(
            submission_key__in=[entry_key(n) for n in range(ENTRY_COUNT)]
        ).values_list("submission_key", flat=True)
    )
    today = timezone.localdate()
    rng = random.Random(SEED)
    created = 0
    for number in range(ENTRY_COUNT):
        # Draw every value even for entries that exist, so that each entry gets the
        # same values whatever was loaded before.
        unit, staff_emails = _pick_group(rng, groups)
        kind, (low, high) = _pick_kind(rng)
        district = rng.choices(districts, weights=[DISTRICT_SIZES[d.slug] for d in districts])[0]
        days_ago = _days_ago(rng, today)
        people_met = rng.randint(low, high)
        conversations = max(1, round(people_met * rng.uniform(0.4, 0.72)))
        chosen_topics = rng.sample(topics, k=min(len(topics), rng.randint(1, 3))) if topics else []
        notes = rng.choice(NOTES) if rng.random() < 0.55 else ""
        dialogue = rng.choice(dialogues) if dialogues and rng.random() < 0.3 else None
        with_tallies = rng.random() < 0.35
        tallies = _tallies(rng, people_met) if with_tallies else {}
        with_partner = rng.random() < 0.4
        place = rng.choice(PLACES[kind])
        if entry_key(number) in existing:
            continue
        staff = [people[e] for e in staff_emails[: 2 if with_partner else 1] if e in people]
        entry = OutreachEntry.objects.create(
            municipality=municipality,
            kind=kind,
            date=today - datetime.timedelta(days=days_ago),
            place=place,
            district=district,
            unit=unit,
            dialogue=dialogue,
            people_met=people_met,
            conversations=conversations,
            notes=notes,
            recorded_by=staff[0] if staff else None,
            submission_key=entry_key(number),
        )
        entry.staff.set(staff)
        entry.topics.set(chosen_topics)
        OutreachTally.objects.bulk_create(
            OutreachTally(entry=entry, gender=gender, age_band=band, count=count)
            for (gender, band), count in tallies.items()
        )
        created += 1
    return created


def _pick_group(rng, groups):
    unit, _weight, staff = rng.choices(groups, weights=[g[1] for g in groups])[0]
    return unit, staff


def _pick_kind(rng):
    kind, _weight, span = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
    return kind, span


def _days_ago(rng, today: datetime.date) -> int:
    """A day within the last year; July is quiet (holidays), so fewer entries then."""
    while True:
        days = rng.randint(1, 364)
        if (today - datetime.timedelta(days=days)).month != 7 or rng.random() < 0.3:
            return days


def _tallies(rng, people_met: int) -> dict[tuple[str, str], int]:
    """Counts for most of the people met, spread over genders and age bands."""
    counted = round(people_met * rng.uniform(0.6, 0.95))
    bands = [b.value for b in AgeBand if b != AgeBand.UNKNOWN]
    weights = [8, 10, 14, 22, 22, 16, 8]
    tallies: dict[tuple[str, str], int] = {}
    for _ in range(counted):
        gender = rng.choices(
            [Gender.WOMAN.value, Gender.MAN.value, Gender.OTHER.value, Gender.UNSTATED.value],
            weights=[50, 46, 1, 3],
        )[0]
        band = rng.choices(bands, weights=weights)[0]
        tallies[(gender, band)] = tallies.get((gender, band), 0) + 1
    return tallies
