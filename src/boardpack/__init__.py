"""boardpack: the quarterly board pack for an improvement plan, built from its master workbook."""

__version__ = "0.1.0"
