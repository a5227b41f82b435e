"""Tagged PDFs of the generated documents, through LibreOffice running headless.

The PDF is exported tagged (a structure tree that screen readers follow) and marked
PDF/UA where LibreOffice supports it. Each conversion runs with its own temporary
LibreOffice profile, so it works while the user has LibreOffice open, and is
killed with its whole process group when it takes too long.

LibreOffice stamps the time of export into the PDF (its ``CreationDate`` and XMP
``CreateDate``) and derives the document ID and checksum from it, ignoring
``SOURCE_DATE_EPOCH``; :func:`reproducible` replaces each with a value of the same
length taken from the pack, so the same document always gives the same PDF bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from datetime import date
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


def require_soffice() -> str:
    """The LibreOffice program; ``LibreOfficeNotFound``, saying how to install it, if none."""
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeNotFound(
            f"Cannot write PDFs: LibreOffice is not installed. {INSTALL_HINT}"
        )
    return soffice


#: what LibreOffice writes from the clock or from a random seed, always in these forms
_XMP_DATE = re.compile(
    rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
)
_INFO_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}Z'")
_ID = re.compile(rb"(/ID\s*\[\s*<)[0-9A-F]{32}(>\s*<)[0-9A-F]{32}(>)")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)[0-9A-F]{32}")


def reproducible(pdf: bytes, *, when: date, source: bytes) -> bytes:
    """``pdf`` with its export time set to ``when`` and its ID and checksum from ``source``.

    Every replacement has the length of what it replaces, so the cross-reference
    offsets stay right. LibreOffice runs with ``TZ=UTC``, so its dates end in ``Z``.
    """
    stamp = when.strftime("%Y%m%d").encode()
    iso = when.isoformat().encode()
    digest = hashlib.md5(source, usedforsecurity=False).hexdigest().upper().encode()
    pdf = _XMP_DATE.sub(lambda m: m[1] + iso + b"T00:00:00Z", pdf)
    pdf = _INFO_DATE.sub(lambda m: m[1] + stamp + b"000000Z'", pdf)
    pdf = _ID.sub(lambda m: m[1] + digest + m[2] + digest + m[3], pdf)
    return _CHECKSUM.sub(lambda m: m[1] + digest, pdf)


def is_whole_pdf(data: bytes) -> bool:
    """True for data that starts as a PDF and ends with its end-of-file marker."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def convert_to_pdf(
    docx: Path, out_dir: Path, *, when: date | None = None, timeout: float = 180.0
) -> Path:
    """Convert ``docx`` to a tagged PDF named after it in ``out_dir``; return its path.

    The PDF is written to a temporary folder first and moved into place only when
    it is a whole PDF, so a failed conversion never leaves a stale or partial PDF
    behind. With ``when``, the PDF is dated then and made :func:`reproducible`.
    Raises ``LibreOfficeNotFound``, ``PdfTimeout`` or ``NoPdfWritten``.
    """
    soffice = require_soffice()
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
        data = written.read_bytes() if written.is_file() else b""
        if not is_whole_pdf(data):
            said = f" (LibreOffice said: {output})" if output else ""
            found = "no PDF was written" if not data else "the PDF it wrote is incomplete"
            raise NoPdfWritten(
                f"LibreOffice could not convert {docx} to PDF: {found}{said}. "
                "Check that the document opens in Word or LibreOffice."
            )
        if when is not None:
            written.write_bytes(reproducible(data, when=when, source=docx.read_bytes()))
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
            env={**os.environ, "TZ": "UTC"},
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
    except BaseException:  # Ctrl-C: LibreOffice runs in its own session and never saw it
        _kill_group(process)
        process.communicate()
        raise
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
