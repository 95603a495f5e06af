from auditlog.models import LogEntry
from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import tracked_content_types


class LogFilterForm(forms.Form):
    who = forms.CharField(label=_("Who"), required=False, help_text=_("Name or e-mail."))
    object_type = forms.ChoiceField(label=_("Type of object"), required=False)
    action = forms.ChoiceField(label=_("Change"), required=False)
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = sorted(
            (
                (str(ct.pk), str(ct.model_class()._meta.verbose_name).capitalize())
                for ct in tracked_content_types()
            ),
            key=lambda item: item[1],
        )
        self.fields["object_type"].choices = [("", _("All types")), *types]
        self.fields["action"].choices = [
            ("", _("All changes")),
            (str(LogEntry.Action.CREATE), _("Created")),
            (str(LogEntry.Action.UPDATE), _("Changed")),
            (str(LogEntry.Action.DELETE), _("Deleted")),
        ]
