"""Who may do what with a dialogue. Permissions follow the dialogue's units."""

import rules

from delaktig.municipality.models import RoleAssignment
from delaktig.municipality.rules import is_administrator
from delaktig.municipality.selectors import user_roles

from .models import State

Role = RoleAssignment.Role


def _has(user, unit_id, role) -> bool:
    return unit_id is not None and (unit_id, role) in user_roles(user=user)


@rules.predicate
def is_official(user):
    return any(role == Role.OFFICIAL for _u, role in user_roles(user=user))


@rules.predicate
def is_representative(user):
    return any(role == Role.REPRESENTATIVE for _u, role in user_roles(user=user))


@rules.predicate
def is_dialogue_official(user, dialogue):
    return dialogue is not None and _has(user, dialogue.unit_id, Role.OFFICIAL)


@rules.predicate
def is_owner_representative(user, dialogue):
    return dialogue is not None and _has(user, dialogue.owner_committee_id, Role.REPRESENTATIVE)


@rules.predicate
def is_unit_member(user, dialogue):
    if dialogue is None:
        return False
    units = {dialogue.unit_id, dialogue.owner_committee_id}
    return any(unit_id in units for unit_id, _r in user_roles(user=user))


@rules.predicate
def is_draft(user, dialogue):
    return dialogue is not None and dialogue.state == State.DRAFT


@rules.predicate
def is_public(user, dialogue):
    return dialogue is not None and dialogue.is_public


can_run = is_dialogue_official | is_administrator

rules.add_perm("dialogues.add_dialogue", is_official | is_administrator)
rules.add_perm("dialogues.view_dialogue", is_unit_member | is_administrator)
rules.add_perm("dialogues.change_dialogue", can_run & is_draft)
rules.add_perm("dialogues.run_dialogue", can_run)
rules.add_perm("dialogues.approve_dialogue", is_owner_representative)
# The half-year dialogue programme is a political matter too, so representatives see it.
rules.add_perm(
    "dialogues.view_calendar",
    rules.is_authenticated & (is_official | is_representative | is_administrator),
)
rules.add_perm("dialogues.follow_dialogue", rules.is_authenticated & is_public)
