"""Text that a spreadsheet would run as a formula (CSV injection), and how it is kept text.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some programs skip before looking) is taken as a formula by Excel and LibreOffice
when a CSV file is opened. In the CSV files such text gets a leading apostrophe,
the mark spreadsheets themselves use for "this is text"; in the Excel workbook the
cell is stored as text, marked with a quote prefix, and keeps its exact words.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> object:
    """``value`` with an apostrophe in front when it is text a spreadsheet would run."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value
