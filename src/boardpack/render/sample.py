"""A small pack with one of everything, to try a template before real data arrives.

``check_templates`` renders each template against it so that a misspelt variable
is found even when the workbook has, say, no Red actions.
"""

from __future__ import annotations

import struct
import zlib
from datetime import date
from pathlib import Path

from boardpack.model import (
    DEFAULT_RAG_KEY,
    Action,
    Area,
    GlossaryEntry,
    Measure,
    Plan,
    Rag,
    Report,
    Update,
)
from boardpack.status import (
    ActionStatus,
    AreaStatus,
    Chart,
    MeasurePoint,
    MeasureStatus,
    PackStatus,
    PeriodCounts,
    Timescale,
)


def solid_png(width: int, height: int, rgb: tuple[int, int, int] = (31, 56, 100)) -> bytes:
    """A valid PNG of one colour, made without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def _status(
    action: Action, rag: Rag, before: Rag, period: date, *, overdue: bool, soon: bool
) -> ActionStatus:
    update = Update(period, action.ref, rag, "Progress.\nMore progress.", "Reason.", "Recovery.")
    return ActionStatus(
        action=action,
        update=update,
        previous_update=None,
        rag=rag,
        previous_rag=before,
        movement="declined" if rag < before else "improved" if rag > before else "unchanged",
        due=action.due,
        original_due=action.due,
        timescale=Timescale(due=action.due, source="sample"),
        overdue=overdue,
        days_overdue=10 if overdue else 0,
        due_soon=soon,
        stale=False,
        suggested_rag=rag,
    )


def sample_status() -> PackStatus:
    """A pack with an area, a Red overdue action, an Amber due-soon one and a measure."""
    as_at, previous = date(2019, 10, 31), date(2019, 6, 30)
    report = Report(
        organisation="Council",
        title="Action plan",
        as_at=as_at,
        meeting="Cabinet",
        meeting_date=date(2019, 11, 12),
        lead_officer="Director",
        cabinet_member="Member",
        introduction="Introduction.\nSecond paragraph.",
        purpose="Purpose.",
        recommendations=["Note the report."],
        fields={"Organisation": "Council", "Title": "Action plan"},
    )
    area = Area("1", "Area", outcomes=["Outcome."], summary="Summary.")
    first = Action("1.1", "1", "Action.\nSecond paragraph.", "By April 2019.", date(2019, 4, 30))
    second = Action("1.2", "1", "Action.", "By December 2019.", date(2019, 12, 31))
    actions = [
        _status(first, Rag.RED, Rag.AMBER, as_at, overdue=True, soon=False),
        _status(second, Rag.AMBER, Rag.GREEN, as_at, overdue=False, soon=True),
    ]
    counts = {"Blue": 0, "Green": 0, "Amber": 1, "Red": 1}
    measure = Measure("M1", "Measure", action_refs=["1.1"])
    plan = Plan(
        source=Path("sample.xlsx"),
        report=report,
        rag_key=dict(DEFAULT_RAG_KEY),
        areas=[area],
        actions=[first, second],
        updates=[a.update for a in actions if a.update],
        measures=[measure],
        glossary=[GlossaryEntry("CIB", "Children's Improvement Board")],
    )
    return PackStatus(
        plan=plan,
        as_at=as_at,
        as_at_source="Report!B4",
        period=as_at,
        previous_period=previous,
        periods=[previous, as_at],
        problems=[],
        summary=counts,
        areas=[AreaStatus(area, Rag.RED, counts, actions)],
        actions=actions,
        measures=[
            MeasureStatus(
                measure,
                [],
                MeasurePoint(as_at, 60.0),
                MeasurePoint(date(2019, 12, 31), 85.0),
                MeasurePoint(date(2019, 9, 30), 60.0),
                "met",
            )
        ],
        period_counts=[PeriodCounts(previous, counts), PeriodCounts(as_at, counts)],
    )


def sample_charts() -> list[Chart]:
    png = solid_png(4, 3)
    return [
        Chart("rag-by-area", "RAG by area", "A chart.", png, 12.0),
        Chart("rag-by-period", "RAG by period", "A chart.", png, 12.0),
        Chart("measure-M1", "Measure", "A chart.", png, 12.0, "M1", ("1",)),
    ]
