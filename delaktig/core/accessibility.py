"""The accessibility statement: reading it, editing it, and feedback about it.

Kept apart from the rest of core because it is a small feature of its own:
one statement per municipality, edited by administrators, and a feedback form
whose message is e-mailed to the municipality and not stored here.
"""

import logging

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as

from .models import AccessibilityStatement

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "compliance",
    "known_gaps",
    "assessment_method",
    "assessed_on",
    "published_on",
    "contact_email",
    "contact_phone",
    "response_time",
)


def statement_for(*, municipality) -> AccessibilityStatement | None:
    if municipality is None:
        return None
    return (
        AccessibilityStatement.objects.select_related("municipality")
        .filter(municipality=municipality)
        .first()
    )


def statement_for_editing(*, municipality) -> AccessibilityStatement:
    """The stored statement, or a new one dated today for the form to start from."""
    statement = statement_for(municipality=municipality)
    if statement is None:
        today = timezone.localdate()
        statement = AccessibilityStatement(
            municipality=municipality, published_on=today, updated_on=today
        )
    return statement


def accessibility_statement_save(*, actor, statement: AccessibilityStatement, data: dict):
    """Write the administrator's changes; the update date follows every save."""
    if not rules.has_perm("municipality.manage_settings", actor):
        raise PermissionDenied
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(statement, field, data[field])
    statement.updated_on = timezone.localdate()
    statement.full_clean()
    with transaction.atomic(), acting_as(actor):
        statement.save()
    return statement


class FeedbackNotSent(Exception):
    """The mail server did not take the message; the visitor is told to e-mail instead."""


def accessibility_feedback_send(
    *, municipality, statement, name: str, email: str, message: str, page: str
) -> None:
    """E-mail a visitor's accessibility feedback to the municipality.

    Nothing is written to the database: the message, the name and the address
    exist only in the e-mail, which the municipality registers and answers as
    any other letter. It is sent at once rather than as a background task,
    because a queued task would keep the message in the task table.
    """
    recipient = (statement.feedback_email if statement else "") or (
        municipality.contact_email if municipality else ""
    )
    if not recipient:
        raise ValidationError(_("Feedback cannot be sent: the municipality has no e-mail address."))
    body = render_to_string(
        "core/accessibility_feedback_email.txt",
        {"name": name, "email": email, "message": message, "page": page},
    )
    mail = EmailMessage(
        subject=_("Accessibility feedback from the citizen dialogue website"),
        body=body,
        to=[recipient],
        reply_to=[email] if email else None,
    )
    try:
        mail.send()
    except OSError as error:  # SMTP down or refusing: smtplib errors are OSErrors
        logger.warning("Accessibility feedback could not be e-mailed: %s", type(error).__name__)
        raise FeedbackNotSent from error
