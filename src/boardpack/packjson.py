"""The derived data as JSON: ``boardpack check --json`` and the pack's ``pack.json``.

The shape is the contract in ``outputs.md`` (``as_at``, ``period``,
``previous_period``, ``problems``, ``summary``, ``areas``, ``actions``,
``measures``), with ISO dates and full RAG words, plus each area's
``previous_rag``, ``movement`` and ``rules``, each action's ``slipped``, ``days_slipped``,
``due_before_meeting`` and ``rules`` (the rules' record of each derived value, in the
words of ``rules/wording.py``), ``as_at_source``, ``periods`` (counts by
RAG per reporting period), ``notes`` (how the workbook was read: sheets and columns
read under another name, and the columns, sheets and totals rows not read) and,
when given, ``charts``, ``files`` and ``inputs`` (SHA-256 of each output and input
file). Keys are in a fixed order so that the
same status always gives the same text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring

from boardpack.dates import iso
from boardpack.model import Rag
from boardpack.problems import Problem, sorted_problems
from boardpack.rules.periods import has_as_at
from boardpack.rules.wording import rule_texts
from boardpack.status import (
    ActionStatus,
    AreaStatus,
    Chart,
    MeasurePoint,
    MeasureStatus,
    PackStatus,
    RagCounts,
    empty_counts,
)

JsonDict = dict[str, object]
CHARTS_FOLDER = "charts"


def _rag(value: Rag | None) -> str | None:
    return value.word if value is not None else None


def _counts(counts: RagCounts) -> dict[str, int]:
    return {word: counts.get(word, 0) for word in ("Blue", "Green", "Amber", "Red")}


def _number(value: float) -> int | float:
    """``87.0`` → ``87``: whole numbers print without a decimal point."""
    return int(value) if float(value).is_integer() else value


def _point(point: MeasurePoint | None) -> JsonDict | None:
    if point is None:
        return None
    return {"date": iso(point.date), "value": _number(point.value)}


def _area(item: AreaStatus) -> JsonDict:
    return {
        "area": item.area.id,
        "title": item.area.title,
        "rag": _rag(item.rag),
        "previous_rag": _rag(item.previous_rag),
        "movement": item.movement,
        "counts": _counts(item.counts),
        "actions": [a.ref for a in item.actions],
        "rules": rule_texts(item),
    }


def _action(item: ActionStatus) -> JsonDict:
    return {
        "ref": item.ref,
        "area": item.action.area,
        "rag": _rag(item.rag),
        "previous_rag": _rag(item.previous_rag),
        "movement": item.movement,
        "due": iso(item.due),
        "original_due": iso(item.original_due),
        "milestones": [{"date": iso(m.date), "value": m.value} for m in item.timescale.milestones],
        "recurrence": item.timescale.recurrence,
        "overdue": item.overdue,
        "days_overdue": item.days_overdue,
        "due_soon": item.due_soon,
        "stale": item.stale,
        "suggested_rag": _rag(item.suggested_rag),
        "flags": list(item.flags),
        "slipped": item.slipped,
        "days_slipped": item.days_slipped,
        "due_before_meeting": item.due_before_meeting,
        "update_period": iso(item.update.period) if item.update is not None else None,
        "rules": rule_texts(item),
    }


def _measure(item: MeasureStatus) -> JsonDict:
    return {
        "measure": item.measure.id,
        "name": item.measure.name,
        "unit": item.measure.unit,
        "better": item.measure.better,
        "latest": _point(item.latest),
        "next_target": _point(item.next_target),
        "judged_target": _point(item.judged_target),
        "status": item.status,
    }


def _chart(chart: Chart) -> JsonDict:
    return {
        "file": f"{CHARTS_FOLDER}/{chart.filename}",
        "title": chart.title,
        "alt_text": chart.alt_text,
    }


def derived_parts(status: PackStatus) -> JsonDict:
    """The areas, actions and measures of :func:`pack_json`: the bulk of it, which the
    build works out while it waits for the charts and documents."""
    return {
        "areas": [_area(a) for a in status.areas],
        "actions": [_action(a) for a in status.actions],
        "measures": [_measure(m) for m in status.measures],
    }


@dataclass(frozen=True)
class Written:
    """A field of :func:`pack_json` already written as :func:`dumps_pack` writes the
    pack's own fields; any other JSON writer takes it as ``value``."""

    value: object
    text: str


def written_parts(status: PackStatus) -> JsonDict:
    """:func:`derived_parts`, each already written (:class:`Written`), so that the build
    writes them while it waits for the charts and documents rather than after."""
    parts: JsonDict = {}
    for key, value in derived_parts(status).items():
        pieces: list[str] = []
        try:
            _write(value, "  ", pieces)
        except (TypeError, RecursionError):  # left for ``json`` to write
            parts[key] = value
        else:
            parts[key] = Written(value, "".join(pieces))
    return parts


def pack_json(
    status: PackStatus,
    *,
    charts: Sequence[Chart] = (),
    files: Mapping[str, str] | None = None,
    inputs: Mapping[str, str] | None = None,
    parts: JsonDict | None = None,
) -> JsonDict:
    """The derived data in the shape of ``check --json`` (see the module docstring).

    ``charts`` adds ``charts`` (file, title, alt text); ``files`` and ``inputs``
    (name → SHA-256) add ``files`` and ``inputs``, sorted by name. ``parts`` are the
    status's :func:`derived_parts` (or :func:`written_parts`) when already worked out.
    """
    parts = derived_parts(status) if parts is None else parts
    data: JsonDict = {
        "as_at": iso(status.as_at) if has_as_at(status) else None,
        "period": iso(status.period),
        "previous_period": iso(status.previous_period),
        "problems": [p.to_json() for p in sorted_problems(status.problems)],
        "summary": _counts(status.summary),
        "areas": parts["areas"],
        "actions": parts["actions"],
        "measures": parts["measures"],
        "as_at_source": status.as_at_source,
        "periods": [
            {"period": iso(p.period), "counts": _counts(p.counts)} for p in status.period_counts
        ],
        "notes": [note.to_json() for note in status.plan.notes],
    }
    if charts:
        data["charts"] = [_chart(c) for c in charts]
    if files:
        data["files"] = {name: files[name] for name in sorted(files)}
    if inputs:
        data["inputs"] = {name: inputs[name] for name in sorted(inputs)}
    return data


def unreadable_pack_json(problems: Sequence[Problem]) -> JsonDict:
    """``check --json`` for a workbook that could not be read: the problems, nothing derived."""
    return {
        "as_at": None,
        "period": None,
        "previous_period": None,
        "problems": [p.to_json() for p in sorted_problems(problems)],
        "summary": _counts(empty_counts()),
        "areas": [],
        "actions": [],
        "measures": [],
        "notes": [],
    }


def dumps_pack(data: Mapping[str, object]) -> str:
    """Deterministic JSON text: two-space indent, UTF-8 characters kept, a final newline.

    The text is exactly ``json.dumps(data, indent=2, ensure_ascii=False)``'s; it is
    written by :func:`_write`, as ``json`` writes indented text with a chain of Python
    generators that costs half as much again. Anything ``_write`` does not take (a
    key that is not text, a value JSON has no type for) is left to ``json``.
    """
    pieces: list[str] = []
    try:
        _write(data, "", pieces)
    except (TypeError, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=False, default=_unwritten) + "\n"
    pieces.append("\n")
    return "".join(pieces)


def _unwritten(value: object) -> object:
    """What ``json`` writes for a :class:`Written` field: its value."""
    if isinstance(value, Written):
        return value.value
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _write(value: object, indent: str, pieces: list[str]) -> None:
    """Append ``value`` as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes it at
    the depth of ``indent``; ``TypeError`` for what that would not write the same way."""
    if isinstance(value, str):
        pieces.append(encode_basestring(value))
    elif value is None:
        pieces.append("null")
    elif value is True:
        pieces.append("true")
    elif value is False:
        pieces.append("false")
    elif isinstance(value, int):
        pieces.append(int.__repr__(value))
    elif isinstance(value, float):
        pieces.append(_float_text(value))
    elif isinstance(value, list | tuple):
        if not value:
            pieces.append("[]")
            return
        inner = indent + "  "
        pieces.append("[\n" + inner)
        for n, item in enumerate(value):
            if n:
                pieces.append(",\n" + inner)
            _write(item, inner, pieces)
        pieces.append("\n" + indent + "]")
    elif isinstance(value, dict):
        if not value:
            pieces.append("{}")
            return
        inner = indent + "  "
        pieces.append("{\n" + inner)
        for n, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"a key that is not text: {key!r}")
            pieces.append((",\n" + inner if n else "") + encode_basestring(key) + ": ")
            _write(item, inner, pieces)
        pieces.append("\n" + indent + "}")
    elif isinstance(value, Written):
        pieces.append(value.text)
    else:
        raise TypeError(f"no JSON type for {type(value).__name__}")


def _float_text(value: float) -> str:
    """A number with a point as ``json`` writes it, ``NaN`` and ``Infinity`` included."""
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
