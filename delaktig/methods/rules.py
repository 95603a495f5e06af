"""Who may read and change the method catalogue.

Every staff member plans with the catalogue, so all of them may read it; the
catalogue is shared by the whole municipality, so only administrators change it.
"""

import rules

from delaktig.municipality.rules import is_administrator, is_staff_member

rules.add_perm("methods.view_catalogue", is_staff_member)
rules.add_perm("methods.manage_method", is_administrator)
