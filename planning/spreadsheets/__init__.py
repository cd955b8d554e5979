"""Excel and CSV in and out: layouts, reading workbooks, imports and their views."""
