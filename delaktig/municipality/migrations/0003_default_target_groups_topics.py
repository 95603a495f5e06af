"""The shared list of target groups and topics every municipality starts with.

Methods in the catalogue say which target groups they suit, the recommender and
the coordination calendar match on them, and demo data refers to them, so the
slugs are fixed. Names and descriptions can be changed by the municipality later.
"""

from django.db import migrations

TARGET_GROUPS = [
    # slug, name, description
    (
        "alla",
        "Alla invånare",
        "Alla som bor i kommunen, oavsett ålder, bakgrund eller var de bor.",
    ),
    (
        "unga",
        "Unga 13–25 år",
        "Tonåringar och unga vuxna, i skolan, på fritiden och i sina första jobb.",
    ),
    (
        "barn",
        "Barn",
        "Barn upp till 12 år, som når vi oftast via förskola, skola och föräldrar.",
    ),
    (
        "aldre",
        "Äldre",
        "Invånare över 65 år, både de som är aktiva i föreningar och de som är mer isolerade.",
    ),
    (
        "barnfamiljer",
        "Barnfamiljer och andra med ont om tid",
        "Föräldrar med små barn och andra som sällan har tid att gå på kvällsmöten.",
    ),
    (
        "utrikes-fodda",
        "Personer födda utomlands",
        "Invånare som har flyttat till Sverige, och som kan behöva information på andra språk.",
    ),
    (
        "funktionsnedsattning",
        "Personer med funktionsnedsättning",
        "Invånare med fysisk, psykisk eller intellektuell funktionsnedsättning.",
    ),
    (
        "foreningar",
        "Föreningar och organisationer",
        "Idéburna föreningar, organisationer och nätverk som företräder sina medlemmar.",
    ),
    (
        "foretagare",
        "Företagare",
        "Företag och näringsidkare i kommunen, stora som små.",
    ),
    (
        "boende-i-omradet",
        "Boende i ett visst område",
        "De som bor i den kommundel eller det kvarter som frågan gäller.",
    ),
]

TOPICS = [
    ("stadsbyggnad", "Stadsbyggnad och boende"),
    ("kultur", "Kultur och fritid"),
    ("trygghet", "Trygghet"),
    ("unga-och-skola", "Unga och skola"),
    ("folkhalsa", "Folkhälsa"),
    ("miljo", "Miljö och klimat"),
    ("demokrati", "Demokrati och delaktighet"),
    ("trafik", "Trafik och kollektivtrafik"),
]


def create_defaults(apps, schema_editor):
    TargetGroup = apps.get_model("municipality", "TargetGroup")
    Topic = apps.get_model("municipality", "Topic")
    for slug, name, description in TARGET_GROUPS:
        TargetGroup.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "is_active": True}
        )
    for slug, name in TOPICS:
        Topic.objects.update_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("municipality", "0002_targetgroup_topic"),
    ]

    operations = [
        # Reversing keeps the rows: dialogues and methods may already point at them.
        migrations.RunPython(create_defaults, migrations.RunPython.noop),
    ]
