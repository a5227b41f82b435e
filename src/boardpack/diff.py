"""What changed between two packs (``boardpack diff OLD.json NEW.json``).

Compares the ``actions`` and ``measures`` of two ``pack.json`` files (or two
``check --json`` outputs): actions added and removed, re-rated with the direction
of travel, due dates moved, and measure statuses that changed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from boardpack.dates import long_date
from boardpack.model import Rag, natural_key
from boardpack.problems import BoardpackError, UsageError
from boardpack.terminal import one_line

Direction = Literal["improved", "declined", "changed"]

NO_ACTION_CHANGES = "No differences in actions."


@dataclass(frozen=True)
class RagChange:
    """An action whose RAG differs; ``direction`` orders Red < Amber < Green < Blue."""

    ref: str
    old: str | None
    new: str | None
    direction: Direction


@dataclass(frozen=True)
class DueChange:
    """An action whose due date moved (ISO dates, ``None`` for no date)."""

    ref: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class MeasureChange:
    """A measure whose status differs (``None``: not in that pack)."""

    measure: str
    name: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class PackDiff:
    """The differences between two packs; every list is in natural ref or measure order."""

    old_period: str | None
    new_period: str | None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    rerated: tuple[RagChange, ...] = ()
    due_moved: tuple[DueChange, ...] = ()
    measures: tuple[MeasureChange, ...] = ()

    @property
    def actions_changed(self) -> bool:
        return bool(self.added or self.removed or self.rerated or self.due_moved)

    def summary(self) -> str:
        """One line of counts, e.g. ``Actions: 1 added, 2 re-rated (1 improved, 1 declined).``"""
        parts = [f"{len(self.added)} added"] if self.added else []
        parts += [f"{len(self.removed)} removed"] if self.removed else []
        if self.rerated:
            directions = [c.direction for c in self.rerated]
            counts = [
                f"{count} {direction}"
                for direction in ("improved", "declined", "changed")
                if (count := directions.count(direction))
            ]
            parts.append(f"{len(self.rerated)} re-rated ({', '.join(counts)})")
        if self.due_moved:
            parts.append(_plural(len(self.due_moved), "due date") + " moved")
        line = f"Actions: {', '.join(parts)}." if parts else NO_ACTION_CHANGES
        if self.measures:
            line += f" Measures: {_plural(len(self.measures), 'status change')}."
        return line


def load_pack(path: Path) -> dict[str, object]:
    """Read a ``pack.json``; ``UsageError`` (exit 2) if it is missing or not a pack."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder: expected a pack.json file, such as {path}/pack.json")
    if not path.is_file():
        raise UsageError(f"Pack file not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_int=_integer)
    except UnicodeDecodeError as error:
        raise UsageError(f"{path} is not a pack.json file: it is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    except RecursionError as error:
        raise UsageError(f"{path} is not a pack.json file: it is nested too deeply") from error
    if not isinstance(data, dict) or not isinstance(data.get("actions"), list):
        raise UsageError(
            f"{path} is not a pack.json file: expected a JSON object with an 'actions' list"
        )
    return data


#: Python refuses to read integers longer than this (and printing one takes time)
_LONGEST_INTEGER = 4000


def _integer(digits: str) -> int | str:
    """A JSON integer; one too long to be a number in any pack is kept as its digits."""
    return int(digits) if len(digits) <= _LONGEST_INTEGER else digits


def diff_packs(old: Mapping[str, object], new: Mapping[str, object]) -> PackDiff:
    """Compare two packs' actions (by ``ref``) and measures (by ``measure``)."""
    old_actions, new_actions = _keyed(old, "actions", "ref"), _keyed(new, "actions", "ref")
    both = [ref for ref in new_actions if ref in old_actions]
    rerated = [
        RagChange(ref, old_rag, new_rag, _direction(old_rag, new_rag))
        for ref in both
        if (old_rag := _optional_text(old_actions[ref], "rag"))
        != (new_rag := _optional_text(new_actions[ref], "rag"))
    ]
    due_moved = [
        DueChange(ref, old_due, new_due)
        for ref in both
        if (old_due := _optional_text(old_actions[ref], "due"))
        != (new_due := _optional_text(new_actions[ref], "due"))
    ]
    old_measures, new_measures = (
        _keyed(old, "measures", "measure"),
        _keyed(new, "measures", "measure"),
    )
    measures = []
    for key in _natural(set(old_measures) | set(new_measures)):
        old_status = _optional_text(old_measures.get(key, {}), "status")
        new_status = _optional_text(new_measures.get(key, {}), "status")
        if old_status != new_status or (key in old_measures) != (key in new_measures):
            entry = new_measures.get(key) or old_measures[key]
            measures.append(
                MeasureChange(key, _optional_text(entry, "name") or "", old_status, new_status)
            )
    return PackDiff(
        old_period=_optional_text(old, "period"),
        new_period=_optional_text(new, "period"),
        added=tuple(_natural(set(new_actions) - set(old_actions))),
        removed=tuple(_natural(set(old_actions) - set(new_actions))),
        rerated=tuple(sorted(rerated, key=lambda change: _order(change.ref))),
        due_moved=tuple(sorted(due_moved, key=lambda change: _order(change.ref))),
        measures=tuple(measures),
    )


def format_diff(diff: PackDiff) -> str:
    """The report ``boardpack diff`` prints: a heading, the summary line, then each change.

    Every value from the packs is shown on its own line with control characters
    escaped (:func:`boardpack.terminal.one_line`), so a crafted pack cannot steer the
    terminal or forge a line.
    """
    diff = _escaped(diff)
    periods = f"{_period(diff.old_period)} to {_period(diff.new_period)}"
    lines = [f"Changes from {periods}:", diff.summary()]
    if diff.added:
        lines += ["", "Added actions:", *(f"  {ref}" for ref in diff.added)]
    if diff.removed:
        lines += ["", "Removed actions:", *(f"  {ref}" for ref in diff.removed)]
    if diff.rerated:
        lines += ["", "Re-rated actions:"]
        lines += [
            f"  {c.ref}: {c.old or 'no RAG'} -> {c.new or 'no RAG'} ({c.direction})"
            for c in diff.rerated
        ]
    if diff.due_moved:
        lines += ["", "Due dates moved:"]
        lines += [
            f"  {c.ref}: {_day(c.old)} -> {_day(c.new)}{_shift(c.old, c.new)}"
            for c in diff.due_moved
        ]
    if diff.measures:
        lines += ["", "Measure status changes:"]
        lines += [
            f"  {c.measure}{f' ({c.name})' if c.name else ''}: {_status(c.old)} -> {_status(c.new)}"
            for c in diff.measures
        ]
    return "\n".join(lines)


def _escaped(diff: PackDiff) -> PackDiff:
    def text(value: str | None) -> str | None:
        return None if value is None else one_line(value)

    return PackDiff(
        old_period=text(diff.old_period),
        new_period=text(diff.new_period),
        added=tuple(one_line(ref) for ref in diff.added),
        removed=tuple(one_line(ref) for ref in diff.removed),
        rerated=tuple(
            RagChange(one_line(c.ref), text(c.old), text(c.new), c.direction) for c in diff.rerated
        ),
        due_moved=tuple(
            DueChange(one_line(c.ref), text(c.old), text(c.new)) for c in diff.due_moved
        ),
        measures=tuple(
            MeasureChange(one_line(c.measure), one_line(c.name), text(c.old), text(c.new))
            for c in diff.measures
        ),
    )


def _keyed(
    pack: Mapping[str, object], list_key: str, id_key: str
) -> dict[str, Mapping[str, object]]:
    """The entries of ``pack[list_key]`` by their ``id_key``; a missing list is empty."""
    entries = pack.get(list_key, [])
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise BoardpackError(
            f"Not a pack: '{list_key}' should be a list, got {type(entries).__name__}"
        )
    keyed: dict[str, Mapping[str, object]] = {}
    for number, entry in enumerate(entries, start=1):
        key = _optional_text(entry, id_key) if isinstance(entry, Mapping) else None
        if key is None or not isinstance(entry, Mapping):
            raise BoardpackError(
                f"Not a pack: entry {number} of '{list_key}' should be an object with a "
                f"'{id_key}', got {one_line(_shown(entry))}"
            )
        keyed[key] = entry
    return keyed


def _shown(value: object) -> str:
    """The start of a JSON value, as the message quotes it."""
    try:
        return json.dumps(value)[:60]
    except ValueError:  # an integer too long to print
        return type(value).__name__


def _optional_text(entry: Mapping[str, object], key: str) -> str | None:
    value = entry.get(key)
    return None if value is None else str(value)


def _natural(refs: set[str]) -> list[str]:
    return sorted(refs, key=_order)


def _order(ref: str) -> tuple[tuple[int, object], ...]:
    """:func:`natural_key`, or after every ref for one it cannot read (thousands of digits)."""
    try:
        return natural_key(ref)
    except ValueError:
        return ((2, ref),)


def _direction(old: str | None, new: str | None) -> Direction:
    old_rag, new_rag = Rag.parse(old or ""), Rag.parse(new or "")
    if old_rag is None or new_rag is None:
        return "changed"
    return "improved" if new_rag > old_rag else "declined"


def _parse(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _day(iso: str | None) -> str:
    """``31 October 2019`` for an ISO date; other text as it is; ``none`` for no date."""
    if iso is None:
        return "none"
    parsed = _parse(iso)
    return long_date(parsed) if parsed else iso


def _period(iso: str | None) -> str:
    return _day(iso) if iso else "an unknown period"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _shift(old: str | None, new: str | None) -> str:
    """`` (later by 92 days)`` or `` (earlier by 3 days)`` when both are dates."""
    before, after = _parse(old), _parse(new)
    if before is None or after is None:
        return ""
    days = (after - before).days
    word = "later" if days > 0 else "earlier"
    return f" ({word} by {_plural(abs(days), 'day')})"


def _status(status: str | None) -> str:
    """``off_track`` → ``off track``; ``None`` → ``not in pack``."""
    return status.replace("_", " ") if status is not None else "not in pack"
