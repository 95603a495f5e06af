import datetime

from django.utils import timezone

from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.tests.factories import AttendanceCountFactory, MeetingFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f
from delaktig.themes.models import Theme, ThemeAssignment


def report_world(municipality) -> dict:
    """A dialogue being compiled: a held meeting with attendance (one small group),
    table notes, a published theme; an official, a representative of the owner
    committee and an official of another unit."""
    unit = f.UnitFactory(municipality=municipality, name="Samhällsbyggnadsförvaltningen")
    committee = f.UnitFactory(
        municipality=municipality, name="Samhällsbyggnadsnämnden", kind=Unit.Kind.COMMITTEE
    )
    dialogue = DialogueFactory(
        municipality=municipality,
        unit=unit,
        owner_committee=committee,
        state=State.COMPILING,
        title="Nya parken i Norrby",
        slug="nya-parken",
    )
    now = timezone.now()
    meeting = MeetingFactory(
        activity__dialogue=dialogue,
        activity__title="Parkkväll i Norrby",
        starts_at=now - datetime.timedelta(days=3, hours=2),
        ends_at=now - datetime.timedelta(days=3),
    )
    AttendanceCountFactory(meeting=meeting, gender="woman", age_band="26-44", count=14)
    AttendanceCountFactory(meeting=meeting, gender="man", age_band="26-44", count=11)
    AttendanceCountFactory(meeting=meeting, gender="woman", age_band="80+", count=2)
    notes = Contribution.objects.bulk_create(
        [
            Contribution(
                dialogue=dialogue,
                activity=meeting.activity,
                method_key="meetings",
                kind="table_note",
                text=f"Fler bänkar och belysning i parken ({i})",
            )
            for i in range(8)
        ]
    )
    theme = Theme.objects.create(
        dialogue=dialogue, name="Trygghet i parken", published=True, top_words=["belysning"]
    )
    for note in notes:
        ThemeAssignment.objects.create(theme=theme, contribution=note, weight=0.8)
    representative = f.representative(committee, user__name="Rut Representant")
    return {
        "dialogue": dialogue,
        "meeting": meeting,
        "committee": committee,
        "official": f.official(unit),
        "representative": representative,
        "other_official": f.official(f.UnitFactory(municipality=municipality)),
        "theme": theme,
    }
