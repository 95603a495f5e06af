"""Who may switch on evaluations, type in paper answers and read the results.

The evaluation belongs to the dialogue, so it follows the dialogue's rules: those who
run the dialogue (officials of its unit, administrators) switch evaluations on and
off and type in paper answers; every member of its unit or owner committee reads the
results, as they read the dialogue itself.

The municipality overview is aggregate figures over every dialogue, after disclosure
control, and answers a question put by the municipal council and board, so every
staff member reads it: administrators, officials of any unit and elected
representatives (the council and board are their audience).
"""

import rules

from delaktig.dialogues.rules import can_run, is_unit_member
from delaktig.municipality.rules import is_administrator, is_staff_member

rules.add_perm("evaluations.manage_evaluation", can_run)
rules.add_perm("evaluations.view_results", is_unit_member | is_administrator)
rules.add_perm("evaluations.view_overview", is_staff_member)
