import factory
from django.utils import timezone

from delaktig.core.demographics import Gender
from delaktig.municipality.tests.factories import DistrictFactory, MunicipalityFactory, UserFactory
from delaktig.panel.models import PanelMember
from delaktig.panel.services import panel_for


def panel(municipality=None, **changes):
    the_panel = panel_for(municipality or MunicipalityFactory())
    for name, value in changes.items():
        setattr(the_panel, name, value)
    if changes:
        the_panel.save()
    return the_panel


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    panel = factory.LazyFunction(panel)
    user = factory.SubFactory(UserFactory)
    birth_year = 1980
    gender = Gender.WOMAN
    district = factory.LazyAttribute(lambda o: DistrictFactory(municipality=o.panel.municipality))
    consent_text = factory.LazyAttribute(lambda o: o.panel.current_consent)
    consented_at = factory.LazyFunction(timezone.now)
