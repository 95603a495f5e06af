"""A resident answering a survey: starting, saving page by page, resuming, submitting.

How the promises of ``models.py`` are kept:

* **Drafts.** Each page's posted data is stored as it is (``Response.draft``), valid
  or not, so nothing typed is lost and a page can be shown again exactly. Answer rows
  are written only by ``response_submit``, which validates every page again. A draft
  holds only the inputs the page has, each within ``forms_answer.draft_limits``; a
  post beyond them is refused whole (``DraftTooLarge``), so a draft can never grow
  past what the survey's questions allow. Drafts left alone are deleted after a
  while (``drafts.survey_drafts_purge``).
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
import uuid
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from delaktig.audit.context import acting_as
from delaktig.contributions.models import Contribution
from delaktig.contributions.services import contribution_create

from . import background as bg
from . import languages
from .forms_answer import (
    DRAFT_VALUE_MAX,
    build_section_form,
    draft_limits,
    needs_districts,
    values_for_conditions,
)
from .models import (
    Answer,
    Invitation,
    MatrixItem,
    Option,
    Question,
    Response,
    Section,
    Survey,
    SurveyParticipant,
)
from .selectors import questions_queryset

METHOD_KEY = "surveys"
CONTRIBUTION_KIND = "answer"
INVITATION_KEY = "_invitation"
TEXT_KINDS = (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT)
# What an anonymous submit writes over the in-progress row (besides its new id).
ANONYMOUS_FIELDS = (
    "status",
    "submitted_on",
    "submission_key",
    "draft",
    "resume_hash",
    "current_section",
    "age_band",
    "gender",
    "district",
    "user",
    "invitation",
    "updated_at",
)
# The kinds whose answer form reads ``question.options`` (see forms_answer).
OPTION_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.RANKING)


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


class DraftTooLarge(Exception):
    """A page's post holds more than its questions allow; nothing of it was stored."""


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
    return _with_survey(
        Response.objects.filter(
            survey=survey, user=user, status=Response.Status.IN_PROGRESS
        ).first(),
        survey,
    )


def _with_survey(response: Response | None, survey: Survey) -> Response | None:
    # The row was found by its survey: keep the survey already loaded (with its
    # activity and dialogue) instead of reading it again.
    if response is not None:
        response.survey = survey
    return response


def in_progress(*, survey: Survey, response_id) -> Response | None:
    if not response_id:
        return None
    try:
        return _with_survey(
            Response.objects.filter(
                survey=survey, pk=response_id, status=Response.Status.IN_PROGRESS
            ).first(),
            survey,
        )
    except (ValueError, ValidationError, ObjectDoesNotExist):  # a malformed id in a session
        return None


def in_progress_or_submitted(
    *, survey: Survey, response_id, key
) -> tuple[Response | None, Response | None]:
    """``in_progress(response_id)`` and ``submitted_with_key(key)`` in one query, for
    a submit: (the response being answered, the one already submitted with ``key``)."""
    try:
        response_id = uuid.UUID(str(response_id)) if response_id else None
    except ValueError:  # a malformed id in a session
        response_id = None
    wanted = [
        Q(pk=response_id, status=Response.Status.IN_PROGRESS) if response_id else None,
        Q(submission_key=str(key), status=Response.Status.SUBMITTED) if key else None,
    ]
    wanted = [condition for condition in wanted if condition is not None]
    if not wanted:
        return None, None
    either = wanted[0] if len(wanted) == 1 else wanted[0] | wanted[1]
    rows = list(Response.objects.filter(either, survey=survey)[:2])
    current = next((r for r in rows if r.status == Response.Status.IN_PROGRESS), None)
    done = next((r for r in rows if r.status == Response.Status.SUBMITTED), None)
    return _with_survey(current, survey), done


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
    """The pages of a survey: its sections, then the background questions if asked.

    ``districts_for`` loads the municipality's districts once for all the pages
    that need them (district and location questions, the background page)."""

    sections: list
    background: bool
    survey: Survey | None = None
    _districts: list | None = field(default=None, repr=False)

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

    def section_by_key(self, page_key):
        return next((s for s in self.sections if str(s.pk) == str(page_key)), None)

    def districts(self) -> list:
        if self._districts is None:
            from delaktig.municipality.models import District

            self._districts = list(
                District.objects.filter(
                    municipality_id=self.survey.activity.dialogue.municipality_id, is_active=True
                ).order_by("name")
            )
        return self._districts

    def districts_for(self, number: int) -> list | None:
        """The districts page ``number`` offers (None: the page has no district input)."""
        if self.is_background(number):
            return self.districts()
        if needs_districts(self.section(number).questions.all()):
            return self.districts()
        return None


def _survey_sections(survey: Survey) -> list[Section]:
    """The sections in order with their questions; options, matrix rows and
    conditions only for the questions that have them (a survey of a few pages is
    then read in two to four queries instead of five)."""
    sections = list(
        Section.objects.filter(survey=survey)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.select_related("show_if").order_by("position", "pk"),
            )
        )
    )
    questions = [question for section in sections for question in section.questions.all()]
    ordered = Option.objects.order_by("position", "pk")
    with_options = [q for q in questions if q.kind in OPTION_KINDS]
    if with_options:
        prefetch_related_objects(with_options, Prefetch("options", queryset=ordered))
    matrices = [q for q in questions if q.kind == Question.Kind.MATRIX]
    if matrices:
        prefetch_related_objects(
            matrices, Prefetch("items", queryset=MatrixItem.objects.order_by("position", "pk"))
        )
    conditional = [q for q in questions if q.show_if_id]
    if conditional:
        prefetch_related_objects(conditional, Prefetch("show_if_options", queryset=ordered))
    return sections


def pages_of(survey: Survey) -> Pages:
    return Pages(
        sections=_survey_sections(survey),
        background=survey.background_questions,
        survey=survey,
    )


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


def page_limits(
    response: Response, page_key, pages: Pages | None = None
) -> dict[str, tuple[int, int]]:
    """The inputs page ``page_key`` of the response's survey can post, with their bounds."""
    if str(page_key) == bg.DRAFT_KEY:
        return dict.fromkeys(bg.BackgroundForm.base_fields, (1, DRAFT_VALUE_MAX))
    section = pages.section_by_key(page_key) if pages is not None else None
    if section is not None:
        return draft_limits(section.questions.all())
    questions = questions_queryset().filter(survey_id=response.survey_id, section_id=page_key)
    return draft_limits(questions)


def response_save_page(
    *, response: Response, page_key, data, next_page: int, pages: Pages | None = None, commit=True
) -> Response:
    """Store one page's post as it is (valid or not) and where to continue.

    Inputs the page does not have are left out (buttons, the CSRF token, anything
    else a post may carry). Raises DraftTooLarge, storing nothing, when an input has
    more values or longer values than its question allows. ``pages`` (the survey's
    ``pages_of``) saves reading the page's questions again. With ``commit=False``
    only ``response`` changes: the submit that follows stores or clears the draft,
    and ``response_save_draft`` keeps it when the submit does not go through."""
    if hasattr(data, "lists"):
        posted = [(name, list(values)) for name, values in data.lists()]
    else:
        posted = [(name, [value]) for name, value in data.items()]
    limits = page_limits(response, page_key, pages)
    stored = {}
    for name, values in posted:
        if name not in limits:
            continue
        most_values, most_chars = limits[name]
        values = [_storable(value) for value in values]
        if len(values) > most_values or any(len(value) > most_chars for value in values):
            raise DraftTooLarge(name)
        stored[name] = values
    draft = dict(response.draft or {})
    draft[str(page_key)] = stored
    response.draft = draft
    response.current_section = max(0, next_page - 1)
    if commit:
        response.save(update_fields=["draft", "current_section", "updated_at"])
    return response


def response_save_draft(*, response: Response) -> None:
    """Store the draft and page of ``response`` as they are in memory, if it is
    still in progress (after ``response_save_page(commit=False)`` and a submit that
    did not go through)."""
    Response.objects.filter(pk=response.pk, status=Response.Status.IN_PROGRESS).update(
        draft=response.draft,
        current_section=response.current_section,
        updated_at=timezone.now(),
    )


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
            districts=pages.districts_for(number),
        )
        if not form.is_valid():
            raise Incomplete(number)
        known.update(form.condition_values())
        forms.append(form)
    answers = [row for form in forms for row in form.answers()]
    background = {"age_band": "", "gender": "", "district": None}
    if pages.background:
        form = bg.BackgroundForm(
            draft_data(response, bg.DRAFT_KEY),
            municipality=pages.survey.activity.dialogue.municipality_id,
            districts=pages.districts(),
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


def response_submit(
    *, actor, response: Response, submission_key="", pages: Pages | None = None
) -> Response:
    """Validate every page of the draft and store the answers, once.

    Raises Incomplete (go back to that page) or NotAnswerable (closed, already
    answered, invitation used). Returns the submitted response; for an anonymous
    survey that is a new row, and ``response`` no longer exists. ``pages`` may be
    the survey's ``pages_of``, already read by the caller.

    A second submit with the same key finds the response gone or submitted when it
    locks it (or loses on the key's unique constraint) and returns the first one."""
    survey = response.survey
    key = str(submission_key or "") or secrets.token_hex(16)
    pages = pages if pages is not None else pages_of(survey)
    answers, background = _validated(response, pages)
    user = actor if actor is not None and actor.is_authenticated else None
    today = timezone.localdate()
    try:
        with transaction.atomic():
            # The survey comes along to be checked as it is now; only the response
            # row is locked, so submits to one survey do not wait for each other.
            locked = (
                Response.objects.select_for_update(of=("self",))
                .select_related("survey__activity__dialogue")
                .filter(pk=response.pk, status=Response.Status.IN_PROGRESS)
                .first()
            )
            if locked is None:
                # Submitted meanwhile (a double click): the first one's result.
                done = submitted_with_key(survey=survey, key=key)
                if done is not None:
                    return done
                raise NotAnswerable(NotAnswerable.GONE)
            survey = locked.survey
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
                # Only the date: no time of day to match against other records.
                midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
                submitted = Response(
                    survey=survey,
                    language=locked.language,
                    user=None,
                    invitation=None,
                    updated_at=midnight,
                    **fields,
                )
                # The in-progress row becomes the submitted one under a new random id,
                # without user or invitation: one write instead of insert and delete,
                # and nothing that knew the old id (session, resume link, invitation
                # noted in the draft) finds it. In-progress rows have no answers yet,
                # so no row refers to the old id.
                Response.objects.filter(pk=locked.pk).update(
                    id=submitted.pk,
                    **{name: getattr(submitted, name) for name in ANONYMOUS_FIELDS},
                )
                submitted._state.adding = False
                submitted._state.db = locked._state.db
                with disable_auditlog(), acting_as(None):
                    texts = _write_answers(
                        survey=survey, response=submitted, answers=answers, author=None
                    )
                    if texts:
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
