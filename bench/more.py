"""The second set of the HTTP benchmark (``http_bench.py --set more``, ``make bench-more``):
the resident actions and secondary public pages that ``make bench`` leaves out, so
that it stays within 10 minutes. Same harness, method and stored-row check.

Actions (each request stores one row, or sends one e-mail):

- **consultation choice**: an anonymous choice (no login) on an open consultation;
  the demo's only consultation is closed, so ``prepare`` opens one of its own.
- **evaluation answer**: the public form of an open activity evaluation.
- **dialogue follow** and **panel join**: logged-in residents with a verified
  address. One follow and one membership per account, so every request sends the
  next session of a pool of logged-in accounts (the survey pool's mechanism); the
  two actions use the pool independently (an account may do both).
- **accessibility feedback**: e-mailed, not stored; counted as messages with a
  marker in the file mail backend (``var/bench-mail``).
- **account signup**: allauth's signup with a unique address (password hashing
  and the confirmation e-mail included); counted as new accounts.

The pool and the consultation are added by ``prepare`` at the start of the run, to
the restored copy, not to the cached data set: ``make bench`` measures the same data
as before. The answer limit of the evaluation form (20 an hour per address) is
lifted in bench/urls.py, as the posting limits are in bench/settings.py.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path

from bench import actions
from bench.actions import CSRF_PLACEHOLDER, KEY_PLACEHOLDER, UNIQUE_PLACEHOLDER, Action

USER_PREFIX = "benchuser"
USER_POOL_SIZE = 12_000
DIALOGUE_SLUG = "hamnomradet"
CONSULTATION_TITLE = "Bench: val mellan två förslag"
FEEDBACK_MARKER = "BENCH-A11Y-FEEDBACK"
SIGNUP_PREFIX = "bench-signup-"
PASSWORD = "Bench-lösenord-2026-ganska-långt"

ACTIONS = (
    Action(
        "consultation choice", "consultation", False, "consultations.Choice of the consultation"
    ),
    Action("evaluation answer", "evaluation", False, "evaluations.Response of the evaluation"),
    Action("dialogue follow", "follow", True, "dialogues.Follow of pool accounts"),
    Action("panel join", "panel", True, "panel.PanelMember of pool accounts"),
    Action("accessibility feedback", "feedback", False, "e-mail in var/bench-mail (not stored)"),
    Action("account signup", "signup", False, "accounts.User with a bench-signup address"),
)


def by_key(key: str) -> Action:
    return next(action for action in ACTIONS if action.key == key)


# --- preparation (on the restored copy, before the run) ---------------------------------


def _dialogue():
    from delaktig.dialogues.models import Dialogue

    return Dialogue.objects.get(slug=DIALOGUE_SLUG)


def _consultation():
    from delaktig.consultations.models import Consultation

    return Consultation.objects.filter(activity__title=CONSULTATION_TITLE).first()


def prepare(log=print, pool_size: int = USER_POOL_SIZE) -> None:
    """An open consultation and the pool of logged-in accounts; idempotent."""
    from django.db import transaction

    with transaction.atomic():
        _prepare_consultation(log)
        _prepare_users(pool_size, log)


def _prepare_consultation(log) -> None:
    from delaktig.consultations.models import Alternative, Consultation
    from delaktig.dialogues.models import Activity
    from delaktig.methods.models import Method

    if _consultation() is not None:
        return
    dialogue = _dialogue()
    method = Method.objects.filter(registry_key="consultations").order_by("pk").first()
    activity = Activity.objects.create(
        dialogue=dialogue,
        title=CONSULTATION_TITLE,
        method=method,
        description="Välj det förslag du föredrar.",
        starts_on=dialogue.starts_on,
        ends_on=dialogue.ends_on,
        place="På webben",
    )
    consultation = Consultation.objects.create(
        activity=activity,
        question="Vilket förslag föredrar du för kajen?",
        intro="Två förslag för kajen. Välj det du föredrar.",
        state=Consultation.State.OPEN,
        reason=Consultation.Reason.OPTIONAL,
        login_required=False,
        background_questions=False,
        created_by=dialogue.created_by,
        opened_at=datetime.datetime.now(datetime.UTC),
    )
    for position, title in enumerate(("A: Fler träd", "B: Fler bänkar")):
        Alternative.objects.create(
            consultation=consultation, position=position, title=title, description=title
        )
    log(f"Bench consultation {consultation.pk} opened in {dialogue.slug}.")


def _prepare_users(size: int, log) -> None:
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    user_model = get_user_model()
    if user_model.objects.filter(email__startswith=USER_PREFIX).exists():
        return
    users = user_model.objects.bulk_create(
        (
            user_model(email=f"{USER_PREFIX}{n:06d}@example.org", password="!bench-unusable")
            for n in range(size)
        ),
        batch_size=2_000,
    )
    EmailAddress.objects.bulk_create(
        (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users),
        batch_size=2_000,
    )
    store = SessionStore()
    backend = settings.AUTHENTICATION_BACKENDS[1]  # ModelBackend, as a password login
    expires = timezone.now() + datetime.timedelta(days=2)
    Session.objects.bulk_create(
        (
            Session(
                session_key=f"{USER_PREFIX}{n:08d}{secrets.token_hex(6)}",
                session_data=store.encode(
                    {
                        "_auth_user_id": str(u.pk),
                        "_auth_user_backend": backend,
                        "_auth_user_hash": u.get_session_auth_hash(),
                    }
                ),
                expire_date=expires,
            )
            for n, u in enumerate(users)
        ),
        batch_size=2_000,
    )
    log(f"Account pool: {size} logged-in residents with verified addresses.")


def pool_keys() -> list[str]:
    from django.contrib.sessions.models import Session

    return list(
        Session.objects.filter(session_key__startswith=USER_PREFIX)
        .order_by("session_key")
        .values_list("session_key", flat=True)
    )


# --- pages -------------------------------------------------------------------------------


def page_urls() -> list[tuple[str, str]]:
    """Secondary public pages: thank-you pages, a report version, feeds, evaluation
    forms, login and signup (the ceiling first, as in the default set)."""
    from django.urls import reverse

    pages = [("ceiling (bare Django view)", "/_bench/bare/")]

    def add(label, build):
        try:
            url = build()
        except Exception:  # noqa: BLE001 - a page the data set lacks is left out
            return
        if url:
            pages.append((label, url))

    def survey_thanks():
        return reverse("surveys:thanks", args=[actions.survey_target().pk])

    def report_version():
        from delaktig.reports.models import ReportVersion

        version = ReportVersion.objects.select_related("report__dialogue").first()
        slug = version.report.dialogue.slug
        return reverse("reports:version", args=[slug, version.number])

    def meeting_evaluation():
        from django.test import Client

        from delaktig.meetings.models import Meeting

        client = Client(HTTP_X_FORWARDED_PROTO="https")
        for meeting in Meeting.objects.order_by("-starts_at")[:40]:
            url = reverse("meeting_evaluation:form", args=[meeting.pk])
            if client.get(url).status_code == 200:
                return url
        return ""

    add(
        "consultation thank-you", lambda: reverse("consultations:thanks", args=[_consultation().pk])
    )
    add("survey thank-you", survey_thanks)
    add("evaluation form", lambda: reverse("evaluation:form", args=[evaluation_target().token]))
    add(
        "evaluation thank-you",
        lambda: reverse("evaluation:thanks", args=[evaluation_target().token]),
    )
    add("meeting evaluation form", meeting_evaluation)
    add("report version", report_version)
    add("dialogue feed (Atom)", lambda: reverse("dialogues:feed"))
    add("meeting calendar (iCalendar)", lambda: reverse("meetings:feed"))
    add("meeting (iCalendar)", lambda: reverse("meetings:ics", args=[actions.meeting_target().pk]))
    add("accessibility feedback form", lambda: reverse("core:accessibility_feedback"))
    add("login", lambda: reverse("account_login"))
    add("signup", lambda: reverse("account_signup"))
    return pages


# --- targets, plans, counts ----------------------------------------------------------------


def evaluation_target():
    from delaktig.evaluations import services
    from delaktig.evaluations.models import Evaluation

    for evaluation in Evaluation.objects.select_related("dialogue").order_by("pk"):
        if evaluation.dialogue.is_public and services.window_state(evaluation) == "open":
            return evaluation
    raise RuntimeError("No open evaluation of a public dialogue in the data set.")


def _form_fields(form, overrides: dict) -> list[tuple[str, str]]:
    """A valid post of ``form``: the survey's field values, then the overrides."""
    fields = []
    for name, field in form.fields.items():
        if name in overrides or name == "submission_key":
            continue
        value = actions._value_for(name, field)
        if value is not None:
            fields += [(name, v) for v in value]
    return fields + list(overrides.items())


def csrf_path() -> str:
    from django.urls import reverse

    return reverse("account_login")


def plan(action: Action, *, csrf_token: str | None = None) -> dict:
    from django.urls import reverse

    head = [("csrfmiddlewaretoken", csrf_token or CSRF_PLACEHOLDER)]
    keyed = [*head, ("submission_key", KEY_PLACEHOLDER)]
    if action.key == "consultation":
        from delaktig.consultations.forms import ChoiceForm

        consultation = _consultation()
        form = ChoiceForm(consultation=consultation)
        fields = keyed + _form_fields(form, {})
        path = reverse("consultations:detail", args=[consultation.pk])
        target = f"consultation {consultation.pk} (no login)"
    elif action.key == "evaluation":
        from delaktig.evaluations.forms import ResponseForm

        evaluation = evaluation_target()
        fields = keyed + _form_fields(ResponseForm(), {})
        path = reverse("evaluation:form", args=[evaluation.token])
        target = f"evaluation {evaluation.pk}"
    elif action.key == "follow":
        fields = head
        path = reverse("dialogues:follow", args=[DIALOGUE_SLUG])
        target = f"dialogue {DIALOGUE_SLUG}, one pool account per request"
    elif action.key == "panel":
        from delaktig.panel import services
        from delaktig.panel.forms import JoinForm
        from delaktig.panel.models import Panel

        panel = Panel.objects.order_by("pk").first()
        panel = services.panel_for(panel.municipality) if panel else None
        if panel is None:
            raise RuntimeError("No citizen panel in the data set.")
        consent = panel.current_consent
        form = JoinForm(municipality=panel.municipality)
        overrides = {
            "birth_year": "1984",
            "languages": "svenska, arabiska",
            "consent": "on",
            "consent_version": str(consent.version if consent else 0),
        }
        fields = keyed + _form_fields(form, overrides)
        path = reverse("panel:join")
        target = f"panel {panel.pk}, one pool account per request"
    elif action.key == "feedback":
        fields = [
            *keyed,
            ("name", "Bench Testsson"),
            ("email", f"bench-{UNIQUE_PLACEHOLDER}@example.org"),
            ("page", "/dialoger/"),
            ("message", f"{FEEDBACK_MARKER} Knappen går inte att nå med tangentbordet."),
        ]
        path = reverse("core:accessibility_feedback")
        target = "e-mail to the municipality"
    elif action.key == "signup":
        fields = [
            *head,
            ("email", f"{SIGNUP_PREFIX}{UNIQUE_PLACEHOLDER}@example.org"),
            ("password1", PASSWORD),
            ("password2", PASSWORD),
        ]
        path = reverse("account_signup")
        target = "new account, confirmation e-mail"
    else:
        raise KeyError(action.key)
    return {"path": path, "body": actions.encode_body(fields), "target": target}


def _mail_dir() -> Path | None:
    from django.conf import settings

    path = getattr(settings, "EMAIL_FILE_PATH", None)
    return Path(path) if path else None


def stored(action: Action) -> int:
    if action.key == "consultation":
        return _consultation().choices.count()
    if action.key == "evaluation":
        return evaluation_target().responses.count()
    if action.key == "follow":
        from delaktig.dialogues.models import Follow

        return Follow.objects.filter(
            dialogue__slug=DIALOGUE_SLUG, user__email__startswith=USER_PREFIX
        ).count()
    if action.key == "panel":
        from delaktig.panel.models import PanelMember

        return PanelMember.objects.filter(user__email__startswith=USER_PREFIX).count()
    if action.key == "feedback":
        from django.core import mail

        outbox = getattr(mail, "outbox", None)
        if outbox is not None:  # the test settings' in-memory backend
            return sum(FEEDBACK_MARKER in m.body for m in outbox)
        directory = _mail_dir()
        if directory is None or not directory.exists():
            return 0
        return sum(
            p.read_text(errors="replace").count(FEEDBACK_MARKER)
            for p in directory.iterdir()
            if p.is_file()
        )
    if action.key == "signup":
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(email__startswith=SIGNUP_PREFIX).count()
    raise KeyError(action.key)


def measure_in_process(action: Action) -> dict:
    return actions.measure_in_process(
        action, plan_fn=plan, stored_fn=stored, pool_keys_fn=pool_keys
    )
