"""Demo consultation: the culture house dialogue's choice between proposal A and B.

Runs after the dialogues' demo (INSTALLED_APPS order), which creates the dialogue
``kulturhuset`` (compiling). Adds an activity "Välj förslag: A eller B" with the two
alternatives, each with a simple generated image, and a few hundred closed-over
choices with reasons in Swedish and background answers spread over the demo
districts. Rows are written directly (demo data may skip permission checks); the
choices come from a generator seeded with the dialogue's slug, so they are the same
on every machine. An existing consultation on the activity is left alone.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from delaktig.contributions.models import Contribution
from delaktig.core.demographics import AgeBand, Gender
from delaktig.dialogues.models import Activity, Dialogue
from delaktig.methods.models import Method
from delaktig.municipality.models import District

from .models import Alternative, Choice, Consultation

DIALOGUE_SLUG = "kulturhuset"
TITLE = "Välj förslag: A eller B"
CHOICES = 312
SHARE_A = 0.56
REASON_SHARE = 0.45

ALTERNATIVES = [
    {
        "title": "A: Mer bibliotek och studieplatser",
        "description": (
            "Biblioteket får hela bottenvåningen och halva övervåningen. Det blir 80 "
            "studieplatser, grupprum som går att boka, en läsesal för tystnad och en "
            "barnavdelning med sagostund.\n\n"
            "Öppet måndag till lördag 9–21. Scenen blir en mindre salong för 60 personer."
        ),
        "image_alt": (
            "Enkel skiss av förslag A: bokhyllor längs väggen och ett långt bord med "
            "studieplatser framför."
        ),
        "colour": (29, 79, 145),
    },
    {
        "title": "B: Mer scen och ateljéer",
        "description": (
            "Den stora salen blir en scen med 250 platser för teater, konserter och dans. "
            "Övervåningen blir sex ateljéer som föreningar och konstnärer kan hyra, och en "
            "verkstad med keramikugn.\n\n"
            "Biblioteket blir mindre, med 20 studieplatser. Öppet alla dagar 11–23."
        ),
        "image_alt": (
            "Enkel skiss av förslag B: en scen med tre strålkastare och en rad med "
            "publikplatser framför."
        ),
        "colour": (140, 45, 80),
    },
]

REASONS_A = [
    "Jag pluggar på distans och behöver en lugn plats att sitta på.",
    "Det finns för få studieplatser i Centrum i dag.",
    "Biblioteket är den enda gratis platsen där man kan vara utan att köpa något.",
    "Mina barn älskar sagostunden. Den vill jag ha kvar och större.",
    "Grupprum som går att boka skulle hjälpa oss i studiecirkeln.",
    "Öppet på kvällen gör att jag kan gå dit efter jobbet.",
    "Läsesal för tystnad behövs. Det är alltid stökigt i skolan.",
    "Bibliotek når fler än en scen gör, också de som inte har pengar.",
    "Jag är pensionär och läser tidningar på biblioteket varje dag.",
    "Ungdomar behöver en trygg plats att göra läxor på.",
]
REASONS_B = [
    "Vi har ingen riktig scen i kommunen. Alla konserter är i grannkommunen.",
    "Ateljéer går inte att hitta någon annanstans till ett rimligt pris.",
    "Kultur är mer än böcker. Unga behöver en plats att spela och synas.",
    "Teaterföreningen har repeterat i en källare i tio år.",
    "Öppet sent på helgerna ger något att göra på kvällen.",
    "En keramikverkstad skulle samla folk i alla åldrar.",
    "Biblioteket finns redan. Det här blir något nytt för Centrum.",
    "Dansskolan behöver en större sal med bra golv.",
    "Fler evenemang gör att folk stannar i Centrum och handlar.",
    "Jag vill kunna gå på konsert utan att ta bilen.",
]
GENDER_WEIGHTS = [(Gender.WOMAN, 52), (Gender.MAN, 40), (Gender.OTHER, 2), ("", 6)]
AGE_WEIGHTS = [
    (AgeBand.TEEN, 8),
    (AgeBand.YOUNG_ADULT, 18),
    (AgeBand.ADULT, 30),
    (AgeBand.MIDDLE, 24),
    (AgeBand.SENIOR, 14),
    (AgeBand.OLD, 2),
    ("", 4),
]
# Most come from the centre, where the culture house is; the rest from all districts.
DISTRICT_WEIGHTS = {
    "centrum": 34,
    "hamnen": 14,
    "norrby": 12,
    "ekbacken": 10,
    "lillsjo": 8,
    "ostra-asen": 8,
    "bjorkdalen": 9,
}


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _image(colour, kind: str) -> ContentFile:
    """A simple sketch: bookshelves for A, a stage with lights for B."""
    image = Image.new("RGB", (800, 450), (245, 243, 238))
    draw = ImageDraw.Draw(image)
    if kind == "A":
        for x in range(60, 760, 140):
            draw.rectangle([x, 60, x + 110, 300], fill=colour)
            for y in range(90, 300, 50):
                draw.line([x, y, x + 110, y], fill=(245, 243, 238), width=6)
        draw.rectangle([100, 340, 700, 370], fill=(120, 90, 60))
    else:
        draw.rectangle([80, 230, 720, 300], fill=colour)
        for x in (160, 400, 640):
            draw.polygon(
                [(x - 20, 40), (x + 20, 40), (x + 90, 230), (x - 90, 230)], fill=(250, 225, 140)
            )
        for x in range(100, 720, 60):
            draw.ellipse([x, 340, x + 36, 376], fill=(70, 70, 80))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name=f"kulturhuset-{kind.lower()}.png")


@transaction.atomic
def load(*, log) -> None:
    dialogue = Dialogue.objects.filter(slug=DIALOGUE_SLUG).first()
    method = Method.objects.filter(slug="konsultation-alternativ").first()
    if dialogue is None or method is None:
        log("No culture house dialogue or consultation method; skipping the demo consultation.")
        return
    activity, _created = Activity.objects.get_or_create(
        dialogue=dialogue,
        title=TITLE,
        defaults={
            "method": method,
            "description": "Välj det förslag du föredrar och berätta gärna varför.",
            "starts_on": dialogue.starts_on,
            "ends_on": dialogue.ends_on,
            "place": "På webben",
        },
    )
    if Consultation.objects.filter(activity=activity).exists():
        log("Demo consultation: exists already.")
        return
    closed_at = timezone.now()
    consultation = Consultation.objects.create(
        activity=activity,
        question="Vilket förslag föredrar du för det nya kulturhuset?",
        intro=(
            "Det gamla tingshuset i Centrum blir kulturhus. Byggnaden och budgeten är redan "
            "beslutade. Kultur- och fritidsnämnden har tagit fram två förslag på vad huset ska "
            "innehålla. Välj det du föredrar och berätta gärna varför. Nämnden beslutar, och "
            "dina svar är en del av underlaget."
        ),
        state=Consultation.State.CLOSED,
        reason=Consultation.Reason.OPTIONAL,
        background_questions=True,
        created_by=dialogue.created_by,
        opened_at=closed_at,
        closed_at=closed_at,
    )
    alternatives = []
    for position, data in enumerate(ALTERNATIVES):
        kind = "AB"[position]
        alternative = Alternative(
            consultation=consultation,
            position=position,
            title=data["title"],
            description=data["description"],
            image_alt=data["image_alt"],
        )
        alternative.image.save(
            f"kulturhuset-{kind.lower()}.png", _image(data["colour"], kind), save=False
        )
        alternative.save()
        alternatives.append(alternative)

    districts = {d.slug: d for d in District.objects.filter(municipality=dialogue.municipality)}
    district_weights = [(districts.get(slug), w) for slug, w in DISTRICT_WEIGHTS.items()]
    rng = random.Random(DIALOGUE_SLUG)
    span = max((dialogue.ends_on - dialogue.starts_on).days, 1)
    choices, contributions = [], []
    for _n in range(CHOICES):
        index = 0 if rng.random() < SHARE_A else 1
        alternative = alternatives[index]
        district = _weighted(rng, district_weights) if rng.random() < 0.9 else None
        reason = ""
        if rng.random() < REASON_SHARE:
            reason = rng.choice(REASONS_A if index == 0 else REASONS_B)
        choice = Choice(
            consultation=consultation,
            alternative=alternative,
            reason=reason,
            gender=_weighted(rng, GENDER_WEIGHTS),
            age_band=_weighted(rng, AGE_WEIGHTS),
            district=district,
            created_on=dialogue.starts_on + datetime.timedelta(days=rng.randrange(span)),
        )
        choices.append(choice)
        if reason:
            contributions.append(
                (
                    choice,
                    Contribution(
                        dialogue=dialogue,
                        activity=activity,
                        method_key="consultations",
                        kind="reason",
                        title=alternative.title,
                        text=reason,
                        district=district,
                    ),
                )
            )
    Contribution.objects.bulk_create([c for _choice, c in contributions])
    for choice, contribution in contributions:
        choice.contribution = contribution
    Choice.objects.bulk_create(choices)
    log(
        f"Demo consultation: {len(alternatives)} alternatives, {len(choices)} choices, "
        f"{len(contributions)} reasons."
    )
