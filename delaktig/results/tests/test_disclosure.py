"""Disclosure control: small counts are hidden and cannot be worked out again."""

import itertools

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delaktig.results.disclosure import (
    Reason,
    _augmented,
    determined_cells,
    disclose_table,
    suppress_counts,
)

T = 5


def positions(table):
    """Map the disclosed table back onto augmented positions: (i, j) -> Cell."""
    n_rows, n_cols = len(table.row_keys), len(table.column_keys)
    out = {}
    for i, r in enumerate(table.row_keys):
        for j, c in enumerate(table.column_keys):
            out[i, j] = table.cells[r, c]
        out[i, n_cols] = table.row_totals[r]
    for j, c in enumerate(table.column_keys):
        out[n_rows, j] = table.column_totals[c]
    out[n_rows, n_cols] = table.total
    return out


def recoverable_by_single_lines(table):
    """Brute force over every row and column equation (and every sum of whole rows
    or columns): a hidden figure that is the only unknown in any such sum is found
    by subtraction."""
    cells = positions(table)
    n_rows, n_cols = len(table.row_keys), len(table.column_keys)
    found = set()
    lines = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
    lines += [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    for line in lines:
        unknown = [pos for pos in line if cells[pos].suppressed]
        if len(unknown) == 1:
            found.add(unknown[0])
    # Sums of several rows (or columns) against the column (row) totals.
    for k in range(2, n_rows + 1):
        for chosen in itertools.combinations(range(n_rows), k):
            for j in range(n_cols + 1):
                unknown = [(i, j) for i in chosen if cells[i, j].suppressed]
                rest = [(i, j) for i in range(n_rows) if i not in chosen]
                if (
                    len(unknown) == 1
                    and not any(cells[p].suppressed for p in rest)
                    and not cells[n_rows, j].suppressed
                ):
                    found.add(unknown[0])
    return found


def test_cross_tab_with_a_three_hides_it_and_it_cannot_be_recomputed():
    counts = {
        ("13-17", "woman"): 3,
        ("13-17", "man"): 12,
        ("26-44", "woman"): 20,
        ("26-44", "man"): 17,
        ("65-79", "woman"): 9,
        ("65-79", "man"): 8,
    }
    table = disclose_table(
        counts, rows=["13-17", "26-44", "65-79"], columns=["woman", "man"], threshold=T
    )
    small = table.cells["13-17", "woman"]
    assert small.suppressed and small.value is None and small.reason == Reason.SMALL
    with translation.override("en"):
        assert "Fewer than 5" in str(small.explanation)
    # The row and column each got a second hidden figure.
    first = table.rows[0]
    assert sum(c.suppressed for c in first.cells) + first.total.suppressed >= 2
    assert not recoverable_by_single_lines(table)
    matrix = [[counts.get((r, c), 0) for c in table.column_keys] for r in table.row_keys]
    hidden = {pos for pos, cell in positions(table).items() if cell.suppressed}
    assert not determined_cells(_augmented(matrix), hidden)
    # Every shown figure is the true one.
    for pos, cell in positions(table).items():
        if not cell.suppressed:
            assert cell.value == _augmented(matrix)[pos[0]][pos[1]]


def test_zero_is_shown_and_large_tables_are_untouched():
    table = disclose_table(
        {("a", "x"): 0, ("a", "y"): 10, ("b", "x"): 7, ("b", "y"): 6},
        rows="ab",
        columns="xy",
        threshold=T,
    )
    assert not table.any_suppressed
    assert table.cells["a", "x"].value == 0
    assert table.total.value == 23


def test_single_row_hides_the_total_when_nothing_else_is_left():
    table = disclose_table({("a", "x"): 3, ("a", "y"): 0}, rows="a", columns="xy", threshold=T)
    assert table.cells["a", "x"].suppressed
    assert table.row_totals["a"].suppressed  # 3 + 0 = total would give it back
    assert table.total.suppressed


def test_as_dict_carries_the_flags_for_exports():
    table = disclose_table(
        {("a", "x"): 2, ("a", "y"): 9, ("b", "x"): 8, ("b", "y"): 9},
        rows="ab",
        columns="xy",
        threshold=T,
    )
    data = table.as_dict()
    assert data["rows"][0]["cells"]["x"] == {"value": None, "suppressed": True, "reason": "small"}


def test_suppress_counts_one_dimension():
    result = suppress_counts({"a": 3, "b": 40, "c": 12, "d": 0}, threshold=T)
    assert result.cells["a"].suppressed and result.cells["a"].reason == Reason.SMALL
    # The smallest non-zero other count is hidden too; zero stays visible.
    assert result.cells["c"].reason == Reason.SECONDARY
    assert result.cells["d"].value == 0 and result.cells["b"].value == 40
    assert result.total.value == 55
    two = suppress_counts({"a": 3, "b": 2, "c": 12}, threshold=T)
    assert two.cells["c"].value == 12  # two hidden cannot be told apart
    alone = suppress_counts({"a": 3, "b": 0}, threshold=T)
    assert alone.total.suppressed
    assert suppress_counts({}, threshold=T).total.value == 0


def test_threshold_comes_from_settings(settings):
    settings.DELAKTIG_DISCLOSURE_THRESHOLD = 10
    assert suppress_counts({"a": 7, "b": 30, "c": 40}).cells["a"].suppressed
    settings.DELAKTIG_DISCLOSURE_THRESHOLD = 5
    assert not suppress_counts({"a": 7, "b": 30, "c": 40}).cells["a"].suppressed


tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda n_rows: st.integers(min_value=1, max_value=4).flatmap(
        lambda n_cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 6), st.integers(0, 60)),
                min_size=n_cols,
                max_size=n_cols,
            ),
            min_size=n_rows,
            max_size=n_rows,
        )
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_random_tables_hide_small_counts_and_nothing_hidden_is_determined(matrix):
    rows = list(range(len(matrix)))
    columns = list(range(len(matrix[0])))
    counts = {(i, j): v for i, row in enumerate(matrix) for j, v in enumerate(row)}
    table = disclose_table(counts, rows=rows, columns=columns, threshold=T)
    augmented = _augmented(matrix)
    cells = positions(table)
    for (i, j), cell in cells.items():
        true = augmented[i][j]
        if 0 < true < T:
            assert cell.suppressed, (i, j)
        if not cell.suppressed:
            assert cell.value == true
    hidden = {pos for pos, cell in cells.items() if cell.suppressed}
    assert not determined_cells(augmented, hidden)
    assert not recoverable_by_single_lines(table)


@pytest.mark.parametrize(
    "augmented,hidden,expected",
    [
        # a + 5 = 8 with a hidden: a is determined.
        ([[3, 5, 8], [3, 5, 8]], {(0, 0)}, {(0, 0)}),
        # a 2×2 block of hidden cells with shown totals: nothing determined.
        ([[3, 5, 8], [6, 7, 13], [9, 12, 21]], {(0, 0), (0, 1), (1, 0), (1, 1)}, set()),
    ],
)
def test_determined_cells(augmented, hidden, expected):
    assert determined_cells(augmented, hidden) == expected
