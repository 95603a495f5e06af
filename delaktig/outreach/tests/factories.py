import datetime

import factory
from django.utils import timezone

from delaktig.municipality.models import Unit
from delaktig.municipality.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    UnitFactory,
)
from delaktig.outreach.models import OutreachEntry, OutreachTally


class DraftingGroupFactory(UnitFactory):
    kind = Unit.Kind.DRAFTING_GROUP
    name = factory.Sequence(lambda n: f"Framtidsgrupp {n}")
    slug = factory.Sequence(lambda n: f"framtidsgrupp-{n}")


class OutreachEntryFactory(factory.django.DjangoModelFactory):
    """An entry written directly (test set-up); tests of behaviour use the services."""

    class Meta:
        model = OutreachEntry

    municipality = factory.SubFactory(MunicipalityFactory)
    unit = factory.SubFactory(
        DraftingGroupFactory, municipality=factory.SelfAttribute("..municipality")
    )
    district = factory.SubFactory(
        DistrictFactory, municipality=factory.SelfAttribute("..municipality")
    )
    kind = OutreachEntry.Kind.STREET
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    place = "Stora torget"
    people_met = 20
    conversations = 12


class OutreachTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachTally

    entry = factory.SubFactory(OutreachEntryFactory)
    gender = "woman"
    age_band = "26-44"
    count = 3


def entry_data(*, unit, district=None, **overrides) -> dict:
    """Valid ``data`` for ``outreach_entry_record``."""
    data = {
        "kind": OutreachEntry.Kind.STREET,
        "date": timezone.localdate(),
        "place": "Stora torget",
        "district": district,
        "latitude": None,
        "longitude": None,
        "unit": unit,
        "dialogue": None,
        "staff": [],
        "people_met": 25,
        "conversations": 14,
        "topics": [],
        "notes": "",
        "tallies": {},
    }
    data.update(overrides)
    return data
