"""The variables the Word templates can use, built from a :class:`PackStatus`.

:class:`PackContext` is what a template sees: its fields are the top-level names
(``report``, ``areas``, ``exceptions`` ...) and each class below documents the names
inside one of them. Everything is plain data (strings, numbers, lists and the frozen
classes here), so a template can only print it; a chart's ``image`` is the picture the
renderer places. Multi-paragraph text (``"\\n"`` between paragraphs in the model) is a
list of paragraphs, so a template prints each as its own Word paragraph. Jinja reads a
field as ``action.ref`` or ``action["ref"]`` alike.

Shares round half up (R10). The RAG key and counts keep the order of the workbook's
``RAG`` sheet. Direction of travel of an area is the rules' ``AreaStatus.movement``:
its RAG now against its RAG at the previous period, both rolled up by rule R6.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date

from boardpack.charts.specs import KEY_MEASURES_CHART, SUMMARY_CHARTS
from boardpack.dates import long_date
from boardpack.model import RAG_DISPLAY_ORDER, Rag, RagKeyEntry, Report, natural_key
from boardpack.status import ActionStatus, AreaStatus, Chart, MeasureStatus, PackStatus

NO_RATING_COLOUR = "FFFFFF"
ARROWS = {"improved": "▲", "declined": "▼", "unchanged": "►", "new": "●"}
MEASURE_WORDS = {
    "met": "Met",
    "off_track": "Off track",
    "no_target": "No target",
    "no_data": "No data",
}


# ------------------------------------------------------------------ what templates see


@dataclass(frozen=True)
class Rated:
    """A RAG rating as a template prints it (an action's, an area's, a key row's)."""

    word: str
    """The rating in words (``Red``), or ``Not rated``."""
    code: str
    """Its code (``R``), empty when not rated."""
    colour: str
    """The cell fill from the RAG key, six hex digits in capitals (``FFFFFF`` unrated)."""
    label: str
    """The text a RAG cell prints: the word, or for an action the word, arrow and movement
    (``Red ▼ declined``), or for a key row the word and code (``Red (R)``)."""


@dataclass(frozen=True)
class ActionContext(Rated):
    """One action: its rating (the fields of :class:`Rated`), text, dates and position."""

    ref: str
    """The action's Ref as typed (``1.10``)."""
    area: str
    """Its Area id."""
    area_heading: str
    """Its area as a heading (``1. Title``)."""
    text: list[str]
    """The action's text, as paragraphs."""
    summary: str
    """The first paragraph of its text."""
    short: str
    """Its text shortened at a word boundary (130 characters), for the briefing."""
    brief: str
    """Its text shortened to 90 characters, where a reminder is enough (the changes)."""
    target: list[str]
    """The original target or timescale, as paragraphs."""
    owner: str
    """Who owns it, empty when not given."""
    progress: list[str]
    """This period's progress, as paragraphs (empty without an update)."""
    reason: list[str]
    """Why it is Red or Amber, as paragraphs."""
    recovery: list[str]
    """What is being done to recover, as paragraphs."""
    reason_short: str
    """The reason shortened for the briefing (160 characters)."""
    recovery_short: str
    """The recovery shortened for the briefing (160 characters)."""
    revised_due: str
    """The revised due date of the update, or ``None set``."""
    due: str
    """The date it is due (revised or original), or ``No date``."""
    original_due: str
    """The original due date, or ``No date``."""
    movement: str
    """Its rating against the previous period: improved, declined, unchanged or new."""
    arrow: str
    """The arrow of ``movement`` (▲ ▼ ► ●)."""
    previous: Rated
    """The rating at the previous period."""
    overdue: bool
    """Not complete and due before the as-at date."""
    days_overdue: int
    """Days past its due date (0 unless overdue)."""
    days_overdue_words: str
    """``days_overdue`` in words (``1 day``, ``12 days``)."""
    due_soon: bool
    """Due within the Report's due-soon window."""
    due_before_meeting: bool
    """Due before the meeting date."""
    slipped: bool
    """Its due date was revised to a later one."""
    days_slipped: int
    """Days its due date moved (0 unless slipped)."""
    slipped_words: str
    """``slipped N days``, empty unless slipped."""
    revised: str
    """``Revised to <date> (slipped N days)``, empty unless slipped."""
    position: str
    """Why it is overdue, slipped or due soon, in words."""
    stale: bool
    """Its latest update is from an earlier period."""
    updated: str
    """The period of its update, or ``No update``."""
    timing: str
    """Its due date, with the days overdue when it is, or the date it was due when it
    slipped."""


@dataclass(frozen=True)
class ConflictContext(ActionContext):
    """An action whose reported rating differs from the one rule R3 suggests."""

    suggested: Rated
    """The rating the timescale rules suggest."""
    why: str
    """The due date (and days overdue) behind the suggestion."""


@dataclass(frozen=True)
class ChartContext:
    """A chart placed in a document."""

    name: str
    """The chart's file name without ``.png`` (``rag-by-period``, ``measure-M1``)."""
    title: str
    """Its short title."""
    caption: str
    """``Chart: <measure or title>``."""
    alt_text: str
    """The alternative text, with all its numbers."""
    width_cm: float
    """The width it was drawn for."""
    image: object
    """The picture itself, placed by ``{{ chart.image }}`` (the chart's name when no
    picture is made)."""


@dataclass(frozen=True)
class Direction:
    """An area's direction of travel."""

    word: str
    """improved, declined, unchanged or new (the area's rolled-up rating, rule R6)."""
    arrow: str
    """The arrow of ``word``."""
    improved: int
    """How many of its actions improved."""
    declined: int
    """How many of its actions declined."""


@dataclass(frozen=True)
class AreaContext(Rated):
    """One area for improvement: its rolled-up rating (the fields of :class:`Rated`),
    its actions and what it shows of its measures."""

    id: str
    """The Area id."""
    title: str
    """The area's title."""
    heading: str
    """``<id>. <title>``."""
    rating: str
    """Its rating in words, with movement and counts (``Overall rating: Amber (declined
    from Green). Actions: 1 Red, 2 Green.``)."""
    outcomes: list[str]
    """The outcomes, one a line."""
    lead: str
    """Who leads the area."""
    summary: list[str]
    """The area's summary, as paragraphs."""
    summary_text: str
    """The summary in one paragraph, or the counts when there is none."""
    summary_short: str
    """The summary shortened for the briefing (160 characters), or the counts."""
    counts: dict[str, int]
    """Actions by rating word."""
    counts_text: str
    """The counts in words (``1 Red, 2 Green``), empty when it has no rated action."""
    actions: list[ActionContext]
    """Its actions, in ref order."""
    charts: list[ChartContext]
    """The measure charts first shown under it, each with a ``caption``."""
    measure_lines: list[str]
    """Its measures with fewer than two figures, and those charted under an earlier
    area, as lines of text."""
    direction: Direction
    """Its direction of travel."""


@dataclass(frozen=True)
class MeasureContext:
    """A measure as both documents print it, judged against one target."""

    id: str
    """The measure's id (``M1``)."""
    name: str
    """Its name, on one line."""
    unit: str
    """``%``, ``number`` or ``days``."""
    better: str
    """``higher`` or ``lower``."""
    description: str
    """How it is measured."""
    latest: str
    """The latest actual figure and its date, or ``No data``."""
    target: str
    """The target it is judged against (else the next one set) and its date, or
    ``No target``."""
    status: str
    """``met``, ``off_track``, ``no_target`` or ``no_data`` (rule R7)."""
    status_word: str
    """The status in words (``Off track``, ``No target due yet``)."""
    line: str
    """The whole measure as one line of text."""


@dataclass(frozen=True)
class KeyMeasures:
    """The briefing's key measures."""

    measures: list[MeasureContext]
    """The measures with figures, off track first, at most five."""
    sentence: str
    """Names or counts the measures left out, empty when none is."""


@dataclass(frozen=True)
class ActionList:
    """A list of actions and the sentence that introduces it."""

    actions: list[ActionContext]
    """The actions listed."""
    sentence: str
    """What the list holds, with its counts; each template says what its own table lists."""


@dataclass(frozen=True)
class Slipped:
    """The slipped actions."""

    actions: list[ActionContext]
    """The actions whose due date was revised to a later one, in ref order."""


@dataclass(frozen=True)
class DueSoon:
    """The actions due soon."""

    actions: list[ActionContext]
    """The actions due within the due-soon window or before the meeting, in ref order."""
    heading: str
    """``Due in the next N days``."""
    sentence: str
    """How many are due soon."""


@dataclass(frozen=True)
class Conflicts:
    """The actions whose reported rating differs from the suggested one."""

    actions: list[ConflictContext]
    """Those actions, in ref order."""
    sentence: str
    """How many there are, and what to do about them."""


@dataclass(frozen=True)
class Changes:
    """The actions whose rating changed since the previous period."""

    heading: str
    """``Changes since <previous period>``."""
    sentence: str
    """How many improved and declined."""
    actions: list[ActionContext]
    """The actions that improved or declined, in ref order."""


@dataclass(frozen=True)
class RagCount(Rated):
    """One rating's count in the summary (the fields of :class:`Rated`)."""

    count: str
    """How many actions have it."""
    share: str
    """Their share of all actions, a whole percentage rounded half up (R10)."""


@dataclass(frozen=True)
class RagKeyRow(Rated):
    """One row of the RAG key (the fields of :class:`Rated`; ``label`` is ``Red (R)``)."""

    meaning: str
    """What the rating means, from the workbook's RAG sheet."""


@dataclass(frozen=True)
class Summary:
    """The plan at a glance."""

    total: str
    """How many actions the plan has."""
    counts: list[RagCount]
    """The count of each rating, in the RAG key's order."""
    sentence: str
    """The counts in one sentence, with the as-at date."""
    charts: list[ChartContext]
    """The summary charts: RAG by period, then RAG by area."""


@dataclass(frozen=True)
class GlossaryTerm:
    """One glossary entry."""

    term: str
    """The term or abbreviation."""
    meaning: str
    """What it means."""


@dataclass(frozen=True)
class BriefingAreas:
    """The briefing's areas."""

    areas: list[AreaContext]
    """All the areas, or the nine that most need attention (Red, then Amber, then
    declined), in plan order."""
    sentence: str
    """Which areas are shown and where the rest are, empty when all are."""


@dataclass(frozen=True)
class Briefing:
    """The briefing's lists, capped to keep it to three pages."""

    areas: BriefingAreas
    """The areas it shows."""
    exceptions: ActionList
    """Its first Red and Amber actions, Red first, with a sentence saying how many more
    are in the members' update."""
    attention: ActionList
    """Its first overdue, due-before-the-meeting (or due-soon) and slipped actions."""
    glossary: list[GlossaryTerm]
    """The glossary entries whose term the briefing itself uses."""


@dataclass(frozen=True)
class Headline:
    """The briefing's headline."""

    numbers: str
    """The counts: complete, on track, needing attention, overdue and slipped."""
    points: list[str]
    """What is Red, what declined and which measures are off track, one sentence each."""
    text: str
    """``numbers`` and ``points`` in one paragraph."""


@dataclass(frozen=True)
class ReportContext:
    """The Report sheet's fields as they print.

    Committee-report text fields are lists of paragraphs, empty when the workbook
    leaves the field out; a template prints a statutory comment left out as
    "No comments received".
    """

    organisation: str
    """The council."""
    title: str
    """The report's title."""
    meeting: str
    """The meeting the pack is for."""
    meeting_date: str
    """The meeting's date, empty when not set."""
    meeting_line: str
    """The meeting and its date, or ``Not set``."""
    addressee: str
    """Whom the recommendations are put to: the Meeting, else the cabinet member, else
    ``The meeting``."""
    recommend_to: str
    """The addressee and the meeting date."""
    service: str
    """The service."""
    lead_officer: str
    """The lead officer."""
    cabinet_member: str
    """The cabinet member."""
    classification: str
    """The protective marking (default ``OFFICIAL``)."""
    introduction: list[str]
    """The introduction, as paragraphs."""
    purpose: list[str]
    """The briefing's purpose, as paragraphs."""
    recommendations: list[str]
    """One recommendation each."""
    as_at: str
    """The Report's As at date, empty when not set."""
    report_number: str
    """The agenda item or report reference."""
    authorised_by: str
    """Who authorised the report."""
    contact: list[str]
    """The contact, as paragraphs."""
    contact_line: str
    """The contact on one line."""
    wards: str
    """Wards affected (default ``All``)."""
    key_decision: str
    """``Yes`` or ``No``."""
    reasons: list[str]
    """Reasons for the decision, as paragraphs."""
    alternatives: list[str]
    """Alternative options, as paragraphs."""
    strategic_outcomes: list[str]
    """Strategic outcomes, as paragraphs."""
    finance_comments: list[str]
    """The chief finance officer's comments, as paragraphs."""
    legal_comments: list[str]
    """The legal comments, as paragraphs."""
    equalities_comments: list[str]
    """The equalities comments, as paragraphs."""
    background_papers: list[str]
    """One background paper each."""
    fields: dict[str, str]
    """Every field of the Report sheet by its name as typed."""


@dataclass(frozen=True)
class PackContext:
    """Everything a template sees: each field is a top-level name."""

    report: ReportContext
    """The Report sheet's fields."""
    as_at: str
    """The date the rules judge against."""
    period: str
    """The current update period, or ``No update``."""
    previous_period: str
    """The previous update period, or ``None``."""
    rag_key: list[RagKeyRow]
    """The RAG key, in the workbook's order."""
    summary: Summary
    """The counts and the summary charts."""
    changes: Changes
    """The actions whose rating changed."""
    areas: list[AreaContext]
    """Every area, in plan order."""
    exceptions: ActionList
    """The Red actions, then the Amber ones, each in ref order."""
    overdue: ActionList
    """The overdue actions, in ref order."""
    slipped: Slipped
    """The slipped actions."""
    due_soon: DueSoon
    """The actions due soon."""
    attention: ActionList
    """The overdue, slipped and due-soon actions (due soon includes all due before the
    meeting), overdue first, then by ref."""
    briefing: Briefing
    """The briefing's capped lists and its own glossary."""
    conflicts: Conflicts
    """The actions whose reported rating differs from the suggested one."""
    measures: list[MeasureContext]
    """Every measure, in sheet order."""
    key_measures: KeyMeasures
    """The briefing's key measures."""
    key_chart: ChartContext | None
    """The chart of key measures against target, or ``None`` when no measure has
    figures or the pack has no such chart."""
    glossary: list[GlossaryTerm]
    """The whole glossary."""
    headline: str
    """The briefing's headline in one paragraph."""
    headline_parts: Headline
    """The headline's numbers and points."""
    direction_note: str
    """What direction of travel compares."""

    def variables(self) -> dict[str, object]:
        """The top-level names and their values, as a template is filled with them."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def context_names() -> list[str]:
    """Every top-level name a template can use."""
    return [f.name for f in fields(PackContext)]


def texts(value: object) -> Iterator[str]:
    """Every string in ``value``: a context or any part of it (its classes, lists and
    dicts walked in order)."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            yield from texts(getattr(value, item.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)


# ------------------------------------------------------------------ building it


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs at line breaks, dropping blank lines."""
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def when(value: date | None, empty: str = "") -> str:
    return long_date(value) if value else empty


def share(count: int, total: int) -> str:
    """``count`` of ``total`` as a whole percentage rounded half up (R10: 5 of 40 is 13%)."""
    if total <= 0:
        return "0%"
    return f"{(200 * count + total) // (2 * total)}%"


#: characters of an action's text the briefing keeps, cut at a word boundary
SHORT_TEXT = 130
#: characters of a reason or recovery the briefing keeps (the members' report has all)
BRIEF_REASON = 160
#: characters of an area's summary the briefing's area table keeps
BRIEF_SUMMARY = 160
#: characters kept where only a reminder of the action is needed (the changes table)
BRIEF_TEXT = 90


def shorten(text: str, limit: int = SHORT_TEXT) -> str:
    """``text`` (its lines joined by spaces, otherwise as typed) cut at the last word
    boundary within ``limit`` characters, with "…"."""
    text = " ".join(paragraphs(text))
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head[1:] else text[:limit]
    return cut.rstrip(" ,;:.-–") + "…"


def rag_order(key: dict[Rag, RagKeyEntry]) -> list[Rag]:
    """The ratings in the order of the workbook's RAG sheet (by default Red, Amber,
    Green, Blue), any the key leaves out after them."""
    return list(key) + [rag for rag in RAG_DISPLAY_ORDER[::-1] if rag not in key]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _rag(rag: Rag | None, key: dict[Rag, RagKeyEntry]) -> Rated:
    if rag is None:
        return Rated("Not rated", "", NO_RATING_COLOUR, "Not rated")
    entry = key.get(rag)
    colour = entry.colour if entry else NO_RATING_COLOUR
    return Rated(rag.word, rag.code, colour.upper(), rag.word)


def _action(status: PackStatus, item: ActionStatus) -> ActionContext:
    key = status.plan.rag_key
    action = item.action
    update = item.update
    area = status.plan.area(action.area)
    text = paragraphs(action.text)
    rated = _rag(item.rag, key)
    return ActionContext(
        word=rated.word,
        code=rated.code,
        colour=rated.colour,
        label=f"{rated.word} {ARROWS[item.movement]} {item.movement}",
        ref=action.ref,
        area=action.area,
        area_heading=f"{area.id}. {area.title}" if area else action.area,
        text=text,
        summary=text[0] if text else "",
        short=shorten(" ".join(text)),
        brief=shorten(" ".join(text), BRIEF_TEXT),
        target=paragraphs(action.target),
        owner=action.owner,
        progress=paragraphs(update.progress) if update else [],
        reason=paragraphs(update.reason) if update else [],
        recovery=paragraphs(update.recovery) if update else [],
        reason_short=shorten(update.reason if update else "", BRIEF_REASON),
        recovery_short=shorten(update.recovery if update else "", BRIEF_REASON),
        revised_due=when(update.revised_due if update else None, "None set"),
        due=when(item.due, "No date"),
        original_due=when(item.original_due, "No date"),
        movement=item.movement,
        arrow=ARROWS[item.movement],
        previous=_rag(item.previous_rag, key),
        overdue=item.overdue,
        days_overdue=item.days_overdue,
        days_overdue_words=_plural(item.days_overdue, "day"),
        due_soon=item.due_soon,
        due_before_meeting=item.due_before_meeting,
        slipped=item.slipped,
        days_slipped=item.days_slipped,
        slipped_words=_slip_words(item),
        revised=(f"Revised to {when(item.due)} ({_slip_words(item)})" if item.slipped else ""),
        position=_position(status, item),
        stale=item.stale,
        updated=when(update.period if update else None, "No update"),
        timing=(
            f"{when(item.due, 'No date')} (overdue by {_plural(item.days_overdue, 'day')})"
            if item.overdue
            else (
                f"{when(item.due)} (was {when(item.original_due)})"
                if item.slipped
                else when(item.due, "No date")
            )
        ),
    )


def _slip_words(item: ActionStatus) -> str:
    return f"slipped {_plural(item.days_slipped, 'day')}" if item.slipped else ""


def _position(status: PackStatus, item: ActionStatus) -> str:
    """Why an action is on the overdue, slipped and due-soon list, in words."""
    parts = []
    if item.overdue:
        parts.append(f"overdue by {_plural(item.days_overdue, 'day')}")
    if item.slipped:
        parts.append(f"slipped {_plural(item.days_slipped, 'day')} from {when(item.original_due)}")
    meeting = status.plan.report.meeting_date
    if item.due_before_meeting and meeting is not None:
        parts.append(f"due before the meeting on {when(meeting)}")
    elif item.due_soon:
        parts.append(f"due within {status.plan.report.due_soon_days} days")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _conflict(status: PackStatus, item: ActionStatus, row: ActionContext) -> ConflictContext:
    """An action whose reported rating differs from the one rule R3 suggests."""
    why = (
        f"Due {when(item.due)}, {_plural(item.days_overdue, 'day')} before {when(status.as_at)}."
        if item.overdue
        else f"Due {when(item.due, 'date not set')}."
    )
    return ConflictContext(
        **vars(row), suggested=_rag(item.suggested_rag, status.plan.rag_key), why=why
    )


#: Turns a chart into what a template prints for it (the picture itself, when rendering).
ImageMaker = Callable[[Chart], object]


def _chart(chart: Chart, image: ImageMaker | None, measure: str = "") -> ChartContext:
    return ChartContext(
        name=chart.name,
        title=chart.title,
        caption=f"Chart: {measure or chart.title}",
        alt_text=chart.alt_text,
        width_cm=chart.width_cm,
        image=image(chart) if image else chart.name,
    )


@dataclass(frozen=True)
class _Shown:
    """What an area shows of one measure: its chart, or a line of text."""

    chart: ChartContext | None
    line: str


def _area(
    status: PackStatus,
    item: AreaStatus,
    actions: dict[str, ActionContext],
    measures: dict[str, list[_Shown]],
) -> AreaContext:
    area = item.area
    direction = item.movement
    moved = [a.movement for a in item.actions]
    order = rag_order(status.plan.rag_key)
    counts = ", ".join(
        f"{item.counts.get(rag.word, 0)} {rag.word}"
        for rag in order
        if item.counts.get(rag.word, 0)
    )
    rated = _rag(item.rag, status.plan.rag_key)
    rating = f"Overall rating: {rated.word}" if item.rag else "Overall rating: not rated"
    if item.movement in ("improved", "declined") and item.previous_rag is not None:
        rating += f" ({item.movement} from {item.previous_rag.word})"
    elif item.movement == "unchanged":
        rating += " (unchanged)"
    mine = measures.get(area.id, [])
    return AreaContext(
        word=rated.word,
        code=rated.code,
        colour=rated.colour,
        label=rated.label,
        id=area.id,
        title=area.title,
        heading=f"{area.id}. {area.title}",
        rating=f"{rating}. Actions: {counts or 'none'}.",
        outcomes=[o for o in (line.strip() for line in area.outcomes) if o],
        lead=area.lead,
        summary=paragraphs(area.summary),
        summary_text=" ".join(paragraphs(area.summary)) or f"Actions: {counts or 'none'}.",
        summary_short=shorten(" ".join(paragraphs(area.summary)), BRIEF_SUMMARY)
        or f"Actions: {counts or 'none'}.",
        counts=dict(item.counts),
        counts_text=counts,
        actions=[actions[a.ref] for a in sorted(item.actions, key=lambda a: natural_key(a.ref))],
        charts=[m.chart for m in mine if m.chart is not None],
        measure_lines=[m.line for m in mine if m.chart is None],
        direction=Direction(
            word=direction,
            arrow=ARROWS[direction],
            improved=moved.count("improved"),
            declined=moved.count("declined"),
        ),
    )


def _measure_areas(status: PackStatus, measure: MeasureStatus) -> list[str]:
    """The areas whose actions a measure evidences, in the plan's area order."""
    refs = set(measure.measure.action_refs)
    return [a.area.id for a in status.areas if any(x.action.ref in refs for x in a.actions)]


def _area_measures(
    status: PackStatus,
    measures: Sequence[MeasureContext],
    charts: Sequence[Chart],
    image: ImageMaker | None,
) -> dict[str, list[_Shown]]:
    """What each area shows of its measures: a chart (once in the document, under the
    first area the measure evidences) or a line of text.

    A measure drawn under an earlier area is a line that refers to it; a measure with
    no chart (fewer than two figures) is a line with its figure, target and status.
    """
    drawn = {c.measure_id: c for c in charts if c.measure_id}
    shown: dict[str, list[_Shown]] = {}
    for item, row in zip(status.measures, measures, strict=True):
        areas = _measure_areas(status, item)
        chart = drawn.get(item.measure.id)
        for index, area_id in enumerate(areas):
            if chart is not None and index == 0:
                entry = _Shown(_chart(chart, image, row.name), "")
            elif chart is not None:
                first = status.plan.area(areas[0])
                where = f"{first.id}. {first.title}" if first else areas[0]
                entry = _Shown(None, f"{row.name}: see the chart under {where}.")
            else:
                entry = _Shown(None, row.line)
            shown.setdefault(area_id, []).append(entry)
    return shown


def _number(value: float, unit: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{text}%"
    if unit == "days":
        return f"{text} days"
    return text


def _measure(item: MeasureStatus) -> MeasureContext:
    """A measure as both documents print it, judged against one target: the one its
    status is judged against, else the next one set."""
    measure = item.measure
    latest = item.latest
    target = item.judged_target or item.next_target
    latest_text = (
        f"{_number(latest.value, measure.unit)} ({when(latest.date)})" if latest else "No data"
    )
    target_text = (
        f"{_number(target.value, measure.unit)} by {when(target.date)}" if target else "No target"
    )
    status_word = MEASURE_WORDS.get(item.status, item.status)
    if item.status == "no_target" and target is not None:
        status_word = "No target due yet"
    name = " ".join((measure.name or measure.id).split())
    return MeasureContext(
        id=measure.id,
        name=name,
        unit=measure.unit,
        better=measure.better,
        description=measure.description,
        latest=latest_text,
        target=target_text,
        status=item.status,
        status_word=status_word,
        line=(
            f"{name}: {'latest ' + latest_text if latest else 'no figure yet'}; "
            f"target {target_text if target else 'not set'}; status {status_word}."
        ),
    )


#: key measures the briefing's table shows at most, off track first
MEASURE_ROWS = 5


def _key_measures(measures: Sequence[MeasureContext]) -> KeyMeasures:
    """The measures with figures, for the briefing (at most :data:`MEASURE_ROWS`, off
    track first, then in sheet order), and a sentence naming or counting the rest."""
    with_data = [m for m in measures if m.status != "no_data"]
    with_data.sort(key=lambda m: m.status != "off_track")
    waiting = [m.name for m in measures if m.status == "no_data"]
    sentence = ""
    if waiting:
        names = "; ".join(waiting) if len(waiting) <= 3 else ""
        sentence = (
            f"{_plural(len(waiting), 'measure')} {'has' if len(waiting) == 1 else 'have'} "
            f"no actual figures yet{': ' + names if names else ''}."
        )
    if len(with_data) > MEASURE_ROWS:
        sentence = (
            f"The other {len(with_data) - MEASURE_ROWS} measures with figures are set out in "
            f"the members' update report. {sentence}"
        ).strip()
    return KeyMeasures(with_data[:MEASURE_ROWS], sentence)


#: rows each briefing list shows before it leaves the rest to the members' update report,
#: so that the briefing keeps to three pages at any plan size
BRIEFING_ROWS = 4
ATTENTION_ROWS = 4
AREA_ROWS = 9
#: actions (or measures) the headline names in each of its points before "N more"
HEADLINE_REFS = 4


def _rest(shown: int, total: int, what: str) -> str:
    if total <= shown:
        return ""
    return f" The other {total - shown} {what} are set out in the members' update report."


def _briefing_areas(areas: list[AreaContext]) -> BriefingAreas:
    """The briefing's areas: all of them, or the :data:`AREA_ROWS` that most need
    attention (Red, then Amber, then declined), kept in plan order."""
    if len(areas) <= AREA_ROWS:
        return BriefingAreas(areas, "")
    rank = {"Red": 0, "Amber": 1}

    def priority(item: tuple[int, AreaContext]) -> tuple[int, int, int]:
        index, area = item
        declined = 0 if area.direction.word == "declined" else 1
        return (rank.get(area.word, 2), declined, index)

    chosen = sorted(sorted(enumerate(areas), key=priority)[:AREA_ROWS])
    return BriefingAreas(
        [area for _, area in chosen],
        f"The {AREA_ROWS} areas that most need attention are shown, Red and Amber first."
        + _rest(AREA_ROWS, len(areas), "areas"),
    )


def _briefing_lists(
    status: PackStatus,
    exceptions: list[ActionContext],
    red: int,
    attention: list[ActionContext],
    areas: list[AreaContext],
) -> tuple[BriefingAreas, ActionList, ActionList]:
    """The briefing's areas, exceptions and overdue, slipped or due-soon lists, kept
    short for its reader: each shows its most important rows and says where the rest are.
    """
    amber = len(exceptions) - red
    if not exceptions:
        exceptions_sentence = "No action is rated Red or Amber."
    else:
        exceptions_sentence = (
            f"Red: {red}; Amber: {amber}. Each is listed with what the action is, why it "
            "is off track and its recovery."
        )
        if len(exceptions) > BRIEFING_ROWS:
            exceptions_sentence = (
                f"Red: {red}; Amber: {amber}. The first {BRIEFING_ROWS}, Red first, are listed "
                "with what the action is, why it is off track and its recovery."
                + _rest(BRIEFING_ROWS, len(exceptions), "exceptions")
            )
    meeting = status.plan.report.meeting_date
    if meeting and meeting > status.as_at:
        window = f"due before the meeting on {when(meeting)}"

        def near(a: ActionContext) -> bool:
            return a.due_before_meeting
    else:
        window = f"due within {status.plan.report.due_soon_days} days"

        def near(a: ActionContext) -> bool:
            return a.due_soon

    listed = [a for a in attention if a.overdue or a.slipped or near(a)]
    soon = sum(1 for a in listed if near(a))
    # overdue first, then due before the meeting (or soon), then slipped; each in ref order
    listed.sort(key=lambda a: (not a.overdue, not near(a)))
    overdue = sum(1 for a in listed if a.overdue)
    slipped = sum(1 for a in listed if a.slipped)
    if not listed:
        attention_sentence = f"No action is overdue, slipped or {window}."
    else:
        attention_sentence = (
            f"{overdue} overdue, {slipped} slipped from {'its' if slipped == 1 else 'their'} "
            f"original date and {soon} {window}." + _rest(ATTENTION_ROWS, len(listed), "actions")
        )
    return (
        _briefing_areas(areas),
        ActionList(exceptions[:BRIEFING_ROWS], exceptions_sentence),
        ActionList(listed[:ATTENTION_ROWS], attention_sentence),
    )


def _addressee(report: Report) -> str:
    """Who the recommendations are put to: the workbook's Meeting, else the cabinet member."""
    return report.meeting or report.cabinet_member or "The meeting"


def report_context(status: PackStatus) -> ReportContext:
    """The template's ``report``: the Report sheet's fields as they print."""
    report = status.plan.report
    meeting = ", ".join(p for p in (report.meeting, when(report.meeting_date)) if p)
    addressee = _addressee(report)
    return ReportContext(
        organisation=report.organisation,
        title=report.title,
        meeting=report.meeting,
        meeting_date=when(report.meeting_date),
        meeting_line=meeting or "Not set",
        addressee=addressee[:1].upper() + addressee[1:],
        recommend_to=", ".join(p for p in (addressee, when(report.meeting_date)) if p),
        service=report.service,
        lead_officer=report.lead_officer,
        cabinet_member=report.cabinet_member,
        classification=report.classification or "OFFICIAL",
        introduction=paragraphs(report.introduction),
        purpose=paragraphs(report.purpose),
        recommendations=[r for r in (x.strip() for x in report.recommendations) if r],
        as_at=when(report.as_at),
        report_number=report.report_number,
        authorised_by=report.report_authorised_by,
        contact=paragraphs(report.contact),
        contact_line=", ".join(paragraphs(report.contact)),
        wards=report.wards or "All",
        key_decision="Yes" if report.key_decision else "No",
        reasons=paragraphs(report.reasons_for_decision),
        alternatives=paragraphs(report.alternative_options),
        strategic_outcomes=paragraphs(report.strategic_outcomes),
        finance_comments=paragraphs(report.finance_comments),
        legal_comments=paragraphs(report.legal_comments),
        equalities_comments=paragraphs(report.equalities_comments),
        background_papers=[b for b in (x.strip() for x in report.background_papers) if b],
        fields=dict(report.fields),
    )


def _names(rows: Sequence[str]) -> str:
    named = list(rows[:HEADLINE_REFS])
    if len(rows) > HEADLINE_REFS:
        named.append(f"{len(rows) - HEADLINE_REFS} more")
    return "; ".join(named)


def _sentence(text: str) -> str:
    """``text`` ended with a full stop unless it ends with one already (or "…")."""
    return text if text.endswith((".", "…", "!", "?")) else f"{text}."


def _headline(status: PackStatus, ordered: Sequence[ActionContext]) -> Headline:
    """The briefing's headline: the numbers, then what is Red and what declined."""
    counts = status.summary
    total = sum(counts.values())
    attention = counts.get("Amber", 0) + counts.get("Red", 0)
    overdue = sum(1 for a in status.actions if a.overdue)
    slipped = sum(1 for a in status.actions if a.slipped)
    numbers = (
        f"Of {_plural(total, 'action')} in the plan, {counts.get('Blue', 0)} "
        f"{'is' if counts.get('Blue', 0) == 1 else 'are'} complete (Blue), "
        f"{counts.get('Green', 0)} on track (Green) and {attention} "
        f"need{'s' if attention == 1 else ''} attention "
        f"({counts.get('Amber', 0)} Amber, {counts.get('Red', 0)} Red). "
        f"{overdue} {'is' if overdue == 1 else 'are'} overdue and {slipped} "
        f"{'has' if slipped == 1 else 'have'} slipped from {'its' if slipped == 1 else 'their'} "
        "original date."
    )
    red = [a for a in ordered if a.word == "Red"]
    declined = [a for a in ordered if a.movement == "declined"]
    points = []
    if red:
        points.append(_sentence("Red: " + _names([f"{a.ref} {shorten(a.short, 70)}" for a in red])))
    if declined:
        points.append(
            f"Declined since {when(status.previous_period)}: "
            + _names([f"{a.ref} from {a.previous.word} to {a.word}" for a in declined])
            + "."
        )
    off_track = [
        " ".join((m.measure.name or m.measure.id).split())
        for m in status.measures
        if m.status == "off_track"
    ]
    if off_track:
        points.append(_sentence("Off track against target: " + _names(off_track)))
    return Headline(numbers, points, " ".join([numbers, *points]))


def _changes(status: PackStatus, actions: Sequence[ActionContext]) -> Changes:
    moved = [a for a in actions if a.movement in ("improved", "declined")]
    previous = status.previous_period
    if previous is None:
        heading = "Changes since the previous update"
        sentence = "This is the first update, so there are no earlier ratings to compare with."
    else:
        heading = f"Changes since {when(previous)}"
        improved = sum(1 for a in moved if a.movement == "improved")
        declined = len(moved) - improved
        sentence = (
            f"Since {when(previous)}, {_plural(improved, 'action')} improved and "
            f"{_plural(declined, 'action')} declined."
            if moved
            else f"No action's rating has changed since {when(previous)}."
        )
    return Changes(heading, sentence, moved)


def _glossary_used(glossary: Sequence[GlossaryTerm], used: object) -> list[GlossaryTerm]:
    """The glossary entries whose term appears, as a whole word, in the texts of ``used``."""
    found = " ".join(texts(used))
    return [
        g for g in glossary if g.term and re.search(rf"(?<![\w]){re.escape(g.term)}(?![\w])", found)
    ]


def _attention(
    status: PackStatus, in_order: Sequence[ActionStatus], actions: dict[str, ActionContext]
) -> ActionList:
    """The members' update's list of overdue, slipped and due-soon actions (due soon
    includes everything due before the meeting): overdue first, then by ref."""
    listed = [a for a in in_order if a.overdue or a.slipped or a.due_soon or a.due_before_meeting]
    listed.sort(key=lambda a: (not a.overdue, natural_key(a.action.ref)))
    overdue = sum(1 for a in listed if a.overdue)
    slipped = sum(1 for a in listed if a.slipped)
    soon = sum(1 for a in listed if (a.due_soon or a.due_before_meeting) and not a.overdue)
    before = sum(1 for a in listed if a.due_before_meeting)
    report = status.plan.report
    meeting = report.meeting_date
    sentence = (
        f"At {when(status.as_at)}: {_plural(overdue, 'action')} overdue, "
        f"{slipped} slipped from {'its' if slipped == 1 else 'their'} original date, and "
        f"{soon} due within {report.due_soon_days} days"
    )
    if meeting and meeting > status.as_at:
        sentence += f", {before} of them before the meeting on {when(meeting)}"
    sentence += "."
    if not listed:
        sentence = (
            f"No action is overdue, slipped or due within {report.due_soon_days} days of "
            f"{when(status.as_at)}."
        )
    return ActionList([actions[a.action.ref] for a in listed], sentence)


def build_context(
    status: PackStatus, charts: Sequence[Chart], image: ImageMaker | None = None
) -> PackContext:
    """All template variables for one pack.

    Each chart's ``image`` is ``image(chart)`` (the picture a template places), or the
    chart's name when no ``image`` maker is given. Charts are found by the names
    ``charts/`` gives them (:data:`SUMMARY_CHARTS`, :data:`KEY_MEASURES_CHART`, a
    measure's ``measure_id``).
    """
    key = status.plan.rag_key
    order = rag_order(key)
    in_order = sorted(status.actions, key=lambda a: natural_key(a.ref))
    actions = {a.ref: _action(status, a) for a in in_order}
    ordered = list(actions.values())
    chart_list = list(charts)
    by_name = {c.name: c for c in chart_list}
    total = sum(status.summary.values())

    counts = []
    for rag in order:
        count = status.summary.get(rag.word, 0)
        counts.append(RagCount(**vars(_rag(rag, key)), count=str(count), share=share(count, total)))
    summary_sentence = f"The plan has {_plural(total, 'action')}: " + ", ".join(
        f"{c.count} {c.word}" for c in counts
    )
    summary_sentence += f" (as at {when(status.as_at)})."

    exceptions = [a for a in ordered if a.word == "Red"] + [a for a in ordered if a.word == "Amber"]
    overdue = [actions[a.ref] for a in in_order if a.overdue]
    slipped = [actions[a.ref] for a in in_order if a.slipped]
    due_soon = [actions[a.ref] for a in in_order if a.due_soon or a.due_before_meeting]
    conflicts = [
        _conflict(status, a, actions[a.ref]) for a in in_order if "rag_conflict" in a.flags
    ]
    soon_days = status.plan.report.due_soon_days
    measures = [_measure(m) for m in status.measures]
    key_measures = _key_measures(measures)
    key_chart = by_name.get(KEY_MEASURES_CHART)
    red = sum(1 for a in exceptions if a.word == "Red")
    area_measures = _area_measures(status, measures, chart_list, image)
    areas = [_area(status, a, actions, area_measures) for a in status.areas]
    attention = _attention(status, in_order, actions)
    report = report_context(status)
    headline = _headline(status, ordered)
    brief_areas, brief_exceptions, brief_attention = _briefing_lists(
        status, exceptions, red, attention.actions, areas
    )
    glossary = [GlossaryTerm(g.term, g.meaning) for g in status.plan.glossary]
    briefing = Briefing(
        areas=brief_areas,
        exceptions=brief_exceptions,
        attention=brief_attention,
        glossary=_glossary_used(
            glossary,
            [
                report.title,
                report.purpose,
                report.recommendations,
                headline.text,
                [(a.heading, a.summary_short) for a in brief_areas.areas],
                [
                    (a.ref, a.short, a.reason_short, a.recovery_short, a.revised_due)
                    for a in brief_exceptions.actions
                ],
                [(a.short, a.position) for a in brief_attention.actions],
                [m.name for m in key_measures.measures],
                key_measures.sentence,
            ],
        ),
    )

    return PackContext(
        report=report,
        as_at=when(status.as_at),
        period=when(status.period, "No update"),
        previous_period=when(status.previous_period, "None"),
        rag_key=[
            RagKeyRow(
                word=rag.word,
                code=rag.code,
                colour=_rag(rag, key).colour,
                label=f"{rag.word} ({rag.code})",
                meaning=key[rag].meaning if rag in key else "",
            )
            for rag in order
        ],
        summary=Summary(
            total=str(total),
            counts=counts,
            sentence=summary_sentence,
            charts=[_chart(by_name[name], image) for name in SUMMARY_CHARTS if name in by_name],
        ),
        changes=_changes(status, ordered),
        areas=areas,
        exceptions=ActionList(
            exceptions,
            (
                f"Red: {red}; Amber: {len(exceptions) - red}."
                if exceptions
                else "No action is rated Red or Amber."
            ),
        ),
        overdue=ActionList(
            overdue,
            (
                f"{_plural(len(overdue), 'action')} not yet complete "
                f"{'was' if len(overdue) == 1 else 'were'} due before {when(status.as_at)}."
                if overdue
                else f"No action is overdue at {when(status.as_at)}."
            ),
        ),
        slipped=Slipped(slipped),
        due_soon=DueSoon(
            actions=due_soon,
            heading=f"Due in the next {soon_days} days",
            sentence=(
                f"{_plural(len(due_soon), 'action')} {'is' if len(due_soon) == 1 else 'are'} "
                f"due within {soon_days} days of {when(status.as_at)}."
                if due_soon
                else f"No action is due within {soon_days} days of {when(status.as_at)}."
            ),
        ),
        attention=attention,
        briefing=briefing,
        conflicts=Conflicts(
            conflicts,
            (
                f"{_plural(len(conflicts), 'reported rating')} "
                f"{'differs' if len(conflicts) == 1 else 'differ'} from the rating the timescale "
                "rules suggest. This report prints the reported rating; the author should "
                "review these before publication."
                if conflicts
                else "Every reported rating is consistent with its timescale."
            ),
        ),
        measures=measures,
        key_measures=key_measures,
        key_chart=(
            _chart(key_chart, image) if key_chart is not None and key_measures.measures else None
        ),
        glossary=glossary,
        headline=headline.text,
        headline_parts=headline,
        direction_note=(
            "Direction of travel compares each area's rating now with its rating at "
            f"{when(status.previous_period)}."
            if status.previous_period
            else "This is the first update, so every area's direction of travel is new."
        ),
    )
