"""Figures that a fact row states in its text (``data/facts/stated_figures.csv``).

Some chronology rows give a figure only in their words: "$833m", "about 39% in
1994", "from 10 September". When the prose needs such a figure, it is not
parsed out of the sentence; it is recorded once, as a row of this small table:

``stated_id``
    A stable id (``st-`` prefix, lower-case words joined by ``-``).
``fact_id``
    The fact row that states the figure (any table of :mod:`analysis.facts`);
    the figure's source is that row's source (``source_id`` and, for the
    ``disagreement`` column, its ``other_source_ids``).
``column``
    Where the row states it: ``description``, ``disagreement`` or ``coding_note``.
``stated``
    The words of the row around the figure, exactly as written; they must
    occur once in that column, so a figure cannot drift from its row.
``value``
    The figure as written (``35.2``, ``3.80``, ``10 September``, ``roughly a tenth``).
``unit``
    One of :data:`UNITS`; the numeric units need a number in ``value``.
``attributed_to``
    Whom the row's text attributes the figure to (empty if to the row's own source).

:func:`load` validates every row against its fact row; :func:`value`,
:func:`text` and :func:`usd_words` read one row and refuse a figure whose fact
row is not verified in a source unless asked.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from analysis import facts
from analysis.errors import DataSchemaError, ParameterError
from analysis.manifest import _trace

#: The table's file name (in :data:`analysis.facts.FACTS_DIR` unless a folder is given).
STATED_FILE = "stated_figures.csv"
#: Its columns.
COLUMNS: tuple[str, ...] = ("stated_id", "fact_id", "column", "stated", "value", "unit", "attributed_to")
#: The fact-row columns that state figures in words.
TEXT_COLUMNS: tuple[str, ...] = ("description", "disagreement", "coding_note")
#: Units whose ``value`` is a number.
NUMERIC_UNITS: tuple[str, ...] = ("USD bn", "USD m", "per cent", "yen per USD", "ringgit per USD")
#: Every unit: the numeric ones, a day of the month in words (``day``) and plain words.
UNITS: tuple[str, ...] = NUMERIC_UNITS + ("day", "words")

_ID = re.compile(r"^st(-[a-z0-9]+)+$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def _error(path: Path, line: int, sid: str, column: str, problem: str) -> DataSchemaError:
    return DataSchemaError(f"{path}, row {line} (stated_id {sid!r}), column {column!r}: {problem}. "
                           "Correct the row (see the docstring of analysis.stated for the schema).")


def validate(frame: pd.DataFrame, parents: pd.DataFrame, *, path: Path | str) -> pd.DataFrame:
    """Check the stated-figures table against the fact rows and return it typed.

    Parameters
    ----------
    frame
        The table as read (all columns text).
    parents
        The fact rows (:func:`analysis.facts.load_all`), with ``fact_id`` and the
        :data:`TEXT_COLUMNS`.
    path
        The file, for error messages.

    Returns
    -------
    pandas.DataFrame
        The rows, with ``number`` (float; NaN for ``day`` and ``words``) and
        ``verified`` (the fact row's ``verified``).

    Raises
    ------
    DataSchemaError
        Naming the file, the row, the id and the column of the first bad value:
        a missing column, a bad or repeated id, an unknown fact row or column,
        words that the fact row does not contain exactly once, an unknown unit,
        or a numeric unit without a plain number.
    """
    path = Path(path)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DataSchemaError(f"{path}: column(s) {missing} missing from the header; expected {list(COLUMNS)}")
    rows = parents.set_index("fact_id")
    seen: set[str] = set()
    numbers, verified = [], []
    for pos, row in enumerate(frame.to_dict("records")):
        line, sid = pos + 2, str(row["stated_id"]).strip()
        if not _ID.match(sid):
            raise _error(path, line, sid, "stated_id", "must be 'st-' and lower-case words joined by '-'")
        if sid in seen:
            raise _error(path, line, sid, "stated_id", "repeats an earlier row; ids must be unique")
        seen.add(sid)
        if row["fact_id"] not in rows.index:
            raise _error(path, line, sid, "fact_id", f"{row['fact_id']!r} is in no fact table")
        if row["column"] not in TEXT_COLUMNS:
            raise _error(path, line, sid, "column", f"{row['column']!r} is not one of {list(TEXT_COLUMNS)}")
        words = str(rows.loc[row["fact_id"], row["column"]])
        n = words.count(row["stated"]) if row["stated"] else 0
        if n != 1:
            raise _error(path, line, sid, "stated",
                         f"{row['stated']!r} occurs {n} times in {row['fact_id']}'s {row['column']} ({words!r}); "
                         "quote words that occur exactly once")
        if row["unit"] not in UNITS:
            raise _error(path, line, sid, "unit", f"{row['unit']!r} is not one of {list(UNITS)}")
        if not str(row["value"]).strip():
            raise _error(path, line, sid, "value", "is empty")
        if row["unit"] in NUMERIC_UNITS:
            if not _NUMBER.match(row["value"]):
                raise _error(path, line, sid, "value", f"{row['value']!r} is not a plain non-negative number")
            if row["value"] not in row["stated"]:
                raise _error(path, line, sid, "value", f"{row['value']!r} is not written in {row['stated']!r}")
            numbers.append(float(row["value"]))
        else:
            numbers.append(float("nan"))
        verified.append(rows.loc[row["fact_id"], "verified"])
    out = frame.copy()
    out["number"] = pd.Series(numbers, index=out.index, dtype="float64")
    out["verified"] = verified
    return out


@cache
def _load(folder: str) -> pd.DataFrame:
    path = Path(folder) / STATED_FILE
    return validate(facts._read(path), facts.load_all(), path=path)


def load(*, folder: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the stated-figures table (see :func:`validate`).

    Parameters
    ----------
    folder
        Another folder holding ``stated_figures.csv`` (tests); default ``data/facts``.
    """
    if folder is None:
        _trace(f"data/facts/{STATED_FILE}")
    return _load(str(folder or facts.FACTS_DIR)).copy()


def row(stated_id: str, *, allow_unverified: bool = False) -> pd.Series:
    """One row of the table.

    Raises
    ------
    ParameterError
        If no row has the id, or its fact row is not verified in a source
        (``verified`` other than ``yes`` or ``local_file``) and
        ``allow_unverified`` is False.
    """
    t = load().set_index("stated_id")
    if stated_id not in t.index:
        raise ParameterError(f"stated_id {stated_id!r} is not in {STATED_FILE}; add the row there "
                             "(the words of the fact row and the figure as written)")
    r = t.loc[stated_id]
    if r["verified"] not in ("yes", "local_file") and not allow_unverified:
        raise ParameterError(f"stated figure {stated_id!r} comes from fact {r['fact_id']!r}, marked verified="
                             f"{r['verified']!r}; pass allow_unverified=True and say in the prose that it is not verified")
    return r


def value(stated_id: str, *, allow_unverified: bool = False) -> float:
    """The number of a row with a numeric unit.

    Raises
    ------
    ParameterError
        As :func:`row`, or if the row's unit is ``day`` or ``words``.
    """
    r = row(stated_id, allow_unverified=allow_unverified)
    if r["unit"] not in NUMERIC_UNITS:
        raise ParameterError(f"stated figure {stated_id!r} is in {r['unit']!r}, not a number; use stated.text")
    return float(r["number"])


def text(stated_id: str, *, allow_unverified: bool = False) -> str:
    """The figure exactly as written (``"3.80"``, ``"10 September"``, ``"roughly a tenth"``)."""
    return str(row(stated_id, allow_unverified=allow_unverified)["value"])


def usd_words(stated_id: str, *, allow_unverified: bool = False) -> str:
    """A dollar figure in words as written: ``"833 million"``, ``"23.6 billion"``.

    Raises
    ------
    ParameterError
        As :func:`row`, or if the row's unit is not ``USD bn`` or ``USD m``.
    """
    r = row(stated_id, allow_unverified=allow_unverified)
    words = {"USD bn": "billion", "USD m": "million"}
    if r["unit"] not in words:
        raise ParameterError(f"stated figure {stated_id!r} is in {r['unit']!r}, not US dollars")
    return f"{r['value']} {words[r['unit']]}"
