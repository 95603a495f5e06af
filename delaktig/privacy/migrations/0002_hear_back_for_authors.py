"""Record hearing back for those who took part before it was recorded.

Authors of contributions have always been e-mailed the feedback; each gets a
hear-back consent per dialogue (wording "taking-part", given when they first took
part), so they see it on "Mina uppgifter" and can withdraw it.
"""

from django.db import migrations
from django.db.models import Min


def forwards(apps, schema_editor):
    Contribution = apps.get_model("contributions", "Contribution")
    Consent = apps.get_model("privacy", "Consent")
    firsts = (
        Contribution.objects.filter(author__isnull=False)
        .exclude(dialogue__slug="")
        .values("author_id", "dialogue__slug")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    known = set(
        Consent.objects.filter(purpose="hear_back").values_list("user_id", "reference")
    )
    for row in firsts.iterator():
        key = (row["author_id"], row["dialogue__slug"])
        if key in known:
            continue
        consent = Consent.objects.create(
            user_id=row["author_id"],
            purpose="hear_back",
            reference=row["dialogue__slug"],
            text_version="taking-part",
        )
        # given_at is set on creation; the consent dates from the first contribution.
        Consent.objects.filter(pk=consent.pk).update(given_at=row["first"])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("contributions", "0001_initial"),
        ("dialogues", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
