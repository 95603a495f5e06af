"""The panel's thin adapter to survey invitations.

The surveys app owns invitations and their links (``delaktig.surveys.invitations``):
an invitation is stored with a placeholder hash, and the secret of its link is made
only when the e-mail goes out (``invitation_issue_link``), so it is stored nowhere.
The panel creates its invitations the same way and sends them with its own text
(why the member got it, how to leave the panel); reminders use the surveys app's
reminder service.
"""

from django.db import transaction

from delaktig.surveys.invitations import new_secret, token_hash
from delaktig.surveys.models import Invitation


def invitations_make(*, survey, emails: list[str]) -> list[Invitation]:
    """Unsaved invitations for ``emails``; the caller saves them in its transaction."""
    return [
        # A placeholder hash nobody holds the secret of; sending sets the real one.
        Invitation(survey=survey, email=email, token_hash=token_hash(new_secret()))
        for email in emails
    ]


def queue_sending(invitation_ids) -> None:
    from . import tasks

    ids = list(invitation_ids)
    if ids:
        transaction.on_commit(lambda: [tasks.send_panel_invitation.enqueue(pk) for pk in ids])
