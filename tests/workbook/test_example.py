"""The embedded example (``inputs/master.xlsx``) holds the whole 2019 Haringey plan."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

from boardpack.model import natural_key
from boardpack.workbook.reader import read_master
from boardpack.workbook.schema import normalise_header

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "master.xlsx"
#: The example's data, one CSV file per sheet, from which ``make example`` writes EXAMPLE.
DATA = ROOT / "examples" / "haringey-2019"
BUILDER = ROOT / "tools" / "build_example.py"
#: The plan's three reporting periods (two illustrative), oldest first, and the latest.
PERIODS = (date(2019, 3, 31), date(2019, 6, 30), date(2019, 10, 31))
AS_AT = PERIODS[-1]
#: The published 2019 update the example holds (a copy of the seed text, kept with the tests).
SEED = ROOT / "tests" / "data" / "haringey-ofsted-action-plan-update-2019.txt"

#: Actions per area in the plan.
ACTIONS_PER_AREA = {1: 10, 2: 6, 3: 3, 4: 6, 5: 3, 6: 4, 7: 2, 8: 2, 9: 4}
EXPECTED_REFS = [
    f"{area}.{n}" for area, count in ACTIONS_PER_AREA.items() for n in range(1, count + 1)
]
#: The plan numbers 9.4 as a second 9.3.
SEED_REF = {"9.4": "9.3"}


def collapse(text: str) -> str:
    """Text with the plan's table markup removed and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


@pytest.fixture(scope="module")
def seed() -> str:
    return collapse(SEED.read_text(encoding="utf-8"))


def in_seed(text: str, seed: str) -> bool:
    """True when ``text`` is in the plan, word for word."""
    return collapse(text) in seed


@pytest.fixture(scope="module")
def workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(EXAMPLE)


def sheet_rows(wb: openpyxl.Workbook, name: str) -> list[dict[str, object]]:
    """Rows of a sheet keyed by normalised header (``ref``, ``revised due`` ...)."""
    rows = wb[name].iter_rows(values_only=True)
    headers = [normalise_header(str(h)) for h in next(rows)]
    return [dict(zip(headers, row, strict=True)) for row in rows if any(row)]


def unzipped(content: bytes) -> dict[str, bytes]:
    """Each part of an ``.xlsx`` by name (compression may differ between zlib builds)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def latest_updates(wb: openpyxl.Workbook) -> dict[str, dict[str, object]]:
    latest = datetime.combine(AS_AT, datetime.min.time())
    return {str(u["ref"]): u for u in sheet_rows(wb, "Updates") if u["period"] == latest}


def builder() -> ModuleType:
    """``tools/build_example.py``, the script ``make example`` runs."""
    spec = importlib.util.spec_from_file_location("build_example", BUILDER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_example_is_what_the_example_data_builds(tmp_path: Path) -> None:
    written = builder().build_example(tmp_path / "master.xlsx", DATA)
    assert unzipped(EXAMPLE.read_bytes()) == unzipped(written.read_bytes()), (
        "inputs/master.xlsx is out of date: run make example"
    )


def test_building_the_example_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    build = builder().build_example
    first = build(tmp_path / "first.xlsx", DATA).read_bytes()
    assert build(tmp_path / "second.xlsx", DATA).read_bytes() == first


def test_example_data_cells_become_dates_numbers_and_text() -> None:
    data, report, extra = builder().read_example(DATA)
    fields = {row[0]: row for row in report}
    assert fields["As at"][1] == AS_AT
    assert fields["Due soon days"][1] == 90
    assert fields["Report number"][1] == "Item 9"
    assert fields["Organisation"][2] == ""  # a blank note is written as empty text
    action = next(row for row in data["Actions"] if row["Ref"] == "1.10")
    assert action["Area"] == "1"  # ids stay text
    assert next(row for row in data["Actions"] if row["Ref"] == "1.2")["Due"] == date(2019, 3, 31)
    assert action["Due"] is None
    assert data["Measure values"][0]["Value"] == 47
    assert extra["Actions"] == ("Note",)
    assert "Measure values" not in extra  # its Note is a contract column


def test_example_data_saved_with_windows_line_endings_builds_the_same(tmp_path: Path) -> None:
    for path in DATA.glob("*.csv"):
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        (tmp_path / path.name).write_bytes(text.encode("utf-8"))
    build = builder().example_bytes
    assert unzipped(build(tmp_path)) == unzipped(build(DATA))


def test_a_csv_row_with_a_missing_cell_names_file_and_line(tmp_path: Path) -> None:
    for path in DATA.glob("*.csv"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "glossary.csv").write_text("Term,Meaning,Note\nIRO,reviewing officer\n")
    with pytest.raises(ValueError, match=r"glossary\.csv, line 2: expected 3 cells, found 2"):
        builder().read_example(tmp_path)


def test_example_has_nine_areas_and_forty_actions(workbook: openpyxl.Workbook) -> None:
    assert [a["area"] for a in sheet_rows(workbook, "Areas")] == [str(n) for n in range(1, 10)]
    assert len(sheet_rows(workbook, "Actions")) == 40


def test_refs_are_unique_and_run_from_1_1_to_9_4(workbook: openpyxl.Workbook) -> None:
    refs = [str(a["ref"]) for a in sheet_rows(workbook, "Actions")]
    assert sorted(refs, key=natural_key) == EXPECTED_REFS
    assert all(
        str(a["area"]) == str(a["ref"]).split(".")[0] for a in sheet_rows(workbook, "Actions")
    )


_SEED_ROW = re.compile(r"^(\d+\.\d+) (.*)$")


def seed_rows(text: str) -> dict[str, tuple[str, str, str]]:
    """Ref → (impact of actions, original target, progress) from the plan's tables.

    A row is a line of tab-separated cells whose first starts with its ref. A page
    break repeats the table's header, and the first line after it without a ref
    continues the row before, cell by cell. The second 9.3 is 9.4.
    """
    rows: list[list[str]] = []
    after_header = False
    for line in text.splitlines():
        cells = [collapse(cell) for cell in line.split("\t")]
        if cells[0].startswith("Impact of actions"):
            after_header = True
            continue
        if len(cells) >= 3 and (match := _SEED_ROW.match(cells[0])):
            rows.append([match[1], match[2], cells[1], cells[2]])
        elif after_header and rows and len(cells) >= 3:
            for index, extra in enumerate(cells[:3], start=1):
                if extra:
                    rows[-1][index] += " " + extra
        after_header = False
    found: dict[str, tuple[str, str, str]] = {}
    for ref, action, target, progress in rows:
        found["9.4" if ref in found and ref == "9.3" else ref] = (action, target, progress)
    return found


@pytest.fixture(scope="module")
def seed_table() -> dict[str, tuple[str, str, str]]:
    return seed_rows(SEED.read_text(encoding="utf-8"))


def test_the_seed_table_has_every_action(seed_table: dict[str, tuple[str, str, str]]) -> None:
    assert sorted(seed_table, key=natural_key) == EXPECTED_REFS


@pytest.mark.parametrize("ref", EXPECTED_REFS)
def test_action_text_is_word_for_word_from_the_seed(
    workbook: openpyxl.Workbook, seed_table: dict[str, tuple[str, str, str]], ref: str
) -> None:
    action = next(a for a in sheet_rows(workbook, "Actions") if a["ref"] == ref)
    assert collapse(str(action["action"])) == seed_table[ref][0]


@pytest.mark.parametrize("ref", EXPECTED_REFS)
def test_target_is_word_for_word_from_the_seed(
    workbook: openpyxl.Workbook, seed_table: dict[str, tuple[str, str, str]], ref: str
) -> None:
    action = next(a for a in sheet_rows(workbook, "Actions") if a["ref"] == ref)
    assert collapse(str(action["target"])) == seed_table[ref][1]


@pytest.mark.parametrize("ref", EXPECTED_REFS)
def test_latest_progress_is_word_for_word_from_the_seed(
    workbook: openpyxl.Workbook, seed_table: dict[str, tuple[str, str, str]], ref: str
) -> None:
    progress = str(latest_updates(workbook)[ref]["progress"])
    assert collapse(progress) == seed_table[ref][2]


def test_split_texts_are_rejoined_whole(workbook: openpyxl.Workbook, seed: str) -> None:
    actions = {a["ref"]: a for a in sheet_rows(workbook, "Actions")}
    assert actions["1.6"]["action"] == (
        "Staff are aware of and are trained on the use of assessment tools as appropriate."
    )
    assert latest_updates(workbook)["4.5"]["progress"] == (
        "Peer Review completed July 2019 summary report on schedule for October 2019"
    )
    assert not in_seed(str(actions["1.6"]["action"]), seed), "the split check must be needed"


def test_area_titles_and_every_outcome_are_from_the_seed(
    workbook: openpyxl.Workbook, seed: str
) -> None:
    areas = sheet_rows(workbook, "Areas")
    for area in areas:
        assert in_seed(f"{area['area']}. {area['title']}", seed), area["title"]
        for outcome in str(area["outcomes"]).split("\n"):
            assert in_seed(outcome, seed), outcome
    bullets = SEED.read_text(encoding="utf-8").count("\n- ") + 2  # area 6 uses two • bullets
    assert sum(len(str(a["outcomes"]).split("\n")) for a in areas) == bullets


def test_glossary_holds_the_seeds_ten_acronyms(workbook: openpyxl.Workbook) -> None:
    text = SEED.read_text(encoding="utf-8")
    listed = text.split("Acronyms used:")[1].split("\n1. ")[0]
    acronyms = dict(
        (term.strip(), meaning.strip())
        for line in listed.splitlines()
        if line.strip()
        for term, meaning in [re.split(r"\s*[–-]\s+|\s+[–-]\s*", line, maxsplit=1)]
    )
    assert len(acronyms) == 10
    glossary = {str(g["term"]): g["meaning"] for g in sheet_rows(workbook, "Glossary")}
    for term, meaning in acronyms.items():
        assert glossary.get(term) == meaning


def test_added_glossary_terms_say_so(workbook: openpyxl.Workbook) -> None:
    glossary = sheet_rows(workbook, "Glossary")
    added = [g for g in glossary if g["note"]]
    assert len(glossary) - len(added) == 10
    assert all("Added" in str(g["note"]) for g in added)


def test_every_action_has_an_update_in_each_of_three_periods(
    workbook: openpyxl.Workbook,
) -> None:
    updates = sheet_rows(workbook, "Updates")
    pairs = Counter((u["period"], u["ref"]) for u in updates)
    assert set(pairs.values()) == {1}
    periods = {datetime.combine(p, datetime.min.time()) for p in PERIODS}
    assert {u["period"] for u in updates} == periods
    assert len(updates) == 40 * 3


def test_every_red_update_has_reason_and_recovery(workbook: openpyxl.Workbook) -> None:
    reds = [u for u in sheet_rows(workbook, "Updates") if u["rag"] == "R"]
    assert reds, "the example shows at least one exception report"
    for update in reds:
        assert update["reason"] and update["recovery"], update["ref"]


def test_every_current_amber_has_a_recovery(workbook: openpyxl.Workbook) -> None:
    for ref, update in latest_updates(workbook).items():
        if update["rag"] == "A":
            assert update["recovery"], ref


@pytest.mark.parametrize(
    ("ref", "rag"),
    [("1.10", "A"), ("1.8", "B"), ("1.1", "G"), ("5.1", "R"), ("5.2", "A"), ("3.1", "B")],
)
def test_current_rag_follows_the_progress_text(
    workbook: openpyxl.Workbook, ref: str, rag: str
) -> None:
    assert latest_updates(workbook)[ref]["rag"] == rag


def test_every_update_says_what_is_illustrative(workbook: openpyxl.Workbook) -> None:
    for update in sheet_rows(workbook, "Updates"):
        assert "llustrative" in str(update["note"]), update["ref"]


def test_measures_link_to_known_actions_and_values_to_known_measures(
    workbook: openpyxl.Workbook,
) -> None:
    refs = {str(a["ref"]) for a in sheet_rows(workbook, "Actions")}
    measures = sheet_rows(workbook, "Measures")
    for measure in measures:
        assert set(str(measure["actions"]).split(", ")) <= refs
    ids = {m["measure"] for m in measures}
    values = sheet_rows(workbook, "Measure values")
    assert {v["measure"] for v in values} == ids
    assert all(v["note"] for v in values)


@pytest.mark.parametrize(
    ("name", "day", "kind", "value"),
    [
        ("Assessments audited as good or better", "2018-10-31", "Baseline", 47),
        ("Assessments audited as good or better", "2019-01-31", "Baseline", 35),
        ("Assessments audited as good or better", "2019-09-30", "Target", 60),
        ("Assessments audited as good or better", "2019-12-31", "Target", 85),
        ("Assessments audited as good or better", "2019-10-31", "Actual", 87),
        ("Timeliness of assessment", "2019-10-31", "Actual", 95),
        ("Audits with good quality of supervision", "2019-02-28", "Baseline", 38),
        ("Audits with good quality of supervision", "2019-04-30", "Target", 50),
        ("Audits with good quality of supervision", "2019-09-30", "Target", 80),
        ("Cases receiving management oversight/supervision", "2019-04-30", "Target", 95),
        ("Take up of return home interviews", "2018-12-31", "Baseline", 47),
        ("Permanence decisions made through panel", "2019-06-30", "Target", 100),
    ],
)
def test_figures_of_the_plan_are_measure_values(
    workbook: openpyxl.Workbook, name: str, day: str, kind: str, value: int
) -> None:
    ids = {m["name"]: m["measure"] for m in sheet_rows(workbook, "Measures")}
    found = {
        (v["measure"], v["date"], v["kind"], v["value"])
        for v in sheet_rows(workbook, "Measure values")
    }
    assert (ids[name], datetime.fromisoformat(day), kind, value) in found


def test_inferred_actuals_say_so(workbook: openpyxl.Workbook) -> None:
    for value in sheet_rows(workbook, "Measure values"):
        if "Target achieved" in str(value["note"]):
            assert "Inferred" in str(value["note"])


def test_report_introduction_is_the_seeds_two_paragraphs(
    workbook: openpyxl.Workbook, seed: str
) -> None:
    report = {str(r["field"]): r["value"] for r in sheet_rows(workbook, "Report")}
    paragraphs = str(report["Introduction"]).split("\n")
    assert len(paragraphs) == 2
    assert all(in_seed(p, seed) for p in paragraphs)
    assert report["Organisation"] == "Haringey Council"
    assert report["As at"] == datetime(2019, 10, 31)


#: The committee-report fields of the Report sheet (contract v1.1), none in the plan.
COMMITTEE_FIELDS = (
    "Report number",
    "Report authorised by",
    "Contact",
    "Wards",
    "Key decision",
    "Reasons for decision",
    "Alternative options",
    "Strategic outcomes",
    "Finance comments",
    "Legal comments",
    "Equalities comments",
    "Background papers",
)


def test_every_committee_field_is_filled_and_marked_illustrative(
    workbook: openpyxl.Workbook,
) -> None:
    report = {str(r["field"]): r for r in sheet_rows(workbook, "Report")}
    for field in COMMITTEE_FIELDS:
        assert str(report[field]["value"] or "").strip(), field
        assert "llustrative" in str(report[field]["note"]), field
    assert report["Key decision"]["value"] in {"Yes", "No"}


def test_committee_fields_are_read_into_the_plan() -> None:
    plan, _ = read_master(EXAMPLE)
    fields = plan.report.fields
    assert all(fields.get(field) for field in COMMITTEE_FIELDS)


def test_rag_key_meanings_are_the_seeds(workbook: openpyxl.Workbook, seed: str) -> None:
    key = sheet_rows(workbook, "RAG")
    assert [k["code"] for k in key] == ["R", "A", "G", "B"]
    assert all(in_seed(str(k["meaning"]), seed) for k in key)


def test_example_data_covers_every_action_once() -> None:
    with (DATA / "actions.csv").open(encoding="utf-8", newline="") as handle:
        refs = [row["Ref"] for row in csv.DictReader(handle)]
    assert refs == EXPECTED_REFS


def test_reader_reads_the_example_without_errors() -> None:
    plan, problems = read_master(EXAMPLE)
    errors = [str(p) for p in problems if p.is_error]
    assert errors == []
    assert len(plan.areas) == 9
    assert len(plan.actions) == 40
    assert [a.ref for a in plan.actions] == EXPECTED_REFS


def test_reader_keeps_every_update_and_warns_about_nothing() -> None:
    plan, problems = read_master(EXAMPLE)
    assert len(plan.updates) == 40 * 3
    assert len(plan.rag_key) == 4
    assert [str(p) for p in problems] == []
