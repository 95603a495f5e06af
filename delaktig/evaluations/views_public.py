"""The public evaluation form, under /utvardering/<code>/.

No login, nothing stored that identifies the person. The address carries a random
code rather than a number, so nobody can walk through every evaluation.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.pagecache import cache_public_page
from delaktig.dialogues.views.editor import apply_errors

from . import services
from .forms import ResponseForm
from .models import Evaluation

ANSWERS_PER_HOUR = 20


def _public_evaluation(token) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_related("dialogue", "dialogue__feedback", "activity")
        .filter(token=token)
        .first()
    )
    # An evaluation of a dialogue that is not public does not exist for residents.
    if evaluation is None or not evaluation.dialogue.is_public:
        raise Http404
    return evaluation


def too_many_answers(request, evaluation) -> bool:
    """A rate limit per connection and evaluation, so a script cannot flood the results.

    Only a salted hash of the address is kept, in the cache for an hour, and never
    with the answer: answers stay anonymous.
    """
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    key = f"delaktig:activity-evaluation-rate:{evaluation.pk}:{digest}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > ANSWERS_PER_HOUR


def _context(evaluation, **extra) -> dict:
    return {
        "evaluation": evaluation,
        "dialogue": evaluation.dialogue,
        "activity": evaluation.activity,
        **extra,
    }


@require_http_methods(["GET", "POST"])
def form(request, token):
    evaluation = _public_evaluation(token)
    state = services.window_state(evaluation)
    response_form = None
    if state == "open":
        response_form = ResponseForm(
            request.POST or None, initial={"submission_key": new_submission_key()}
        )
        if request.method == "POST" and response_form.is_valid():
            if too_many_answers(request, evaluation):
                response_form.add_error(
                    None,
                    _(
                        "We have received many answers from your connection in a short time. "
                        "Try again in an hour."
                    ),
                )
            else:

                def store():
                    services.response_submit(evaluation=evaluation, data=response_form.answers())
                    return reverse("evaluation:thanks", args=[evaluation.token])

                try:
                    # No user on the key either: the answer must not be traceable.
                    url = run_once(
                        key=response_form.cleaned_data.get("submission_key"),
                        user=None,
                        action=store,
                    )
                except ValidationError as error:
                    apply_errors(response_form, error)
                else:
                    return redirect(url)
    return render(
        request,
        "evaluations/form.html",
        _context(evaluation, form=response_form, state=state),
    )


@cache_public_page
@require_safe
def thanks(request, token):
    evaluation = _public_evaluation(token)
    return render(request, "evaluations/thanks.html", _context(evaluation))
