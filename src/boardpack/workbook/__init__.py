"""Reading and writing the master workbook: cells in, model objects out."""
