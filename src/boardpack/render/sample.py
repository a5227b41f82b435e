"""Small packs that between them reach every branch of the templates.

``check_templates`` fills each template with every pack of :func:`sample_packs`, so
that a misspelt variable is found wherever it sits, even in a section the real
workbook leaves out this quarter (no rating conflicts, say, or no Red actions).

Each pack is a small :class:`Plan`, as officers might type it, run through the rules
(:func:`boardpack.rules.derive`): what the templates see of movement, overdue, slipped,
counts and measures is worked out as in a real build, never restated here. Its charts
are those :func:`boardpack.charts.pack.pack_specs` gives for it, each with a tiny
placeholder picture rather than a drawing (no matplotlib).

- :func:`sample_plan` has one of everything: Red and Amber exceptions with and
  without a revised date, overdue and due-soon actions, a rating that differs from
  the one the rules suggest, an unrated action, actions that improved, declined, kept
  their rating or are new, slipped actions, one due before the meeting and with every
  optional text column of ``Actions`` filled (an owner, say),
  every committee field, a measure charted under two areas and one without data, a
  glossary, and so every chart;
- :func:`quiet_plan` has the other side of every condition: a first update with
  nothing to compare, nothing Red, Amber, overdue or due soon, no measure with data,
  an area without outcomes, no introduction, purpose, recommendations, lead officer,
  cabinet member, committee fields (so the statutory comments show as not received)
  or glossary.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from boardpack.charts.pack import pack_specs
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
from boardpack.rules import derive
from boardpack.status import Chart, PackStatus
from boardpack.workbook.schema import ACTIONS

AS_AT = date(2019, 10, 31)
PREVIOUS = date(2019, 6, 30)
SOURCE = Path("sample.xlsx")


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


def _update(period: date, ref: str, rag: Rag, revised: date | None = None) -> Update:
    """An update in two paragraphs, with a reason and a recovery."""
    progress = f"Progress to {period.isoformat()}.\nMore progress."
    return Update(period, ref, rag, progress, "Reason.", "Recovery.", revised)


def _every_text(action: Action) -> Action:
    """``action`` with each optional text column of ``Actions`` filled (with its header),
    so that a template's ``{% if a.owner %}``, or the like for a column added later, is
    reached on its filled side; the quiet plan leaves them all empty."""
    empty = [c for c in ACTIONS.columns if c.kind == "text" and not c.required]
    filled: dict[str, Any] = {c.field: c.header for c in empty}
    return replace(action, **filled)


def sample_plan() -> Plan:
    """A plan with one of everything a template can show (see the module's notes)."""
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
    return Plan(
        source=SOURCE,
        report=report,
        rag_key=dict(DEFAULT_RAG_KEY),
        areas=[
            Area("1", "Area", outcomes=["Outcome."], summary="Summary for the CIB."),
            Area("2", "Area without measures", outcomes=["Outcome."]),
        ],
        actions=[
            # Red, declined, slipped to after the meeting
            Action("1.1", "1", "Action.\nSecond paragraph.", "By April 2019.", date(2019, 4, 30)),
            # Amber, declined, due before the meeting, with every optional text filled
            _every_text(Action("1.2", "1", "Action.", "By 10 November 2019.")),
            # Amber, kept, slipped to within the due-soon window
            Action("1.3", "1", "Action.", "By June 2019."),
            # Green but long overdue: the rules suggest another rating
            Action("2.1", "2", "Action.", "By May 2019."),
            # Blue, improved
            Action("2.2", "2", "Action.", "Completed."),
            # no update: not rated
            Action("2.3", "2", "Action.", "Ongoing."),
            # Green, new this period
            Action("2.4", "2", "Action.", "By March 2020."),
        ],
        updates=[
            _update(PREVIOUS, "1.1", Rag.AMBER),
            _update(PREVIOUS, "1.2", Rag.GREEN),
            _update(PREVIOUS, "1.3", Rag.AMBER),
            _update(PREVIOUS, "2.1", Rag.GREEN),
            _update(PREVIOUS, "2.2", Rag.GREEN),
            _update(AS_AT, "1.1", Rag.RED, revised=date(2020, 1, 31)),
            _update(AS_AT, "1.2", Rag.AMBER),
            _update(AS_AT, "1.3", Rag.AMBER, revised=date(2019, 12, 31)),
            _update(AS_AT, "2.1", Rag.GREEN),
            _update(AS_AT, "2.2", Rag.BLUE),
            _update(AS_AT, "2.4", Rag.GREEN),
        ],
        measures=[
            Measure("M1", "Measure", action_refs=["1.1", "2.1"]),
            Measure("M2", "Measure without data", action_refs=["1.2"]),
        ],
        measure_values=[
            MeasureValue("M1", PREVIOUS, "Actual", 40.0),
            MeasureValue("M1", AS_AT, "Actual", 60.0),
            MeasureValue("M1", date(2019, 9, 30), "Target", 85.0),
        ],
        glossary=[GlossaryEntry("CIB", "Children's Improvement Board")],
    )


def quiet_plan() -> Plan:
    """A first update with nothing to report: the other side of every condition."""
    return Plan(
        source=SOURCE,
        report=Report(organisation="Council", title="Action plan", as_at=AS_AT),
        rag_key=dict(DEFAULT_RAG_KEY),
        areas=[Area("1", "Area")],
        actions=[Action("1.1", "1", "Action.", "By December 2020.")],
        updates=[_update(AS_AT, "1.1", Rag.GREEN)],
        measures=[Measure("M1", "Measure without data", action_refs=["1.1"])],
    )


def placeholder_charts(status: PackStatus) -> list[Chart]:
    """The charts a build would draw for ``status``, each a tiny placeholder picture."""
    png = solid_png(4, 3)
    return [
        Chart(
            spec.name, spec.title, spec.alt_text, png, spec.width_cm, spec.measure_id, spec.area_ids
        )
        for spec in pack_specs(status)
    ]


def sample_status() -> PackStatus:
    """:func:`sample_plan` as the rules judge it."""
    return derive(sample_plan())


def sample_charts() -> list[Chart]:
    """Every chart a pack can have: those of :func:`sample_status`."""
    return placeholder_charts(sample_status())


def quiet_status() -> PackStatus:
    """:func:`quiet_plan` as the rules judge it."""
    return derive(quiet_plan())


def quiet_charts() -> list[Chart]:
    """The charts every pack has: those of :func:`quiet_status`."""
    return placeholder_charts(quiet_status())


def sample_packs() -> list[tuple[PackStatus, list[Chart]]]:
    """Packs that between them reach both sides of every condition in the templates."""
    packs = []
    for plan in (sample_plan(), quiet_plan()):
        status = derive(plan)
        packs.append((status, placeholder_charts(status)))
    return packs
