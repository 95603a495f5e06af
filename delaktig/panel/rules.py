"""Who may do what with the citizen panel.

The panel belongs to the municipality, not to a unit. Every staff member
(officials, elected representatives, administrators) may see the panel's
disclosure-controlled counts. Administrators manage it: its rules, the consent
text and the list of members (personal data, so not every official). Officials
draw samples and send reminders for the surveys of dialogues they run (the
dialogue's unit), administrators for every survey. Residents join with their own
account and change or leave only their own membership.
"""

import rules

from delaktig.dialogues.rules import can_run
from delaktig.municipality.rules import is_administrator, is_staff_member


@rules.predicate
def runs_survey(user, survey):
    return survey is not None and can_run.test(user, survey.activity.dialogue)


@rules.predicate
def is_own_membership(user, member):
    return member is not None and user.is_authenticated and member.user_id == user.pk


rules.add_perm("panel.view_panel", is_staff_member)
rules.add_perm("panel.manage_panel", is_administrator)
rules.add_perm("panel.draw_sample", runs_survey)
rules.add_perm("panel.join", rules.is_authenticated)
rules.add_perm("panel.change_member", is_own_membership)
rules.add_perm("panel.remove_member", is_own_membership | is_administrator)
