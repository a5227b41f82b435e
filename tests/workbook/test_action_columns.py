"""The Actions sheet is read column by column from its schema entry into Action."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date

from boardpack.model import Action
from boardpack.workbook.reader import read_master
from boardpack.workbook.schema import ACTIONS

#: the type of model field each kind of column fills
FIELD_TYPES = {"text": str, "id": str, "ref": str, "date": date | None}


def test_every_actions_column_fills_an_action_field_of_its_kind():
    hints = typing.get_type_hints(Action)
    filled = {column.field: hints.get(column.field) for column in ACTIONS.columns}
    assert filled == {column.field: FIELD_TYPES[column.kind] for column in ACTIONS.columns}


def test_every_action_field_but_where_it_was_read_comes_from_a_column():
    read_from = {column.field for column in ACTIONS.columns}
    fields = {f.name for f in dataclasses.fields(Action)}
    assert fields - read_from == {"row", "cells"}


def test_each_column_reaches_its_field_with_its_cell(master) -> None:
    plan, problems = read_master(master.write())
    assert problems == []
    assert plan is not None
    action = plan.action("1.2")
    assert action is not None
    assert (action.ref, action.area, action.text, action.target) == (
        "1.2",
        "1",
        "Train staff",
        "October 2019",
    )
    assert (action.due, action.owner) == (date(2019, 10, 31), "Principal SW")
    assert action.cells == {
        "ref": "A3",
        "area": "B3",
        "action": "C3",
        "target": "D3",
        "due": "E3",
        "owner": "F3",
    }
