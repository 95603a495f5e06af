import pytest

from delaktig.municipality.tests import factories as f
from delaktig.surveys.tests.factories import SurveyFactory

from .factories import PanelMemberFactory

pytestmark = pytest.mark.django_db


def test_who_may_see_manage_and_draw(municipality):
    survey = SurveyFactory(activity__dialogue__municipality=municipality)
    dialogue = survey.activity.dialogue
    own_official = f.official(dialogue.unit)
    other_official = f.official()
    representative = f.representative(dialogue.owner_committee)
    admin = f.administrator()
    resident = f.UserFactory()
    for user in (own_official, other_official, representative, admin):
        assert user.has_perm("panel.view_panel")
    assert not resident.has_perm("panel.view_panel")
    assert admin.has_perm("panel.manage_panel")
    for user in (own_official, other_official, representative, resident):
        assert not user.has_perm("panel.manage_panel")
    assert own_official.has_perm("panel.draw_sample", survey)
    assert admin.has_perm("panel.draw_sample", survey)
    for user in (other_official, representative, resident):
        assert not user.has_perm("panel.draw_sample", survey)


def test_members_change_only_their_own_membership():
    member = PanelMemberFactory()
    other = f.UserFactory()
    assert member.user.has_perm("panel.change_member", member)
    assert member.user.has_perm("panel.remove_member", member)
    assert not other.has_perm("panel.change_member", member)
    assert not other.has_perm("panel.remove_member", member)
    assert f.administrator().has_perm("panel.remove_member", member)
    assert not f.administrator().has_perm("panel.change_member", member)
