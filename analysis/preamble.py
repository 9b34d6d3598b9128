"""The shared preamble every chapter notebook runs first.

``from analysis.preamble import glue_text, glue_number, glue_table, show_table``
and ``setup()`` give each chapter the same display settings, the offline
chart renderer, and the helpers that put computed numbers into the prose.
"""
from __future__ import annotations

import math
import warnings
from typing import Any

import pandas as pd
from IPython.display import Markdown, display

from analysis import charts
from analysis.errors import ParameterError


def setup() -> None:
    """Configure pandas display and Altair rendering for a chapter."""
    charts.enable()
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 120)
    warnings.filterwarnings("ignore", category=FutureWarning)


def _glue(key: str, value: Any) -> None:
    from myst_nb import glue

    glue(key, value, display=False)


def fmt_number(value: float, *, digits: int = 1, scale: float = 1.0, signed: bool = False) -> str:
    """Format ``value / scale`` with ``digits`` decimals and thousands separators.

    Raises
    ------
    ParameterError
        If the value is missing or not finite: a number that does not exist
        must not be printed.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)) or pd.isna(value):
        raise ParameterError(f"cannot format {value!r}: the number is missing")
    x = float(value) / scale
    text = f"{x:+,.{digits}f}" if signed else f"{x:,.{digits}f}"
    return text.replace("-", "\u2212")


class GluedText(str):
    """A string that was glued: usable as text, but shows no cell output.

    Returned by the glue helpers so that a glue call on a cell's last line does
    not also print its value into the chapter.
    """

    def _ipython_display_(self) -> None:
        return None


def glue_text(key: str, text: str) -> GluedText:
    """Glue a ready-made string under ``key`` (use in prose as ``{glue:text}`key```).

    Returns the text as a :class:`GluedText`, which displays nothing.
    """
    _glue(key, str(text))
    return GluedText(text)


def glue_number(key: str, value: float, *, digits: int = 1, scale: float = 1.0, signed: bool = False) -> GluedText:
    """Glue a formatted number (see :func:`fmt_number`) and return the text."""
    return glue_text(key, fmt_number(value, digits=digits, scale=scale, signed=signed))


def glue_chart(key: str, chart: Any) -> None:
    """Glue an Altair chart for a ``{glue:figure}`` directive.

    Returns nothing, so that the chart is not shown a second time as the
    cell's output.
    """
    _glue(key, chart)


def show_table(frame: pd.DataFrame, *, caption: str, label: str, index: bool = False,
               floatfmt: str = ",.1f") -> None:
    """Display ``frame`` as a numbered MyST table (HTML and PDF longtable).

    Parameters
    ----------
    frame
        The table to show.
    caption
        The table's caption (our words, naming the source).
    label
        Target name for ``{numref}`` references, e.g. ``"tbl-packages"``.
    index
        Whether to show the index as a column.
    floatfmt
        Format of float cells.
    """
    if not label.startswith("tbl-"):
        raise ParameterError(f"parameter 'label' is {label!r}; table labels must start with 'tbl-'")
    display(Markdown(table_markdown(frame, caption=caption, label=label, index=index, floatfmt=floatfmt)))


def _cell(value: Any, floatfmt: str) -> str:
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
    rows = [[_cell(v, floatfmt) for v in row] for row in df.itertuples(index=False)]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    body = "\n".join(lines)
    widths = " ".join(str(w) for w in column_widths(cols, rows))
    return f":::{{table}} {caption}\n:name: {label}\n:widths: {widths}\n\n{body}\n:::\n"
