"""Consents that follow from what a resident does elsewhere.

Taking part in a dialogue while logged in is how a resident asks to hear back
about it (``results.tasks.feedback_recipients`` mails contribution authors). The
consent record is made here, on every path that stores a contribution with an
author, so the resident's consent list shows it and can withdraw it.
"""


def note_hear_back(sender, instance, created, raw=False, **kwargs):
    # raw: loading a backup or fixture restores consents of its own.
    if not created or raw or instance.author_id is None:
        return
    from .services import hear_back_note

    hear_back_note(user=instance.author, dialogue=instance.dialogue)
