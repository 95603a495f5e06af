"""The dialogue and its plan (dialogplan), following the Piteå checklist.

A Dialogue is owned by a unit (whose officials plan and run it) and answers to an
owner committee (whose elected representatives approve it). The plan's repeating
parts — questions, target groups, activities, communication, costs — are rows of
their own so that the calendar, the clash check and the results can query them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delaktig.municipality.models import District, Municipality, TargetGroup, Topic, Unit

# How long residents' personal data tied to a dialogue is kept once the dialogue has
# been evaluated: after that nothing more is sent to them. Each dialogue may differ.
RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 365


def default_retention_days() -> int:
    return int(getattr(settings, "DELAKTIG_DIALOGUE_RETENTION_DAYS", RETENTION_DAYS))


class LadderLevel(models.IntegerChoices):
    INFORMATION = 1, _("Information")
    CONSULTATION = 2, _("Consultation")
    DIALOGUE = 3, _("Dialogue")
    INFLUENCE = 4, _("Influence")
    CODETERMINATION = 5, _("Co-determination")


# What residents may expect at each level, in plain words for the public page.
LADDER_EXPLANATIONS = {
    LadderLevel.INFORMATION: _(
        "You get information about what is planned. You are not asked for your views."
    ),
    LadderLevel.CONSULTATION: _(
        "We ask what you think, often about prepared alternatives. The politicians decide, "
        "and your views are part of what they base the decision on."
    ),
    LadderLevel.DIALOGUE: _(
        "We talk together, often on several occasions, to understand each other's arguments. "
        "You do not have to agree. The politicians decide."
    ),
    LadderLevel.INFLUENCE: _(
        "You take part in developing proposals together with the municipality. The proposals "
        "become decision support for the politicians."
    ),
    LadderLevel.CODETERMINATION: _(
        "You decide yourselves, within limits set in advance, for example how part of a budget "
        "is used."
    ),
}


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    OPEN = "open", _("Open")
    COMPILING = "compiling", _("Compiling")
    FED_BACK = "fed_back", _("Fed back")
    EVALUATED = "evaluated", _("Evaluated")
    ARCHIVED = "archived", _("Archived")


PUBLIC_STATES = (
    State.PUBLISHED,
    State.OPEN,
    State.COMPILING,
    State.FED_BACK,
    State.EVALUATED,
    State.ARCHIVED,
)
FINISHED_STATES = (State.COMPILING, State.FED_BACK, State.EVALUATED, State.ARCHIVED)


class DecisionStage(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration")
    NEEDS = "needs", _("Needs")
    ANALYSIS = "analysis", _("Analysis")
    PROPOSAL = "proposal", _("Proposal")
    CONSULTATION = "consultation", _("Consultation round")
    DECISION = "decision", _("Decision")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Evaluation")


class Origin(models.TextChoices):
    GOVERNANCE = "governance", _("The municipality's dialogue programme")
    LAW = "law", _("A law requires consultation")
    FUTURE = "future", _("A question about the future")
    DECISION = "decision", _("An upcoming decision")
    RESULTS = "results", _("Results to discuss")
    SERVICE = "service", _("A service to develop")
    CURRENT = "current", _("A current issue")


class Complexity(models.TextChoices):
    SIMPLE = "simple", _("Simple")
    COMPLEX = "complex", _("Complex")


class AccessibilityMeasure(models.TextChoices):
    INTERPRETER = "interpreter", _("Interpreter for other languages")
    SIGN_LANGUAGE = "sign_language", _("Sign language interpreter")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    VISUAL_INTERPRETATION = "visual_interpretation", _("Visual interpretation")
    EASY_SWEDISH = "easy_swedish", _("Texts in easy Swedish")
    OTHER_LANGUAGES = "other_languages", _("Material in other languages")
    ACCESSIBLE_VENUE = "accessible_venue", _("Accessible venue")
    CHILDCARE = "childcare", _("Childcare during meetings")


class Dialogue(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="dialogues"
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="dialogues",
        verbose_name=_("responsible unit"),
        help_text=_("The unit whose officials plan and run the dialogue."),
    )
    owner_committee = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="owned_dialogues",
        verbose_name=_("owner committee"),
        help_text=_("The committee that decides that the dialogue happens and gets the results."),
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=120)
    summary = models.TextField(
        _("short description"),
        blank=True,
        help_text=_("One or two sentences shown in lists of dialogues."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)

    # Purpose and influence
    purpose = models.TextField(_("purpose"), blank=True)
    use_of_results = models.TextField(_("what the results will be used for"), blank=True)
    ladder_level = models.PositiveSmallIntegerField(
        _("level of influence"), choices=LadderLevel.choices, null=True, blank=True
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, blank=True)
    mandate = models.TextField(
        _("mandate"),
        blank=True,
        help_text=_("What the committee has decided about the dialogue and what is open."),
    )
    decision_stage = models.CharField(
        _("stage in the decision process"),
        max_length=20,
        choices=DecisionStage.choices,
        blank=True,
    )

    # Responsibility and partners
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="responsible_dialogues",
        verbose_name=_("responsible staff"),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    partners = models.TextField(_("partners"), blank=True)

    # Timeline
    starts_on = models.DateField(_("participation starts"), null=True, blank=True)
    ends_on = models.DateField(_("participation ends"), null=True, blank=True)
    decision_on = models.DateField(_("decision expected"), null=True, blank=True)

    # Accessibility
    accessibility_measures = models.JSONField(_("accessibility measures"), default=list, blank=True)
    accessibility_notes = models.TextField(_("more about accessibility"), blank=True)

    # Feedback plan
    feedback_how = models.TextField(_("how participants hear back"), blank=True)
    feedback_due_on = models.DateField(_("feedback at the latest"), null=True, blank=True)
    feedback_by = models.CharField(_("who gives feedback"), max_length=200, blank=True)
    retention_days = models.PositiveSmallIntegerField(
        _("days to keep personal data"),
        default=default_retention_days,
        validators=[MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_(
            "Followers are deleted, and consultation choices and survey answers lose the "
            "link to the account, this many days after the dialogue has been marked as "
            "evaluated."
        ),
    )

    # Evaluation
    evaluation_indicators = models.TextField(
        _("evaluation indicators"),
        blank=True,
        help_text=_(
            "One indicator per line, for example “at least 30 percent of participants under 30”."
        ),
    )

    # Complexity check: four questions, simple or complex
    complexity_politics = models.CharField(
        _("political involvement"), max_length=10, choices=Complexity.choices, blank=True
    )
    complexity_target_groups = models.CharField(
        _("target groups"), max_length=10, choices=Complexity.choices, blank=True
    )
    complexity_expectations = models.CharField(
        _("expectations and risk of conflict"),
        max_length=10,
        choices=Complexity.choices,
        blank=True,
    )
    complexity_methods = models.CharField(
        _("choice of methods"), max_length=10, choices=Complexity.choices, blank=True
    )
    quality_review_done = models.BooleanField(
        _("the plan has been reviewed with the quality coordinators"), default=False
    )

    districts = models.ManyToManyField(
        District, blank=True, related_name="dialogues", verbose_name=_("districts")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="dialogues", verbose_name=_("topics")
    )

    # Lower-cased title, summary and questions, so search is one indexed-free LIKE
    # that behaves the same on SQLite and PostgreSQL.
    search_text = models.TextField(default="", blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="dialogue_slug_unique")
        ]
        indexes = [models.Index(fields=["state", "starts_on"])]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def is_complex(self) -> bool:
        return Complexity.COMPLEX in (
            self.complexity_politics,
            self.complexity_target_groups,
            self.complexity_expectations,
            self.complexity_methods,
        )

    @property
    def ladder_explanation(self):
        return LADDER_EXPLANATIONS.get(self.ladder_level, "")


class DialogueQuestion(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:80]


class Reach(models.TextChoices):
    DIRECT = "direct", _("Directly")
    INDIRECT = "indirect", _("Indirectly")
    NONE = "none", _("Not at all")


class DialogueTargetGroup(models.Model):
    """A target group of one dialogue, placed in the stakeholder matrix and reach model."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="target_groups")
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.PROTECT, related_name="+", verbose_name=_("target group")
    )
    affected = models.BooleanField(_("affected by the question"), default=True)
    active = models.BooleanField(_("usually active and makes itself heard"), default=False)
    reach = models.CharField(
        _("how we reach the group"), max_length=10, choices=Reach.choices, default=Reach.DIRECT
    )
    activities = models.ManyToManyField(
        "Activity",
        blank=True,
        related_name="reached_groups",
        verbose_name=_("activities that reach it"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("target group of a dialogue")
        verbose_name_plural = _("target groups of a dialogue")
        ordering = ["target_group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "target_group"], name="dialogue_target_group_unique"
            )
        ]

    def __str__(self):
        return str(self.target_group)

    @property
    def priority(self) -> int:
        """Stakeholder matrix: 1 affected and active, 2 affected only (seek them out),
        3 active only, 4 neither."""
        if self.affected:
            return 1 if self.active else 2
        return 3 if self.active else 4


class Activity(models.Model):
    """A concrete step of a dialogue: an instance of a method with dates."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="activities")
    method = models.ForeignKey(
        "methods.Method",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("method"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("district"),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="activity_dates_in_order"
            )
        ]

    def __str__(self):
        return self.title


class CommunicationItem(models.Model):
    """One row of the communication plan: which channel, when, for whom."""

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="communication_items"
    )
    channel = models.CharField(_("channel"), max_length=150)
    date = models.DateField(_("date"), null=True, blank=True)
    audience = models.CharField(_("for whom"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("communication activity")
        verbose_name_plural = _("communication plan")
        ordering = ["date", "pk"]

    def __str__(self):
        return self.channel


class CostItem(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="cost_items")
    description = models.CharField(_("cost"), max_length=200)
    amount = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=0)

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("cost estimate")
        ordering = ["pk"]

    def __str__(self):
        return self.description


class Transition(models.Model):
    """One move in a dialogue's life, shown on its history."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.dialogue}: {self.from_state} → {self.to_state}"


class Follow(models.Model):
    """A resident who wants an e-mail when the dialogue changes state in public."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["dialogue", "user"], name="follow_unique")]

    def __str__(self):
        return f"{self.user} → {self.dialogue}"
