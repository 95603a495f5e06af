"""The coordination calendar: periods, bar placement, the page, filters and query counts."""

import datetime
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delaktig.dialogues.calendar import Period, _bar, timeline_scale
from delaktig.dialogues.models import (
    Activity,
    Dialogue,
    DialogueTargetGroup,
    LadderLevel,
    State,
)
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f

D = datetime.date
URL = "/hantera/dialogkalender/"
CALENDAR_CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "calendar.css").read_text(
    encoding="utf-8"
)


def summary_url(pk):
    return reverse("dialogue_staff:summary", args=[pk])


# Periods and placement ----------------------------------------------------------------


def test_reverse_gives_the_calendar_address():
    assert reverse("calendar:calendar") == URL


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2027H1", Period(2027, 1)),
        ("2027h2", Period(2027, 2)),
        ("2027", Period(2027)),
        (" 2027H2 ", Period(2027, 2)),
        ("2027H3", None),
        ("27H1", None),
        ("1999", None),
        ("", None),
        (None, None),
        ("2027H1; DROP", None),
    ],
)
def test_period_parse(value, expected):
    assert Period.parse(value) == expected


def test_period_dates_and_neighbours():
    first = Period(2027, 1)
    assert (first.starts_on, first.ends_on, first.days) == (D(2027, 1, 1), D(2027, 6, 30), 181)
    second = Period(2027, 2)
    assert (second.starts_on, second.ends_on, second.days) == (D(2027, 7, 1), D(2027, 12, 31), 184)
    assert Period(2028).days == 366
    assert first.previous == Period(2026, 2) and first.next == second
    assert second.next == Period(2028, 1) and second.previous == first
    assert Period(2027).previous == Period(2026) and Period(2027).next == Period(2028)
    assert [p.key for p in (first, second, Period(2027))] == ["2027H1", "2027H2", "2027"]
    assert Period.containing(D(2027, 6, 30)) == first
    assert Period.containing(D(2027, 7, 1)) == second
    assert second.as_year() == Period(2027)
    assert Period(2027).as_half_year(today=D(2027, 9, 1)) == second
    assert Period(2028).as_half_year(today=D(2027, 9, 1)) == Period(2028, 1)


def test_months_become_grid_columns_in_proportion_to_their_days():
    scale = timeline_scale(Period(2027, 1))
    assert [month.first for month in scale.months] == [D(2027, m, 1) for m in range(1, 7)]
    assert scale.columns == "31fr 28fr 31fr 30fr 31fr 30fr"
    assert scale.css_class == "cal--months-31-28-31-30-31-30"
    assert len(timeline_scale(Period(2027)).months) == 12


@pytest.mark.parametrize(
    "period",
    [Period(2027, 1), Period(2028, 1), Period(2027, 2), Period(2027), Period(2028)],
    ids=["first-half", "first-half-leap-year", "second-half", "year", "leap-year"],
)
def test_the_style_sheet_has_the_columns_of_every_month_pattern(period):
    # The columns come from a class, not a style attribute (strict CSP); a period
    # whose class the style sheet lacks would lose its month grid.
    scale = timeline_scale(period)
    rule = re.search(rf"\.{re.escape(scale.css_class)} {{ --cal-columns: ([^;]+); }}", CALENDAR_CSS)
    assert rule, scale.css_class
    assert rule[1] == scale.columns


def test_bars_are_placed_by_date_and_clipped_to_the_period():
    period = Period(2027, 1)
    january = _bar(
        period,
        kind="activity",
        title="t",
        method="m",
        starts_on=D(2027, 1, 1),
        ends_on=D(2027, 1, 31),
    )
    assert (january.left, january.width) == ("0.000%", "17.127%")
    assert (january.label_before, january.label_room) == (False, "82.873%")
    assert not january.continues_before and not january.continues_after

    june_on = _bar(
        period,
        kind="activity",
        title="t",
        method="m",
        starts_on=D(2027, 6, 1),
        ends_on=D(2027, 8, 1),
    )
    assert june_on.left == f"{151 / 181 * 100:.3f}%"
    assert june_on.width == f"{30 / 181 * 100:.3f}%"
    assert june_on.continues_after and not june_on.continues_before
    # Near the right edge the label goes before the bar.
    assert (june_on.label_before, june_on.label_room) == (True, f"{151 / 181 * 100:.3f}%")

    from_last_year = _bar(
        period,
        kind="participation",
        title="",
        method="",
        starts_on=D(2026, 11, 1),
        ends_on=D(2027, 1, 1),
    )
    assert (from_last_year.left, from_last_year.continues_before) == ("0.000%", True)
    assert from_last_year.width == f"{1 / 181 * 100:.3f}%"


# The page -----------------------------------------------------------------------------


@pytest.fixture
def unit(municipality):
    return f.UnitFactory(municipality=municipality)


@pytest.fixture
def official_client(client, unit):
    client.force_login(f.official(unit))
    return client


@pytest.fixture
def method(db):
    return MethodFactory(name="Kafémodellen")


def dialogue_with(municipality, method, *, activities=(), groups=(), districts=(), **kwargs):
    dialogue = DialogueFactory(municipality=municipality, **kwargs)
    for group in groups:
        DialogueTargetGroup.objects.create(dialogue=dialogue, target_group=group)
    dialogue.districts.set(districts)
    for title, start, end, *district in activities:
        Activity.objects.create(
            dialogue=dialogue,
            method=method,
            title=title,
            starts_on=start,
            ends_on=end,
            district=district[0] if district else None,
        )
    return dialogue


def titles(response):
    return [row.dialogue.title for row in response.context["rows"]]


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_resident_is_refused(client):
    client.force_login(f.UserFactory())
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", [f.official, f.representative, f.administrator])
def test_officials_and_administrators_of_any_unit_see_the_calendar(client, municipality, role):
    # Coordination needs the whole municipality, so any unit's staff may look.
    client.force_login(role(f.UnitFactory(municipality=municipality)))
    response = client.get(URL)
    assert response.status_code == 200
    assert client.post(URL).status_code == 405


@pytest.mark.django_db
def test_default_period_is_the_current_half_year(official_client):
    response = official_client.get(URL)
    assert response.context["period"] == Period.containing(timezone.localdate())


@pytest.mark.django_db
def test_a_period_that_is_not_understood_falls_back_and_says_so(official_client):
    response = official_client.get(URL, {"period": "nästa vår"})
    assert response.status_code == 200
    assert response.context["period"] == Period.containing(timezone.localdate())
    assert response.context["period_not_understood"]


@pytest.mark.django_db
def test_period_links_keep_the_filters(official_client, unit):
    response = official_client.get(URL, {"period": "2027H1", "unit": unit.pk, "vy": "lista"})
    html = response.content.decode()
    assert f"period=2026H2&amp;unit={unit.pk}&amp;vy=lista" in html
    assert f"period=2027H2&amp;unit={unit.pk}&amp;vy=lista" in html
    assert f"period=2027&amp;unit={unit.pk}&amp;vy=lista" in html
    # The filter form sends the period and view along.
    assert '<input type="hidden" name="period" value="2027H1">' in html
    assert '<input type="hidden" name="vy" value="lista">' in html


@pytest.mark.django_db
def test_timeline_shows_dialogues_of_the_period_with_their_bars(
    official_client, municipality, method, unit
):
    in_period = dialogue_with(
        municipality,
        method,
        unit=unit,
        title="Hamnområdet",
        starts_on=D(2027, 3, 1),
        ends_on=D(2027, 4, 30),
        activities=[("Öppet möte i hamnen", D(2027, 3, 10), D(2027, 3, 10))],
    )
    only_activity = dialogue_with(
        municipality,
        method,
        unit=unit,
        title="Framtidens boende",
        starts_on=None,
        ends_on=None,
        activities=[("Enkät om boende", D(2027, 6, 20), D(2027, 7, 15))],
    )
    dialogue_with(
        municipality, method, title="Nästa år", starts_on=D(2028, 3, 1), ends_on=D(2028, 3, 2)
    )
    undated = dialogue_with(
        municipality, method, unit=unit, title="Ännu utan datum", starts_on=None, ends_on=None
    )

    response = official_client.get(URL, {"period": "2027H1"})
    assert response.status_code == 200
    assert titles(response) == ["Hamnområdet", "Framtidens boende"]
    assert [d.title for d, _url in response.context["undated"]] == [undated.title]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'role="region" tabindex="0" aria-labelledby="cal-heading"' in html
    # Each bar can be read: title, method and dates in visually hidden text.
    assert re.search(
        r'class="visually-hidden">Aktivitet: Öppet möte i hamnen, metod: Kafémodellen, '
        r"10 mars 2027\.</span>",
        html,
    )
    assert re.search(r"20 juni 2027 – 15 juli 2027\.</span>", html)
    assert "cal-bar__fill--after" in html
    # Bars are sized by SVG width attributes: no style attribute for the CSP to block.
    assert f'<svg class="cal-bar__space" width="{(31 + 28 + 9) / 181 * 100:.3f}%"' in html
    assert 'class="cal cal--months-31-28-31-30-31-30"' in html
    assert " style=" not in html
    for dialogue in (in_period, only_activity, undated):
        assert f'href="{summary_url(dialogue.pk)}"' in html


@pytest.mark.django_db
def test_drafts_are_shown_and_archived_only_when_asked(official_client, municipality, method):
    dialogue_with(municipality, method, title="Utkastet", state=State.DRAFT)
    dialogue_with(municipality, method, title="Arkiverad", state=State.ARCHIVED)
    dialogue_with(municipality, method, title="Pågående", state=State.OPEN)
    period = {"period": "2027H1"}
    assert sorted(titles(official_client.get(URL, period))) == ["Pågående", "Utkastet"]
    assert sorted(titles(official_client.get(URL, {**period, "state": "all"}))) == [
        "Arkiverad",
        "Pågående",
        "Utkastet",
    ]
    assert titles(official_client.get(URL, {**period, "state": "archived"})) == ["Arkiverad"]
    assert titles(official_client.get(URL, {**period, "state": "open"})) == ["Pågående"]


@pytest.mark.django_db
def test_filters(official_client, municipality, method, unit):
    youth, seniors = (
        f.TargetGroupFactory(name="Unga (test)"),
        f.TargetGroupFactory(name="Äldre (test)"),
    )
    harbour = f.DistrictFactory(municipality=municipality, name="Hamnen")
    centre = f.DistrictFactory(municipality=municipality, name="Centrum")
    committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    dialogue_with(
        municipality,
        method,
        title="A",
        unit=unit,
        groups=[youth],
        districts=[harbour],
        ladder_level=LadderLevel.DIALOGUE,
    )
    dialogue_with(
        municipality,
        method,
        title="B",
        owner_committee=committee,
        groups=[seniors],
        activities=[("Träff", D(2027, 3, 1), D(2027, 3, 1), harbour)],
    )
    dialogue_with(municipality, method, title="C", districts=[centre], groups=[youth, seniors])

    def filtered(**params):
        return sorted(titles(official_client.get(URL, {"period": "2027H1", **params})))

    assert filtered() == ["A", "B", "C"]
    assert filtered(unit=unit.pk) == ["A"]
    assert filtered(unit=committee.pk) == ["B"]  # the owner committee counts too
    assert filtered(district=harbour.pk) == ["A", "B"]  # a dialogue's or an activity's district
    assert filtered(district=centre.pk) == ["C"]
    assert filtered(target_group=youth.pk) == ["A", "C"]
    assert filtered(target_group=seniors.pk, district=harbour.pk) == ["B"]
    assert filtered(level=LadderLevel.DIALOGUE) == ["A"]


@pytest.mark.django_db
def test_a_bad_filter_value_is_ignored_and_shown(official_client, municipality, method):
    dialogue_with(municipality, method, title="A")
    response = official_client.get(URL, {"period": "2027H1", "unit": "999999", "level": "9"})
    assert titles(response) == ["A"]
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_unit"' in html


@pytest.mark.django_db
def test_rows_with_a_clash_are_marked_and_name_the_other_dialogue(
    official_client, municipality, method, unit
):
    youth = f.TargetGroupFactory(name="Unga (test)")
    harbour = dialogue_with(
        municipality,
        method,
        unit=unit,
        title="Hamnområdet",
        groups=[youth],
        activities=[("Enkät", D(2027, 3, 1), D(2027, 3, 31))],
    )
    culture = dialogue_with(
        municipality,
        method,
        title="Kulturplanen",
        groups=[youth],
        state=State.OPEN,
        activities=[("Kafé", D(2027, 3, 15), D(2027, 3, 15))],
    )
    quiet = dialogue_with(
        municipality,
        method,
        title="Trygghet",
        groups=[youth],
        activities=[("Vandring", D(2027, 5, 1), D(2027, 5, 1))],
    )
    response = official_client.get(URL, {"period": "2027H1"})
    rows = {row.dialogue.pk: row for row in response.context["rows"]}
    assert [p.title for p in rows[harbour.pk].clashes] == ["Kulturplanen"]
    assert [p.title for p in rows[culture.pk].clashes] == ["Hamnområdet"]
    assert rows[quiet.pk].clashes == []
    assert response.context["clash_count"] == 2
    html = response.content.decode()
    assert html.count('class="cal-row cal-row--clash"') == 2
    assert html.count("cal-bar__fill--clash") == 2 + 1  # two bars and the legend
    # Another unit's dialogue is named with its unit, but its summary is not theirs to open.
    assert f"Kulturplanen ({culture.unit.name})" in html
    assert summary_url(culture.pk) not in html
    assert f'<a href="{summary_url(harbour.pk)}">Hamnområdet</a> ({unit.name})' in html
    assert re.search(r"15 (mars|March) 2027\.[^<]*Hamnområdet\.</span>", html)

    listed = official_client.get(URL, {"period": "2027H1", "vy": "lista"})
    listed_html = listed.content.decode()
    assert listed_html.count('class="cal-table__clash"') == 2
    assert '<th scope="row">' in listed_html
    assert "<caption" in listed_html


@pytest.mark.django_db
def test_the_timeline_names_five_clashing_dialogues_and_counts_the_rest(
    official_client, municipality, method, unit
):
    youth = f.TargetGroupFactory(name="Unga (test)")
    busy = dialogue_with(
        municipality,
        method,
        unit=unit,
        title="AAA",
        groups=[youth],
        activities=[("Enkät", D(2027, 3, 1), D(2027, 3, 31))],
    )
    for n in range(7):
        dialogue_with(
            municipality,
            method,
            title=f"Krock {n}",
            groups=[youth],
            activities=[("Möte", D(2027, 3, 2), D(2027, 3, 2))],
        )
    response = official_client.get(URL, {"period": "2027H1"})
    row = next(row for row in response.context["rows"] if row.dialogue == busy)
    assert len(row.clashes) == 7
    assert [p.title for p in row.clashes_shown] == [f"Krock {n}" for n in range(5)]
    assert row.clashes_more == 2
    html = response.content.decode()
    assert "Krock 6" not in html.split("AAA", 2)[1].split('class="cal-row')[0]
    listed = official_client.get(URL, {"period": "2027H1", "vy": "lista"}).content.decode()
    assert f'<a href="{summary_url(busy.pk)}">AAA</a>' in listed
    aaa_row = listed.split(">AAA</a>", 1)[1].split("</tr>", 1)[0]
    assert "Krock 6 (" in aaa_row  # the list names every clash


@pytest.mark.django_db
def test_administrators_get_a_link_to_every_summary(client, municipality, method):
    client.force_login(f.administrator(f.UnitFactory(municipality=municipality)))
    dialogues = [dialogue_with(municipality, method, title=f"D{n}") for n in range(3)]
    html = client.get(URL, {"period": "2027H1"}).content.decode()
    for dialogue in dialogues:
        assert f'<a href="{summary_url(dialogue.pk)}">{dialogue.title}</a>' in html


@pytest.mark.django_db
def test_list_view_shows_the_same_dialogues_as_a_table(official_client, municipality, method):
    youth = f.TargetGroupFactory(name="Unga i Exempelkommun")
    harbour = f.DistrictFactory(municipality=municipality, name="Hamnen")
    dialogue_with(
        municipality,
        method,
        title="Hamnområdet",
        groups=[youth],
        districts=[harbour],
        activities=[("Öppet möte", D(2027, 3, 10), D(2027, 3, 10))],
    )
    timeline = official_client.get(URL, {"period": "2027H1"})
    listed = official_client.get(URL, {"period": "2027H1", "vy": "lista"})
    assert titles(timeline) == titles(listed) == ["Hamnområdet"]
    html = listed.content.decode()
    assert 'class="table cal-table"' in html
    for text in ("Öppet möte", "Kafémodellen", "Unga i Exempelkommun", "Hamnen"):
        assert text in html
    assert 'aria-current="page">List<' in html or 'aria-current="page">Lista<' in html


@pytest.mark.django_db
def test_empty_period(official_client):
    response = official_client.get(URL, {"period": "2031"})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert 'class="empty-state"' in response.content.decode()


# Query counts -------------------------------------------------------------------------


def _bulk_world(municipality, start_index, count, *, units, groups, districts, method):
    """``count`` dialogues, each with two activities, two target groups and two districts."""
    dialogues = Dialogue.objects.bulk_create(
        [
            Dialogue(
                municipality=municipality,
                unit=units[i % len(units)],
                owner_committee=units[(i + 1) % len(units)],
                title=f"Dialog {i:04}",
                slug=f"dialog-{i}",
                state=[State.DRAFT, State.APPROVED, State.OPEN][i % 3],
                ladder_level=LadderLevel.CONSULTATION,
                starts_on=D(2027, 1, 1) + datetime.timedelta(days=i % 150),
                ends_on=D(2027, 1, 1) + datetime.timedelta(days=i % 150 + 20),
            )
            for i in range(start_index, start_index + count)
        ]
    )
    DialogueTargetGroup.objects.bulk_create(
        DialogueTargetGroup(dialogue=d, target_group=groups[(n + k) % len(groups)])
        for n, d in enumerate(dialogues)
        for k in range(2)
    )
    Dialogue.districts.through.objects.bulk_create(
        Dialogue.districts.through(dialogue=d, district=districts[(n + k) % len(districts)])
        for n, d in enumerate(dialogues)
        for k in range(2)
    )
    Activity.objects.bulk_create(
        Activity(
            dialogue=d,
            method=method,
            title=f"Aktivitet {k}",
            starts_on=d.starts_on + datetime.timedelta(days=5 * k),
            ends_on=d.starts_on + datetime.timedelta(days=5 * k + 3),
            district=districts[n % len(districts)] if k else None,
        )
        for n, d in enumerate(dialogues)
        for k in range(2)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["", "lista"])
def test_calendar_runs_a_constant_number_of_queries(official_client, municipality, method, view):
    units = [f.UnitFactory(municipality=municipality) for _ in range(4)]
    groups = [f.TargetGroupFactory() for _ in range(6)]
    districts = [f.DistrictFactory(municipality=municipality) for _ in range(5)]
    world = {"units": units, "groups": groups, "districts": districts, "method": method}
    params = {"period": "2027H1", "vy": view}
    official_client.get(URL, params)  # warm caches (the municipality, sessions)

    _bulk_world(municipality, 0, 10, **world)
    with CaptureQueriesContext(connection) as ten:
        response = official_client.get(URL, params)
    assert len(response.context["rows"]) == 10

    _bulk_world(municipality, 10, 490, **world)
    with CaptureQueriesContext(connection) as five_hundred:
        response = official_client.get(URL, params)
    assert len(response.context["rows"]) == 500
    assert response.context["clash_count"] > 0

    assert len(five_hundred) == len(ten), [q["sql"] for q in five_hundred]
    # The same with every filter in use.
    filtered = {**params, "unit": units[0].pk, "district": districts[0].pk}
    filtered.update(target_group=groups[0].pk, level=LadderLevel.CONSULTATION, state="all")
    with CaptureQueriesContext(connection) as with_filters:
        assert official_client.get(URL, filtered).status_code == 200
    assert len(with_filters) <= len(ten) + 5  # the chosen unit, district and group are looked up
