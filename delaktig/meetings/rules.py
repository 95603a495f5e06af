"""Who may do what with meetings.

A meeting belongs to an activity of a dialogue, so it follows the dialogue: the
officials of the dialogue's unit and administrators run it (edit its details, see
the registrations and their needs, document it). Anyone, with or without an
account, may register while the dialogue is public and the meeting has not started.
"""

import rules
from django.utils import timezone

from delaktig.dialogues.models import Activity
from delaktig.dialogues.rules import can_run
from delaktig.municipality.rules import is_staff_member

from .models import Meeting, Registration


def dialogue_of(obj):
    """The dialogue of a registration, a meeting or an activity (or the dialogue itself)."""
    if isinstance(obj, Registration):
        obj = obj.meeting
    if isinstance(obj, Meeting):
        obj = obj.activity
    if isinstance(obj, Activity):
        obj = obj.dialogue
    return obj


@rules.predicate
def may_run_meeting(user, obj):
    dialogue = dialogue_of(obj)
    return dialogue is not None and can_run.test(user, dialogue)


@rules.predicate
def registration_is_open(user, meeting):
    """Open while the dialogue is public and until the meeting starts."""
    if meeting is None:
        return False
    return meeting.activity.dialogue.is_public and timezone.now() < meeting.starts_at


rules.add_perm("meetings.view_meetings", is_staff_member)
rules.add_perm("meetings.run_meeting", may_run_meeting)
rules.add_perm("meetings.register", registration_is_open)
