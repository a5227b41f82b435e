"""Arbitrary small plans never make ``derive`` raise, and its results hang together."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from boardpack.model import (
    DEFAULT_RAG_KEY,
    Action,
    Area,
    Measure,
    MeasureValue,
    Plan,
    Rag,
    Report,
    Update,
)
from boardpack.packjson import dumps_pack, pack_json
from boardpack.rules import derive
from boardpack.rules.explain import explain_action

REFS = ["1.1", "1.2", "1.10", "2.1", "x"]
TARGETS = st.one_of(
    st.sampled_from(
        ["By April 2019.", "Ongoing.", "Completed.", "Q4 2019/20", "60% by Sept 2019", ""]
    ),
    st.text(max_size=30),
)
DAYS = st.dates(min_value=date(2017, 1, 1), max_value=date(2021, 12, 31))
ANY_DAY = st.dates()
SMALL_INT = st.integers(min_value=-400, max_value=400)

ACTIONS = st.builds(
    Action,
    ref=st.sampled_from(REFS),
    area=st.sampled_from(["1", "2", "9"]),
    text=st.text(max_size=10),
    target=TARGETS,
    due=st.none() | ANY_DAY,
    cells=st.just({"ref": "A2", "target": "D2"}) | st.just({}),
)
UPDATES = st.builds(
    Update,
    period=DAYS,
    ref=st.sampled_from(REFS),
    rag=st.sampled_from(list(Rag)),
    progress=st.text(max_size=5),
    reason=st.sampled_from(["", " ", "why"]),
    recovery=st.sampled_from(["", "how"]),
    revised_due=st.none() | ANY_DAY,
    cells=st.just({"rag": "C2", "reason": "E2"}) | st.just({}),
)
MEASURE_VALUES = st.builds(
    MeasureValue,
    measure=st.sampled_from(["M1", "M2"]),
    date=DAYS,
    kind=st.sampled_from(["Baseline", "Actual", "Target", "actual", "odd"]),
    value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
REPORTS = st.builds(
    Report,
    organisation=st.just("Org"),
    title=st.just("Title"),
    as_at=st.none() | ANY_DAY,
    year_starts=st.integers(min_value=-2, max_value=14),
    red_after_days=SMALL_INT,
    due_soon_days=SMALL_INT,
    cells=st.just({}) | st.just({"as at": "B4", "red after days overdue": "B14"}),
)
PLANS = st.builds(
    Plan,
    source=st.just(Path("master.xlsx")),
    report=REPORTS,
    rag_key=st.just(DEFAULT_RAG_KEY),
    areas=st.lists(st.builds(Area, id=st.sampled_from(["1", "2"]), title=st.just("A")), max_size=3),
    actions=st.lists(ACTIONS, max_size=6),
    updates=st.lists(UPDATES, max_size=10),
    measures=st.lists(
        st.builds(
            Measure,
            id=st.sampled_from(["M1", "M2"]),
            name=st.just("m"),
            better=st.sampled_from(["higher", "lower", "?"]),
        ),
        max_size=2,
    ),
    measure_values=st.lists(MEASURE_VALUES, max_size=6),
)


@settings(max_examples=200, deadline=None)
@given(plan=PLANS, as_at=st.none() | ANY_DAY)
def test_derive_never_raises_and_is_consistent(plan: Plan, as_at: date | None) -> None:
    status = derive(plan, as_at)
    assert len(status.actions) == len(plan.actions)
    assert sum(status.summary.values()) == sum(a.rag is not None for a in status.actions)
    for item in status.actions:
        assert item.overdue == (item.days_overdue > 0)
        assert not (item.overdue and item.due_soon)
        assert (item.suggested_rag is None) == (item.rag is None)
        if item.rag is Rag.BLUE:
            assert item.suggested_rag is Rag.BLUE
        assert item.update is None or item.update.period <= status.as_at
        assert explain_action(status, item.ref).startswith(item.ref)


@settings(max_examples=100, deadline=None)
@given(plan=PLANS, as_at=st.none() | ANY_DAY)
def test_deriving_the_same_plan_twice_gives_the_same_pack(plan: Plan, as_at: date | None) -> None:
    first, second = derive(plan, as_at), derive(plan, as_at)
    assert first is not second
    assert dumps_pack(pack_json(first)) == dumps_pack(pack_json(second))
    assert [explain_action(first, a.ref) for a in first.actions] == [
        explain_action(second, a.ref) for a in second.actions
    ]
