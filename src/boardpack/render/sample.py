"""Small packs that between them reach every branch of the templates.

``check_templates`` fills each template with every pack of :func:`sample_packs`, so
that a misspelt variable is found wherever it sits, even in a section the real
workbook leaves out this quarter (no rating conflicts, say, or no Red actions):

- :func:`sample_status` has one of everything: Red and Amber exceptions with and
  without a revised date, overdue and due-soon actions, a rating that differs from
  the one the rules suggest, an unrated action, actions that improved, declined, kept
  or are new, slipped actions, one due before the meeting, an owner, every committee
  field, a measure charted under two areas and one without data, a glossary, and
  every chart;
- :func:`quiet_status` has the other side of every condition: a first update with
  nothing to compare, nothing Red, Amber, overdue or due soon, no measure with data,
  an area without outcomes, no introduction, purpose, recommendations, lead officer,
  cabinet member, committee fields (so the statutory comments show as not received)
  or glossary.
"""

from __future__ import annotations

import struct
import zlib
from datetime import date
from pathlib import Path

from boardpack.charts.specs import AREA_CHART, KEY_MEASURES_CHART, PERIOD_CHART
from boardpack.model import (
    DEFAULT_RAG_KEY,
    Action,
    Area,
    GlossaryEntry,
    Measure,
    MeasureValue,
    Plan,
    Rag,
    Report,
    Update,
)
from boardpack.rules.rag import area_status
from boardpack.status import (
    ActionStatus,
    AreaStatus,
    Chart,
    MeasurePoint,
    MeasureStatus,
    Movement,
    PackStatus,
    PeriodCounts,
    RagCounts,
    Timescale,
    empty_counts,
)

AS_AT = date(2019, 10, 31)
PREVIOUS = date(2019, 6, 30)


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


def _movement(rag: Rag | None, before: Rag | None) -> Movement:
    if rag is None or before is None:
        return "new"
    return "declined" if rag < before else "improved" if rag > before else "unchanged"


def _status(
    action: Action,
    rag: Rag | None,
    before: Rag | None,
    *,
    revised: date | None = None,
    overdue: bool = False,
    soon: bool = False,
    suggested: Rag | None = None,
    before_meeting: bool = False,
) -> ActionStatus:
    update = (
        Update(AS_AT, action.ref, rag, "Progress.\nMore progress.", "Reason.", "Recovery.", revised)
        if rag is not None
        else None
    )
    slipped = bool(revised and action.due and revised > action.due)
    return ActionStatus(
        action=action,
        update=update,
        previous_update=None,
        rag=rag,
        previous_rag=before,
        movement=_movement(rag, before),
        due=revised or action.due,
        original_due=action.due,
        timescale=Timescale(due=action.due, source="sample"),
        overdue=overdue,
        days_overdue=10 if overdue else 0,
        due_soon=soon,
        stale=False,
        suggested_rag=suggested or rag,
        slipped=slipped,
        days_slipped=(revised - action.due).days if slipped and revised and action.due else 0,
        due_before_meeting=before_meeting,
        flags=["rag_conflict"] if suggested not in (None, rag) else [],
    )


def _counts(actions: list[ActionStatus]) -> RagCounts:
    counts = empty_counts()
    for item in actions:
        if item.rag is not None:
            counts[item.rag.word] += 1
    return counts


def _area(area: Area, actions: list[ActionStatus]) -> AreaStatus:
    return area_status(area, [a for a in actions if a.action.area == area.id])


def sample_status() -> PackStatus:
    """A pack with one of everything a template can show (see the module's notes)."""
    report = Report(
        organisation="Council",
        title="Action plan",
        as_at=AS_AT,
        meeting="Cabinet",
        meeting_date=date(2019, 11, 12),
        service="Service",
        lead_officer="Director",
        cabinet_member="Member",
        classification="OFFICIAL",
        introduction="Introduction.\nSecond paragraph.",
        purpose="Purpose.",
        recommendations=["Note the report."],
        report_number="Item 1",
        report_authorised_by="Director",
        contact="Officer\nofficer@example.org",
        wards="All",
        key_decision=True,
        reasons_for_decision="Reasons.",
        alternative_options="None.",
        strategic_outcomes="Outcomes.",
        finance_comments="Finance.",
        legal_comments="Legal.",
        equalities_comments="Equalities.",
        background_papers=["Paper."],
        fields={"Organisation": "Council", "Title": "Action plan"},
    )
    measured = Area("1", "Area", outcomes=["Outcome."], summary="Summary for the CIB.")
    unmeasured = Area("2", "Area without measures", outcomes=["Outcome."])
    red = Action("1.1", "1", "Action.\nSecond paragraph.", "By April 2019.", date(2019, 4, 30))
    amber = Action(
        "1.2", "1", "Action.", "By November 2019.", date(2019, 11, 10), owner="Head of service"
    )
    late_amber = Action("1.3", "1", "Action.", "By June 2019.", date(2019, 6, 30))
    conflict = Action("2.1", "2", "Action.", "By May 2019.", date(2019, 5, 31))
    blue = Action("2.2", "2", "Action.", "Completed.")
    unrated = Action("2.3", "2", "Action.", "Ongoing.")
    actions = [
        _status(red, Rag.RED, Rag.AMBER, revised=date(2020, 1, 31), overdue=True),
        _status(amber, Rag.AMBER, Rag.GREEN, soon=True, before_meeting=True),
        _status(late_amber, Rag.AMBER, Rag.AMBER, revised=date(2019, 12, 31), soon=True),
        _status(conflict, Rag.GREEN, Rag.GREEN, overdue=True, suggested=Rag.AMBER),
        _status(blue, Rag.BLUE, None),
        _status(unrated, None, None),
    ]
    measure = Measure("M1", "Measure", action_refs=["1.1", "2.1"])
    waiting = Measure("M2", "Measure without data", action_refs=["1.2"])
    values = [
        MeasureValue("M1", PREVIOUS, "Actual", 40.0),
        MeasureValue("M1", AS_AT, "Actual", 60.0),
        MeasureValue("M1", date(2019, 12, 31), "Target", 85.0),
    ]
    plan = Plan(
        source=Path("sample.xlsx"),
        report=report,
        rag_key=dict(DEFAULT_RAG_KEY),
        areas=[measured, unmeasured],
        actions=[a.action for a in actions],
        updates=[a.update for a in actions if a.update],
        measures=[measure, waiting],
        measure_values=values,
        glossary=[GlossaryEntry("CIB", "Children's Improvement Board")],
    )
    counts = _counts(actions)
    return PackStatus(
        plan=plan,
        as_at=AS_AT,
        as_at_source="Report!B4",
        period=AS_AT,
        previous_period=PREVIOUS,
        periods=[PREVIOUS, AS_AT],
        problems=[],
        summary=counts,
        areas=[_area(measured, actions), _area(unmeasured, actions)],
        actions=actions,
        measures=[
            MeasureStatus(
                measure,
                values,
                MeasurePoint(AS_AT, 60.0),
                MeasurePoint(date(2019, 12, 31), 85.0),
                None,
                "off_track",
            ),
            MeasureStatus(waiting, [], None, None, None, "no_data"),
        ],
        period_counts=[PeriodCounts(PREVIOUS, counts), PeriodCounts(AS_AT, counts)],
    )


def sample_charts() -> list[Chart]:
    """Every chart a pack can have, for :func:`sample_status`."""
    png = solid_png(4, 3)
    return [
        Chart(PERIOD_CHART, "RAG by period", "A chart.", png, 16.0),
        Chart(AREA_CHART, "RAG by area", "A chart.", png, 16.0),
        Chart(KEY_MEASURES_CHART, "Key measures against target", "A chart.", png, 16.0),
        Chart("measure-M1", "Measure", "A chart.", png, 16.0, "M1", ("1", "2")),
    ]


def quiet_status() -> PackStatus:
    """A first update with nothing to report: the other side of every condition."""
    report = Report(organisation="Council", title="Action plan", as_at=AS_AT)
    area = Area("1", "Area")
    action = Action("1.1", "1", "Action.", "By December 2020.", date(2020, 12, 31))
    actions = [_status(action, Rag.GREEN, None)]
    waiting = Measure("M1", "Measure without data", action_refs=["1.1"])
    plan = Plan(
        source=Path("sample.xlsx"),
        report=report,
        rag_key=dict(DEFAULT_RAG_KEY),
        areas=[area],
        actions=[action],
        updates=[a.update for a in actions if a.update],
        measures=[waiting],
    )
    counts = _counts(actions)
    return PackStatus(
        plan=plan,
        as_at=AS_AT,
        as_at_source="Report!B4",
        period=AS_AT,
        previous_period=None,
        periods=[AS_AT],
        problems=[],
        summary=counts,
        areas=[_area(area, actions)],
        actions=actions,
        measures=[MeasureStatus(waiting, [], None, None, None, "no_data")],
        period_counts=[PeriodCounts(AS_AT, counts)],
    )


def quiet_charts() -> list[Chart]:
    """The charts every pack has, for :func:`quiet_status`."""
    png = solid_png(4, 3)
    return [
        Chart(PERIOD_CHART, "RAG by period", "A chart.", png, 16.0),
        Chart(AREA_CHART, "RAG by area", "A chart.", png, 16.0),
    ]


def sample_packs() -> list[tuple[PackStatus, list[Chart]]]:
    """Packs that between them reach both sides of every condition in the templates."""
    return [(sample_status(), sample_charts()), (quiet_status(), quiet_charts())]
