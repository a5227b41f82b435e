"""A large, valid master workbook for the benchmark, made up deterministically.

The plan follows the workbook reference (``docs/workbook.md``) and the column
headers of :mod:`boardpack.workbook.schema`: every sheet, quarterly updates for
every action, a mix of RAG ratings (each Red one with its reason and recovery)
and measures with baselines, targets and actuals. Texts have the lengths of the
real plan's: about 200 characters per action, 250 per progress entry.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

#: Words of the kind an improvement plan is written in.
_WORD_TEXT = (
    "assessment assessments audit audits case cases child children families young people "
    "practitioners managers social workers staff plan plans planning care permanence "
    "placement placements quality timeliness oversight supervision management decision "
    "recording records review reviews reviewed evidence evidenced improvement improved "
    "practice standards training development learning academy feedback partners partnership "
    "agencies safeguarding threshold thresholds escalation panel board tracker performance "
    "report reports reporting monthly quarterly embedded monitored through as part of the "
    "with and for in on to by all every consistent consistently timely effective robust "
    "outcomes needs voice wishes feelings direct work visits chronology pathway leaving "
    "sufficiency commissioning providers independent reviewing officer officers service "
    "services team teams senior leadership governance delivered delivery launched agreed "
    "implemented scheduled continues remains track target targets achieved exceeded"
)
_WORDS = tuple(_WORD_TEXT.split())
_LEADS = (
    "Assistant Director, Safeguarding",
    "Head of Service, Children in Care",
    "Head of Service, Early Help",
    "Assistant Director, Commissioning",
    "Principal Social Worker",
)
_OWNERS = ("AD Safeguarding", "HoS CiC", "HoS MASH", "PSW", "HoS QA", "Head of Commissioning")
_MONTHS = tuple(date(2000, m, 1).strftime("%B") for m in range(1, 13))
_SHORT_MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct")
_GLOSSARY = (
    ("IRO", "independent reviewing officer"),
    ("CPA", "Child Protection Advisers"),
    ("QA", "Quality Assurance"),
    ("HoS", "Head of Service"),
    ("DCS", "Director of Children's Services"),
    ("AD", "Assistant Director"),
    ("CiC", "Children in Care"),
    ("QPN", "Quality Performance Network meeting"),
    ("LSCB", "Local Safeguarding Children Board"),
    ("MASH", "Multi-Agency Safeguarding Hub"),
    ("DCT", "Disabled Children's Team"),
    ("PSW", "Principal Social Worker"),
    ("BAU", "business as usual"),
    ("CIB", "Children's Improvement Board"),
)
#: RAG codes and the chance of each next rating, given the current one.
_RAG_STEPS: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "G": (("G", "B", "A", "R"), (0.74, 0.09, 0.12, 0.05)),
    "A": (("A", "G", "R", "B"), (0.4, 0.35, 0.15, 0.1)),
    "R": (("R", "A", "G"), (0.4, 0.4, 0.2)),
    "B": (("B", "G"), (0.9, 0.1)),
}
_FIRST_RAG = (("G", "A", "R"), (0.7, 0.25, 0.05))


def quarter_ends(count: int, first: date = date(2018, 6, 30)) -> list[date]:
    """``count`` quarter-end dates from ``first`` (itself a quarter end), oldest first."""
    ends = []
    year, month = first.year, first.month
    for _ in range(count):
        following = date(year + (month == 12), month % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
        month += 3
        if month > 12:
            year, month = year + 1, month - 12
    return ends


class _Text:
    """Sentences of plan-like words, of about a given length."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self, low: int = 7, high: int = 16) -> str:
        words = self.rng.choices(_WORDS, k=self.rng.randint(low, high))
        if self.rng.random() < 0.3:
            words.insert(self.rng.randrange(len(words)), f"{self.rng.randint(35, 100)}%")
        return " ".join(words).capitalize() + "."

    def about(self, length: int) -> str:
        """Whole sentences adding up to roughly ``length`` characters (within 25%)."""
        goal = self.rng.randint(int(length * 0.75), int(length * 1.15))
        text = self.sentence()
        while len(text) < goal:
            text += " " + self.sentence(3, max(3, min(16, (goal - len(text)) // 8)))
        return text

    def paragraphs(self, length: int) -> str:
        """Like :meth:`about`, sometimes split into two paragraphs (a line break in the cell)."""
        text = self.about(length)
        if self.rng.random() < 0.25:
            cut = text.find(". ", len(text) // 3)
            if cut > 0:
                text = text[: cut + 1] + "\n" + text[cut + 2 :]
        return text


def _target(rng: random.Random, dates: Sequence[date]) -> tuple[str, date | None]:
    """A target / timescale text like the real plan's, due at one of ``dates``.

    Returns the text and a Due date for a target that gives none ("Completed.").
    """
    when = rng.choice(dates)
    month, year = _MONTHS[when.month - 1], when.year
    short = rng.choice(_SHORT_MONTHS)
    quarter = (when.month - 4) % 12 // 3 + 1
    start = year if when.month >= 4 else year - 1
    choices = (
        f"By {month} {year}.",
        f"{month} {year}.",
        "Ongoing.",
        "Completed.",
        f"Q{quarter} {start}/{str(start + 1)[2:]}",
        f"At least 60% by {short} {year}. 85% by {month} {year + 1} and then working towards 100%.",
        f"Quarterly from {month} {year - 1}.",
        f"Terms of reference to be agreed by {month} {year}.",
        "Monthly and in line with the child's requirements.",
        f"End of {month} {year}.",
    )
    text = rng.choice(choices)
    return text, (dates[0] if text == "Completed." else None)


def _long_date(day: date) -> str:
    """``31 March 2020``: a date typed as words."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _choose(rng: random.Random, options: tuple[tuple[str, ...], tuple[float, ...]]) -> str:
    return rng.choices(options[0], weights=options[1])[0]


def _report_rows(areas: int, actions: int, periods: Sequence[date]) -> list[tuple[str, object]]:
    last = periods[-1]
    return [
        ("Organisation", "Example Borough Council"),
        ("Title", "Children's Services Improvement Plan: progress update"),
        ("As at", last),
        ("Meeting", "Cabinet"),
        ("Meeting date", last + timedelta(days=45)),
        ("Service", "Children's Services"),
        ("Lead officer", "Director of Children's Services"),
        ("Cabinet member", "Cabinet Member for Children, Education and Families"),
        ("Classification", "OFFICIAL"),
        (
            "Introduction",
            f"This report updates members on the {actions} actions in {areas} areas for "
            "improvement.\nProgress is monitored quarterly by the Children's Improvement Board.",
        ),
        ("Purpose", "To update the Cabinet Member on progress against the improvement plan."),
        ("Recommendations", "Note the progress made.\nNote the actions rated Red."),
        ("Year starts", "April"),
        ("Red after days overdue", 90),
        ("Due soon days", 90),
    ]


def _rag_rows() -> list[tuple[str, str, str, str]]:
    return [
        ("R", "Red", "Not on track - exceptional reporting required", "C00000"),
        (
            "A",
            "Amber",
            "Concern in progressing actions; taking action to resolve and get back on track",
            "FFC000",
        ),
        ("G", "Green", "On line to be completed within agreed timescales", "00B050"),
        (
            "B",
            "Blue",
            "Achieved/completed (includes actions that are completed and will be ongoing)",
            "0070C0",
        ),
    ]


def write_large_plan(
    path: Path,
    *,
    areas: int = 50,
    actions_per_area: int = 40,
    periods: int = 8,
    measures: int = 30,
    seed: int = 0,
) -> Path:
    """Write a valid master workbook of ``areas * actions_per_area`` actions to ``path``.

    Every action has an update in each of ``periods`` quarters; each of ``measures``
    measures has a baseline, an actual every quarter and two targets, and evidences
    one to three actions. The same arguments always give the same cell values.
    Returns ``path``.
    """
    from openpyxl import Workbook

    rng = random.Random(seed)
    text = _Text(rng)
    quarters = quarter_ends(periods)
    #: targets fall from the second quarter to a year after the last: most are not yet due
    due_dates = quarter_ends(periods + 4)[1:]
    refs = [f"{a}.{n}" for a in range(1, areas + 1) for n in range(1, actions_per_area + 1)]

    book = Workbook(write_only=True)

    def sheet(name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        ws = book.create_sheet(name)
        ws.append(list(header))
        for row in rows:
            ws.append(list(row))

    sheet("Report", ("Field*", "Value*"), _report_rows(areas, len(refs), quarters))
    sheet("RAG", ("Code*", "Status*", "Meaning*", "Colour"), _rag_rows())
    sheet(
        "Areas",
        ("Area*", "Title*", "Outcomes", "Lead", "Summary"),
        (
            (
                str(a),
                text.about(80).rstrip("."),
                "\n".join(f"- {text.about(120)}" for _ in range(rng.randint(2, 4))),
                rng.choice(_LEADS),
                text.about(110),
            )
            for a in range(1, areas + 1)
        ),
    )
    sheet(
        "Actions",
        ("Ref*", "Area*", "Action*", "Target*", "Due", "Owner"),
        (
            (
                ref,
                ref.split(".")[0],
                text.paragraphs(200),
                *_target(rng, due_dates),
                rng.choice(_OWNERS),
            )
            for ref in refs
        ),
    )
    sheet(
        "Updates",
        ("Period*", "Ref*", "RAG*", "Progress*", "Reason", "Recovery", "Revised due"),
        _update_rows(rng, text, refs, quarters),
    )
    measure_ids = [f"M{m}" for m in range(1, measures + 1)]
    units = {m: rng.choice(("%", "%", "number", "days")) for m in measure_ids}
    sheet(
        "Measures",
        ("Measure*", "Name*", "Unit", "Better", "Actions", "Description"),
        (
            (
                m,
                text.about(60).rstrip("."),
                units[m],
                "lower" if units[m] == "days" else rng.choice(("higher", "higher", "lower")),
                ", ".join(sorted(rng.sample(refs, k=min(len(refs), rng.randint(1, 3))))),
                text.about(100),
            )
            for m in measure_ids
        ),
    )
    sheet(
        "Measure values",
        ("Measure*", "Date*", "Kind*", "Value*", "Note"),
        _measure_value_rows(rng, measure_ids, units, quarters),
    )
    sheet("Glossary", ("Term*", "Meaning*"), _GLOSSARY)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _update_rows(
    rng: random.Random, text: _Text, refs: Sequence[str], quarters: Sequence[date]
) -> Iterable[tuple[object, ...]]:
    """One update per action per quarter, the RAG moving as real ratings do."""
    for ref in refs:
        rag = _choose(rng, _FIRST_RAG)
        for number, period in enumerate(quarters):
            if number:
                rag = _choose(rng, _RAG_STEPS[rag])
            reason = recovery = ""
            revised: object = None
            if rag in "RA":
                reason = text.about(120)
                recovery = text.about(140)
                if rng.random() < 0.5:
                    later = period + timedelta(days=rng.choice((90, 180, 270)))
                    revised = later if rng.random() < 0.7 else _long_date(later)
            yield (period, ref, rag, text.paragraphs(250), reason, recovery, revised)


def _measure_value_rows(
    rng: random.Random,
    measure_ids: Sequence[str],
    units: dict[str, str],
    quarters: Sequence[date],
) -> Iterable[tuple[object, ...]]:
    """A baseline, an actual each quarter and two later targets for each measure."""
    for m in measure_ids:
        top = 100.0 if units[m] == "%" else float(rng.choice((50, 120, 400)))
        value = round(rng.uniform(0.3, 0.6) * top, 1)
        yield (m, quarters[0], "Baseline", value, "Baseline from the first audit")
        for period in quarters:
            value = round(min(top, max(0.0, value + rng.uniform(-0.05, 0.1) * top)), 1)
            yield (m, period, "Actual", value, "")
        for step, share in ((2, 0.75), (len(quarters), 0.9)):
            when = quarters[min(step, len(quarters) - 1)]
            yield (m, when, "Target", round(share * top, 1), "Agreed with the board")


if __name__ == "__main__":
    import sys

    print(write_large_plan(Path(sys.argv[1] if len(sys.argv) > 1 else "large-master.xlsx")))
