"""The facts the privacy page states, read from the running configuration.

The page must not promise what the settings do not do: every retention period,
session length, threshold and mail host shown is taken from here, so changing a
setting changes the page.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class PrivacyFacts:
    session_days: int
    staff_idle_hours: float
    staff_max_hours: float
    meeting_retention_days: int
    meeting_retention_custom: bool
    invitation_retention_days: int
    survey_draft_retention_days: int
    follow_retention_days: int
    follow_retention_custom: bool
    identity_retention_days: int
    submission_key_retention_days: int
    disclosure_threshold: int
    mail_host: str
    staff_two_factor: bool
    session_cookie: str
    csrf_cookie: str
    language_cookie: str


def privacy_facts() -> PrivacyFacts:
    from delaktig.dialogues.models import Dialogue
    from delaktig.dialogues.models import default_retention_days as follow_days
    from delaktig.meetings.models import Meeting, default_retention_days
    from delaktig.privacy.retention import submission_key_retention_days
    from delaktig.results.disclosure import disclosure_threshold
    from delaktig.surveys.drafts import draft_retention_days
    from delaktig.surveys.invitations import RETENTION_DAYS

    default_days = default_retention_days()
    # A meeting may keep registrations longer than the default; the page says so.
    custom = Meeting.objects.exclude(retention_days=default_days).exists()
    backend = getattr(settings, "EMAIL_BACKEND", "")
    mail_host = getattr(settings, "EMAIL_HOST", "") if backend.endswith("smtp.EmailBackend") else ""
    return PrivacyFacts(
        session_days=settings.SESSION_COOKIE_AGE // 86400,
        staff_idle_hours=getattr(settings, "DELAKTIG_STAFF_SESSION_IDLE", 0) / 3600,
        staff_max_hours=getattr(settings, "DELAKTIG_STAFF_SESSION_MAX_AGE", 0) / 3600,
        meeting_retention_days=default_days,
        meeting_retention_custom=custom,
        invitation_retention_days=int(
            getattr(settings, "DELAKTIG_SURVEY_INVITATION_RETENTION_DAYS", RETENTION_DAYS)
        ),
        survey_draft_retention_days=draft_retention_days(),
        follow_retention_days=follow_days(),
        follow_retention_custom=Dialogue.objects.exclude(retention_days=follow_days()).exists(),
        # One setting per dialogue covers followers and the links of choices and answers.
        identity_retention_days=follow_days(),
        submission_key_retention_days=submission_key_retention_days(),
        disclosure_threshold=disclosure_threshold(),
        mail_host=mail_host,
        staff_two_factor=bool(getattr(settings, "DELAKTIG_STAFF_MFA_REQUIRED", False)),
        session_cookie=settings.SESSION_COOKIE_NAME,
        csrf_cookie=settings.CSRF_COOKIE_NAME,
        language_cookie=settings.LANGUAGE_COOKIE_NAME,
    )
