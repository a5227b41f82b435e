"""The variables the Word templates can use, built from a :class:`PackStatus`.

Everything here is plain data (strings, lists, dicts) so that a template can only
print it; charts appear as dicts whose ``image`` key the renderer fills in.
Multi-paragraph text (``"\\n"`` between paragraphs in the model) is a list of
paragraphs, so a template prints each as its own Word paragraph.

Top-level names: ``report`` (every Report field, plus ``fields`` by name as typed
and ``meeting_line``), ``as_at``, ``period``, ``previous_period``, ``rag_key``,
``summary``, ``changes``, ``areas``, ``exceptions``, ``overdue``, ``due_soon``,
``attention``, ``measures``, ``key_chart``, ``glossary``, ``headline``,
``direction_note``.

``key_chart`` is the chart of key measures against target (``key-measures``), or
``None`` when no measure has figures or the pack has no such chart.
``exceptions.sentence`` gives the counts only; each template says what its own table
lists. An action's ``timing`` is its due date, with the days overdue when it is.

Direction of travel of an area is the rules' ``AreaStatus.movement``: its RAG
now against its RAG at the previous period, both rolled up by rule R6.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from boardpack.dates import long_date
from boardpack.model import RAG_DISPLAY_ORDER, Rag, RagKeyEntry, natural_key
from boardpack.status import ActionStatus, AreaStatus, Chart, MeasureStatus, PackStatus

Context = dict[str, Any]

NO_RATING_COLOUR = "FFFFFF"
ARROWS = {"improved": "▲", "declined": "▼", "unchanged": "►", "new": "●"}
#: the chart of key measures against target, placed in the briefing's Key measures
KEY_MEASURES_CHART = "key-measures"
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
        target=paragraphs(action.target),
        owner=action.owner,
        progress=paragraphs(update.progress) if update else [],
        reason=paragraphs(update.reason) if update else [],
        recovery=paragraphs(update.recovery) if update else [],
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
        stale=item.stale,
        updated=when(update.period if update else None, "No update"),
        timing=(
            f"{when(item.due, 'No date')} (overdue by {_plural(item.days_overdue, 'day')})"
            if item.overdue
            else when(item.due, "No date")
        ),
    )
    return result


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


def _chart(chart: Chart, image: ImageMaker | None) -> dict[str, Any]:
    return {
        "name": chart.name,
        "title": chart.title,
        "alt_text": chart.alt_text,
        "width_cm": chart.width_cm,
        "image": image(chart) if image else chart.name,
    }


def _area(
    status: PackStatus,
    item: AreaStatus,
    actions: dict[str, dict[str, Any]],
    charts: list[Chart],
    image: ImageMaker | None,
) -> dict[str, Any]:
    area = item.area
    direction = item.movement
    moved = [a.movement for a in item.actions]
    counts = ", ".join(
        f"{item.counts.get(rag.word, 0)} {rag.word}"
        for rag in RAG_DISPLAY_ORDER
        if item.counts.get(rag.word, 0)
    )
    result: dict[str, Any] = _rag(item.rag, status.plan.rag_key)
    result.update(
        id=area.id,
        title=area.title,
        heading=f"{area.id}. {area.title}",
        outcomes=[o for o in (line.strip() for line in area.outcomes) if o],
        lead=area.lead,
        summary=paragraphs(area.summary),
        summary_text=" ".join(paragraphs(area.summary)) or f"Actions: {counts or 'none'}.",
        counts=dict(item.counts),
        counts_text=counts,
        actions=[actions[a.ref] for a in sorted(item.actions, key=lambda a: natural_key(a.ref))],
        charts=[_chart(c, image) for c in charts if c.measure_id and area.id in c.area_ids],
        direction={
            "word": direction,
            "arrow": ARROWS[direction],
            "improved": moved.count("improved"),
            "declined": moved.count("declined"),
        },
    )
    return result


def _number(value: float, unit: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{text}%"
    if unit == "days":
        return f"{text} days"
    return text


def _measure(item: MeasureStatus) -> dict[str, Any]:
    measure = item.measure
    latest = item.latest
    target = item.judged_target or item.next_target
    return {
        "id": measure.id,
        "name": measure.name,
        "unit": measure.unit,
        "better": measure.better,
        "description": measure.description,
        "latest": (
            f"{_number(latest.value, measure.unit)} ({when(latest.date)})" if latest else "No data"
        ),
        "target": (
            f"{_number(target.value, measure.unit)} by {when(target.date)}"
            if target
            else "No target"
        ),
        "status": item.status,
        "status_word": MEASURE_WORDS.get(item.status, item.status),
    }


def _key_measures(measures: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The measures with figures, for the briefing, and a sentence naming the rest."""
    with_data = [m for m in measures if m["status"] != "no_data"]
    waiting = [m["name"] for m in measures if m["status"] == "no_data"]
    sentence = ""
    if waiting:
        names = "; ".join(waiting)
        sentence = (
            f"{_plural(len(waiting), 'measure')} {'has' if len(waiting) == 1 else 'have'} "
            f"no actual figures yet: {names}."
        )
    return {"measures": with_data, "sentence": sentence}


#: rows each briefing list shows before it leaves the rest to the members' update report,
#: so that the briefing keeps to three pages
BRIEFING_ROWS = 8
ATTENTION_ROWS = 5


def _briefing_lists(
    status: PackStatus, exceptions: list[dict[str, Any]], red: int, attention: list[Any]
) -> dict[str, Any]:
    """The briefing's exceptions and overdue or due-soon lists, kept short for its reader.

    Red actions come first, then Amber; overdue first, then due soon. A list longer
    than :data:`BRIEFING_ROWS` (:data:`ATTENTION_ROWS` for overdue or due soon) shows
    its first rows and says where the rest are.
    """
    amber = len(exceptions) - red
    if not exceptions:
        exceptions_sentence = "No action is rated Red or Amber."
    elif len(exceptions) <= BRIEFING_ROWS:
        exceptions_sentence = (
            f"Red: {red}; Amber: {amber}. Each is listed with its recovery plan and revised date."
        )
    else:
        exceptions_sentence = (
            f"Red: {red}; Amber: {amber}. The first {BRIEFING_ROWS}, Red first, are listed with "
            f"their recovery plan and revised date; the other {len(exceptions) - BRIEFING_ROWS} "
            "are set out in the members' update report."
        )
    soon_days = status.plan.report.due_soon_days
    overdue = sum(1 for item in status.actions if item.overdue)
    if not attention:
        attention_sentence = f"No action is overdue or due within {soon_days} days."
    else:
        attention_sentence = (
            f"{overdue} overdue and {len(attention) - overdue} due within {soon_days} days "
            f"of {when(status.as_at)}."
        )
        if len(attention) > ATTENTION_ROWS:
            attention_sentence += (
                f" The first {ATTENTION_ROWS}, overdue first, are listed; the other "
                f"{len(attention) - ATTENTION_ROWS} are in the members' update report."
            )
    return {
        "exceptions": {"actions": exceptions[:BRIEFING_ROWS], "sentence": exceptions_sentence},
        "attention": {"actions": attention[:ATTENTION_ROWS], "sentence": attention_sentence},
    }


def report_context(status: PackStatus) -> dict[str, Any]:
    """The template's ``report``: the Report sheet's fields as they print."""
    report = status.plan.report
    meeting = ", ".join(p for p in (report.meeting, when(report.meeting_date)) if p)
    return {
        "organisation": report.organisation,
        "title": report.title,
        "meeting": report.meeting,
        "meeting_date": when(report.meeting_date),
        "meeting_line": meeting or "Not set",
        "service": report.service,
        "lead_officer": report.lead_officer,
        "cabinet_member": report.cabinet_member,
        "classification": report.classification or "OFFICIAL",
        "introduction": paragraphs(report.introduction),
        "purpose": paragraphs(report.purpose),
        "recommendations": [r for r in (x.strip() for x in report.recommendations) if r],
        "as_at": when(report.as_at),
        "fields": dict(report.fields),
    }


def _headline(status: PackStatus) -> str:
    counts = status.summary
    total = sum(counts.values())
    attention = counts.get("Amber", 0) + counts.get("Red", 0)
    return (
        f"Of {_plural(total, 'action')} in the plan, {counts.get('Blue', 0)} "
        f"{'is' if counts.get('Blue', 0) == 1 else 'are'} complete (Blue), "
        f"{counts.get('Green', 0)} on track (Green) and {attention} "
        f"need{'s' if attention == 1 else ''} attention "
        f"({counts.get('Amber', 0)} Amber, {counts.get('Red', 0)} Red)."
    )


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


def build_context(
    status: PackStatus, charts: Sequence[Chart], image: ImageMaker | None = None
) -> Context:
    """All template variables for one pack.

    Each chart's ``image`` is ``image(chart)`` (the picture a template places), or the
    chart's name when no ``image`` maker is given.
    """
    key = status.plan.rag_key
    in_order = sorted(status.actions, key=lambda a: natural_key(a.ref))
    actions = {a.ref: _action(status, a) for a in in_order}
    ordered = list(actions.values())
    chart_list = list(charts)
    by_name = {c.name: c for c in chart_list}
    total = sum(status.summary.values())

    counts = []
    for rag in RAG_DISPLAY_ORDER:
        count = status.summary.get(rag.word, 0)
        share = f"{round(100 * count / total)}%" if total else "0%"
        counts.append({**_rag(rag, key), "count": str(count), "share": share})
    summary_sentence = f"The plan has {_plural(total, 'action')}: " + ", ".join(
        f"{c['count']} {c['word']}" for c in counts
    )
    summary_sentence += f" (as at {when(status.as_at)})."

    exceptions = [a for a in ordered if a["word"] == "Red"] + [
        a for a in ordered if a["word"] == "Amber"
    ]
    overdue = [actions[a.ref] for a in in_order if a.overdue]
    due_soon = [actions[a.ref] for a in in_order if a.due_soon]
    conflicts = [
        _conflict(status, a, actions[a.ref]) for a in in_order if "rag_conflict" in a.flags
    ]
    soon_days = status.plan.report.due_soon_days
    measures = [_measure(m) for m in status.measures]
    key_measures = _key_measures(measures)
    key_chart = by_name.get(KEY_MEASURES_CHART) if key_measures["measures"] else None
    red = sum(1 for a in exceptions if a["word"] == "Red")

    return {
        "report": report_context(status),
        "as_at": when(status.as_at),
        "period": when(status.period, "No update"),
        "previous_period": when(status.previous_period, "None"),
        "rag_key": [
            {
                **_rag(rag, key),
                "label": f"{rag.word} ({rag.code})",
                "meaning": key[rag].meaning if rag in key else "",
            }
            for rag in RAG_DISPLAY_ORDER
        ],
        "summary": {
            "total": str(total),
            "counts": counts,
            "sentence": summary_sentence,
            "charts": [
                _chart(by_name[name], image)
                for name in ("rag-by-area", "rag-by-period")
                if name in by_name
            ],
        },
        "changes": _changes(status, ordered),
        "areas": [_area(status, a, actions, chart_list, image) for a in status.areas],
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
        "attention": {
            "actions": overdue + due_soon,
            "sentence": (
                f"{len(overdue)} overdue and {len(due_soon)} due within {soon_days} days "
                f"of {when(status.as_at)}."
                if overdue or due_soon
                else f"No action is overdue or due within {soon_days} days."
            ),
        },
        "briefing": _briefing_lists(status, exceptions, red, overdue + due_soon),
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
        "glossary": [{"term": g.term, "meaning": g.meaning} for g in status.plan.glossary],
        "headline": _headline(status),
        "direction_note": (
            "Direction of travel compares each area's rating now with its rating at "
            f"{when(status.previous_period)}."
            if status.previous_period
            else "This is the first update, so every area's direction of travel is new."
        ),
    }
