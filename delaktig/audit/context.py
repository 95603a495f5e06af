"""Who is acting, for the audit log, outside and inside requests.

django-auditlog's own ``set_actor`` cannot be nested (the inner block leaves the
outer one without an actor), and services run both inside requests and from
commands and tasks. Services therefore wrap their writes in ``acting_as(actor)``,
which nests correctly; the receiver below fills in the actor of every log entry
written meanwhile.
"""

import contextlib
from contextvars import ContextVar

_current_actor: ContextVar = ContextVar("delaktig_audit_actor", default=None)


@contextlib.contextmanager
def acting_as(actor):
    token = _current_actor.set(actor)
    try:
        yield
    finally:
        _current_actor.reset(token)


def fill_actor(sender, instance, **kwargs):
    actor = _current_actor.get()
    if (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and instance.actor_id is None
    ):
        instance.actor = actor
        instance.actor_email = actor.email
