"""Demo accessibility statement for Exempelkommun (fictional)."""

import datetime

from delaktig.municipality.models import Municipality

from .models import AccessibilityStatement

KNOWN_GAPS = "\n".join(
    [
        "Kartan på sidan om trygghetsvandringen går inte att använda med bara tangentbordet. "
        "Samma platser finns som en lista under kartan.",
        "Några äldre PDF-filer med protokoll från kommunfullmäktige saknar rubriker och är "
        "svåra att läsa med skärmläsare. Kontakta oss så skickar vi texten i ett annat format.",
        "Filmen från framtidsverkstaden i Norrby saknar syntolkning.",
    ]
)

ASSESSMENT = (
    "Vi har granskat webbplatsen själva. Varje sida testas automatiskt med verktyget axe "
    "i mobil- och datorbredd, och vi har gått igenom de viktigaste flödena med bara "
    "tangentbordet och med skärmläsaren NVDA."
)


def load(*, log):
    # Core's loader runs first (INSTALLED_APPS order); the municipality's loader is
    # idempotent, so running it here first changes nothing when it runs again.
    from delaktig.municipality import demo as municipality_demo

    municipality = Municipality.objects.filter(slug="exempelkommun").first()
    if municipality is None:
        municipality_demo.load(log=log)
        municipality = Municipality.objects.filter(slug="exempelkommun").first()
    if municipality is None:
        return
    _statement, created = AccessibilityStatement.objects.get_or_create(
        municipality=municipality,
        defaults={
            "compliance": AccessibilityStatement.Compliance.PARTIAL,
            "known_gaps": KNOWN_GAPS,
            "assessment_method": ASSESSMENT,
            "assessed_on": datetime.date(2026, 9, 15),
            "published_on": datetime.date(2026, 3, 1),
            "updated_on": datetime.date(2026, 9, 20),
            "contact_email": "tillganglighet@exempelkommun.example",
            "contact_phone": "0123-45 67 00",
            "response_time": "Vi svarar inom fem arbetsdagar.",
        },
    )
    if created:
        log("Tillgänglighetsredogörelse skapad.")
