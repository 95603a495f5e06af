"""Demo surveys: a finished one with thousands of responses, a running one with a few dozen.

Runs after the dialogues' demo (INSTALLED_APPS order). The surveys belong to two
activities found by dialogue slug and title; a survey that exists already is left
alone, so loading twice changes nothing. Questions are written directly (demo
data may skip the builder's permission checks), and responses go in with
``write_responses``, the same bulk path the benchmark uses, so the 3,000
responses load in a few seconds. Answers come from a generator seeded with the
activity's title, so they are the same on every machine.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from delaktig.contributions.models import Contribution
from delaktig.core.demographics import AgeBand, Gender
from delaktig.dialogues.models import Activity
from delaktig.municipality.models import District

from .models import Answer, MatrixItem, Option, Question, Response, Section, Survey

METHOD_KEY = "surveys"
# The contribution type of a free-text answer (the manifest's ContributionType key).
TEXT_KIND = "answer"
Kind = Question.Kind


# --- the bulk write path ---------------------------------------------------------------


@dataclass
class GeneratedResponse:
    """A submitted response as the demo and benchmark make it (no person attached)."""

    submitted_on: datetime.date
    language: str = "sv"
    gender: str = ""
    age_band: str = ""
    district_id: int | None = None
    # Answer field values without survey/response: {"question": q, "option": o, ...}
    answers: list[dict] = field(default_factory=list)


def write_responses(survey: Survey, generated: list[GeneratedResponse], *, batch_size=2000):
    """Store submitted responses with their answers in bulk.

    Free texts (text questions, not "other, namely") also become Contribution
    rows, as the answering service stores them, so the compilation and the
    themes see them.
    """
    activity = survey.activity
    text_questions = {
        q.pk for q in survey.questions.all() if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT)
    }
    responses, answers, contributions = [], [], []
    for item in generated:
        response = Response(
            id=uuid.uuid4(),
            survey=survey,
            status=Response.Status.SUBMITTED,
            language=item.language,
            submitted_on=item.submitted_on,
            gender=item.gender,
            age_band=item.age_band,
            district_id=item.district_id,
        )
        responses.append(response)
        for values in item.answers:
            answer = Answer(survey=survey, response=response, **values)
            if answer.question_id in text_questions and answer.text:
                contribution = Contribution(
                    dialogue_id=activity.dialogue_id,
                    activity=activity,
                    method_key=METHOD_KEY,
                    kind=TEXT_KIND,
                    text=answer.text,
                    district_id=item.district_id,
                )
                contributions.append((contribution, answer))
            answers.append(answer)
    with transaction.atomic():
        Response.objects.bulk_create(responses, batch_size=batch_size)
        if contributions:
            Contribution.objects.bulk_create([c for c, _a in contributions], batch_size=batch_size)
            for contribution, answer in contributions:
                answer.contribution = contribution
        Answer.objects.bulk_create(answers, batch_size=batch_size)
    return len(responses)


# --- the demo surveys ------------------------------------------------------------------

GENDER_WEIGHTS = [
    (Gender.WOMAN, 52),
    (Gender.MAN, 40),
    (Gender.OTHER, 2),
    (Gender.UNSTATED, 3),
    ("", 3),
]
AGE_WEIGHTS = [
    (AgeBand.TEEN, 6),
    (AgeBand.YOUNG_ADULT, 14),
    (AgeBand.ADULT, 30),
    (AgeBand.MIDDLE, 28),
    (AgeBand.SENIOR, 15),
    (AgeBand.OLD, 3),
    ("", 4),
]

CULTURE_TEXTS = {
    "öppettider": [
        "Öppet på kvällar och helger, annars hinner jag aldrig dit.",
        "Kulturhuset måste ha öppet sent på kvällen, gärna till 22.",
        "Längre öppettider på helgerna, särskilt söndagar.",
        "Öppet även på sommaren när biblioteket brukar stänga tidigt.",
    ],
    "resor": [
        "Det behövs bättre bussar till kulturhuset från Norrby.",
        "Parkering för cyklar och bilar, och en busshållplats nära entrén.",
        "Förslag B ligger nära stationen, det gör det lätt att ta sig dit med tåg och buss.",
        "Jag har ingen bil, så det måste gå bussar dit på kvällen.",
    ],
    "unga": [
        "Ett eget rum för unga där man kan vara utan att köpa något.",
        "Plats för unga att spela musik och öva med bandet.",
        "Läxhjälp och ett lugnt ställe att plugga på för unga.",
        "Fritidsgård för unga i samma hus vore bra.",
    ],
    "café": [
        "Ett café med rimliga priser och plats att sitta länge.",
        "Ett mysigt café där man kan läsa tidningen.",
        "Café och lunchrestaurang så att man kan stanna hela dagen.",
    ],
    "tillgänglighet": [
        "Tänk på tillgängligheten: hiss, ramper och hörslinga i salongen.",
        "Tillgängligt för rullstol överallt, även scenen.",
        "Skyltar på lätt svenska och flera språk, och hörslinga.",
    ],
}

HARBOUR_TEXTS = [
    "Fler bänkar och grönska längs kajen.",
    "Bättre belysning på kvällen, det känns otryggt vid magasinen.",
    "En badbrygga och ett utegym.",
    "Ett café som har öppet året runt.",
    "Mindre biltrafik och fler cykelbanor till hamnen.",
    "Lekplats för barnen nära vattnet.",
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _survey(activity, *, title, state, intro="", languages=()):
    return Survey.objects.create(
        activity=activity,
        title=title,
        intro=intro,
        thanks_text="Tack för att du svarade! Vi sammanställer svaren och berättar vad som händer.",
        state=state,
        access=Survey.Access.OPEN,
        anonymous=True,
        languages=list(languages),
        opens_at=timezone.make_aware(
            datetime.datetime.combine(activity.starts_on, datetime.time(8))
        ),
        closes_at=timezone.make_aware(
            datetime.datetime.combine(activity.ends_on, datetime.time(23, 59))
        ),
    )


def _question(survey, section, position, key, kind, text, *, options=(), items=(), **extra):
    question = Question.objects.create(
        survey=survey, section=section, position=position, key=key, kind=kind, text=text, **extra
    )
    Option.objects.bulk_create(
        Option(question=question, position=i, text=t, is_other=t.startswith("Annat"))
        for i, t in enumerate(options)
    )
    MatrixItem.objects.bulk_create(
        MatrixItem(question=question, position=i, text=t) for i, t in enumerate(items)
    )
    return question


def _culture_questions(survey):
    about = Section.objects.create(survey=survey, position=0, title="Förslagen")
    wishes = Section.objects.create(survey=survey, position=1, title="Vad du vill göra")
    words = Section.objects.create(survey=survey, position=2, title="Dina tankar")
    scale10 = {"min": 1, "max": 10, "min_label": "Inte alls viktigt", "max_label": "Mycket viktigt"}
    return {
        "forslag": _question(
            survey,
            about,
            0,
            "forslag",
            Kind.SINGLE,
            "Vilket förslag tycker du bäst om?",
            options=(
                "Förslag A: kulturhus vid torget",
                "Förslag B: kulturhus vid stationen",
                "Inget av förslagen",
                "Annat, nämligen",
            ),
            required=True,
        ),
        "viktigt": _question(
            survey,
            about,
            1,
            "viktigt",
            Kind.SCALE,
            "Hur viktigt är ett nytt kulturhus för dig?",
            settings={**scale10, "dont_know": True},
        ),
        "pastaenden": _question(
            survey,
            about,
            2,
            "pastaenden",
            Kind.MATRIX,
            "Hur väl stämmer påståendena för dig?",
            settings={"min": 1, "max": 5, "min_label": "Inte alls", "max_label": "Helt"},
            items=(
                "Kulturhuset ska vara öppet på kvällar",
                "Det ska vara gratis att vara i kulturhuset",
                "Det ska vara lätt att ta sig dit med buss",
            ),
        ),
        "gora": _question(
            survey,
            wishes,
            0,
            "gora",
            Kind.MULTIPLE,
            "Vad skulle du vilja göra i kulturhuset?",
            options=(
                "Låna böcker",
                "Se film",
                "Gå på teater eller konsert",
                "Skapa i en verkstad",
                "Plugga eller arbeta",
                "Träffa vänner",
                "Annat, nämligen",
            ),
        ),
        "viktigast": _question(
            survey,
            wishes,
            1,
            "viktigast",
            Kind.RANKING,
            "Rangordna det som är viktigast för dig",
            options=("Öppettiderna", "Läget", "Utbudet för unga", "Tillgängligheten"),
        ),
        "besok": _question(
            survey,
            wishes,
            2,
            "besok",
            Kind.NUMBER,
            "Hur många gånger per månad besöker du biblioteket i dag?",
            settings={"min": 0, "max": 60},
        ),
        "senast": _question(
            survey,
            wishes,
            3,
            "senast",
            Kind.DATE,
            "När gick du senast på ett kulturevenemang i kommunen?",
        ),
        "kommundel": _question(
            survey,
            wishes,
            4,
            "kommundel",
            Kind.DISTRICT,
            "I vilken kommundel gör du oftast saker på fritiden?",
        ),
        "ovrigt": _question(
            survey,
            words,
            0,
            "ovrigt",
            Kind.LONG_TEXT,
            "Vad mer vill du säga om det nya kulturhuset?",
        ),
    }


def _culture_answers(rng, q, districts, day):
    opts = {key: list(q[key].options.all()) for key in ("forslag", "gora", "viktigast")}
    items = list(q["pastaenden"].items.all())
    answers = []
    young = rng.random() < 0.3
    choice = rng.choices(opts["forslag"], weights=[44, 38, 14, 4])[0]
    answers.append(
        {
            "question": q["forslag"],
            "option": choice,
            "text": "Båda, men mindre" if choice.is_other else "",
        }
    )
    if rng.random() < 0.06:
        answers.append({"question": q["viktigt"], "dont_know": True})
    elif rng.random() < 0.95:
        value = max(1, min(10, round(rng.gauss(7.2, 2.1))))
        answers.append({"question": q["viktigt"], "value": value})
    centres = [4.3, 3.6, 4.0]
    for item, centre in zip(items, centres, strict=True):
        if rng.random() < 0.92:
            value = max(1, min(5, round(rng.gauss(centre, 1.0))))
            answers.append({"question": q["pastaenden"], "item": item, "value": value})
    weights = [60, 45, 55, 20, 35 if young else 15, 40, 3]
    for option, weight in zip(opts["gora"], weights, strict=True):
        if rng.random() * 100 < weight:
            answers.append(
                {
                    "question": q["gora"],
                    "option": option,
                    "text": "Dansa" if option.is_other else "",
                }
            )
    if rng.random() < 0.8:
        order = sorted(
            opts["viktigast"],
            key=lambda o: (
                rng.random() * (0.6 if young and o.position == 2 else 1.0) + o.position / 8
            ),
        )
        answers.extend(
            {"question": q["viktigast"], "option": option, "value": rank}
            for rank, option in enumerate(order, start=1)
        )
    if rng.random() < 0.85:
        visits = max(0, min(60, round(rng.expovariate(1 / 3))))
        answers.append({"question": q["besok"], "number": visits})
    if rng.random() < 0.7:
        when = day - datetime.timedelta(days=int(rng.expovariate(1 / 60)))
        answers.append({"question": q["senast"], "date": when})
    if districts and rng.random() < 0.9:
        answers.append({"question": q["kommundel"], "district_id": rng.choice(districts)})
    if rng.random() < 0.15:
        theme = rng.choice(list(CULTURE_TEXTS))
        answers.append({"question": q["ovrigt"], "text": rng.choice(CULTURE_TEXTS[theme])})
    return answers


def _harbour_questions(survey):
    section = Section.objects.create(survey=survey, position=0, title="Hamnen i dag")
    future = Section.objects.create(survey=survey, position=1, title="Hamnen i morgon")
    return {
        "fardsatt": _question(
            survey,
            section,
            0,
            "fardsatt",
            Kind.SINGLE,
            "Hur tar du dig oftast till hamnen?",
            options=("Till fots", "Cykel", "Buss", "Bil", "Annat, nämligen"),
            required=True,
        ),
        "betyg": _question(
            survey,
            section,
            1,
            "betyg",
            Kind.SCALE,
            "Vilket betyg ger du hamnområdet i dag?",
            settings={
                "min": 1,
                "max": 10,
                "min_label": "Mycket dåligt",
                "max_label": "Mycket bra",
                "dont_know": True,
            },
        ),
        "onskan": _question(
            survey, future, 0, "onskan", Kind.LONG_TEXT, "Vad vill du ska finnas i hamnen?"
        ),
    }


def _harbour_answers(rng, q, districts, day):
    answers = [
        {
            "question": q["fardsatt"],
            "option": rng.choices(list(q["fardsatt"].options.all()), weights=[30, 35, 15, 18, 2])[
                0
            ],
        }
    ]
    if rng.random() < 0.9:
        answers.append({"question": q["betyg"], "value": max(1, min(10, round(rng.gauss(5.5, 2))))})
    if rng.random() < 0.4:
        answers.append({"question": q["onskan"], "text": rng.choice(HARBOUR_TEXTS)})
    return answers


@dataclass
class DemoSurvey:
    dialogue: str
    activity: str
    state: str
    responses: int
    questions: object
    answers: object
    languages: tuple = ()
    language_weights: tuple = (("sv", 1),)


DEMO_SURVEYS = [
    DemoSurvey(
        "kulturhuset",
        "Enkät: välj mellan förslag A och B",
        Survey.State.CLOSED,
        3000,
        _culture_questions,
        _culture_answers,
        languages=("en", "ar"),
        language_weights=(("sv", 90), ("en", 6), ("ar", 4)),
    ),
    DemoSurvey(
        "hamnomradet",
        "Enkät: hamnområdet i dag och i morgon",
        Survey.State.OPEN,
        42,
        _harbour_questions,
        _harbour_answers,
    ),
]


def _generate(spec, survey, questions, districts):
    activity = survey.activity
    rng = random.Random(activity.title)
    last = min(activity.ends_on, timezone.localdate())
    days = max(0, (last - activity.starts_on).days)
    generated = []
    for _i in range(spec.responses):
        day = activity.starts_on + datetime.timedelta(days=rng.randint(0, days))
        district = rng.choice(districts) if districts and rng.random() < 0.92 else None
        generated.append(
            GeneratedResponse(
                submitted_on=day,
                language=_weighted(rng, spec.language_weights),
                gender=_weighted(rng, GENDER_WEIGHTS),
                age_band=_weighted(rng, AGE_WEIGHTS),
                district_id=district,
                answers=spec.answers(rng, questions, districts, day),
            )
        )
    return generated


def load(*, log) -> None:
    created = existing = 0
    for spec in DEMO_SURVEYS:
        activity = (
            Activity.objects.filter(dialogue__slug=spec.dialogue, title=spec.activity)
            .select_related("dialogue")
            .first()
        )
        if activity is None:
            log(f"No demo activity {spec.activity!r}; skipping its survey.")
            continue
        if Survey.objects.filter(activity=activity).exists():
            existing += 1
            continue
        districts = list(
            District.objects.filter(
                municipality_id=activity.dialogue.municipality_id, is_active=True
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        with transaction.atomic():
            survey = _survey(
                activity, title=activity.title, state=spec.state, languages=spec.languages
            )
            questions = spec.questions(survey)
            # Options and rows are read for every generated response: load them once.
            prefetch_related_objects(list(questions.values()), "options", "items")
            write_responses(survey, _generate(spec, survey, questions, districts))
        created += 1
    log(f"Demo surveys: {created} created, {existing} existed already.")
