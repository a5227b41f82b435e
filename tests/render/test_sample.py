"""The sample packs that template checks fill: small plans judged by the rules."""

from __future__ import annotations

import subprocess
import sys

from boardpack.charts.specs import AREA_CHART, KEY_MEASURES_CHART, PERIOD_CHART
from boardpack.model import Rag
from boardpack.render.sample import quiet_charts, quiet_status, sample_charts, sample_status
from boardpack.workbook.schema import ACTIONS


def test_the_full_sample_has_one_of_everything_the_templates_can_show():
    status = sample_status()
    actions = status.actions
    assert {a.movement for a in actions} == {"improved", "declined", "unchanged", "new"}
    assert {a.rag for a in actions} == {Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, None}
    assert any(a.overdue for a in actions)
    assert any(a.slipped and a.rag is Rag.RED for a in actions)
    assert any(a.rag is Rag.AMBER and a.update and a.update.revised_due is None for a in actions)
    assert any(a.due_before_meeting for a in actions)
    assert any(a.due_soon and not a.due_before_meeting for a in actions)
    assert any("rag_conflict" in a.flags for a in actions)
    assert any(a.action.owner for a in actions)
    assert status.previous_period is not None
    assert {m.status for m in status.measures} == {"off_track", "no_data"}
    assert status.plan.glossary


def test_the_sample_charts_are_the_ones_a_build_would_draw_for_it():
    charts = sample_charts()
    assert [c.name for c in charts] == [PERIOD_CHART, AREA_CHART, KEY_MEASURES_CHART, "measure-M1"]
    measure = charts[-1]
    assert (measure.measure_id, measure.area_ids) == ("M1", ("1", "2"))
    assert all(c.png.startswith(b"\x89PNG") for c in charts)


def test_the_quiet_sample_is_a_first_update_with_nothing_to_report():
    status = quiet_status()
    assert status.previous_period is None
    assert {a.movement for a in status.actions} == {"new"}
    assert all(a.rag is Rag.GREEN for a in status.actions)
    assert not any(a.overdue or a.due_soon or a.slipped for a in status.actions)
    assert {m.status for m in status.measures} == {"no_data"}
    assert not status.plan.glossary and not status.plan.report.introduction
    assert [c.name for c in quiet_charts()] == [PERIOD_CHART, AREA_CHART]


def test_making_the_sample_packs_never_imports_matplotlib():
    code = (
        "import sys\n"
        "from boardpack.render.sample import sample_packs\n"
        "sample_packs()\n"
        "print('matplotlib' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_every_optional_text_column_of_actions_is_filled_in_one_sample_and_empty_in_the_other():
    optional = [c.field for c in ACTIONS.columns if c.kind == "text" and not c.required]
    assert "owner" in optional
    sample = [a.action for a in sample_status().actions]
    assert any(all(getattr(a, name) for name in optional) for a in sample)
    quiet = [a.action for a in quiet_status().actions]
    assert not any(getattr(a, name) for a in quiet for name in optional)
