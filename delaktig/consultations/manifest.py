"""The consultation method: residents choose between prepared alternatives (A or B)
and may say why. The catalogue entry ``konsultation-alternativ`` links to it with
``registry_key = "consultations"`` (migrations/0002_link_catalogue.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delaktig.core.registry import ContributionType, ExportFormat, MethodManifest, registry

from . import exports, selectors

REASON = "reason"


def _consultation_pk(activity):
    """The activity's consultation id, without a query when it is already loaded."""
    from delaktig.dialogues.models import Activity

    from .models import Consultation

    if Activity.consultation.is_cached(activity):
        consultation = getattr(activity, "consultation", None)
        return consultation.pk if consultation is not None else None
    return Consultation.objects.filter(activity=activity).values_list("pk", flat=True).first()


def participate_url(activity) -> str:
    pk = _consultation_pk(activity)
    return reverse("consultations:detail", args=[pk]) if pk else ""


def manage_url(activity) -> str:
    pk = _consultation_pk(activity)
    if pk:
        return reverse("consultation_staff:detail", args=[pk])
    return reverse("consultation_staff:create", args=[activity.pk])


def _unlink_choices(user) -> int:
    """Account deletion: the choices and reasons stay, anonymous, as the dialogue's
    input (like every contribution); only the link to the account goes."""
    from .models import Choice

    return Choice.objects.filter(user=user).update(user=None)


manifest = registry.register(
    MethodManifest(
        key="consultations",
        name=_("Consultation on alternatives"),
        description=_(
            "Residents choose between alternatives that staff have prepared (text, image, "
            "documents) and may give a reason. Results per alternative, by gender, with the "
            "reasons grouped by alternative."
        ),
        ladder_levels=frozenset({2}),
        online=True,
        offline=False,
        contribution_types=(ContributionType(key=REASON, label=_("Reason for a choice")),),
        summarise=selectors.activity_summary,
        exports=(
            ExportFormat(key="figures_csv", label=_("Figures (CSV)"), export=exports.figures_csv),
            ExportFormat(
                key="figures_xlsx", label=_("Figures (XLSX)"), export=exports.figures_xlsx
            ),
            ExportFormat(key="reasons_csv", label=_("Reasons (CSV)"), export=exports.reasons_csv),
            ExportFormat(
                key="reasons_xlsx", label=_("Reasons (XLSX)"), export=exports.reasons_xlsx
            ),
        ),
        personal_data=selectors.personal_data,
        erase_personal_data=_unlink_choices,
        participate_url=participate_url,
        manage_url=manage_url,
    )
)
