"""Markdown (MyST) for captioned tables: the one place table source text is written.

Presentation code (``analysis.tables``) and the notebook layer (``analysis.preamble``)
both render tables through :func:`table_markdown`, so neither imports the other.
"""
from __future__ import annotations

from typing import Any

import pandas as pd


def cell_text(value: Any, floatfmt: str) -> str:
    """One table cell as MyST text: missing values as an en dash, floats with ``floatfmt`` and a true minus sign."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, float):
        return format(value, floatfmt).replace("-", "\u2212")
    # pipes would split the cell; a pair of dollar signs would start inline maths
    return str(value).replace("|", "\\|").replace("$", "\\$").replace("\n", " ")


def column_widths(header: list[str], rows: list[list[str]]) -> list[int]:
    """Relative column widths for a table, from the length of its text.

    Each column gets the larger of its longest header word and a typical cell
    length (the mean of the average and the longest cell, so that one long
    cell does not starve the others), plus three characters of padding, at
    most 60. Explicit widths make
    the LaTeX builder use wrapping paragraph columns; without them a long
    table's text columns would run off the page.
    """
    widths = []
    for j, name in enumerate(header):
        cells = [len(r[j]) for r in rows] or [0]
        typical = (sum(cells) / len(cells) + max(cells)) / 2
        longest_word = max((len(w) for w in name.split()), default=1)
        # + 3 characters for the cell padding that every column pays
        widths.append(int(min(60, max(longest_word, round(typical)) + 3)))
    return widths


def table_markdown(frame: pd.DataFrame, *, caption: str, label: str, index: bool = False,
                   floatfmt: str = ",.1f") -> str:
    """The MyST source of a captioned, labelled table of ``frame``, with
    column widths from :func:`column_widths`."""
    df = frame.reset_index() if index else frame
    cols = [str(c).replace("|", "\\|") for c in df.columns]
    rows = [[cell_text(v, floatfmt) for v in row] for row in df.itertuples(index=False)]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    body = "\n".join(lines)
    widths = " ".join(str(w) for w in column_widths(cols, rows))
    return f":::{{table}} {caption}\n:name: {label}\n:widths: {widths}\n\n{body}\n:::\n"
