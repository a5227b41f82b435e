"""Check the Word templates before a build, and name where each problem is.

Problems carry ``sheet`` = the template's file name and ``cell`` = where in it
(``paragraph 12``, ``table 3, row 2``, ``header, paragraph 1``), and say what
was expected and what was found, so an officer can fix the template in Word.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError
from lxml import etree

from boardpack.problems import ERROR, Problem
from boardpack.render.context import build_context
from boardpack.render.documents import TEMPLATE_NAMES, environment, render_template
from boardpack.render.sample import sample_charts, sample_status

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = re.compile(r"\}\}|%\}|#\}")
_PREFIX = re.compile(r"^(\{%|\{\{)(tr|tc|p|r) ")
_KEYWORD = re.compile(r"^\{%-?\s*(\w+)")
_BLOCKS = {"for", "if", "with", "macro", "call", "filter", "autoescape", "raw"}
_ORPHANS = {"else": ("if", "for"), "elif": ("if",)}
_CONTAINER = {"tr": "w:tr", "tc": "w:tc", "p": "w:p"}
_WHERE = {"tr": "a table row", "tc": "a table cell", "p": "a paragraph"}


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
    """Names each paragraph of a part by where a reader finds it in Word."""

    def __init__(self, root: etree._Element, label: str) -> None:
        self.tables = {id(t): n for n, t in enumerate(root.iter(qn("w:tbl")), start=1)}
        self.label = label
        self.count = 0

    def of(self, paragraph: etree._Element) -> str:
        tc = _ancestor(paragraph, "w:tc")
        if tc is None:
            self.count += 1
            return f"{self.label}paragraph {self.count}"
        tr = tc.getparent()
        tbl = tr.getparent() if tr is not None else None
        rows = [r for r in tbl.iterchildren(qn("w:tr"))] if tbl is not None else []
        cells = [c for c in tr.iterchildren(qn("w:tc"))] if tr is not None else []
        return (
            f"{self.label}table {self.tables.get(id(tbl), 0)}, row {rows.index(tr) + 1}, "
            f"column {cells.index(tc) + 1}"
        )


def _parts(doc: DocumentObject) -> Iterator[tuple[str, etree._Element]]:
    yield "", doc.element.body
    seen: set[str] = set()
    for section in doc.sections:
        for label, part in (("header", section.header), ("footer", section.footer)):
            element = part._element
            key = str(part.part.partname) if not part.is_linked_to_previous else ""
            if key and key not in seen:
                seen.add(key)
                yield f"{label}, ", element


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
    container = paragraph if tag.prefix == "p" else _ancestor(paragraph, _CONTAINER[tag.prefix])
    if container is None:
        problems.append(
            _error(
                template,
                "template-misplaced-tag",
                tag.place,
                f"expected {tag.text!r} inside {_WHERE[tag.prefix]} (docxtpl replaces the "
                f"whole {_WHERE[tag.prefix]} with it); found it outside one",
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
                f"expected {tag.text!r} alone in its {_WHERE[tag.prefix][2:]}, because the "
                f"whole {_WHERE[tag.prefix][2:]} is replaced; found other text too: "
                f"{others[:60]!r}",
            )
        )


def _check_blocks(template: str, tags: list[Tag], problems: list[Problem]) -> None:
    """Every block tag closed, in order, with the right end tag."""
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
            if stack and stack[-1][0] == opened:
                stack.pop()
            elif stack:
                word_open, where = stack[-1]
                problems.append(
                    _error(
                        template,
                        "template-syntax",
                        tag.place,
                        f"expected {{% end{word_open} %}} to close {where.text!r} "
                        f"({where.place}); found {tag.text!r}",
                    )
                )
                stack.pop()
            else:
                problems.append(
                    _error(
                        template,
                        "template-syntax",
                        tag.place,
                        f"found {tag.text!r} with no open {{% {opened} %}} block before it",
                    )
                )
    for word, tag in stack:
        end = f"{{%{tag.prefix} end{word} %}}" if tag.prefix else f"{{% end{word} %}}"
        problems.append(
            _error(
                template,
                "template-syntax",
                tag.place,
                f"expected {end!r} to close {tag.text!r}; found the end of the document",
            )
        )


def _check_expressions(template: str, tags: list[Tag], problems: list[Problem]) -> None:
    env = environment()
    for tag in tags:
        source = tag.plain
        match = _KEYWORD.match(source)
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


def _known_names() -> set[str]:
    return set(build_context(sample_status(), sample_charts()))


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


def _trial_render(template: str, path: Path, tags: list[Tag], problems: list[Problem]) -> None:
    """Render against the sample pack to find misspelt attributes (``report.titel``)."""
    status = sample_status()
    charts = sample_charts()
    try:
        render_template(path, status, charts, "Trial")
    except UndefinedError as error:
        message = str(error)
        name = re.search(r"attribute '([^']+)'|'([^']+)' is undefined", message)
        word = next((g for g in name.groups() if g), "") if name else ""
        where = next(
            (t.place for t in tags if word and re.search(rf"\b{re.escape(word)}\b", t.text)),
            None,
        )
        problems.append(
            _error(
                template,
                "template-unknown-variable",
                where,
                f"expected a variable the pack provides; found {word or message!r} ({message})",
            )
        )
    except SecurityError as error:
        problems.append(
            _error(template, "template-unsafe", None, f"expected plain variables; {error}")
        )
    except TemplateError as error:
        problems.append(
            _error(template, "template-syntax", None, f"expected a valid template; {error}")
        )
    except ValueError as error:
        problems.append(_error(template, "template-broken", None, str(error)))


def check_template(path: Path) -> list[Problem]:
    """Every problem found in one template file (empty when it is fine)."""
    name = path.name
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
        doc = Document(str(path))
    except (
        zipfile.BadZipFile,
        PackageNotFoundError,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
    ) as error:
        return [
            _error(
                name,
                "template-unreadable",
                None,
                f"expected a Word .docx file; found a file Word cannot have saved ({error})",
            )
        ]
    problems: list[Problem] = []
    tags: list[Tag] = []
    for label, root in _parts(doc):
        places = _Places(root, label)
        for paragraph in root.iter(qn("w:p")):
            place = places.of(paragraph)
            found = _scan_paragraph(name, paragraph, place, problems)
            for tag in found:
                _check_prefix(name, tag, paragraph, problems)
            tags.extend(found)
    _check_blocks(name, tags, problems)
    _check_expressions(name, tags, problems)
    _merged_cells(name, doc, problems)
    if not problems:
        _unknown_names(name, tags, problems)
    if not problems:
        _trial_render(name, path, tags, problems)
    return problems


def check_templates(templates_dir: Path) -> list[Problem]:
    """Problems in both templates of ``templates_dir`` (empty when both are fine)."""
    problems: list[Problem] = []
    for name in TEMPLATE_NAMES:
        problems.extend(check_template(Path(templates_dir) / name))
    return problems
