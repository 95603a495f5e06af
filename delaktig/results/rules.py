"""Who may record decisions and write feedback.

The decision is the committee's, so besides the dialogue's officials (and
administrators) a representative of the owner committee may record it — often
the committee secretary or chair knows the decision first. Feedback to
participants is the officials' job (they run the dialogue and answer for its
communication), so only they and administrators write and publish it.
"""

import rules

from delaktig.dialogues.rules import can_run, is_owner_representative
from delaktig.municipality.rules import is_staff_member

rules.add_perm("results.record_decision", can_run | is_owner_representative)
rules.add_perm("results.write_feedback", can_run)
# The list of feedback deadlines is filtered to the user's own units in the selector.
rules.add_perm("results.view_feedback_deadlines", is_staff_member)
