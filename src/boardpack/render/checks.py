"""Check the Word templates before a build, and name where each problem is.

Problems carry ``sheet`` = the template's file name and ``cell`` = where in it
(``paragraph 12``, ``table 3, row 2, column 1``, ``header, paragraph 1``,
``first-page footer, paragraph 2``), and say what was expected and what was found,
so an officer can fix the template in Word.

Every header and footer part is read (default, first page, even pages), as docxtpl
fills them all. A template is then filled with each of the sample packs
(:func:`boardpack.render.sample.sample_packs`), which between them reach every branch,
and each result is audited for accessibility.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from jinja2 import (
    ChainableUndefined,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
    meta,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from boardpack.problems import ERROR, Problem
from boardpack.render.accessibility import HEADING_LEVELS, findings, level_name
from boardpack.render.budget import BudgetExceeded, FillFailed, within_budget
from boardpack.render.context import build_context, context_names
from boardpack.render.documents import (
    TEMPLATE_NAMES,
    environment,
    fill_template,
    literal_texts,
    marking,
    missing_message,
)
from boardpack.render.layout import header_footer_parts
from boardpack.render.sample import sample_charts, sample_packs, sample_status
from boardpack.render.template_package import package_problems

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = re.compile(r"\}\}|%\}|#\}")
_PREFIX = re.compile(r"^(\{%|\{\{)(tr|tc|p|r) ")
_KEYWORD = re.compile(r"^\{%-?\s*(\w+)")
_BLOCKS = {"for", "if", "with", "macro", "call", "filter", "autoescape", "raw"}
_ORPHANS = {"else": ("if", "for"), "elif": ("if",)}
_CONTAINER = {"tr": "w:tr", "tc": "w:tc", "p": "w:p"}
_WHERE = {"tr": "table row", "tc": "table cell", "p": "paragraph"}
_MISSING_WORD = re.compile(r"attribute '([^']+)'|'([^']+)' is undefined|no field '([^']+)'")

#: tracked changes: each carries its author's name and the time it was made
TRACKED_CHANGES = tuple(
    qn(f"w:{tag}")
    for tag in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
        "cellIns",
        "cellDel",
        "cellMerge",
    )
)
_COMMENT_MARKS = (qn("w:commentReference"), qn("w:commentRangeStart"))
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True)
#: problems that stop a template being filled at all
_BLOCKING = {
    "template-syntax",
    "template-split-tag",
    "template-misplaced-tag",
    "template-unsupported-tag",
}
#: tags that would load another template: templates are whole in themselves
_LOADING = {"include", "import", "from", "extends"}
#: template problems and the audit finding each already explains
_AUDIT_KINDS = {
    "template-heading-order": "heading",
    "template-image-alt-text": "image",
    "template-merged-cells": "table",
}
#: how to put right what the audit finds in a header or footer
_HINTS = {
    "marking": " (type {{ report.classification }} in it)",
    "page-numbers": " (copy the footer's line with Page X of Y from the default footer)",
    "image": " (in Word: right-click the picture > View Alt Text)",
    "missing": " (in Word, open it and copy in what the default one holds)",
}
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


@dataclass(frozen=True)
class Tag:
    """One template tag as found in the document, with its place."""

    text: str
    place: str
    prefix: str | None  # tr, tc, p, r or None

    @property
    def plain(self) -> str:
        """The tag as Jinja sees it once docxtpl removed the prefix."""
        return _PREFIX.sub(r"\1 ", self.text) if self.prefix else self.text

    def end(self, word: str) -> str:
        """The end tag that closes this block tag, with the same prefix."""
        return f"{{%{self.prefix} end{word} %}}" if self.prefix else f"{{% end{word} %}}"


def _error(template: str, code: str, place: str | None, message: str) -> Problem:
    return Problem(ERROR, code, template, place, message)


def _ancestor(element: etree._Element, tag: str) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != qn(tag):
        parent = parent.getparent()
    return parent


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


class _Places:
    """Names each paragraph of a part by where a reader finds it in Word.

    Tables are numbered in document order, nested ones included. The elements are
    kept in a list so that lxml hands back the same proxy objects for them later.
    """

    def __init__(self, root: etree._Element, label: str) -> None:
        self._kept = list(root.iter(qn("w:tbl")))
        self.tables = {tbl: n for n, tbl in enumerate(self._kept, start=1)}
        self.label = label
        self.count = 0

    def of(self, paragraph: etree._Element) -> str:
        tc = _ancestor(paragraph, "w:tc")
        if tc is None:
            self.count += 1
            return f"{self.label}paragraph {self.count}"
        tr = tc.getparent()
        tbl = tr.getparent() if tr is not None else None
        if tr is None or tbl is None or tbl not in self.tables:
            return f"{self.label}a table"
        rows = list(tbl.iterchildren(qn("w:tr")))
        cells = list(tr.iterchildren(qn("w:tc")))
        return (
            f"{self.label}table {self.tables[tbl]}, row {rows.index(tr) + 1}, "
            f"column {cells.index(tc) + 1}"
        )


def _parts(doc: DocumentObject) -> Iterator[tuple[str, etree._Element]]:
    """The body, then every header and footer part (default, first page, even pages)."""
    yield "", doc.element.body
    for part in header_footer_parts(doc):
        if part.element is not None:
            yield f"{part.label}, ", part.element


def _scan_paragraph(
    template: str, paragraph: etree._Element, place: str, problems: list[Problem]
) -> list[Tag]:
    """Tags of one paragraph; reports tags split across runs or paragraphs."""
    pieces: list[tuple[int, etree._Element]] = []  # (character offset, w:t)
    text = ""
    for t in paragraph.iter(qn("w:t")):
        if _ancestor(t, "w:p") is not paragraph:
            continue
        pieces.append((len(text), t))
        text += t.text or ""
    tags: list[Tag] = []
    for match in _TAG.finditer(text):
        found = match.group(0)
        runs = [
            t.getparent()
            for start, t in pieces
            if start < match.end() and start + len(t.text or "") > match.start()
        ]
        formats = {
            etree.tostring(r.find(qn("w:rPr"))) if r.find(qn("w:rPr")) is not None else b""
            for r in runs
        }
        parents = {id(r.getparent()) for r in runs}
        if len(formats) > 1 or len(parents) > 1:
            problems.append(
                _error(
                    template,
                    "template-split-tag",
                    place,
                    f"expected the tag {found!r} in one piece of text with one format; "
                    f"found it split across {len(runs)} differently formatted runs "
                    "(delete it and type it again in one go, or clear its formatting)",
                )
            )
        prefix = _PREFIX.match(found)
        tags.append(Tag(found, place, prefix.group(2) if prefix else None))
    rest = _TAG.sub("", text)
    if _OPEN.search(rest) or _CLOSE.search(rest):
        snippet = rest.strip()[:60]
        problems.append(
            _error(
                template,
                "template-split-tag",
                place,
                "expected every tag to open and close within one paragraph "
                f"({{{{ ... }}}} or {{% ... %}}); found an unmatched part in {snippet!r}",
            )
        )
    return tags


def _check_prefix(
    template: str, tag: Tag, paragraph: etree._Element, problems: list[Problem]
) -> None:
    if tag.prefix not in _CONTAINER:
        return
    where = _WHERE[tag.prefix]
    container = paragraph if tag.prefix == "p" else _ancestor(paragraph, _CONTAINER[tag.prefix])
    if container is None:
        problems.append(
            _error(
                template,
                "template-misplaced-tag",
                tag.place,
                f"expected {tag.text!r} inside a {where} (docxtpl replaces the whole {where} "
                "with it); found it outside one",
            )
        )
        return
    others = _TAG.sub("", _text(container)).strip()
    if others:
        problems.append(
            _error(
                template,
                "template-misplaced-tag",
                tag.place,
                f"expected {tag.text!r} alone in its {where}, because the whole {where} is "
                f"replaced; found other text too: {others[:60]!r}",
            )
        )


def _check_blocks(template: str, tags: list[Tag], problems: list[Problem]) -> None:
    """Every block tag closed, in order, with the right end tag.

    An end tag that closes a block further out (``{%p endif %}`` with a ``{%p for %}``
    still open inside the ``if``) names the blocks left open inside it, once each.
    """
    stack: list[tuple[str, Tag]] = []
    for tag in tags:
        match = _KEYWORD.match(tag.plain)
        if not match:
            continue
        word = match.group(1)
        if word in _BLOCKS:
            stack.append((word, tag))
        elif word in _ORPHANS:
            if not stack or stack[-1][0] not in _ORPHANS[word]:
                problems.append(
                    _error(
                        template,
                        "template-syntax",
                        tag.place,
                        f"expected {tag.text!r} inside an {{% if %}} block; found no open block",
                    )
                )
        elif word.startswith("end"):
            opened = word[3:]
            depth = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == opened), None)
            if depth is None:
                problems.append(
                    _error(
                        template,
                        "template-syntax",
                        tag.place,
                        f"found {tag.text!r} with no open {{% {opened} %}} block before it",
                    )
                )
                continue
            for inner_word, inner in reversed(stack[depth + 1 :]):
                problems.append(
                    _error(
                        template,
                        "template-syntax",
                        inner.place,
                        f"expected {inner.end(inner_word)!r} to close {inner.text!r} before "
                        f"{tag.text!r} ({tag.place}); found no {inner.end(inner_word)!r} "
                        "between them",
                    )
                )
            del stack[depth:]
    for word, tag in stack:
        problems.append(
            _error(
                template,
                "template-syntax",
                tag.place,
                f"expected {tag.end(word)!r} to close {tag.text!r}; found the end of the document",
            )
        )


def _check_expressions(template: str, tags: list[Tag], problems: list[Problem]) -> None:
    env = environment()
    for tag in tags:
        source = tag.plain
        match = _KEYWORD.match(source)
        if match and match.group(1) in _LOADING:
            problems.append(
                _error(
                    template,
                    "template-unsupported-tag",
                    tag.place,
                    f"expected no {{% {match.group(1)} %}} tag (a template cannot load another "
                    f"template or file); found {tag.text!r}: put what it would bring in into "
                    "this template itself",
                )
            )
            continue
        if match and (match.group(1) in _ORPHANS or match.group(1).startswith("end")):
            continue
        if source.startswith("{%") and "cellbg" in source.split()[1:2]:
            continue
        if match and match.group(1) in _BLOCKS:
            source += f"{{% end{match.group(1)} %}}"
        try:
            env.parse(source)
        except TemplateSyntaxError as error:
            problems.append(
                _error(
                    template,
                    "template-syntax",
                    tag.place,
                    f"expected a valid tag; found {tag.text!r}: {error.message}",
                )
            )


def _merged_cells(template: str, doc: DocumentObject, problems: list[Problem]) -> None:
    for index, tbl in enumerate(doc.element.body.iter(qn("w:tbl")), start=1):
        for tag in ("w:gridSpan", "w:vMerge", "w:hMerge"):
            if next(tbl.iter(qn(tag)), None) is not None:
                problems.append(
                    _error(
                        template,
                        "template-merged-cells",
                        f"table {index}",
                        "expected no merged cells (screen readers cannot follow them); "
                        "found merged cells: split them in Word (Table Layout > Split Cells)",
                    )
                )
                break


class _Headings:
    """Heading levels of the body in order: none skipped (Title, Heading 1, Heading 2...)."""

    def __init__(self, template: str, doc: DocumentObject, problems: list[Problem]) -> None:
        self.template = template
        self.names = {s.style_id: s.name for s in doc.styles}
        self.problems = problems
        self.last = -1

    def see(self, paragraph: etree._Element, place: str) -> None:
        if _ancestor(paragraph, "w:tc") is not None:
            return
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = self.names.get(style.get(qn("w:val")) or "", "") if style is not None else ""
        level = HEADING_LEVELS.get(name)
        if level is None:
            return
        if level > self.last + 1:
            after = level_name(self.last) if self.last >= 0 else "the start of the document"
            self.problems.append(
                _error(
                    self.template,
                    "template-heading-order",
                    place,
                    f"expected at most a {level_name(self.last + 1)} after {after} "
                    "(a heading level may not be skipped, so that the list of headings a "
                    f"screen reader gives makes sense); found {name} {_text(paragraph)!r}",
                )
            )
        self.last = level


def _pictures(
    template: str, paragraph: etree._Element, place: str, problems: list[Problem]
) -> None:
    for doc_pr in paragraph.iter(qn("wp:docPr")):
        if _ancestor(doc_pr, "w:p") is not paragraph:
            continue
        described = (doc_pr.get("descr") or "").strip()
        decorative = next(
            doc_pr.iter("{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"),
            None,
        )
        if described or (decorative is not None and decorative.get("val") in ("1", "true")):
            continue
        problems.append(
            _error(
                template,
                "template-image-alt-text",
                place,
                "expected alt text on every picture, or the picture marked as decorative "
                "(in Word: right-click the picture > View Alt Text); "
                f"found the picture {doc_pr.get('name')!r} without",
            )
        )


class _Revisions:
    """Tracked changes and comments in every part, counted, and located at the first one."""

    def __init__(self) -> None:
        self.changes: list[str] = []
        self.comments: list[str] = []

    def see(self, paragraph: etree._Element, place: str) -> None:
        own = [
            e
            for e in paragraph.iter(*TRACKED_CHANGES, *_COMMENT_MARKS)
            if _ancestor(e, "w:p") is paragraph
        ]
        for element in own:
            if element.tag in _COMMENT_MARKS:
                if element.tag == _COMMENT_MARKS[0]:
                    self.comments.append(place)
            else:
                self.changes.append(place)

    def see_rest(self, root: etree._Element, label: str, places: dict[etree._Element, str]) -> None:
        """Changes recorded outside any paragraph: on tables, rows, cells, page setup."""
        for element in root.iter(*TRACKED_CHANGES):
            if _ancestor(element, "w:p") is not None:
                continue
            holder = _ancestor(element, "w:tr")
            if holder is None:
                holder = _ancestor(element, "w:tbl")
            first = next(holder.iter(qn("w:p")), None) if holder is not None else None
            place = places.get(first) if first is not None else None
            self.changes.append(place or f"{label}page setup")

    def report(self, template: str, comment_count: int, problems: list[Problem]) -> None:
        if self.changes:
            problems.append(
                _error(
                    template,
                    "template-tracked-changes",
                    self.changes[0],
                    "expected no tracked changes (each carries its author's name into the "
                    f"published document); found {len(self.changes)}: accept or reject all "
                    "tracked changes in Word (Review > Accept > Accept All Changes, or "
                    "Reject > Reject All Changes) and save the template",
                )
            )
        count = max(len(self.comments), comment_count)
        if count:
            problems.append(
                _error(
                    template,
                    "template-comments",
                    self.comments[0] if self.comments else None,
                    "expected no comments (each carries its author's name into the published "
                    f"document); found {count}: delete the comments in Word (Review > Delete > "
                    "Delete All Comments in Document) and save the template",
                )
            )


def _comment_count(doc: DocumentObject) -> int:
    for part in doc.part.package.iter_parts():
        if part.content_type == _COMMENTS_TYPE:
            root = etree.fromstring(part.blob, _SAFE)
            return sum(1 for _ in root.iter(qn("w:comment")))
    return 0


def _known_names() -> set[str]:
    return set(context_names())


def _unknown_names(template: str, tags: list[Tag], problems: list[Problem]) -> None:
    """Top-level variables that the context does not provide."""
    env = environment()
    source = "".join(tag.plain for tag in tags if "cellbg" not in tag.plain.split()[1:2])
    try:
        names = meta.find_undeclared_variables(env.parse(source))
    except TemplateSyntaxError:
        return
    known = _known_names()
    for name in sorted(names - known):
        where = next((t.place for t in tags if re.search(rf"\b{re.escape(name)}\b", t.text)), None)
        problems.append(
            _error(
                template,
                "template-unknown-variable",
                where,
                f"expected one of the pack's variables ({', '.join(sorted(known))}); "
                f"found {name!r}",
            )
        )


def _recording_environment() -> tuple[SandboxedEnvironment, list[str]]:
    """The template environment, with every use of a missing variable noted, not raised.

    Filling then goes on past the first misspelling, so each one is found.
    """
    missing: list[str] = []

    class Recording(ChainableUndefined):
        __slots__ = ()

        @property
        def _undefined_message(self) -> str:
            return missing_message(
                self._undefined_name, self._undefined_obj, super()._undefined_message
            )

        def _note(self) -> None:
            missing.append(self._undefined_message)

        def __str__(self) -> str:
            self._note()
            return ""

        def __iter__(self) -> Iterator[object]:
            self._note()
            return iter(())

        def __bool__(self) -> bool:
            self._note()
            return False

        def __len__(self) -> int:
            self._note()
            return 0

        def __eq__(self, other: object) -> bool:
            self._note()
            return False

        def __ne__(self, other: object) -> bool:
            self._note()
            return True

        __hash__ = ChainableUndefined.__hash__

    env = environment()
    env.undefined = Recording
    return env, missing


def _missing_word(message: str) -> str:
    match = _MISSING_WORD.search(message)
    return next((g for g in match.groups() if g), "") if match else ""


def _places_of(word: str, tags: list[Tag]) -> list[str]:
    """Where the tags naming ``word`` are: as an attribute (``a.whyy``) first, else as a name."""
    if not word:
        return []
    for pattern in (
        rf"\.\s*{re.escape(word)}\b|\[\s*['\"]{re.escape(word)}['\"]",
        rf"\b{re.escape(word)}\b",
    ):
        places = list(dict.fromkeys(t.place for t in tags if re.search(pattern, t.plain)))
        if places:
            return places
    return []


def _places_of_or_none(word: str, tags: list[Tag]) -> list[str | None]:
    return [*_places_of(word, tags)] or [None]


def _missing_problems(template: str, messages: list[str], tags: list[Tag]) -> list[Problem]:
    problems: list[Problem] = []
    for message in dict.fromkeys(messages):
        word = _missing_word(message)
        text = f"expected a variable the pack provides; found {word or message!r} ({message})"
        for place in _places_of_or_none(word, tags):
            problems.append(_error(template, "template-unknown-variable", place, text))
    return problems


def _runaway(template: str, error: BudgetExceeded, tags: list[Tag]) -> list[Problem]:
    """A fill stopped at a limit, placed at the loops it was in or the tag computing it."""
    places: list[str | None] = []
    for name in error.loops:
        pattern = rf"\bfor\b[^%]*\b{re.escape(name)}\b[^%]*\bin\b"
        places.extend(t.place for t in tags if re.search(pattern, t.plain))
    operation = re.search(r"\*\*|\*", error.message)
    if not places and operation:
        places.extend(t.place for t in tags if operation.group(0) in t.plain)
    loops = f" in the loop over {', '.join(error.loops)}" if error.loops else ""
    message = (
        "expected filling the template to finish within its limits of time, memory and "
        f"size; {error.message}{loops}: a tag computes or repeats without bound"
    )
    return [
        _error(template, "template-runaway", place, message)
        for place in list(dict.fromkeys(places)) or [None]
    ]


def _failing_tags(tags: list[Tag], kind: str) -> list[str | None]:
    """The ``{{ ... }}`` tags that, filled alone with a sample pack, fail with ``kind``."""

    def search() -> list[str | None]:
        env = environment()
        context = build_context(sample_status(), sample_charts()).variables()
        found: list[str | None] = []
        for tag in tags:
            if not tag.plain.startswith("{{"):
                continue
            try:
                env.from_string(tag.plain).render(context)
            except Exception as error:
                if type(error).__name__ == kind:
                    found.append(tag.place)
        return found

    try:
        return within_budget(search, what="the tags one by one")
    except (BudgetExceeded, FillFailed):
        return []


def _render_error(template: str, error: Exception, tags: list[Tag]) -> list[Problem]:
    """Problems for an error raised while filling a template, located where possible."""
    if isinstance(error, BudgetExceeded):
        return _runaway(template, error, tags)
    if isinstance(error, FillFailed) and error.kind == "RecursionError":
        places: list[str | None] = [
            t.place for t in tags if _KEYWORD.match(t.plain) and "macro" in t.plain
        ]
        return [
            _error(
                template,
                "template-broken",
                place,
                "expected every macro to end; found one that calls itself without end",
            )
            for place in places or [None]
        ]
    if isinstance(error, FillFailed) and error.kind == "UndefinedError":
        return _missing_problems(template, [error.message], tags)
    if isinstance(error, FillFailed) and error.kind == "SecurityError":
        return [
            _error(template, "template-unsafe", None, f"expected plain variables; {error.message}")
        ]
    if isinstance(error, FillFailed) and error.kind.startswith("Template"):
        return [
            _error(
                template, "template-syntax", place, f"expected a valid template; {error.message}"
            )
            for place in _places_of_or_none(_missing_word(error.message), tags)
        ]
    if isinstance(error, FillFailed):
        places = [*_places_of(_missing_word(error.message), tags)]
        places = places or _failing_tags(tags, error.kind)
        return [
            _error(
                template,
                "template-broken",
                place,
                f"expected the template to fill; filling it failed: {error}",
            )
            for place in places or [None]
        ]
    if isinstance(error, UndefinedError):
        return _missing_problems(template, [str(error)], tags)
    if isinstance(error, SecurityError):
        return [_error(template, "template-unsafe", None, f"expected plain variables; {error}")]
    if isinstance(error, TemplateError):
        word = _missing_word(str(error))
        places = _places_of_or_none(word, tags)
        return [
            _error(template, "template-syntax", place, f"expected a valid template; {error}")
            for place in places
        ]
    kind = type(error).__name__
    return [
        _error(
            template,
            "template-broken",
            place,
            f"expected the template to fill; filling it failed: {kind}: {str(error)[:300]}",
        )
        for place in _failing_tags(tags, kind) or [None]
    ]


def _trial_render(
    template: str, source: Path | bytes, tags: list[Tag], problems: list[Problem], known: set[str]
) -> None:
    """Fill the template with every sample pack: find misspelt attributes (``report.titel``),
    wherever they sit, and audit each filled document.

    Audit findings of a ``known`` kind (found in the template itself) are left out. The
    fills run within the limits of :mod:`boardpack.render.budget`; whatever goes wrong
    in them is a located problem.
    """
    try:
        problems.extend(
            within_budget(lambda: _fill_samples(template, source, tags, known), what=template)
        )
    except (BudgetExceeded, FillFailed) as error:
        problems.extend(_render_error(template, error, tags))


def _fill_samples(
    template: str, source: Path | bytes, tags: list[Tag], known: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    env, missing = _recording_environment()
    audited: set[str] = set()
    for status, charts in sample_packs():
        try:
            # audited as filled, unsaved: saving changes nothing the audit looks at, and
            # the real fill's document is audited as saved
            doc = fill_template(source, status, charts, "Trial", env=env)
        except (BudgetExceeded, RecursionError, MemoryError):
            raise
        except Exception as error:
            problems.extend(_missing_problems(template, missing, tags))
            problems.extend(_render_error(template, error, tags))
            return problems
        if missing:
            continue
        for finding in findings(
            doc, literal_texts=literal_texts(status, charts), marking=marking(status)
        ):
            if str(finding) in audited or finding.kind in known:
                continue
            audited.add(str(finding))
            in_body = finding.place is None or finding.place.startswith(("paragraph", "table"))
            message = (
                "expected the filled document to pass the accessibility audit; found "
                f"(filled with a sample pack) {finding}"
                if in_body
                else finding.message + _HINTS.get(finding.kind, "")
            )
            problems.append(
                _error(
                    template, "template-inaccessible", None if in_body else finding.place, message
                )
            )
    problems.extend(_missing_problems(template, missing, tags))
    return problems


def _open(path: Path, data: bytes | None = None) -> DocumentObject | list[Problem]:
    """The template, or why it cannot be used: missing, too large, holding links out,
    fetching fields, code (:mod:`boardpack.render.template_package`), or unreadable.

    ``data`` is the file's bytes when they were already read; the file is not opened.
    """
    name = path.name
    if data is not None:
        return _document(name, data)
    if not path.is_file():
        return [
            _error(
                name,
                "template-missing",
                None,
                f"expected the template file {path}; found no such file "
                "(rebuild it with tools/make_templates.py or restore it)",
            )
        ]
    try:
        data = path.read_bytes()
    except OSError as error:
        return [_error(name, "template-unreadable", None, f"cannot be read: {error.strerror}")]
    return _document(name, data)


def _document(name: str, data: bytes) -> DocumentObject | list[Problem]:
    """The template read from ``data``, or why it cannot be used."""
    refused = package_problems(name, data)
    if refused:
        return refused
    try:
        return Document(io.BytesIO(data))
    except Exception as error:  # a damaged package can make python-docx raise anything
        return [
            _error(
                name,
                "template-unreadable",
                None,
                f"expected a Word .docx file; found a file Word cannot have saved ({error})",
            )
        ]


def _scan(name: str, doc: DocumentObject, problems: list[Problem]) -> list[Tag]:
    """Every tag of every part, checking each paragraph on the way."""
    tags: list[Tag] = []
    headings = _Headings(name, doc, problems)
    revisions = _Revisions()
    for label, root in _parts(doc):
        places = _Places(root, label)
        named: dict[etree._Element, str] = {}
        for paragraph in root.iter(qn("w:p")):
            place = places.of(paragraph)
            named[paragraph] = place
            found = _scan_paragraph(name, paragraph, place, problems)
            for tag in found:
                _check_prefix(name, tag, paragraph, problems)
            tags.extend(found)
            if not label:
                headings.see(paragraph, place)
            _pictures(name, paragraph, place, problems)
            revisions.see(paragraph, place)
        revisions.see_rest(root, label, named)
    revisions.report(name, _comment_count(doc), problems)
    return tags


def template_tags(path: Path, data: bytes | None = None) -> list[Tag]:
    """Every tag of a template with its place (empty when it cannot be opened)."""
    doc = _open(path, data)
    if isinstance(doc, list):
        return []
    return _scan(path.name, doc, [])


def check_template(path: Path, data: bytes | None = None) -> list[Problem]:
    """Every problem found in one template file (empty when it is fine).

    ``data`` is the file's bytes when they were already read: exactly those are checked.
    """
    name = path.name
    doc = _open(path, data)
    if isinstance(doc, list):
        return doc
    problems: list[Problem] = []
    tags = _scan(name, doc, problems)
    _check_blocks(name, tags, problems)
    _check_expressions(name, tags, problems)
    _merged_cells(name, doc, problems)
    if not any(p.code in _BLOCKING for p in problems):
        _unknown_names(name, tags, problems)
    if not any(p.code in _BLOCKING or p.code == "template-unknown-variable" for p in problems):
        known = {_AUDIT_KINDS[p.code] for p in problems if p.code in _AUDIT_KINDS}
        _trial_render(name, path if data is None else data, tags, problems, known)
    return problems


def check_templates(
    templates_dir: Path, sources: Mapping[str, bytes] | None = None
) -> list[Problem]:
    """Problems in both templates of ``templates_dir`` (empty when both are fine).

    ``sources`` maps a template's name to its bytes as already read; those are checked
    instead of the file.
    """
    problems: list[Problem] = []
    for name in TEMPLATE_NAMES:
        data = (sources or {}).get(name)
        problems.extend(check_template(Path(templates_dir) / name, data))
    return problems


def render_problems(path: Path, error: Exception, data: bytes | None = None) -> list[Problem]:
    """Why filling the template at ``path`` with a real pack failed, located in it.

    The template's own problems when checking finds any; else the error, placed at the
    tags that name the missing word (``a.whyy``), in a template and section the sample
    packs did not reach.
    """
    problems = check_template(path, data)
    if problems:
        return problems
    return _render_error(path.name, error, template_tags(path, data))
