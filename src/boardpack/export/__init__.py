"""The pack's data as tidy tables for analysts and open data (``boardpack export``).

This package is the only part of boardpack that imports pandas; the build never
loads it. :func:`export_data` writes ``actions.csv``, ``updates.csv``, ``areas.csv``,
``measures.csv``, ``measure-values.csv``, ``pack-data.xlsx`` (the same tables as
sheets, with an ``About`` sheet) and ``data.json`` (fingerprints and column meanings).
"""

from __future__ import annotations

from boardpack.export.files import DATA_JSON, OWNED_NAMES, WORKBOOK, ExportResult, export_data

__all__ = ["DATA_JSON", "OWNED_NAMES", "WORKBOOK", "ExportResult", "export_data"]
