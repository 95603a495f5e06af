"""Who may read the compilation and write, publish and receive reports.

The compilation and the report's drafts are work in progress of the dialogue's
officials; the owner committee's representatives may read them (they receive the
report as decision support and often follow the work before it is published).
Writing and publishing is the officials' job (and administrators'). Every staff
member may open the list of reports sent to their own committees and units; the
list itself shows only those.
"""

import rules

from delaktig.dialogues.rules import can_run, is_owner_representative
from delaktig.municipality.rules import is_staff_member

rules.add_perm("reports.view_compilation", can_run | is_owner_representative)
rules.add_perm("reports.write_report", can_run)
rules.add_perm("reports.view_committee_reports", is_staff_member)
