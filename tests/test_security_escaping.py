"""User text is shown as text, never as markup (ASVS V5.3).

Each test stores hostile text through the form a resident uses and opens every
page that shows it: the payload must appear escaped and never as live markup.
"""

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse

from delaktig.contributions.models import Contribution
from delaktig.meetings.models import Registration
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.tests import factories as f

SCRIPT = '<script>alert("x")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
ESCAPED_SCRIPT = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def _assert_inert(html: str, *, shown: bool = True) -> None:
    assert SCRIPT not in html
    assert "<img src=x onerror" not in html
    if shown:
        assert ESCAPED_SCRIPT in html


@pytest.mark.django_db
def test_registration_fields_are_escaped_for_the_resident_and_for_staff(client, municipality):
    unit = f.UnitFactory(municipality=municipality)
    meeting = MeetingFactory(
        activity__dialogue__unit=unit, activity__dialogue__municipality=municipality
    )
    response = client.post(
        reverse("meetings:register", args=[meeting.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "name": SCRIPT,
            "email": "amina@exempel.example",
            "needs": ["interpreter"],
            "interpreter_language": ATTRIBUTE,
            "other_needs": SCRIPT,
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    registration = Registration.objects.get()
    assert registration.name == SCRIPT  # stored as typed: escaping is the template's job
    _assert_inert(client.get(response.url).content.decode())
    cancel_page = client.get(reverse("meetings:cancel", args=[registration.token]))
    _assert_inert(cancel_page.content.decode(), shown=False)
    client.force_login(f.official(unit))
    _assert_inert(client.get(reverse("meeting_staff:detail", args=[meeting.pk])).content.decode())


@pytest.mark.django_db
def test_evaluation_comment_is_escaped_on_the_results_page(client, municipality):
    unit = f.UnitFactory(municipality=municipality)
    start = datetime.datetime(2027, 3, 10, 18, 0, tzinfo=datetime.UTC)
    meeting = MeetingFactory(
        activity__dialogue__unit=unit,
        activity__dialogue__municipality=municipality,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        response = client.post(
            reverse("meeting_evaluation:form", args=[meeting.pk]),
            {"submission_key": str(uuid.uuid4()), "purpose_clear": "4", "comment": SCRIPT},
        )
        assert response.status_code == 302
        client.force_login(f.official(unit))
        html = client.get(reverse("meeting_evaluation:results", args=[meeting.pk])).content.decode()
    _assert_inert(html)


@pytest.mark.django_db
def test_contribution_text_is_escaped_on_my_pages(client, municipality):
    resident = f.UserFactory()
    meeting = MeetingFactory(activity__dialogue__municipality=municipality)
    Contribution.objects.create(
        dialogue=meeting.activity.dialogue,
        activity=meeting.activity,
        method_key="meetings",
        kind="note",
        title=ATTRIBUTE,
        text=SCRIPT,
        author=resident,
    )
    client.force_login(resident)
    _assert_inert(client.get(reverse("accounts:profile")).content.decode())


@pytest.mark.django_db
def test_typed_input_shown_again_after_an_error_is_escaped(client, municipality):
    meeting = MeetingFactory(activity__dialogue__municipality=municipality)
    response = client.post(
        reverse("meetings:register", args=[meeting.pk]),
        {"submission_key": str(uuid.uuid4()), "name": SCRIPT, "email": "inte-en-adress"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert SCRIPT not in html
    assert 'value="&lt;script&gt;' in html


@pytest.mark.django_db
def test_the_accessibility_feedback_form_escapes_what_it_shows_again(client, municipality):
    response = client.post(reverse("core:accessibility_feedback"), {"name": SCRIPT, "message": ""})
    html = response.content.decode()
    assert SCRIPT not in html and ESCAPED_SCRIPT in html


def test_no_python_code_marks_text_safe():
    """mark_safe/|safe are only allowed on markup the code itself builds."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "delaktig"
    # Help texts are written by developers, not users.
    allowed = {"templates/components/field.html"}
    # An SVG QR code drawn by the qrcode library from one of our own URLs.
    generated = re.compile(r"\{\{\s*qr_svg\|safe\s*\}\}")
    found = set()
    for path in root.rglob("*"):
        if path.suffix not in {".py", ".html"} or "tests" in path.parts:
            continue
        text = generated.sub("", path.read_text("utf-8"))
        if re.search(r"\|safe\b|mark_safe\(|SafeString\(|autoescape off", text):
            found.add(path.relative_to(root).as_posix())
    assert found <= allowed, sorted(found - allowed)
