"""Rows that data migrations create, for tests that empty the database.

Tests with ``transaction=True`` end with every table emptied, rows of data
migrations included; later tests in the same process expect the method
catalogue and its links. Re-running the forward functions puts them back (they
update or create, so running them twice is harmless).
"""

import importlib

from django.apps import apps
from django.db.migrations import RunPython

DATA_MIGRATIONS = (
    "delaktig.municipality.migrations.0003_default_target_groups_topics",
    "delaktig.methods.migrations.0002_catalogue",
    "delaktig.meetings.migrations.0002_link_catalogue",
    "delaktig.surveys.migrations.0002_link_catalogue",
    "delaktig.consultations.migrations.0002_link_catalogue",
)


def rerun_data_migrations() -> None:
    for name in DATA_MIGRATIONS:
        migration = importlib.import_module(name).Migration
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)
