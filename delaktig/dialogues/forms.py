"""Forms of the plan editor: one per step, plus the rows of the plan.

Forms only parse and validate what was typed; the views hand the cleaned data to
``services``, which are the only writers. Every field of a draft is optional
except the title: the missing-parts list, not the form, says what the plan
still needs before it can be sent for approval.
"""

import copy
import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import SubmissionKeyMixin
from delaktig.methods.models import Level, Method, Mode
from delaktig.municipality.models import District, TargetGroup, Topic, Unit

from .models import (
    LADDER_EXPLANATIONS,
    MAX_RETENTION_DAYS,
    AccessibilityMeasure,
    Activity,
    Complexity,
    Dialogue,
    LadderLevel,
    Reach,
    State,
)

COMMITTEE_KINDS = (
    Unit.Kind.COUNCIL,
    Unit.Kind.PRESIDIUM,
    Unit.Kind.BOARD,
    Unit.Kind.COMMITTEE,
    Unit.Kind.DRAFTING_GROUP,
)
MAX_QUESTIONS = 30


class DateInput(forms.DateInput):
    """The browser's date picker where there is one; ISO dates (2027-03-01) typed
    by hand work everywhere."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class DialogueCreateForm(SubmissionKeyMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A short title residents understand, for example “The future of the harbour”."),
        error_messages={"required": _("Give the dialogue a title.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"),
        queryset=Unit.objects.none(),
        help_text=_("The unit whose officials plan and run the dialogue."),
        error_messages={"required": _("Choose the unit that owns the dialogue.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("Choose a unit")


class _PlanStepForm(forms.ModelForm):
    """A step that edits fields of the Dialogue itself.

    Works on a copy of the dialogue so that invalid input never shows up as saved
    elsewhere on the page (ModelForm writes cleaned values onto its instance).
    """

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, instance=copy.copy(instance), **kwargs)
        self.dialogue = instance

    def plan_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class BasicsForm(_PlanStepForm):
    class Meta:
        model = Dialogue
        fields = [
            "title",
            "summary",
            "owner_committee",
            "origin",
            "decision_stage",
            "districts",
            "topics",
        ]
        widgets = {
            "summary": _textarea(3),
            "districts": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "origin": _("Why the dialogue is held."),
            "decision_stage": _(
                "Does the dialogue start a process, or is a proposal already on the table? "
                "Saying where it happens makes clear how much residents can influence."
            ),
        }
        error_messages = {"title": {"required": _("Give the dialogue a title.")}}

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        municipality_id = instance.municipality_id
        self.fields["owner_committee"].queryset = Unit.objects.filter(
            Q(is_active=True) | Q(pk=instance.owner_committee_id),
            municipality_id=municipality_id,
            kind__in=COMMITTEE_KINDS,
        )
        self.fields["owner_committee"].empty_label = _("Not chosen yet")
        self.fields["districts"].queryset = District.objects.filter(
            municipality_id=municipality_id, is_active=True
        )
        self.fields["districts"].help_text = _(
            "The parts of the municipality the dialogue is about."
        )
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["topics"].help_text = _("Residents can filter the list of dialogues by topic.")


def _ladder_choices():
    return [
        (level.value, format_lazy("{}: {}", level.label, LADDER_EXPLANATIONS[level]))
        for level in LadderLevel
    ]


class PurposeForm(_PlanStepForm):
    """Purpose, influence, mandate and the questions residents are asked.

    Questions are a list of plain text fields, always with blank ones at the end,
    so more can be added without JavaScript.
    """

    ladder_level = forms.TypedChoiceField(
        label=_("Level of influence"),
        choices=_ladder_choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Say honestly how much residents can influence. It is shown to residents "
            "with the explanation below each level."
        ),
    )

    class Meta:
        model = Dialogue
        fields = ["purpose", "use_of_results", "ladder_level", "mandate"]
        widgets = {
            "purpose": _textarea(),
            "use_of_results": _textarea(),
            "mandate": _textarea(),
        }
        help_texts = {
            "purpose": _("Why the dialogue is held, in a few sentences."),
            "use_of_results": _("For example decision support for a committee, or a new service."),
        }

    def __init__(self, *args, instance, questions=(), blank_questions=1, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if self.is_bound:
            indexes = [
                int(m.group(1)) for key in self.data if (m := re.fullmatch(r"question_(\d+)", key))
            ]
            count = min(max(indexes, default=-1) + 1, MAX_QUESTIONS)
            # A submission without question fields leaves the questions alone.
            self.has_questions = bool(indexes)
        else:
            count = min(len(questions) + blank_questions, MAX_QUESTIONS)
            self.has_questions = True
        self.question_names = []
        for index in range(max(count, 1)):
            name = f"question_{index}"
            self.fields[name] = forms.CharField(
                label=format_lazy(_("Question {number}"), number=index + 1),
                required=False,
                widget=_textarea(2),
                initial=questions[index] if index < len(questions) else "",
            )
            self.question_names.append(name)

    def plan_fields(self):
        return [self[name] for name in self._meta.fields]

    def question_fields(self):
        return [self[name] for name in self.question_names]

    def question_texts(self) -> list[str]:
        return [self.cleaned_data.get(name, "") for name in self.question_names]


COMPLEXITY_GUIDANCE = {
    "complexity_politics": _(
        "Is it a current political question? Then the politicians should take part from the "
        "planning on, and the questions and the way of working should be decided politically."
    ),
    "complexity_target_groups": _(
        "Which target groups are affected? Are they easy to reach or must some be sought out? "
        "Should several groups meet? Remember gender equality. How are participants chosen?"
    ),
    "complexity_expectations": _(
        "What influence will residents expect? Is the question sensitive, so that it can cause "
        "conflict between groups or between the municipality and residents?"
    ),
    "complexity_methods": _(
        "Is one method enough, or are different methods needed for different groups? Is an open "
        "invitation enough, or must some be invited specially to get a broad picture?"
    ),
}


class ComplexityForm(_PlanStepForm):
    class Meta:
        model = Dialogue
        fields = [
            "complexity_politics",
            "complexity_target_groups",
            "complexity_expectations",
            "complexity_methods",
            "quality_review_done",
        ]

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        for name, guidance in COMPLEXITY_GUIDANCE.items():
            field = self.fields[name]
            field.widget = forms.RadioSelect(choices=Complexity.choices)
            field.choices = Complexity.choices
            field.help_text = guidance
        self.fields["quality_review_done"].help_text = _(
            "Tick this when you have gone through the plan with the quality coordinators."
        )


class TimelineForm(_PlanStepForm):
    class Meta:
        model = Dialogue
        fields = ["starts_on", "ends_on", "decision_on"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput, "decision_on": DateInput}
        help_texts = {
            "starts_on": _("The first day residents can take part."),
            "ends_on": _("The last day residents can take part."),
            "decision_on": _("For example the date of the committee meeting that decides."),
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        return cleaned


class AccessibilityForm(_PlanStepForm):
    accessibility_measures = forms.MultipleChoiceField(
        label=_("Accessibility measures"),
        choices=AccessibilityMeasure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Think about the venue, the methods, the invitation and the marketing."),
    )

    class Meta:
        model = Dialogue
        fields = ["accessibility_measures", "accessibility_notes"]
        widgets = {"accessibility_notes": _textarea()}
        help_texts = {
            "accessibility_notes": _(
                "For example whether people must register to get support, and by when."
            ),
        }


class FeedbackForm(_PlanStepForm):
    retention_days = forms.IntegerField(
        label=_("Days to keep personal data"),
        min_value=0,
        max_value=MAX_RETENTION_DAYS,
        help_text=_(
            "Counted from when the dialogue is marked as evaluated. Then who follows the "
            "dialogue is deleted, and consultation choices and survey answers lose the link "
            "to the account; the answers themselves stay. Keep it no longer than you need."
        ),
        required=False,
        error_messages={
            "min_value": _("Give the number of days, 0 or more."),
            "max_value": _("Keep it at most %(limit_value)s days."),
        },
    )

    class Meta:
        model = Dialogue
        fields = ["feedback_how", "feedback_due_on", "feedback_by", "retention_days"]
        widgets = {"feedback_how": _textarea(), "feedback_due_on": DateInput}
        help_texts = {
            "feedback_how": _(
                "On the dialogue's page, by e-mail or letter, through the unit, or through the "
                "committee's handling of the matter. Tell participants already when they take part."
            ),
        }

    def clean_retention_days(self):
        # Like every other field of a draft, leaving it empty changes nothing.
        days = self.cleaned_data.get("retention_days")
        return self.dialogue.retention_days if days is None else days


class EvaluationForm(_PlanStepForm):
    class Meta:
        model = Dialogue
        fields = ["evaluation_indicators"]
        widgets = {"evaluation_indicators": _textarea(6)}


class _PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()} ({obj.email})" if obj.name else obj.email


class ResponsibilityForm(_PlanStepForm):
    responsible = _PersonChoiceField(
        label=_("Responsible staff"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The unit's officials who plan and run the dialogue."),
    )

    class Meta:
        model = Dialogue
        fields = ["responsible", "contact_name", "contact_email", "contact_phone", "partners"]
        widgets = {"partners": _textarea()}
        help_texts = {
            "contact_name": _("Shown to residents on the dialogue's page."),
            "partners": _("Other units, associations or companies you work with."),
        }

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(
                Q(role_assignments__unit_id=instance.unit_id, role_assignments__role="official")
                | Q(responsible_dialogues=instance)
            )
            .distinct()
            .order_by("name", "email")
        )


STEP_FORMS = {
    "basics": BasicsForm,
    "purpose": PurposeForm,
    "complexity": ComplexityForm,
    "timeline": TimelineForm,
    "accessibility": AccessibilityForm,
    "feedback": FeedbackForm,
    "evaluation": EvaluationForm,
    "responsibility": ResponsibilityForm,
}


# --- Rows of the plan --------------------------------------------------------
# A row form left as it was shown (``has_changed()`` is False) means “nothing to add”.


class TargetGroupRowForm(forms.Form):
    row = forms.IntegerField(widget=forms.HiddenInput, required=False)
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.none(),
        error_messages={"required": _("Choose a target group.")},
    )
    affected = forms.BooleanField(
        label=_("The group is affected by the question"), required=False, initial=True
    )
    active = forms.BooleanField(
        label=_("The group is usually active and makes itself heard"), required=False
    )
    reach = forms.ChoiceField(
        label=_("How the dialogue reaches the group"),
        choices=Reach.choices,
        initial=Reach.DIRECT,
        widget=forms.RadioSelect,
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities meant to reach the group"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=_textarea(3))

    def __init__(self, *args, dialogue, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dialogue = dialogue
        self.existing = existing
        self.fields["target_group"].queryset = TargetGroup.objects.filter(
            Q(is_active=True) | Q(pk=getattr(existing, "target_group_id", None))
        )
        self.fields["target_group"].empty_label = _("Choose a target group")
        self.fields["activities"].queryset = Activity.objects.filter(dialogue=dialogue)
        if not Activity.objects.filter(dialogue=dialogue).exists():
            self.fields["activities"].help_text = _(
                "Add activities in the step “Methods and activities”, then come back and "
                "link them here."
            )
        if existing is not None:
            # The group itself is fixed; remove the row to choose another group.
            self.fields["target_group"].disabled = True
            self.fields["row"].initial = existing.pk
            for name in ("target_group", "affected", "active", "reach", "notes"):
                self.fields[name].initial = getattr(existing, name)
            self.fields["activities"].initial = [a.pk for a in existing.activities.all()]

    def clean_target_group(self):
        group = self.cleaned_data["target_group"]
        if (
            self.existing is None
            and group is not None
            and self.dialogue.target_groups.filter(target_group=group).exists()
        ):
            raise forms.ValidationError(
                _("This target group is already in the plan. Change it in the list instead.")
            )
        return group


class ActivityForm(forms.ModelForm):
    activity = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reached_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups the activity reaches"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = ["method", "title", "description", "starts_on", "ends_on", "district", "place"]
        widgets = {"description": _textarea(3), "starts_on": DateInput, "ends_on": DateInput}
        help_texts = {
            "title": _("For example “Open meeting in the library”."),
            "place": _("Address or venue, or the web address for an online activity."),
        }
        error_messages = {
            "method": {"required": _("Choose a method.")},
            "title": {"required": _("Give the activity a title.")},
            "starts_on": {"required": _("Give the date the activity starts.")},
            "ends_on": {"required": _("Give the date the activity ends.")},
        }

    def __init__(self, *args, dialogue, instance=None, **kwargs):
        from .models import DialogueTargetGroup

        super().__init__(*args, instance=copy.copy(instance) if instance else Activity(), **kwargs)
        self.dialogue = dialogue
        self.fields["method"].queryset = Method.objects.filter(
            Q(is_active=True) | Q(pk=getattr(instance, "method_id", None))
        )
        self.fields["method"].empty_label = _("Choose a method")
        self.fields["district"].queryset = District.objects.filter(
            municipality_id=dialogue.municipality_id, is_active=True
        )
        self.fields["district"].empty_label = _("The whole municipality")
        groups = DialogueTargetGroup.objects.filter(dialogue=dialogue).select_related(
            "target_group"
        )
        self.fields["reached_groups"].queryset = groups
        if not groups.exists():
            del self.fields["reached_groups"]
        elif instance is not None:
            self.fields["reached_groups"].initial = [g.pk for g in instance.reached_groups.all()]
        if instance is not None:
            self.fields["activity"].initial = instance.pk

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        return cleaned

    def activity_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class CommunicationItemForm(forms.Form):
    channel = forms.CharField(
        label=_("Channel"),
        max_length=150,
        help_text=_("For example the municipality's website, the local paper or a flyer."),
        error_messages={"required": _("Name the channel.")},
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    audience = forms.CharField(label=_("For whom"), max_length=200, required=False)


class AmountField(forms.DecimalField):
    """Whole kronor, typed the Swedish way: “12 500”, “12500 kr” or “12 500,00”."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]|kr\.?$|:-$", "", value.strip(), flags=re.IGNORECASE)
            value = re.sub(r"[.,]0+$", "", value).replace(",", ".")
        return super().to_python(value)


class CostItemForm(forms.Form):
    description = forms.CharField(
        label=_("What the cost is for"),
        max_length=200,
        help_text=_("For example venue hire, refreshments, advertising or interpreters."),
        error_messages={"required": _("Say what the cost is for.")},
    )
    amount = AmountField(
        label=_("Amount in kronor"),
        # Text, not type=number: people type "12 500" or "12 500 kr", which number inputs refuse.
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        max_digits=12,
        decimal_places=0,
        min_value=0,
        error_messages={
            "required": _("Give the amount."),
            "invalid": _("Give the amount as a whole number of kronor, for example 12500."),
            "max_decimal_places": _("Give the amount in whole kronor."),
        },
    )


# --- Lifecycle, list filter, recommender --------------------------------------


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=_textarea(4),
        help_text=_("Say what must change in the plan."),
    )


class DialogueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *State.choices]
    )


class RecommenderForm(forms.Form):
    """Constraints for the method recommender (a GET form on the activities step)."""

    mode = forms.ChoiceField(
        label=_("Online or in person"),
        required=False,
        choices=[("", _("Either")), (Mode.ONLINE, _("Online")), (Mode.OFFLINE, _("In person"))],
    )
    max_effort = forms.TypedChoiceField(
        label=_("Largest effort for staff"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), *Level.choices],
    )
    max_cost = forms.TypedChoiceField(
        label=_("Highest cost"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), *Level.choices],
    )
    group_size = forms.IntegerField(
        label=_("Number of participants you expect"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("Give the number of participants as a whole number.")},
    )

    def constraints(self) -> dict:
        if not self.is_valid():
            return {"mode": None, "max_effort": None, "max_cost": None, "group_size": None}
        data = self.cleaned_data
        return {
            "mode": data.get("mode") or None,
            "max_effort": data.get("max_effort"),
            "max_cost": data.get("max_cost"),
            "group_size": data.get("group_size"),
        }
