from django import forms

from delaktig.core.forms import SubmissionKeyMixin

from .models import Report


class ReportForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["summary", "conclusions", "activities_note", "themes_note", "participation_note"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
