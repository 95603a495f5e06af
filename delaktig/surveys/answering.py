"""A resident answering a survey: starting, saving page by page, resuming, submitting.

How the promises of ``models.py`` are kept:

* **Drafts.** Each page's posted data is stored as it is (``Response.draft``), valid
  or not, so nothing typed is lost and a page can be shown again exactly. Answer rows
  are written only by ``response_submit``, which validates every page again.
* **One response per person or invitation, in the database.** An account that
  submits gets a ``SurveyParticipant`` row (unique per survey and user); an
  invitation is used by a conditional ``UPDATE … SET answered = true WHERE answered =
  false`` in the submit transaction, and non-anonymous responses also hold the
  invitation in a one-to-one field. A second submit loses on the constraint or
  the update and the whole transaction rolls back.
* **Double submits** carry the same one-time key (``Response.submission_key``, unique
  per survey); the second finds the first and is answered with the thank-you page.
* **Anonymity.** An anonymous survey's answers are written under a *new* response
  (a fresh random id, no user, no invitation, only the date) and the in-progress
  row is deleted, so nothing that knew the draft – the session, the resume link,
  the invitation noted in the draft – points at the submitted response. Free
  texts become contributions without an author and without an audit-log entry
  (the audit log would record the logged-in resident and their address).
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from delaktig.audit.context import acting_as
from delaktig.contributions.models import Contribution
from delaktig.contributions.services import contribution_create

from . import background as bg
from . import languages
from .forms_answer import build_section_form, values_for_conditions
from .models import Answer, Invitation, Question, Response, Survey, SurveyParticipant
from .selectors import survey_sections

METHOD_KEY = "surveys"
CONTRIBUTION_KIND = "answer"
INVITATION_KEY = "_invitation"
TEXT_KINDS = (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT)


class NotAnswerable(Exception):
    """Why a survey cannot be answered now; the views show a page for each reason."""

    CLOSED = "closed"  # draft, closed, or outside its dates
    LOGIN = "login"  # log in first
    INVITATION_ONLY = "invitation"  # personal invitations only
    ALREADY_ANSWERED = "answered"  # this account has answered
    INVITATION_USED = "used"  # this invitation has been used
    GONE = "gone"  # the in-progress response is no longer there

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Incomplete(Exception):
    """Submitting found a page with missing or wrong answers (1-based page number)."""

    def __init__(self, page: int):
        super().__init__(page)
        self.page = page


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- Reads --------------------------------------------------------------------


def is_open(survey: Survey, now=None) -> bool:
    """Answerable: the survey is open, within its dates, in a dialogue that is public."""
    now = now or timezone.now()
    if survey.state != Survey.State.OPEN:
        return False
    if survey.opens_at and now < survey.opens_at:
        return False
    if survey.closes_at and now >= survey.closes_at:
        return False
    return survey.activity.dialogue.is_public


def has_answered(survey: Survey, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return SurveyParticipant.objects.filter(survey=survey, user=user).exists()


def check_access(*, actor, survey: Survey, invitation: Invitation | None = None) -> None:
    """Raise NotAnswerable unless ``actor`` (with ``invitation``, if any) may answer now."""
    if not is_open(survey):
        raise NotAnswerable(NotAnswerable.CLOSED)
    if invitation is not None:
        if invitation.survey_id != survey.pk:
            raise NotAnswerable(NotAnswerable.INVITATION_ONLY)
        if invitation.answered:
            raise NotAnswerable(NotAnswerable.INVITATION_USED)
    elif survey.access == Survey.Access.INVITATION:
        raise NotAnswerable(NotAnswerable.INVITATION_ONLY)
    authenticated = actor is not None and actor.is_authenticated
    if survey.access == Survey.Access.LOGIN and not authenticated:
        raise NotAnswerable(NotAnswerable.LOGIN)
    if has_answered(survey, actor):
        raise NotAnswerable(NotAnswerable.ALREADY_ANSWERED)


def own_response(*, survey: Survey, user) -> Response | None:
    """The in-progress response an account has started (surveys that are not anonymous:
    anonymous responses are never tied to an account, not even while in progress)."""
    if survey.anonymous or user is None or not user.is_authenticated:
        return None
    return Response.objects.filter(
        survey=survey, user=user, status=Response.Status.IN_PROGRESS
    ).first()


def in_progress(*, survey: Survey, response_id) -> Response | None:
    if not response_id:
        return None
    try:
        return Response.objects.filter(
            survey=survey, pk=response_id, status=Response.Status.IN_PROGRESS
        ).first()
    except (ValueError, ValidationError, ObjectDoesNotExist):  # a malformed id in a session
        return None


def response_by_resume_secret(secret: str) -> Response | None:
    if not secret or len(secret) > 200:
        return None
    return (
        Response.objects.select_related("survey__activity__dialogue")
        .filter(resume_hash=secret_hash(secret), status=Response.Status.IN_PROGRESS)
        .first()
    )


def submitted_with_key(*, survey: Survey, key) -> Response | None:
    if not key:
        return None
    return Response.objects.filter(
        survey=survey, submission_key=str(key), status=Response.Status.SUBMITTED
    ).first()


def draft_data(response: Response, page_key) -> MultiValueDict:
    """A page's stored post as form data."""
    stored = (response.draft or {}).get(str(page_key)) or {}
    return MultiValueDict({name: list(values) for name, values in stored.items()})


def draft_initial(response: Response, page_key) -> dict:
    """A page's stored post as a form's initial values (unbound: no error messages
    when a resident comes back to a page they left half done)."""
    stored = (response.draft or {}).get(str(page_key)) or {}
    return {
        name: (values[0] if len(values) == 1 else list(values))
        for name, values in stored.items()
        if values
    }


def conditions_before(response: Response, sections, index: int) -> dict:
    """The choices made on the pages before page ``index`` (0-based), for the
    conditional questions of that page."""
    known = {}
    for section in sections[:index]:
        known.update(
            values_for_conditions(section.questions.all(), draft_data(response, section.pk))
        )
    return known


@dataclass
class Pages:
    """The pages of a survey: its sections, then the background questions if asked."""

    sections: list
    background: bool

    @property
    def total(self) -> int:
        return len(self.sections) + (1 if self.background else 0)

    def is_background(self, number: int) -> bool:
        return self.background and number == self.total

    def section(self, number: int):
        return self.sections[number - 1]

    def key(self, number: int) -> str:
        if self.is_background(number):
            return bg.DRAFT_KEY
        return str(self.section(number).pk)


def pages_of(survey: Survey) -> Pages:
    return Pages(sections=survey_sections(survey), background=survey.background_questions)


def municipality_of(survey: Survey):
    return survey.activity.dialogue.municipality


# --- Writes -------------------------------------------------------------------


def response_start(
    *, actor, survey: Survey, language: str, invitation: Invitation | None = None
) -> Response:
    """Begin answering (or pick up where this account or invitation left off)."""
    if invitation is not None:
        invitation = Invitation.objects.filter(pk=invitation.pk).first()
        if invitation is None:
            raise NotAnswerable(NotAnswerable.INVITATION_ONLY)
    check_access(actor=actor, survey=survey, invitation=invitation)
    if language not in {lang.code for lang in languages.survey_languages(survey)}:
        language = languages.SWEDISH
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        if not survey.anonymous:
            existing = None
            if user is not None:
                existing = own_response(survey=survey, user=user)
            if existing is None and invitation is not None:
                existing = Response.objects.filter(
                    invitation=invitation, status=Response.Status.IN_PROGRESS
                ).first()
            if existing is not None:
                if existing.language != language:
                    existing.language = language
                    existing.save(update_fields=["language", "updated_at"])
                return existing
        response = Response(survey=survey, language=language)
        if survey.anonymous:
            if invitation is not None:
                # Only until submit: the submitted answers get a new response.
                response.draft = {INVITATION_KEY: invitation.pk}
        else:
            response.user = user
            response.invitation = invitation
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError:
            # The same account started in another tab a moment ago.
            existing = own_response(survey=survey, user=user)
            if existing is None:
                raise
            return existing
    return response


def response_set_language(*, response: Response, language: str) -> Response:
    if language in {lang.code for lang in languages.survey_languages(response.survey)}:
        response.language = language
        response.save(update_fields=["language", "updated_at"])
    return response


def _storable(value) -> str:
    """PostgreSQL's jsonb cannot hold U+0000, and no answer may contain it anyway."""
    return str(value).replace("\x00", "")


def response_save_page(*, response: Response, page_key, data, next_page: int) -> Response:
    """Store one page's post as it is (valid or not) and where to continue."""
    if hasattr(data, "lists"):
        stored = {
            _storable(name): [_storable(v) for v in values]
            for name, values in data.lists()
            if name not in ("csrfmiddlewaretoken", "action", "submission_key")
        }
    else:
        stored = {_storable(name): [_storable(v)] for name, v in data.items()}
    draft = dict(response.draft or {})
    draft[str(page_key)] = stored
    response.draft = draft
    response.current_section = max(0, next_page - 1)
    response.save(update_fields=["draft", "current_section", "updated_at"])
    return response


def response_resume_secret(*, response: Response) -> str:
    """A new secret for the resume link; the earlier link stops working."""
    secret = secrets.token_urlsafe(32)
    response.resume_hash = secret_hash(secret)
    response.save(update_fields=["resume_hash", "updated_at"])
    return secret


def _validated(response: Response, pages: Pages):
    """Every page's form bound to the draft; raise Incomplete at the first bad page."""
    forms = []
    known = {}
    for number, section in enumerate(pages.sections, start=1):
        form = build_section_form(
            section,
            response.language,
            data=draft_data(response, section.pk),
            answers_so_far=known,
            questions=section.questions.all(),
        )
        if not form.is_valid():
            raise Incomplete(number)
        known.update(form.condition_values())
        forms.append(form)
    answers = [row for form in forms for row in form.answers()]
    background = {"age_band": "", "gender": "", "district": None}
    if pages.background:
        form = bg.BackgroundForm(
            draft_data(response, bg.DRAFT_KEY), municipality=municipality_of(response.survey)
        )
        if not form.is_valid():
            raise Incomplete(pages.total)
        background = form.background()
    return answers, background


def _mark_used(*, survey, user, invitation_id) -> None:
    if user is not None:
        try:
            with transaction.atomic():
                SurveyParticipant.objects.create(survey=survey, user=user)
        except IntegrityError:
            raise NotAnswerable(NotAnswerable.ALREADY_ANSWERED) from None
    if invitation_id is not None:
        used = Invitation.objects.filter(pk=invitation_id, survey=survey, answered=False).update(
            answered=True
        )
        if not used:
            raise NotAnswerable(NotAnswerable.INVITATION_USED)


def _write_answers(*, survey: Survey, response: Response, answers, author) -> list[int]:
    """Answer rows, and a contribution for each free text; returns the contributions' ids."""
    activity = survey.activity
    dialogue = activity.dialogue
    rows = []
    for row in answers:
        question = row["question"]
        answer = Answer(survey=survey, response=response, **row)
        if question.kind in TEXT_KINDS and answer.text:
            answer.contribution = contribution_create(
                actor=None,
                dialogue=dialogue,
                activity=activity,
                method_key=METHOD_KEY,
                kind=CONTRIBUTION_KIND,
                data={"text": answer.text},
                author=author,
                permission=None,
            )
        rows.append(answer)
    Answer.objects.bulk_create(rows)
    return [row.contribution_id for row in rows if row.contribution_id]


def response_submit(*, actor, response: Response, submission_key="") -> Response:
    """Validate every page of the draft and store the answers, once.

    Raises Incomplete (go back to that page) or NotAnswerable (closed, already
    answered, invitation used). Returns the submitted response; for an anonymous
    survey that is a new row, and ``response`` no longer exists."""
    survey = response.survey
    key = str(submission_key or "") or secrets.token_hex(16)
    done = submitted_with_key(survey=survey, key=key)
    if done is not None:
        return done
    pages = pages_of(survey)
    answers, background = _validated(response, pages)
    user = actor if actor is not None and actor.is_authenticated else None
    today = timezone.localdate()
    try:
        with transaction.atomic():
            locked = (
                Response.objects.select_for_update()
                .filter(pk=response.pk, status=Response.Status.IN_PROGRESS)
                .first()
            )
            if locked is None:
                # Submitted meanwhile (a double click): the first one's result.
                done = submitted_with_key(survey=survey, key=key)
                if done is not None:
                    return done
                raise NotAnswerable(NotAnswerable.GONE)
            survey = Survey.objects.select_related("activity__dialogue").get(pk=survey.pk)
            if not is_open(survey):
                raise NotAnswerable(NotAnswerable.CLOSED)
            if survey.access == Survey.Access.LOGIN and user is None:
                raise NotAnswerable(NotAnswerable.LOGIN)
            invitation_id = locked.invitation_id or (locked.draft or {}).get(INVITATION_KEY)
            if survey.access == Survey.Access.INVITATION and invitation_id is None:
                raise NotAnswerable(NotAnswerable.INVITATION_ONLY)
            _mark_used(survey=survey, user=user, invitation_id=invitation_id)
            fields = {
                "status": Response.Status.SUBMITTED,
                "submitted_on": today,
                "submission_key": key,
                "draft": {},
                "resume_hash": "",
                "current_section": 0,
                **background,
            }
            if survey.anonymous:
                submitted = Response(survey=survey, language=locked.language, **fields)
                submitted.save()
                locked.delete()
                # Only the date: no time of day to match against other records.
                midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
                Response.objects.filter(pk=submitted.pk).update(updated_at=midnight)
                with disable_auditlog(), acting_as(None):
                    texts = _write_answers(
                        survey=survey, response=submitted, answers=answers, author=None
                    )
                    Contribution.objects.filter(pk__in=texts).update(created_at=midnight)
            else:
                for name, value in fields.items():
                    setattr(locked, name, value)
                if user is not None and locked.user_id is None:
                    locked.user = user
                locked.save()
                submitted = locked
                with acting_as(user):
                    _write_answers(
                        survey=survey,
                        response=submitted,
                        answers=answers,
                        author=submitted.user,
                    )
    except IntegrityError:
        # The same key arrived twice at once; the other request stored it.
        done = submitted_with_key(survey=survey, key=key)
        if done is None:
            raise
        return done
    return submitted
