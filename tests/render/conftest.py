"""A small Haringey-like pack, built directly from the model, for the document tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

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
from boardpack.render import render_documents
from boardpack.rules.rag import area_status
from boardpack.status import (
    ActionStatus,
    Chart,
    MeasurePoint,
    MeasureStatus,
    Movement,
    PackStatus,
    PeriodCounts,
    Timescale,
    empty_counts,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: the width charts are drawn at (boardpack.charts.style.WIDTH_CM)
CHART_CM = 16.0
AS_AT = date(2019, 10, 31)
PREVIOUS = date(2019, 6, 30)

HOSTILE = (
    "{{ 7*7 }}",
    "{% if x %}",
    "<b>&amp;</b>",
    "{_{ x }_}",
    'He said "don\'t" & left',
    "Progress 👍🏽 made",
    "مرحبا بالعالم",
    "{# note #}",
)


def chart_png(label: str, values: list[float]) -> bytes:
    """A small bar chart, drawn the same way every time."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 2.6), dpi=80)
    axes.bar([str(i + 1) for i in range(len(values))], values, color="#1F3864")
    axes.set_title(label)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def _action_status(
    action: Action,
    rag: Rag | None,
    before: Rag | None,
    progress: str,
    *,
    reason: str = "",
    recovery: str = "",
    revised: date | None = None,
    overdue: int = 0,
    due_soon: bool = False,
    stale: bool = False,
    suggested: Rag | None = None,
) -> ActionStatus:
    period = PREVIOUS if stale else AS_AT
    update = (
        Update(period, action.ref, rag, progress, reason, recovery, revised)
        if rag is not None
        else None
    )
    movement: Movement
    if rag is None or before is None:
        movement = "new"
    elif rag > before:
        movement = "improved"
    elif rag < before:
        movement = "declined"
    else:
        movement = "unchanged"
    slipped = bool(revised and action.due and revised > action.due)
    return ActionStatus(
        action=action,
        update=update,
        previous_update=None,
        rag=rag,
        previous_rag=before,
        movement=movement,
        slipped=slipped,
        days_slipped=(revised - action.due).days if revised and action.due and slipped else 0,
        due=revised or action.due,
        original_due=action.due,
        timescale=Timescale(due=action.due, source="test"),
        overdue=overdue > 0,
        days_overdue=overdue,
        due_soon=due_soon,
        stale=stale,
        suggested_rag=suggested or rag,
        flags=["rag_conflict"] if suggested not in (None, rag) else [],
    )


def build_status(texts: dict[str, str] | None = None) -> PackStatus:
    """Three areas, seven actions: Blue, Green, Amber, Red, overdue, due soon, stale.

    ``texts`` replaces chosen text fields (``progress-1.2``, ``title``, ...) to
    try hostile workbook text.
    """
    t = {
        "title": "Children's Services Ofsted Action Plan: progress update",
        "introduction": (
            "The Ofsted inspection of Children's Social Care Services was completed on "
            "9 November 2018.\nThis report updates members on progress against the "
            "nine areas for improvement."
        ),
        "progress-1.2": (
            "Suite of assessment tools designed and available to practitioners.\n"
            "This will be further embedded through the launch of the Academy."
        ),
        "outcome-1": "Assessments are of the highest quality",
        "reason-2.1": "Recruitment to the auditor posts has taken longer than planned.",
        **(texts or {}),
    }
    report = Report(
        organisation="Haringey Council",
        title=t["title"],
        as_at=AS_AT,
        meeting="Cabinet",
        meeting_date=date(2019, 11, 12),
        service="Children's Services",
        lead_officer="Director of Children's Services",
        cabinet_member="Cabinet Member for Children, Families and Education",
        classification="OFFICIAL",
        introduction=t["introduction"],
        purpose="To update the cabinet member on progress against the Ofsted action plan.",
        recommendations=["Note the progress made.", "Agree the recovery plans for Red actions."],
        fields={"Organisation": "Haringey Council", "Ward": "All wards"},
    )
    areas = [
        Area("1", "Assessments of children's needs", [t["outcome-1"], "Plans reflect needs"]),
        Area("2", "Child focussed plans", ["All plans focus on the child"], summary="Two late."),
        Area("3", "Quality of case recording", ["Recording is timely"]),
    ]
    a = {
        "1.1": Action("1.1", "1", "Managers ensure the child's plan is current.", "Ongoing."),
        "1.2": Action(
            "1.2",
            "1",
            "Assessment tools in place.\nStaff are trained on their use.",
            "At least 60% by Sept 2019.\n85% by Dec 2019.",
            date(2019, 12, 31),
        ),
        "1.10": Action(
            "1.10", "1", "Refocused business support.", "By June 2019.", date(2019, 6, 30)
        ),
        "2.1": Action("2.1", "2", "Audits show improvement.", "By April 2019.", date(2019, 4, 30)),
        "2.2": Action("2.2", "2", "All staff aware of standards.", "Completed."),
        "3.1": Action(
            "3.1", "3", "Supervision in line with policy.", "By Dec 2019.", date(2019, 12, 31)
        ),
        "3.2": Action("3.2", "3", "Weekly reports evidence oversight.", "Quarterly."),
    }
    statuses = {
        "1.1": _action_status(a["1.1"], Rag.BLUE, Rag.GREEN, "Completed and monitored."),
        "1.2": _action_status(a["1.2"], Rag.GREEN, Rag.GREEN, t["progress-1.2"], due_soon=True),
        "1.10": _action_status(
            a["1.10"],
            Rag.AMBER,
            Rag.GREEN,
            "On target to be delivered by December 2019.",
            reason="Staff changes delayed the review.",
            recovery="Review restarted; report to the board in December.",
            revised=date(2019, 12, 31),
            due_soon=True,
        ),
        "2.1": _action_status(
            a["2.1"],
            Rag.RED,
            Rag.AMBER,
            "Audit programme behind schedule.",
            reason=t["reason-2.1"],
            recovery="Interim auditors appointed.\nMonthly checks by the Director.",
            revised=date(2020, 1, 31),
            overdue=184,
        ),
        "2.2": _action_status(
            a["2.2"],
            Rag.GREEN,
            None,
            "Evidence gathered.",
            stale=True,
            overdue=30,
            suggested=Rag.AMBER,
        ),
        "3.1": _action_status(a["3.1"], Rag.GREEN, Rag.AMBER, "Policy in place.", due_soon=True),
        "3.2": _action_status(a["3.2"], Rag.BLUE, Rag.BLUE, "Embedded as business as usual."),
    }
    actions = [statuses[ref] for ref in ("1.1", "1.2", "1.10", "2.1", "2.2", "3.1", "3.2")]

    def counts(items: list[ActionStatus]) -> dict[str, int]:
        result = empty_counts()
        for item in items:
            if item.rag is not None:
                result[item.rag.word] += 1
        return result

    area_statuses = [
        area_status(area, [s for s in actions if s.action.area == area.id]) for area in areas
    ]
    measure = Measure("M1", "Assessments rated good or better", "%", "higher", ["1.2"])
    values = [
        MeasureValue("M1", date(2019, 1, 31), "Baseline", 35),
        MeasureValue("M1", AS_AT, "Actual", 87),
        MeasureValue("M1", date(2019, 9, 30), "Target", 60),
        MeasureValue("M1", date(2019, 12, 31), "Target", 85),
    ]
    plan = Plan(
        source=Path("master.xlsx"),
        report=report,
        rag_key=dict(DEFAULT_RAG_KEY),
        areas=areas,
        actions=list(a.values()),
        updates=[s.update for s in actions if s.update],
        measures=[measure],
        measure_values=values,
        glossary=[
            GlossaryEntry("IRO", "Independent reviewing officer"),
            GlossaryEntry("MASH", "Multi-Agency Safeguarding Hub"),
        ],
    )
    return PackStatus(
        plan=plan,
        as_at=AS_AT,
        as_at_source="Report!B4",
        period=AS_AT,
        previous_period=PREVIOUS,
        periods=[PREVIOUS, AS_AT],
        problems=[],
        summary=counts(actions),
        areas=area_statuses,
        actions=actions,
        measures=[
            MeasureStatus(
                measure,
                values,
                MeasurePoint(AS_AT, 87),
                MeasurePoint(date(2019, 12, 31), 85),
                MeasurePoint(date(2019, 9, 30), 60),
                "met",
            )
        ],
        period_counts=[
            PeriodCounts(PREVIOUS, {"Blue": 1, "Green": 3, "Amber": 2, "Red": 0}),
            PeriodCounts(AS_AT, counts(actions)),
        ],
    )


def build_charts() -> list[Chart]:
    return [
        Chart(
            "rag-by-area",
            "RAG ratings by area",
            "Bar chart of RAG ratings by area: area 1 has 1 Blue, 1 Green, 1 Amber; "
            "area 2 has 1 Green, 1 Red; area 3 has 1 Blue, 1 Green.",
            chart_png("RAG ratings by area", [3, 2, 2]),
            CHART_CM,
        ),
        Chart(
            "rag-by-period",
            "RAG ratings by reporting period",
            "Chart of RAG counts: June 2019 1 Blue, 3 Green, 2 Amber; October 2019 "
            "2 Blue, 3 Green, 1 Amber, 1 Red.",
            chart_png("RAG ratings by period", [6, 7]),
            CHART_CM,
        ),
        Chart(
            "key-measures",
            "Key measures against target",
            "Bar chart of key measures against target at 31 October 2019: assessments rated "
            "good or better 87% against a target of 85% by December 2019, target met.",
            chart_png("Key measures against target", [87]),
            CHART_CM,
        ),
        Chart(
            "measure-M1",
            "Assessments rated good or better",
            "Line chart of assessments rated good or better: 35% in January 2019, 87% in "
            "October 2019, against targets of 60% by September and 85% by December 2019.",
            chart_png("Assessments rated good or better (%)", [35, 87]),
            CHART_CM,
            "M1",
            ("1",),
        ),
    ]


@pytest.fixture(scope="session")
def status() -> PackStatus:
    return build_status()


@pytest.fixture(scope="session")
def charts() -> list[Chart]:
    return build_charts()


@pytest.fixture(scope="session")
def rendered(status: PackStatus, charts: list[Chart]) -> dict[str, bytes]:
    return render_documents(status, charts, TEMPLATES)


@pytest.fixture
def render() -> Callable[[PackStatus], dict[str, bytes]]:
    def run(status: PackStatus) -> dict[str, bytes]:
        return render_documents(status, build_charts(), TEMPLATES)

    return run
