import rules

from delaktig.municipality.rules import is_administrator

# Archive packages and disposal are the registry's work: administrators only.
rules.add_perm("records.manage_records", is_administrator)
