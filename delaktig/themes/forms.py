from django import forms
from django.utils.translation import gettext_lazy as _


class ThemeRenameForm(forms.Form):
    name = forms.CharField(label=_("Name of the theme"), max_length=200)


class MergeForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes to merge"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField(
        label=_("Name of the merged theme"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the name of the first theme."),
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes

    def clean_themes(self):
        themes = self.cleaned_data["themes"]
        if len(themes) < 2:
            raise forms.ValidationError(_("Choose at least two themes to merge."))
        return themes


class MoveForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Move to theme"), queryset=None, required=False, empty_label=_("No theme")
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
