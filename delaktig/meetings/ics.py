"""iCalendar (RFC 5545) for meetings: one meeting as a download, all upcoming ones as a feed.

Times carry the Europe/Stockholm time zone (with its VTIMEZONE), so calendar
programs show the right hour on both sides of a daylight-saving change. Each
meeting's UID is built from its id and the site's host name, so an updated
meeting replaces the old event instead of appearing twice.
"""

import zoneinfo
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

PRODID = "-//Delaktig//Meetings//SV"


def _host() -> str:
    return urlsplit(settings.DELAKTIG_BASE_URL).hostname or "delaktig"


def meeting_uid(meeting) -> str:
    return f"meeting-{meeting.pk}@{_host()}"


def _zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _location(meeting) -> str:
    return ", ".join(part for part in (meeting.venue, meeting.address) if part)


def accessibility_facts(meeting) -> list[str]:
    """The accessibility facts of a meeting as short sentences (pages, e-mails, calendar)."""
    # What is missing is said as clearly as what is there: people decide on it.
    facts = [
        _("Step-free access") if meeting.step_free_access else _("No step-free access"),
        _("Hearing loop") if meeting.hearing_loop else _("No hearing loop"),
        _("Accessible toilet") if meeting.accessible_toilet else _("No accessible toilet"),
    ]
    if meeting.public_transport:
        facts.append(_("Public transport: %(transport)s") % {"transport": meeting.public_transport})
    return facts


def _description(meeting, url: str) -> str:
    activity = meeting.activity
    parts = [activity.description.strip()] if activity.description.strip() else []
    parts.append(_("Part of the dialogue: %(title)s") % {"title": activity.dialogue.title})
    parts.append(_("Accessibility: %(facts)s") % {"facts": "; ".join(accessibility_facts(meeting))})
    if meeting.languages:
        parts.append(_("Languages: %(languages)s") % {"languages": meeting.languages})
    if meeting.online_url:
        parts.append(_("Take part online: %(url)s") % {"url": meeting.online_url})
    parts.append(url)
    return "\n\n".join(parts)


def meeting_event(meeting, *, base_url: str) -> icalendar.Event:
    zone = _zone()
    url = base_url.rstrip("/") + reverse("meetings:detail", args=[meeting.pk])
    event = icalendar.Event.new(
        uid=meeting_uid(meeting),
        summary=meeting.activity.title,
        start=timezone.localtime(meeting.starts_at, zone),
        end=timezone.localtime(meeting.ends_at, zone),
        stamp=timezone.now(),
        location=_location(meeting),
        description=_description(meeting, url),
        url=url,
    )
    return event


def calendar_bytes(meetings, *, base_url: str, name: str = "") -> bytes:
    calendar = icalendar.Calendar.new(prodid=PRODID, name=name or None, uid=f"meetings@{_host()}")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, base_url=base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
