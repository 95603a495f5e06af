import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction

from .models import Submission


def new_submission_key() -> uuid.UUID:
    return uuid.uuid4()


def run_once(*, key: uuid.UUID | None, user, action: Callable[[], str]) -> str:
    """Run ``action`` (which writes and returns the URL to go to) once per key.

    The key row is written in the same transaction as the action's own writes,
    so either both exist or neither does; a concurrent duplicate hits the unique
    constraint and is answered with the first submission's result.
    """
    if key is None:
        return action()
    done = Submission.objects.filter(key=key).values_list("result_url", flat=True).first()
    if done is not None:
        return done
    try:
        with transaction.atomic():
            result_url = action()
            Submission.objects.create(
                key=key,
                user=user if user and user.is_authenticated else None,
                result_url=result_url,
            )
    except IntegrityError:
        done = Submission.objects.filter(key=key).values_list("result_url", flat=True).first()
        if done is None:
            raise
        return done
    return result_url
