"""Two demo dialogues carried through the whole cycle: input, themes, report,
decision, feedback and evaluation.

``trygghetsvandring-norrby`` (fed back) and ``hur-blir-vi-friskare`` (evaluated)
are created by the dialogues' demo and get meetings from the meetings' demo. This
loader runs last of the results-side demos (INSTALLED_APPS order) and, for each:

1. adds offline notes (what residents said at the walks, cafés and lunches) through
   the contributions service, so the theme analysis has enough Swedish text,
2. runs the theme analysis synchronously, renames the themes, merges one pair and
   publishes them,
3. publishes the report with a written summary and conclusions,
4. records the decision and publishes the feedback (without e-mailing anyone:
   the demo residents are fictional, and loading demo data must not send mail),
5. switches on an evaluation for a non-meeting activity and for the dialogue as a
   whole, with seeded answers.

The officials who run the dialogues act, through the services, so the audit log
reads as in real use. Each step is skipped when its result exists, so loading
twice changes nothing.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from delaktig.accounts.models import User
from delaktig.contributions.models import Contribution
from delaktig.contributions.services import contribution_create
from delaktig.dialogues.models import Activity, Dialogue

from .models import Response

SARA = "sara.lind@exempelkommun.example"
OMAR = "omar.haddad@exempelkommun.example"
NOTE_METHOD, NOTE_KIND = "meetings", "note"

# Offline notes per (dialogue slug, activity title): what residents said, as the
# staff wrote it down. Grouped so the analysis finds clear themes.
NOTES = {
    "trygghetsvandring-norrby": {
        "Kvällsvandring i Norrby": [
            "Belysningen i gångtunneln är för svag och en lampa har varit trasig länge.",
            "Det behövs mer belysning längs gångvägen mellan centrum och skolan.",
            "Gatlyktorna vid parkeringen lyser för svagt, det är mörkt runt hörnet.",
            "Byt till starkare belysning i tunneln och måla väggarna ljusa.",
            "Mörkt vid busshållplatsen på kvällen, belysning skulle hjälpa mycket.",
            "Buskarna vid parkeringen är höga och skymmer sikten, de borde röjas.",
            "Röj buskarna längs gångvägen så att man ser vem som kommer.",
            "Häckarna vid lekplatsen har vuxit igen, klipp ner dem så blir det öppnare.",
            "Buskar och sly vid tunneln gör att det känns instängt, röj där.",
            "Lekplatsen är öde på kvällen, det behövs bänkar och folk i rörelse.",
            "Unga saknar en plats att vara på kvällen, öppna fritidsgården fler kvällar.",
            "En fritidsgård som är öppen på helgen skulle göra parken tryggare.",
        ],
        "Vandring med elever från Norrbyskolan": [
            "Bilarna kör för fort på Norrbyvägen vid skolan, det behövs farthinder.",
            "Det saknas övergångsställe vid tunneln, så folk springer över vägen.",
            "Cykelbana saknas, vi cyklar på trottoaren för att vägen är farlig.",
            "Farthinder och ett övergångsställe vid skolan skulle göra trafiken säkrare.",
            "Trafiken vid busshållplatsen på morgonen är rörig och bilarna kör fort.",
            "Skogsdungen som vi går genom till skolan är mörk, sätt upp belysning.",
            "Fritidsgården borde vara öppen längre så att unga har någonstans att vara.",
            "Vi vill ha en plats för unga i parken med tak och belysning.",
        ],
    },
    "hur-blir-vi-friskare": {
        "Hälsocafé i Ekbacken": [
            "Jag rör mig mer när det finns promenadstråk med bänkar att vila på.",
            "Belysta promenadstråk gör att jag vågar gå ut och gå även på vintern.",
            "Fler bänkar längs promenadvägarna så att äldre orkar gå längre.",
            "Gemensamma promenader i grupp skulle få fler att röra sig.",
            "Ensamheten är det största hindret, man behöver någon att träffas med.",
            "Träffpunkter för äldre där man kan fika och prata gör att man mår bättre.",
            "Många äldre är ensamma, kommunen borde ha fler mötesplatser.",
            "Gemenskap i föreningar betyder mycket för hur man mår.",
            "Det är svårt att äta bra när maten i affären är dyr.",
            "Matlagningskurser för pensionärer om enkel och billig mat.",
        ],
        "Lunchdialog på arbetsplatser": [
            "Friskvårdsbidrag och motion på arbetstid skulle få fler att träna.",
            "Gymmet och simhallen är för dyra för barnfamiljer, sänk avgifterna.",
            "Billigare avgifter i simhallen så att hela familjen kan gå.",
            "Träning är dyrt, kommunen kan erbjuda gratis motion i parken.",
            "Bra mat i skolan och på jobbet gör stor skillnad för hur man mår.",
            "Skolmaten borde vara nyttigare och barnen borde äta mer grönsaker.",
            "Det behövs säkra cykelvägar till jobbet så att fler cyklar.",
            "Jag skulle cykla till jobbet om cykelvägen vore sammanhängande.",
            "Bättre cykelvägar och cykelparkering vid arbetsplatserna.",
            "Stress på jobbet gör att man inte orkar träna på kvällen.",
        ],
    },
}

# Theme names chosen by staff, keyed on a word the analysis puts among a theme's
# top words (Snowball stems). The first match names the theme.
THEME_NAMES = {
    "trygghetsvandring-norrby": [
        ("belysning", "Belysning och mörka platser"),
        ("mörk", "Belysning och mörka platser"),
        ("lekplats", "Lekplatsen och parken på kvällen"),
        ("busk", "Buskar som skymmer sikten"),
        ("röj", "Buskar som skymmer sikten"),
        ("trafik", "Trafik och övergångsställen"),
        ("fort", "Trafik och övergångsställen"),
        ("farthind", "Trafik och övergångsställen"),
        ("fritidsgård", "Platser för unga"),
        ("ung", "Platser för unga"),
    ],
    "hur-blir-vi-friskare": [
        ("promenad", "Promenadstråk och bänkar"),
        ("bänk", "Promenadstråk och bänkar"),
        ("ensam", "Gemenskap mot ensamhet"),
        ("träffpunkt", "Gemenskap mot ensamhet"),
        ("avgift", "Avgifter för motion"),
        ("dyr", "Avgifter för motion"),
        ("cykel", "Cykelvägar till jobbet"),
        ("cykelväg", "Cykelvägar till jobbet"),
        ("mat", "Mat i vardagen"),
        ("träna", "Motion och träning"),
        ("förening", "Gemenskap i föreningar"),
    ],
}

REPORTS = {
    "trygghetsvandring-norrby": {
        "summary": (
            "Omkring 50 boende, elever och anställda gick två trygghetsvandringar i Norrby och "
            "pratade med oss vid centrum. De flesta synpunkterna handlade om mörka platser, "
            "buskar som skymmer sikten, trafiken vid skolan och att unga saknar en plats att "
            "vara på kvällen."
        ),
        "conclusions": (
            "Förvaltningen föreslår att belysningen i gångtunneln och längs gångvägen byts ut, "
            "att buskarna vid parkeringen och lekplatsen röjs, och att ett övergångsställe med "
            "farthinder byggs vid Norrbyskolan. Frågan om fritidsgårdens öppettider lämnas "
            "till kultur- och fritidsnämnden."
        ),
    },
    "hur-blir-vi-friskare": {
        "summary": (
            "Framtidsberedningen pratade med invånare i mataffärer, på idrottsplatser, på ett "
            "hälsocafé och på arbetsplatser. Det som oftast kom upp var promenadstråk med "
            "bänkar, ensamhet bland äldre, avgifterna för motion och säkra cykelvägar."
        ),
        "conclusions": (
            "Beredningen föreslår att folkhälsoprogrammet prioriterar belysta promenadstråk med "
            "bänkar, fler mötesplatser för äldre, lägre avgifter för barnfamiljer i simhallen "
            "och ett sammanhängande cykelvägnät till de största arbetsplatserna."
        ),
    },
}

DECISIONS = {
    "trygghetsvandring-norrby": {
        "summary": (
            "Samhällsbyggnadsnämnden beslutade att byta belysningen i gångtunneln och längs "
            "gångvägen, röja buskarna vid parkeringen och lekplatsen och bygga ett "
            "övergångsställe med farthinder vid Norrbyskolan under nästa år."
        ),
        "use_of_input": (
            "Alla åtgärder i beslutet kommer från vandringarna. Önskemålet om längre "
            "öppettider på fritidsgården ligger utanför nämndens ansvar och har skickats "
            "vidare till kultur- och fritidsnämnden."
        ),
    },
    "hur-blir-vi-friskare": {
        "summary": (
            "Kommunfullmäktige beslutade att beredningens rapport blir underlag för kommunens "
            "folkhälsoprogram."
        ),
        "use_of_input": (
            "Programmet tar med promenadstråk, mötesplatser för äldre och cykelvägar. Lägre "
            "avgifter i simhallen utreds i budgetarbetet."
        ),
    },
}

FEEDBACK = {
    "trygghetsvandring-norrby": (
        "Tack för att du var med på trygghetsvandringen i Norrby!\n\n"
        "Nämnden har beslutat om ny belysning i tunneln och längs gångvägen, röjning av "
        "buskar och ett nytt övergångsställe vid skolan. Arbetet börjar i vår.\n\n"
        "Fritidsgårdens öppettider är kultur- och fritidsnämndens fråga. Vi har skickat "
        "era synpunkter dit."
    ),
    "hur-blir-vi-friskare": (
        "Tack för att du berättade vad som hjälper dig att må bra!\n\n"
        "Framtidsberedningens rapport är nu underlag för kommunens folkhälsoprogram. "
        "Promenadstråk, mötesplatser för äldre och cykelvägar finns med. Avgifterna i "
        "simhallen utreds i budgetarbetet."
    ),
}

# The non-meeting activity whose participants were asked, with the answers' mood.
EVALUATIONS = {
    "trygghetsvandring-norrby": {
        "activity": "Samtal vid Norrby centrum",
        "activity_answers": 14,
        "dialogue_answers": 22,
        "mood": 4.1,
        "late_days": -4,  # feedback published four days before the date in the plan
    },
    "hur-blir-vi-friskare": {
        "activity": "Samtal i mataffärer och på idrottsplatser",
        "activity_answers": 18,
        "dialogue_answers": 26,
        "mood": 3.7,
        "late_days": 9,  # nine days late
    },
}

COMMENTS = [
    "Bra att politikerna var med och lyssnade.",
    "Jag fick veta vad som händer sen, det var bra.",
    "Det var svårt att höra när många pratade samtidigt.",
    "Skönt att någon frågade oss som bor här.",
    "Kom gärna tillbaka och berätta hur det gick.",
    "Jag hade velat ha mer tid att prata.",
    "",
    "",
    "",
]


def _actor(slug):
    email = SARA if slug == "trygghetsvandring-norrby" else OMAR
    return User.objects.filter(email=email).first()


def _notes(dialogue, actor) -> int:
    activities = {a.title: a for a in Activity.objects.filter(dialogue=dialogue)}
    existing = set(Contribution.objects.filter(dialogue=dialogue).values_list("text", flat=True))
    added = 0
    for title, texts in NOTES[dialogue.slug].items():
        activity = activities.get(title)
        for text in texts:
            if text in existing:
                continue
            contribution_create(
                actor=actor,
                dialogue=dialogue,
                activity=activity,
                method_key=NOTE_METHOD,
                kind=NOTE_KIND,
                data={"text": text, "source_label": "Anteckning från samtalet"},
            )
            added += 1
    return added


def _themes(dialogue, actor) -> str:
    from delaktig.themes import services as themes
    from delaktig.themes.models import Theme, ThemeAnalysis

    if Theme.objects.filter(dialogue=dialogue).exists():
        return "kept"
    run = ThemeAnalysis.objects.create(dialogue=dialogue, requested_by=actor)
    themes.theme_analysis_run(analysis_id=run.pk)
    found = list(Theme.objects.filter(dialogue=dialogue).order_by("position", "pk"))
    named: dict[str, list] = {}
    for theme in found:
        words = [w.lower() for w in theme.top_words]
        name = next(
            (
                label
                for stem, label in THEME_NAMES[dialogue.slug]
                if any(word.startswith(stem) for word in words)
            ),
            None,
        )
        if name:
            named.setdefault(name, []).append(theme)
    # Staff rename what they recognise, and merge themes that are one topic.
    merged = False
    for name, group in named.items():
        if len(group) > 1:
            themes.themes_merge(actor=actor, themes=group, name=name)
            merged = True
        else:
            themes.theme_rename(actor=actor, theme=group[0], name=name)
    remaining = list(Theme.objects.filter(dialogue=dialogue).order_by("position", "pk"))
    if not merged and len(remaining) >= 3:
        # Merge the two smallest, as an official would tidy up near-duplicates.
        sizes = sorted(remaining, key=lambda t: (t.assignments.count(), t.pk))
        pair = sizes[:2]
        themes.themes_merge(
            actor=actor, themes=pair, name=f"{pair[0].name} och {pair[1].name.lower()}"[:200]
        )
    themes.themes_publish(actor=actor, dialogue=dialogue)
    return f"{len(found)} found, {Theme.objects.filter(dialogue=dialogue).count()} published"


def _report(dialogue, actor) -> str:
    try:
        from delaktig.reports import services as reports
        from delaktig.reports.models import ReportVersion
    except ImportError:  # pragma: no cover - the reports app is not there
        return "no reports app"
    if ReportVersion.objects.filter(report__dialogue=dialogue).exists():
        return "kept"
    reports.report_publish(actor=actor, dialogue=dialogue, data=REPORTS[dialogue.slug])
    return "published"


def _decision_and_feedback(dialogue, actor) -> str:
    from delaktig.results import services as results
    from delaktig.results.models import Decision, Feedback

    done = []
    if not Decision.objects.filter(dialogue=dialogue).exists() and dialogue.owner_committee:
        results.decision_save(
            actor=actor,
            dialogue=dialogue,
            data={
                "body": dialogue.owner_committee,
                "decided_on": dialogue.decision_on or timezone.localdate(),
                "minutes_url": "https://exempelkommun.example/protokoll",
                **DECISIONS[dialogue.slug],
            },
        )
        done.append("decision")
    feedback = Feedback.objects.filter(dialogue=dialogue).first()
    if feedback is None or feedback.published_at is None:
        feedback = results.feedback_save(
            actor=actor, dialogue=dialogue, text=FEEDBACK[dialogue.slug]
        )
        # Mark the mailing as done first: the demo's residents are fictional.
        Feedback.objects.filter(pk=feedback.pk).update(emailed_at=timezone.now())
        results.feedback_publish(actor=actor, dialogue=dialogue)
        # Published when the plan said, give or take, so the overview has both kinds.
        due = dialogue.feedback_due_on or timezone.localdate()
        day = due + datetime.timedelta(days=EVALUATIONS[dialogue.slug]["late_days"])
        published = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        Feedback.objects.filter(pk=feedback.pk).update(published_at=published)
        done.append("feedback")
    return ", ".join(done) or "kept"


def _answers(evaluation, n, mood, seed) -> int:
    if Response.objects.filter(evaluation=evaluation).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not security

    def rating():
        return max(1, min(5, round(rng.gauss(mood, 0.9))))

    rows = []
    for _i in range(n):
        again = rng.random()
        rows.append(
            Response(
                evaluation=evaluation,
                purpose_clear=rating() if rng.random() > 0.05 else None,
                listened_to=rating(),
                knows_next=rating() if rng.random() > 0.1 else None,
                take_part_again=("yes" if again < 0.7 else "unsure" if again < 0.9 else "no"),
                comment=rng.choice(COMMENTS),
                channel="paper" if rng.random() < 0.4 else "phone",
            )
        )
    Response.objects.bulk_create(rows)
    return n


def _evaluations(dialogue, actor) -> int:
    from . import services

    plan = EVALUATIONS[dialogue.slug]
    activity = Activity.objects.filter(dialogue=dialogue, title=plan["activity"]).first()
    added = 0
    if activity is not None:
        on_activity = services.evaluation_attach(actor=actor, dialogue=dialogue, activity=activity)
        added += _answers(
            on_activity, plan["activity_answers"], plan["mood"], f"{dialogue.slug}|activity"
        )
    whole = services.evaluation_attach(actor=actor, dialogue=dialogue)
    added += _answers(whole, plan["dialogue_answers"], plan["mood"] - 0.2, dialogue.slug)
    if dialogue.slug == "hur-blir-vi-friskare":
        # The dialogue is evaluated: the form has done its job.
        services.evaluation_set_open(actor=actor, evaluation=whole, is_open=False)
    return added


def load(*, log) -> None:
    for slug in NOTES:
        dialogue = Dialogue.objects.select_related("owner_committee").filter(slug=slug).first()
        actor = _actor(slug)
        if dialogue is None or actor is None:
            log(f"Demo evaluations: dialogue {slug} or its official is missing; skipped.")
            continue
        with transaction.atomic():
            notes = _notes(dialogue, actor)
        themes = _themes(dialogue, actor)
        with transaction.atomic():
            report = _report(dialogue, actor)
            outcome = _decision_and_feedback(dialogue, actor)
            answers = _evaluations(dialogue, actor)
        log(
            f"Demo cycle for {slug}: {notes} notes added; themes {themes}; report {report}; "
            f"{outcome}; {answers} evaluation answers added."
        )
