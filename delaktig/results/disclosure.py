"""Disclosure control: the one place that decides which counts may be shown.

Every published figure (pages, charts, PDF, CSV/XLSX, JSON) goes through here, so
a small group of residents can never be picked out, whatever the output format.

The rules, in order:

1. **Primary suppression.** A count from 1 up to ``threshold - 1`` (setting
   ``DELAKTIG_DISCLOSURE_THRESHOLD``, default 5) is hidden. A count of **0 is
   shown**: that nobody of a group took part tells nothing about a person, and
   hiding zeros would make the "who did we miss" tables useless.
2. **Secondary suppression.** A table is shown with its row totals, column
   totals and grand total, and each row and column (totals included) is an
   equation. An equation with exactly one hidden member gives that member back by
   subtraction, so a second member is hidden too: the smallest non-zero shown
   cell of that row or column, else a zero cell, else the total. This repeats
   until no equation has exactly one hidden member.
3. **Exact check.** Hidden cells can still be found by combining several
   equations. After step 2 the whole system is solved exactly (fractions, no
   rounding); any hidden value that is uniquely determined gets one more
   complement, until none is. Totals are hidden, not rounded: a rounded total
   next to exact cells still narrows a hidden cell down, a hidden one does not.

What this does not promise: hidden values can still be bounded (a hidden cell
is never negative, and is at most its row total). That is the accepted practice
of statistics offices for tables of counts.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext_lazy as _


class Reason:
    """Why a figure is hidden (stored on the cell; exports write the code)."""

    NONE = ""
    SMALL = "small"  # below the threshold itself
    SECONDARY = "secondary"  # hidden so that a small number cannot be worked out
    TOTAL = "total"  # a total hidden for the same reason

    LABELS = {
        SMALL: _("Fewer than {threshold} people: hidden to protect individuals."),
        SECONDARY: _("Hidden so that a small number elsewhere cannot be worked out."),
        TOTAL: _("Total hidden so that a small number cannot be worked out."),
    }


def disclosure_threshold() -> int:
    return int(getattr(settings, "DELAKTIG_DISCLOSURE_THRESHOLD", 5))


@dataclass(frozen=True)
class Cell:
    """One figure as it may be shown: the value, or None and why it is hidden."""

    value: int | None
    reason: str = Reason.NONE
    threshold: int = 5

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def explanation(self) -> str:
        if not self.suppressed:
            return ""
        return str(Reason.LABELS[self.reason]).format(threshold=self.threshold)

    def as_dict(self) -> dict:
        """The shape exports and JSON open data write."""
        return {"value": self.value, "suppressed": self.suppressed, "reason": self.reason}


@dataclass
class TableRow:
    key: Hashable
    label: str
    cells: list[Cell]
    total: Cell


@dataclass
class DisclosedTable:
    """A cross-tabulation after disclosure control, ready for templates and exports."""

    row_keys: list
    column_keys: list
    cells: dict  # (row_key, column_key) -> Cell
    row_totals: dict  # row_key -> Cell
    column_totals: dict  # column_key -> Cell
    total: Cell
    threshold: int
    row_labels: dict = field(default_factory=dict)
    column_labels: dict = field(default_factory=dict)

    @property
    def rows(self) -> list[TableRow]:
        return [
            TableRow(
                key=r,
                label=str(self.row_labels.get(r, r)),
                cells=[self.cells[r, c] for c in self.column_keys],
                total=self.row_totals[r],
            )
            for r in self.row_keys
        ]

    @property
    def columns(self) -> list[tuple]:
        return [(c, str(self.column_labels.get(c, c))) for c in self.column_keys]

    @property
    def column_total_cells(self) -> list[Cell]:
        return [self.column_totals[c] for c in self.column_keys]

    @property
    def any_suppressed(self) -> bool:
        return (
            self.total.suppressed
            or any(cell.suppressed for cell in self.cells.values())
            or any(cell.suppressed for cell in self.row_totals.values())
            or any(cell.suppressed for cell in self.column_totals.values())
        )

    def as_dict(self) -> dict:
        return {
            "threshold": self.threshold,
            "rows": [
                {
                    "key": str(row.key),
                    "label": row.label,
                    "cells": {
                        str(c): cell.as_dict()
                        for c, cell in zip(self.column_keys, row.cells, strict=True)
                    },
                    "total": row.total.as_dict(),
                }
                for row in self.rows
            ],
            "column_totals": {str(c): self.column_totals[c].as_dict() for c in self.column_keys},
            "total": self.total.as_dict(),
        }


@dataclass
class DisclosedCounts:
    """A one-dimensional list of counts after disclosure control."""

    cells: dict  # key -> Cell
    total: Cell
    threshold: int

    @property
    def any_suppressed(self) -> bool:
        return self.total.suppressed or any(c.suppressed for c in self.cells.values())


# --- the one-dimensional case -------------------------------------------------------


def _is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def suppress_counts(
    counts: Mapping[Hashable, int], *, threshold: int | None = None
) -> DisclosedCounts:
    """Disclosure control for a simple list of counts with its total.

    Small counts are hidden; if exactly one is hidden, the smallest other count
    (non-zero first) is hidden too, or the total when there is none to hide.
    """
    threshold = disclosure_threshold() if threshold is None else threshold
    values = {key: int(value) for key, value in counts.items()}
    hidden = {key: Reason.SMALL for key, value in values.items() if _is_small(value, threshold)}
    total_reason = Reason.NONE
    if len(hidden) == 1:
        candidates = sorted(
            (key for key in values if key not in hidden),
            key=lambda key: (values[key] == 0, values[key]),
        )
        if candidates:
            hidden[candidates[0]] = Reason.SECONDARY
        else:
            total_reason = Reason.TOTAL
    total = sum(values.values())
    if _is_small(total, threshold):
        total_reason = Reason.SMALL
    cells = {
        key: Cell(None if key in hidden else value, hidden.get(key, ""), threshold)
        for key, value in values.items()
    }
    total_cell = Cell(None if total_reason else total, total_reason, threshold)
    return DisclosedCounts(cells=cells, total=total_cell, threshold=threshold)


# --- tables ---------------------------------------------------------------------------

# Positions in the augmented table: rows 0..R-1 and R (the totals row); columns
# 0..C-1 and C (the totals column). (R, C) is the grand total.


def _augmented(matrix: list[list[int]]) -> list[list[int]]:
    rows = [[*row, sum(row)] for row in matrix]
    width = len(rows[0]) if rows else 1
    totals = [sum(row[j] for row in rows) for j in range(width)]
    return [*rows, totals]


def _lines(n_rows: int, n_cols: int) -> list[list[tuple[int, int]]]:
    """Every equation as the list of its members; the last member is the total."""
    lines = []
    for i in range(n_rows + 1):
        lines.append([(i, j) for j in range(n_cols + 1)])
    for j in range(n_cols + 1):
        lines.append([(i, j) for i in range(n_rows + 1)])
    return lines


def determined_cells(
    augmented: list[list[int]], hidden: Iterable[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Hidden positions whose value follows exactly from the shown ones.

    Solves the row and column equations of the augmented table for the hidden
    positions (exact fractions). A hidden position is determined when it is a
    pivot whose reduced row has no free variable in it.
    """
    unknowns = sorted(set(hidden))
    if not unknowns:
        return set()
    index = {pos: k for k, pos in enumerate(unknowns)}
    n_rows, n_cols = len(augmented) - 1, len(augmented[0]) - 1
    matrix: list[list[Fraction]] = []
    for line in _lines(n_rows, n_cols):
        *members, total = line
        coeffs = [Fraction(0)] * len(unknowns)
        rhs = Fraction(0)
        for pos, sign in [*((m, 1) for m in members), (total, -1)]:
            if pos in index:
                coeffs[index[pos]] += sign
            else:
                rhs -= sign * augmented[pos[0]][pos[1]]
        if any(coeffs):
            matrix.append([*coeffs, rhs])
    pivots = []
    row = 0
    width = len(unknowns)
    for col in range(width):
        pivot = next((r for r in range(row, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[row], matrix[pivot] = matrix[pivot], matrix[row]
        lead = matrix[row][col]
        matrix[row] = [value / lead for value in matrix[row]]
        for r in range(len(matrix)):
            if r != row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[row], strict=True)]
        pivots.append((row, col))
        row += 1
        if row == len(matrix):
            break
    pivot_cols = {col for _r, col in pivots}
    free = [col for col in range(width) if col not in pivot_cols]
    return {unknowns[col] for r, col in pivots if all(matrix[r][f] == 0 for f in free)}


def _smallest(augmented, positions):
    # Smallest non-zero figure first (hiding it costs least), zeros after, and the
    # position as a tie-breaker so the result never depends on dict order.
    return min(positions, key=lambda p: (augmented[p[0]][p[1]] == 0, augmented[p[0]][p[1]], p))


def _complement(
    augmented: list[list[int]],
    hidden: dict,
    members: list[tuple[int, int]],
    total: tuple[int, int],
) -> tuple[int, int]:
    """The member to hide next in one equation: the smallest non-zero shown cell,
    else a shown zero, else the total (which may already be hidden elsewhere)."""
    shown = [pos for pos in members if pos not in hidden]
    if shown:
        return _smallest(augmented, shown)
    return total


def suppress_matrix(matrix: list[list[int]], *, threshold: int) -> dict[tuple[int, int], str]:
    """Positions of the augmented table to hide, with their reasons.

    ``matrix`` is rows × columns of counts (non-negative); the result uses the
    augmented positions described above.
    """
    augmented = _augmented(matrix)
    n_rows, n_cols = len(matrix), len(augmented[0]) - 1
    hidden: dict[tuple[int, int], str] = {}
    for i in range(n_rows + 1):
        for j in range(n_cols + 1):
            if _is_small(augmented[i][j], threshold):
                hidden[i, j] = Reason.SMALL

    def reason_for(pos):
        return Reason.TOTAL if pos[0] == n_rows or pos[1] == n_cols else Reason.SECONDARY

    lines = _lines(n_rows, n_cols)
    while True:
        changed = False
        for line in lines:
            *members, total = line
            if sum(pos in hidden for pos in line) == 1:
                pos = _complement(augmented, hidden, members, total)
                if pos in hidden:  # only the total left: hide it
                    pos = total
                hidden[pos] = reason_for(pos)
                changed = True
        if changed:
            continue
        determined = determined_cells(augmented, hidden)
        if not determined:
            return hidden
        # Hide one more member next to the first determined position and look again.
        target = min(determined)
        row_line = lines[target[0]]
        col_line = lines[n_rows + 1 + target[1]]
        for line in (row_line, col_line):
            shown = [pos for pos in line if pos not in hidden]
            if shown:
                pos = _smallest(augmented, shown)
                hidden[pos] = reason_for(pos)
                break
        else:
            # Whole row and column hidden yet still determined: hide the smallest
            # shown figure anywhere (always makes progress; everything hidden is safe).
            shown = [
                (i, j) for i in range(n_rows + 1) for j in range(n_cols + 1) if (i, j) not in hidden
            ]
            pos = _smallest(augmented, shown)
            hidden[pos] = reason_for(pos)


def disclose_table(
    counts: Mapping[tuple[Hashable, Hashable], int],
    *,
    rows: Iterable[Hashable],
    columns: Iterable[Hashable],
    threshold: int | None = None,
    row_labels: Mapping | None = None,
    column_labels: Mapping | None = None,
) -> DisclosedTable:
    """Cross-tabulate ``counts`` ((row, column) -> count; missing pairs are 0) and
    apply primary and secondary suppression. Totals are computed here from the
    cells, so they always add up."""
    threshold = disclosure_threshold() if threshold is None else threshold
    row_keys, column_keys = list(rows), list(columns)
    matrix = [[int(counts.get((r, c), 0)) for c in column_keys] for r in row_keys]
    if not row_keys or not column_keys:
        empty = Cell(0, "", threshold)
        return DisclosedTable(
            row_keys,
            column_keys,
            {},
            dict.fromkeys(row_keys, empty),
            dict.fromkeys(column_keys, empty),
            empty,
            threshold,
            dict(row_labels or {}),
            dict(column_labels or {}),
        )
    augmented = _augmented(matrix)
    hidden = suppress_matrix(matrix, threshold=threshold)
    n_rows, n_cols = len(row_keys), len(column_keys)

    def cell(i, j):
        reason = hidden.get((i, j), "")
        return Cell(None if reason else augmented[i][j], reason, threshold)

    return DisclosedTable(
        row_keys=row_keys,
        column_keys=column_keys,
        cells={
            (r, c): cell(i, j) for i, r in enumerate(row_keys) for j, c in enumerate(column_keys)
        },
        row_totals={r: cell(i, n_cols) for i, r in enumerate(row_keys)},
        column_totals={c: cell(n_rows, j) for j, c in enumerate(column_keys)},
        total=cell(n_rows, n_cols),
        threshold=threshold,
        row_labels=dict(row_labels or {}),
        column_labels=dict(column_labels or {}),
    )
