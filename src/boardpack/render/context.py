"""The variables the Word templates can use, built from a :class:`PackStatus`.

Everything here is plain data (strings, lists, dicts) so that a template can only
print it; charts appear as dicts whose ``image`` key the renderer fills in.
Multi-paragraph text (``"\\n"`` between paragraphs in the model) is a list of
paragraphs, so a template prints each as its own Word paragraph.

Top-level names: ``report`` (every Report field, plus ``fields`` by name as typed
and ``meeting_line``), ``as_at``, ``period``, ``previous_period``, ``rag_key``,
``summary``, ``changes``, ``areas``, ``exceptions``, ``overdue``, ``slipped``,
``due_soon``, ``attention``, ``briefing``, ``conflicts``, ``measures``,
``key_measures``, ``key_chart``, ``glossary``, ``headline``, ``headline_parts``,
``direction_note``.

- ``report``: the committee fields are ``report_number``, ``authorised_by``,
  ``contact`` (paragraphs; ``contact_line`` joined), ``wards`` (default All),
  ``key_decision`` (Yes or No), and the paragraphs of ``reasons``, ``alternatives``,
  ``strategic_outcomes``, ``finance_comments``, ``legal_comments``,
  ``equalities_comments`` (empty when left out) and ``background_papers``;
  ``addressee`` and ``recommend_to`` name whom the recommendations are put to.
- an action: ``short`` (its text shortened at a word boundary), ``owner``,
  ``slipped``, ``days_slipped``, ``revised`` ("Revised to ... (slipped N days)"),
  ``original_due``, ``revised_due``, ``position`` (why it is overdue, slipped or due
  soon, in words) and the briefing's shortened ``reason_short`` and ``recovery_short``.
- an area: ``rating`` (its RAG in words, with movement and counts), ``charts`` (the
  measure charts first shown under it, each with a ``caption``) and ``measure_lines``
  (measures with fewer than two figures, and those charted under an earlier area).
- ``attention``: the overdue, slipped and due-soon actions (due soon includes all due
  before the meeting), overdue first, with a ``sentence``.
- ``briefing``: the briefing's capped ``areas``, ``exceptions`` and ``attention``
  lists, each with a sentence saying how many more are in the members' update, and
  ``glossary``, the entries whose term the briefing itself uses.
- ``headline_parts``: ``numbers`` and ``points`` (what is Red, what declined, which
  measures are off track).

``key_chart`` is the chart of key measures against target (``key-measures``), or
``None`` when no measure has figures or the pack has no such chart.
``exceptions.sentence`` gives the counts only; each template says what its own table
lists. An action's ``timing`` is its due date, with the days overdue when it is.
Shares round half up (R10). The RAG key and counts keep the order of the workbook's
``RAG`` sheet.

Direction of travel of an area is the rules' ``AreaStatus.movement``: its RAG
now against its RAG at the previous period, both rolled up by rule R6.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from boardpack.charts.specs import AREA_CHART, KEY_MEASURES_CHART, PERIOD_CHART
from boardpack.dates import long_date
from boardpack.model import RAG_DISPLAY_ORDER, Rag, RagKeyEntry, Report, natural_key
from boardpack.status import ActionStatus, AreaStatus, Chart, MeasureStatus, PackStatus

Context = dict[str, Any]

NO_RATING_COLOUR = "FFFFFF"
ARROWS = {"improved": "▲", "declined": "▼", "unchanged": "►", "new": "●"}
MEASURE_WORDS = {
    "met": "Met",
    "off_track": "Off track",
    "no_target": "No target",
    "no_data": "No data",
}


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


def _rag(rag: Rag | None, key: dict[Rag, RagKeyEntry]) -> dict[str, str]:
    if rag is None:
        return {"word": "Not rated", "code": "", "colour": NO_RATING_COLOUR, "label": "Not rated"}
    entry = key.get(rag)
    colour = entry.colour if entry else NO_RATING_COLOUR
    return {"word": rag.word, "code": rag.code, "colour": colour.upper(), "label": rag.word}


def _action(status: PackStatus, item: ActionStatus) -> dict[str, Any]:
    key = status.plan.rag_key
    action = item.action
    update = item.update
    area = status.plan.area(action.area)
    text = paragraphs(action.text)
    result: dict[str, Any] = _rag(item.rag, key)
    result["label"] = f"{result['word']} {ARROWS[item.movement]} {item.movement}"
    result.update(
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
    return result


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


def _conflict(status: PackStatus, item: ActionStatus, row: dict[str, Any]) -> dict[str, Any]:
    """An action whose reported rating differs from the one rule R3 suggests."""
    why = (
        f"Due {when(item.due)}, {_plural(item.days_overdue, 'day')} before {when(status.as_at)}."
        if item.overdue
        else f"Due {when(item.due, 'date not set')}."
    )
    return {**row, "suggested": _rag(item.suggested_rag, status.plan.rag_key), "why": why}


#: Turns a chart into what a template prints for it (the picture itself, when rendering).
ImageMaker = Callable[[Chart], object]


def _chart(chart: Chart, image: ImageMaker | None, measure: str = "") -> dict[str, Any]:
    return {
        "name": chart.name,
        "title": chart.title,
        "caption": f"Chart: {measure or chart.title}",
        "alt_text": chart.alt_text,
        "width_cm": chart.width_cm,
        "image": image(chart) if image else chart.name,
    }


def _area(
    status: PackStatus,
    item: AreaStatus,
    actions: dict[str, dict[str, Any]],
    measures: dict[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    area = item.area
    direction = item.movement
    moved = [a.movement for a in item.actions]
    order = rag_order(status.plan.rag_key)
    counts = ", ".join(
        f"{item.counts.get(rag.word, 0)} {rag.word}"
        for rag in order
        if item.counts.get(rag.word, 0)
    )
    result: dict[str, Any] = _rag(item.rag, status.plan.rag_key)
    word = result["word"]
    rating = f"Overall rating: {word}" if item.rag else "Overall rating: not rated"
    if item.movement in ("improved", "declined") and item.previous_rag is not None:
        rating += f" ({item.movement} from {item.previous_rag.word})"
    elif item.movement == "unchanged":
        rating += " (unchanged)"
    mine = measures.get(area.id, [])
    result.update(
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
        charts=[m["chart"] for m in mine if m["chart"] is not None],
        measure_lines=[m["line"] for m in mine if m["chart"] is None],
        direction={
            "word": direction,
            "arrow": ARROWS[direction],
            "improved": moved.count("improved"),
            "declined": moved.count("declined"),
        },
    )
    return result


def _measure_areas(status: PackStatus, measure: MeasureStatus) -> list[str]:
    """The areas whose actions a measure evidences, in the plan's area order."""
    refs = set(measure.measure.action_refs)
    return [a.area.id for a in status.areas if any(x.action.ref in refs for x in a.actions)]


def _area_measures(
    status: PackStatus,
    measures: Sequence[dict[str, Any]],
    charts: Sequence[Chart],
    image: ImageMaker | None,
) -> dict[str, list[dict[str, Any]]]:
    """What each area shows of its measures: a chart (once in the document, under the
    first area the measure evidences) or a line of text.

    A measure drawn under an earlier area is a line that refers to it; a measure with
    no chart (fewer than two figures) is a line with its figure, target and status.
    """
    drawn = {c.measure_id: c for c in charts if c.measure_id}
    shown: dict[str, list[dict[str, Any]]] = {}
    for item, row in zip(status.measures, measures, strict=True):
        areas = _measure_areas(status, item)
        chart = drawn.get(item.measure.id)
        for index, area_id in enumerate(areas):
            if chart is not None and index == 0:
                entry: dict[str, Any] = {"chart": _chart(chart, image, row["name"]), "line": ""}
            elif chart is not None:
                first = status.plan.area(areas[0])
                where = f"{first.id}. {first.title}" if first else areas[0]
                entry = {"chart": None, "line": f"{row['name']}: see the chart under {where}."}
            else:
                entry = {"chart": None, "line": row["line"]}
            shown.setdefault(area_id, []).append(entry)
    return shown


def _number(value: float, unit: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{text}%"
    if unit == "days":
        return f"{text} days"
    return text


def _measure(item: MeasureStatus) -> dict[str, Any]:
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
    return {
        "id": measure.id,
        "name": name,
        "unit": measure.unit,
        "better": measure.better,
        "description": measure.description,
        "latest": latest_text,
        "target": target_text,
        "status": item.status,
        "status_word": status_word,
        "line": (
            f"{name}: {'latest ' + latest_text if latest else 'no figure yet'}; "
            f"target {target_text if target else 'not set'}; status {status_word}."
        ),
    }


#: key measures the briefing's table shows at most, off track first
MEASURE_ROWS = 5


def _key_measures(measures: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The measures with figures, for the briefing (at most :data:`MEASURE_ROWS`, off
    track first, then in sheet order), and a sentence naming or counting the rest."""
    with_data = [m for m in measures if m["status"] != "no_data"]
    with_data.sort(key=lambda m: m["status"] != "off_track")
    waiting = [m["name"] for m in measures if m["status"] == "no_data"]
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
    return {"measures": with_data[:MEASURE_ROWS], "sentence": sentence}


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


def _briefing_areas(areas: list[dict[str, Any]]) -> dict[str, Any]:
    """The briefing's areas: all of them, or the :data:`AREA_ROWS` that most need
    attention (Red, then Amber, then declined), kept in plan order."""
    if len(areas) <= AREA_ROWS:
        return {"areas": areas, "sentence": ""}
    rank = {"Red": 0, "Amber": 1}

    def priority(item: tuple[int, dict[str, Any]]) -> tuple[int, int, int]:
        index, area = item
        declined = 0 if area["direction"]["word"] == "declined" else 1
        return (rank.get(area["word"], 2), declined, index)

    chosen = sorted(sorted(enumerate(areas), key=priority)[:AREA_ROWS])
    return {
        "areas": [area for _, area in chosen],
        "sentence": (
            f"The {AREA_ROWS} areas that most need attention are shown, Red and Amber first."
            + _rest(AREA_ROWS, len(areas), "areas")
        ),
    }


def _briefing_lists(
    status: PackStatus,
    exceptions: list[dict[str, Any]],
    red: int,
    attention: list[dict[str, Any]],
    areas: list[dict[str, Any]],
) -> dict[str, Any]:
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
        near = "due_before_meeting"
    else:
        window = f"due within {status.plan.report.due_soon_days} days"
        near = "due_soon"
    listed = [a for a in attention if a["overdue"] or a["slipped"] or a[near]]
    soon = sum(1 for a in listed if a[near])
    # overdue first, then due before the meeting (or soon), then slipped; each in ref order
    listed.sort(key=lambda a: (not a["overdue"], not a[near]))
    overdue = sum(1 for a in listed if a["overdue"])
    slipped = sum(1 for a in listed if a["slipped"])
    if not listed:
        attention_sentence = f"No action is overdue, slipped or {window}."
    else:
        attention_sentence = (
            f"{overdue} overdue, {slipped} slipped from {'its' if slipped == 1 else 'their'} "
            f"original date and {soon} {window}." + _rest(ATTENTION_ROWS, len(listed), "actions")
        )
    briefing_attention = listed
    return {
        "areas": _briefing_areas(areas),
        "exceptions": {"actions": exceptions[:BRIEFING_ROWS], "sentence": exceptions_sentence},
        "attention": {
            "actions": briefing_attention[:ATTENTION_ROWS],
            "sentence": attention_sentence,
        },
    }


def _addressee(report: Report) -> str:
    """Who the recommendations are put to: the workbook's Meeting, else the cabinet member."""
    return report.meeting or report.cabinet_member or "The meeting"


def report_context(status: PackStatus) -> dict[str, Any]:
    """The template's ``report``: the Report sheet's fields as they print.

    Committee-report text fields are lists of paragraphs, empty when the workbook
    leaves the field out; a template prints a statutory comment left out as
    "No comments received".
    """
    report = status.plan.report
    meeting = ", ".join(p for p in (report.meeting, when(report.meeting_date)) if p)
    addressee = _addressee(report)
    return {
        "organisation": report.organisation,
        "title": report.title,
        "meeting": report.meeting,
        "meeting_date": when(report.meeting_date),
        "meeting_line": meeting or "Not set",
        "addressee": addressee[:1].upper() + addressee[1:],
        "recommend_to": ", ".join(p for p in (addressee, when(report.meeting_date)) if p),
        "service": report.service,
        "lead_officer": report.lead_officer,
        "cabinet_member": report.cabinet_member,
        "classification": report.classification or "OFFICIAL",
        "introduction": paragraphs(report.introduction),
        "purpose": paragraphs(report.purpose),
        "recommendations": [r for r in (x.strip() for x in report.recommendations) if r],
        "as_at": when(report.as_at),
        "report_number": report.report_number,
        "authorised_by": report.report_authorised_by,
        "contact": paragraphs(report.contact),
        "contact_line": ", ".join(paragraphs(report.contact)),
        "wards": report.wards or "All",
        "key_decision": "Yes" if report.key_decision else "No",
        "reasons": paragraphs(report.reasons_for_decision),
        "alternatives": paragraphs(report.alternative_options),
        "strategic_outcomes": paragraphs(report.strategic_outcomes),
        "finance_comments": paragraphs(report.finance_comments),
        "legal_comments": paragraphs(report.legal_comments),
        "equalities_comments": paragraphs(report.equalities_comments),
        "background_papers": [b for b in (x.strip() for x in report.background_papers) if b],
        "fields": dict(report.fields),
    }


def _names(rows: Sequence[dict[str, Any]], describe: Callable[[dict[str, Any]], str]) -> str:
    named = [describe(row) for row in rows[:HEADLINE_REFS]]
    if len(rows) > HEADLINE_REFS:
        named.append(f"{len(rows) - HEADLINE_REFS} more")
    return "; ".join(named)


def _sentence(text: str) -> str:
    """``text`` ended with a full stop unless it ends with one already (or "…")."""
    return text if text.endswith((".", "…", "!", "?")) else f"{text}."


def _headline(status: PackStatus, ordered: Sequence[dict[str, Any]]) -> dict[str, Any]:
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
    red = [a for a in ordered if a["word"] == "Red"]
    declined = [a for a in ordered if a["movement"] == "declined"]
    points = []
    if red:
        points.append(
            _sentence("Red: " + _names(red, lambda a: f"{a['ref']} {shorten(a['short'], 70)}"))
        )
    if declined:
        points.append(
            f"Declined since {when(status.previous_period)}: "
            + _names(declined, lambda a: f"{a['ref']} from {a['previous']['word']} to {a['word']}")
            + "."
        )
    off_track = [
        {"name": " ".join((m.measure.name or m.measure.id).split())}
        for m in status.measures
        if m.status == "off_track"
    ]
    if off_track:
        points.append(
            _sentence("Off track against target: " + _names(off_track, lambda m: m["name"]))
        )
    return {"numbers": numbers, "points": points, "text": " ".join([numbers, *points])}


def _changes(status: PackStatus, actions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    moved = [a for a in actions if a["movement"] in ("improved", "declined")]
    previous = status.previous_period
    if previous is None:
        heading = "Changes since the previous update"
        sentence = "This is the first update, so there are no earlier ratings to compare with."
    else:
        heading = f"Changes since {when(previous)}"
        improved = sum(1 for a in moved if a["movement"] == "improved")
        declined = len(moved) - improved
        sentence = (
            f"Since {when(previous)}, {_plural(improved, 'action')} improved and "
            f"{_plural(declined, 'action')} declined."
            if moved
            else f"No action's rating has changed since {when(previous)}."
        )
    return {"heading": heading, "sentence": sentence, "actions": moved}


def _glossary_used(
    glossary: Sequence[dict[str, str]], texts: Sequence[object]
) -> list[dict[str, str]]:
    """The glossary entries whose term appears, as a whole word, in ``texts``."""
    found = " ".join(_strings(texts))
    return [
        g
        for g in glossary
        if g["term"] and re.search(rf"(?<![\w]){re.escape(g['term'])}(?![\w])", found)
    ]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def _attention(
    status: PackStatus, in_order: Sequence[ActionStatus], actions: dict[str, dict[str, Any]]
) -> dict[str, Any]:
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
    return {"actions": [actions[a.action.ref] for a in listed], "sentence": sentence}


def build_context(
    status: PackStatus, charts: Sequence[Chart], image: ImageMaker | None = None
) -> Context:
    """All template variables for one pack.

    Each chart's ``image`` is ``image(chart)`` (the picture a template places), or the
    chart's name when no ``image`` maker is given.
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
        counts.append({**_rag(rag, key), "count": str(count), "share": share(count, total)})
    summary_sentence = f"The plan has {_plural(total, 'action')}: " + ", ".join(
        f"{c['count']} {c['word']}" for c in counts
    )
    summary_sentence += f" (as at {when(status.as_at)})."

    exceptions = [a for a in ordered if a["word"] == "Red"] + [
        a for a in ordered if a["word"] == "Amber"
    ]
    overdue = [actions[a.ref] for a in in_order if a.overdue]
    slipped = [actions[a.ref] for a in in_order if a.slipped]
    due_soon = [actions[a.ref] for a in in_order if a.due_soon or a.due_before_meeting]
    conflicts = [
        _conflict(status, a, actions[a.ref]) for a in in_order if "rag_conflict" in a.flags
    ]
    soon_days = status.plan.report.due_soon_days
    measures = [_measure(m) for m in status.measures]
    key_measures = _key_measures(measures)
    key_chart = by_name.get(KEY_MEASURES_CHART) if key_measures["measures"] else None
    red = sum(1 for a in exceptions if a["word"] == "Red")
    area_measures = _area_measures(status, measures, chart_list, image)
    areas = [_area(status, a, actions, area_measures) for a in status.areas]
    attention = _attention(status, in_order, actions)
    report = report_context(status)
    headline = _headline(status, ordered)
    briefing = _briefing_lists(status, exceptions, red, attention["actions"], areas)
    glossary = [{"term": g.term, "meaning": g.meaning} for g in status.plan.glossary]
    briefing["glossary"] = _glossary_used(
        glossary,
        [
            report["title"],
            report["purpose"],
            report["recommendations"],
            headline["text"],
            [(a["heading"], a["summary_short"]) for a in briefing["areas"]["areas"]],
            [
                (a["ref"], a["short"], a["reason_short"], a["recovery_short"], a["revised_due"])
                for a in briefing["exceptions"]["actions"]
            ],
            [(a["short"], a["position"]) for a in briefing["attention"]["actions"]],
            [m["name"] for m in key_measures["measures"]],
            key_measures["sentence"],
        ],
    )

    return {
        "report": report,
        "as_at": when(status.as_at),
        "period": when(status.period, "No update"),
        "previous_period": when(status.previous_period, "None"),
        "rag_key": [
            {
                **_rag(rag, key),
                "label": f"{rag.word} ({rag.code})",
                "meaning": key[rag].meaning if rag in key else "",
            }
            for rag in order
        ],
        "summary": {
            "total": str(total),
            "counts": counts,
            "sentence": summary_sentence,
            "charts": [
                _chart(by_name[name], image)
                for name in (PERIOD_CHART, AREA_CHART)
                if name in by_name
            ],
        },
        "changes": _changes(status, ordered),
        "areas": areas,
        "exceptions": {
            "actions": exceptions,
            "sentence": (
                f"Red: {red}; Amber: {len(exceptions) - red}."
                if exceptions
                else "No action is rated Red or Amber."
            ),
        },
        "overdue": {
            "actions": overdue,
            "sentence": (
                f"{_plural(len(overdue), 'action')} not yet complete "
                f"{'was' if len(overdue) == 1 else 'were'} due before {when(status.as_at)}."
                if overdue
                else f"No action is overdue at {when(status.as_at)}."
            ),
        },
        "slipped": {"actions": slipped},
        "due_soon": {
            "actions": due_soon,
            "heading": f"Due in the next {soon_days} days",
            "sentence": (
                f"{_plural(len(due_soon), 'action')} {'is' if len(due_soon) == 1 else 'are'} "
                f"due within {soon_days} days of {when(status.as_at)}."
                if due_soon
                else f"No action is due within {soon_days} days of {when(status.as_at)}."
            ),
        },
        "attention": attention,
        "briefing": briefing,
        "conflicts": {
            "actions": conflicts,
            "sentence": (
                f"{_plural(len(conflicts), 'reported rating')} "
                f"{'differs' if len(conflicts) == 1 else 'differ'} from the rating the timescale "
                "rules suggest. This report prints the reported rating; the author should "
                "review these before publication."
                if conflicts
                else "Every reported rating is consistent with its timescale."
            ),
        },
        "measures": measures,
        "key_measures": key_measures,
        "key_chart": _chart(key_chart, image) if key_chart else None,
        "glossary": glossary,
        "headline": headline["text"],
        "headline_parts": headline,
        "direction_note": (
            "Direction of travel compares each area's rating now with its rating at "
            f"{when(status.previous_period)}."
            if status.previous_period
            else "This is the first update, so every area's direction of travel is new."
        ),
    }
