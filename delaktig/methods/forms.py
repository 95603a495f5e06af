from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import SubmissionKeyMixin
from delaktig.core.registry import registry
from delaktig.dialogues.models import LadderLevel
from delaktig.municipality.models import TargetGroup

from .models import Method, Mode


class MethodForm(SubmissionKeyMixin, forms.ModelForm):
    ladder_levels = forms.TypedMultipleChoiceField(
        label=_("Levels of influence"),
        help_text=_("Choose every level of the participation ladder the method can serve."),
        choices=LadderLevel.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one level of influence.")},
    )
    suits = forms.ModelMultipleChoiceField(
        label=_("Target groups it suits"),
        help_text=_("Choose the groups the method is good at reaching."),
        queryset=TargetGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    group_size_min = forms.IntegerField(
        label=_("Smallest group"), help_text=_("Number of participants."), min_value=1
    )
    group_size_max = forms.IntegerField(
        label=_("Largest group"),
        help_text=_("Number of participants. Leave empty if there is no limit."),
        min_value=1,
        required=False,
    )
    registry_key = forms.ChoiceField(
        label=_("Run in Delaktig as"),
        help_text=_("Choose the method in Delaktig that runs this, if there is one."),
        required=False,
    )

    class Meta:
        model = Method
        fields = [
            "name",
            "summary",
            "description",
            "when_to_use",
            "ladder_levels",
            "mode",
            "group_size_min",
            "group_size_max",
            "effort",
            "cost_level",
            "suits",
            "registry_key",
            "is_active",
        ]
        labels = {
            "name": _("Name"),
            "summary": _("In short"),
            "description": _("What it is and how it works"),
            "when_to_use": _("When to use it"),
            "mode": _("Online or in person"),
            "effort": _("Work for staff"),
            "cost_level": _("Cost"),
            "is_active": _("Show the method in the catalogue and the recommender"),
        }
        help_texts = {
            "summary": _("One or two sentences shown in lists."),
            "description": _("Leave an empty line between paragraphs."),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "when_to_use": forms.Textarea(attrs={"rows": 5}),
            "mode": forms.RadioSelect,
            "effort": forms.RadioSelect,
            "cost_level": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suits"].queryset = TargetGroup.objects.filter(is_active=True).order_by("name")
        if self.instance.pk:
            self.initial.setdefault("ladder_levels", self.instance.ladder_levels)
        else:
            del self.fields["is_active"]
        # Without a registered method app there is nothing to link to; keep the field out.
        current = self.instance.registry_key
        choices = [(m.key, str(m.name)) for m in registry.all()]
        if current and current not in registry:
            choices.append((current, current))
        if choices:
            self.fields["registry_key"].choices = [("", _("Not run in Delaktig")), *choices]
        else:
            del self.fields["registry_key"]
        # RadioSelect on a model field with a default would otherwise add a blank choice.
        for name in ("mode", "effort", "cost_level"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]

    def validate_unique(self):
        # The service checks names (also across letter case); checking here as well
        # would turn a double-submitted create into an error instead of the first result.
        pass

    def clean(self):
        cleaned = super().clean()
        smallest, largest = cleaned.get("group_size_min"), cleaned.get("group_size_max")
        if smallest is not None and largest is not None and largest < smallest:
            self.add_error(
                "group_size_max", _("The largest group cannot be smaller than the smallest.")
            )
        return cleaned


MODE_FILTER_CHOICES = [
    ("", _("Online and in person")),
    (Mode.ONLINE, _("Can be done online")),
    (Mode.OFFLINE, _("Can be done in person")),
]


class MethodFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    level = forms.TypedChoiceField(
        label=_("Level of influence"),
        choices=[("", _("All levels")), *LadderLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    mode = forms.ChoiceField(
        label=_("Online or in person"), choices=MODE_FILTER_CHOICES, required=False
    )
    group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.none(),
        to_field_name="slug",
        empty_label=_("All target groups"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = TargetGroup.objects.filter(is_active=True).order_by("name")
