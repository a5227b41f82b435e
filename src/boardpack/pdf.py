"""Tagged PDFs of the generated documents, through LibreOffice running headless.

The PDF is exported tagged (a structure tree that screen readers follow) and marked
PDF/UA where LibreOffice supports it. Each conversion runs with its own temporary
LibreOffice profile, so it works while the user has LibreOffice open, and is
killed with its whole process group when it takes too long.

The PDFs are not byte-reproducible: LibreOffice stamps the time of export into
``CreationDate`` and the document ID, and (up to 24.x at least) ignores
``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from boardpack.problems import BoardpackError

#: Export options: tagged PDF, PDF/UA. The JSON form is read by LibreOffice 7.4 and later.
PDF_EXPORT_OPTIONS = {"UseTaggedPDF": True, "PDFUACompliance": True}

INSTALL_HINT = (
    "Install it with `sudo apt-get install libreoffice-writer-nogui` on Debian or Ubuntu, "
    "or from https://www.libreoffice.org/download/ on Windows and macOS, then run again."
)

_KNOWN_PATHS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


class PdfError(BoardpackError):
    """A document could not be converted to PDF."""


class LibreOfficeNotFound(PdfError):
    """Neither ``soffice`` nor ``libreoffice`` is installed."""


class PdfTimeout(PdfError):
    """LibreOffice did not finish within the time allowed."""


class NoPdfWritten(PdfError):
    """LibreOffice finished without writing a usable PDF."""


def find_soffice() -> str | None:
    """The LibreOffice program to run: on ``PATH``, else in its usual install folder."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in _KNOWN_PATHS if os.path.isfile(path)), None)


def filter_argument() -> str:
    """The ``--convert-to`` value: ``pdf:writer_pdf_Export:{...JSON options...}``."""
    options = ",".join(
        f'"{name}":{{"type":"boolean","value":"{str(value).lower()}"}}'
        for name, value in PDF_EXPORT_OPTIONS.items()
    )
    return "pdf:writer_pdf_Export:{" + options + "}"


def _profile_settings() -> str:
    """Registry settings for the private profile: the same export options.

    LibreOffice before 7.4 ignores the JSON options on the command line but reads
    these, so the PDF is tagged on older installations too.
    """
    props = "\n".join(
        f'<item oor:path="/org.openoffice.Office.Common/Filter/PDF/Export">'
        f'<prop oor:name="{name}" oor:op="fuse"><value>{str(value).lower()}</value></prop></item>'
        for name, value in PDF_EXPORT_OPTIONS.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{props}\n</oor:items>\n"
    )


def convert_to_pdf(docx: Path, out_dir: Path, *, timeout: float = 180.0) -> Path:
    """Convert ``docx`` to a tagged PDF named after it in ``out_dir``; return its path.

    The PDF is written to a temporary folder first and moved into place only when
    it is non-empty, so a failed conversion never leaves a stale or partial PDF
    behind. Raises ``LibreOfficeNotFound``, ``PdfTimeout`` or ``NoPdfWritten``.
    """
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeNotFound(
            f"Cannot write PDFs: LibreOffice is not installed. {INSTALL_HINT}"
        )
    if not docx.is_file():
        raise NoPdfWritten(f"Cannot convert {docx} to PDF: the file does not exist")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{docx.stem}.pdf"
    profile = Path(tempfile.mkdtemp(prefix="boardpack-libreoffice-"))
    work = Path(tempfile.mkdtemp(prefix=".boardpack-pdf-", dir=out_dir))
    try:
        (profile / "user").mkdir()
        (profile / "user" / "registrymodifications.xcu").write_text(
            _profile_settings(), encoding="utf-8"
        )
        command = [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            filter_argument(),
            "--outdir",
            str(work),
            str(docx.resolve()),
        ]
        output = _run(command, timeout=timeout, docx=docx)
        written = work / f"{docx.stem}.pdf"
        if not written.is_file() or written.stat().st_size == 0:
            said = f" (LibreOffice said: {output})" if output else ""
            raise NoPdfWritten(
                f"LibreOffice could not convert {docx} to PDF: no PDF was written{said}. "
                "Check that the document opens in Word or LibreOffice."
            )
        os.replace(written, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
    return target


def _run(command: list[str], *, timeout: float, docx: Path) -> str:
    """Run LibreOffice in its own process group; return what it printed, trimmed."""
    windows = sys.platform == "win32"
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=not windows,
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if windows else 0,
        )
    except OSError as error:
        raise LibreOfficeNotFound(
            f"Cannot start LibreOffice ({command[0]}): {error}. {INSTALL_HINT}"
        ) from error
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        raise PdfTimeout(
            f"LibreOffice did not convert {docx} to PDF within {timeout:g} seconds and was "
            "stopped. Try again; if it keeps happening, check that LibreOffice starts on its own."
        ) from None
    lines = [line.strip() for line in output.splitlines()]
    return " ".join(line for line in lines if line and "javaldx" not in line)


def _kill_group(process: subprocess.Popen[str]) -> None:
    """Kill LibreOffice and every process it started."""
    if sys.platform == "win32":
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)],
            capture_output=True,
            check=False,
        )
        process.kill()
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
