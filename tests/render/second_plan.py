"""A second plan, unlike the embedded example, written as a master workbook and built end
to end (read, rules, charts, documents).

Riverside's adult social care plan has four areas with ids of its own, owners for its
actions, every committee field but the legal and equalities comments (so their gaps
show), a Meeting that is one cabinet member, an action that slipped, a progress text
that names a date between as at and the meeting, a measure with one figure and a
measure shared by two areas.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from boardpack.charts import draw_charts
from boardpack.render import render_documents
from boardpack.rules.derive import derive
from boardpack.status import Chart, PackStatus
from boardpack.workbook.reader import read_master
from boardpack.workbook.writer import ReportRow, write_master

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
Q1, Q2 = date(2020, 6, 30), date(2020, 9, 30)

REPORT: list[ReportRow] = [
    ("Organisation", "Riverside Borough Council"),
    ("Title", "Adult Social Care Improvement Plan: progress update"),
    ("As at", Q2),
    ("Meeting", "Cabinet Member for Adult Social Care"),
    ("Meeting date", date(2020, 10, 20)),
    ("Service", "Adult Social Care"),
    ("Lead officer", "Assistant Director, Adult Social Care"),
    ("Cabinet member", "Cabinet Member for Adult Social Care"),
    ("Introduction", "The peer review of March 2020 found four areas to improve."),
    ("Purpose", "To report progress against the adult social care improvement plan."),
    (
        "Recommendations",
        "That the Cabinet Member notes the progress made.\n"
        "That the Cabinet Member agrees the revised date for the carers' strategy.",
    ),
    ("Report number", "ASC/2020/14"),
    ("Report authorised by", "Director of Adult Social Services"),
    ("Contact", "Jo Smith, Head of Improvement\njo.smith@riverside.example\n01234 567890"),
    ("Wards", "Northgate; Riverside"),
    ("Key decision", "Yes"),
    ("Reasons for decision", "The carers' strategy needs a new date agreed."),
    ("Alternative options", "Keeping the old date was rejected: it cannot be met."),
    ("Strategic outcomes", "The plan serves the Corporate Plan's priority of independent lives."),
    ("Finance comments", "The plan is delivered within the approved budget."),
    ("Background papers", "Peer review report, March 2020\nImprovement plan, April 2020"),
]

AREAS = [
    {
        "Area": "S",
        "Title": "Safeguarding adults",
        "Outcomes": "Enquiries are completed on time\nPeople say what outcomes they want",
        "Summary": "Enquiry backlog cleared; training under way.",
    },
    {
        "Area": "C",
        "Title": "Support for carers",
        "Outcomes": "Carers are offered an assessment",
        "Summary": "The carers' strategy is late.",
    },
    {
        "Area": "H",
        "Title": "Hospital discharge",
        "Outcomes": "People leave hospital when they are well enough",
        "Summary": "DToC is off track; recovery agreed with the NHS.",
    },
    {"Area": "Q", "Title": "Quality of provider services", "Outcomes": "Providers are rated good"},
]

ACTIONS = [
    {
        "Ref": "S.1",
        "Area": "S",
        "Action": "Review every safeguarding enquiry open longer than 28 days.",
        "Target": "By June 2020",
        "Owner": "Head of Safeguarding",
    },
    {
        "Ref": "S.2",
        "Area": "S",
        "Action": "Train all social workers in Making Safeguarding Personal (MSP).",
        "Target": "December 2020",
        "Owner": "Principal Social Worker",
    },
    {
        "Ref": "C.1",
        "Area": "C",
        "Action": "Publish a carers' strategy written with carers and the carers' centre.",
        "Target": "March 2020",
        "Owner": "Commissioning Manager",
    },
    {
        "Ref": "C.2",
        "Area": "C",
        "Action": "Offer every carer known to the council an assessment.",
        "Target": "Quarterly",
    },
    {
        "Ref": "H.1",
        "Area": "H",
        "Action": "Reduce delayed transfers of care (DToC) to the national target.",
        "Target": "March 2021",
        "Owner": "Head of Hospital Social Work",
    },
    {
        "Ref": "H.2",
        "Area": "H",
        "Action": "Open the discharge-to-assess service seven days a week.",
        "Target": "15 October 2020",
        "Owner": "Head of Hospital Social Work",
    },
    {
        "Ref": "Q.1",
        "Area": "Q",
        "Action": "Visit every care home rated requires improvement.",
        "Target": "By May 2020",
    },
]


def _update(period: date, ref: str, rag: str, progress: str, **more: object) -> dict[str, object]:
    return {"Period": period, "Ref": ref, "RAG": rag, "Progress": progress, **more}


UPDATES = [
    _update(Q1, "S.1", "G", "Backlog halved."),
    _update(Q1, "S.2", "G", "Training booked."),
    _update(Q1, "C.1", "G", "Draft strategy with carers."),
    _update(Q1, "C.2", "G", "Assessments offered."),
    _update(Q1, "H.1", "A", "Delays rising.", Recovery="Weekly calls with the hospital."),
    _update(Q1, "H.2", "G", "Service designed."),
    _update(Q1, "Q.1", "G", "Visits under way."),
    _update(Q2, "S.1", "B", "Every enquiry older than 28 days has been reviewed."),
    _update(Q2, "S.2", "G", "Half of social workers trained in MSP."),
    _update(
        Q2,
        "C.1",
        "A",
        "Consultation with carers took longer than planned.",
        Recovery="Strategy to go to the carers' board in December.",
        **{"Revised due": date(2020, 12, 31)},
    ),
    _update(Q2, "C.2", "G", "Carers offered an assessment this quarter."),
    _update(
        Q2,
        "H.1",
        "R",
        "DToC is at 9 per day against a target of 5.",
        Reason="Care home closures cut the places people are discharged to.",
        Recovery="Block-booked beds agreed with the NHS; review monthly.",
    ),
    _update(Q2, "H.2", "G", "The seven-day service opens on 12 October 2020."),
    _update(Q2, "Q.1", "B", "Every home visited."),
]

MEASURES = [
    {
        "Measure": "E28",
        "Name": "Enquiries completed within 28 days",
        "Unit": "%",
        "Better": "higher",
        "Actions": "S.1, C.2",
    },
    {
        "Measure": "CA",
        "Name": "Carers assessed",
        "Unit": "number",
        "Better": "higher",
        "Actions": "C.2",
    },
]

MEASURE_VALUES = [
    {"Measure": "E28", "Date": date(2020, 3, 31), "Kind": "Baseline", "Value": 52},
    {"Measure": "E28", "Date": Q1, "Kind": "Actual", "Value": 64},
    {"Measure": "E28", "Date": Q2, "Kind": "Actual", "Value": 81},
    {"Measure": "E28", "Date": date(2020, 12, 31), "Kind": "Target", "Value": 85},
    {"Measure": "CA", "Date": Q2, "Kind": "Actual", "Value": 140},
    {"Measure": "CA", "Date": date(2021, 3, 31), "Kind": "Target", "Value": 400},
]

GLOSSARY = [
    {"Term": "DToC", "Meaning": "Delayed transfers of care"},
    {"Term": "MSP", "Meaning": "Making Safeguarding Personal"},
    {"Term": "NHS", "Meaning": "National Health Service"},
    {"Term": "CQC", "Meaning": "Care Quality Commission"},
]


def write_plan(path: Path) -> Path:
    """The plan's master workbook at ``path``."""
    write_master(
        path,
        {
            "Areas": AREAS,
            "Actions": ACTIONS,
            "Updates": UPDATES,
            "Measures": MEASURES,
            "Measure values": MEASURE_VALUES,
            "Glossary": GLOSSARY,
        },
        report=REPORT,
    )
    return path


def build(folder: Path) -> tuple[PackStatus, list[Chart], dict[str, bytes]]:
    """The plan read, judged, drawn and rendered with the committed templates."""
    plan, problems = read_master(write_plan(folder / "riverside.xlsx"))
    assert plan is not None, problems
    status = derive(plan)
    charts = draw_charts(status)
    return status, charts, render_documents(status, charts, TEMPLATES)
