"""Demo dialogues in Exempelkommun, one or more in every state and at every level of
the participation ladder, on topics from the seed documents.

Rows are written directly (demo data may skip the permission checks), but they look
like what the services would have produced: a search text, a published date, and a
history row with the right actor for every move the dialogue has made. Dates are
relative to today so that the open dialogues are open whenever the demo is loaded.
Each dialogue is keyed on its slug: one that exists already is left alone.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from delaktig.methods.models import Method
from delaktig.municipality.models import District, Municipality, TargetGroup, Topic, Unit

from .lifecycle import MOVES_BY_NAME, RUN
from .models import (
    Activity,
    CommunicationItem,
    Complexity,
    CostItem,
    DecisionStage,
    Dialogue,
    DialogueQuestion,
    DialogueTargetGroup,
    Follow,
    LadderLevel,
    Origin,
    Reach,
    State,
    Transition,
)

SIMPLE, COMPLEX = Complexity.SIMPLE, Complexity.COMPLEX
DIRECT, INDIRECT, NOT_REACHED = Reach.DIRECT, Reach.INDIRECT, Reach.NONE

SARA = "sara.lind@exempelkommun.example"
OMAR = "omar.haddad@exempelkommun.example"
PER = "per.holm@exempelkommun.example"
MARIA = "maria.berg@exempelkommun.example"
RESIDENT = "invanare@exempelkommun.example"

CONTACTS = {
    SARA: ("Sara Lind", "0123-45 67 21"),
    OMAR: ("Omar Haddad", "0123-45 67 42"),
}

# The moves from draft to each state, in order.
FORWARD = ("submit", "approve", "publish", "open", "close", "feed_back", "evaluate", "archive")
MOVES_TO = {
    State.DRAFT: 0,
    State.SUBMITTED: 1,
    State.APPROVED: 2,
    State.PUBLISHED: 3,
    State.OPEN: 4,
    State.COMPILING: 5,
    State.FED_BACK: 6,
    State.EVALUATED: 7,
    State.ARCHIVED: 8,
}


@dataclass
class Act:
    key: str
    method: str  # catalogue slug
    title: str
    starts: int  # days from today
    ends: int
    district: str = ""
    place: str = ""
    description: str = ""


@dataclass
class Group:
    slug: str
    affected: bool
    active: bool
    reach: str
    activities: tuple = ()
    notes: str = ""


@dataclass
class Demo:
    slug: str
    title: str
    summary: str
    state: str
    level: int
    unit: str
    owner: str
    official: str
    approver: str
    origin: str
    stage: str
    purpose: str
    use_of_results: str
    mandate: str
    questions: list
    starts: int
    ends: int
    decision: int
    feedback: int
    complexity: tuple  # politics, target groups, expectations, methods
    measures: list
    accessibility_notes: str
    partners: str
    feedback_how: str
    feedback_by: str
    indicators: list
    districts: list
    topics: list
    activities: list
    groups: list
    communication: list  # (channel, day, audience)
    costs: list  # (description, amount in SEK)
    # Extra moves before the forward path, e.g. a plan sent back once: (move, comment)
    detour: list = field(default_factory=list)
    followers: list = field(default_factory=list)


DIALOGUES = [
    Demo(
        slug="hamnomradet",
        title="Vad ska hända med hamnområdet?",
        summary=(
            "Godshanteringen flyttar från hamnen. Berätta hur du använder området i dag och "
            "vad du vill att det ska bli."
        ),
        state=State.OPEN,
        level=LadderLevel.DIALOGUE,
        unit="samhallsbyggnadsforvaltningen",
        owner="samhallsbyggnadsnamnden",
        official=SARA,
        approver=PER,
        origin=Origin.DECISION,
        stage=DecisionStage.ANALYSIS,
        purpose=(
            "Hamnområdet ska byggas om när godshanteringen flyttar till den nya terminalen. "
            "Innan samhällsbyggnadsnämnden tar fram ett program för detaljplanen vill vi veta "
            "hur invånarna använder området i dag och vad de vill att det ska bli: bostäder, "
            "parker, kultur, båtliv eller något annat.\n\n"
            "Vi vill höra många olika röster, också från dem som sällan kommer på möten."
        ),
        use_of_results=(
            "Det som kommer fram blir underlag till programmet för detaljplanen för "
            "hamnområdet. Samhällsbyggnadsnämnden beslutar om programmet i början av nästa "
            "år. I programmet redovisar vi hur synpunkterna har påverkat förslaget."
        ),
        mandate=(
            "Samhällsbyggnadsnämnden beslutade att genomföra en medborgardialog om "
            "hamnområdets framtid. Öppet för påverkan: vad området ska användas till, vilka "
            "platser som ska bevaras och hur man ska röra sig där. Redan bestämt: "
            "godshanteringen flyttar och vägen till färjeläget ligger kvar."
        ),
        questions=[
            "Hur använder du hamnområdet i dag?",
            "Vad vill du att hamnområdet ska vara om tio år?",
            "Vilka platser i hamnen är viktiga att bevara?",
        ],
        starts=-20,
        ends=25,
        decision=120,
        feedback=70,
        complexity=(COMPLEX, COMPLEX, COMPLEX, SIMPLE),
        measures=["hearing_loop", "accessible_venue", "easy_swedish", "interpreter"],
        accessibility_notes=(
            "Cafékvällen är i Hamnmagasinet, som har ramp, hörslinga och tillgänglig toalett. "
            "Enkäten finns på lättläst svenska. Säg till senast en vecka innan om du behöver "
            "tolk."
        ),
        partners=(
            "Hamnens båtklubb, Hyresgästföreningen i Hamnen och Studieförbundet Vuxenskolan, "
            "som ställer upp med bordsvärdar."
        ),
        feedback_how=(
            "Vi skickar e-post till alla som har lämnat sin adress och publicerar en "
            "sammanställning på den här sidan. Vi berättar också om resultatet på ett öppet "
            "möte i Hamnmagasinet."
        ),
        feedback_by="Sara Lind, processledare, tillsammans med samhällsbyggnadsnämndens presidium",
        indicators=[
            "Minst 400 svar på enkäten",
            "Minst 25 % av deltagarna är under 30 år",
            "Deltagare från alla kommundelar",
            "Minst 70 % av deltagarna tycker att syftet var tydligt",
        ],
        districts=["hamnen", "centrum"],
        topics=["stadsbyggnad", "miljo"],
        activities=[
            Act(
                "survey",
                "enkat",
                "Enkät: hamnområdet i dag och i morgon",
                -20,
                25,
                place="På webben och på papper på biblioteket",
                description="Enkäten tar ungefär tio minuter. Du kan svara anonymt.",
            ),
            Act(
                "cafe",
                "cafemodell",
                "Cafékväll i Hamnmagasinet",
                5,
                5,
                "hamnen",
                "Hamnmagasinet, Kajgatan 4, kl. 18–20.30",
                "En fråga per bord. Du går runt mellan borden och skriver direkt på duken. "
                "Fika finns.",
            ),
            Act(
                "street",
                "gatusamtal",
                "Samtal på kajen och i Hamnskolan",
                -10,
                10,
                "hamnen",
                "Kajen på lördagar och Hamnskolans matsal på lunchen",
                "Politiker och tjänstepersoner finns på plats och frågar dem som går förbi.",
            ),
        ],
        groups=[
            Group(
                "boende-i-omradet",
                True,
                True,
                DIRECT,
                ("cafe", "street"),
                "Hyresgästföreningen hjälper till att bjuda in.",
            ),
            Group("unga", True, False, DIRECT, ("street",), "Vi möter unga i skolan och på kajen."),
            Group(
                "foretagare",
                True,
                True,
                DIRECT,
                ("survey", "cafe"),
                "Brev till företagen i hamnen.",
            ),
            Group(
                "foreningar", False, True, DIRECT, ("cafe",), "Båtklubben och kulturföreningarna."
            ),
            Group("alla", True, False, INDIRECT, ("survey",)),
            Group(
                "funktionsnedsattning",
                True,
                False,
                INDIRECT,
                ("survey",),
                "Via rådet för funktionshinderfrågor.",
            ),
        ],
        communication=[
            ("Brev till företagen i hamnområdet", -25, "Företagare"),
            ("Kommunens webbplats och sociala medier", -21, "Alla invånare"),
            ("Affischer i Hamnen och på biblioteket", -18, "Boende i Hamnen"),
            ("Annons i lokaltidningen", -14, "Alla invånare"),
        ],
        costs=[
            ("Lokalhyra Hamnmagasinet", 4000),
            ("Fika på cafékvällen", 6000),
            ("Tryck av affischer och vykort", 3500),
            ("Tolk", 5000),
        ],
        detour=[
            ("submit", ""),
            ("send_back", "Beskriv hur ni ska nå unga som inte brukar komma på möten."),
        ],
        followers=[RESIDENT],
    ),
    Demo(
        slug="ungdomsbudget-ostra-asen-bjorkdalen",
        title="Ungdomsbudget: 300 000 kronor till fritiden i Östra Åsen och Björkdalen",
        summary=(
            "Är du 13–25 år? Lämna förslag på hur pengarna ska användas och rösta på de "
            "förslag du gillar. Det som får flest röster blir av."
        ),
        state=State.OPEN,
        level=LadderLevel.CODETERMINATION,
        unit="kultur-och-fritidsforvaltningen",
        owner="kultur-och-fritidsnamnden",
        official=OMAR,
        approver=MARIA,
        origin=Origin.GOVERNANCE,
        stage=DecisionStage.DECISION,
        purpose=(
            "Unga i Östra Åsen och Björkdalen bestämmer själva hur 300 000 kronor ska användas "
            "för att göra fritiden bättre. Vi vill att fler unga ska vara med och påverka, och "
            "se att det ger resultat."
        ),
        use_of_results=(
            "De förslag som får flest röster och ryms i budgeten genomförs under året. "
            "Kultur- och fritidsnämnden har beslutat att följa resultatet av omröstningen."
        ),
        mandate=(
            "Kultur- och fritidsnämnden har avsatt 300 000 kronor. Förslagen ska gälla fritid "
            "för unga i Östra Åsen eller Björkdalen, gå att genomföra inom ett år och vara "
            "öppna för alla. Förvaltningen prövar att förslagen går att genomföra innan "
            "omröstningen."
        ),
        questions=[
            "Vad skulle göra fritiden bättre för unga där du bor?",
            "Vilka förslag ska få pengar?",
        ],
        starts=-10,
        ends=30,
        decision=45,
        feedback=60,
        complexity=(SIMPLE, COMPLEX, COMPLEX, COMPLEX),
        measures=["easy_swedish", "other_languages", "accessible_venue"],
        accessibility_notes=(
            "Du kan lämna förslag på webben, på papper på fritidsgården eller berätta för en "
            "fritidsledare. Omröstningen finns på svenska, engelska, arabiska och somaliska."
        ),
        partners=(
            "Fritidsgårdarna i Östra Åsen och Björkdalen, ungdomsrådet och skolorna i området."
        ),
        feedback_how=(
            "Resultatet av omröstningen visas här och på fritidsgårdarna så snart den har "
            "stängt. Vi berättar på skolornas skärmar och i sociala medier vilka förslag som "
            "genomförs och när."
        ),
        feedback_by="Omar Haddad tillsammans med ungdomsrådet",
        indicators=[
            "Minst 60 förslag",
            "Minst 800 unga röstar",
            "Minst 40 % av dem som röstar är tjejer",
            "Alla vinnande förslag är genomförda inom ett år",
        ],
        districts=["ostra-asen", "bjorkdalen"],
        topics=["unga-och-skola", "kultur", "demokrati"],
        activities=[
            Act(
                "budget",
                "medborgarbudget",
                "Lämna förslag och rösta",
                -10,
                30,
                place="På webben och på fritidsgårdarna",
                description=(
                    "Förslag lämnas de första tre veckorna. Därefter prövar förvaltningen "
                    "förslagen och alla unga i området kan rösta."
                ),
            ),
            Act(
                "schools",
                "skolbesok",
                "Klassbesök i högstadieskolorna",
                -7,
                7,
                "ostra-asen",
                "Åsenskolan och Björkdalsskolan",
                "Politiker från nämnden besöker klasserna och hjälper till att formulera förslag.",
            ),
            Act(
                "street",
                "gatusamtal",
                "Fritidsledare ute på kvällarna",
                -10,
                20,
                "bjorkdalen",
                "Torget i Björkdalen, tisdagar och torsdagar",
            ),
        ],
        groups=[
            Group(
                "unga",
                True,
                False,
                DIRECT,
                ("budget", "schools", "street"),
                "Gruppen pengarna är till. Vi söker upp dem i skolan och på torget.",
            ),
            Group(
                "utrikes-fodda",
                True,
                False,
                DIRECT,
                ("street",),
                "Information på flera språk och samtal på plats.",
            ),
            Group(
                "foreningar",
                False,
                True,
                INDIRECT,
                ("budget",),
                "Idrottsföreningarna kan hjälpa unga att skriva förslag.",
            ),
            Group(
                "barnfamiljer",
                False,
                False,
                INDIRECT,
                ("schools",),
                "Föräldrar får brev via skolan.",
            ),
        ],
        communication=[
            ("Instagram och TikTok", -12, "Unga 13–25 år"),
            ("Affischer på fritidsgårdar och busshållplatser", -12, "Unga och föräldrar"),
            ("Skolornas skärmar och lärplattform", -10, "Elever"),
            ("Brev till föräldrar via skolan", -8, "Föräldrar"),
        ],
        costs=[
            ("Budget för ungdomarnas förslag", 300000),
            ("Fritidsledarnas extra timmar", 24000),
            ("Översättning av omröstningen", 6000),
            ("Marknadsföring", 8000),
        ],
        followers=[RESIDENT],
    ),
    Demo(
        slug="framtidens-boende",
        title="Hur vill du bo i framtiden?",
        summary=(
            "Framtidsberedningen vill ta fram förslag om framtidens bostäder tillsammans med "
            "invånare i alla åldrar."
        ),
        state=State.PUBLISHED,
        level=LadderLevel.INFLUENCE,
        unit="samhallsbyggnadsforvaltningen",
        owner="framtidsberedningen",
        official=SARA,
        approver=MARIA,
        origin=Origin.FUTURE,
        stage=DecisionStage.EXPLORATION,
        purpose=(
            "Framtidsberedningen ska ta fram underlag till kommunens nya program för "
            "bostadsförsörjning. Vi vill veta hur invånare i olika åldrar vill bo om 10–20 år: "
            "i vilka delar av kommunen, i vilka slags bostäder och vad som behövs runt omkring."
        ),
        use_of_results=(
            "Framtidsberedningen skriver en rapport till kommunfullmäktige med förslag som "
            "deltagarna har arbetat fram. Rapporten blir underlag för programmet för "
            "bostadsförsörjning."
        ),
        mandate=(
            "Kommunfullmäktiges presidium gav framtidsberedningen uppdraget. Deltagarna "
            "arbetar fram förslag; kommunfullmäktige beslutar om programmet."
        ),
        questions=[
            "Hur vill du bo när du är 25, 45 och 75 år?",
            "Vad behöver finnas nära ditt hem för att du ska vilja bo kvar i kommunen?",
            "Var i kommunen ska det byggas nya bostäder, och vilka?",
        ],
        starts=30,
        ends=75,
        decision=240,
        feedback=110,
        complexity=(COMPLEX, COMPLEX, SIMPLE, COMPLEX),
        measures=["hearing_loop", "sign_language", "accessible_venue", "childcare"],
        accessibility_notes=(
            "Framtidsverkstaden är en lördag och det finns barnpassning. Säg till senast två "
            "veckor innan om du behöver teckenspråkstolk."
        ),
        partners=(
            "Det kommunala bostadsbolaget, pensionärsrådet, ungdomsrådet och Hyresgästföreningen."
        ),
        feedback_how=(
            "Deltagarna får läsa utkastet till rapport och lämna synpunkter innan den lämnas "
            "till kommunfullmäktige. Alla som bevakar dialogen får e-post när rapporten är klar."
        ),
        feedback_by="Framtidsberedningens ordförande",
        indicators=[
            "Deltagare i alla åldersgrupper från 18 år",
            "Deltagare från minst sex av sju kommundelar",
            "Minst tre förslag från deltagarna finns med i rapporten",
        ],
        districts=["centrum", "norrby", "lillsjo", "ekbacken"],
        topics=["stadsbyggnad", "demokrati"],
        activities=[
            Act(
                "workshop",
                "framtidsverkstad",
                "Framtidsverkstad: så vill vi bo 2040",
                35,
                35,
                "centrum",
                "Stadshuset, sessionssalen, kl. 10–15",
                "Vi kritiserar, drömmer och gör en plan, i tre steg under en dag. Lunch ingår.",
            ),
            Act(
                "focus",
                "fokusgrupp",
                "Fokusgrupper med unga vuxna, seniorer och nyanlända",
                40,
                55,
                place="Biblioteket och Träffpunkt Norrby",
            ),
            Act(
                "meeting",
                "oppet-mote",
                "Öppet möte: förslagen presenteras",
                70,
                70,
                "lillsjo",
                "Lillsjö bygdegård, kl. 18.30",
            ),
        ],
        groups=[
            Group("alla", True, False, DIRECT, ("workshop", "meeting")),
            Group(
                "unga",
                True,
                False,
                DIRECT,
                ("focus",),
                "Unga vuxna som vill flytta hemifrån eller tillbaka.",
            ),
            Group("aldre", True, True, DIRECT, ("focus", "meeting"), "Via pensionärsrådet."),
            Group(
                "utrikes-fodda", True, False, DIRECT, ("focus",), "En fokusgrupp med SFI-elever."
            ),
            Group(
                "foretagare",
                False,
                True,
                INDIRECT,
                ("meeting",),
                "Byggföretag och fastighetsägare bjuds in till det öppna mötet.",
            ),
        ],
        communication=[
            ("Kommunens webbplats", -2, "Alla invånare"),
            ("Utskick till nyinflyttade", 10, "Nyinflyttade"),
            ("SFI-klasser och föreningar", 15, "Personer födda utomlands"),
            ("Lokaltidningen och lokalradion", 20, "Alla invånare"),
        ],
        costs=[
            ("Extern processledare för framtidsverkstaden", 35000),
            ("Lokaler och mat", 12000),
            ("Teckenspråkstolk och barnpassning", 9000),
        ],
    ),
    Demo(
        slug="lekplatser-ekbacken",
        title="Nya lekplatser i Ekbacken",
        summary="Barn och föräldrar i Ekbacken är med och utformar två nya lekplatser.",
        state=State.APPROVED,
        level=LadderLevel.INFLUENCE,
        unit="samhallsbyggnadsforvaltningen",
        owner="samhallsbyggnadsnamnden",
        official=SARA,
        approver=PER,
        origin=Origin.SERVICE,
        stage=DecisionStage.PROPOSAL,
        purpose=(
            "Två lekplatser i Ekbacken ska byggas om. Barnen som ska leka där och deras "
            "föräldrar är med och tar fram förslagen tillsammans med landskapsarkitekten."
        ),
        use_of_results=(
            "Barnens och föräldrarnas förslag blir ritningar som samhällsbyggnadsnämnden "
            "beslutar om. Lekplatserna byggs nästa sommar."
        ),
        mandate=(
            "Nämnden har beslutat om budget och platser. Öppet för påverkan: vad som ska "
            "finnas på lekplatserna och hur de ska se ut."
        ),
        questions=[
            "Vad vill du kunna göra på lekplatsen?",
            "Vad behövs för att hela familjen ska trivas där?",
        ],
        starts=60,
        ends=100,
        decision=150,
        feedback=130,
        complexity=(SIMPLE, SIMPLE, COMPLEX, SIMPLE),
        measures=["accessible_venue", "easy_swedish", "other_languages"],
        accessibility_notes=(
            "Lekplatsdagen hålls i parken på plan mark. Vi har bilder och enkla texter så att "
            "alla barn kan vara med."
        ),
        partners="Ekbackens skola och fritidshem, landskapsarkitekt.",
        feedback_how=(
            "Barnen får se ritningarna i skolan. Föräldrarna får e-post och ritningarna "
            "publiceras här."
        ),
        feedback_by="Sara Lind och landskapsarkitekten",
        indicators=[
            "Minst 150 barn deltar",
            "Minst 50 föräldrar svarar på enkäten",
            "Barnens förslag syns i ritningarna",
        ],
        districts=["ekbacken"],
        topics=["stadsbyggnad", "folkhalsa"],
        activities=[
            Act(
                "school",
                "skolbesok",
                "Barnen ritar sin lekplats",
                60,
                70,
                "ekbacken",
                "Ekbackens skola, årskurs 1–5",
            ),
            Act("survey", "enkat", "Enkät till föräldrar", 60, 100, place="På webben"),
            Act(
                "day",
                "oppet-mote",
                "Lekplatsdag i parken",
                85,
                85,
                "ekbacken",
                "Ekbackens park, kl. 14–17",
            ),
        ],
        groups=[
            Group(
                "barn", True, False, DIRECT, ("school", "day"), "De som ska använda lekplatserna."
            ),
            Group("barnfamiljer", True, True, DIRECT, ("survey", "day")),
            Group(
                "funktionsnedsattning",
                True,
                False,
                DIRECT,
                ("survey",),
                "Vi frågar särskilt om tillgänglig lek.",
            ),
        ],
        communication=[
            ("Brev hem via skolan", 55, "Föräldrar"),
            ("Affischer vid lekplatserna", 55, "Boende i Ekbacken"),
        ],
        costs=[("Material till barnens ritningar", 2000), ("Lekplatsdag: fika och tält", 7000)],
    ),
    Demo(
        slug="sakrare-skolvagar-lillsjo",
        title="Säkrare skolvägar i Lillsjö",
        summary="Var känns skolvägen osäker? Elever och föräldrar visar oss.",
        state=State.SUBMITTED,
        level=LadderLevel.CONSULTATION,
        unit="samhallsbyggnadsforvaltningen",
        owner="samhallsbyggnadsnamnden",
        official=SARA,
        approver=PER,
        origin=Origin.CURRENT,
        stage=DecisionStage.NEEDS,
        purpose=(
            "Föräldrar i Lillsjö har hört av sig om trafiken vid skolan. Vi vill veta var "
            "eleverna känner sig osäkra på vägen till skolan och varför."
        ),
        use_of_results=(
            "Svaren blir en lista över platser som ska åtgärdas, med förslag som "
            "samhällsbyggnadsnämnden tar med i trafikplanen."
        ),
        mandate="Nämnden har gett förvaltningen i uppdrag att kartlägga skolvägarna i Lillsjö.",
        questions=[
            "Var på skolvägen känner du dig osäker?",
            "Vad skulle göra skolvägen säkrare?",
        ],
        starts=90,
        ends=120,
        decision=180,
        feedback=150,
        complexity=(SIMPLE, SIMPLE, SIMPLE, SIMPLE),
        measures=["easy_swedish", "other_languages"],
        accessibility_notes="Enkäten har bilder och finns på flera språk.",
        partners="Lillsjö skola och föräldraföreningen.",
        feedback_how="Eleverna får svar i klassrummet; föräldrarna via skolans lärplattform.",
        feedback_by="Sara Lind",
        indicators=["Minst 70 % av eleverna deltar", "Minst 100 föräldrar svarar"],
        districts=["lillsjo"],
        topics=["trafik", "trygghet", "unga-och-skola"],
        activities=[
            Act(
                "school",
                "skolbesok",
                "Eleverna kartlägger skolvägen",
                90,
                100,
                "lillsjo",
                "Lillsjö skola",
            ),
            Act("survey", "enkat", "Enkät till elever och föräldrar", 90, 120, place="På webben"),
            Act(
                "walk",
                "trygghetsvandring",
                "Skolvägsvandring",
                105,
                105,
                "lillsjo",
                "Samling vid skolans entré kl. 7.45",
            ),
        ],
        groups=[
            Group("barn", True, False, DIRECT, ("school", "walk")),
            Group("barnfamiljer", True, True, DIRECT, ("survey", "walk")),
            Group("unga", True, False, DIRECT, ("survey",)),
        ],
        communication=[
            ("Skolans lärplattform", 85, "Föräldrar"),
            ("Information i klasserna", 88, "Elever"),
        ],
        costs=[("Reflexvästar", 3000), ("Kartor och tryck", 2500)],
    ),
    Demo(
        slug="motesplatser-for-aldre-bjorkdalen",
        title="Mötesplatser för äldre i Björkdalen",
        summary="Hur ska en mötesplats för äldre i Björkdalen vara för att du ska vilja gå dit?",
        state=State.DRAFT,
        level=LadderLevel.DIALOGUE,
        unit="kultur-och-fritidsforvaltningen",
        owner="kultur-och-fritidsnamnden",
        official=OMAR,
        approver=MARIA,
        origin=Origin.SERVICE,
        stage=DecisionStage.NEEDS,
        purpose=(
            "Träffpunkten i Björkdalen har få besökare. Vi vill förstå vad äldre i området "
            "vill ha för mötesplats, så att fler vill och kan komma."
        ),
        use_of_results="Underlag för hur träffpunkten ska utvecklas nästa år.",
        mandate="Förvaltningens eget uppdrag i verksamhetsplanen.",
        questions=["Vad skulle få dig att gå till en mötesplats i Björkdalen?"],
        starts=120,
        ends=160,
        decision=200,
        feedback=190,
        complexity=(SIMPLE, COMPLEX, SIMPLE, SIMPLE),
        measures=["hearing_loop", "accessible_venue"],
        accessibility_notes="Träffarna är på dagtid i lokaler utan trappor.",
        partners="Pensionärsföreningarna i Björkdalen.",
        feedback_how="Vi berättar om resultatet på en träff i Björkdalen och i föreningarnas blad.",
        feedback_by="Omar Haddad",
        # Still a draft: costs, communication and indicators are not written yet, so the
        # editor shows what is missing.
        indicators=[],
        districts=["bjorkdalen"],
        topics=["folkhalsa", "kultur"],
        activities=[
            Act(
                "focus",
                "fokusgrupp",
                "Samtal med pensionärsföreningarna",
                120,
                135,
                "bjorkdalen",
                "Träffpunkt Björkdalen",
            ),
            Act(
                "cafe",
                "cafemodell",
                "Café om framtidens träffpunkt",
                150,
                150,
                "bjorkdalen",
                "Björkdalens kyrka, församlingshemmet",
            ),
        ],
        groups=[
            Group("aldre", True, False, DIRECT, ("focus", "cafe"), "Särskilt de som bor ensamma."),
            Group("foreningar", False, True, DIRECT, ("focus",)),
            Group(
                "funktionsnedsattning", True, False, NOT_REACHED, (), "Behöver vi nå på annat sätt."
            ),
        ],
        communication=[],
        costs=[],
    ),
    Demo(
        slug="kulturhuset",
        title="Det nya kulturhuset – vad vill du göra där?",
        summary=(
            "Det gamla tingshuset blir kulturhus. Vi frågade vilket av två förslag du "
            "föredrar. Nu sammanställer vi svaren."
        ),
        state=State.COMPILING,
        level=LadderLevel.CONSULTATION,
        unit="kultur-och-fritidsforvaltningen",
        owner="kultur-och-fritidsnamnden",
        official=OMAR,
        approver=MARIA,
        origin=Origin.DECISION,
        stage=DecisionStage.PROPOSAL,
        purpose=(
            "Kommunen bygger om det gamla tingshuset i Centrum till kulturhus med bibliotek, "
            "scen och ateljéer. Vi frågade invånarna vilket av två förslag på innehåll och "
            "öppettider de föredrar, och vad som saknas."
        ),
        use_of_results=(
            "Kultur- och fritidsnämnden väljer förslag och gör verksamhetsplanen för "
            "kulturhuset. Sammanställningen lämnas till nämnden innan beslutet."
        ),
        mandate=(
            "Nämnden har beslutat om två alternativ: A med mer bibliotek och studieplatser, B "
            "med mer scen och ateljéer. Byggnaden och budgeten är redan beslutade."
        ),
        questions=[
            "Vilket förslag föredrar du, A eller B? Varför?",
            "Vilka tider skulle du besöka kulturhuset?",
            "Vad saknas i förslagen?",
        ],
        starts=-75,
        ends=-15,
        decision=50,
        feedback=30,
        complexity=(SIMPLE, SIMPLE, SIMPLE, SIMPLE),
        measures=["easy_swedish", "other_languages", "accessible_venue"],
        accessibility_notes=(
            "Enkäten fanns på lättläst svenska, engelska och arabiska och gick att besvara på "
            "papper på biblioteket."
        ),
        partners="Kulturföreningarna i Centrum och studieförbunden.",
        feedback_how=(
            "Vi publicerar sammanställningen här och skickar den till alla som har lämnat "
            "e-postadress. Nämndens beslut läggs ut när det är fattat."
        ),
        feedback_by="Kultur- och fritidsförvaltningen",
        indicators=[
            "Minst 600 svar",
            "Svar från alla kommundelar",
            "Minst 30 % av svaren från personer som sällan besöker biblioteket",
        ],
        districts=["centrum"],
        topics=["kultur"],
        activities=[
            Act(
                "survey",
                "enkat",
                "Enkät: välj mellan förslag A och B",
                -75,
                -15,
                place="På webben och på biblioteket",
            ),
            Act(
                "lunch",
                "lunchdialog",
                "Lunchdialog på restauranger i Centrum",
                -50,
                -46,
                "centrum",
                "Fem lunchrestauranger i Centrum",
                "Frågorna stod på bordsstativ. En värd från förvaltningen fanns på plats.",
            ),
            Act(
                "popup",
                "gatusamtal",
                "Pop-up i gallerian",
                -40,
                -40,
                "centrum",
                "Gallerian Kronan",
            ),
        ],
        groups=[
            Group("alla", True, False, DIRECT, ("survey", "lunch")),
            Group(
                "barnfamiljer",
                True,
                False,
                DIRECT,
                ("survey", "lunch"),
                "Lunch och enkät passar den som har ont om tid.",
            ),
            Group("foreningar", True, True, DIRECT, ("survey",)),
            Group("unga", True, False, DIRECT, ("popup",)),
            Group(
                "utrikes-fodda",
                True,
                False,
                INDIRECT,
                ("survey",),
                "Enkät på flera språk, spreds via SFI.",
            ),
        ],
        communication=[
            ("Kommunens webbplats och sociala medier", -76, "Alla invånare"),
            ("Affischer på biblioteket", -75, "Besökare på biblioteket"),
            ("Bordsstativ på lunchrestauranger", -51, "Yrkesverksamma"),
        ],
        costs=[
            ("Tryck av enkät och bordsstativ", 7000),
            ("Översättning", 8000),
            ("Lunch till värdarna", 2500),
        ],
    ),
    Demo(
        slug="trygghetsvandring-norrby",
        title="Trygghetsvandring i Norrby",
        summary=(
            "Vi gick tillsammans genom Norrby för att se var det känns otryggt. Här ser du "
            "vad som kom fram och vad som ska göras."
        ),
        state=State.FED_BACK,
        level=LadderLevel.CONSULTATION,
        unit="samhallsbyggnadsforvaltningen",
        owner="samhallsbyggnadsnamnden",
        official=SARA,
        approver=PER,
        origin=Origin.CURRENT,
        stage=DecisionStage.NEEDS,
        purpose=(
            "Många i Norrby säger att de känner sig otrygga vid tunneln under järnvägen och i "
            "parken på kvällen. Vi gick tillsammans med boende, polisen och bostadsbolaget "
            "för att se vad som behöver ändras."
        ),
        use_of_results=(
            "Det som kom fram blev en lista med åtgärder för belysning, röjning av buskar och "
            "skyltning. Samhällsbyggnadsnämnden tog med åtgärderna i budgeten."
        ),
        mandate="Nämnden gav förvaltningen i uppdrag att genomföra trygghetsvandringar i Norrby.",
        questions=[
            "Var i Norrby känner du dig otrygg, och varför?",
            "Vad skulle göra platsen tryggare?",
        ],
        starts=-150,
        ends=-110,
        decision=-80,
        feedback=-60,
        complexity=(SIMPLE, SIMPLE, SIMPLE, SIMPLE),
        measures=["accessible_venue", "interpreter", "other_languages"],
        accessibility_notes=(
            "Vandringen gick på asfalterade gångvägar och var ungefär två kilometer. Tolk på "
            "arabiska och somaliska fanns med."
        ),
        partners="Polisen, Norrbybostäder, trygghetsrådet och föreningen Norrby Tillsammans.",
        feedback_how=(
            "Listan med åtgärder skickades till alla deltagare och sattes upp i "
            "trappuppgångarna. Vi berättade om besluten på en träff i Träffpunkt Norrby."
        ),
        feedback_by="Sara Lind",
        indicators=[
            "Minst 30 deltagare",
            "Hälften av deltagarna är kvinnor",
            "Minst 80 % av åtgärderna genomförda inom ett år",
        ],
        districts=["norrby"],
        topics=["trygghet", "stadsbyggnad"],
        activities=[
            Act(
                "talks",
                "gatusamtal",
                "Samtal vid Norrby centrum",
                -140,
                -135,
                "norrby",
                "Norrby centrum",
            ),
            Act(
                "walk",
                "trygghetsvandring",
                "Kvällsvandring i Norrby",
                -130,
                -130,
                "norrby",
                "Start vid Träffpunkt Norrby kl. 19",
            ),
            Act(
                "school_walk",
                "trygghetsvandring",
                "Vandring med elever från Norrbyskolan",
                -128,
                -128,
                "norrby",
                "Norrbyskolan",
            ),
        ],
        groups=[
            Group("boende-i-omradet", True, True, DIRECT, ("walk", "talks")),
            Group("unga", True, False, DIRECT, ("school_walk",)),
            Group("aldre", True, False, DIRECT, ("walk",)),
            Group("utrikes-fodda", True, False, DIRECT, ("walk", "talks"), "Tolk vid vandringen."),
            Group(
                "funktionsnedsattning", True, False, DIRECT, ("walk",), "Slingan är tillgänglig."
            ),
        ],
        communication=[
            ("Lappar i trappuppgångarna", -145, "Boende i Norrby"),
            ("Norrbybostädernas nyhetsbrev", -140, "Hyresgäster"),
            ("Föreningen Norrby Tillsammans", -140, "Föreningsmedlemmar"),
        ],
        costs=[
            ("Reflexvästar och ficklampor", 3000),
            ("Tolk", 4500),
            ("Fika efter vandringen", 2000),
        ],
        followers=[RESIDENT],
    ),
    Demo(
        slug="hur-blir-vi-friskare",
        title="Hur blir vi friskare?",
        summary=(
            "Framtidsberedningens ledamöter pratade med invånare om vad som gör det lättare "
            "att må bra. Rapporten är klar och dialogen är utvärderad."
        ),
        state=State.EVALUATED,
        level=LadderLevel.DIALOGUE,
        unit="kultur-och-fritidsforvaltningen",
        owner="framtidsberedningen",
        official=OMAR,
        approver=MARIA,
        origin=Origin.FUTURE,
        stage=DecisionStage.NEEDS,
        purpose=(
            "Framtidsberedningen ville förstå vad som gör det lättare för invånarna att röra "
            "sig mer, äta bra och må bra, och vad kommunen kan göra. Ledamöterna träffade "
            "invånare där de redan är."
        ),
        use_of_results=(
            "Beredningen lämnade en rapport till kommunfullmäktige som blev underlag för "
            "kommunens folkhälsoprogram."
        ),
        mandate="Uppdrag från kommunfullmäktiges presidium.",
        questions=[
            "Vad hjälper dig att må bra i vardagen?",
            "Vad hindrar dig från att röra dig mer?",
            "Vad borde kommunen göra först?",
        ],
        starts=-300,
        ends=-240,
        decision=-180,
        feedback=-200,
        complexity=(COMPLEX, SIMPLE, SIMPLE, SIMPLE),
        measures=["accessible_venue", "easy_swedish", "hearing_loop"],
        accessibility_notes="Hälsocaféet hölls i en lokal utan trappor, med hörslinga.",
        partners="Regionens folkhälsoenhet, friskvårdsföreningarna och pensionärsorganisationerna.",
        feedback_how=(
            "Rapporten skickades till alla deltagare som lämnat adress och presenterades på "
            "ett öppet möte."
        ),
        feedback_by="Framtidsberedningen",
        indicators=[
            "Minst 500 samtal",
            "Samtal i alla kommundelar",
            "Rapporten behandlad i kommunfullmäktige",
        ],
        districts=["bjorkdalen", "ekbacken", "lillsjo", "ostra-asen"],
        topics=["folkhalsa"],
        activities=[
            Act(
                "street",
                "gatusamtal",
                "Samtal i mataffärer och på idrottsplatser",
                -300,
                -260,
                place="Mataffärer och idrottsplatser i hela kommunen",
            ),
            Act(
                "cafe",
                "cafemodell",
                "Hälsocafé i Ekbacken",
                -280,
                -280,
                "ekbacken",
                "Ekbackens folkets hus",
            ),
            Act(
                "lunch",
                "lunchdialog",
                "Lunchdialog på arbetsplatser",
                -270,
                -265,
                place="Kommunens största arbetsplatser",
            ),
        ],
        groups=[
            Group("alla", True, False, DIRECT, ("street",)),
            Group("aldre", True, True, DIRECT, ("cafe",)),
            Group("barnfamiljer", True, False, DIRECT, ("street", "lunch")),
            Group("foreningar", False, True, DIRECT, ("cafe",)),
            Group("funktionsnedsattning", True, False, INDIRECT, ("cafe",)),
        ],
        communication=[
            ("Annons i lokaltidningen", -305, "Alla invånare"),
            ("Affischer i mataffärer", -302, "Alla invånare"),
            ("Föreningarnas nyhetsbrev", -300, "Föreningar"),
        ],
        costs=[("Fika och material", 8000), ("Lokalhyra", 3000)],
    ),
    Demo(
        slug="gang-och-cykelbro-centrum-lillsjo",
        title="Ny gång- och cykelbro mellan Centrum och Lillsjö",
        summary="Information om bygget av den nya bron och om hur trafiken leddes om.",
        state=State.ARCHIVED,
        level=LadderLevel.INFORMATION,
        unit="samhallsbyggnadsforvaltningen",
        owner="samhallsbyggnadsnamnden",
        official=SARA,
        approver=PER,
        origin=Origin.DECISION,
        stage=DecisionStage.IMPLEMENTATION,
        purpose=(
            "Informera om bygget av den nya gång- och cykelbron: när den byggs, hur trafiken "
            "leds om och vem man kan kontakta."
        ),
        use_of_results=(
            "Bron var redan beslutad. Frågor och synpunkter under bygget användes för att "
            "förbättra skyltningen och omledningen."
        ),
        mandate="Samhällsbyggnadsnämnden har beslutat om bron och tidplanen.",
        questions=["Har du frågor om bygget eller om hur trafiken leds om?"],
        starts=-500,
        ends=-470,
        decision=-520,
        feedback=-460,
        complexity=(SIMPLE, SIMPLE, SIMPLE, SIMPLE),
        measures=["easy_swedish", "accessible_venue", "hearing_loop"],
        accessibility_notes="Informationsmötet hölls i en lokal med hörslinga.",
        partners="Entreprenören och kollektivtrafiken.",
        feedback_how="Svar på vanliga frågor publicerades på webben och vid byggplatsen.",
        feedback_by="Samhällsbyggnadsförvaltningen",
        indicators=["Färre klagomål på omledningen än vid förra brobygget"],
        districts=["centrum", "lillsjo"],
        topics=["trafik", "stadsbyggnad"],
        activities=[
            Act(
                "meeting",
                "oppet-mote",
                "Informationsmöte om brobygget",
                -495,
                -495,
                "lillsjo",
                "Lillsjö bygdegård",
            ),
        ],
        groups=[
            Group("boende-i-omradet", True, True, DIRECT, ("meeting",)),
            Group("alla", True, False, INDIRECT, ("meeting",)),
            Group(
                "funktionsnedsattning",
                True,
                False,
                DIRECT,
                ("meeting",),
                "Den tillfälliga vägen är tillgänglig.",
            ),
        ],
        communication=[
            ("Brev till hushållen i Centrum och Lillsjö", -510, "Boende"),
            ("Kommunens webbplats", -510, "Alla invånare"),
            ("Skyltar vid byggplatsen", -505, "Alla som passerar"),
        ],
        costs=[("Utskick till hushållen", 12000), ("Skyltar", 6000)],
    ),
]


class MissingCatalogue(LookupError):
    pass


def _by_slug(model, slugs, **filters):
    found = {obj.slug: obj for obj in model.objects.filter(slug__in=set(slugs), **filters)}
    missing = sorted(set(slugs) - set(found))
    if missing:
        raise MissingCatalogue(
            f"Demo dialogues need {model._meta.verbose_name_plural} that are missing: "
            f"{', '.join(missing)}"
        )
    return found


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _history(demo: Demo) -> list[tuple[str, int, str]]:
    """(move, day, comment) for every move the dialogue has made, oldest first, all
    in the past, spaced the way a real plan would move."""
    forward = list(FORWARD[: MOVES_TO[demo.state]])
    planned = {
        "submit": demo.starts - 60,
        "send_back": demo.starts - 56,
        "approve": demo.starts - 40,
        "publish": demo.starts - 21,
        "open": demo.starts,
        "close": demo.ends + 1,
        "feed_back": demo.feedback,
        "evaluate": demo.feedback + 30,
        "archive": demo.feedback + 90,
    }
    steps = [
        (move, planned[move] - 10 + 2 * i, comment) for i, (move, comment) in enumerate(demo.detour)
    ]
    steps += [(move, planned[move], "") for move in forward]
    # Keep the moves in order and in the past, a day apart at least.
    result, latest = [], 0
    for move, day, comment in reversed(steps):
        latest = min(day, latest - 1)
        result.append((move, latest, comment))
    return list(reversed(result))


@transaction.atomic
def load(*, log) -> None:
    municipality = Municipality.objects.filter(slug="exempelkommun").first()
    if municipality is None:
        log("No demo municipality; skipping demo dialogues.")
        return
    existing = set(
        Dialogue.objects.filter(
            municipality=municipality, slug__in=[d.slug for d in DIALOGUES]
        ).values_list("slug", flat=True)
    )
    todo = [demo for demo in DIALOGUES if demo.slug not in existing]
    if not todo:
        log(f"Demo dialogues: all {len(DIALOGUES)} exist already.")
        return

    units = _by_slug(Unit, [s for d in todo for s in (d.unit, d.owner)], municipality=municipality)
    districts = _by_slug(
        District,
        [s for d in todo for s in d.districts + [a.district for a in d.activities if a.district]],
        municipality=municipality,
    )
    topics = _by_slug(Topic, [s for d in todo for s in d.topics])
    groups = _by_slug(TargetGroup, [g.slug for d in todo for g in d.groups])
    methods = _by_slug(Method, [a.method for d in todo for a in d.activities])
    people = {
        user.email: user
        for user in get_user_model().objects.filter(email__in=[SARA, OMAR, PER, MARIA, RESIDENT])
    }

    today = date.today()

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    for demo in todo:
        official = people.get(demo.official)
        name, phone = CONTACTS[demo.official]
        politics, target_groups, expectations, choice_of_methods = demo.complexity
        dialogue = Dialogue.objects.create(
            municipality=municipality,
            unit=units[demo.unit],
            owner_committee=units[demo.owner],
            title=demo.title,
            slug=demo.slug,
            summary=demo.summary,
            state=demo.state,
            purpose=demo.purpose,
            use_of_results=demo.use_of_results,
            ladder_level=demo.level,
            origin=demo.origin,
            mandate=demo.mandate,
            decision_stage=demo.stage,
            contact_name=name,
            contact_email=demo.official,
            contact_phone=phone,
            partners=demo.partners,
            starts_on=day(demo.starts),
            ends_on=day(demo.ends),
            decision_on=day(demo.decision),
            accessibility_measures=demo.measures,
            accessibility_notes=demo.accessibility_notes,
            feedback_how=demo.feedback_how,
            feedback_due_on=day(demo.feedback),
            feedback_by=demo.feedback_by,
            evaluation_indicators="\n".join(demo.indicators),
            complexity_politics=politics,
            complexity_target_groups=target_groups,
            complexity_expectations=expectations,
            complexity_methods=choice_of_methods,
            quality_review_done=COMPLEX in demo.complexity,
            created_by=official,
            search_text=" ".join(
                (demo.title, demo.summary, demo.purpose, " ".join(demo.questions))
            ).lower(),
        )
        if official:
            dialogue.responsible.add(official)
        dialogue.districts.set([districts[s] for s in demo.districts])
        dialogue.topics.set([topics[s] for s in demo.topics])
        DialogueQuestion.objects.bulk_create(
            DialogueQuestion(dialogue=dialogue, text=text, position=position)
            for position, text in enumerate(demo.questions)
        )
        activities = {}
        for act in demo.activities:
            activities[act.key] = Activity.objects.create(
                dialogue=dialogue,
                method=methods[act.method],
                title=act.title,
                description=act.description,
                starts_on=day(act.starts),
                ends_on=day(act.ends),
                district=districts.get(act.district),
                place=act.place,
            )
        for group in demo.groups:
            row = DialogueTargetGroup.objects.create(
                dialogue=dialogue,
                target_group=groups[group.slug],
                affected=group.affected,
                active=group.active,
                reach=group.reach,
                notes=group.notes,
            )
            row.activities.set([activities[key] for key in group.activities])
        CommunicationItem.objects.bulk_create(
            CommunicationItem(dialogue=dialogue, channel=channel, date=day(when), audience=who)
            for channel, when, who in demo.communication
        )
        CostItem.objects.bulk_create(
            CostItem(dialogue=dialogue, description=text, amount=amount)
            for text, amount in demo.costs
        )

        history = _history(demo)
        state, published_at = State.DRAFT, None
        for move_name, when, comment in history:
            move = MOVES_BY_NAME[move_name]
            actor = official if move.permission == RUN else people.get(demo.approver)
            transition = Transition.objects.create(
                dialogue=dialogue,
                from_state=move.source,
                to_state=move.target,
                actor=actor,
                comment=comment,
            )
            # created_at is set on insert; move it back to when the step happened.
            Transition.objects.filter(pk=transition.pk).update(created_at=_moment(day(when)))
            if move.target == State.PUBLISHED and published_at is None:
                published_at = _moment(day(when))
            state = move.target
        if state != demo.state:
            raise ValueError(f"Demo dialogue {demo.slug}: its history ends in {state}")
        first = history[0][1] if history else -3
        Dialogue.objects.filter(pk=dialogue.pk).update(
            created_at=_moment(day(first - 14)),
            updated_at=_moment(day(history[-1][1] if history else -1)),
            published_at=published_at,
        )
        for email in demo.followers:
            if email in people:
                Follow.objects.get_or_create(dialogue=dialogue, user=people[email])
    log(f"Demo dialogues: {len(todo)} created, {len(existing)} existed already.")
