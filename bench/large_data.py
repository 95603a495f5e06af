"""The large data set for the HTTP benchmark, on top of the demo municipality.

100 more public dialogues with activities, 1,000 contributions spread over them,
and a survey with 100,000 submitted responses, all with bulk inserts so the set
loads in seconds. Idempotent: a second run adds nothing.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

MARKER = "bench-"
DIALOGUES = 100
CONTRIBUTIONS = 1_000
RESPONSES = 100_000


def load(log=print) -> None:
    from delaktig.contributions.models import Contribution
    from delaktig.dialogues.models import Activity, Dialogue, State
    from delaktig.methods.models import Method
    from delaktig.municipality.models import District, Municipality, Unit

    if Dialogue.objects.filter(slug__startswith=MARKER).exists():
        log("Large data set already loaded.")
        return
    municipality = Municipality.objects.get(slug="exempelkommun")
    unit = Unit.objects.filter(municipality=municipality, kind="administration").first()
    districts = list(District.objects.filter(municipality=municipality))
    method = Method.objects.get(slug="oppet-mote")
    rng = random.Random(7)
    today = timezone.localdate()
    with transaction.atomic():
        dialogues = Dialogue.objects.bulk_create(
            Dialogue(
                municipality=municipality,
                unit=unit,
                title=f"Prov-dialog {n}: hur vill du ha det i kvarteret?",
                slug=f"{MARKER}{n}",
                summary="En dialog i benchmarkens stora datamängd.",
                state=rng.choice([State.OPEN, State.PUBLISHED, State.FED_BACK]),
                ladder_level=rng.randint(1, 4),
                starts_on=today - datetime.timedelta(days=rng.randint(0, 200)),
                ends_on=today + datetime.timedelta(days=rng.randint(1, 200)),
                published_at=timezone.now(),
            )
            for n in range(DIALOGUES)
        )
        activities = Activity.objects.bulk_create(
            Activity(
                dialogue=dialogue,
                method=method,
                title="Öppet möte",
                starts_on=dialogue.starts_on,
                ends_on=dialogue.starts_on,
                district=rng.choice(districts) if districts else None,
            )
            for dialogue in dialogues
        )
        Contribution.objects.bulk_create(
            Contribution(
                dialogue=activity.dialogue,
                activity=activity,
                method_key="meetings",
                kind="note",
                text=f"Synpunkt {n}: fler träd, bättre belysning och säkrare övergångsställen.",
                district=activity.district,
            )
            for n, activity in enumerate(rng.choice(activities) for _ in range(CONTRIBUTIONS))
        )
    _large_survey(rng, log)
    log(f"Large data set: {DIALOGUES} dialogues, {CONTRIBUTIONS} contributions.")


def _large_survey(rng, log) -> None:
    """A closed survey with 100,000 responses on one of the bench dialogues."""
    try:
        from delaktig.surveys.models import Answer, Option, Question, Response, Section, Survey
    except ImportError:  # pragma: no cover - surveys not installed
        return
    from delaktig.dialogues.models import Activity, Dialogue
    from delaktig.methods.models import Method

    dialogue = Dialogue.objects.get(slug=f"{MARKER}0")
    method = Method.objects.filter(slug="enkat").first()
    if method is None:
        return
    activity = Activity.objects.create(
        dialogue=dialogue,
        method=method,
        title="Stor enkät",
        starts_on=dialogue.starts_on,
        ends_on=dialogue.starts_on,
    )
    survey = Survey.objects.create(
        activity=activity, title="Stor enkät", state="closed", access="open", anonymous=True
    )
    section = Section.objects.create(survey=survey, title="Frågor")
    choice = Question.objects.create(
        survey=survey, section=section, key="val", kind="single", text="Vad tycker du?"
    )
    options = Option.objects.bulk_create(
        Option(question=choice, position=i, text=text)
        for i, text in enumerate(["Bra", "Sådär", "Dåligt"])
    )
    scale = Question.objects.create(
        survey=survey,
        section=section,
        key="betyg",
        kind="scale",
        text="Betyg",
        settings={"min": 1, "max": 10},
        position=1,
    )
    today = timezone.localdate()
    batch = 10_000
    for _start in range(0, RESPONSES, batch):
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                Response(
                    survey=survey,
                    status="submitted",
                    submitted_on=today,
                    gender=rng.choice(["woman", "man"]),
                    age_band=rng.choice(["18-25", "26-44", "45-64", "65-79"]),
                )
                for _ in range(batch)
            )
            answers = []
            for response in responses:
                common = {"survey": survey, "response": response}
                answers.append(Answer(**common, question=choice, option=rng.choice(options)))
                answers.append(Answer(**common, question=scale, value=rng.randint(1, 10)))
            Answer.objects.bulk_create(answers, batch_size=5_000)
    log(f"Large survey: {RESPONSES} responses.")
