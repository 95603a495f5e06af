"""Link the catalogue's survey method (slug "enkat") to the surveys app."""

from django.db import migrations


def link(apps, schema_editor):
    Method = apps.get_model("methods", "Method")
    # Running it again changes nothing: update() sets the same value.
    Method.objects.filter(slug="enkat").update(registry_key="surveys")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("methods", "0002_catalogue")]
    # Unlinking is left to administrators (the catalogue's edit form).
    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
