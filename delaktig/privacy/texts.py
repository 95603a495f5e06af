"""The wording residents consent to, by version.

A consent record stores the version key, so what someone agreed to can be shown
later even after the wording changes. Add a new version; never edit an old one.
"""

from django.utils.translation import gettext_lazy as _

CURRENT_VERSION = "2026-11"
# Hearing back about a dialogue one took part in while logged in: no box was ticked,
# taking part is the request (results.tasks.feedback_recipients), so the wording
# says exactly that rather than claim words the resident never saw.
HEAR_BACK_TAKING_PART = "taking-part"

CONSENT_TEXTS = {
    ("follow_dialogue", "2026-11"): _(
        "I want an e-mail when this dialogue moves on, and when the municipality tells "
        "what happened. I can stop following at any time on My pages."
    ),
    ("hear_back", "2026-11"): _(
        "I want an e-mail about what happened to my input. I can withdraw this at any "
        "time on My pages."
    ),
    ("hear_back", HEAR_BACK_TAKING_PART): _(
        "You took part in this dialogue while logged in. That is why we e-mail you when "
        "the municipality tells what happened to the input. You can withdraw this at any "
        "time on My pages."
    ),
    ("panel", "2026-11"): _(
        "I want to be a member of the citizen panel and be asked a few times a year. "
        "I can leave at any time, and my profile is then deleted."
    ),
}


def consent_text(purpose: str, version: str):
    return CONSENT_TEXTS.get((purpose, version), "")
