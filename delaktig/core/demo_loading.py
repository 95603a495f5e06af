"""The demo municipality is assembled from each app's ``demo.py``.

An app that has demo content defines ``load(*, log)`` in its
``demo`` module; ``manage.py load_demo`` calls them in INSTALLED_APPS order, so a
later feature adds its content without touching this file or another app.
Each loader must be idempotent: running the command twice changes nothing.
"""

from collections.abc import Callable
from importlib import import_module

from django.apps import apps


def demo_loaders() -> list[tuple[str, Callable]]:
    loaders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("delaktig."):
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        loaders.append((config.label, module.load))
    return loaders
