"""The embedded example: Haringey's Children's Services Ofsted action plan update (2019).

Every text taken from the published plan (areas, outcomes, actions, targets, the
progress of the October 2019 update, the RAG key meanings and the acronyms) is kept
word for word; only the plan's table markup and page-break splits are undone. The plan
does not keep each action's RAG colour, nor earlier updates: the ratings, the earlier
periods (March and June 2019), the area summaries, reasons and recoveries, and a few
dates are illustrative, and each row says so in its ``Note`` column.

``tools/build_example.py`` writes ``inputs/master.xlsx`` from this data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from boardpack.model import Rag
from boardpack.workbook.writer import ReportRow

MARCH = date(2019, 3, 31)
JUNE = date(2019, 6, 30)
AS_AT = date(2019, 10, 31)
#: The three reporting periods of the example, oldest first.
PERIODS = (MARCH, JUNE, AS_AT)

INTRODUCTION = (
    "The Ofsted inspection of Children's Social Care Services completed on 9th November 2018 "
    "and the report of the findings of the inspection was published on 14th December 2018. "
    "The inspection judged all areas inspected as 'requires improvement to be good' and listed "
    "nine areas for improvement.\n"
    "This report aims to update members on the progress made against the identified areas "
    "following the quarterly monitoring through the Children's Improvement Board, (CIB), "
    "regular one-to-one meetings with the cabinet Member for Children, Families and Education "
    "and the Director of Children's Services and the outcome of the Ofsted Annual Engagement "
    "meeting with the Director of Children's Services."
)

ILLUSTRATIVE = "Illustrative (not in the published plan)."

REPORT: tuple[ReportRow, ...] = (
    ("Organisation", "Haringey Council", ""),
    (
        "Title",
        "Children's Services Ofsted Action Plan: progress update",
        "The plan's own heading is kept in the Plan field.",
    ),
    ("Plan", "Haringey Children's Service Ofsted Action Plan March 2019", "The plan's heading."),
    ("As at", AS_AT, "The date of the plan's progress update (October 2019)."),
    ("Meeting", "Cabinet", ILLUSTRATIVE),
    ("Meeting date", date(2019, 12, 10), ILLUSTRATIVE),
    ("Service", "Children's Services", ""),
    ("Lead officer", "Director of Children's Services", "The plan names the role only."),
    (
        "Cabinet member",
        "Cabinet Member for Children, Families and Education",
        "The plan names the portfolio only.",
    ),
    ("Classification", "OFFICIAL", ""),
    ("Introduction", INTRODUCTION, "The plan's two opening paragraphs, word for word."),
    (
        "Purpose",
        "To update Cabinet on progress against the Children's Services Ofsted action plan, "
        "which answers the nine areas for improvement from the inspection of Children's Social "
        "Care Services completed on 9th November 2018, as at 31 October 2019.",
        ILLUSTRATIVE,
    ),
    (
        "Recommendations",
        "That Cabinet notes the progress made against the nine areas for improvement.\n"
        "That Cabinet notes the actions rated Amber or Red and the recovery set out for each.",
        ILLUSTRATIVE,
    ),
    ("Year starts", "April", "Quarters count from April: quarter 3, 2018 is Oct to Dec 2018."),
    ("Red after days overdue", 90, "The standard setting."),
    ("Due soon days", 90, "The standard setting."),
    ("Report number", "Item 9", ILLUSTRATIVE),
    ("Report authorised by", "Director of Children's Services", ILLUSTRATIVE),
    (
        "Contact",
        "Head of Quality Assurance, Children's Services\n"
        "childrens.improvement@haringey.gov.uk\n"
        "020 8489 0000",
        ILLUSTRATIVE,
    ),
    ("Wards", "All", ILLUSTRATIVE),
    ("Key decision", "No", ILLUSTRATIVE),
    (
        "Reasons for decision",
        "The inspection of Children's Social Care Services judged all areas inspected as "
        "'requires improvement to be good'. Regular reports to Cabinet let members hold the "
        "service to account for the action plan that answers the nine areas for improvement, "
        "and see where actions are off track and how they will be recovered.",
        ILLUSTRATIVE,
    ),
    (
        "Alternative options",
        "None. The report is for noting: the action plan was agreed in March 2019 and is "
        "monitored quarterly by the Children's Improvement Board, and reporting its progress to "
        "members is part of that oversight.",
        ILLUSTRATIVE,
    ),
    (
        "Strategic outcomes",
        "The plan contributes to the People priority of the Borough Plan 2019-23: a Haringey "
        "where strong families, strong networks and strong communities nurture all residents "
        "to live well and achieve their potential. Better assessments, plans, permanence and "
        "placements help children and young people to be safe, healthy and happy.",
        ILLUSTRATIVE,
    ),
    (
        "Finance comments",
        "There are no direct financial implications arising from this report. The actions in "
        "the plan are delivered within the Children's Services budget agreed for 2019/20; any "
        "further cost, such as from the pan-London approach to placements, will be reported "
        "separately.",
        ILLUSTRATIVE,
    ),
    (
        "Legal comments",
        "The Head of Legal and Governance has been consulted on this report. The council has "
        "duties under the Children Act 1989 and the Children Act 2004 to safeguard and promote "
        "the welfare of children in its area and of the children it looks after. There are no "
        "legal implications arising from the recommendations, which are for noting.",
        ILLUSTRATIVE,
    ),
    (
        "Equalities comments",
        "The council has a public sector equality duty under the Equality Act 2010 to have due "
        "regard to the need to eliminate discrimination, advance equality of opportunity and "
        "foster good relations between people who share a protected characteristic and those "
        "who do not. The report proposes no change to policy or services. The plan's actions, "
        "among them those for disabled children and for vulnerable adolescents, are expected "
        "to benefit children with protected characteristics who are over-represented among "
        "children in need and children in care.",
        ILLUSTRATIVE,
    ),
    (
        "Background papers",
        "Ofsted, Inspection of Haringey local authority children's services, published 14 "
        "December 2018\n"
        "Haringey Children's Service Ofsted Action Plan, March 2019",
        ILLUSTRATIVE,
    ),
)

#: The plan's RAG key, worded as in the plan; colours are the standard ones.
RAG_KEY: tuple[tuple[Rag, str], ...] = (
    (Rag.RED, "Not on track - exceptional reporting required"),
    (Rag.AMBER, "Concern in progressing actions taking action to resolve and get back on track"),
    (Rag.GREEN, "Online to be completed within agreed timescales"),
    (
        Rag.BLUE,
        "Achieved/completed. *Includes actions that are completed and will be ongoing for future",
    ),
)

#: The plan's list of acronyms, word for word and in its order.
SEED_ACRONYMS: tuple[tuple[str, str], ...] = (
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
)

#: Further acronyms and names the plan's text uses without listing them.
ADDED_ACRONYMS: tuple[tuple[str, str], ...] = (
    ("BAU", "Business as usual"),
    ("CIB", "Children's Improvement Board"),
    ("DCT", "Disabled Children's Team"),
    ("MACE", "Multi Agency Child Exploitation Panel"),
    ("MASA", "Multi-Agency Safeguarding Arrangements"),
    ("PIP", "Partners in Practice"),
    ("PSW", "Principal Social Worker"),
    ("RHI", "Return home interview"),
    ("SMART", "Specific, measurable, achievable, relevant and time-bound"),
    ("Tri.x", "The online policy and procedures tool"),
    ("Mosaic", "The case recording system for children's social care"),
)


@dataclass(frozen=True)
class AreaText:
    """One area for improvement as the plan gives it, with an illustrative summary."""

    id: str
    title: str
    outcomes: tuple[str, ...]
    summary: str
    note: str = ""


AREAS: tuple[AreaText, ...] = (
    AreaText(
        "1",
        "Assessments of children's needs when their circumstances change, in order to inform plans",
        (
            "The assessments of children's needs are of the highest quality and are updated when "
            "there is a change in the child and family circumstance as appropriate",
            "That plans reflect the findings of assessments and that they are updated in "
            "accordance with changes to assessments",
            "Practitioners are supported to deliver the highest quality practice and that this is "
            "reflected in assessments and audits findings",
        ),
        "Audits now rate 87% of assessments good, above the 85% target for December 2019; the "
        "business support changes have slipped to December 2019.",
    ),
    AreaText(
        "2",
        "Child focussed plans, particularly in the disabled children's team, where the "
        "understanding of thresholds when risk escalates also needs to improve",
        (
            "That all plans are focused on the needs of the child within the context of their "
            "family",
            "That the Disabled Children's Team (DCT) practices a child focused approach to its "
            "work at all times and this is reflected in case recordings, assessments and plans, "
            "while at the same time working with parents for the best outcomes for children and "
            "young people",
            "That DCT understands thresholds when risk escalates and that this is reflected in "
            "the work of the team, case recordings, assessments and plans",
        ),
        "DCT training is complete and audits show improvement; DCT Eligibility Criteria launch "
        "on 4 November 2019.",
    ),
    AreaText(
        "3",
        "The quality and timeliness of case recording including the recording of management "
        "decision making",
        (
            "The case recording is consistently of the highest standard",
            "That case recording takes place in a timely manner",
            "Management decision making is clearly recorded on case files",
            "The quality of case recording is monitored through supervision and audits",
        ),
        "Supervision and management oversight targets are achieved and monitored as business "
        "as usual.",
    ),
    AreaText(
        "4",
        "Timely and effective permanence planning for all children in care, including effective "
        "challenge brought by independent reviewing officers (IRO)",
        (
            "That there are timely permanence decisions made for all children in care and that "
            "these decisions are recorded on Mosaic",
            "That permanence decisions are reviewed regularly through child in care reviews to "
            "prevent drift",
            "That the use of a tracker is an effective tool in ensuring that all children's "
            "permanence plans do not drift",
            "That IROs use challenge appropriately to escalate concerns related to practice to "
            "further support best care planning and outcomes for children and young people",
        ),
        "Permanence decisions are recorded and tracked; care plans for children placed outside "
        "Haringey need more partnership work.",
    ),
    AreaText(
        "5",
        "Placement sufficiency for vulnerable adolescents",
        (
            "That all children and young people are in placements that meet their needs",
            "That placement stability increases following a short dip",
            "That arrangements are in place across London for the commissioning of placements for "
            "young people who are currently difficult to find placements for near their homes "
            "and in a timely manner",
        ),
        "A service review has found placement sufficiency challenges; Haringey is pressing for "
        "a pan-London approach.",
    ),
    AreaText(
        "6",
        "The quality of audits to inform practice and drive practice improvements",
        (
            "That the quality of audits is of the highest standard and informs actions that lead "
            "to improvements to practice",
            "That audits take place in sufficient numbers and at a frequency that drives practice "
            "improvements",
        ),
        "The QA framework is in place, experienced auditors are recruited and practice weeks "
        "are scheduled to 2020/21.",
    ),
    AreaText(
        "7",
        "The strategic partnership response to criminally exploited children",
        (
            "Local strategic multi-agency arrangements to manage and keep abreast of the complex "
            "risks of gangs, violence and criminal exploitation of children are well developed",
            "Governance arrangements to oversee criminally exploited children are clear and "
            "aligned",
            "Analysis informs planning to minimise the risks that these children face",
        ),
        "Governance has been reviewed; the first joint monitoring report goes to the new MASA "
        "in December 2019.",
    ),
    AreaText(
        "8",
        "The offer and take up of return home interviews (RHIs) and subsequent use of "
        "intelligence to inform individual children's plans and wider partnership activity",
        (
            "That all children and young people who go missing are offered a return home interview",
            "That the take up and outcome of RHIs is monitored and reported to through governance "
            "arrangements in place",
            "That children and young people are safer as a result of receiving RHIs",
        ),
        "Return home interviews are now delivered in-house and quarterly missing reports are "
        "monitored by the DCS management group.",
        "The plan prints this title over two lines; joined here.",
    ),
    AreaText(
        "9",
        "Pathways to private fostering",
        (
            "That all children and young people who are privately fostered have an assessment "
            "that includes all members of their household",
            "That social workers are supported to understand all pathways to private fostering "
            "and the regulations",
            "That all children and young people who are privately fostered have an identified "
            "person discharging parental responsibility",
            "That through the LSCB all agencies work to raise the awareness of private fostering",
        ),
        "Training is delivered; a multi agency private fostering awareness campaign launches on "
        "4 November 2019.",
    ),
)


@dataclass(frozen=True)
class ActionText:
    """One action as the plan gives it: impact, original target and October 2019 progress."""

    ref: str
    text: str
    target: str
    progress: str
    due: date | None = None
    note: str = ""
    progress_note: str = ""


_COMPLETED_DUE = date(2019, 3, 31)
_COMPLETED_NOTE = (
    "Due is illustrative: the Target only says 'Completed.' and the plan is dated March 2019."
)

ACTIONS: tuple[ActionText, ...] = (
    ActionText(
        "1.1",
        "All managers as part of management oversight and IRO/CPA chairs at reviews to ensure "
        "that the child's plan is current and evaluated as relevant, dynamic (SMART) and is "
        "reviewed as appropriate, at least annually.",
        "On-going and in line with the child's requirements.",
        "This remains on track and is evidenced through the monthly audits",
    ),
    ActionText(
        "1.2",
        "Practice standards are reviewed and updated on Tri.x (the online policy and procedures "
        "tool).",
        "Completed.",
        "Reviewed and monitored every 6 months by the Director of Children's Services and AD's",
        _COMPLETED_DUE,
        _COMPLETED_NOTE,
    ),
    ActionText(
        "1.3",
        "Case file audit tool rolled out and implemented. Audit tool used routinely by all staff.",
        "Completed.",
        "Quality of the audit reviewed and monitored every 6 months by the Director of Children's "
        "Services and AD's",
        _COMPLETED_DUE,
        _COMPLETED_NOTE,
    ),
    ActionText(
        "1.4",
        "85% of assessments meet required case standards and are up-dated to reflect the child's "
        "current circumstances. The baseline for audits reaching the standard of at least 'good' "
        "has been reduced to 35% (Jan 2019) from 47% at Oct. 2018. This is an outcome of the "
        "more rigorous audit process.",
        "At least 60% by Sept 2019. 85% by Dec 2019 and then working towards 100%.",
        "Audit findings indicate that a) Timeliness of assessment improved 95% b) Quality of "
        "assessment improved with 87% classified as good",
    ),
    ActionText(
        "1.5",
        "Assessment tools in place and used consistently by staff for the improvement of "
        "assessments.",
        "April 2019.",
        "Suite of assessment tools designed and available to practitioners.",
    ),
    ActionText(
        "1.6",
        "Staff are aware of and are trained on the use of assessment tools as appropriate.",
        "April 2019.",
        "This will be further embedded through the launch of Children Social Care's Academy in "
        "November 2019",
        note="The plan splits this row over a page break; rejoined.",
        progress_note="The plan splits this text over a page break; rejoined.",
    ),
    ActionText(
        "1.7",
        "An enhanced programme of training is available to staff to support the development of "
        "skills and knowledge required to achieve a consistently high quality of practice.",
        "Sept 2019.",
        "This will be further embedded through the launch of Children Social Care's Academy in "
        "November 2019 and the appointment of the PSW in October 2019.",
    ),
    ActionText(
        "1.8",
        "Thematic audits demonstrate consistently improving practice and targets achieved.",
        "April 2019, 60% of audits demonstrate good assessment and 85% by December 2019. 85% of "
        "cases audited will include evaluation and feedback from children, their families and "
        "trusted professionals.",
        "Target achieved as evidenced through audits Evaluation, Service user and professional "
        "feedback forms now developed and will be encapsulated as part of BAU operations.",
    ),
    ActionText(
        "1.9",
        "There is a shared understanding amongst staff and managers of what 'good' social work "
        "practice looks like. Feedback from staff. Communications and engagement events.",
        "By March 2019.",
        "Completed Staff feedback forms and Senior management engagement meetings scheduled as "
        "part of BAU measures in 2019/20.",
    ),
    ActionText(
        "1.10",
        "Refocused business support/administrative capacity. Reducing administration frees up "
        "social workers to spend more time on purposeful direct work with children and families.",
        "By June 2019.",
        "On target to be delivered by December 2019.",
    ),
    ActionText(
        "2.1",
        "All practitioners in the DCT have undertaken mandatory training and development on "
        "achieving and implementing a child centred practice.\n"
        "All DCT practitioners have a minimum of Child Protection Level 3 Safeguarding Training.\n"
        "A programme of learning to include mentoring and shadowing between DCT, Assessment and "
        "MASH teams is in place.\n"
        "All audits of DCT cases are child focused and evidence clear decision making against "
        "thresholds.\n"
        "85% of audits will include feedback from children and young people and trusted "
        "professionals.",
        "Inhouse briefing sessions through to June 2019.\n"
        "Externally commissioned sessions by July 2019.",
        "Completed\n"
        "Final training to be delivered in September 2019\n"
        "Audit indicate quality and timeliness of assessment improved 87%",
    ),
    ActionText(
        "2.2",
        "All children's service staff have access to training on working with disabled children.",
        "Externally commissioned sessions by June 2019.",
        "Completed internally and will be part of the Haringey Children's Social Care Academy",
    ),
    ActionText(
        "2.3",
        "All staff aware of practice standards and tools.",
        "Completed.",
        "This remains on track and evidence of use gathered as part of the monthly Quality "
        "Assurance Management meetings.",
        _COMPLETED_DUE,
        _COMPLETED_NOTE,
    ),
    ActionText(
        "2.4",
        "Findings of audits show continuing evidence of improvement.",
        "Dec 2018 completed and quarterly from April 2019.",
        "This remains on track and evidence of use gathered as part of the monthly Quality "
        "Assurance Management meetings.",
    ),
    ActionText(
        "2.5",
        "The application of threshold for DCT cases is consistent with practice guidance and "
        "this is evidenced through case file reviews.",
        "Completed. A review planned for end of March 2019.",
        "Review evidenced the need for the development of DCT Eligibility Criteria document "
        "protocol to be launched on the 4 th November 2019.",
    ),
    ActionText(
        "2.6",
        "Experienced Child Protection Advisers linked to the DCT team and working alongside the "
        "Service Manager and the Team Managers to build their knowledge and skills to support the "
        "consistent application of thresholds.",
        "Completed.",
        "Absorbed as part of BAU and governance from AD Safeguarding.",
        _COMPLETED_DUE,
        _COMPLETED_NOTE,
    ),
    ActionText(
        "3.1",
        "The supervision takes place in line with policy and procedure.",
        "New supervision policy implemented October 2018. 95% of cases to receive management "
        "oversight/supervision by April 2019.",
        "Target achieved and monitored as part of BAU processes.",
    ),
    ActionText(
        "3.2",
        "Audits show a consistently high rate of management oversight and decision making on all "
        "cases in accordance with policy and procedure.",
        "New supervision policy implemented October 2018. Managers are increasing the rate of "
        "supervision and management oversight. 95% of cases to receive management "
        "oversight/supervision by April 2019.",
        "Target achieved and monitored as part of BAU processes.",
    ),
    ActionText(
        "3.3",
        "Weekly performance reports evidence the consistent recording of management oversight on "
        "children and young people records.",
        "By April 2019. Baseline 38% of audits had good quality of supervision in February 2019 "
        "Targets 50% by April 2019 and 80% by Sept 2019.",
        "Target achieved and monitored as part of BAU processes.",
    ),
    ActionText(
        "4.1",
        "Performance reports demonstrate that all children in care have a permanence decision "
        "recorded.",
        "Ongoing.",
        "Completed and monitored through CIC reviews.",
    ),
    ActionText(
        "4.2",
        "Where a child is in care their care plan is tracked on a monthly basis to ensure there "
        "is no drift or delay.",
        "Ongoing.",
        "Reinforced through Case Management and Resource Panel and IRO's reviews.",
    ),
    ActionText(
        "4.3",
        "All children in care have a permanence decision that, where appropriate, is regularly "
        "reviewed through the CiC review process and the plans are presented twice a year to the "
        "Case Management and Resources Panel for senior leadership oversight.",
        "All cases that require a decision through panel – target is 100% by June 2019.",
        "On track and embedded as part of BAU processes.",
    ),
    ActionText(
        "4.4",
        "Care plans are amended in a timely manner and that there is no delay.",
        "By June 2019.",
        "Review identified need for more detailed partnership building work with agencies "
        "outside of Haringey.",
    ),
    ActionText(
        "4.5",
        "A peer review by Islington, as part of our partners in practice, leads to further "
        "practice improvements and highlights good practice by the IRO's.",
        "Terms of reference to be agreed by April 2019.",
        "Peer Review completed July 2019 summary report on schedule for October 2019",
        progress_note="The plan splits this text over a page break; rejoined.",
    ),
    ActionText(
        "4.6",
        "Challenge by IROs is routine and escalation process is used appropriately.",
        "Quarterly report to QPN in Dec 2018; will be quarterly thereafter.",
        "Completed and embedded as part of BAU.",
    ),
    ActionText(
        "5.1",
        "The CiC and Care Leavers strategy delivers sufficient placements for all children and "
        "young people.",
        "In line with targets set in the strategy.",
        "Service review identifies challenges and the urgency to adopt Pan London approach",
        date(2020, 3, 31),
        "Due is illustrative: the Target gives no date; the end of the 2019/20 reporting year.",
    ),
    ActionText(
        "5.2",
        "Haringey supports plans in place across London for the development of placements to "
        "meet the needs of all adolescents, include for the cohort that are difficult to place.",
        "In accordance with plans for development across London – aim is currently 2021 for "
        "agreements to be in place.",
        "Service review identifies challenges and the urgency to adopt Pan London approach",
    ),
    ActionText(
        "5.3",
        "Care planning is undertaken early and provides best outcomes for young people.",
        "Ongoing and in line with each young person's needs.",
        "Completed",
    ),
    ActionText(
        "6.1",
        "The relaunched QA framework is implemented and driving practice outcomes.",
        "Quality Assurance Practice Framework and Guidance completed and launched in December "
        "2018.",
        "Completed and tested as part of the Islington PIP Review",
    ),
    ActionText(
        "6.2",
        "That all audit reports are of a consistently high standard and lead practice improvement.",
        "Ongoing.",
        "Recruitment of experienced auditors completed, and benchmarking exercise completed to "
        "determine Haringey's standards",
    ),
    ActionText(
        "6.3",
        "Increased audit capacity and thematic audits lead to improved practice",
        "Ongoing.",
        "Recruitment completed and officers established within the Quality assurance team",
    ),
    ActionText(
        "6.4",
        "The quality of practice is improved through regular lengthy audits undertaken through "
        "the process of practice weeks.",
        "Practice weeks completed September 2018 and February 2019. Continue in line with "
        "practice week schedules.",
        "Annual multi agency practice weeks scheduled for 2019/20 and 2020/21",
    ),
    ActionText(
        "7.1",
        "There will be a shared approach to minimising the risks to criminally exploited "
        "children.\n"
        "There will be clear governance arrangements and protocols to support effective oversight "
        "and decision making so that key services/partners (Community Safety, the Youth Offending "
        "Service and the Safeguarding and Quality Assurance/Multi Agency Child Exploitation Panel "
        "- MACE) understand where responsibility and accountability for actions sits and what the "
        "shared actions are.",
        "By April 2019.",
        "Multi agency Task and Finish group – review completed – changes will be embedded as part "
        "of BAU and reviewed annually through the MASA and Exploitation Prevention Panel",
        progress_note="Area 7's table has no Progress heading in the plan; this is its third "
        "column.",
    ),
    ActionText(
        "7.2",
        "A joint quarterly report will be produced, which sets out a shared view of the local "
        "profile of children at risk of gangs, violence and criminal exploitation, which informs "
        "strategic planning and operational decisions.",
        "By May 2019.",
        "First monitoring report to be shared with the new MASA December 2019",
        progress_note="Area 7's table has no Progress heading in the plan; this is its third "
        "column (underlining dropped).",
    ),
    ActionText(
        "8.1",
        "Social workers refer all children for a return home interview when they have gone "
        "missing\n"
        "There is increased take up of return home interviews from the baseline of 47% in "
        "quarter 3, 2018.",
        "Ongoing.",
        "Service review resulted in the RHI being delivered internally.",
    ),
    ActionText(
        "8.2",
        "Quarterly report analyses the key themes and issues in relation to children who go "
        "missing and this informs the wider understanding of child sexual exploitation and child "
        "criminal exploitation.",
        "First report in new format produced in March 19 for the period October 18 to December "
        "2018, and then quarterly.",
        "Quarterly reports monitored through Director Children's Services – management group.",
    ),
    ActionText(
        "9.1",
        "All children and young people privately fostered have a robust assessment and that they "
        "are supported in their placement.",
        "Ongoing.",
        "Completed for identified cases",
    ),
    ActionText(
        "9.2",
        "Social workers are fully aware of the pathways to private fostering and the regulations",
        "June 2019",
        "Training delivered and will be annually repeated through the Haringey's Academy",
    ),
    ActionText(
        "9.3",
        "Increasing number of private fostering arrangements identified. Increase in contacts "
        "from Admissions service to MASH",
        "By March 2019.",
        "Multi agency awareness campaign to be launched on the 4 th November 2019",
    ),
    ActionText(
        "9.4",
        "An increased awareness of private fostering across all agencies and increased reporting "
        "as a result.",
        "By March 2019.",
        "Multi agency awareness campaign to be launched on the 4th November 2019",
        note="The plan numbers this action 9.3 (a second 9.3); renumbered 9.4.",
    ),
)


@dataclass(frozen=True)
class Rating:
    """The RAG of one update with its exception report and any revised due date."""

    rag: Rag
    reason: str = ""
    recovery: str = ""
    revised_due: date | None = None
    note: str = ""


@dataclass(frozen=True)
class EarlierUpdate:
    """An illustrative update for a period before the plan's October 2019 update."""

    rating: Rating
    progress: str


B, G, A, R = Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED


def _r(rag: Rag, reason: str = "", recovery: str = "", revised_due: date | None = None) -> Rating:
    return Rating(rag, reason, recovery, revised_due)


#: Ratings of the October 2019 update, judged from each action's progress text.
LATEST_RATINGS: dict[str, Rating] = {
    "1.1": _r(G),
    "1.2": _r(B),
    "1.3": _r(B),
    "1.4": _r(G),
    "1.5": _r(B),
    "1.6": _r(B),
    "1.7": _r(B),
    "1.8": _r(B),
    "1.9": _r(B),
    "1.10": Rating(
        A,
        "The refocused business support was due by June 2019 and will now be delivered by "
        "December 2019.",
        "Delivery of the new business support arrangements is tracked monthly by the Children's "
        "Improvement Board until December 2019.",
        date(2019, 12, 31),
        "Revised due from the plan's progress text (December 2019).",
    ),
    "2.1": _r(B),
    "2.2": _r(B),
    "2.3": Rating(
        B,
        note="The Target says 'Completed.'; the progress reports use being checked monthly, so "
        "Blue (completed and ongoing).",
    ),
    "2.4": _r(G),
    "2.5": Rating(
        A,
        "The review at the end of March 2019 found that DCT Eligibility Criteria are needed "
        "before thresholds are applied consistently.",
        "The DCT Eligibility Criteria document protocol launches on 4 November 2019; its use is "
        "then checked through case file reviews.",
        date(2019, 11, 4),
        "Revised due from the plan's progress text (4 November 2019).",
    ),
    "2.6": _r(B),
    "3.1": _r(B),
    "3.2": _r(B),
    "3.3": _r(B),
    "4.1": _r(B),
    "4.2": _r(G),
    "4.3": Rating(
        B,
        note="Progress says 'embedded as part of BAU processes', so Blue (completed and ongoing).",
    ),
    "4.4": _r(
        A,
        "Care plans for children placed outside Haringey are not always amended promptly; the "
        "review found more partnership work with agencies there is needed.",
        "Partnership building work with agencies outside Haringey, reported to the Children's "
        "Improvement Board each quarter.",
        date(2020, 3, 31),
    ),
    "4.5": _r(B),
    "4.6": _r(B),
    "5.1": _r(
        R,
        "The service review found that the strategy is not delivering sufficient placements for "
        "all children and young people, especially adolescents who are difficult to place near "
        "their homes.",
        "Adopt the pan-London approach to commissioning placements, with a placement sufficiency "
        "action plan reported to the Children's Improvement Board each month.",
    ),
    "5.2": _r(
        A,
        "The service review identifies challenges in securing placements for adolescents who "
        "are difficult to place.",
        "Haringey is pressing for early adoption of the pan-London approach and reports progress "
        "to the Children's Improvement Board each quarter.",
    ),
    "5.3": _r(B),
    "6.1": _r(B),
    "6.2": _r(B),
    "6.3": _r(B),
    "6.4": _r(B),
    "7.1": _r(B),
    "7.2": Rating(
        A,
        "The first joint report, due by May 2019, waits for the new Multi-Agency Safeguarding "
        "Arrangements (MASA) to be in place.",
        "The first monitoring report goes to the new MASA in December 2019, then quarterly.",
        date(2019, 12, 31),
        "Revised due from the plan's progress text (December 2019).",
    ),
    "8.1": _r(G),
    "8.2": _r(B),
    "9.1": _r(B),
    "9.2": _r(B),
    "9.3": _r(
        A,
        "Due by March 2019; more private fostering arrangements are expected to be identified "
        "once the multi agency awareness campaign launches on 4 November 2019.",
        "Campaign launches on 4 November 2019; contacts from the Admissions service to MASH are "
        "monitored monthly.",
        date(2020, 3, 31),
    ),
    "9.4": _r(
        A,
        "Due by March 2019; the multi agency awareness campaign launches on 4 November 2019.",
        "Campaign launches with partners through the LSCB on 4 November 2019; reporting by "
        "agencies is monitored monthly.",
        date(2020, 3, 31),
    ),
}


def _e(progress: str, rag: Rag, reason: str = "", recovery: str = "") -> EarlierUpdate:
    return EarlierUpdate(Rating(rag, reason, recovery), progress)


#: Illustrative updates for March and June 2019, by ref.
EARLIER_UPDATES: dict[str, tuple[EarlierUpdate, EarlierUpdate]] = {
    "1.1": (
        _e("Plans are checked in supervision and at reviews; monthly audits have started.", G),
        _e("This remains on track; monthly audits show more plans are current and SMART.", G),
    ),
    "1.2": (
        _e("Completed: practice standards reviewed and published on Tri.x.", B),
        _e("Completed; next six-monthly review by the Director and ADs in the autumn.", B),
    ),
    "1.3": (
        _e("Completed: the case file audit tool is used by all teams.", B),
        _e("Completed; the quality of audits is reviewed every six months.", B),
    ),
    "1.4": (
        _e(
            "January 2019 audits found 35% of assessments good or better against the more "
            "rigorous standard; assessment tools and training are being rolled out.",
            A,
            "The more rigorous audit standard lowered the baseline from 47% to 35%.",
            "New assessment tools, training and monthly audits, aiming for 60% by September 2019.",
        ),
        _e("Monthly audits show a rising share of assessments rated good.", G),
    ),
    "1.5": (
        _e("Assessment tools are being designed with practitioners for April 2019.", G),
        _e("Completed: assessment tools published for practitioners in April 2019.", B),
    ),
    "1.6": (
        _e("Training on the new assessment tools is planned for April 2019.", G),
        _e("Completed: staff briefed and trained on the assessment tools.", B),
    ),
    "1.7": (
        _e("The 2019/20 training programme is being drawn up.", G),
        _e("Enhanced training programme published; a Children's Social Care Academy is agreed.", G),
    ),
    "1.8": (
        _e(
            "Thematic audits under way; 35% of assessments audited good in January 2019 against "
            "60% for April 2019.",
            A,
            "The more rigorous audit process lowered the baseline.",
            "Assessment tools and training rolled out; audit findings reviewed monthly.",
        ),
        _e("Audits show steady improvement; feedback forms are being developed.", G),
    ),
    "1.9": (
        _e("Staff engagement events held in February and March 2019; feedback collected.", G),
        _e("Completed; engagement meetings scheduled for 2019/20.", B),
    ),
    "1.10": (
        _e("Review of business support under way for June 2019.", G),
        EarlierUpdate(
            Rating(
                A,
                "Consultation on the new business support structure took longer than planned.",
                "New structure to be in place by December 2019.",
                date(2019, 12, 31),
            ),
            "Business support changes delayed; new structure expected by December 2019.",
        ),
    ),
    "2.1": (
        _e("In-house briefing sessions for DCT practitioners under way.", G),
        _e("In-house briefings completed; external sessions booked for July 2019.", G),
    ),
    "2.2": (
        _e("Training on working with disabled children is being commissioned.", G),
        _e("Training on working with disabled children being delivered internally.", G),
    ),
    "2.3": (
        _e("Completed: practice standards and tools launched to all staff.", B),
        _e("Completed; use is checked at the monthly QA Management meetings.", B),
    ),
    "2.4": (
        _e("December 2018 audits completed; quarterly audits start in April 2019.", G),
        _e("The first quarterly audit shows continued improvement.", G),
    ),
    "2.5": (
        _e("Review of DCT cases planned for the end of March 2019.", G),
        _e(
            "The review found thresholds applied inconsistently; DCT Eligibility Criteria are "
            "being drafted.",
            A,
            "The review found that DCT Eligibility Criteria are needed.",
            "Draft DCT Eligibility Criteria to be agreed and launched in the autumn.",
        ),
    ),
    "2.6": (
        _e("Completed: Child Protection Advisers linked to the DCT.", B),
        _e("Completed; advisers continue to work alongside DCT managers.", B),
    ),
    "3.1": (
        _e("Supervision rates rising towards 95% under the new policy.", G),
        _e("Target achieved; supervision monitored weekly.", B),
    ),
    "3.2": (
        _e("Managers are increasing the rate of supervision and management oversight.", G),
        _e("Target achieved; oversight checked in audits.", B),
    ),
    "3.3": (
        _e(
            "February 2019 baseline: 38% of audits had good quality of supervision.",
            A,
            "Quality of supervision starts from a low baseline (38%).",
            "Supervision training for managers and weekly performance reports.",
        ),
        _e("Weekly performance reports show oversight recorded more consistently.", G),
    ),
    "4.1": (
        _e("Performance reports being changed to show every permanence decision.", G),
        _e("Permanence decisions recorded for nearly all children in care.", G),
    ),
    "4.2": (
        _e("Monthly tracking of care plans has started.", G),
        _e(
            "Monthly tracking in place; drift reported to the Case Management and Resources Panel.",
            G,
        ),
    ),
    "4.3": (
        _e("Permanence plans being scheduled for the Case Management and Resources Panel.", G),
        _e("Most cases needing a panel decision presented; the rest scheduled for July 2019.", G),
    ),
    "4.4": (
        _e("Care plan amendments monitored through reviews.", G),
        _e(
            "Delays found in amending care plans for children placed outside Haringey.",
            A,
            "Amending these care plans depends on agencies outside Haringey.",
            "Review of partnership arrangements with agencies outside Haringey.",
        ),
    ),
    "4.5": (
        _e("Terms of reference for the Islington peer review being drafted.", G),
        _e("Terms of reference agreed in April 2019; peer review scheduled for July 2019.", B),
    ),
    "4.6": (
        _e("First quarterly report to QPN presented in December 2018.", G),
        _e("Quarterly reports to QPN in place.", B),
    ),
    "5.1": (
        _e("Placement numbers monitored against the strategy's targets.", G),
        _e(
            "Placements for adolescents are below the strategy's targets; service review begun.",
            A,
            "Not enough local placements for adolescents with complex needs.",
            "Service review of placement sufficiency to report in the autumn.",
        ),
    ),
    "5.2": (
        _e("Haringey is taking part in London-wide planning for adolescent placements.", G),
        _e("London-wide plans progressing; agreements aimed for 2021.", G),
    ),
    "5.3": (
        _e("Early care planning in place for young people entering care.", G),
        _e("Care planning reviewed at the Case Management and Resources Panel.", G),
    ),
    "6.1": (
        _e("Completed: framework and guidance launched in December 2018.", B),
        _e("Completed; to be tested in the Islington peer review.", B),
    ),
    "6.2": (
        _e("Recruitment of experienced auditors under way.", G),
        _e("Auditors recruited; benchmarking exercise under way.", G),
    ),
    "6.3": (
        _e("Recruitment to the Quality Assurance team under way.", G),
        _e("Recruitment nearly complete; thematic audits planned.", G),
    ),
    "6.4": (
        _e("Completed: practice weeks held in September 2018 and February 2019.", B),
        _e("Completed; multi agency practice weeks being scheduled for 2019/20.", B),
    ),
    "7.1": (
        _e("Multi agency Task and Finish group set up to review governance.", G),
        _e("Task and Finish group review completed; new governance agreed.", B),
    ),
    "7.2": (
        _e("Joint report format being agreed with Community Safety and the YOS.", G),
        _e(
            "First joint report delayed until the new MASA is in place.",
            A,
            "The report will go to the new MASA, which is not yet in place.",
            "Report to be produced for the first MASA meeting.",
        ),
    ),
    "8.1": (
        _e(
            "Take-up of return home interviews was 47% in quarter 3, 2018; the service is "
            "under review.",
            A,
            "Take-up of return home interviews is low (47% in quarter 3, 2018).",
            "Service review of the return home interview offer.",
        ),
        _e("Service review recommends delivering return home interviews in-house.", G),
    ),
    "8.2": (
        _e("Completed: first report in the new format produced in March 2019.", B),
        _e("Quarterly report for January to March 2019 produced and monitored.", B),
    ),
    "9.1": (
        _e("Assessments of privately fostered children checked through audits.", G),
        _e("Every identified private fostering case has an assessment in progress.", G),
    ),
    "9.2": (
        _e("Private fostering training for social workers planned for June 2019.", G),
        _e("Completed: training delivered to social workers in June 2019.", B),
    ),
    "9.3": (
        _e("Work with the Admissions service to increase contacts to MASH has started.", G),
        _e(
            "No rise yet in contacts from the Admissions service; an awareness campaign is "
            "being planned.",
            A,
            "No rise yet in private fostering arrangements identified.",
            "Multi agency awareness campaign planned for the autumn.",
        ),
    ),
    "9.4": (
        _e("Awareness raising with partner agencies through the LSCB planned.", G),
        _e(
            "Awareness campaign with partner agencies moved to the autumn.",
            A,
            "Campaign materials were not ready.",
            "Campaign to be launched with the LSCB in the autumn.",
        ),
    ),
}


@dataclass(frozen=True)
class MeasureText:
    """A performance measure named by the plan, with the refs it evidences."""

    id: str
    name: str
    refs: tuple[str, ...]
    description: str


MEASURES: tuple[MeasureText, ...] = (
    MeasureText(
        "M1",
        "Assessments audited as good or better",
        ("1.4", "1.8"),
        "Share of audited assessments reaching at least 'good' (case file audits); working "
        "towards 100% after December 2019.",
    ),
    MeasureText("M2", "Timeliness of assessment", ("1.4",), "Share of assessments on time."),
    MeasureText(
        "M3",
        "Audits with good quality of supervision",
        ("3.3",),
        "Share of audits finding good quality of supervision.",
    ),
    MeasureText(
        "M4",
        "Cases receiving management oversight/supervision",
        ("3.1", "3.2"),
        "Share of cases receiving management oversight or supervision.",
    ),
    MeasureText(
        "M5",
        "Take up of return home interviews",
        ("8.1",),
        "Share of children who went missing who took up a return home interview.",
    ),
    MeasureText(
        "M6",
        "Audits including feedback from children, families and professionals",
        ("1.8", "2.1"),
        "Share of audits that include evaluation and feedback from children, their families and "
        "trusted professionals.",
    ),
    MeasureText(
        "M7",
        "Permanence decisions made through panel",
        ("4.3",),
        "Share of cases requiring a permanence decision through the Case Management and "
        "Resources Panel that have one.",
    ),
    MeasureText(
        "M8",
        "DCT audits: quality and timeliness of assessment",
        ("2.1",),
        "Share of audited Disabled Children's Team assessments judged good for quality and "
        "timeliness.",
    ),
)

_UNDATED_ACTUAL = " Dated at the update period; the plan gives no date."
_INFERRED = " Inferred: the plan gives no figure, so the value shown is the target it says was met."

#: (measure, date, kind, value, note quoting the plan)
MEASURE_VALUES: tuple[tuple[str, date, str, float, str], ...] = (
    (
        "M1",
        date(2018, 10, 31),
        "Baseline",
        47,
        "1.4: 'The baseline for audits reaching the standard of at least 'good' has been "
        "reduced to 35% (Jan 2019) from 47% at Oct. 2018.'",
    ),
    (
        "M1",
        date(2019, 1, 31),
        "Baseline",
        35,
        "1.4: 'The baseline ... has been reduced to 35% (Jan 2019) from 47% at Oct. 2018. This "
        "is an outcome of the more rigorous audit process.' (revised baseline)",
    ),
    (
        "M1",
        date(2019, 4, 30),
        "Target",
        60,
        "1.8 target: 'April 2019, 60% of audits demonstrate good assessment'",
    ),
    ("M1", date(2019, 9, 30), "Target", 60, "1.4 target: 'At least 60% by Sept 2019.'"),
    (
        "M1",
        date(2019, 12, 31),
        "Target",
        85,
        "1.4 target: '85% by Dec 2019 and then working towards 100%.'; 1.8: '85% by December 2019'",
    ),
    (
        "M1",
        AS_AT,
        "Actual",
        87,
        "1.4 progress: 'Quality of assessment improved with 87% classified as good'."
        + _UNDATED_ACTUAL,
    ),
    (
        "M2",
        AS_AT,
        "Actual",
        95,
        "1.4 progress: 'a) Timeliness of assessment improved 95%'." + _UNDATED_ACTUAL,
    ),
    (
        "M3",
        date(2019, 2, 28),
        "Baseline",
        38,
        "3.3 target: 'Baseline 38% of audits had good quality of supervision in February 2019'",
    ),
    ("M3", date(2019, 4, 30), "Target", 50, "3.3 target: 'Targets 50% by April 2019'"),
    ("M3", date(2019, 9, 30), "Target", 80, "3.3 target: '... and 80% by Sept 2019.'"),
    (
        "M3",
        AS_AT,
        "Actual",
        80,
        "3.3 progress: 'Target achieved and monitored as part of BAU processes.'" + _INFERRED,
    ),
    (
        "M4",
        date(2019, 4, 30),
        "Target",
        95,
        "3.1 and 3.2 target: '95% of cases to receive management oversight/supervision by "
        "April 2019.'",
    ),
    (
        "M4",
        AS_AT,
        "Actual",
        95,
        "3.1 and 3.2 progress: 'Target achieved and monitored as part of BAU processes.'"
        + _INFERRED,
    ),
    (
        "M5",
        date(2018, 12, 31),
        "Baseline",
        47,
        "8.1: 'There is increased take up of return home interviews from the baseline of 47% in "
        "quarter 3, 2018.' Quarter 3 of 2018/19 ends on 31 December 2018.",
    ),
    (
        "M6",
        date(2019, 12, 31),
        "Target",
        85,
        "1.8 target: '85% of cases audited will include evaluation and feedback from children, "
        "their families and trusted professionals.'; 2.1: '85% of audits will include feedback "
        "from children and young people and trusted professionals.' The plan gives no date: "
        "31/12/2019 (1.8's other 85% target date) is illustrative.",
    ),
    (
        "M7",
        date(2019, 6, 30),
        "Target",
        100,
        "4.3 target: 'All cases that require a decision through panel – target is 100% by June "
        "2019.'",
    ),
    (
        "M8",
        AS_AT,
        "Actual",
        87,
        "2.1 progress: 'Audit indicate quality and timeliness of assessment improved 87%'."
        + _UNDATED_ACTUAL,
    ),
)

#: The extra ``Note`` columns the example adds after the contract's columns.
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "RAG": ("Note",),
    "Areas": ("Note",),
    "Actions": ("Note",),
    "Updates": ("Note",),
    "Glossary": ("Note",),
}

_SEED_PROGRESS = "Progress is the plan's text, word for word."
_RAG_NOTE = "RAG is illustrative (the plan does not keep each action's colour)."
_EXCEPTION_NOTE = "Reason and Recovery are illustrative."
_REVISED_NOTE = "Revised due is illustrative."
_EARLIER_NOTE = "Illustrative earlier period: RAG and progress are not in the plan."


def _area_rows() -> list[dict[str, object]]:
    return [
        {
            "Area": area.id,
            "Title": area.title,
            "Outcomes": "\n".join(area.outcomes),
            "Summary": area.summary,
            "Note": " ".join(filter(None, ["Summary is illustrative.", area.note])),
        }
        for area in AREAS
    ]


def _action_rows() -> list[dict[str, object]]:
    return [
        {
            "Ref": action.ref,
            "Area": action.ref.split(".")[0],
            "Action": action.text,
            "Target": action.target,
            "Due": action.due,
            "Note": action.note,
        }
        for action in ACTIONS
    ]


def _latest_note(action: ActionText, rating: Rating) -> str:
    parts = [_SEED_PROGRESS, action.progress_note, _RAG_NOTE, rating.note]
    if rating.reason or rating.recovery:
        parts.append(_EXCEPTION_NOTE)
    if rating.revised_due and "Revised due" not in rating.note:
        parts.append(_REVISED_NOTE)
    return " ".join(p for p in parts if p)


def _update_row(
    period: date, ref: str, rating: Rating, progress: str, note: str
) -> dict[str, object]:
    return {
        "Period": period,
        "Ref": ref,
        "RAG": rating.rag.code,
        "Progress": progress,
        "Reason": rating.reason or None,
        "Recovery": rating.recovery or None,
        "Revised due": rating.revised_due,
        "Note": note,
    }


def _update_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for period_index, period in enumerate((MARCH, JUNE)):
        for action in ACTIONS:
            earlier = EARLIER_UPDATES[action.ref][period_index]
            rows.append(
                _update_row(period, action.ref, earlier.rating, earlier.progress, _EARLIER_NOTE)
            )
    for action in ACTIONS:
        rating = LATEST_RATINGS[action.ref]
        note = _latest_note(action, rating)
        rows.append(_update_row(AS_AT, action.ref, rating, action.progress, note))
    return rows


def _glossary_rows() -> list[dict[str, object]]:
    seed: list[dict[str, object]] = [
        {"Term": t, "Meaning": m, "Note": ""} for t, m in SEED_ACRONYMS
    ]
    added: list[dict[str, object]] = [
        {"Term": t, "Meaning": m, "Note": "Added: used in the plan's text but not in its list."}
        for t, m in ADDED_ACRONYMS
    ]
    return seed + added


def _rag_rows() -> list[dict[str, object]]:
    from boardpack.model import DEFAULT_RAG_KEY

    return [
        {
            "Code": rag.code,
            "Status": rag.word,
            "Meaning": meaning,
            "Colour": DEFAULT_RAG_KEY[rag].colour,
            "Note": "Meaning as worded in the plan; standard colour.",
        }
        for rag, meaning in RAG_KEY
    ]


def example_data() -> dict[str, list[dict[str, object]]]:
    """The example's rows by sheet, ready for :func:`boardpack.workbook.writer.write_master`."""
    return {
        "RAG": _rag_rows(),
        "Areas": _area_rows(),
        "Actions": _action_rows(),
        "Updates": _update_rows(),
        "Measures": [
            {
                "Measure": m.id,
                "Name": m.name,
                "Unit": "%",
                "Better": "higher",
                "Actions": ", ".join(m.refs),
                "Description": m.description,
            }
            for m in MEASURES
        ],
        "Measure values": [
            {"Measure": m, "Date": d, "Kind": kind, "Value": value, "Note": note}
            for m, d, kind, value, note in MEASURE_VALUES
        ],
        "Glossary": _glossary_rows(),
    }


def example_report() -> list[ReportRow]:
    """The example's Report rows: (field, value, note)."""
    return list(REPORT)
