"""The public form, the staff pages and who may open them."""

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from delaktig.evaluations.models import Evaluation, Response
from delaktig.evaluations.views_public import ANSWERS_PER_HOUR
from delaktig.meetings.models import EvaluationResponse
from delaktig.meetings.tests.factories import MeetingFactory


@pytest.fixture
def evaluation(world):
    return Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_public_form_works_without_login(client, evaluation):
    url = reverse("evaluation:form", args=[evaluation.token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Trygghetsvandring i Norrby" in page.content.decode()
    response = client.post(
        url,
        {"purpose_clear": "4", "take_part_again": "yes", "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    assert response.url == reverse("evaluation:thanks", args=[evaluation.token])
    assert Response.objects.get().purpose_clear == 4
    assert client.get(response.url).status_code == 200


def test_double_submit_stores_one_answer(client, evaluation):
    url = reverse("evaluation:form", args=[evaluation.token])
    data = {"listened_to": "5", "submission_key": str(uuid.uuid4())}
    client.post(url, data)
    client.post(url, data)
    assert Response.objects.count() == 1


def test_invalid_answer_keeps_the_input(client, evaluation):
    url = reverse("evaluation:form", args=[evaluation.token])
    page = client.post(url, {"comment": "   ", "purpose_clear": "9"})
    assert page.status_code == 200
    assert Response.objects.count() == 0
    html = page.content.decode()
    assert 'aria-invalid="true"' in html or "error" in html


def test_empty_form_says_what_to_do_and_keeps_nothing(client, evaluation):
    url = reverse("evaluation:form", args=[evaluation.token])
    page = client.post(url, {"comment": "", "submission_key": str(uuid.uuid4())})
    assert page.status_code == 200
    assert Response.objects.count() == 0


def test_comment_is_kept_when_the_rating_is_wrong(client, evaluation):
    url = reverse("evaluation:form", args=[evaluation.token])
    page = client.post(url, {"purpose_clear": "7", "comment": "Bra promenad"})
    assert "Bra promenad" in page.content.decode()


def test_rate_limit(client, evaluation):
    url = reverse("evaluation:form", args=[evaluation.token])
    for _n in range(ANSWERS_PER_HOUR):
        client.post(url, {"listened_to": "3", "submission_key": str(uuid.uuid4())})
    page = client.post(url, {"listened_to": "3", "submission_key": str(uuid.uuid4())})
    assert page.status_code == 200
    assert Response.objects.count() == ANSWERS_PER_HOUR


def test_form_of_a_non_public_dialogue_is_not_found(client, world, evaluation):
    world["dialogue"].state = "draft"
    world["dialogue"].save()
    assert client.get(reverse("evaluation:form", args=[evaluation.token])).status_code == 404
    assert client.get(reverse("evaluation:form", args=["nosuchcode"])).status_code == 404


def test_official_switches_on_and_types_in_paper(client, world):
    client.force_login(world["official"])
    page = client.get(reverse("evaluation_staff:dialogue", args=[world["dialogue"].pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("evaluation_staff:attach", args=[world["dialogue"].pk]),
        {"activity": world["activity"].pk},
    )
    evaluation = Evaluation.objects.get()
    assert response.url == reverse("evaluation_staff:detail", args=[evaluation.pk])
    detail = client.get(response.url)
    assert evaluation.token in detail.content.decode()
    assert "<svg" in detail.content.decode()
    assert client.get(reverse("evaluation_staff:sheet", args=[evaluation.pk])).status_code == 200
    pdf = client.get(reverse("evaluation_staff:sheet_pdf", args=[evaluation.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    entered = client.post(
        reverse("evaluation_staff:enter", args=[evaluation.pk]),
        {"knows_next": "2", "comment": "Ljuset vid tunneln", "submission_key": str(uuid.uuid4())},
    )
    assert entered.status_code == 302
    assert Response.objects.get().channel == "paper"
    client.post(reverse("evaluation_staff:set_open", args=[evaluation.pk]), {"open": "0"})
    evaluation.refresh_from_db()
    assert not evaluation.is_open


def test_representative_reads_results_but_cannot_switch_on(client, world):
    client.force_login(world["representative"])
    assert (
        client.get(reverse("evaluation_staff:dialogue", args=[world["dialogue"].pk])).status_code
        == 200
    )
    refused = client.post(reverse("evaluation_staff:attach", args=[world["dialogue"].pk]))
    assert refused.status_code == 403


@pytest.mark.parametrize("who", ["resident", "other_official"])
def test_staff_pages_refuse_residents_and_other_units(client, world, evaluation, who):
    client.force_login(world[who])
    urls = [
        reverse("evaluation_staff:dialogue", args=[world["dialogue"].pk]),
        reverse("evaluation_staff:detail", args=[evaluation.pk]),
        reverse("evaluation_staff:sheet", args=[evaluation.pk]),
        reverse("evaluation_staff:sheet_pdf", args=[evaluation.pk]),
        reverse("evaluation_staff:enter", args=[evaluation.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("evaluation_staff:attach", args=[world["dialogue"].pk])).status_code
        == 403
    )


def test_results_combine_activity_and_meeting_evaluations_with_disclosure(client, world):
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])
    for _n in range(6):
        Response.objects.create(evaluation=evaluation, channel="phone", listened_to=4)
    meeting = MeetingFactory(activity__dialogue=world["dialogue"])
    for _n in range(2):
        EvaluationResponse.objects.create(meeting=meeting, channel="paper", listened_to=2)
    client.force_login(world["official"])
    page = client.get(reverse("evaluation_staff:dialogue", args=[world["dialogue"].pk]))
    results = page.context["results"]
    assert results.total.value == 8
    counts = {source.kind: source.count for source in results.sources}
    # Two meeting answers are fewer than five: hidden, and the six with them.
    assert counts["meeting"].suppressed and counts["activity"].suppressed
    listened = next(q for q in results.questions if q.name == "listened_to")
    assert listened.mean == 3.5
    # The mean and the total would give hidden counts back: the distribution is hidden.
    assert all(share.count.suppressed for share in listened.shares)
    assert "Ljuset" not in page.content.decode()


@pytest.mark.parametrize("n", [2, 12])
def test_dialogue_page_runs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries, n
):
    from delaktig.meetings.tests.factories import MeetingActivityFactory

    for _i in range(n):
        activity = MeetingActivityFactory(dialogue=world["dialogue"])
        evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=activity)
        Response.objects.create(evaluation=evaluation, channel="phone", knows_next=3)
        MeetingFactory(activity__dialogue=world["dialogue"])
    client.force_login(world["official"])
    with django_assert_max_num_queries(14):
        page = client.get(reverse("evaluation_staff:dialogue", args=[world["dialogue"].pk]))
    assert page.status_code == 200
