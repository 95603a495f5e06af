"""Public dialogue pages: the list residents browse, one dialogue's page, following.

Everything here is open to anonymous visitors except following, which needs an
account. Only dialogues in public states are ever shown; a draft's address
answers 404 so that its existence is not revealed.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from delaktig.core.pagecache import cache_public_page
from delaktig.core.ratelimit import ratelimit
from delaktig.municipality.models import District, Topic
from delaktig.municipality.selectors import current_municipality
from delaktig.results.selectors import decision_for, published_feedback

from .. import selectors, services
from ..models import (
    PUBLIC_STATES,
    AccessibilityMeasure,
    Activity,
    Dialogue,
    LadderLevel,
    State,
)

PAGE_SIZE = 10


@dataclass(frozen=True)
class Section:
    param: str  # value of ?visa= in the address
    key: str  # section name understood by selectors.public_dialogues
    title: object
    empty: object
    all_label: object
    # Closing soonest, starting soonest, most recently ended: what a resident looks for.
    order: tuple


SECTIONS = (
    Section(
        "pagar",
        "open",
        gettext_lazy("Ongoing – take part now"),
        gettext_lazy("No dialogue is open for participation right now."),
        gettext_lazy("See all ongoing dialogues"),
        ("ends_on", "title"),
    ),
    Section(
        "kommande",
        "upcoming",
        gettext_lazy("Upcoming"),
        gettext_lazy("No upcoming dialogues have been announced."),
        gettext_lazy("See all upcoming dialogues"),
        ("starts_on", "title"),
    ),
    Section(
        "avslutade",
        "finished",
        gettext_lazy("Finished"),
        gettext_lazy("No dialogues have finished yet."),
        gettext_lazy("See all finished dialogues"),
        ("-ends_on", "title"),
    ),
)
SECTIONS_BY_PARAM = {section.param: section for section in SECTIONS}

STATE_TONES = {
    State.PUBLISHED: "blue",
    State.OPEN: "green",
    State.COMPILING: "yellow",
    State.FED_BACK: "grey",
    State.EVALUATED: "grey",
    State.ARCHIVED: "grey",
}


class DialogueFilterForm(forms.Form):
    """The list's filters, sent with GET so that they work without JavaScript and
    the filtered list has an address of its own."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Words in the title, description or questions."),
    )
    omrade = forms.ModelChoiceField(
        label=gettext_lazy("District"),
        queryset=District.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All districts"),
    )
    amne = forms.ModelChoiceField(
        label=gettext_lazy("Topic"),
        queryset=Topic.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All topics"),
    )
    niva = forms.TypedChoiceField(
        label=gettext_lazy("Level of influence"),
        choices=(),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["omrade"].queryset = District.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")
        self.fields["amne"].queryset = Topic.objects.order_by("name")
        self.fields["niva"].choices = [("", _("All levels")), *LadderLevel.choices]

    def filters(self) -> dict:
        """The valid filters only: a tampered parameter is shown as an error on its
        field and otherwise ignored, so the list still answers."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": (data.get("q") or "").strip(),
            "district": data.get("omrade"),
            "topic": data.get("amne"),
            "ladder_level": data.get("niva"),
        }


def _section_page(request, section: Section, queryset, *, page_number, count):
    """One section's page, with the links to its other pages built here (a
    section's pages live at ?visa=<section>, keeping the filters)."""
    paginator = Paginator(queryset, PAGE_SIZE)
    paginator.count = count  # counted for all sections in one query
    page = paginator.get_page(page_number)
    dialogues = list(page.object_list)
    for dialogue in dialogues:
        dialogue.state_tone = STATE_TONES.get(dialogue.state, "grey")

    def link(number):
        query = request.GET.copy()
        query["visa"] = section.param
        query["sida"] = number
        return "?" + query.urlencode()

    return {
        "section": section,
        "page": page,
        "dialogues": dialogues,
        "previous_url": link(page.previous_page_number()) if page.has_previous() else "",
        "next_url": link(page.next_page_number()) if page.has_next() else "",
        "all_url": link(1) if page.has_next() else "",
    }


@cache_public_page
def public_list(request):
    municipality = current_municipality()
    form = DialogueFilterForm(request.GET or None, municipality=municipality)
    filters = form.filters() if request.GET else {}
    shown = SECTIONS_BY_PARAM.get(request.GET.get("visa", ""))
    sections = []
    counts = selectors.public_section_counts(**filters)
    for section in (shown,) if shown else SECTIONS:
        queryset = selectors.public_dialogues(
            section=section.key, prefetch=False, **filters
        ).order_by(*section.order, "pk")
        # In the overview every section starts on its first page; a section's
        # further pages are reached through its own view (?visa=…).
        page_number = request.GET.get("sida") if shown else 1
        sections.append(
            _section_page(
                request, section, queryset, page_number=page_number, count=counts[section.key]
            )
        )
    # Districts and topics of every card on the page, in two queries in all.
    prefetch_related_objects(
        [dialogue for entry in sections for dialogue in entry["dialogues"]], "districts", "topics"
    )
    overview_query = request.GET.copy()
    for key in ("visa", "sida"):
        overview_query.pop(key, None)
    return render(
        request,
        "dialogues/public/list.html",
        {
            "form": form,
            "sections": sections,
            "shown": shown,
            "is_filtered": any(filters.values()),
            "overview_url": "?" + overview_query.urlencode() if overview_query else "?",
            "all_sections": SECTIONS,
        },
    )


def _public_dialogue(slug: str) -> Dialogue:
    """A dialogue in a public state with everything its page shows, or 404."""
    municipality = current_municipality()
    try:
        return (
            Dialogue.objects.filter(municipality=municipality, state__in=PUBLIC_STATES)
            .select_related("unit", "owner_committee", "municipality")
            .prefetch_related(
                "questions",
                "districts",
                "topics",
                Prefetch(
                    "activities",
                    queryset=Activity.objects.select_related("method", "district", "meeting"),
                ),
            )
            .get(slug=slug)
        )
    except Dialogue.DoesNotExist:
        raise Http404 from None


@cache_public_page
def public_detail(request, slug):
    dialogue = _public_dialogue(slug)
    activities = []
    for activity in dialogue.activities.all():
        manifest = activity.method.manifest
        participate_url = ""
        if manifest is not None and manifest.participate_url is not None:
            participate_url = manifest.participate_url(activity)
        activities.append((activity, participate_url))
    measures = [
        AccessibilityMeasure(value).label
        for value in dialogue.accessibility_measures
        if value in AccessibilityMeasure.values
    ]
    ladder = [
        {"value": level.value, "label": level.label, "current": level == dialogue.ladder_level}
        for level in LadderLevel
    ]
    return render(
        request,
        "dialogues/public/detail.html",
        {
            "dialogue": dialogue,
            "published_feedback": published_feedback(dialogue),
            "decision": decision_for(dialogue),
            "activities": activities,
            "measures": measures,
            "ladder": ladder,
            "state_tone": STATE_TONES.get(dialogue.state, "grey"),
            "is_following": selectors.is_following(user=request.user, dialogue=dialogue),
            "may_follow": request.user.has_perm("dialogues.follow_dialogue", dialogue),
            "login_url": _login_url(request.path),
        },
    )


def _login_url(next_path: str) -> str:
    query = QueryDict(mutable=True)
    query["next"] = next_path
    return f"{reverse('account_login')}?{query.urlencode()}"


def _back(request, dialogue: Dialogue):
    """Back to where the button was pressed, if that is a page of this site."""
    target = request.POST.get("next", "")
    # A path of this site only; redirect() would also try a bare word as a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    if dialogue.is_public:
        return redirect("dialogues:public_detail", slug=dialogue.slug)
    return redirect("dialogues:public_list")


@login_required
@require_POST
@ratelimit(key="user", rate="20/m", group="dialogues.follow")
def follow(request, slug):
    dialogue = _public_dialogue(slug)
    services.dialogue_follow(user=request.user, dialogue=dialogue)
    messages.success(
        request,
        _("You now follow the dialogue. We will e-mail you when something happens in it."),
    )
    return _back(request, dialogue)


@login_required
@require_POST
@ratelimit(key="user", rate="20/m", group="dialogues.follow")
def unfollow(request, slug):
    # A followed dialogue that has left the public states can still be unfollowed;
    # any other non-public dialogue stays hidden.
    dialogue = (
        Dialogue.objects.filter(municipality=current_municipality(), slug=slug)
        .filter(Q(state__in=PUBLIC_STATES) | Q(follows__user=request.user))
        .distinct()
        .first()
    )
    if dialogue is None:
        raise Http404
    services.dialogue_unfollow(user=request.user, dialogue=dialogue)
    messages.success(request, _("You no longer follow the dialogue."))
    return _back(request, dialogue)
