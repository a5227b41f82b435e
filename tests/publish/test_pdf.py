"""Tagged PDFs through LibreOffice: the real conversion, and every way it can fail."""

from __future__ import annotations

import hashlib
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import docx
import pytest

from boardpack import pdf
from boardpack.problems import BoardpackError


def _small_docx(folder: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Action plan update"
    document.add_heading("Action plan update", level=1)
    document.add_paragraph("Progress on the improvement actions this quarter.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Ref", "RAG"
    table.cell(1, 0).text, table.cell(1, 1).text = "1.1", "Green"
    path = folder / "members-update.docx"
    document.save(str(path))
    return path


def _pdfinfo(path: Path, *options: str) -> str:
    program = shutil.which("pdfinfo")
    assert program, "pdfinfo (poppler-utils) is needed to check the PDF"
    return subprocess.run(
        [program, *options, str(path)], capture_output=True, text=True, check=True
    ).stdout


def _fake_soffice(folder: Path, script: str) -> str:
    """An executable standing in for soffice, running ``script`` under /bin/sh."""
    path = folder / "soffice"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Route temporary folders (the LibreOffice profile) into a folder the test can inspect."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.libreoffice
def test_converts_docx_to_a_tagged_pdf_with_pages(tmp_path: Path, private_tmp: Path) -> None:
    assert pdf.find_soffice(), "LibreOffice (soffice) is required for this test"
    source = _small_docx(tmp_path)
    out = tmp_path / "out"

    written = pdf.convert_to_pdf(source, out)

    assert written == out / "members-update.pdf"
    assert written.stat().st_size > 0
    info = _pdfinfo(written)
    assert "Tagged:          yes" in info
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages >= 1
    assert "pdfuaid:part" in _pdfinfo(written, "-meta")


@pytest.mark.libreoffice
def test_conversion_leaves_only_the_pdf_behind(tmp_path: Path, private_tmp: Path) -> None:
    source = _small_docx(tmp_path)
    out = tmp_path / "out"

    pdf.convert_to_pdf(source, out)

    assert sorted(p.name for p in out.iterdir()) == ["members-update.pdf"]
    assert list(private_tmp.iterdir()) == []


@pytest.mark.libreoffice
def test_a_file_libreoffice_cannot_read_gives_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip archive")
    out = tmp_path / "out"

    with pytest.raises(pdf.NoPdfWritten) as caught:
        pdf.convert_to_pdf(broken, out)

    message = str(caught.value)
    assert f"LibreOffice could not convert {broken} to PDF: no PDF was written" in message
    assert "Check that the document opens in Word or LibreOffice." in message
    assert list(out.iterdir()) == []


def test_missing_libreoffice_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)

    with pytest.raises(pdf.LibreOfficeNotFound) as caught:
        pdf.convert_to_pdf(_small_docx(tmp_path), tmp_path / "out")

    assert isinstance(caught.value, BoardpackError)
    assert caught.value.exit_code == 1
    assert str(caught.value) == (
        "Cannot write PDFs: LibreOffice is not installed. Install it with "
        "`sudo apt-get install libreoffice-writer-nogui` on Debian or Ubuntu, or from "
        "https://www.libreoffice.org/download/ on Windows and macOS, then run again."
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX executables on PATH")
@pytest.mark.parametrize(
    ("on_path", "expected"),
    [
        pytest.param((), None, id="nothing-installed"),
        pytest.param(("libreoffice",), "libreoffice", id="libreoffice-only"),
        pytest.param(("soffice", "libreoffice"), "soffice", id="soffice-preferred"),
    ],
)
def test_find_soffice_looks_on_path_for_soffice_then_libreoffice(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    on_path: tuple[str, ...],
    expected: str | None,
) -> None:
    for name in on_path:
        program = tmp_path / name
        program.write_text("#!/bin/sh\n", encoding="utf-8")
        program.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdf, "_KNOWN_PATHS", ())

    found = pdf.find_soffice()

    assert found == (str(tmp_path / expected) if expected else None)


def test_find_soffice_falls_back_to_the_usual_install_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    installed.parent.mkdir(parents=True)
    installed.write_text("", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf, "_KNOWN_PATHS", (str(tmp_path / "missing"), str(installed)))

    assert pdf.find_soffice() == str(installed)


def test_export_filter_asks_for_tagged_pdf_ua() -> None:
    assert pdf.filter_argument() == (
        'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
        '"PDFUACompliance":{"type":"boolean","value":"true"}}'
    )


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as soffice")
def test_exit_without_writing_a_pdf_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _fake_soffice(tmp_path, "exit 0")
    monkeypatch.setattr(pdf, "find_soffice", lambda: fake)
    source = _small_docx(tmp_path)

    with pytest.raises(pdf.NoPdfWritten, match="no PDF was written"):
        pdf.convert_to_pdf(source, tmp_path / "out")


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as soffice")
def test_an_empty_pdf_is_an_error_and_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the last argument before the document is the output folder
    fake = _fake_soffice(
        tmp_path, 'for a; do out=$dir; dir=$a; done; : > "$out/members-update.pdf"'
    )
    monkeypatch.setattr(pdf, "find_soffice", lambda: fake)
    out = tmp_path / "out"

    with pytest.raises(pdf.NoPdfWritten):
        pdf.convert_to_pdf(_small_docx(tmp_path), out)

    assert list(out.iterdir()) == []


def _is_gone(pid: int) -> bool:
    """True when the process has ended (a zombie waiting to be reaped counts as ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return True
    return fields[0] in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_timeout_stops_libreoffice_and_everything_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child_pid = tmp_path / "child.pid"
    # the child does not hold LibreOffice's output pipe, so only a group kill ends it early
    fake = _fake_soffice(tmp_path, f'sleep 300 >/dev/null 2>&1 & echo $! > "{child_pid}"; wait')
    monkeypatch.setattr(pdf, "find_soffice", lambda: fake)

    with pytest.raises(pdf.PdfTimeout) as caught:
        pdf.convert_to_pdf(_small_docx(tmp_path), tmp_path / "out", timeout=1)

    assert "did not convert" in str(caught.value)
    assert "within 1 seconds and was stopped" in str(caught.value)
    pid = int(child_pid.read_text(encoding="utf-8"))
    for _ in range(100):  # a killed process may take a moment to be scheduled and end
        if _is_gone(pid):
            break
        time.sleep(0.05)
    assert _is_gone(pid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_libreoffice_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_tmp: Path
) -> None:
    child_pid = tmp_path / "child.pid"
    fake = _fake_soffice(tmp_path, f'sleep 300 >/dev/null 2>&1 & echo $! > "{child_pid}"; wait')
    monkeypatch.setattr(pdf, "find_soffice", lambda: fake)

    def interrupted(self: subprocess.Popen[str], timeout: float | None = None) -> tuple[str, str]:
        for _ in range(100):  # wait until the stand-in has started its child
            if child_pid.exists() and child_pid.read_text(encoding="utf-8").strip():
                break
            time.sleep(0.05)
        monkeypatch.undo()  # the cleanup's own communicate() is the real one
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess.Popen, "communicate", interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        pdf.convert_to_pdf(_small_docx(tmp_path), out)

    pid = int(child_pid.read_text(encoding="utf-8"))
    for _ in range(100):
        if _is_gone(pid):
            break
        time.sleep(0.05)
    assert _is_gone(pid)
    assert list(out.iterdir()) == []
    assert list(private_tmp.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as soffice")
def test_a_pdf_cut_short_is_an_error_and_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _fake_soffice(
        tmp_path,
        "for a; do out=$dir; dir=$a; done; "
        'printf "%%PDF-1.7\\n1 0 obj" > "$out/members-update.pdf"',
    )
    monkeypatch.setattr(pdf, "find_soffice", lambda: fake)
    out = tmp_path / "out"

    with pytest.raises(pdf.NoPdfWritten, match="the PDF it wrote is incomplete"):
        pdf.convert_to_pdf(_small_docx(tmp_path), out)

    assert list(out.iterdir()) == []


@pytest.mark.libreoffice
def test_the_same_document_gives_the_same_pdf_bytes_dated_from_the_pack(
    tmp_path: Path, private_tmp: Path
) -> None:
    source = _small_docx(tmp_path)
    when = date(2019, 10, 31)

    first = pdf.convert_to_pdf(source, tmp_path / "first", when=when).read_bytes()
    time.sleep(1.1)  # LibreOffice stamps the time to the second
    second = pdf.convert_to_pdf(source, tmp_path / "second", when=when).read_bytes()

    assert first == second
    info = _pdfinfo(tmp_path / "first" / "members-update.pdf")
    assert "CreationDate:    Thu Oct 31 00:00:00 2019 UTC" in info
    assert "Tagged:          yes" in info
    assert b"2019-10-31T00:00:00Z" in first


def test_reproducible_replaces_times_and_ids_without_moving_a_byte() -> None:
    original = (
        b"%PDF-1.7\n<xmp:CreateDate>2026-12-01T08:02:00Z</xmp:CreateDate>\n"
        b"/CreationDate(D:20261201080200Z')>>\n"
        b"/ID [ <67062BFBF53A025E1C6789C9DF7E05FE>\n<67062BFBF53A025E1C6789C9DF7E05FE> ]\n"
        b"/DocChecksum /87417BD2E8BF3739B259F8280C5C43C3\n%%EOF\n"
    )

    fixed = pdf.reproducible(original, when=date(2019, 10, 31), source=b"docx bytes")

    digest = hashlib.md5(b"docx bytes", usedforsecurity=False).hexdigest().upper().encode()
    assert len(fixed) == len(original)
    assert fixed == (
        b"%PDF-1.7\n<xmp:CreateDate>2019-10-31T00:00:00Z</xmp:CreateDate>\n"
        b"/CreationDate(D:20191031000000Z')>>\n"
        b"/ID [ <" + digest + b">\n<" + digest + b"> ]\n"
        b"/DocChecksum /" + digest + b"\n%%EOF\n"
    )
