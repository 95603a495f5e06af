"""The dialogue's states and the moves between them, in one table.

Officials draft and submit; a representative of the owner committee approves or
sends the plan back; officials publish, open, close and carry the dialogue through
feedback and evaluation. Moving back is allowed where it makes sense, and is
logged like every other move.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import PUBLIC_STATES, State


@dataclass(frozen=True)
class Move:
    name: str
    source: str
    target: str
    permission: str
    label: object
    backwards: bool = False
    comment_required: bool = False


RUN = "dialogues.run_dialogue"
APPROVE = "dialogues.approve_dialogue"

MOVES = (
    Move("submit", State.DRAFT, State.SUBMITTED, RUN, _("Send for approval")),
    Move("withdraw", State.SUBMITTED, State.DRAFT, RUN, _("Withdraw the plan"), backwards=True),
    Move("approve", State.SUBMITTED, State.APPROVED, APPROVE, _("Approve the plan")),
    Move(
        "send_back",
        State.SUBMITTED,
        State.DRAFT,
        APPROVE,
        _("Send back with a comment"),
        backwards=True,
        comment_required=True,
    ),
    Move("reopen_plan", State.APPROVED, State.DRAFT, RUN, _("Change the plan"), backwards=True),
    Move("publish", State.APPROVED, State.PUBLISHED, RUN, _("Publish")),
    Move("unpublish", State.PUBLISHED, State.APPROVED, RUN, _("Unpublish"), backwards=True),
    Move("open", State.PUBLISHED, State.OPEN, RUN, _("Open for participation")),
    Move("pause", State.OPEN, State.PUBLISHED, RUN, _("Pause participation"), backwards=True),
    Move("close", State.OPEN, State.COMPILING, RUN, _("Close and compile results")),
    Move("reopen", State.COMPILING, State.OPEN, RUN, _("Open again"), backwards=True),
    Move("feed_back", State.COMPILING, State.FED_BACK, RUN, _("Mark as fed back")),
    Move(
        "undo_feedback",
        State.FED_BACK,
        State.COMPILING,
        RUN,
        _("Back to compiling"),
        backwards=True,
    ),
    Move("evaluate", State.FED_BACK, State.EVALUATED, RUN, _("Mark as evaluated")),
    Move("archive", State.EVALUATED, State.ARCHIVED, RUN, _("Archive")),
    Move(
        "unarchive",
        State.ARCHIVED,
        State.EVALUATED,
        RUN,
        _("Take out of the archive"),
        backwards=True,
    ),
)
MOVES_BY_NAME = {move.name: move for move in MOVES}

# Residents following a dialogue hear about these moves.
ANNOUNCED_STATES = set(PUBLIC_STATES) - {State.ARCHIVED}


def moves_from(state: str) -> list[Move]:
    return [move for move in MOVES if move.source == state]


def available_moves(user, dialogue) -> list[Move]:
    return [move for move in moves_from(dialogue.state) if user.has_perm(move.permission, dialogue)]
