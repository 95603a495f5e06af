"""Link the catalogue's meeting-type methods to the meetings app (registry key "meetings").

Every face-to-face method that is held as a meeting at a time and place — open
meetings, café model, focus groups, open space … — is planned and documented
with the same meeting pages, so they share one manifest.
"""

from django.db import migrations

MEETING_METHODS = (
    "oppet-mote",
    "cafemodell",
    "fokusgrupp",
    "open-space",
    "framtidsverkstad",
    "lunchdialog",
    "dialogseminarium",
    "radslag",
    "medborgarjury",
    "walk-and-talk",
    "trygghetsvandring",
    "skolbesok",
)


def link(apps, schema_editor):
    Method = apps.get_model("methods", "Method")
    # Running it again changes nothing: update() sets the same value.
    Method.objects.filter(slug__in=MEETING_METHODS).update(registry_key="meetings")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("methods", "0002_catalogue")]
    # Unlinking is left to administrators (the catalogue's edit form); going back
    # leaves the links in place rather than guessing what was there before.
    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
