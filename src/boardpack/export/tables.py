"""The pack's data as tidy tables: one pandas DataFrame per table, one row per thing.

Columns come from the status dataclasses themselves: every field of a plain kind
(a RAG, a date, a flag, a count, a word, a list of words) becomes a column, so a
field the rules gain later is exported without being named here. Fields that hold
other objects (the action, its update, its timescale) are opened up explicitly.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import pandas as pd

from boardpack.model import RAG_DISPLAY_ORDER, MeasureValue, Rag, Update
from boardpack.status import ActionStatus, AreaStatus, MeasurePoint, MeasureStatus, PackStatus

Kind = Literal["text", "rag", "date", "bool", "int", "number", "list"]


@dataclass(frozen=True)
class Column:
    """One column: its name, what kind of value it holds, and how to get it from a row."""

    name: str
    kind: Kind
    get: Callable[[Any], object]


@dataclass(frozen=True)
class Table:
    """A table ready to write: its name (the file stem), frame and the kind of each column."""

    name: str
    frame: pd.DataFrame
    kinds: dict[str, Kind]


def _kind(hint: object) -> Kind | None:
    """The column kind of a field's type hint; ``None`` for a field that is not plain."""
    options: tuple[object, ...] = (hint,)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        options = tuple(a for a in typing.get_args(hint) if a is not type(None))
    if len(options) != 1:
        return None
    (only,) = options
    if only is Rag:
        return "rag"
    if only is date:
        return "date"
    if only is bool:
        return "bool"
    if only is int:
        return "int"
    if only is float:
        return "number"
    if only is str or typing.get_origin(only) is Literal:
        return "text"
    if typing.get_origin(only) is list and typing.get_args(only) == (str,):
        return "list"
    return None


def plain_columns(cls: type, skip: Sequence[str] = ()) -> list[Column]:
    """A column for each plain field of the dataclass ``cls``, in its order."""
    hints = typing.get_type_hints(cls)
    columns = []
    for item in dataclasses.fields(cls):
        kind = _kind(hints[item.name])
        if kind is not None and item.name not in skip:
            columns.append(Column(item.name, kind, _attribute(item.name)))
    return columns


def _attribute(name: str) -> Callable[[Any], object]:
    return lambda row: getattr(row, name)


def _point_fields(cls: type) -> list[Column]:
    """``latest_date`` and ``latest_value`` for each :class:`MeasurePoint` field of ``cls``."""
    hints = typing.get_type_hints(cls)
    columns = []
    for item in dataclasses.fields(cls):
        if MeasurePoint in typing.get_args(hints[item.name]) or hints[item.name] is MeasurePoint:
            columns.append(Column(f"{item.name}_date", "date", _point(item.name, "date")))
            columns.append(Column(f"{item.name}_value", "number", _point(item.name, "value")))
    return columns


def _point(name: str, part: str) -> Callable[[Any], object]:
    def get(row: object) -> object:
        point = getattr(row, name)
        return getattr(point, part) if point is not None else None

    return get


def _insert_after(columns: list[Column], name: str, extra: list[Column]) -> list[Column]:
    """``columns`` with ``extra`` after the column ``name`` (at the end when it is absent)."""
    names = [c.name for c in columns]
    at = names.index(name) + 1 if name in names else len(columns)
    return columns[:at] + extra + columns[at:]


def _cell(kind: Kind, value: object) -> object:
    """A value as the frame holds it: RAG words, ``; ``-joined lists, ``None`` for missing."""
    if value is None or value == "" or value == []:
        return None
    if kind == "rag":
        return value.word if isinstance(value, Rag) else value
    if kind == "list":
        return "; ".join(str(v) for v in value) if isinstance(value, list) else value
    return value


def _series(kind: Kind, values: list[object]) -> pd.Series:
    """A column with the dtype its kind calls for: dates as datetime64, counts as integers."""
    if kind == "date":
        return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
    if kind == "bool":
        return pd.Series([bool(v) for v in values], dtype="bool")
    if kind == "int":
        return pd.Series(values, dtype="int64" if None not in values else "Int64")
    if kind == "number":
        return pd.Series(values, dtype="float64")
    return pd.Series(values, dtype="object")


def _table(name: str, columns: list[Column], rows: Sequence[object]) -> Table:
    data = {c.name: _series(c.kind, [_cell(c.kind, c.get(row)) for row in rows]) for c in columns}
    frame = pd.DataFrame(data, columns=[c.name for c in columns])
    return Table(name, frame, {c.name: c.kind for c in columns})


def actions_table(status: PackStatus) -> Table:
    """Every action: what the plan says, then every derived field."""
    titles = {a.id: a.title for a in status.plan.areas}
    identity = [
        Column("ref", "text", lambda s: s.ref),
        Column("area", "text", lambda s: s.action.area),
        Column("area_title", "text", lambda s: titles.get(s.action.area)),
        Column("action", "text", lambda s: s.action.text),
        Column("target", "text", lambda s: s.action.target),
        Column("owner", "text", lambda s: s.action.owner),
        Column("update_period", "date", lambda s: s.update.period if s.update else None),
    ]
    timescale = [
        Column("revised_due", "date", lambda s: s.update.revised_due if s.update else None),
        Column("recurrence", "text", lambda s: s.timescale.recurrence),
        Column(
            "milestones",
            "list",
            lambda s: [f"{m.date.isoformat()} {m.value}" for m in s.timescale.milestones],
        ),
    ]
    derived = _insert_after(plain_columns(ActionStatus), "original_due", timescale)
    return _table("actions", identity + derived, status.actions)


def updates_table(status: PackStatus) -> Table:
    """One row per action per reporting period up to the as-at date, oldest period first."""
    areas = {a.ref: a.action.area for a in status.actions}
    order = {a.ref: i for i, a in enumerate(status.actions)}
    periods = set(status.periods)
    updates = sorted(
        (u for u in status.plan.updates if u.period in periods),
        key=lambda u: (u.period, order.get(u.ref, len(order)), u.ref),
    )
    plain = plain_columns(Update, skip=("row",))
    area = Column("area", "text", lambda u: areas.get(u.ref))
    return _table("updates", _insert_after(plain, "ref", [area]), updates)


def areas_table(status: PackStatus) -> Table:
    """Every area with its RAG, movement and counts of actions by RAG."""
    identity = [
        Column("area", "text", lambda s: s.area.id),
        Column("title", "text", lambda s: s.area.title),
    ]
    counts = [Column("actions", "int", lambda s: len(s.actions))]
    counts += [Column(r.word.lower(), "int", _count(r)) for r in RAG_DISPLAY_ORDER]
    return _table("areas", identity + plain_columns(AreaStatus) + counts, status.areas)


def _count(rag: Rag) -> Callable[[Any], object]:
    return lambda s: s.counts.get(rag.word, 0)


def measures_table(status: PackStatus) -> Table:
    """Every measure with its latest figure, the targets it is judged against, and its status."""
    identity = [
        Column("measure", "text", lambda s: s.measure.id),
        Column("name", "text", lambda s: s.measure.name),
        Column("unit", "text", lambda s: s.measure.unit),
        Column("better", "text", lambda s: s.measure.better),
        Column("action_refs", "list", lambda s: s.measure.action_refs),
        Column("description", "text", lambda s: s.measure.description),
    ]
    columns = identity + _point_fields(MeasureStatus) + plain_columns(MeasureStatus)
    return _table("measures", columns, status.measures)


def measure_values_table(status: PackStatus) -> Table:
    """Every figure of every measure, with its kind and date."""
    values = [v for m in status.measures for v in m.values]
    return _table("measure-values", plain_columns(MeasureValue, skip=("row",)), values)


def tables(status: PackStatus) -> list[Table]:
    """Every table, in the order of :data:`boardpack.export.columns.TABLES`."""
    return [
        actions_table(status),
        updates_table(status),
        areas_table(status),
        measures_table(status),
        measure_values_table(status),
    ]
