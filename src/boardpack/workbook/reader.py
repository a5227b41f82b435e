"""Read the master workbook into a ``Plan`` and the problems found on the way.

The file is checked before it is opened (``safety``), loaded once with saved values,
and each of the contract's sheets is read as a table (``table``, ``sheets``). Every
problem is collected; only a file that cannot be opened at all raises.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from boardpack.model import DEFAULT_RAG_KEY, Measure, Plan, natural_key, on_sheets
from boardpack.problems import ERROR, Note, Problem
from boardpack.workbook import sheets
from boardpack.workbook.formulas import uncomputed_formulas
from boardpack.workbook.limits import over_limits
from boardpack.workbook.safety import (
    READ_ERRORS,
    UNSAFE_XML,
    Package,
    check_path,
    inspect_package,
    open_elsewhere,
    source,
    unreadable,
    unsafe,
)
from boardpack.workbook.schema import (
    ACTIONS,
    AREAS,
    GLOSSARY,
    MEASURE_VALUES,
    MEASURES,
    RAG,
    REPORT,
    SHEETS,
    UPDATES,
    Match,
    SheetSpec,
    match_sheet,
    normalise_sheet_name,
)
from boardpack.workbook.table import Table, UnreadableSheet, listed
from boardpack.workbook.xlsx import Workbook, Worksheet

#: sheets new-master writes for people, never data: not listed as ignored
_OWN_SHEETS = frozenset({"about"})


def read_master(path: Path, data: bytes | None = None) -> tuple[Plan | None, list[Problem]]:
    """Read a master workbook (``.xlsx`` or ``.xlsm``).

    ``data`` is the file's bytes when the caller has read them: exactly those bytes
    are parsed, and ``path`` only names the file (and finds its lock files).

    Returns the plan and every problem found, errors and warnings alike. Rows with
    errors are left out of the plan; the plan is ``None`` only when a required sheet
    or column is missing. ``plan.actions`` is in natural ref order.

    Raises ``UsageError`` when the path is not a file, and ``InputError`` when the
    file cannot be read as a workbook at all (wrong type, encrypted, damaged, unsafe
    or too large).
    """
    check_path(path)
    package = inspect_package(path, data)
    workbook = _load(path, package, data)
    try:
        plan, problems, titles = _read_plan(path, package, workbook, data)
        return plan, on_sheets(problems, titles)
    except UnreadableSheet as exc:
        if _unsafe_cause(exc.__cause__):
            raise unsafe(path, "a worksheet") from exc
        raise unreadable(path, exc.__cause__ or exc) from exc
    finally:
        workbook.close()


def _read_plan(
    path: Path, package: Package, workbook: Workbook, data: bytes | None
) -> tuple[Plan | None, list[Problem], dict[str, str]]:
    """The plan, the problems placed by the contract's sheet names, and those names'
    sheets in the workbook where they differ (so the caller can rename the problems)."""
    problems: list[Problem] = []
    notes: list[Note] = []
    if (warning := open_elsewhere(path)) is not None:
        problems.append(warning)
    tables = _tables(workbook, _formulas(path, package, data), package, problems, notes)
    titles = {
        name: table.sheet.title for name, table in tables.items() if table.sheet.title != name
    }

    def usable(spec: SheetSpec) -> Table | None:
        table = tables.get(spec.name)
        return table if table is not None and table.complete else None

    report = sheets.read_report(table) if (table := usable(REPORT)) else None
    rag_key = sheets.read_rag_key(table) if (table := usable(RAG)) else dict(DEFAULT_RAG_KEY)
    areas = sheets.read_areas(table) if (table := usable(AREAS)) else None
    actions = sheets.read_actions(table, areas) if (table := usable(ACTIONS)) else None
    updates, left_out = (
        sheets.read_updates(table, actions) if (table := usable(UPDATES)) else ([], set())
    )
    measures: sheets.Rows[Measure] | None = sheets.Rows()
    if MEASURES.name in tables:
        measures = sheets.read_measures(table, actions) if (table := usable(MEASURES)) else None
    values = (
        sheets.read_measure_values(table, measures) if (table := usable(MEASURE_VALUES)) else []
    )
    glossary = sheets.read_glossary(table) if (table := usable(GLOSSARY)) else []

    complete = all(
        tables[spec.name].complete if spec.name in tables else not spec.required for spec in SHEETS
    )
    if not complete or report is None or areas is None or actions is None:
        return None, problems, titles
    too_large = over_limits(
        {
            AREAS.name: areas.kept,
            ACTIONS.name: actions.kept,
            UPDATES.name: {update.period for update in updates},
            MEASURES.name: measures.kept if measures else [],
            MEASURE_VALUES.name: values,
        }
    )
    if too_large:
        problems.extend(too_large)
        return None, problems, titles
    plan = Plan(
        source=path,
        report=report,
        rag_key=rag_key,
        areas=areas.kept,
        actions=sorted(actions.kept, key=lambda action: natural_key(action.ref)),
        updates=updates,
        left_out_updates=frozenset(left_out),
        measures=measures.kept if measures else [],
        measure_values=values,
        glossary=glossary,
        notes=tuple(on_sheets(notes, titles)),
        sheet_titles=titles,
    )
    return plan, problems, titles


def _load(path: Path, package: Package, data: bytes | None) -> Workbook:
    """The workbook, opened for streaming its sheets' saved values (not formulas).

    Each sheet is read to its last row whatever size it states, so a sheet whose
    ``dimension`` undercounts its rows (as some tools write it) is still read whole;
    the row limit was already checked from the XML itself.
    """
    try:
        return Workbook(
            source(path, data),
            package.workbook_part,
            package.sheet_parts,
            package.shared_strings_part,
            package.styles_part,
        )
    # A damaged package can make the parser raise almost anything; it is the file's
    # fault, not a bug, so it is reported like any other unreadable file.
    except Exception as exc:
        if _unsafe_cause(exc):
            raise unsafe(path, "the workbook's XML") from exc
        raise unreadable(path, exc) from exc


def _unsafe_cause(exc: BaseException | None) -> bool:
    """True when the XML parser refused a DTD or entity, however deeply it was wrapped."""
    while exc is not None:
        if isinstance(exc, UNSAFE_XML):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _formulas(path: Path, package: Package, data: bytes | None) -> dict[str, dict[str, str]]:
    """Sheet title → the cells whose formula has no saved value (see ``formulas``)."""
    if not package.formula_parts:
        return {}
    try:
        with zipfile.ZipFile(source(path, data)) as archive:
            return {
                title: uncomputed_formulas(archive, part)
                for title, part in package.sheet_parts.items()
                if part in package.formula_parts
            }
    except UNSAFE_XML as exc:
        raise unsafe(path, "a worksheet") from exc
    except READ_ERRORS as exc:
        raise unreadable(path, exc) from exc


def _tables(
    workbook: Workbook,
    formulas: dict[str, dict[str, str]],
    package: Package,
    problems: list[Problem],
    notes: list[Note],
) -> dict[str, Table]:
    """The contract's sheets found by name, alias or near miss (``schema.match_sheet``).

    A missing required sheet and two sheets read as one are reported here; a sheet
    read under another name, and every sheet not read, get a note.
    """
    found: dict[str, list[tuple[Worksheet, Match]]] = {}
    for worksheet in workbook.worksheets:
        match = match_sheet(worksheet.title)
        if match is not None:
            found.setdefault(match[0].name, []).append((worksheet, match[1]))
        elif normalise_sheet_name(worksheet.title) not in _OWN_SHEETS:
            notes.append(
                Note(
                    "ignored-sheet",
                    worksheet.title,
                    None,
                    f"ignored the sheet '{worksheet.title}': it is not one of the sheets "
                    "the pack reads",
                )
            )
    titles = [worksheet.title for worksheet in workbook.worksheets]
    tables: dict[str, Table] = {}
    for spec in SHEETS:
        matches = found.get(spec.name, [])
        if not matches:
            if spec.required:
                problems.append(
                    Problem(
                        ERROR,
                        "missing-sheet",
                        spec.name,
                        None,
                        f"expected a sheet named '{spec.name}', found the sheets {listed(titles)}",
                    )
                )
            continue
        exact = [m for m in matches if m[1] == "exact"]
        worksheet, how = (exact or matches)[0]
        if len(matches) > 1:
            problems.append(
                Problem(
                    ERROR,
                    "duplicate-sheet",
                    spec.name,
                    None,
                    f"expected one sheet read as '{spec.name}', found "
                    + " and ".join(f"'{w.title}'" for w, _ in matches)
                    + f"; '{worksheet.title}' is read. Delete or rename the others.",
                )
            )
        if how != "exact":
            notes.append(
                Note(
                    "read-as",
                    worksheet.title,
                    None,
                    f"read the sheet '{worksheet.title}' as '{spec.name}'",
                )
            )
        totals = package.totals.get(worksheet.title, frozenset())
        tables[spec.name] = Table(
            spec,
            worksheet,
            problems,
            formulas.get(worksheet.title, {}),
            package.merged.get(worksheet.title, ()),
            notes,
            totals,
        )
        for row in sorted(totals):
            notes.append(
                Note(
                    "totals-row",
                    spec.name,
                    f"A{row}",
                    f"did not read row {row}: it is the totals row of an Excel table",
                )
            )
    return tables
