import pytest
from django.db.models import Sum

from delaktig.dialogues import demo as dialogues_demo
from delaktig.municipality import demo as municipality_demo
from delaktig.municipality.models import PopulationFigure
from delaktig.outreach import demo
from delaktig.outreach.models import OutreachEntry, OutreachTally
from delaktig.outreach.services import _validate


@pytest.mark.django_db
def test_demo_loads_a_year_and_population_and_is_idempotent():
    log = []
    municipality_demo.load(log=log.append)
    dialogues_demo.load(log=log.append)
    demo.load(log=log.append)
    counts = (
        OutreachEntry.objects.count(),
        OutreachTally.objects.count(),
        PopulationFigure.objects.count(),
        OutreachEntry.staff.through.objects.count(),
        OutreachEntry.topics.through.objects.count(),
    )
    demo.load(log=log.append)
    assert counts == (
        OutreachEntry.objects.count(),
        OutreachTally.objects.count(),
        PopulationFigure.objects.count(),
        OutreachEntry.staff.through.objects.count(),
        OutreachEntry.topics.through.objects.count(),
    )
    assert OutreachEntry.objects.count() == demo.ENTRY_COUNT
    people = OutreachEntry.objects.aggregate(n=Sum("people_met"))["n"]
    assert 2000 <= people <= 9000
    residents = PopulationFigure.objects.aggregate(n=Sum("count"))["n"]
    assert 24000 <= residents <= 26000
    # Every district has figures, every district has outreach; both groups took part.
    assert PopulationFigure.objects.values("district").distinct().count() == 7
    assert OutreachEntry.objects.values("district").distinct().count() == 7
    assert set(OutreachEntry.objects.values_list("unit__slug", flat=True)) == {
        "framtidsberedningen",
        "demokratiberedningen",
    }
    assert OutreachEntry.objects.exclude(dialogue=None).exists()
    assert OutreachEntry.objects.exclude(topics=None).exists()
    assert OutreachEntry.objects.exclude(notes="").exists()


@pytest.mark.django_db
def test_demo_entries_pass_the_services_validation():
    municipality_demo.load(log=lambda _m: None)
    dialogues_demo.load(log=lambda _m: None)
    demo.load(log=lambda _m: None)
    for entry in OutreachEntry.objects.prefetch_related("tallies", "staff"):
        tallies = {(t.gender, t.age_band): t.count for t in entry.tallies.all()}
        # Staff are checked against the group's roles; the demo people are passed as
        # already on the entry (demo groups have few members).
        staff = list(entry.staff.all())
        _validate(entry, actor=None, staff=staff, tallies=tallies, previous_staff=staff)


def test_demo_population_is_plausible():
    counts = demo.population_counts()
    assert 24900 <= sum(counts.values()) <= 25100
    women = sum(v for (_d, g, _b), v in counts.items() if g == "woman")
    assert 0.48 < women / sum(counts.values()) < 0.52
