"""Forms for consultations: staff's settings, alternatives and documents, residents' choice.

Forms parse and validate; the views hand the cleaned data to ``services``.
"""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from delaktig.core.demographics import AgeBand, Gender
from delaktig.core.forms import SubmissionKeyMixin
from delaktig.municipality.models import District

from .models import Alternative, Consultation
from .services import MAX_REASON_CHARS


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["question", "intro", "reason", "login_required", "background_questions"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 5}),
            "reason": forms.RadioSelect,
        }
        error_messages = {
            "question": {"required": _("Write the question residents answer by choosing.")}
        }

    def consultation_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AlternativeForm(forms.ModelForm):
    image = forms.ImageField(
        label=_("Image"),
        required=False,
        help_text=_("A JPEG, PNG, WebP or GIF image of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    class Meta:
        model = Alternative
        fields = ["title", "description", "image", "image_alt"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": _("Short and easy to tell apart, for example “A: More library”."),
            "description": _(
                "What the alternative means for residents: what is built or done, what it costs."
            ),
            "image_alt": _(
                "What the image shows, for people who cannot see it. Needed when there is an image."
            ),
        }
        error_messages = {"title": {"required": _("Give the alternative a title.")}}

    def clean(self):
        data = super().clean()
        has_image = bool(data.get("image")) or (
            self.instance.image and data.get("image") is not False
        )
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error(
                "image_alt", _("Describe what the image shows, for people who cannot see it.")
            )
        return data

    def alternative_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("title", "description", "image_alt")}
        image = self.cleaned_data.get("image")
        # False: "remove" was ticked; an upload: a new image; else the stored one stays.
        if image is False or isinstance(image, UploadedFile):
            data["image"] = image
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the document"),
        max_length=200,
        help_text=_("Residents see it as the link text, for example “Sketch of proposal A (PDF)”."),
        error_messages={"required": _("Write a title for the document.")},
    )
    file = forms.FileField(
        label=_("PDF file"),
        help_text=_("At most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        error_messages={"required": _("Choose a PDF file.")},
    )


class AlternativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ChoiceForm(SubmissionKeyMixin, forms.Form):
    """A resident's choice: one alternative, maybe a reason, maybe background answers."""

    alternative = AlternativeChoiceField(
        label=_("Your choice"),
        queryset=Alternative.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose one of the alternatives."),
            "invalid_choice": _("Choose one of the alternatives."),
        },
    )
    reason = forms.CharField(
        label=_("Why did you choose this alternative?"),
        max_length=MAX_REASON_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your reason is read by the officials and the politicians who decide."),
        error_messages={"required": _("Write why you chose this alternative.")},
    )
    age_band = forms.ChoiceField(
        label=_("Age"),
        choices=[("", _("Prefer not to say"))]
        + [(v, label) for v, label in AgeBand.choices if v != AgeBand.UNKNOWN],
        required=False,
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("Prefer not to say"))]
        + [(v, label) for v, label in Gender.choices if v != Gender.UNSTATED],
        required=False,
    )
    district = forms.ModelChoiceField(
        label=_("Where do you live?"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Prefer not to say"),
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["alternative"].queryset = Alternative.objects.filter(consultation=consultation)
        # The page already shows the alternatives; the radio labels repeat their titles.
        self.fields["alternative"].label = consultation.question
        if consultation.reason_required:
            self.fields["reason"].required = True
        if not consultation.asks_reason:
            del self.fields["reason"]
        if consultation.background_questions:
            self.fields["district"].queryset = District.objects.filter(
                municipality_id=consultation.activity.dialogue.municipality_id
            ).order_by("name")
        else:
            for name in ("age_band", "gender", "district"):
                del self.fields[name]

    @property
    def background_fields(self):
        return [self[name] for name in ("age_band", "gender", "district") if name in self.fields]

    @property
    def main_fields(self):
        return [self[name] for name in ("alternative", "reason") if name in self.fields]

    def choice_data(self) -> dict:
        data = self.cleaned_data
        return {
            "alternative": data["alternative"],
            "reason": data.get("reason", ""),
            "age_band": data.get("age_band", ""),
            "gender": data.get("gender", ""),
            "district": data.get("district"),
            "submission_key": str(data.get("submission_key") or ""),
        }


class ReasonSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the reasons"), required=False, max_length=200)
