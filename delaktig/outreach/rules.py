"""Who may record, read and change the outreach log, and who sees the reach figures.

Outreach is done by groups (a beredning, a framtidsgrupp, a förvaltning), so the
permissions follow the entry's unit. The members of a drafting group are elected
representatives, so representatives record too, not only officials. The predicates
read only ``user_roles`` (cached on the user per request) and the entry's foreign-key
ids, so asking them for every row of a list costs no queries.
"""

import rules

from delaktig.municipality.models import RoleAssignment
from delaktig.municipality.rules import is_administrator, is_staff_member
from delaktig.municipality.selectors import user_roles

Role = RoleAssignment.Role


def _unit_ids(user) -> set[int]:
    return {unit_id for unit_id, _role in user_roles(user=user)}


@rules.predicate
def is_member_of_unit(user, unit):
    return unit is not None and unit.pk in _unit_ids(user)


@rules.predicate
def is_member_of_entry_unit(user, entry):
    return entry is not None and entry.unit_id in _unit_ids(user)


@rules.predicate
def is_official_of_entry_unit(user, entry):
    return entry is not None and (entry.unit_id, Role.OFFICIAL) in user_roles(user=user)


@rules.predicate
def is_recorder(user, entry):
    return (
        entry is not None
        and user.is_authenticated
        and entry.recorded_by_id is not None
        and entry.recorded_by_id == user.pk
    )


# Anyone with a staff role records outreach, for the units where they have a role
# (administrators for any unit); the form offers only those units.
rules.add_perm("outreach.record_entry", is_staff_member)
rules.add_perm("outreach.record_for_unit", is_member_of_unit | is_administrator)
# The log lists each viewer's own groups; the page itself is open to all staff.
rules.add_perm("outreach.view_log", is_staff_member)
rules.add_perm("outreach.view_entry", is_member_of_entry_unit | is_recorder | is_administrator)
# The one who recorded an entry may correct it; so may the group's officials, who
# answer for the group's figures, and administrators.
rules.add_perm("outreach.change_entry", is_recorder | is_official_of_entry_unit | is_administrator)

# Reach: aggregate figures only, for everyone with a staff role.
rules.add_perm("reach.view_reach", is_staff_member)
# A group's yearly report: the group's members (and administrators).
rules.add_perm("reach.view_group_report", is_member_of_unit | is_administrator)
rules.add_perm("reach.import_population", is_administrator)
