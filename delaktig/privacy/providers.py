"""Where a resident's personal data lives, for the data export and account deletion.

Method apps answer through their manifest (``personal_data``,
``erase_personal_data``). Apps that are not methods (the citizen panel …)
register a provider here from their ``AppConfig.ready``, so the privacy app
never imports them and a new app adds itself without touching this one.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Provider:
    key: str
    export: Callable[[Any], Any]  # export(user) -> JSON-ready data
    erase: Callable[[Any], int] | None = None  # erase(user) -> rows removed/anonymised


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    _providers[provider.key] = provider
    return provider


def providers() -> list[Provider]:
    from delaktig.core.registry import registry

    found = dict(_providers)
    for manifest in registry.all():
        if manifest.personal_data or manifest.erase_personal_data:
            found.setdefault(
                manifest.key,
                Provider(
                    key=manifest.key,
                    export=manifest.personal_data or (lambda user: {}),
                    erase=manifest.erase_personal_data,
                ),
            )
    return [found[key] for key in sorted(found)]
