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

from analysis import charts, facts
from analysis.numbers import Number, Numbers, check
from analysis.markdown import column_widths, table_markdown  # noqa: F401  (re-exported for chapters)
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


def glue_amount(key: str, fact_id: str, *, digits: int = 1, scale: float = 1.0,
                allow_unverified: bool = False) -> GluedText:
    """Glue the amount of a fact row under ``key`` (see :func:`analysis.facts.amount`) and return the text."""
    return glue_number(key, facts.amount(fact_id, allow_unverified=allow_unverified), digits=digits, scale=scale)


def glue_date(key: str, fact_id: str) -> GluedText:
    """Glue the date of a fact row in words under ``key`` and return the text."""
    return glue_text(key, facts.date_text(fact_id))


def glue_all(values: Numbers) -> None:
    """Glue every value a ``numbers()`` function returned, each under its key.

    A :class:`~analysis.numbers.Number` is formatted with its own ``digits``,
    ``scale`` and ``signed`` (see :func:`fmt_number`); a ``str`` is glued as is.
    Returns nothing, so the call shows no cell output.

    Raises
    ------
    ParameterError
        Naming the key, if a value is malformed (see :func:`analysis.numbers.check`).
    """
    for key, item in check(values).items():
        if isinstance(item, Number):
            glue_number(key, item.value, digits=item.digits, scale=item.scale, signed=item.signed)
        else:
            glue_text(key, item)
