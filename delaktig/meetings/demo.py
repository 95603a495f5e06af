"""Demo meetings for the demo dialogues: past ones documented, upcoming ones with
registrations.

Runs after the dialogues' demo (INSTALLED_APPS order), which creates the
dialogues and their activities. Every activity whose method is held as a meeting
(registry key "meetings") in a dialogue that has been approved gets a Meeting on
its first day. Past meetings get attendance counts, what was said (café table
notes per question, summaries, notes) as contributions and evaluation answers;
upcoming meetings of public dialogues get a few registrations with needs.

Rows are written directly (demo data may skip permission checks) and keyed on
the activity: a meeting that exists is left alone, and documentation,
registrations and evaluations are only added where there are none yet, so
loading twice changes nothing. Evaluation answers come from a generator seeded
with the activity's title, so they are the same on every machine.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import Activity, Dialogue, State

from .documentation import METHOD_KEY
from .models import AttendanceCount, EvaluationResponse, Meeting, Need, Registration

# Plans that are not yet approved have no fixed meetings.
NOT_PLANNED = (State.DRAFT, State.SUBMITTED)
W, M, OTHER, U = "woman", "man", "other", "unstated"


@dataclass
class Note:
    kind: str
    text: str
    source: str = ""
    title: str = ""
    question: int | None = None  # index into the dialogue's questions


@dataclass
class Documentation:
    # {(gender, age band): n}
    attendance: dict
    notes: list = field(default_factory=list)
    evaluations: int = 0  # number of answers to generate
    # Rough level of satisfaction, 1–5, that the generated answers centre on.
    mood: float = 4.0


@dataclass
class Plan:
    """Time and place facts for the meeting made from one demo activity."""

    start: tuple = (18, 0)
    hours: float = 2.0
    venue: str = ""
    address: str = ""
    step_free_access: bool = True
    hearing_loop: bool = True
    accessible_toilet: bool = True
    public_transport: str = ""
    capacity: int | None = 40
    languages: str = "svenska"
    registration_required: bool = True
    online_url: str = ""


# Keyed on (dialogue slug, activity title) as the dialogues' demo creates them.
PLANS = {
    ("hamnomradet", "Cafékväll i Hamnmagasinet"): Plan(
        start=(18, 0),
        hours=2.5,
        venue="Hamnmagasinet, stora salen",
        address="Kajgatan 4",
        public_transport="Buss 3, hållplats Kajen (200 meter)",
        capacity=60,
        languages="svenska, tolk till arabiska och somaliska vid behov",
    ),
    ("framtidens-boende", "Framtidsverkstad: så vill vi bo 2040"): Plan(
        start=(10, 0),
        hours=5,
        venue="Stadshuset, sessionssalen",
        address="Stora torget 1",
        public_transport="Alla stadsbussar, hållplats Stora torget",
        capacity=45,
    ),
    ("framtidens-boende", "Fokusgrupper med unga vuxna, seniorer och nyanlända"): Plan(
        start=(17, 30),
        hours=1.5,
        venue="Biblioteket, grupprummet Eken",
        address="Biblioteksgatan 2",
        public_transport="Buss 1 och 2, hållplats Biblioteket",
        capacity=10,
        languages="svenska, lätt svenska",
    ),
    ("framtidens-boende", "Öppet möte: förslagen presenteras"): Plan(
        start=(18, 30),
        hours=2,
        venue="Lillsjö bygdegård",
        address="Bygdegårdsvägen 5, Lillsjö",
        public_transport="Buss 12, hållplats Lillsjö skola",
        capacity=80,
        registration_required=False,
        online_url="https://exempelkommun.example/live/framtidens-boende",
    ),
    ("lekplatser-ekbacken", "Lekplatsdag i parken"): Plan(
        start=(14, 0),
        hours=3,
        venue="Ekbackens park, vid plaskdammen",
        hearing_loop=False,
        accessible_toilet=False,
        public_transport="Buss 5, hållplats Ekbacken centrum",
        capacity=None,
        registration_required=False,
    ),
    ("ungdomsbudget-ostra-asen-bjorkdalen", "Klassbesök i högstadieskolorna"): Plan(
        start=(9, 30),
        hours=1.5,
        venue="Åsenskolan, aulan",
        address="Skolvägen 10, Östra Åsen",
        capacity=None,
        registration_required=False,
    ),
    ("kulturhuset", "Lunchdialog på restauranger i Centrum"): Plan(
        start=(11, 30),
        hours=1.5,
        venue="Restaurang Tingshuset och fyra andra lunchrestauranger",
        address="Tingshusgatan 3",
        public_transport="Alla stadsbussar, hållplats Stora torget",
        hearing_loop=False,
        capacity=None,
        registration_required=False,
    ),
    ("trygghetsvandring-norrby", "Kvällsvandring i Norrby"): Plan(
        start=(19, 0),
        hours=2,
        venue="Samling vid Norrby centrum, vid fontänen",
        hearing_loop=False,
        accessible_toilet=False,
        public_transport="Buss 4, hållplats Norrby centrum",
        capacity=30,
    ),
    ("trygghetsvandring-norrby", "Vandring med elever från Norrbyskolan"): Plan(
        start=(13, 0),
        hours=1.5,
        venue="Norrbyskolan, samling på skolgården",
        hearing_loop=False,
        capacity=None,
        registration_required=False,
    ),
    ("hur-blir-vi-friskare", "Hälsocafé i Ekbacken"): Plan(
        start=(18, 0),
        hours=2,
        venue="Ekbackens folkets hus, caféet",
        address="Folkets husväg 1, Ekbacken",
        public_transport="Buss 5, hållplats Ekbacken centrum",
        capacity=50,
    ),
    ("hur-blir-vi-friskare", "Lunchdialog på arbetsplatser"): Plan(
        start=(11, 30),
        hours=1,
        venue="Personalmatsalen på Exempelkommuns sjukhus och tre andra arbetsplatser",
        hearing_loop=False,
        capacity=None,
        registration_required=False,
    ),
    ("gang-och-cykelbro-centrum-lillsjo", "Informationsmöte om brobygget"): Plan(
        start=(18, 30),
        hours=1.5,
        venue="Lillsjö bygdegård",
        address="Bygdegårdsvägen 5, Lillsjö",
        public_transport="Buss 12, hållplats Lillsjö skola",
        capacity=80,
        registration_required=False,
    ),
}

CAFE, SESSION, FOCUS, NOTE = "table_note", "session_report", "focus_group_summary", "note"

DOCUMENTATION = {
    ("hur-blir-vi-friskare", "Hälsocafé i Ekbacken"): Documentation(
        attendance={
            (W, "26-44"): 5,
            (W, "45-64"): 7,
            (W, "65-79"): 6,
            (W, "80+"): 1,
            (M, "18-25"): 1,
            (M, "26-44"): 3,
            (M, "45-64"): 4,
            (M, "65-79"): 5,
            (OTHER, "26-44"): 1,
            (U, "unknown"): 3,
        },
        evaluations=24,
        mood=4.1,
        notes=[
            Note(
                CAFE,
                "Promenader med grannar eller vänner. Att ha en hund!\n"
                "Körsång på tisdagar – man går dit även när man är trött.\n"
                "Att sova ordentligt. Att inte vara ensam.\n"
                "Frukt i skolan och på jobbet.",
                source="Bord 1",
                title="Sällskap och vanor",
                question=0,
            ),
            Note(
                CAFE,
                "Naturen nära: elljusspåret och sjön.\n"
                "Seniorgympa i folkets hus, billig och rolig.\n"
                "Att ha en uppgift: föreningen, barnbarnen, trädgården.",
                source="Bord 2",
                title="Naturen och föreningarna",
                question=0,
            ),
            Note(
                CAFE,
                "Elljusspåret är släckt efter kl. 21 och halt på vintern.\n"
                "Gymmet är dyrt, och det finns inget gym i Ekbacken.\n"
                "Bussen går för sällan på kvällen, man kommer inte hem.\n"
                "Svårt att börja när man inte kan någon där.",
                source="Bord 2",
                title="Pengar, ljus och bussar",
                question=1,
            ),
            Note(
                CAFE,
                "Ont i knäna – det behövs bänkar längs promenadvägarna.\n"
                "Tid! Småbarnsföräldrar hinner inte. Träning samtidigt som barnens träning?\n"
                "Det finns ingen toalett vid motionsspåret.",
                source="Bord 3",
                title="Tid och kropp",
                question=1,
            ),
            Note(
                CAFE,
                "1. Tänd elljusspåret längre och ploga det.\n"
                "2. Fler bänkar och en toalett vid sjön.\n"
                "3. Gratis prova-på-träning för nya i Ekbacken.\n"
                "4. Mötesplats för äldre som bor ensamma.",
                source="Bord 3",
                title="Det här vill vi se först",
                question=2,
            ),
            Note(
                CAFE,
                "Kvällsbuss till Ekbacken även på helger.\n"
                "Fråga föreningarna – de har ledare men saknar lokaler.\n"
                "Informera på fler språk om vad som finns.",
                source="Bord 1",
                title="Bussar, lokaler och information",
                question=2,
            ),
            Note(
                NOTE,
                "Bordsvärdarna sa att borden om hinder hade flest deltagare. Flera kom tillbaka "
                "till bord 3 i sista rundan för att prioritera. Två deltagare bad om att få "
                "rapporten skickad hem på papper.",
                title="Bordsvärdarnas iakttagelser",
            ),
        ],
    ),
    ("hur-blir-vi-friskare", "Lunchdialog på arbetsplatser"): Documentation(
        attendance={
            (W, "18-25"): 4,
            (W, "26-44"): 14,
            (W, "45-64"): 12,
            (M, "18-25"): 2,
            (M, "26-44"): 8,
            (M, "45-64"): 9,
            (U, "unknown"): 2,
        },
        evaluations=15,
        mood=3.8,
        notes=[
            Note(
                FOCUS,
                "De flesta tycker att det är svårt att hinna röra sig på vardagarna. Skiftarbete "
                "gör att fasta träningstider inte passar. Många nämnde friskvårdsbidraget men "
                "tyckte att det räcker till lite. Flera vill kunna cykla säkert till jobbet.",
                source="Sjukhusets personalmatsal",
                title="Tiden räcker inte",
                question=1,
            ),
            Note(
                FOCUS,
                "Bra och billig mat i personalmatsalen hjälper. Promenadmöten används på några "
                "avdelningar och uppskattas. Gemenskapen på jobbet betyder mycket för hur man mår.",
                source="Kommunhuset",
                title="Jobbet kan hjälpa",
                question=0,
            ),
            Note(
                FOCUS,
                "Säkra cykelvägar till de stora arbetsplatserna. Duschar och låsbara cykelställ. "
                "Kommunen som arbetsgivare borde gå före.",
                source="Industriområdet Norr",
                title="Cykelvägar och duschar",
                question=2,
            ),
        ],
    ),
    ("kulturhuset", "Lunchdialog på restauranger i Centrum"): Documentation(
        attendance={
            (W, "26-44"): 9,
            (W, "45-64"): 11,
            (W, "65-79"): 6,
            (M, "26-44"): 7,
            (M, "45-64"): 8,
            (M, "65-79"): 4,
            (OTHER, "18-25"): 1,
            (U, "unknown"): 3,
        },
        evaluations=18,
        mood=3.9,
        notes=[
            Note(
                FOCUS,
                "Ungefär hälften föredrog förslag A, med mer bibliotek och studieplatser. De "
                "som valde B ville ha en scen för lokala band och teater. Flera sa att det "
                "viktigaste är att huset är öppet och levande på kvällarna, oavsett förslag.",
                source="Restaurang Tingshuset",
                title="A eller B?",
                question=0,
            ),
            Note(
                FOCUS,
                "Kvällar och helger. Många som arbetar kan inte komma före kl. 17. Föräldrar "
                "vill ha öppet på söndagar för barnaktiviteter.",
                source="Café Kronan",
                title="Öppet när folk är lediga",
                question=1,
            ),
            Note(
                FOCUS,
                "Ett café med rimliga priser. Platser där unga kan vara utan att köpa något. "
                "Lokaler som föreningar kan hyra billigt. Tydlig skyltning på flera språk.",
                source="Restaurang Gästis",
                title="Café, unga och föreningar",
                question=2,
            ),
        ],
    ),
    ("trygghetsvandring-norrby", "Kvällsvandring i Norrby"): Documentation(
        attendance={
            (W, "26-44"): 6,
            (W, "45-64"): 5,
            (W, "65-79"): 3,
            (M, "26-44"): 3,
            (M, "45-64"): 4,
            (M, "65-79"): 2,
        },
        evaluations=12,
        mood=4.3,
        notes=[
            Note(
                SESSION,
                "Tunneln under Norrbyvägen är mörk och lampan vid norra uppgången är trasig. "
                "Flera undviker den och går över vägen i stället, där det saknas övergångsställe.",
                source="Stopp 1: gångtunneln",
                title="Mörk tunnel",
            ),
            Note(
                SESSION,
                "Buskarna vid parkeringen är höga och skymmer sikten. Bra belysning vid "
                "entrén, men inte runt hörnet mot cykelstället.",
                source="Stopp 2: parkeringen vid centrum",
                title="Buskar skymmer",
            ),
            Note(
                SESSION,
                "Lekplatsen upplevs som trygg på dagen men öde på kvällen. Förslag: belysning "
                "längs gångvägen och en bänk nära gatlyktan.",
                source="Stopp 3: lekplatsen",
                title="Öde på kvällen",
            ),
        ],
    ),
    ("trygghetsvandring-norrby", "Vandring med elever från Norrbyskolan"): Documentation(
        attendance={(W, "13-17"): 11, (M, "13-17"): 12, (OTHER, "13-17"): 1, (W, "26-44"): 2},
        evaluations=20,
        mood=4.0,
        notes=[
            Note(
                NOTE,
                "Eleverna tycker att busshållplatsen vid skolan är otrygg på morgonen när det är "
                "mörkt. Många cyklar på trottoaren eftersom vägen saknar cykelbana. De vill ha "
                "belysning i skogsdungen som många går genom.",
                title="Elevernas viktigaste platser",
            ),
        ],
    ),
    ("gang-och-cykelbro-centrum-lillsjo", "Informationsmöte om brobygget"): Documentation(
        attendance={
            (W, "26-44"): 4,
            (W, "45-64"): 6,
            (W, "65-79"): 5,
            (M, "26-44"): 5,
            (M, "45-64"): 7,
            (M, "65-79"): 6,
            (U, "unknown"): 2,
        },
        evaluations=16,
        mood=3.6,
        notes=[
            Note(
                NOTE,
                "Frågor som kom upp: hur länge den tillfälliga vägen gäller, om bussen till "
                "Lillsjö påverkas och hur man tar sig förbi med rullstol eller barnvagn. "
                "Entreprenören svarade att omledningen gäller i fyra månader och att den är "
                "tillgänglig. Några boende vid Strandvägen oroade sig för buller på nätterna.",
                title="Frågor från mötet",
                question=0,
            ),
        ],
    ),
    ("ungdomsbudget-ostra-asen-bjorkdalen", "Klassbesök i högstadieskolorna"): Documentation(
        attendance={(W, "13-17"): 24, (M, "13-17"): 26, (OTHER, "13-17"): 2, (U, "13-17"): 3},
        evaluations=0,
        notes=[
            Note(
                NOTE,
                "Klass 8B och 9A. Förslag som kom upp: en upplyst basketplan i Björkdalen, "
                "längre öppettider på fritidsgården, en pumptrack, gratis gym för unga och en "
                "plats att spela musik. Eleverna skrev själva in tre förslag under lektionen.",
                source="Åsenskolan",
                title="Förslag från klasserna",
                question=0,
            ),
        ],
    ),
}

# Upcoming meetings of public dialogues: (name, e-mail, needs, interpreter language,
# diet, other needs).
REGISTRATIONS = {
    ("hamnomradet", "Cafékväll i Hamnmagasinet"): [
        ("Amina Hassan", "amina.hassan@exempel.example", [Need.INTERPRETER], "arabiska", "", ""),
        ("Bengt Ek", "bengt.ek@exempel.example", [Need.HEARING_LOOP], "", "", ""),
        ("Carina Lund", "carina.lund@exempel.example", [], "", "", ""),
        ("David Öberg", "david.oberg@exempel.example", [Need.WHEELCHAIR], "", "", ""),
        (
            "Elin Sandberg",
            "elin.sandberg@exempel.example",
            [Need.DIETARY],
            "",
            "Glutenfritt",
            "",
        ),
        ("Farah Yusuf", "farah.yusuf@exempel.example", [Need.INTERPRETER], "somaliska", "", ""),
        ("Gustav Nilsson", "gustav.nilsson@exempel.example", [], "", "", ""),
    ],
    ("framtidens-boende", "Framtidsverkstad: så vill vi bo 2040"): [
        ("Hanna Berglund", "hanna.berglund@exempel.example", [Need.SIGN_LANGUAGE], "", "", ""),
        (
            "Ivan Petrov",
            "ivan.petrov@exempel.example",
            [Need.DIETARY],
            "",
            "Vegetariskt",
            "Jag har med mig min dotter, 9 år.",
        ),
        ("Johanna Ek", "johanna.ek@exempel.example", [Need.VISUAL_INTERPRETATION], "", "", ""),
        ("Karim Said", "karim.said@exempel.example", [], "", "", ""),
    ],
    ("framtidens-boende", "Fokusgrupper med unga vuxna, seniorer och nyanlända"): [
        ("Lisa Holm", "lisa.holm@exempel.example", [], "", "", ""),
        ("Mohammed Ali", "mohammed.ali@exempel.example", [Need.INTERPRETER], "dari", "", ""),
        ("Nils Ström", "nils.strom@exempel.example", [Need.HEARING_LOOP], "", "", ""),
    ],
}

COMMENTS = [
    "Bra att politikerna lyssnade och inte bara pratade.",
    "Fikat var gott! Men det var svårt att höra vid borden nära köket.",
    "Jag förstod inte riktigt vad som händer sen. Skicka gärna ut en sammanfattning.",
    "Roligt att träffa grannar jag aldrig pratat med.",
    "För kort tid vid varje bord.",
    "Tack för att ni kom ut till oss!",
    "Lokalen var svår att hitta.",
    "Mer sådant här, gärna på helger.",
]


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _rating(rng: random.Random, mood: float) -> int | None:
    if rng.random() < 0.06:
        return None  # left blank
    return max(1, min(5, round(rng.gauss(mood, 0.9))))


def _evaluations(meeting: Meeting, doc: Documentation, seed: str) -> list[EvaluationResponse]:
    rng = random.Random(seed)
    answers = []
    for n in range(doc.evaluations):
        again = rng.choices(["yes", "no", "unsure", ""], weights=[doc.mood * 2, 1, 2, 0.5])[0]
        answers.append(
            EvaluationResponse(
                meeting=meeting,
                purpose_clear=_rating(rng, doc.mood + 0.2),
                listened_to=_rating(rng, doc.mood),
                knows_next=_rating(rng, doc.mood - 0.8),
                take_part_again=again,
                comment=COMMENTS[n % len(COMMENTS)] if rng.random() < 0.3 else "",
                channel="paper" if rng.random() < 0.6 else "phone",
            )
        )
    return answers


def _meeting_for(activity: Activity, plan: Plan) -> Meeting:
    start = _at(activity.starts_on, *plan.start)
    return Meeting(
        activity=activity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=plan.hours),
        venue=plan.venue or activity.place or activity.title,
        address=plan.address,
        step_free_access=plan.step_free_access,
        hearing_loop=plan.hearing_loop,
        accessible_toilet=plan.accessible_toilet,
        public_transport=plan.public_transport,
        online_url=plan.online_url,
        capacity=plan.capacity,
        languages=plan.languages,
        registration_required=plan.registration_required,
    )


@transaction.atomic
def load(*, log) -> None:
    activities = list(
        Activity.objects.filter(method__registry_key=METHOD_KEY)
        .exclude(dialogue__state__in=NOT_PLANNED)
        .select_related("dialogue")
        .prefetch_related("dialogue__questions")
        .order_by("starts_on", "pk")
    )
    if not activities:
        log("No meeting activities in the demo dialogues; skipping demo meetings.")
        return
    existing = set(
        Meeting.objects.filter(activity__in=activities).values_list("activity_id", flat=True)
    )
    now = timezone.now()
    created = documented = registered = 0
    for activity in activities:
        key = (activity.dialogue.slug, activity.title)
        if activity.pk not in existing:
            _meeting_for(activity, PLANS.get(key, Plan(venue=activity.place))).save()
            created += 1
        meeting = Meeting.objects.get(activity=activity)
        if meeting.ends_at < now and key in DOCUMENTATION:
            documented += _document(meeting, activity, DOCUMENTATION[key], seed="|".join(key))
        elif meeting.starts_at > now and activity.dialogue.is_public and key in REGISTRATIONS:
            registered += _register(meeting, REGISTRATIONS[key])
    log(
        f"Demo meetings: {created} created, {len(existing)} existed already; "
        f"{documented} documented, {registered} registrations added."
    )


def _document(meeting: Meeting, activity: Activity, doc: Documentation, *, seed: str) -> int:
    """Add what is missing of a past meeting's documentation; 1 if anything was added."""
    added = False
    if not meeting.attendance.exists():
        AttendanceCount.objects.bulk_create(
            AttendanceCount(meeting=meeting, gender=gender, age_band=band, count=n)
            for (gender, band), n in doc.attendance.items()
        )
        added = True
    contributions = Contribution.objects.filter(activity=activity, method_key=METHOD_KEY)
    if doc.notes and not contributions.exists():
        dialogue: Dialogue = activity.dialogue
        questions = list(dialogue.questions.all())
        Contribution.objects.bulk_create(
            Contribution(
                dialogue=dialogue,
                activity=activity,
                method_key=METHOD_KEY,
                kind=note.kind,
                question=questions[note.question]
                if note.question is not None and note.question < len(questions)
                else None,
                source_label=note.source,
                title=note.title,
                text=note.text,
                district_id=activity.district_id,
                recorded_by_id=dialogue.created_by_id,
            )
            for note in doc.notes
        )
        # Written down the day after the meeting.
        contributions.update(created_at=meeting.ends_at + datetime.timedelta(days=1))
        added = True
    if doc.evaluations and not meeting.evaluations.exists():
        EvaluationResponse.objects.bulk_create(_evaluations(meeting, doc, seed))
        meeting.evaluations.update(created_at=meeting.ends_at + datetime.timedelta(hours=1))
        added = True
    return int(added)


def _register(meeting: Meeting, people) -> int:
    if meeting.registrations.exists():
        return 0
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            name=name,
            email=email,
            needs=[str(need) for need in needs],
            interpreter_language=language,
            dietary_details=diet,
            other_needs=other,
            status=Registration.Status.CONFIRMED,
        )
        for name, email, needs, language, diet, other in people
    )
    return len(people)
