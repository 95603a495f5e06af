"""Posted data for ``three_page_survey()``, page by page, as a resident would send it."""

from django.urls import reverse

from delaktig.surveys.models import Question


def by_key(survey):
    return {q.key: q for q in Question.objects.filter(survey=survey)}


def page_data(
    survey,
    *,
    how="Buss",
    visits="4",
    rating="7",
    wish="Fler bänkar vid vattnet",
    bus="Tätare turer",
):
    """{page number: post data} for a complete, valid response (background left empty)."""
    q = by_key(survey)
    option = q["fardsatt"].options.get(text=how)
    what = [str(o.pk) for o in q["aktiviteter"].options.filter(text__in=["Promenerar", "Äter"])]
    items = list(q["pastaenden"].items.all())
    return {
        1: {"q_fardsatt": str(option.pk), "q_aktiviteter": what},
        2: {
            "q_betyg": rating,
            f"q_pastaenden__{items[0].pk}": "4",
            f"q_pastaenden__{items[1].pk}": "2",
            "q_besok": visits,
        },
        3: {"q_onskan": wish, "q_buss": bus},
        4: {},
    }


def page_url(survey, number):
    return reverse("surveys:page", kwargs={"pk": survey.pk, "page": number})


def start(client, survey, language="sv"):
    return client.post(reverse("surveys:start", kwargs={"pk": survey.pk}), {"language": language})


def answer_all(client, survey, *, submission_key="", **kwargs):
    """Start and post every page; return the last response."""
    start(client, survey)
    pages = page_data(survey, **kwargs)
    last = max(pages)
    response = None
    for number, data in pages.items():
        post = dict(data)
        if number == last:
            post.update(action="submit", submission_key=submission_key)
        else:
            post["action"] = "next"
        response = client.post(page_url(survey, number), post)
    return response
