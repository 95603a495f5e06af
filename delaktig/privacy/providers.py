"""Where a resident's personal data lives, for the data export and account deletion.

Method apps answer through their manifest (``personal_data``,
``erase_personal_data``). Apps that are not methods (the citizen panel …)
register a provider here from their ``AppConfig.ready``, so the privacy app
never imports them and a new app adds itself without touching this one.

A provider may also hold consents of its own (the panel keeps the version of
its consent text on the membership): ``consents(user)`` lists them for "Mina
uppgifter" and ``withdraw(user, ref)`` ends one, returning False when ``ref`` is
not one of that person's consents.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ConsentEntry:
    """One consent a provider holds, as the resident's consent list shows it."""

    ref: str  # the provider's own id of the consent; checked against the user on withdrawal
    purpose: str  # what it is for, e.g. "Membership of the citizen panel"
    wording: str  # the exact words agreed to
    version: str
    given_at: datetime.datetime
    concerns: str = ""
    withdrawn_at: datetime.datetime | None = None
    # The button, when withdrawing is more than stopping e-mails ("Leave the panel").
    withdraw_label: str = ""


@dataclass(frozen=True)
class Provider:
    key: str
    export: Callable[[Any], Any]  # export(user) -> JSON-ready data
    erase: Callable[[Any], int] | None = None  # erase(user) -> rows removed/anonymised
    consents: Callable[[Any], list[ConsentEntry]] | None = None  # consents(user)
    withdraw: Callable[[Any, str], bool] | None = None  # withdraw(user, ref) -> done


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


def consent_provider(key: str) -> Provider | None:
    """The registered provider ``key`` if it holds consents that can be withdrawn."""
    provider = _providers.get(key)
    if provider is None or provider.consents is None or provider.withdraw is None:
        return None
    return provider
