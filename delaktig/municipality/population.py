"""Importing population figures from tables in the shape SCB publishes.

The figures are the denominator when reach and results compare who took part with
who lives here. SCB's tables (BE0101N1 per municipality, FolkmDesoAldKon per small
area) come as CSV with one row per area, age, sex (and year), or with one count
column per year. This module reads such a file as forgivingly as it can —
semicolons or commas, UTF-8 with or without BOM or Latin-1, a title line above the
header, Swedish or English column names — sums single years of age into the
platform's age bands, and replaces that year's figures in one transaction.

A row that cannot be used (an unknown area, a count that is not a number, an age
band that straddles two of ours) is skipped and reported with its line number; a
file that cannot be read at all is refused with a message and changes nothing.
"""

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as
from delaktig.core.demographics import BAND_LIMITS, Gender, band_for_age

from .models import District, Municipality, PopulationFigure

MAX_FILE_BYTES = 10 * 1024 * 1024
# No Swedish area has more residents in one cell; a larger number is a typo or a
# different table (and a sum must fit the database's integer column).
MAX_COUNT = 10_000_000
MAX_CELL = 2_000_000_000
HEADER_SEARCH_LINES = 15

# Header names, compared after lower-casing and removing accents (å → a, ö → o).
AREA_HEADERS = {"area", "region", "omrade", "kommundel", "deso", "regso", "district", "kommun"}
AGE_HEADERS = {"age", "alder", "aldersgrupp", "age band", "age group", "aldersklass"}
SEX_HEADERS = {"sex", "kon", "gender"}
COUNT_HEADERS = {
    "count",
    "antal",
    "folkmangd",
    "population",
    "value",
    "varde",
    "number",
    "invanare",
    "antal invanare",
}
YEAR_HEADERS = {"year", "ar", "tid", "period"}

SEX_VALUES = {
    "1": Gender.MAN,
    "2": Gender.WOMAN,
    "man": Gender.MAN,
    "men": Gender.MAN,
    "male": Gender.MAN,
    "males": Gender.MAN,
    "kvinna": Gender.WOMAN,
    "kvinnor": Gender.WOMAN,
    "woman": Gender.WOMAN,
    "women": Gender.WOMAN,
    "female": Gender.WOMAN,
    "females": Gender.WOMAN,
}
# Note: "män" becomes "man" once accents are removed, so both spellings match.
TOTAL_VALUES = {
    "totalt",
    "total",
    "summa",
    "samtliga",
    "alla",
    "bada konen",
    "both sexes",
    "1+2",
    "alla aldrar",
    "all ages",
    "totalt alla aldrar",
}
WHOLE_MUNICIPALITY_VALUES = {"hela kommunen", "kommunen", "whole municipality", "totalt", "total"}

TOP_BAND = BAND_LIMITS[-1]


@dataclass(frozen=True)
class SkippedRow:
    line: int
    reason: str


@dataclass
class AreaTotal:
    label: str
    count: int
    whole: bool = False


@dataclass
class ImportResult:
    years: list[int] = field(default_factory=list)
    rows_read: int = 0
    rows_imported: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    totals: list[AreaTotal] = field(default_factory=list)
    total: int = 0  # the whole municipality in ``totals_year``
    totals_year: int | None = None
    saved: bool = False

    @property
    def rows_skipped(self) -> int:
        return len({row.line for row in self.skipped})


def _plain(text: str) -> str:
    """Lower-case, without accents, quotes or surrounding space, single-spaced."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u00a0", " ").strip().strip('"').strip("'").strip().lower()
    return re.sub(r"\s+", " ", text)


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # SCB's older exports and Excel on Windows save Latin-1 (Windows-1252);
        # Latin-1 reads any byte, so this never fails.
        return raw.decode("latin-1")


def _read(file) -> bytes:
    if isinstance(file, bytes):
        raw = file
    elif isinstance(file, str):
        raw = file.encode("utf-8")
    else:
        size = getattr(file, "size", None)
        if size is not None and size > MAX_FILE_BYTES:
            raise ValidationError(_("The file is too large. The largest size is 10 MB."))
        if hasattr(file, "seek"):
            file.seek(0)
        raw = file.read(MAX_FILE_BYTES + 1)
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is too large. The largest size is 10 MB."))
    if not raw.strip():
        raise ValidationError(_("The file is empty."))
    return raw


def _delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


YEAR_IN_HEADER = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|2100)(?!\d)")


@dataclass
class Columns:
    area: int | None = None
    age: int | None = None
    sex: int | None = None
    year: int | None = None
    # (column index, year given in the header or None)
    counts: list[tuple[int, int | None]] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        missing = []
        if self.area is None:
            missing.append(_("area"))
        if self.age is None:
            missing.append(_("age"))
        if self.sex is None:
            missing.append(_("sex"))
        if not self.counts:
            missing.append(_("number"))
        return missing


def _columns(header: list[str]) -> Columns:
    columns = Columns()
    for index, cell in enumerate(header):
        name = _plain(cell)
        if not name:
            continue
        year_match = YEAR_IN_HEADER.search(name)
        rest = YEAR_IN_HEADER.sub("", name).strip(" :-")
        if columns.area is None and (name in AREA_HEADERS or name.startswith("region")):
            columns.area = index
        elif columns.age is None and (name in AGE_HEADERS or name.startswith(("alder", "age"))):
            columns.age = index
        elif columns.sex is None and name in SEX_HEADERS:
            columns.sex = index
        elif columns.year is None and name in YEAR_HEADERS:
            columns.year = index
        elif year_match and (not rest or rest in COUNT_HEADERS):
            # A wide table: one count column per year ("2024", "Folkmängd 2024").
            columns.counts.append((index, int(year_match.group(1))))
        elif name in COUNT_HEADERS:
            columns.counts.append((index, None))
    return columns


class _Areas:
    """Finds the district (or the whole municipality) an area cell names."""

    def __init__(self, municipality: Municipality):
        self.by_code: dict[str, District] = {}
        self.by_name: dict[str, District] = {}
        for district in District.objects.filter(municipality=municipality):
            if district.code.strip():
                self.by_code[_plain(district.code)] = district
            self.by_name[_plain(district.name)] = district
        name = _plain(municipality.name)
        self.whole_names = {name, f"{name} kommun", f"{name}s kommun"} | WHOLE_MUNICIPALITY_VALUES

    WHOLE = object()

    def find(self, cell: str):
        text = _plain(cell)
        if not text:
            return None
        for candidate in (text, text.split(" ", 1)[0]):
            if candidate in self.by_code:
                return self.by_code[candidate]
        if text in self.by_name:
            return self.by_name[text]
        # SCB writes "1784 Arvika" or "0001 Centrum": a code, then the name.
        parts = text.split(" ", 1)
        if len(parts) == 2:
            if parts[1] in self.by_name:
                return self.by_name[parts[1]]
            if parts[1] in self.whole_names:
                return self.WHOLE
        if text in self.whole_names:
            return self.WHOLE
        return None


AGE_SINGLE = re.compile(r"^(\d{1,3})$")
AGE_OPEN = re.compile(r"^(\d{1,3}) ?(?:\+|or older|or over|eller aldre|och aldre|-w|-)$")
AGE_RANGE = re.compile(r"^(\d{1,3}) ?[-\u2013\u2014] ?(\d{1,3})$")


class _Skip(Exception):  # noqa: N818 - a control-flow signal, not an error
    pass


def _band(cell: str) -> str:
    text = _plain(cell)
    text = re.sub(r"\b(ar|years?|yrs)\b", "", text).strip()
    text = re.sub(r"\s+", " ", text)
    if text in TOTAL_VALUES or not text:
        raise _Skip(
            _("a total row for all ages; it is left out so nobody is counted twice")
            if text
            else _("no age")
        )
    if match := AGE_SINGLE.match(text):
        age = int(match.group(1))
        if age > 130:
            raise _Skip(_("the age %(age)s is not possible") % {"age": cell.strip()})
        return band_for_age(age)
    if match := AGE_OPEN.match(text):
        low = int(match.group(1))
        if low >= TOP_BAND.low:
            return TOP_BAND.band
        raise _Skip(
            _("the age group %(age)s spans several of the platform's age groups")
            % {"age": cell.strip()}
        )
    if match := AGE_RANGE.match(text):
        low, high = int(match.group(1)), int(match.group(2))
        if low > high or high > 130:
            raise _Skip(_("the age group %(age)s is not possible") % {"age": cell.strip()})
        band = band_for_age(low)
        if band_for_age(high) != band:
            raise _Skip(
                _("the age group %(age)s spans several of the platform's age groups")
                % {"age": cell.strip()}
            )
        return band
    raise _Skip(_("the age %(age)s is not understood") % {"age": cell.strip()[:40]})


def _gender(cell: str) -> str:
    text = _plain(cell)
    if text in SEX_VALUES:
        return SEX_VALUES[text]
    if text in TOTAL_VALUES:
        raise _Skip(_("a total row for both sexes; it is left out so nobody is counted twice"))
    raise _Skip(_("the sex %(sex)s is not understood") % {"sex": cell.strip()[:40]})


def _count(cell: str) -> int:
    text = re.sub(r"[\s\u00a0\u202f']", "", str(cell)).strip('"')
    if text in {"", "..", ".", "-", "–"}:
        raise _Skip(_("no number"))
    if not text.isdigit() or not text.isascii():
        raise _Skip(_("%(value)s is not a whole number") % {"value": str(cell).strip()[:40]})
    value = int(text)
    if value > MAX_COUNT:
        raise _Skip(_("%(value)s is too large to be a number of residents") % {"value": text})
    return value


def _year(cell: str) -> int:
    text = _plain(cell)
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2100:
        return int(text)
    raise _Skip(_("the year %(year)s is not understood") % {"year": cell.strip()[:20]})


def _parse(text: str, *, areas: _Areas, year: int | None, result: ImportResult):
    """Sum the file's usable rows into {(year, district or None, gender, band): count}."""
    lines = text.splitlines()
    header_at, columns, delimiter = None, None, ";"
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if not line.strip():
            continue
        delimiter = _delimiter(line)
        try:
            cells = next(csv.reader([line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        candidate = _columns(cells)
        if not candidate.missing:
            header_at, columns = index, candidate
            break
        if columns is None or len(candidate.missing) < len(columns.missing):
            columns = candidate
    if header_at is None:
        missing = columns.missing if columns else [_("area"), _("age"), _("sex"), _("number")]
        raise ValidationError(
            _("The file's first line must name the columns. These were not found: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    if year is None and columns.year is None and any(y is None for _i, y in columns.counts):
        raise ValidationError({"year": _("Give the year, since the file has no year column.")})
    sums: dict[tuple, int] = defaultdict(int)
    try:
        reader = csv.reader(lines[header_at + 1 :], delimiter=delimiter)
        for offset, cells in enumerate(reader):
            line_number = header_at + 2 + offset
            if not any(cell.strip() for cell in cells):
                continue
            result.rows_read += 1
            _parse_row(cells, line_number, columns, areas, year, sums, result)
    except csv.Error as error:
        raise ValidationError(
            _("The file could not be read as CSV (line %(line)s).")
            % {"line": header_at + 2 + result.rows_read}
        ) from error
    if any(value > MAX_CELL for value in sums.values()):
        raise ValidationError(_("The numbers in the file are too large."))
    return sums


def _parse_row(cells, line_number, columns, areas, year, sums, result) -> None:
    def cell(index):
        return cells[index] if index is not None and index < len(cells) else ""

    try:
        area = areas.find(cell(columns.area))
        if area is None:
            raise _Skip(
                _("the area %(area)s is not one of the municipality's districts")
                % {"area": cell(columns.area).strip()[:60] or "–"}
            )
        band = _band(cell(columns.age))
        gender = _gender(cell(columns.sex))
        row_year = _year(cell(columns.year)) if columns.year is not None else None
    except _Skip as skip:
        result.skipped.append(SkippedRow(line_number, str(skip)))
        return
    district_id = None if area is _Areas.WHOLE else area.pk
    used = False
    for index, header_year in columns.counts:
        value_year = header_year or row_year or year
        if year is not None and value_year != year:
            if len(columns.counts) == 1:
                result.skipped.append(
                    SkippedRow(
                        line_number,
                        _("the year %(row)s is not the year chosen (%(year)s)")
                        % {"row": value_year, "year": year},
                    )
                )
            continue
        try:
            count = _count(cell(index))
        except _Skip as skip:
            result.skipped.append(SkippedRow(line_number, str(skip)))
            continue
        sums[(value_year, district_id, gender, band)] += count
        used = True
    if used:
        result.rows_imported += 1


def population_import(*, actor, municipality: Municipality, year: int | None, file) -> ImportResult:
    """Import population figures for ``year`` (or the file's years) from an SCB-shaped CSV.

    For each year in the file, the figures of the levels the file has are replaced
    in one transaction: whole-municipality rows if the file has rows for the whole
    municipality, and all district rows if it has district rows — so a municipal
    table (BE0101N1) and a small-area table can be imported one after the other.
    Nothing is written when no row can be used.
    """
    if not rules.has_perm("municipality.manage_settings", actor):
        raise PermissionDenied
    if year is not None and not 1900 <= year <= 2100:
        raise ValidationError({"year": _("Give a year between 1900 and 2100.")})
    result = ImportResult()
    text = _decode(_read(file)).replace("\x00", "")
    sums = _parse(text, areas=_Areas(municipality), year=year, result=result)
    if not sums:
        return result
    districts = dict(District.objects.filter(municipality=municipality).values_list("pk", "name"))
    result.years = sorted({key[0] for key in sums})
    with transaction.atomic(), acting_as(actor):
        for each_year in result.years:
            keys = [key for key in sums if key[0] == each_year]
            has_whole = any(key[1] is None for key in keys)
            has_districts = any(key[1] is not None for key in keys)
            existing = PopulationFigure.objects.filter(municipality=municipality, year=each_year)
            replaced = existing.none()
            if has_whole:
                replaced |= existing.filter(district__isnull=True)
            if has_districts:
                replaced |= existing.filter(district__isnull=False)
            before = replaced.aggregate(total=Sum("count"))["total"] or 0
            replaced.delete()
            PopulationFigure.objects.bulk_create(
                PopulationFigure(
                    municipality=municipality,
                    year=each_year,
                    district_id=district_id,
                    gender=gender,
                    age_band=band,
                    count=count,
                )
                for (_y, district_id, gender, band), count in sorted(
                    ((k, v) for k, v in sums.items() if k[0] == each_year),
                    key=lambda item: (item[0][1] or 0, item[0][2], item[0][3]),
                )
            )
            after = sum(count for key, count in sums.items() if key[0] == each_year)
            _log(municipality, actor=actor, year=each_year, before=before, after=after)
    result.saved = True
    # What the page shows: the figures of the latest year imported, per area.
    result.totals_year = result.years[-1]
    latest = {key: count for key, count in sums.items() if key[0] == result.totals_year}
    result.totals = _area_totals(latest, districts)
    whole = [row.count for row in result.totals if row.whole]
    result.total = whole[0] if whole else sum(row.count for row in result.totals)
    return result


def _area_totals(sums: dict, districts: dict[int, str]) -> list[AreaTotal]:
    by_area: dict[int | None, int] = defaultdict(int)
    for (_year, district_id, _gender, _band), count in sums.items():
        by_area[district_id] += count
    rows = [
        AreaTotal(label=districts.get(district_id, "?"), count=count)
        for district_id, count in by_area.items()
        if district_id is not None
    ]
    rows.sort(key=lambda row: row.label.lower())
    if None in by_area:
        rows.append(AreaTotal(label=_("Whole municipality"), count=by_area[None], whole=True))
    return rows


def _log(municipality, *, actor, year: int, before: int, after: int) -> None:
    """One audit entry per imported year (not one per figure: a small-area table
    has thousands of rows, and what changed is "the population of year N")."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        municipality,
        action=LogEntry.Action.UPDATE,
        changes={f"population_figures_{year}": [str(before), str(after)]},
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
