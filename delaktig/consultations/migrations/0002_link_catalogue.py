"""Link the catalogue's consultation on alternatives to this app (registry key "consultations")."""

from django.db import migrations


def link(apps, schema_editor):
    Method = apps.get_model("methods", "Method")
    # Running it again changes nothing: update() sets the same value.
    Method.objects.filter(slug="konsultation-alternativ").update(registry_key="consultations")


def unlink(apps, schema_editor):
    Method = apps.get_model("methods", "Method")
    Method.objects.filter(slug="konsultation-alternativ", registry_key="consultations").update(
        registry_key=""
    )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial"), ("methods", "0002_catalogue")]
    operations = [migrations.RunPython(link, unlink)]
