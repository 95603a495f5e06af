from django.core.exceptions import ValidationError
from django.db import transaction

from delaktig.audit.context import acting_as

from .models import User

PROFILE_FIELDS = ("name", "district", "language")


@transaction.atomic
def user_update_profile(*, actor: User, user: User, data: dict) -> User:
    """Change the fields a person may edit about themselves."""
    if actor.pk != user.pk:
        raise ValidationError("Only the person themselves edits their profile.")
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"Not profile fields: {sorted(unknown)}")
    with acting_as(actor):
        for field, value in data.items():
            setattr(user, field, value)
        user.full_clean(exclude=["password"])
        user.save(update_fields=list(data))
    return user
