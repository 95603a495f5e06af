"""URL classification for the permission walk in tests/test_url_permissions.py."""

from delaktig.consultations.models import AlternativeDocument
from delaktig.consultations.tests.factories import (
    AlternativeFactory,
    ConsultationActivityFactory,
    ConsultationFactory,
)

# Residents see a consultation of a public dialogue and choose without an account
# (unless it asks for login; the view then sends them to log in).
PUBLIC = {
    "consultations:detail",
    "consultations:thanks",
    "consultations:image",
    "consultations:document",
}
# The list shows only the viewer's own units' consultations.
ALL_STAFF_READ = {"consultation_staff:list"}


def url_kwargs(world) -> dict[str, dict]:
    dialogue = world["dialogue"]
    consultation = ConsultationFactory(activity__dialogue=dialogue)
    alternative = AlternativeFactory(consultation=consultation)
    # The file need not exist: permission is checked before it is opened.
    document = AlternativeDocument.objects.create(
        alternative=alternative, title="Skiss", file="consultations/documents/skiss.pdf"
    )
    bare_activity = ConsultationActivityFactory(dialogue=dialogue)
    pk = {"pk": consultation.pk}
    return {
        "consultation_staff:create": {"activity_pk": bare_activity.pk},
        "consultation_staff:detail": pk,
        "consultation_staff:edit": pk,
        "consultation_staff:state": {"pk": consultation.pk, "move": "close"},
        "consultation_staff:alternative_add": pk,
        "consultation_staff:results": pk,
        "consultation_staff:export": {"pk": consultation.pk, "what": "figures", "fmt": "csv"},
        "consultation_staff:alternative_edit": {"pk": alternative.pk},
        "consultation_staff:alternative_delete": {"pk": alternative.pk},
        "consultation_staff:alternative_move": {"pk": alternative.pk},
        "consultation_staff:document_add": {"pk": alternative.pk},
        "consultation_staff:document_delete": {"pk": document.pk},
        "consultations:detail": pk,
        "consultations:thanks": pk,
        "consultations:image": {"pk": alternative.pk},
        "consultations:document": {"pk": document.pk},
    }
