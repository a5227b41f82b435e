"""The contract's sheets, each read from its ``Table`` into model objects.

Each reader keeps the rows without errors and returns, beside them, every id the
sheet names (also on rows dropped for an error), so that a later sheet reports only
references that are really unknown, not ones whose row had another mistake.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from boardpack.dates import month_number
from boardpack.model import (
    DEFAULT_RAG_KEY,
    MEASURE_BETTER,
    MEASURE_KINDS,
    Action,
    Area,
    GlossaryEntry,
    Measure,
    MeasureValue,
    Rag,
    RagKeyEntry,
    Report,
    Update,
    natural_key,
)
from boardpack.problems import ERROR, WARNING
from boardpack.workbook.cells import is_percent_format, lines_of, parse_number, shown, whole_number
from boardpack.workbook.limits import MAX_FIGURE, MAX_PERCENT
from boardpack.workbook.schema import ACTIONS, REPORT_FIELDS, SheetSpec, normalise_header
from boardpack.workbook.table import Row, Table, listed

T = TypeVar("T")

_RAG_EXPECTED = "a RAG code (B, G, A or R, or Blue/Green/Amber/Red)"
_HEX = re.compile(r"^#?([0-9A-Fa-f]{6})$")
_REF_SEPARATORS = re.compile(r"[,;\n]")
#: known Report fields that are kept as text (paragraphs separated by line breaks)
_TEXT_FIELDS = frozenset(
    {
        "organisation",
        "title",
        "meeting",
        "service",
        "lead officer",
        "cabinet member",
        "introduction",
        "purpose",
        "report number",
        "report authorised by",
        "contact",
        "reasons for decision",
        "alternative options",
        "strategic outcomes",
        "finance comments",
        "legal comments",
        "equalities comments",
    }
)
_UNITS = {"%": "%", "percent": "%", "percentage": "%", "number": "number", "days": "days"}


@dataclass
class Rows(Generic[T]):
    """What one sheet gave: the good records and every id it names."""

    #: records from rows without errors, in workbook order
    kept: list[T] = field(default_factory=list)
    #: every id typed in the sheet → its first cell, also on rows left out
    seen: dict[str, str] = field(default_factory=dict)
    #: ids of the kept records
    ids: set[str] = field(default_factory=set)

    def keep(self, item_id: str, item: T) -> None:
        self.kept.append(item)
        self.ids.add(item_id)


def _first_time(row: Row, key: str, value: str, seen: dict[str, str], code: str, what: str) -> bool:
    """Note an id's first cell; report a repeat (naming both cells) and return False."""
    if not value:
        return True
    if value in seen:
        row.error(
            key,
            code,
            f"expected each {what} once, found '{value}' again (first in {seen[value]}); "
            "this row is left out",
        )
        return False
    seen[value] = row.address(key) or ""
    return True


def read_report(table: Table) -> Report:
    """The ``Report`` sheet's Field/Value rows; Organisation and Title are required."""
    report = Report(organisation="", title="")
    cells: dict[str, str] = {}
    for row in table.rows():
        name = row.text("field")
        if not name:
            row.error(
                "field",
                "missing-value",
                "expected a value for 'Field', found an empty cell beside a value",
            )
            continue
        key = normalise_header(name)
        if key in cells:
            row.error(
                "field",
                "duplicate-field",
                f"expected each field once, found '{name}' again (first value in "
                f"{cells[key]}); this row is left out",
            )
            continue
        cells[key] = row.address("value") or ""
        report.fields[name.rstrip("*").strip()] = row.text("value")
        _report_field(report, key, row)
    report.cells = cells
    for name, required, _ in REPORT_FIELDS:
        key = normalise_header(name)
        if required and not getattr(report, _attribute(key)):
            table.problem(
                ERROR,
                "missing-field",
                cells.get(key),
                f"expected a value for the field '{name}', found "
                + ("an empty cell" if key in cells else "no row with that Field"),
            )
    return report


def _attribute(key: str) -> str:
    """The ``Report`` attribute of a known field: ``lead officer`` → ``lead_officer``."""
    return key.replace(" ", "_")


def _report_field(report: Report, key: str, row: Row) -> None:
    """Set one known field from its Value cell; unknown fields stay in ``fields`` only."""
    if key in _TEXT_FIELDS:
        setattr(report, _attribute(key), row.text("value"))
    elif key == "classification":
        report.classification = row.text("value") or report.classification
    elif key == "recommendations":
        report.recommendations = lines_of(row.text("value"))
    elif key == "background papers":
        report.background_papers = lines_of(row.text("value"))
    elif key == "wards":
        report.wards = row.text("value") or report.wards
    elif key == "key decision":
        report.key_decision = _yes_no(row, report.key_decision)
    elif key == "as at":
        report.as_at = row.date("value")
    elif key == "meeting date":
        report.meeting_date = row.date("value")
    elif key == "year starts":
        report.year_starts = _month(row) or report.year_starts
    elif key == "red after days overdue":
        report.red_after_days = _days(row, report.red_after_days)
    elif key == "due soon days":
        report.due_soon_days = _days(row, report.due_soon_days)


def _yes_no(row: Row, default: bool) -> bool:
    """``Yes`` or ``No`` in any case; an empty cell keeps the default."""
    text = row.text("value")
    if not text:
        return default
    if text.lower() in ("yes", "no"):
        return text.lower() == "yes"
    row.error(
        "value",
        "bad-value",
        f"expected Yes or No for 'Key decision', found {shown(row.value('value'))}",
    )
    return default


def _month(row: Row) -> int | None:
    value = row.value("value")
    if row.is_empty("value", value, required=False):
        return None
    number = whole_number(value)
    month = number if number is not None else month_number(str(value))
    if month is None or not 1 <= month <= 12:
        row.error(
            "value",
            "bad-value",
            f"expected a month name (e.g. April) or a number from 1 to 12, found {shown(value)}",
        )
        return None
    return month


def _days(row: Row, default: int) -> int:
    value = row.value("value")
    if row.is_empty("value", value, required=False):
        return default
    number = whole_number(value)
    if number is None or number < 0:
        row.error(
            "value",
            "bad-value",
            f"expected a whole number of days (0 or more), found {shown(value)}",
        )
        return default
    return number


def read_rag_key(table: Table) -> dict[Rag, RagKeyEntry]:
    """The ``RAG`` sheet: fixed codes and statuses, editable meanings and colours, in the
    sheet's order (the documents print the key in it)."""
    entries: dict[Rag, RagKeyEntry] = {}
    seen: dict[str, str] = {}
    for row in table.rows():
        code_text = row.text("code", required=True)
        status_text = row.text("status", required=True)
        meaning = row.text("meaning", required=True)
        colour_text = row.text("colour")
        code = Rag.parse(code_text) if code_text else None
        status = Rag.parse(status_text) if status_text else None
        if code_text and code is None:
            row.error("code", "bad-rag", f"expected {_RAG_EXPECTED}, found {shown(code_text)}")
        if status_text and status is None:
            row.error("status", "bad-rag", f"expected {_RAG_EXPECTED}, found {shown(status_text)}")
        elif code is not None and status is not None and code != status:
            row.error(
                "status",
                "bad-rag",
                f"expected the status {code.word} for the code {code.code}, found "
                f"{shown(status_text)}",
            )
        colour = _HEX.match(colour_text) if colour_text else None
        if colour_text and colour is None:
            row.error(
                "colour",
                "bad-colour",
                f"expected a six-digit hex colour such as C00000 or #C00000, found "
                f"{shown(colour_text)}",
            )
        if code is not None and not _first_time(
            row, "code", code.word, seen, "duplicate-rag", "RAG status"
        ):
            continue
        if row.ok and code is not None:
            hex_colour = colour[1].upper() if colour else DEFAULT_RAG_KEY[code].colour
            entries[code] = RagKeyEntry(code, meaning, hex_colour)
    missing = [rag.word for rag in DEFAULT_RAG_KEY if rag not in entries and rag.word not in seen]
    if missing:
        table.problem(
            WARNING,
            "missing-rag",
            None,
            f"expected a row for each of Blue, Green, Amber and Red, found none for "
            f"{', '.join(missing)}; the standard meaning and colour are used",
        )
    # the sheet's own order, as the documents print the key; any left out follow it
    return entries | {rag: DEFAULT_RAG_KEY[rag] for rag in DEFAULT_RAG_KEY if rag not in entries}


def read_areas(table: Table) -> Rows[Area]:
    """The ``Areas`` sheet: unique ids, titles and their outcomes, one a line."""
    rows: Rows[Area] = Rows()
    for row in table.rows():
        area_id = row.ident("area", required=True)
        title = row.text("title", required=True)
        outcomes = lines_of(row.text("outcomes"))
        lead = row.text("lead")
        summary = row.text("summary")
        if _first_time(row, "area", area_id, rows.seen, "duplicate-area", "Area id") and row.ok:
            area = Area(area_id, title, outcomes, lead, summary, row.number, row.addresses())
            rows.keep(area_id, area)
    return rows


def _known(
    row: Row, key: str, values: list[str], seen: dict[str, str] | None, code: str, what: str
) -> None:
    """Report the references that name nothing in the sheet they point to."""
    unknown = [value for value in values if value and seen is not None and value not in seen]
    if unknown and seen is not None:
        known = listed(sorted(seen, key=natural_key))
        found = ", ".join(f"'{value}'" for value in unknown)
        row.error(key, code, f"expected {what} ({known}), found {found}")


def read_columns(row: Row, spec: SheetSpec) -> dict[str, Any]:
    """Each column of ``spec`` read from ``row`` as its ``kind`` says, by the model field
    it fills (:attr:`Column.field`), in the sheet's column order."""
    values: dict[str, Any] = {}
    for column in spec.columns:
        key, required = column.key, column.required
        if column.kind == "date":
            values[column.field] = row.date(key, required=required)
        elif column.kind in ("id", "ref"):
            values[column.field] = row.ident(key, required=required, ref=column.kind == "ref")
        else:
            values[column.field] = row.text(key, required=required)
    return values


def read_actions(table: Table, areas: Rows[Area] | None) -> Rows[Action]:
    """The ``Actions`` sheet, a column of :data:`ACTIONS` to a field of :class:`Action`;
    ``Area`` must name a row of ``Areas``."""
    rows: Rows[Action] = Rows()
    area_seen = areas.seen if areas else None
    area_ids = areas.ids if areas else None
    for row in table.rows():
        values = read_columns(row, ACTIONS)
        ref, area = values["ref"], values["area"]
        _known(row, "area", [area], area_seen, "unknown-area", "an Area id from the Areas sheet")
        first = _first_time(row, "ref", ref, rows.seen, "duplicate-ref", "Ref")
        if first and row.ok and (area_ids is None or area in area_ids):
            rows.keep(ref, Action(**values, row=row.number, cells=row.addresses()))
    table.finish()
    return rows


def read_updates(table: Table, actions: Rows[Action] | None) -> tuple[list[Update], set[str]]:
    """The ``Updates`` sheet: one row per action per period, with a valid RAG.

    Also returns the refs of rows left out for an error, so that the rules do not
    report again, as a stale or conflicting update, what follows from leaving them out.
    """
    updates: list[Update] = []
    left_out: set[str] = set()
    ref_seen = actions.seen if actions else None
    refs = actions.ids if actions else None
    seen: dict[tuple[str, str], str] = {}
    for row in table.rows():
        period = row.date("period", required=True)
        ref = row.ident("ref", required=True, ref=True)
        rag_text = row.text("rag", required=True)
        progress = row.text("progress", required=True)
        reason = row.text("reason")
        recovery = row.text("recovery")
        revised_due = row.date("revised due")
        rag = Rag.parse(rag_text) if rag_text else None
        if rag_text and rag is None:
            row.error("rag", "bad-rag", f"expected {_RAG_EXPECTED}, found {shown(rag_text)}")
        _known(row, "ref", [ref], ref_seen, "unknown-ref", "a Ref from the Actions sheet")
        if period and ref:
            key = (period.isoformat(), ref)
            if key in seen:
                row.error(
                    "ref",
                    "duplicate-update",
                    f"expected one update for each Ref and Period, found a second update "
                    f"for '{ref}' in the period {period.isoformat()} (first in {seen[key]}); "
                    "this row is left out",
                )
            else:
                seen[key] = row.address("ref") or ""
        if row.ok and period and rag is not None and (refs is None or ref in refs):
            updates.append(
                Update(
                    period,
                    ref,
                    rag,
                    progress,
                    reason,
                    recovery,
                    revised_due,
                    row.number,
                    row.addresses(),
                )
            )
        elif ref:
            left_out.add(ref)
    table.finish()
    return updates, left_out


def _choice(row: Row, key: str, choices: dict[str, str], default: str, expected: str) -> str:
    text = row.text(key)
    if not text:
        return default
    choice = choices.get(text.lower())
    if choice is None:
        row.error(key, "bad-value", f"expected {expected}, found {shown(text)}")
        return default
    return choice


def _refs(row: Row, key: str) -> list[str]:
    """A comma-separated list of refs (a single ref typed as a number reads as one)."""
    if isinstance(row.value(key), int | float):
        return [row.ident(key, ref=True)]
    items = (item.strip() for item in _REF_SEPARATORS.split(row.text(key)))
    return [item for item in items if item]


def read_measures(table: Table, actions: Rows[Action] | None) -> Rows[Measure]:
    """The ``Measures`` sheet; every ref in ``Actions`` must name an action."""
    rows: Rows[Measure] = Rows()
    ref_seen = actions.seen if actions else None
    ref_ids = actions.ids if actions else None
    for row in table.rows():
        measure_id = row.ident("measure", required=True)
        name = row.text("name", required=True)
        unit = _choice(row, "unit", _UNITS, "%", "a unit of %, number or days")
        better = _choice(row, "better", {b: b for b in MEASURE_BETTER}, "higher", "higher or lower")
        refs = _refs(row, "actions")
        description = row.text("description")
        _known(row, "actions", refs, ref_seen, "unknown-ref", "Refs from the Actions sheet")
        first = _first_time(
            row, "measure", measure_id, rows.seen, "duplicate-measure", "Measure id"
        )
        if first and row.ok:
            kept_refs = [r for r in refs if ref_ids is None or r in ref_ids]
            measure = Measure(
                measure_id, name, unit, better, kept_refs, description, row.number, row.addresses()
            )
            rows.keep(measure_id, measure)
    table.finish()
    return rows


def measure_number(value: object, number_format: str, unit: str) -> float | None:
    """A measure's figure: ``47``, ``47%`` and 0.47 shown as a percentage all mean 47 for ``%``.

    ``None`` when the value is not a number, or is a percentage for a measure that is not.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if is_percent_format(number_format):
            return round(value * 100, 9) if unit == "%" else None
        return float(value)
    if isinstance(value, str):
        parsed = parse_number(value)
        if parsed and (unit == "%" or not parsed[1]):
            return parsed[0]
    return None


def read_measure_values(table: Table, measures: Rows[Measure] | None) -> list[MeasureValue]:
    """The ``Measure values`` sheet: one figure a row, for a known measure."""
    values: list[MeasureValue] = []
    units = {m.id: m.unit for m in measures.kept} if measures else {}
    ids = measures.ids if measures else None
    kinds = {kind.lower(): kind for kind in MEASURE_KINDS}
    for row in table.rows():
        measure_id = row.ident("measure", required=True)
        when = row.date("date", required=True)
        kind_text = row.text("kind", required=True)
        raw = row.value("value")
        note = row.text("note")
        kind = kinds.get(kind_text.lower())
        if kind_text and kind is None:
            row.error(
                "kind", "bad-kind", f"expected Baseline, Actual or Target, found {shown(kind_text)}"
            )
        _known(
            row,
            "measure",
            [measure_id],
            measures.seen if measures else None,
            "unknown-measure",
            "a Measure id from the Measures sheet",
        )
        unit = units.get(measure_id, "%")
        number = None
        if not row.is_empty("value", raw, required=True):
            number = measure_number(raw, row.number_format("value"), unit)
            if number is None:
                expected = (
                    "a number, e.g. 47 or 47%"
                    if unit == "%"
                    else f"a plain number without % (the measure's unit is {unit})"
                )
                row.error(
                    "value", "bad-value", f"expected {expected}, found {_shown_figure(row, raw)}"
                )
            elif not math.isfinite(number) or abs(number) > MAX_FIGURE:
                row.error(
                    "value",
                    "value-out-of-range",
                    f"expected a figure between -{MAX_FIGURE:,.0f} and {MAX_FIGURE:,.0f}, "
                    f"found {_shown_figure(row, raw)}; check it for a typing mistake",
                )
            elif unit == "%" and abs(number) > MAX_PERCENT:
                row.error(
                    "value",
                    "value-out-of-range",
                    f"expected a percentage between -{MAX_PERCENT:,}% and {MAX_PERCENT:,}%, "
                    f"found {number:,g}%; check it for a typing mistake",
                )
            elif unit == "%" and 0 < number < 1:
                row.warn(
                    "value",
                    "small-percentage",
                    f"expected a percentage such as 47 or 47%, found {number:g}, which is read "
                    f"as {number:g}%; if you meant {number * 100:g}%, type {number * 100:g} or "
                    "format the cell as a percentage",
                )
        if row.ok and when and kind and number is not None and (ids is None or measure_id in ids):
            values.append(
                MeasureValue(measure_id, when, kind, number, note, row.number, row.addresses())
            )
    return values


def _shown_figure(row: Row, value: object) -> str:
    if isinstance(value, int | float) and is_percent_format(row.number_format("value")):
        return f"the percentage {value * 100:g}%"
    return shown(value)


def read_glossary(table: Table) -> list[GlossaryEntry]:
    """The ``Glossary`` sheet: terms and what they stand for."""
    entries: list[GlossaryEntry] = []
    seen: dict[str, str] = {}
    for row in table.rows():
        term = row.text("term", required=True)
        meaning = row.text("meaning", required=True)
        if term in seen:
            row.warn(
                "term",
                "duplicate-term",
                f"expected each term once, found '{term}' again (first in {seen[term]})",
            )
        elif term:
            seen[term] = row.address("term") or ""
        if row.ok:
            entries.append(GlossaryEntry(term, meaning))
    return entries
