"""Who may do what with consultations.

A consultation belongs to an activity of a dialogue, so it follows the dialogue:
officials of the dialogue's unit and administrators prepare, open, close and read
the results. Residents may choose while both the consultation and the dialogue are
open; a consultation that asks for login needs an account.
"""

import rules

from delaktig.dialogues.models import Activity, State
from delaktig.dialogues.rules import can_run
from delaktig.municipality.rules import is_staff_member

from .models import Alternative, AlternativeDocument, Consultation


def dialogue_of(obj):
    """The dialogue of a document, an alternative, a consultation or an activity."""
    if isinstance(obj, AlternativeDocument):
        obj = obj.alternative
    if isinstance(obj, Alternative):
        obj = obj.consultation
    if isinstance(obj, Consultation):
        obj = obj.activity
    if isinstance(obj, Activity):
        obj = obj.dialogue
    return obj


@rules.predicate
def may_run_consultation(user, obj):
    dialogue = dialogue_of(obj)
    return dialogue is not None and can_run.test(user, dialogue)


@rules.predicate
def is_accepting_choices(user, consultation):
    return (
        consultation is not None
        and consultation.state == Consultation.State.OPEN
        and consultation.activity.dialogue.state == State.OPEN
    )


@rules.predicate
def login_condition_met(user, consultation):
    return consultation is not None and (not consultation.login_required or user.is_authenticated)


rules.add_perm("consultations.view_consultations", is_staff_member)
rules.add_perm("consultations.run_consultation", may_run_consultation)
rules.add_perm("consultations.choose", is_accepting_choices & login_condition_met)
