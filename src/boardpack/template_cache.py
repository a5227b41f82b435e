"""The templates' check, remembered while the templates and the rendering code are unchanged.

Checking trial-renders both templates; its result depends only on the template files
and on the rendering code, so both are part of the record's name. A build checks in a
forked process while it reads the workbook, applies the rules and draws the charts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from boardpack.problems import Problem

if TYPE_CHECKING:
    from boardpack.background import Background


def template_problems(templates: Path, cache_dir: Path | None = None) -> list[Problem]:
    """The templates' problems, remembered in ``cache_dir`` while the templates are unchanged."""
    from boardpack.render import check_templates

    if cache_dir is None:
        return check_templates(templates)
    record = template_record(templates, cache_dir)
    remembered = _remembered(record)
    return remembered if remembered is not None else _check_and_remember(templates, record)


def check_templates_meanwhile(
    templates: Path, cache_dir: Path | None, sources: Mapping[str, bytes] | None = None
) -> Background[list[Problem]]:
    """The templates' problems, checked in a forked process while the workbook is read,
    the rules applied and the charts drawn; they are joined before anything is filled.

    A remembered check is read at once instead (a process would cost more than it saves).
    ``sources`` maps a template's name to its bytes as already read: those are checked.
    """
    from boardpack.background import GIVE_WAY, Background

    if cache_dir is None:
        return Background(lambda: _check(templates, sources), give_way=GIVE_WAY)
    record = template_record(templates, cache_dir, sources)
    remembered = _remembered(record)
    if remembered is not None:
        return Background.done(remembered)
    return Background(lambda: _check_and_remember(templates, record, sources), give_way=GIVE_WAY)


def template_record(
    templates: Path, cache_dir: Path, sources: Mapping[str, bytes] | None = None
) -> Path:
    """Where the check of these templates (``sources``: bytes already read, by name),
    by this rendering code, is remembered."""
    import boardpack.render
    from boardpack.render import TEMPLATE_NAMES

    def content(path: Path) -> bytes:
        return path.read_bytes() if path.is_file() else b"missing"

    key = hashlib.sha256()
    code = sorted(Path(boardpack.render.__file__).parent.glob("*.py"))
    for path in code:
        key.update(path.name.encode() + b"\0" + content(path))
    for name in TEMPLATE_NAMES:
        data = (sources or {}).get(name)
        key.update(name.encode() + b"\0")
        key.update(content(templates / name) if data is None else data)
    return cache_dir / f"templates-{key.hexdigest()}.json"


def _check_and_remember(
    templates: Path, record: Path, sources: Mapping[str, bytes] | None = None
) -> list[Problem]:
    """Check the templates and keep the result in ``record`` (if the cache can be written)."""

    problems = _check(templates, sources)
    staged = record.with_suffix(f".{os.getpid()}.tmp")
    try:
        record.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        staged.write_text(json.dumps([p.to_json() for p in problems]), encoding="utf-8")
        os.replace(staged, record)
    except OSError:  # the cache only saves time: a build never fails for want of it
        with contextlib.suppress(OSError):
            staged.unlink(missing_ok=True)
    return problems


def _check(templates: Path, sources: Mapping[str, bytes] | None) -> list[Problem]:
    """The templates' problems, from the bytes already read when there are any."""
    from boardpack.render import check_templates

    return check_templates(templates, sources) if sources else check_templates(templates)


def _remembered(record: Path) -> list[Problem] | None:
    """The problems a record holds; ``None`` for no record, or a damaged one."""
    try:
        return [Problem(**item) for item in json.loads(record.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None
