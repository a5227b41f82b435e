"""Templates built to leak, hang or crash: each is refused with its place, within bounds.

Every command runs in a child process with its memory and time capped, so a
regression fails the test instead of exhausting the machine.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="rlimits"),
]

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MEMBERS = "members-update.docx"
#: what a command may use: far more than a real build needs, far less than the machine
MEMORY_LIMIT = 3 * 1024**3
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def run_limited(*argv: str, seconds: float = 120, env: dict[str, str] | None = None):
    """``boardpack ARGV`` in a child with at most 3 GiB of memory; (code, out, err, seconds)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "boardpack", *argv],
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=limit,
        env={**os.environ, **(env or {})},
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - start


def rewrite(docx: Path, change) -> None:
    """Rewrite the package at ``docx``: ``change(entries)`` edits name -> bytes in place."""
    with zipfile.ZipFile(docx) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    change(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)
    docx.write_bytes(buffer.getvalue())


def with_paragraph(xml: str):
    """A change adding ``xml`` (paragraph content) as the body's first paragraph."""

    def change(entries: dict[str, bytes]) -> None:
        document = entries["word/document.xml"].decode()
        body = document.index(">", document.index("<w:body")) + 1
        entries["word/document.xml"] = (document[:body] + xml + document[body:]).encode()

    return change


def tag(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    return folder


def check(templates: Path, master: Path, **kwargs):
    return run_limited("check", "--master", str(master), "--templates", str(templates), **kwargs)


# --- leaks: remote pictures, file links, fetching fields, macros -------------------


def remote_picture(entries: dict[str, bytes]) -> None:
    rels = entries["word/_rels/document.xml.rels"].decode()
    link = (
        '<Relationship Id="rIdRemote" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/image" Target="http://attacker.example/p.png" '
        'TargetMode="External"/>'
    )
    entries["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", link + "</Relationships>"
    ).encode()
    with_paragraph(
        '<w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships" r:link="rIdRemote"/></w:drawing></w:r></w:p>'
    )(entries)


def share_link(entries: dict[str, bytes]) -> None:
    rels = entries["word/_rels/document.xml.rels"].decode()
    link = (
        '<Relationship Id="rIdShare" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/hyperlink" Target="file:///\\\\server\\share" TargetMode="External"/>'
    )
    entries["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", link + "</Relationships>"
    ).encode()


def include_picture(entries: dict[str, bytes]) -> None:
    with_paragraph(
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' INCLUDEPICTURE "http://attacker.example/p.png" \\d </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )(entries)


def vba_project(entries: dict[str, bytes]) -> None:
    entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"


@pytest.mark.parametrize(
    ("change", "code", "place"),
    [
        (remote_picture, "template-external-link", "word/document.xml, paragraph 1"),
        (share_link, "template-external-link", "word/document.xml, relationship rIdShare"),
        (include_picture, "template-fetching-field", "word/document.xml, paragraph 1"),
        (vba_project, "template-code", "word/vbaProject.bin"),
    ],
    ids=["remote-picture", "file-share-link", "includepicture", "vba"],
)
def test_a_template_that_would_fetch_or_run_something_is_refused_with_its_place(
    change, code: str, place: str, templates: Path, example_master: Path, tmp_path: Path
) -> None:
    rewrite(templates / MEMBERS, change)
    exit_code, out, err, _ = check(templates, example_master)
    assert exit_code == 1, out + err
    assert "Traceback" not in out + err
    assert code in out and place in out
    out_dir = tmp_path / "output"
    out_dir.mkdir()
    (out_dir / "members-update.docx").write_bytes(b"last quarter")
    before = snapshot(out_dir)
    exit_code, out, err, _ = run_limited(
        "build", "--master", str(example_master), "--templates", str(templates),
        "--out", str(out_dir), "--no-cache",
    )  # fmt: skip
    assert exit_code == 1 and code in err and "nothing was built" in err
    assert snapshot(out_dir) == before  # nothing published


def test_a_plain_web_hyperlink_in_a_template_is_allowed(
    templates: Path, example_master: Path
) -> None:
    def web_link(entries: dict[str, bytes]) -> None:
        rels = entries["word/_rels/document.xml.rels"].decode()
        link = (
            '<Relationship Id="rIdWeb" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/hyperlink" Target="https://www.example.gov.uk/plan" '
            'TargetMode="External"/>'
        )
        entries["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>", link + "</Relationships>"
        ).encode()

    rewrite(templates / MEMBERS, web_link)
    exit_code, out, err, _ = check(templates, example_master)
    assert exit_code == 0, out + err


# --- size: a small file inflating to gigabytes ------------------------------------


def test_a_template_that_inflates_to_gigabytes_is_refused_quickly_in_little_memory(
    templates: Path, example_master: Path
) -> None:
    path = templates / MEMBERS
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package,
        package.open("word/media/padding.bin", "w", force_zip64=True) as stream,
    ):
        block = b"\0" * (64 * 1024**2)
        for _ in range(32):  # 2 GiB of zeros, about 2 MB on disk
            stream.write(block)
    assert path.stat().st_size < 5 * 1024**2
    exit_code, out, err, seconds = check(templates, example_master)
    assert exit_code == 1, out + err
    assert "template-too-large" in out and "word/media/padding.bin" in out
    assert seconds < 30


# --- loading other templates, crashing tags ----------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{% include 'x.xml' %}", "template-unsupported-tag"),
        ("{% import 'x.xml' as x %}", "template-unsupported-tag"),
        ("{% extends 'x.xml' %}", "template-unsupported-tag"),
        (
            "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
            "template-broken",
        ),
        ("{{ 'a' * 10**11 }}", "template-runaway"),
        ("{{ report.title + 1 }}", "template-broken"),
        ("{{ (10.0 ** 400) | int }}", "template-broken"),
    ],
    ids=["include", "import", "extends", "recursive-macro", "huge-string", "type", "overflow"],
)
def test_a_tag_that_would_crash_is_a_located_problem_not_a_traceback(
    text: str, code: str, templates: Path, example_master: Path
) -> None:
    rewrite(templates / MEMBERS, with_paragraph(tag(text)))
    exit_code, out, err, seconds = check(templates, example_master)
    assert exit_code == 1, out + err
    assert "Traceback" not in out + err
    assert code in out
    assert f"{MEMBERS}!paragraph 1 " in out  # the template and the tag's place
    assert seconds < 60


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("{{ 10**(10**9) }}", "paragraph 1"),
        (
            "{%p for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{%p endfor %}",
            "loop over",
        ),
    ],
    ids=["huge-power", "nested-ranges"],
)
def test_a_runaway_tag_is_stopped_and_named_within_the_time_budget(
    text: str, named: str, templates: Path, example_master: Path, tmp_path: Path
) -> None:
    if text.startswith("{%p"):
        xml = (
            tag("{%p for i in range(100000) %}")
            + tag("{% for j in range(100000) %}x{% endfor %}")
            + tag("{%p endfor %}")
        )
    else:
        xml = tag(text)
    rewrite(templates / MEMBERS, with_paragraph(xml))
    budget = {"BOARDPACK_RENDER_SECONDS": "4"}
    exit_code, out, err, seconds = check(templates, example_master, env=budget)
    assert exit_code == 1, out + err
    assert "template-runaway" in out and named in out
    assert seconds < 60
    out_dir = tmp_path / "out"
    exit_code, out, err, seconds = run_limited(
        "build", "--master", str(example_master), "--templates", str(templates),
        "--out", str(out_dir), "--no-cache", env=budget,
    )  # fmt: skip
    assert exit_code == 1 and "template-runaway" in err and "Traceback" not in err
    assert not out_dir.exists()
    assert seconds < 90
