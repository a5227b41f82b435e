"""Alt text: every chart says what it shows, with all of its numbers."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from boardpack.charts import AREA_CHART, PERIOD_CHART, chart_specs
from boardpack.charts.alt_text import ALT_TEXT_TARGET, format_value, month_date, short_date
from boardpack.status import PackStatus

from .conftest import MeasureCase

StatusMaker = Callable[..., PackStatus]


def alt(status: PackStatus, name: str) -> str:
    return next(s.alt_text for s in chart_specs(status) if s.name == name)


def test_period_alt_text_states_every_count(haringey: PackStatus):
    assert alt(haringey, PERIOD_CHART) == (
        "Stacked bar chart of action status by reporting period. "
        "31 Mar 2019: 10 Blue, 38 Green, 6 Amber, 2 Red. "
        "30 Jun 2019: 16 Blue, 34 Green, 4 Amber, 2 Red. "
        "31 Oct 2019 (current period): 23 Blue, 26 Green, 5 Amber, 2 Red."
    )


def test_area_alt_text_states_every_areas_counts(haringey: PackStatus):
    text = alt(haringey, AREA_CHART)
    assert text.startswith("Horizontal stacked bar chart of action status by area. Area 1: 5 Blue")
    assert "Area 4: 4 Blue, 4 Green, 1 Amber, 1 Red." in text
    assert text.endswith("Area 9: 2 Blue, 2 Green, 0 Amber, 0 Red.")


def test_measure_alt_text_gives_points_targets_and_judgement(haringey: PackStatus):
    assert alt(haringey, "measure-M1") == (
        "Chart of Audits of assessments rated good or better (%), higher is better. "
        "Baselines 47% (Oct 2018), 35% (Jan 2019). Actual 87% (Oct 2019). "
        "Targets 60% by Sep 2019, 85% by Dec 2019. As at 31 Oct 2019: target met."
    )


def test_lower_is_better_days_measure_reads_naturally(haringey: PackStatus):
    text = alt(haringey, "measure-M3")
    assert text.startswith("Line chart of Average working days from referral to assessment")
    assert "(days), lower is better." in text
    assert "Actuals 31 days (Mar 2019), 27 days (Jun 2019), 24 days (Sep 2019)." in text


def test_measure_with_only_targets_says_there_is_no_actual(status_maker: StatusMaker):
    case = MeasureCase(
        "T1", "Placements found", unit="number",
        points=[(date(2019, 12, 31), "Target", 120)], state="no_data",
    )  # fmt: skip
    text = alt(status_maker(measures=[case]), "measure-T1")
    assert text == (
        "Chart of Placements found (number), higher is better. Target 120 by Dec 2019. "
        "As at 31 Oct 2019: no actual yet."
    )  # said once, by the judgement


def test_haringey_alt_texts_stay_under_the_target_length(haringey: PackStatus):
    for spec in chart_specs(haringey):
        assert len(spec.alt_text) <= ALT_TEXT_TARGET, spec.name


def test_fifty_areas_use_the_compact_form_and_keep_every_number(status_maker: StatusMaker):
    areas = [(str(n), f"Area {n}", (n % 3, n % 5, n % 2, n % 4)) for n in range(1, 51)]
    text = alt(status_maker(areas=areas), AREA_CHART)
    assert "Counts by area number as Blue/Green/Amber/Red: 1 1/1/1/1; 2 2/2/0/2;" in text
    for n in range(1, 51):
        assert f" {n} {n % 3}/{n % 5}/{n % 2}/{n % 4}" in text
    assert len(re.findall(r"\d+/\d+/\d+/\d+", text)) == 50


def test_many_periods_use_the_compact_form_with_dates(status_maker: StatusMaker):
    periods = [(date(2017 + q // 4, 3 * (q % 4) + 3, 28), (q, 200, 30, 10)) for q in range(12)]
    text = alt(status_maker(periods=periods), PERIOD_CHART)
    assert (
        "Counts as Blue/Green/Amber/Red: 28 Mar 2017 0/200/30/10; 28 Jun 2017 1/200/30/10;" in text
    )
    assert text.endswith("28 Dec 2019 (current period) 11/200/30/10.")


def test_no_periods_is_said_in_words(status_maker: StatusMaker):
    assert alt(status_maker(periods=[]), PERIOD_CHART).endswith(
        "No progress updates have been recorded."
    )


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (47.0, "%", "47%"),
        (42.5, "%", "42.5%"),
        (1420, "number", "1,420"),
        (1, "days", "1 day"),
        (24, "days", "24 days"),
        (0.125, "number", "0.12"),
        (0.013, "number", "0.013"),
        (0.021, "%", "0.021%"),
        (0.0004, "number", "0.0004"),
        (-0.001, "number", "-0.001"),
        (1.456, "number", "1.46"),
        (2_500_000_000, "number", "2,500,000,000"),
        (-1, "days", "-1 day"),
        (1.001, "days", "1 day"),
        (-12, "days", "-12 days"),
        (0, "days", "0 days"),
        (1.5, "days", "1.5 days"),
    ],
)
def test_format_value(value, unit, expected):
    assert format_value(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2018, 10, 31), "Oct 2018"),
        (date(2019, 2, 28), "Feb 2019"),
        (date(2019, 2, 15), "15 Feb 2019"),
    ],
)
def test_month_date_names_month_ends_by_month(value, expected):
    assert month_date(value) == expected


def test_short_date():
    assert short_date(date(2019, 3, 1)) == "1 Mar 2019"


def test_no_actual_is_said_once_whatever_else_the_chart_has(status_maker: StatusMaker):
    case = MeasureCase(
        "B1", "Return interviews", points=[(date(2018, 12, 31), "Baseline", 47)], state="no_data"
    )
    text = alt(status_maker(measures=[case]), "measure-B1")
    assert text.lower().count("no actual yet") == 1
    assert text.endswith("Baseline 47% (Dec 2018). As at 31 Oct 2019: no actual yet.")
