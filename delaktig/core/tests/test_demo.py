import pytest
from django.core.management import call_command

from delaktig.municipality.models import District, Municipality, RoleAssignment, Unit


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_prints_logins(capsys):
    call_command("load_demo")
    counts = (Unit.objects.count(), District.objects.count(), RoleAssignment.objects.count())
    call_command("load_demo")
    out = capsys.readouterr().out
    assert (
        Unit.objects.count(),
        District.objects.count(),
        RoleAssignment.objects.count(),
    ) == counts
    assert Municipality.objects.get().name == "Exempelkommun"
    assert District.objects.count() >= 6
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {"official", "representative", "administrator"}
    assert "invanare@exempelkommun.example" in out
    assert "Exempel-demo-2026" in out
