"""The appendix "Chronology and sources": the fact rows as tables, one set per crisis.

Every fact row of :mod:`analysis.facts` is rendered here, and only here, under
its anchor ``fact-<fact_id>`` (see :func:`analysis.facts.anchor`), so that a
reference to a row resolves from any chapter. For each crisis the dated
events come first, in date order (:func:`events_table`; an event dated only
to a month or a year follows the events dated to a day within it), then the rescue
packages, the initiatives and the bank exposures, each in date order
(:func:`group_table`). Each row names its source as an author-year citation
of the original publication (the ``bibkey`` and ``locator`` the source
registry gives the row, see :func:`analysis.facts.load_sources`), its
verification status and any recorded disagreement among sources.

The functions take the stacked fact frame (:func:`analysis.facts.load_all`)
and return MyST Markdown; they read no file. :func:`appendix_numbers` gives
the counts the appendix opens with.
"""
from __future__ import annotations

import pandas as pd

from analysis.errors import DataSchemaError, check_choice
from analysis.facts import (CRISES, PLACEHOLDER_SOURCES, amount_text, anchor, date_words, headline, md_escape,
                            status_text)
from analysis.numbers import Number

#: Readable labels of Japan's role in an event (``japan_role``).
ROLE_LABELS = {
    "leader": "Leader", "active_supporter": "Active supporter", "follower": "Follower",
    "absent": "Absent", "na": "Not applicable",
}
#: The non-dated groups shown after the events of each crisis, with their titles.
GROUPS = {"packages": "Rescue packages", "initiatives": "Initiatives", "bank_exposure": "Bank exposure and debt"}
#: Short names of the crises, for table names (``tbl-chron-<short>-<table>``).
SHORT = {"debt_1982_91": "debt", "peso_1994_95": "peso", "asia_1997_98": "asia"}
_REQUIRED = ("table", "fact_id", "crisis", "description", "disagreement", "source_id", "bibkey", "locator",
             "verified", "rechecked", "date", "date_precision")


def citation(row: pd.Series) -> str:
    """The source of a fact row as an author-year citation of the original publication.

    ``{cite:t}`key{locator}``` (the locator, a chapter, section or pages, is
    the citation's post-text, rendered "Author (year, locator)"); a plain
    statement for rows without a located source.
    """
    key = str(row.get("bibkey") or "").strip()
    if not key:
        return "No source located" if row["source_id"] == "UNSOURCED" else "Searched for, not found"
    locator = str(row.get("locator") or "").strip()
    return f"{{cite:t}}`{key}" + (f"{{{locator}}}" if locator else "") + "`"


def status_and_notes(row: pd.Series) -> str:
    """The verification status of a row, then any disagreement among its sources."""
    text = status_text(row)
    text = text[0].upper() + text[1:] + "."
    note = str(row.get("disagreement") or "").strip()
    return text + (f" Sources differ: {md_escape(note)}" if note else "")


def _check(frame: pd.DataFrame, crisis: str) -> None:
    check_choice("crisis", crisis, tuple(CRISES))
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise DataSchemaError(f"fact frame lacks column(s) {missing}; pass the frame of analysis.facts.load_all()")


def _cell(text: str) -> str:
    """A one-paragraph list-table cell ("-" when empty)."""
    return str(text).replace("\n", " ").strip() or "-"


def _list_table(caption: str, name: str, header: list[str], widths: list[int], rows: list[list[str]]) -> str:
    lines = [f"::::{{list-table}} {caption}", ":header-rows: 1", f":name: {name}",
             ":widths: " + " ".join(str(w) for w in widths), ""]
    for cells in [header] + rows:
        for i, cell in enumerate(cells):
            body = cell.split("\n")
            lines.append(("* - " if i == 0 else "  - ") + body[0])
            lines += ["    " + b for b in body[1:]]
    lines.append("::::")
    return "\n".join(lines) + "\n"


def period_end(date: pd.Timestamp, precision: str) -> pd.Timestamp:
    """The last day of the period a partial date stands for (the day itself, its month's or its year's end)."""
    if precision == "day":
        return date
    if precision == "month":
        return date + pd.offsets.MonthEnd(0)
    return date + pd.offsets.YearEnd(0)


def _ordered(frame: pd.DataFrame, crisis: str, table: str) -> pd.DataFrame:
    """Rows of one crisis and table in date order; a month or a year comes after the days it contains."""
    sel = frame[(frame["crisis"] == crisis) & (frame["table"] == table)]
    ends = pd.Series([period_end(d, p) for d, p in zip(sel["date"], sel["date_precision"])], index=sel.index)
    return sel.assign(_end=ends).sort_values(["_end", "date"], kind="stable").drop(columns="_end")


def _anchored(row: pd.Series, text: str) -> str:
    """Cell text preceded by the row's target, so that ``{ref}`` links to the row resolve."""
    return f"({anchor(row['fact_id'])})=\n{text}"


def events_table(frame: pd.DataFrame, crisis: str) -> str:
    """The dated events of ``crisis`` in date order, one row per event under its anchor.

    Parameters
    ----------
    frame
        The stacked fact rows (:func:`analysis.facts.load_all`).
    crisis
        One of :data:`analysis.facts.CRISES`.

    Returns
    -------
    str
        A captioned MyST list-table: date, what happened, Japan's role (with
        our coding note), the source and the status and notes. Empty if the
        crisis has no events.

    Raises
    ------
    ParameterError
        If ``crisis`` is unknown.
    DataSchemaError
        If the frame lacks a column the table needs.
    """
    _check(frame, crisis)
    rows = []
    for _, r in _ordered(frame, crisis, "events").iterrows():
        role = ROLE_LABELS.get(str(r.get("japan_role")), str(r.get("japan_role")))
        note = str(r.get("coding_note") or "").strip()
        rows.append([
            _anchored(r, date_words(r["date"], r["date_precision"])),
            _cell(md_escape(r["description"])),
            _cell(role + (f". {md_escape(note)}" if note else "")),
            citation(r),
            _cell(status_and_notes(r)),
        ])
    if not rows:
        return ""
    return _list_table(f"{CRISES[crisis]}: dated events in date order, with Japan's role, the source and "
                       "how far each is verified.", f"tbl-chron-{SHORT[crisis]}-events",
                       ["Date", "What happened", "Japan's role", "Source", "Status and notes"],
                       [11, 30, 20, 14, 25], rows)


def group_table(frame: pd.DataFrame, crisis: str, table: str) -> str:
    """The rows of one non-dated group (packages, initiatives or bank exposure) of ``crisis``.

    Parameters
    ----------
    frame
        The stacked fact rows (:func:`analysis.facts.load_all`).
    crisis
        One of :data:`analysis.facts.CRISES`.
    table
        One of :data:`GROUPS`.

    Returns
    -------
    str
        A captioned MyST list-table in date order: item, date, amount (and
        share, for bank rows), description, source, status and notes; empty
        if the crisis has no rows in the group.
    """
    _check(frame, crisis)
    check_choice("table", table, tuple(GROUPS))
    rows = []
    for _, r in _ordered(frame, crisis, table).iterrows():
        amount = amount_text(r) if "amount" in r.index else ""
        share = r.get("share_pct")
        if share is not None and not pd.isna(share):
            amount = (amount + "; " if amount else "") + f"{share:g} per cent {r.get('share_base', '')}".strip()
        rows.append([
            _anchored(r, md_escape(headline(r))),
            date_words(r["date"], r["date_precision"]),
            _cell(md_escape(amount)),
            _cell(md_escape(r["description"])),
            citation(r),
            _cell(status_and_notes(r)),
        ])
    if not rows:
        return ""
    return _list_table(f"{CRISES[crisis]}: {GROUPS[table].lower()}, with the source and how far each figure "
                       "is verified.", f"tbl-chron-{SHORT[crisis]}-{table.replace('_', '-')}",
                       ["Item", "Date", "Amount", "Description", "Source", "Status and notes"],
                       [15, 9, 12, 25, 14, 25], rows)


def uncovered(frame: pd.DataFrame) -> list[str]:
    """Fact ids that no table of this module shows (none, when every row has a known crisis and table)."""
    shown = frame["crisis"].isin(list(CRISES)) & frame["table"].isin(["events", *GROUPS])
    return sorted(frame.loc[~shown, "fact_id"])


def appendix_numbers(frame: pd.DataFrame, registry: pd.DataFrame) -> dict[str, Number | str]:
    """The counts the chronology appendix opens with.

    Parameters
    ----------
    frame
        Every fact row (:func:`analysis.facts.load_all`).
    registry
        The source registry (:func:`analysis.facts.load_sources`).

    Returns
    -------
    dict
        In words: ``chron_n_rows`` (fact rows), ``chron_n_sources`` (located sources, the placeholders
        of :data:`analysis.facts.PLACEHOLDER_SOURCES` left out), ``chron_n_works`` (bibliography entries
        they belong to), ``chron_n_mirror`` (sources read in a mirror copy) and ``chron_n_unsourced``
        (fact rows whose source is a placeholder).

    Raises
    ------
    DataSchemaError
        If a fact row would appear in no table of the appendix (see :func:`uncovered`).
    """
    missing = uncovered(frame)
    if missing:
        raise DataSchemaError(f"fact rows that no table of the chronology shows: {missing}; give each a known "
                              "crisis and table")
    located = registry[~registry["source_id"].isin(PLACEHOLDER_SOURCES)]
    return {
        "chron_n_rows": str(len(frame)),
        "chron_n_sources": str(len(located)),
        "chron_n_works": str(located["bibkey"].nunique()),
        "chron_n_mirror": str(int((located["copy"] == "mirror").sum())),
        "chron_n_unsourced": str(int(frame["source_id"].isin(PLACEHOLDER_SOURCES).sum())),
    }
