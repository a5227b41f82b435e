"""Pack statuses built directly from model objects, for the chart tests.

``haringey`` resembles the Haringey plan: nine areas, three reporting periods and
three measures, one of them the audit measure (baselines 47% and 35%, targets 60%
and 85%, actual 87%).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from boardpack.model import (
    DEFAULT_RAG_KEY,
    Action,
    Area,
    Measure,
    MeasureValue,
    Plan,
    Report,
)
from boardpack.status import (
    AreaStatus,
    MeasurePoint,
    MeasureState,
    MeasureStatus,
    PackStatus,
    PeriodCounts,
    RagCounts,
)

AS_AT = date(2019, 10, 31)

HARINGEY_AREAS = [
    ("1", "Assessments of children's needs when their circumstances change, in order to "
          "inform plans", (5, 4, 1, 0)),
    ("2", "Child focussed plans, particularly in the disabled children's team, where the "
          "understanding of thresholds when risk escalates also needs to improve", (3, 2, 0, 0)),
    ("3", "The quality and timeliness of case recording including the recording of "
          "management decision making", (2, 3, 1, 0)),
    ("4", "Timely and effective permanence planning for all children in care, including "
          "effective challenge brought by independent reviewing officers (IRO)", (4, 4, 1, 1)),
    ("5", "Placement sufficiency for vulnerable adolescents", (1, 3, 1, 0)),
    ("6", "The quality of audits to inform practice and drive practice improvements",
     (3, 1, 0, 0)),
    ("7", "The strategic partnership response to criminally exploited children", (2, 3, 0, 1)),
    ("8", "The offer and take up of return home interviews (RHIs) and subsequent use of "
          "intelligence to inform individual children's plans", (1, 4, 1, 0)),
    ("9", "Pathways to private fostering", (2, 2, 0, 0)),
]  # fmt: skip

HARINGEY_PERIODS = [
    (date(2019, 3, 31), (10, 38, 6, 2)),
    (date(2019, 6, 30), (16, 34, 4, 2)),
    (date(2019, 10, 31), (23, 26, 5, 2)),
]


def counts(blue: int = 0, green: int = 0, amber: int = 0, red: int = 0) -> RagCounts:
    return {"Blue": blue, "Green": green, "Amber": amber, "Red": red}


@dataclass
class MeasureCase:
    """A measure, its data points as (date, kind, value), and the judged state."""

    id: str
    name: str
    unit: str = "%"
    better: str = "higher"
    action_refs: list[str] = field(default_factory=list)
    points: list[tuple[date, str, float]] = field(default_factory=list)
    state: MeasureState = "no_data"


AUDITS = MeasureCase(
    "M1",
    "Audits of assessments rated good or better",
    action_refs=["1.4", "1.8"],
    points=[
        (date(2018, 10, 31), "Baseline", 47),
        (date(2019, 1, 31), "Baseline", 35),
        (date(2019, 9, 30), "Target", 60),
        (date(2019, 10, 31), "Actual", 87),
        (date(2019, 12, 31), "Target", 85),
    ],
    state="met",
)
RETURN_INTERVIEWS = MeasureCase(
    "M2",
    "Return home interviews offered within 72 hours of a child returning from a missing "
    "episode, as a share of all episodes reported to the service in the month",
    action_refs=["8.2"],
    points=[
        (date(2019, 3, 31), "Actual", 52),
        (date(2019, 6, 30), "Actual", 61),
        (date(2019, 9, 30), "Actual", 58),
        (date(2019, 12, 31), "Target", 75),
    ],
    state="no_target",
)
DAYS_TO_DECISION = MeasureCase(
    "M3",
    "Average working days from referral to assessment decision",
    unit="days",
    better="lower",
    action_refs=["1.5", "3.2"],
    points=[
        (date(2018, 12, 31), "Baseline", 38),
        (date(2019, 3, 31), "Actual", 31),
        (date(2019, 6, 30), "Actual", 27),
        (date(2019, 9, 30), "Actual", 24),
        (date(2019, 9, 30), "Target", 25),
    ],
    state="met",
)


def make_status(
    areas: Sequence[tuple[str, str, tuple[int, int, int, int]]] = HARINGEY_AREAS,
    periods: Sequence[tuple[date, tuple[int, int, int, int]]] = HARINGEY_PERIODS,
    measures: Sequence[MeasureCase] = (AUDITS, RETURN_INTERVIEWS, DAYS_TO_DECISION),
    as_at: date = AS_AT,
) -> PackStatus:
    """A PackStatus with the given area counts, period counts and measures.

    Area counts and period counts are (Blue, Green, Amber, Red); each area gets as many
    actions (``<area>.1``, ``<area>.2``, ...) as its counts add up to.
    """
    plan_areas = [Area(id=area_id, title=title) for area_id, title, _ in areas]
    actions = [
        Action(ref=f"{area_id}.{n}", area=area_id, text=f"Action {area_id}.{n}", target="")
        for area_id, _, rags in areas
        for n in range(1, sum(rags) + 1)
    ]
    measure_models = []
    measure_values = []
    measure_statuses = []
    for case in measures:
        measure = Measure(
            id=case.id, name=case.name, unit=case.unit, better=case.better,
            action_refs=list(case.action_refs),
        )  # fmt: skip
        values = [
            MeasureValue(measure=case.id, date=when, kind=kind, value=value)
            for when, kind, value in sorted(case.points, key=lambda p: p[0])
        ]
        actuals = [v for v in values if v.kind == "Actual" and v.date <= as_at]
        targets = [v for v in values if v.kind == "Target"]
        due = [t for t in targets if t.date <= as_at]
        ahead = [t for t in targets if t.date >= as_at]
        next_target = ahead[0] if ahead else (targets[-1] if targets else None)
        measure_models.append(measure)
        measure_values.extend(values)
        measure_statuses.append(
            MeasureStatus(
                measure=measure,
                values=values,
                latest=MeasurePoint(actuals[-1].date, actuals[-1].value) if actuals else None,
                next_target=MeasurePoint(next_target.date, next_target.value)
                if next_target
                else None,
                judged_target=MeasurePoint(due[-1].date, due[-1].value) if due else None,
                status=case.state,
            )
        )
    plan = Plan(
        source=Path("master.xlsx"),
        report=Report(organisation="Haringey Council", title="Ofsted action plan", as_at=as_at),
        rag_key=dict(DEFAULT_RAG_KEY),
        areas=plan_areas,
        actions=actions,
        updates=[],
        measures=measure_models,
        measure_values=measure_values,
    )
    area_statuses = [
        AreaStatus(area=area, rag=None, counts=counts(*rags), actions=[])
        for area, (_, _, rags) in zip(plan_areas, areas, strict=True)
    ]
    period_counts = [PeriodCounts(period=p, counts=counts(*rags)) for p, rags in periods]
    summary = counts(*periods[-1][1]) if periods else counts()
    period_dates = [p for p, _ in periods]
    return PackStatus(
        plan=plan,
        as_at=as_at,
        as_at_source="Report!B4",
        period=period_dates[-1] if period_dates else None,
        previous_period=period_dates[-2] if len(period_dates) > 1 else None,
        periods=period_dates,
        problems=[],
        summary=summary,
        areas=area_statuses,
        actions=[],
        measures=measure_statuses,
        period_counts=period_counts,
    )


@pytest.fixture
def haringey() -> PackStatus:
    return make_status()


@pytest.fixture
def status_maker() -> Callable[..., PackStatus]:
    return make_status
