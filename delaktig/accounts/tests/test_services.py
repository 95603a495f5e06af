import pytest
from django.core.exceptions import ValidationError

from delaktig.accounts.services import user_update_profile
from delaktig.municipality.tests import factories as f


@pytest.mark.django_db
def test_only_the_person_edits_their_profile():
    user, other = f.UserFactory(), f.UserFactory()
    with pytest.raises(ValidationError):
        user_update_profile(actor=other, user=user, data={"name": "X"})


@pytest.mark.django_db
def test_profile_update_refuses_other_fields():
    user = f.UserFactory()
    with pytest.raises(ValidationError):
        user_update_profile(actor=user, user=user, data={"is_superuser": True})
    user.refresh_from_db()
    assert not user.is_superuser
