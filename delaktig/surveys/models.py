"""Surveys: a questionnaire that is one activity of a dialogue.

Shape: Survey → Section (one page each) → Question → Option / MatrixItem.
A resident's Response holds Answer rows, one per atomic answer (a chosen
option, a scale value, a matrix row's value, a rank, a text …), so that every
summary is a GROUP BY in the database.

Languages: Swedish lives in the plain fields; other languages in each object's
``translations`` JSON, ``{"en": {"text": "…", "help_text": "…"}}``. Results are
combined across languages because answers point at options and items, not texts.

Anonymity: in an anonymous survey a Response has no user and no invitation; it
is keyed by a random UUID (no order to match against), and only the date of
submission is kept. Who has answered (needed for "one response per person" and
for reminders) is recorded apart, in ``Invitation.answered`` and in
``SurveyParticipant``, with nothing that points at the response.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delaktig.core.demographics import AgeBand, Gender


class Survey(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    class Access(models.TextChoices):
        OPEN = "open", _("Anyone with the link")
        LOGIN = "login", _("Logged-in residents")
        INVITATION = "invitation", _("Personal invitations only")

    activity = models.OneToOneField(
        "dialogues.Activity",
        on_delete=models.CASCADE,
        related_name="survey",
        verbose_name=_("activity"),
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    thanks_text = models.TextField(_("text on the thank-you page"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="draft")
    access = models.CharField(_("who may answer"), max_length=12, choices=Access.choices)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("No link is stored between a response and a person or an invitation."),
    )
    background_questions = models.BooleanField(
        _("ask the background questions"),
        default=True,
        help_text=_("Age band, gender and district, optional for the resident."),
    )
    # Language codes besides Swedish, see languages.py.
    languages = models.JSONField(_("other languages"), default=list, blank=True)
    translations = models.JSONField(default=dict, blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return self.title


class Section(models.Model):
    """One page of the survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("heading"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Rating scale")
        MATRIX = "matrix", _("Matrix of scale items")
        RANKING = "ranking", _("Ranking")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        LOCATION = "location", _("Place on a map")
        DISTRICT = "district", _("District")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # Stable within the survey; the column name in exports.
    key = models.SlugField(_("short name in exports"), max_length=40)
    kind = models.CharField(_("type of question"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    # Per kind: scale {"min": 1, "max": 10, "min_label": "…", "max_label": "…",
    # "dont_know": true}; number {"min": …, "max": …}; multiple {"max_choices": …};
    # location {"lat": …, "lng": …, "zoom": …}. Matrix items use the scale keys.
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    # Shown only when the earlier question ``show_if`` was answered with one of
    # the options ``show_if_options``.
    show_if = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("show only if the answer to"),
    )
    show_if_options = models.ManyToManyField(
        "Option", blank=True, related_name="shows", verbose_name=_("was one of")
    )
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="survey_question_key_unique")
        ]

    def __str__(self):
        return self.text[:80]


class Option(models.Model):
    """A choice of a single/multiple choice or ranking question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("option"), max_length=300)
    # "Annat, nämligen": choosing it asks for a text.
    is_other = models.BooleanField(_("other, namely"), default=False)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class MatrixItem(models.Model):
    """A row of a matrix question, rated on the question's scale."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("statement"), max_length=300)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("matrix row")
        verbose_name_plural = _("matrix rows")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class Invitation(models.Model):
    """A personal, single-use invitation. Only the token's hash is stored."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    # Emptied by the retention purge (invitations.invitations_purge) after the survey closes.
    email = models.EmailField(_("e-mail"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders"), default=0)
    # Whether the token has been used; never which response it gave.
    answered = models.BooleanField(_("answered"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["pk"]
        indexes = [models.Index(fields=["survey", "answered"])]

    def __str__(self):
        return f"{self.survey}: {self.pk}"


class SurveyParticipant(models.Model):
    """That an account has answered a survey (one response per person), apart from
    the response so that anonymous responses stay unlinkable."""

    # A random key: sequential ids would follow the order of submission, like the
    # answers do, and lining the two orders up could tie an account to its answers.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_participations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="survey_participant_unique")
        ]

    def __str__(self):
        return f"{self.survey_id}: {self.user_id}"


def _new_uuid():
    return uuid.uuid4()


class Response(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Started")
        SUBMITTED = "submitted", _("Submitted")

    id = models.UUIDField(primary_key=True, default=_new_uuid, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    status = models.CharField(max_length=12, choices=Status.choices, default="in_progress")
    language = models.CharField(_("language"), max_length=10, default="sv")
    # Only for surveys that are not anonymous.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    # Save and continue later: hash of the secret in the resume link; emptied on submit.
    resume_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # While in progress: the answers given so far, as posted per section
    # ({"<section pk>": {field: value}}). Answer rows are written only on submit,
    # so summaries never see half-finished responses and need no status filter.
    draft = models.JSONField(default=dict, blank=True)
    # The next section to show, while in progress.
    current_section = models.PositiveSmallIntegerField(default=0)
    # Idempotency: the submit form's one-time key.
    submission_key = models.CharField(max_length=64, blank=True)
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Background questions (optional for the resident).
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    district = models.ForeignKey(
        "municipality.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["survey", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="survey_response_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["survey", "submission_key"],
                condition=~Q(submission_key=""),
                name="survey_response_submission_key_unique",
            ),
        ]

    def __str__(self):
        return str(self.id)


class Answer(models.Model):
    """One atomic answer. ``survey`` is repeated here so summaries group one table."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    item = models.ForeignKey(
        MatrixItem, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    # Scale and matrix values, ranks (1 = first), whole numbers.
    value = models.IntegerField(null=True, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    dont_know = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    district = models.ForeignKey(
        "municipality.District", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Free texts are also Contribution rows, so the compilation and themes see them.
    contribution = models.OneToOneField(
        "contributions.Contribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_answer",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["survey", "question", "option"]),
            models.Index(fields=["survey", "question", "value"]),
            # Partial covering indexes for the summaries' GROUP BYs (surveys/summaries.py):
            # each kind of answer is counted from an index of its own.
            models.Index(
                fields=["survey", "question", "option", "value"],
                condition=Q(option__isnull=False),
                name="answer_results_options",
            ),
            models.Index(
                fields=["survey", "question", "response"],
                condition=Q(option__isnull=False),
                name="answer_results_respondents",
            ),
            models.Index(
                fields=["survey", "question"],
                condition=Q(option__isnull=False) & ~Q(text=""),
                name="answer_results_other_texts",
            ),
            models.Index(
                fields=["survey", "question", "item", "value", "dont_know", "option"],
                condition=Q(option__isnull=True) & (Q(value__isnull=False) | Q(dont_know=True)),
                name="answer_results_values",
            ),
            models.Index(
                fields=["survey", "question", "number"],
                condition=Q(number__isnull=False),
                name="answer_results_numbers",
            ),
            models.Index(
                fields=["survey", "question", "date"],
                condition=Q(date__isnull=False),
                name="answer_results_dates",
            ),
            models.Index(
                fields=["survey", "question", "district"],
                condition=Q(district__isnull=False),
                name="answer_results_districts",
            ),
            models.Index(
                fields=["survey", "question"],
                condition=Q(option__isnull=True) & ~Q(text=""),
                name="answer_results_texts",
            ),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.pk}"
