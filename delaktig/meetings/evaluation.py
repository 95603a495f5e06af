"""The participants' evaluation of a meeting, on paper or by phone.

Three questions on a 1–5 scale (was the purpose clear, did you feel listened to,
do you know what happens next), "would you take part again" and a free comment:
the dialogue-level indicators in DOMAIN.md asked of each meeting. Answers are
anonymous: a response stores no user and no address, and phone answers are not
written to the audit log (whose entries carry the request's IP address).

The form opens when the meeting starts and closes 30 days after it ends; staff
may type in paper answers at any time after the start, since sheets are often
collected and entered later.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as

from .models import EvaluationResponse, Meeting, Rating

OPEN_DAYS_AFTER = 30
RATING_FIELDS = ("purpose_clear", "listened_to", "knows_next")
ANSWER_FIELDS = (*RATING_FIELDS, "take_part_again", "comment")
Channel = EvaluationResponse.Channel
Again = EvaluationResponse.Again


# --- When the form is open -----------------------------------------------------


def closes_at(meeting: Meeting) -> datetime.datetime:
    return meeting.ends_at + datetime.timedelta(days=OPEN_DAYS_AFTER)


def window_state(meeting: Meeting, now: datetime.datetime | None = None) -> str:
    """ "not_yet" before the meeting starts, "open" until 30 days after it ends,
    then "closed"."""
    now = now or timezone.now()
    if now < meeting.starts_at:
        return "not_yet"
    if now > closes_at(meeting):
        return "closed"
    return "open"


# --- Writing an answer -----------------------------------------------------------


def _clean_answers(data) -> dict:
    answers = {}
    for name in RATING_FIELDS:
        value = data.get(name)
        if value in (None, ""):
            answers[name] = None
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value not in Rating.values:
            raise ValidationError({name: _("Choose a number from 1 to 5.")})
        answers[name] = value
    again = data.get("take_part_again") or ""
    if again and again not in Again.values:
        raise ValidationError({"take_part_again": _("Choose one of the answers.")})
    answers["take_part_again"] = again
    answers["comment"] = (data.get("comment") or "").strip()
    if not any(answers[name] not in (None, "") for name in ANSWER_FIELDS):
        raise ValidationError(_("Answer at least one question before you send."))
    return answers


@transaction.atomic
def evaluation_submit(*, meeting: Meeting, data, now=None) -> EvaluationResponse:
    """A participant's own answer, from the phone form. No actor: it is anonymous."""
    if window_state(meeting, now) != "open" or not meeting.activity.dialogue.is_public:
        raise ValidationError(_("The evaluation of this meeting is not open."))
    response = EvaluationResponse(meeting=meeting, channel=Channel.PHONE, **_clean_answers(data))
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def evaluation_enter_paper(*, actor, meeting: Meeting, data, now=None) -> EvaluationResponse:
    """Staff type in one answer from a paper sheet."""
    dialogue = meeting.activity.dialogue
    if not (actor is not None and actor.has_perm("dialogues.run_dialogue", dialogue)):
        raise PermissionDenied
    if window_state(meeting, now) == "not_yet":
        raise ValidationError(_("The meeting has not started yet, so there are no answers."))
    response = EvaluationResponse(meeting=meeting, channel=Channel.PAPER, **_clean_answers(data))
    response.full_clean()
    with acting_as(actor):
        response.save()
    return response


# --- Results ---------------------------------------------------------------------


@dataclass
class QuestionResult:
    name: str
    label: str
    answered: int
    mean: float | None
    distribution: list  # [(value, label, count, percent)]


@dataclass
class EvaluationResults:
    count: int
    by_channel: dict  # {channel: count}
    questions: list  # [QuestionResult]
    again: list  # [(value, label, count, percent)] of those who answered
    again_answered: int
    comments: list  # [(created_at, channel label, text)]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def evaluation_results(meeting: Meeting) -> EvaluationResults:
    """Paper and phone answers together, from one query."""
    rows = list(
        EvaluationResponse.objects.filter(meeting=meeting)
        .order_by("-created_at", "-pk")
        .values(*ANSWER_FIELDS, "channel", "created_at")
    )
    questions = []
    for name in RATING_FIELDS:
        values = [row[name] for row in rows if row[name] is not None]
        distribution = [
            (value, label, values.count(value), _percent(values.count(value), len(values)))
            for value, label in Rating.choices
        ]
        questions.append(
            QuestionResult(
                name=name,
                label=str(EvaluationResponse._meta.get_field(name).verbose_name),
                answered=len(values),
                mean=round(sum(values) / len(values), 1) if values else None,
                distribution=distribution,
            )
        )
    agains = [row["take_part_again"] for row in rows if row["take_part_again"]]
    again = [
        (value, label, agains.count(value), _percent(agains.count(value), len(agains)))
        for value, label in Again.choices
    ]
    channel_labels = dict(Channel.choices)
    comments = [
        (row["created_at"], channel_labels.get(row["channel"], ""), row["comment"])
        for row in rows
        if row["comment"]
    ]
    by_channel = dict.fromkeys(Channel.values, 0)
    for row in rows:
        by_channel[row["channel"]] = by_channel.get(row["channel"], 0) + 1
    return EvaluationResults(
        count=len(rows),
        by_channel=by_channel,
        questions=questions,
        again=again,
        again_answered=len(agains),
        comments=comments,
    )


# --- The QR code on the paper sheet ---------------------------------------------------


def form_url(meeting: Meeting) -> str:
    """The phone form's absolute address, as printed on the sheet."""
    path = reverse("meeting_evaluation:form", args=[meeting.pk])
    return urljoin(settings.DELAKTIG_BASE_URL.rstrip("/") + "/", path.lstrip("/"))


def qr_svg(url: str, *, title: str) -> str:
    """An inline SVG QR code for ``url``, with a text alternative.

    Error correction M survives a crumpled or photocopied sheet; the path-based SVG
    is one element, small and crisp at any print size."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    code.make(fit=True)
    svg = code.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
    # Give it a role and an accessible name, and let CSS size it.
    escaped = (
        title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
    svg = re.sub(
        r"<svg\b([^>]*)>",
        lambda m: (
            f'<svg{_without_size(m.group(1))} role="img" aria-label="{escaped}" class="qr-code">'
            f"<title>{escaped}</title>"
        ),
        svg,
        count=1,
    )
    return svg


def _without_size(attributes: str) -> str:
    # Keep viewBox; drop the fixed width/height (in mm) so the page decides the size.
    return re.sub(r'\s(width|height)="[^"]*"', "", attributes)
