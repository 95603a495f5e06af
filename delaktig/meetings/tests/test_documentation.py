"""Documenting a meeting: attendance counts and notes, reports and photos."""

import datetime
import io
import uuid

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from delaktig.contributions.models import Contribution
from delaktig.contributions.tests.images import CAMERA, upload
from delaktig.dialogues.models import DialogueQuestion
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings import documentation
from delaktig.meetings.forms_documentation import cell_name
from delaktig.meetings.models import AttendanceCount
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f

# Photos are served by contributions/urls.py; mounted here until the root URLconf has it.


@pytest.fixture
def world(municipality):
    unit = f.UnitFactory(municipality=municipality)
    committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    other_unit = f.UnitFactory(municipality=municipality)
    dialogue = DialogueFactory(
        municipality=municipality, unit=unit, owner_committee=committee, state="open"
    )
    questions = [
        DialogueQuestion.objects.create(dialogue=dialogue, text=text, position=n)
        for n, text in enumerate(["Hur använder du hamnen?", "Vad ska hamnen bli?"])
    ]
    yesterday = timezone.now() - datetime.timedelta(days=1)
    meeting = MeetingFactory(
        activity__dialogue=dialogue,
        starts_at=yesterday,
        ends_at=yesterday + datetime.timedelta(hours=2),
    )
    return {
        "dialogue": dialogue,
        "questions": questions,
        "meeting": meeting,
        "official": f.official(unit),
        "representative": f.representative(committee),
        "administrator": f.administrator(f.UnitFactory(municipality=municipality)),
        "other_official": f.official(other_unit),
        "resident": f.UserFactory(),
    }


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def official_client(english, world):
    english.force_login(world["official"])
    return english


def note(world, kind="table_note", **data):
    data.setdefault("text", "Fler bänkar.")
    return documentation.note_create(
        actor=world["official"], meeting=world["meeting"], kind=kind, data=data
    )


# --- Attendance service ------------------------------------------------------------


def test_attendance_record_replaces_the_counts_and_omits_zeros(world):
    meeting, official = world["meeting"], world["official"]
    documentation.attendance_record(
        actor=official,
        meeting=meeting,
        counts={("woman", "18-25"): 4, ("man", "65-79"): 2, ("other", "26-44"): 0},
    )
    documentation.attendance_record(
        actor=official,
        meeting=meeting,
        counts={("woman", "18-25"): 5, ("unstated", "unknown"): 1, ("man", "65-79"): 0},
    )
    rows = {
        (r.gender, r.age_band): r.count for r in AttendanceCount.objects.filter(meeting=meeting)
    }
    assert rows == {("woman", "18-25"): 5, ("unstated", "unknown"): 1}


def test_attendance_changes_are_audit_logged_with_the_actor(world):
    meeting, official = world["meeting"], world["official"]
    documentation.attendance_record(actor=official, meeting=meeting, counts={("woman", "18-25"): 4})
    documentation.attendance_record(actor=official, meeting=meeting, counts={("woman", "18-25"): 6})
    row = AttendanceCount.objects.get(meeting=meeting)
    actions = list(
        LogEntry.objects.get_for_object(row).order_by("pk").values_list("action", "actor")
    )
    assert actions == [
        (LogEntry.Action.CREATE, official.pk),
        (LogEntry.Action.UPDATE, official.pk),
    ]


@pytest.mark.parametrize(
    "counts",
    [
        {("woman", "18-25"): -1},
        {("woman", "18-25"): 2.5},
        {("alien", "18-25"): 1},
        {("woman", "200+"): 1},
    ],
)
def test_attendance_refuses_bad_numbers_and_groups(world, counts):
    with pytest.raises(ValidationError):
        documentation.attendance_record(
            actor=world["official"], meeting=world["meeting"], counts=counts
        )
    assert not AttendanceCount.objects.exists()


@pytest.mark.parametrize("who", ["resident", "other_official", "representative"])
def test_attendance_needs_permission_to_run_the_dialogue(world, who):
    with pytest.raises(PermissionDenied):
        documentation.attendance_record(
            actor=world[who], meeting=world["meeting"], counts={("man", "18-25"): 1}
        )


def test_attendance_summary_totals(world):
    documentation.attendance_record(
        actor=world["official"],
        meeting=world["meeting"],
        counts={("woman", "18-25"): 4, ("woman", "65-79"): 3, ("man", "65-79"): 2},
    )
    summary = documentation.attendance_summary(world["meeting"])
    assert summary.total == 9
    assert summary.gender_totals[[v for v, _label in summary.genders].index("woman")] == 7
    assert summary.band_totals["65-79"] == 5
    assert summary.band_totals["18-25"] == 4


# --- Notes service -------------------------------------------------------------------


def test_notes_become_contributions_of_the_dialogue(world):
    c = note(world, question=world["questions"][1], source_label="Bord 2", title="Båtar")
    assert c.dialogue == world["dialogue"]
    assert c.activity == world["meeting"].activity
    assert c.method_key == "meetings" and c.kind == "table_note"
    assert (c.question, c.source_label, c.title) == (world["questions"][1], "Bord 2", "Båtar")


def test_the_kinds_are_the_manifests(world):
    keys = {kind.key for kind in documentation.contribution_kinds()}
    assert {"table_note", "session_report", "photo", "note"} <= keys
    with pytest.raises(ValidationError):
        note(world, kind="poem")


def test_a_photo_note_needs_a_photo_and_other_notes_need_text(world):
    with pytest.raises(ValidationError) as error:
        note(world, kind="photo", text="")
    assert "image" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        note(world, kind="note", text=" ")
    assert "text" in error.value.error_dict


def test_a_note_of_another_meeting_cannot_be_changed_here(world):
    other = MeetingFactory(activity__dialogue=world["dialogue"])
    c = note(world)
    with pytest.raises(PermissionDenied):
        documentation.note_update(
            actor=world["official"], meeting=other, contribution=c, kind="note", data={}
        )
    with pytest.raises(PermissionDenied):
        documentation.note_remove(actor=world["official"], meeting=other, contribution=c)


def test_group_by_question_and_by_source(world):
    q1, q2 = world["questions"]
    a = note(world, question=q2, source_label="Bord 1")
    b = note(world, question=q1, source_label="bord 1")
    c = note(world, source_label="Bord 2")
    d = note(world, question=q1)
    contributions = documentation.meeting_contributions(world["meeting"])
    by_question = documentation.group_by_question(contributions, world["questions"])
    assert [g.heading for g in by_question][:2] == [q1.text, q2.text]
    assert [[x.pk for x in g.items] for g in by_question] == [[d.pk, b.pk], [a.pk], [c.pk]]
    by_source = documentation.group_by_source(contributions)
    # Labels that differ only in case are one table; unlabelled notes come last.
    assert [[x.pk for x in g.items] for g in by_source] == [[a.pk, b.pk], [c.pk], [d.pk]]


# --- Permissions on every page -------------------------------------------------------


def doc_urls(world, contribution):
    pk = world["meeting"].pk
    return [
        reverse("meeting_docs:index", args=[pk]),
        reverse("meeting_docs:attendance", args=[pk]),
        reverse("meeting_docs:notes", args=[pk]),
        reverse("meeting_docs:note_edit", args=[pk, contribution.pk]),
        reverse("meeting_docs:note_remove", args=[pk, contribution.pk]),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, world, method):
    for url in doc_urls(world, note(world)):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


@pytest.mark.parametrize("who", ["resident", "other_official", "representative"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_others_are_refused(client, world, who, method):
    contribution = note(world)
    client.force_login(world[who])
    for url in doc_urls(world, contribution):
        # A POST to the read-only overview may also be refused as not allowed.
        refused = (
            {403, 405} if method == "post" and url.endswith(f"/{world['meeting'].pk}/") else {403}
        )
        assert getattr(client, method)(url).status_code in refused, url
    assert Contribution.objects.filter(pk=contribution.pk).exists()


@pytest.mark.parametrize("who", ["official", "administrator"])
def test_those_who_run_the_dialogue_see_every_page(english, world, who):
    english.force_login(world[who])
    for url in doc_urls(world, note(world)):
        assert english.get(url).status_code == 200, url


def test_an_unknown_meeting_is_not_found(official_client):
    assert official_client.get(reverse("meeting_docs:notes", args=[999999])).status_code == 404


# --- Attendance page -------------------------------------------------------------------


def test_attendance_page_has_a_labelled_input_per_gender_and_age_band(official_client, world):
    response = official_client.get(reverse("meeting_docs:attendance", args=[world["meeting"].pk]))
    html = response.content.decode()
    name = cell_name("woman", "18-25")
    assert f'<label class="visually-hidden" for="id_{name}">Women, 18–25 years</label>' in html
    assert html.count('class="input--count"') == 4 * 8


def test_attendance_is_saved_from_the_grid(official_client, world):
    url = reverse("meeting_docs:attendance", args=[world["meeting"].pk])
    response = official_client.post(
        url,
        {cell_name("woman", "26-44"): "7", cell_name("man", "80+"): "2", "total": "9"},
    )
    assert response.status_code == 302
    rows = dict(
        AttendanceCount.objects.filter(meeting=world["meeting"]).values_list("age_band", "count")
    )
    assert rows == {"26-44": 7, "80+": 2}
    page = official_client.get(url).content.decode()
    assert 'value="7"' in page
    assert "<strong>9</strong>" in page


def test_a_wrong_total_check_keeps_the_input_and_saves_nothing(official_client, world):
    url = reverse("meeting_docs:attendance", args=[world["meeting"].pk])
    name = cell_name("woman", "26-44")
    response = official_client.post(url, {name: "7", "total": "8"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "add up to 7, not 8" in html
    assert 'value="7"' in html
    assert not AttendanceCount.objects.exists()


def test_a_negative_number_is_shown_beside_its_cell(official_client, world):
    url = reverse("meeting_docs:attendance", args=[world["meeting"].pk])
    name = cell_name("man", "45-64")
    html = official_client.post(url, {name: "-3"}).content.decode()
    assert f'id="id_{name}_error"' in html
    assert f'href="#id_{name}"' in html  # in the error summary
    assert not AttendanceCount.objects.exists()


# --- Notes page ------------------------------------------------------------------------


def test_a_table_note_is_added_once_even_if_sent_twice(official_client, world):
    url = reverse("meeting_docs:notes", args=[world["meeting"].pk])
    data = {
        "submission_key": str(uuid.uuid4()),
        "kind": "table_note",
        "source_label": "Bord 4",
        "question": world["questions"][0].pk,
        "title": "Båtlivet",
        "text": "Behåll gästhamnen.",
    }
    first = official_client.post(url, data)
    second = official_client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    c = Contribution.objects.get()
    assert (c.kind, c.source_label, c.question, c.text) == (
        "table_note",
        "Bord 4",
        world["questions"][0],
        "Behåll gästhamnen.",
    )
    assert c.recorded_by == world["official"]


def test_a_photo_is_uploaded_stripped_and_shown_with_its_description(official_client, world):
    url = reverse("meeting_docs:notes", args=[world["meeting"].pk])
    response = official_client.post(
        url,
        {
            "submission_key": str(uuid.uuid4()),
            "kind": "photo",
            "source_label": "Bord 1",
            "image": upload(),
            "image_description": "Duken från bord 1 med lappar om bussar",
        },
    )
    assert response.status_code == 302
    c = Contribution.objects.get()
    with c.image.open("rb") as stored:
        data = stored.read()
    assert dict(Image.open(io.BytesIO(data)).getexif()) == {}
    assert CAMERA.encode() not in data
    html = official_client.get(url).content.decode()
    photo_url = reverse("contributions:photo", args=[c.pk])
    assert f'<img src="{photo_url}" alt="Duken från bord 1 med lappar om bussar"' in html
    assert official_client.get(photo_url).status_code == 200


def test_a_photo_without_description_keeps_the_text_and_asks_for_it(official_client, world):
    url = reverse("meeting_docs:notes", args=[world["meeting"].pk])
    response = official_client.post(
        url,
        {
            "submission_key": str(uuid.uuid4()),
            "kind": "photo",
            "title": "Väggen med lappar",
            "image": upload(),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_image_description_error"' in html
    assert 'value="Väggen med lappar"' in html
    assert not Contribution.objects.exists()


def test_a_fake_image_is_refused_beside_the_field(official_client, world):
    url = reverse("meeting_docs:notes", args=[world["meeting"].pk])
    response = official_client.post(
        url,
        {
            "submission_key": str(uuid.uuid4()),
            "kind": "photo",
            "image": upload(b"MZ\x90\x00 not a photo", name="duk.jpg"),
            "image_description": "Duken",
        },
    )
    assert response.status_code == 200
    assert 'id="id_image_error"' in response.content.decode()
    assert not Contribution.objects.exists()


def test_editing_a_note(official_client, world):
    c = note(world, source_label="Bord 1")
    url = reverse("meeting_docs:note_edit", args=[world["meeting"].pk, c.pk])
    assert 'value="Bord 1"' in official_client.get(url).content.decode()
    response = official_client.post(
        url,
        {"kind": "session_report", "source_label": "Pass 2", "title": "Trafik", "text": "Ny"},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.kind, c.source_label, c.title, c.text) == ("session_report", "Pass 2", "Trafik", "Ny")


def test_removing_a_photo_from_a_note(official_client, world, django_capture_on_commit_callbacks):
    c = note(world, kind="table_note", image=upload(), image_description="Duk")
    name, storage = c.image.name, c.image.storage
    url = reverse("meeting_docs:note_edit", args=[world["meeting"].pk, c.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = official_client.post(
            url,
            {"kind": "table_note", "text": c.text, "remove_image": "on"},
        )
    assert response.status_code == 302
    c.refresh_from_db()
    assert not c.image
    assert not storage.exists(name)


def test_removing_a_note_asks_first(official_client, world):
    c = note(world, title="Ta bort mig")
    url = reverse("meeting_docs:note_remove", args=[world["meeting"].pk, c.pk])
    assert "Ta bort mig" in official_client.get(url).content.decode()
    assert Contribution.objects.filter(pk=c.pk).exists()
    assert official_client.post(url).status_code == 302
    assert not Contribution.objects.filter(pk=c.pk).exists()


def test_a_note_of_another_meeting_is_not_found_here(official_client, world):
    other = MeetingFactory(activity__dialogue=world["dialogue"])
    c = documentation.note_create(
        actor=world["official"], meeting=other, kind="note", data={"text": "Annat möte"}
    )
    url = reverse("meeting_docs:note_edit", args=[world["meeting"].pk, c.pk])
    assert official_client.get(url).status_code == 404


def _notes_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("grouping", ["fraga", "bord"])
def test_the_notes_list_runs_a_constant_number_of_queries(official_client, world, grouping):
    url = reverse("meeting_docs:notes", args=[world["meeting"].pk]) + f"?visa={grouping}"
    q1, q2 = world["questions"]
    note(world, question=q1, source_label="Bord 1", image=upload(), image_description="Duk")
    official_client.get(url)  # warm the per-process caches (the municipality)
    few = _notes_queries(official_client, url)
    for n in range(12):
        note(
            world,
            kind=["table_note", "note", "photo"][n % 3],
            question=[q1, q2, None][n % 3],
            source_label=f"Bord {n % 4}",
            image=upload() if n % 3 == 2 else None,
            image_description="Duk" if n % 3 == 2 else "",
        )
    many = _notes_queries(official_client, url)
    assert many == few
    html = official_client.get(url).content.decode()
    assert html.count('class="doc-item"') == 13


def test_the_overview_counts_what_is_documented(official_client, world):
    documentation.attendance_record(
        actor=world["official"], meeting=world["meeting"], counts={("woman", "26-44"): 12}
    )
    note(world)
    html = official_client.get(reverse("meeting_docs:index", args=[world["meeting"].pk])).content
    html = html.decode()
    assert "12 people" in html
    assert "1 contribution" in html
