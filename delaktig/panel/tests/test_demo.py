import pytest

from delaktig.municipality.tests import factories as f
from delaktig.panel import demo
from delaktig.panel.models import PanelMember, PanelSample
from delaktig.surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def test_the_demo_panel_loads_once(municipality):
    for slug in ("centrum", "hamnen", "norrby"):
        f.DistrictFactory(municipality=municipality, slug=slug, name=slug.title())
    f.administrator(f.UnitFactory(municipality=municipality))
    survey = SurveyFactory(activity__dialogue__municipality=municipality)
    lines = []
    demo.load(log=lines.append)
    demo.load(log=lines.append)
    assert PanelMember.objects.count() == demo.MEMBERS
    assert PanelMember.objects.filter(user__email__endswith="@panel.example").count() == 400
    assert len({m.district_id for m in PanelMember.objects.all()}) == 3
    assert len(set(PanelMember.objects.values_list("gender", flat=True))) == 4
    sample = PanelSample.objects.get(survey=survey)
    assert sample.drawn == demo.SAMPLE_SIZE
    assert "exists already" in lines[-1]
