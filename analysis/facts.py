"""The book's fact tables: cited figures and dates that no raw data file holds.

Four tables live in ``data/facts/`` (CSV, UTF-8), one row per fact:

``packages.csv``
    Rescue packages by contributor (Mexico 1982 and 1995; Thailand, Indonesia
    and Korea 1997), with the line of defence and whether the row is a total.
``initiatives.csv``
    Japan's and the United States' crisis initiatives (Baker Plan, capital
    recycling, Miyazawa Plan, Brady Plan, Export-Import Bank of Japan lending,
    the 1995 Exchange Stabilization Fund package, the Asian Monetary Fund,
    the Manila Framework, the New Miyazawa Initiative, Chiang Mai).
``bank_exposure.csv``
    Bank claims by lender nationality where a source gives them.
``events.csv``
    A dated event list with Japan's role in each event.

Every row carries a stable ``fact_id`` (lower case, ``pkg-``, ``ini-``,
``bank-`` or ``ev-`` prefix) that the book renders as the anchor
``fact-<fact_id>`` (in the appendix "Chronology and sources", see
:mod:`analysis.chronology`), its own description written
for this book, and its source: ``source_id``, ``source_title``,
``source_url``, ``source_date``. Two columns say how far the figure can be
trusted:

``verified``
    What the research notes (``../shared/data/facts``) recorded: ``yes``
    (seen in the source), ``local_file`` (seen in a project raw file only),
    ``recalled`` (believed but not seen in any source: *not verified*) or
    ``no`` (searched for and not found; amount left empty).
``rechecked``
    Whether we saw the figure again in the source while writing the book:
    ``yes``, ``no`` (not re-checked, or searched and not found).

``disagreement`` records what other sources say where they differ.

The source registry ``sources.csv`` names, for every ``source_id`` a fact
row uses, the bibliography key of the *original* publication in
``references.bib`` (``bibkey``; empty only for the placeholders
``UNSOURCED`` and ``NOT_FOUND``), a ``locator`` inside it (chapter, section
or pages; empty where not known), whether the copy read was the publisher's
own (``copy`` = ``publisher``), an official or library archive
(``archive``) or an unofficial copy (``mirror``), and ``seen_at``, the
address where that copy was read, which must equal the rows' ``source_url``.
Prose cites the original by its key; the address of a copy appears only in
the registry and in the fact rows (see :func:`load_sources`).
Amounts are non-negative with an explicit ``unit`` (``USD bn`` or ``SDR bn``);
``qualifier`` says whether an amount is exact, ``up_to``, ``about`` or
``more_than``; ``amount_max`` closes a range. Dates are ISO dates of day,
month or year precision (``1995-01-31``, ``1988-06``, ``1986``); the loader
adds ``date`` (first day of the period) and ``date_precision``.

Every read is recorded through :func:`analysis.manifest._trace` so that the
dependency-aware rebuild re-runs a chapter when a fact table changes.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from collections.abc import Iterable, Mapping

import pandas as pd

from analysis.errors import DataFileMissingError, DataSchemaError, ParameterError, check_choice
from analysis.manifest import ROOT, _trace
from analysis.numbers import Number

#: Folder of the fact tables.
FACTS_DIR = ROOT / "data" / "facts"

#: The fact tables and their date column.
TABLES: dict[str, str] = {
    "packages": "announced",
    "initiatives": "announced",
    "bank_exposure": "reference_date",
    "events": "date",
}
#: The fact-id prefix of each table.
PREFIX = {"packages": "pkg-", "initiatives": "ini-", "bank_exposure": "bank-", "events": "ev-"}

SOURCE_COLUMNS = ("source_id", "source_title", "source_url", "source_date", "verified", "rechecked",
                  "other_source_ids")
COMMON_COLUMNS = ("fact_id", "crisis", "description", "disagreement") + SOURCE_COLUMNS
COLUMNS: dict[str, tuple[str, ...]] = {
    "packages": COMMON_COLUMNS + ("package", "announced", "contributor", "contributor_code", "contributor_type",
                                  "line", "measure", "is_total", "amount", "amount_max", "qualifier", "unit"),
    "initiatives": COMMON_COLUMNS + ("initiative", "originator", "announced", "venue", "amount", "amount_max",
                                     "qualifier", "unit", "outcome"),
    "bank_exposure": COMMON_COLUMNS + ("reference_date", "debtor", "debtor_code", "lender", "lender_code",
                                       "measure", "amount", "unit", "share_pct", "share_base"),
    "events": COMMON_COLUMNS + ("date", "phase", "actors", "japan_role", "coding_note"),
}

#: The three crises of the book.
CRISES: dict[str, str] = {
    "debt_1982_91": "Latin American debt crisis, 1982-91",
    "peso_1994_95": "Mexican peso crisis, 1994-95",
    "asia_1997_98": "Asian financial crisis, 1997-98",
}
#: First year of each crisis (the year its label starts with). Events dated
#: earlier in a crisis's rows are background (for example the 1980 exchange
#: law, which chapter 2 cites) and stay out of that crisis's time line.
CRISIS_START: dict[str, int] = {"debt_1982_91": 1982, "peso_1994_95": 1994, "asia_1997_98": 1997}
VERIFIED = ("yes", "local_file", "recalled", "no")
RECHECKED = ("yes", "no")
UNITS = ("USD bn", "SDR bn")
QUALIFIERS = ("exact", "up_to", "about", "more_than", "none")
JAPAN_ROLES = ("leader", "active_supporter", "follower", "absent", "na")
CONTRIBUTOR_TYPES = ("multilateral", "bilateral", "private", "own_reserves", "total")
LINES = ("first", "second", "short_term", "all", "na")
MEASURES = ("commitment", "disbursed")
#: Placeholder sources for rows without a located source.
PLACEHOLDER_SOURCES = ("UNSOURCED", "NOT_FOUND")
#: The source registry file (in the facts folder) and its columns.
SOURCES_FILE = "sources.csv"
SOURCE_REGISTRY_COLUMNS = ("source_id", "bibkey", "locator", "copy", "seen_at", "note")
#: Where the copy of a source was read (``none`` for the placeholders only).
COPY_KINDS = ("publisher", "archive", "mirror", "none")
#: The book's bibliography.
BIB_FILE = ROOT / "references.bib"

_BIB_KEY = re.compile(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", re.M)

_FACT_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_partial_date(text: str) -> tuple[pd.Timestamp, str]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into (first day, precision).

    Raises
    ------
    ValueError
        If the text is not one of the three forms or not a calendar date.
    """
    text = text.strip()
    if not _DATE.match(text):
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    precision = {4: "year", 7: "month", 10: "day"}[len(text)]
    full = text + {"year": "-01-01", "month": "-01", "day": ""}[precision]
    return pd.Timestamp(pd.to_datetime(full, format="%Y-%m-%d")), precision


class _RowError:
    """Builds DataSchemaError messages naming file, row, fact id and column."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, line: int, fact_id: str, column: str, problem: str) -> DataSchemaError:
        return DataSchemaError(
            f"{self.path}, row {line} (fact_id {fact_id!r}), column {column!r}: {problem}. "
            "Correct the row in the fact table (see the docstring of analysis.facts for the schema)."
        )


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataFileMissingError(f"fact table {path} does not exist; restore it from git")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:  # parser errors of any kind
        raise DataSchemaError(f"{path}: could not be parsed as CSV ({exc})") from exc


def _number(value: str, err: _RowError, line: int, fid: str, column: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise err(line, fid, column, f"{value!r} is not a number (write a plain number; ranges go in amount_max)") from None
    if x != x or x < 0:
        raise err(line, fid, column, f"{value!r} must be a non-negative number (record decreases in 'measure')")
    return x


def validate(frame: pd.DataFrame, table: str, *, path: Path | str) -> pd.DataFrame:
    """Check a raw fact table and return it typed.

    Parameters
    ----------
    frame
        The table as read (all columns text).
    table
        One of :data:`TABLES`.
    path
        The file, for error messages.

    Returns
    -------
    pandas.DataFrame
        The rows with ``amount``, ``amount_max``, ``share_pct`` as floats (NaN
        when empty), ``is_total`` as bool, plus ``date`` and
        ``date_precision`` parsed from the table's date column and
        ``source_year`` (NaN when the source is undated).

    Raises
    ------
    DataSchemaError
        Naming the file, the row (file line), the fact id and the column of
        the first bad value: a missing column, an empty or repeated
        ``fact_id``, a date that does not parse, a negative or non-numeric
        amount, an amount without a unit, a value outside its allowed set,
        a row without a source.
    """
    check_choice("table", table, tuple(TABLES))
    path = Path(path)
    err = _RowError(path)
    missing = [c for c in COLUMNS[table] if c not in frame.columns]
    if missing:
        raise DataSchemaError(f"{path}: column(s) {missing} missing from the header; expected {list(COLUMNS[table])}")
    out = frame.copy()
    seen: dict[str, int] = {}
    dates, precisions, amounts, maxima, shares, source_years = [], [], [], [], [], []
    date_col = TABLES[table]
    for pos, row in enumerate(out.to_dict("records")):
        line = pos + 2
        fid = row["fact_id"].strip()
        if not fid:
            raise err(line, fid, "fact_id", "is empty")
        if not _FACT_ID.match(fid) or not fid.startswith(PREFIX[table]):
            raise err(line, fid, "fact_id", f"must be lower-case words joined by '-' and start with {PREFIX[table]!r}")
        if fid in seen:
            raise err(line, fid, "fact_id", f"repeats row {seen[fid]}; fact ids must be unique")
        seen[fid] = line
        if row["crisis"] not in CRISES:
            raise err(line, fid, "crisis", f"{row['crisis']!r} is not one of {list(CRISES)}")
        if not row["description"].strip():
            raise err(line, fid, "description", "is empty; describe the fact in our own words")
        try:
            d, prec = parse_partial_date(row[date_col])
        except ValueError as exc:
            raise err(line, fid, date_col, str(exc)) from None
        dates.append(d)
        precisions.append(prec)
        # --- source ---
        if not row["source_id"].strip() or not row["source_title"].strip():
            raise err(line, fid, "source_id", "every row needs a source id and title")
        if row["verified"] not in VERIFIED:
            raise err(line, fid, "verified", f"{row['verified']!r} is not one of {list(VERIFIED)}")
        if row["rechecked"] not in RECHECKED:
            raise err(line, fid, "rechecked", f"{row['rechecked']!r} is not one of {list(RECHECKED)}")
        placeholder = row["source_id"] in PLACEHOLDER_SOURCES
        if placeholder and row["verified"] in ("yes", "local_file"):
            raise err(line, fid, "verified", f"a row without a located source ({row['source_id']}) cannot be verified")
        if placeholder and row["rechecked"] == "yes":
            raise err(line, fid, "rechecked", "a row without a located source cannot have been re-checked")
        if not placeholder and not re.match(r"^(https?://|local:)", row["source_url"]):
            raise err(line, fid, "source_url", f"{row['source_url']!r} is not an address (http(s):// or local:)")
        if row["source_date"] == "n.d.":
            source_years.append(float("nan"))
        else:
            try:
                source_years.append(float(parse_partial_date(row["source_date"])[0].year))
            except ValueError as exc:
                raise err(line, fid, "source_date", f"{exc}; write 'n.d.' for an undated source") from None
        # --- amounts ---
        amount = maximum = share = float("nan")
        if "amount" in row:
            if row["amount"].strip():
                amount = _number(row["amount"], err, line, fid, "amount")
                if row["unit"] not in UNITS:
                    raise err(line, fid, "unit", f"{row['unit']!r}: an amount needs a unit, one of {list(UNITS)}")
            elif row["verified"] in ("yes", "local_file") and table in ("packages", "initiatives") and row.get("qualifier") != "none":
                raise err(line, fid, "amount", "is empty but the row claims a verified amount (qualifier is not 'none')")
            if row.get("amount_max", "").strip():
                maximum = _number(row["amount_max"], err, line, fid, "amount_max")
                if amount == amount and maximum < amount:
                    raise err(line, fid, "amount_max", f"{maximum} is below amount {amount}")
        if "qualifier" in row and row["qualifier"] not in QUALIFIERS:
            raise err(line, fid, "qualifier", f"{row['qualifier']!r} is not one of {list(QUALIFIERS)}")
        if "share_pct" in row and row["share_pct"].strip():
            share = _number(row["share_pct"], err, line, fid, "share_pct")
        amounts.append(amount)
        maxima.append(maximum)
        shares.append(share)
        # --- table-specific sets ---
        if table == "packages":
            for col, allowed in (("contributor_type", CONTRIBUTOR_TYPES), ("line", LINES), ("measure", MEASURES),
                                 ("is_total", ("true", "false"))):
                if row[col] not in allowed:
                    raise err(line, fid, col, f"{row[col]!r} is not one of {list(allowed)}")
        if table == "events" and row["japan_role"] not in JAPAN_ROLES:
            raise err(line, fid, "japan_role", f"{row['japan_role']!r} is not one of {list(JAPAN_ROLES)}")
    if "amount" in out.columns:
        out["amount"] = pd.Series(amounts, index=out.index, dtype="float64")
        out["amount_max"] = pd.Series(maxima, index=out.index, dtype="float64") if "amount_max" in out.columns else None
    if "share_pct" in out.columns:
        out["share_pct"] = pd.Series(shares, index=out.index, dtype="float64")
    if "is_total" in out.columns:
        out["is_total"] = out["is_total"] == "true"
    out["date"] = pd.Series(dates, index=out.index, dtype="datetime64[ns]")
    out["date_precision"] = precisions
    out["source_year"] = pd.Series(source_years, index=out.index, dtype="float64")
    out.insert(0, "table", table)
    return out


def table_path(table: str, *, folder: Path | str | None = None) -> Path:
    """The CSV file of ``table`` (in ``folder`` or :data:`FACTS_DIR`)."""
    check_choice("table", table, tuple(TABLES))
    return Path(folder or FACTS_DIR) / f"{table}.csv"


@cache
def _load(table: str, folder: str) -> pd.DataFrame:
    path = table_path(table, folder=folder)
    return validate(_read(path), table, path=path)


def _trace_read(table: str, folder: Path | str | None) -> None:
    if folder is None:
        _trace(f"data/facts/{table}.csv")


def load(table: str, *, folder: Path | str | None = None) -> pd.DataFrame:
    """Load and validate one fact table (see :func:`validate` for the result).

    Parameters
    ----------
    table
        ``"packages"``, ``"initiatives"``, ``"bank_exposure"`` or ``"events"``.
    folder
        Another folder holding the tables (tests); default ``data/facts``.
    """
    check_choice("table", table, tuple(TABLES))
    _trace_read(table, folder)
    return _load(table, str(folder or FACTS_DIR)).copy()


def bib_keys(path: Path | str | None = None) -> frozenset[str]:
    """The entry keys of a BibTeX file (default :data:`BIB_FILE`).

    Raises
    ------
    DataFileMissingError
        If the file does not exist.
    """
    path = Path(path or BIB_FILE)
    if not path.is_file():
        raise DataFileMissingError(f"bibliography {path} does not exist; restore it from git")
    return frozenset(_BIB_KEY.findall(path.read_text(encoding="utf-8")))


class _RegistryError:
    """Builds DataSchemaError messages naming the registry file, row, source id and column."""

    def __init__(self, path: Path, line: int, sid: str) -> None:
        self.path, self.line, self.sid = path, line, sid

    def __call__(self, column: str, problem: str, todo: str) -> DataSchemaError:
        return DataSchemaError(f"{self.path}, row {self.line} (source_id {self.sid!r}), column {column!r}: "
                               f"{problem}; {todo}")


def validate_sources(frame: pd.DataFrame, *, path: Path | str, keys: Iterable[str],
                     bib: Path | str = BIB_FILE) -> pd.DataFrame:
    """Check the source registry and return it indexed by ``source_id``.

    Parameters
    ----------
    frame
        The registry as read (all columns text).
    path
        The registry file, for error messages.
    keys
        The keys of the bibliography (see :func:`bib_keys`).
    bib
        The bibliography file, for error messages.

    Raises
    ------
    DataSchemaError
        Naming the file, the row and the column of the first bad value: a
        missing column, an empty or repeated ``source_id``, a ``copy`` outside
        :data:`COPY_KINDS`, a placeholder with a key or a located source
        without one, a key that is not in the bibliography, or a ``seen_at``
        that is not an address.
    """
    path = Path(path)
    missing = [c for c in SOURCE_REGISTRY_COLUMNS if c not in frame.columns]
    if missing:
        raise DataSchemaError(f"{path}: column(s) {missing} missing from the header; "
                              f"expected {list(SOURCE_REGISTRY_COLUMNS)}")
    keyset = set(keys)
    seen: dict[str, int] = {}
    for pos, row in enumerate(frame.to_dict("records")):
        line = pos + 2
        sid = row["source_id"].strip()
        bad = _RegistryError(path, line, sid)
        if not sid:
            raise bad("source_id", "is empty", "give every source an id as used in the fact tables")
        if sid in seen:
            raise bad("source_id", f"repeats row {seen[sid]}", "keep one row per source id")
        seen[sid] = line
        if row["copy"] not in COPY_KINDS:
            raise bad("copy", f"{row['copy']!r} is not one of {list(COPY_KINDS)}", "say where the copy was read")
        placeholder = sid in PLACEHOLDER_SOURCES
        key = row["bibkey"].strip()
        if placeholder:
            if key or row["copy"] != "none":
                raise bad("bibkey", "a placeholder source has no publication",
                          "leave bibkey empty and set copy to 'none'")
            continue
        if not key or row["copy"] == "none":
            raise bad("bibkey", "a located source needs the key of its original publication and a copy kind",
                      f"add an entry to {bib} and write its key here")
        if key not in keyset:
            raise bad("bibkey", f"{key!r} is not a key of {bib}",
                      f"add the original publication to {bib} (author, title, venue, date; no mirror address) "
                      "or correct the key")
        if re.search(r"[{}`]", row["locator"]):
            raise bad("locator", f"{row['locator']!r} contains a brace or backtick",
                      "write the chapter, section or pages in plain words")
        if not re.match(r"^(https?://|local:)", row["seen_at"]):
            raise bad("seen_at", f"{row['seen_at']!r} is not an address (http(s):// or local:)",
                      "write the address where the copy was read")
    return frame.set_index("source_id", drop=False)


def sources_path(folder: Path | str | None = None) -> Path:
    """The source registry file (in ``folder`` or :data:`FACTS_DIR`)."""
    return Path(folder or FACTS_DIR) / SOURCES_FILE


@cache
def _load_sources(folder: str, bib: str) -> pd.DataFrame:
    path = sources_path(folder)
    if not path.is_file():
        raise DataFileMissingError(f"source registry {path} does not exist; restore it from git")
    return validate_sources(_read(path), path=path, keys=bib_keys(bib), bib=bib)


def load_sources(*, folder: Path | str | None = None, bib: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the source registry (see :func:`validate_sources`).

    Parameters
    ----------
    folder
        Another folder holding ``sources.csv`` (tests); default ``data/facts``.
    bib
        Another bibliography (tests); default :data:`BIB_FILE`.
    """
    if folder is None:
        _trace(f"data/facts/{SOURCES_FILE}")
    return _load_sources(str(folder or FACTS_DIR), str(bib or BIB_FILE)).copy()


def check_sources(allf: pd.DataFrame, registry: pd.DataFrame, *, path: Path | str) -> None:
    """Check that every fact row's source is in the registry, at the same address.

    Raises
    ------
    DataSchemaError
        Naming the fact table, row (file line) and source id of the first row
        whose ``source_id`` the registry (``path``) lacks, or whose
        ``source_url`` differs from the registry's ``seen_at``.
    """
    for table, frame in allf.groupby("table", sort=False):
        for pos, row in enumerate(frame.to_dict("records")):
            sid, where = row["source_id"], f"{table}.csv, row {pos + 2} (fact_id {row['fact_id']!r})"
            if sid not in registry.index:
                raise DataSchemaError(
                    f"{where}: source_id {sid!r} is not in the source registry {path}; add a row there with "
                    "the bibliography key of the original publication and the address where it was read"
                )
            if sid not in PLACEHOLDER_SOURCES and row["source_url"] != registry.loc[sid, "seen_at"]:
                raise DataSchemaError(
                    f"{where}: source_url {row['source_url']!r} differs from seen_at "
                    f"{registry.loc[sid, 'seen_at']!r} of {sid!r} in {path}; one source id, one address"
                )


def load_all(*, folder: Path | str | None = None, bib: Path | str | None = None) -> pd.DataFrame:
    """All four tables stacked (columns a table lacks are empty), with each
    row's ``bibkey`` and ``locator`` from the source registry.

    Raises
    ------
    DataSchemaError
        If a fact id appears in two tables, one source id carries two
        different titles or addresses, or a row's source is not in the
        registry (see :func:`check_sources`).
    """
    for t in TABLES:
        _trace_read(t, folder)
    if folder is None:
        _trace(f"data/facts/{SOURCES_FILE}")
    return _load_all(str(folder or FACTS_DIR), str(bib or BIB_FILE)).copy()


@cache
def _load_all(folder: str, bib: str) -> pd.DataFrame:
    """The computation behind :func:`load_all` (cached: the tables are read once)."""
    frames = [_load(t, folder) for t in TABLES]
    allf = pd.concat(frames, ignore_index=True, sort=False)
    dup = allf[allf["fact_id"].duplicated(keep=False)]
    if not dup.empty:
        fid = dup["fact_id"].iloc[0]
        raise DataSchemaError(f"fact_id {fid!r} appears in tables {sorted(dup.loc[dup['fact_id'] == fid, 'table'])}")
    src = allf.drop_duplicates(["source_id", "source_title", "source_url"])
    clash = src[src["source_id"].duplicated(keep=False)]
    if not clash.empty:
        sid = clash["source_id"].iloc[0]
        raise DataSchemaError(
            f"source_id {sid!r} has different titles or addresses in "
            f"{sorted(set(clash.loc[clash['source_id'] == sid, 'table']))}; one source id, one title and address"
        )
    registry = _load_sources(folder, bib)
    check_sources(allf, registry, path=sources_path(folder))
    allf["bibkey"] = allf["source_id"].map(registry["bibkey"])
    allf["locator"] = allf["source_id"].map(registry["locator"])
    return allf


def fact(fact_id: str) -> pd.Series:
    """The row of ``fact_id`` from whichever table holds it.

    Raises
    ------
    ParameterError
        If no table holds the id (the message suggests close ids).
    """
    allf = load_all()
    hit = allf[allf["fact_id"] == fact_id]
    if hit.empty:
        prefix = fact_id.split("-")[0]
        near = [f for f in allf["fact_id"] if f.startswith(prefix)][:8]
        raise ParameterError(f"fact_id {fact_id!r} is in no fact table; ids with that prefix include {near}")
    return hit.iloc[0]


def amount(fact_id: str, *, allow_unverified: bool = False) -> float:
    """The amount of a fact row, in its table's unit.

    Parameters
    ----------
    fact_id
        The row.
    allow_unverified
        Rows marked ``recalled`` or ``no`` raise unless this is True, so
        that prose cannot glue an unverified figure by accident.

    Raises
    ------
    ParameterError
        If the row has no amount, or is unverified and not allowed.
    """
    row = fact(fact_id)
    if row["verified"] not in ("yes", "local_file") and not allow_unverified:
        raise ParameterError(
            f"fact {fact_id!r} is marked verified={row['verified']!r}; pass allow_unverified=True "
            "and say in the prose that the figure is not verified"
        )
    value = row.get("amount")
    if value is None or pd.isna(value):
        raise ParameterError(f"fact {fact_id!r} has no amount")
    return float(value)


def amount_number(fact_id: str, digits: int, *, allow_unverified: bool = False) -> Number:
    """The amount of a fact row (:func:`amount`) as a prose :class:`~analysis.numbers.Number` with ``digits``."""
    return Number(amount(fact_id, allow_unverified=allow_unverified), digits=digits)


def row_numbers(amounts: Mapping[str, tuple[str, int]], dates: Mapping[str, str]) -> dict[str, Number | str]:
    """Prose values read straight from fact rows, by table.

    Parameters
    ----------
    amounts
        Glue key -> (fact row, decimals): the row's amount (:func:`amount_number`).
    dates
        Glue key -> fact row: the row's date in words (:func:`date_text`).
    """
    out: dict[str, Number | str] = {key: amount_number(fid, d) for key, (fid, d) in amounts.items()}
    out.update({key: date_text(fid) for key, fid in dates.items()})
    return out


def date_text(fact_id: str) -> str:
    """The date of a fact row in words at its precision ("12 August 1982", "June 1988", "1986")."""
    row = fact(fact_id)
    return date_words(row["date"], row["date_precision"])


def date_words(d: pd.Timestamp, prec: str) -> str:
    """A date in words at precision ``prec`` (``day``, ``month`` or ``year``)."""
    check_choice("prec", prec, ("day", "month", "year"))
    if prec == "day":
        return f"{d.day} {d:%B %Y}"
    if prec == "month":
        return f"{d:%B %Y}"
    return f"{d:%Y}"


def cite_role(fact_id: str) -> str:
    """An author-year citation of the source of a fact row, as a MyST role.

    ``{cite:p}`key``` for the original publication the source registry names
    (with the registry's locator as post-text); for a row without a located
    source, a link to the row in the chronology appendix instead.
    """
    row = fact(fact_id)
    key = str(row.get("bibkey") or "")
    if not key:
        return f"{{ref}}`chronology <{anchor(fact_id)}>`"
    locator = str(row.get("locator") or "")
    return f"{{cite:p}}`{key}" + (f"{{{locator}}}" if locator else "") + "`"


def anchor(fact_id: str) -> str:
    """The MyST target name of a fact row: ``fact-<fact_id>``."""
    return f"fact-{fact_id}"


def status_text(row: pd.Series) -> str:
    """A short, plain statement of how far a row is verified."""
    v, r = row["verified"], row["rechecked"]
    if v == "yes":
        return "verified in the source" + (" (re-checked for this book)" if r == "yes" else "")
    if v == "local_file":
        return "seen in a project data file only"
    if v == "recalled":
        return "NOT VERIFIED: recalled figure, no source located"
    return "NOT FOUND in any source reachable"


def amount_text(row: pd.Series) -> str:
    """The amount of a fact row in words with qualifier, range and unit (empty if none)."""
    a = row.get("amount")
    if a is None or pd.isna(a):
        return ""
    q = {"up_to": "up to ", "about": "about ", "more_than": "more than ", "exact": "", "none": ""}.get(
        row.get("qualifier", "exact") or "exact", "")
    text = f"{q}{a:,.10g}"
    m = row.get("amount_max")
    if m is not None and not pd.isna(m):
        text += f"-{m:,.10g}"
    return f"{text} {row['unit']}"


#: Readable names of the packages in ``packages.csv``.
PACKAGE_LABELS = {
    "mexico_1982": "Mexico, August 1982", "mexico_1995_jan": "Mexico, early January 1995",
    "mexico_1995": "Mexico, January-February 1995", "thailand_1997": "Thailand, August 1997",
    "indonesia_1997": "Indonesia, October-November 1997", "korea_1997": "Korea, December 1997",
}


def headline(row: pd.Series) -> str:
    """A short name for a fact row: contributor and package, initiative, lender and debtor, or actors."""
    t = row["table"]
    if t == "packages":
        pkg = PACKAGE_LABELS.get(row["package"], row["package"].replace("_", " "))
        if row["line"] in ("all", "na"):
            part = "total" if row["line"] == "all" else "no line"
        else:
            part = {"first": "first line", "second": "second line", "short_term": "short-term facility"}[row["line"]]
        return f"{row['contributor']} (package {pkg}; {part}; {row['measure']})"
    if t == "initiatives":
        return f"{row['initiative']} ({row['originator']})"
    if t == "bank_exposure":
        return f"{row['lender']} on {row['debtor']}: {row['measure']}"
    return f"{row['actors']}"


def md_escape(text: str) -> str:
    """Escape characters that MyST would read as markup in a table value."""
    return re.sub(r"([*_`\[\]<>|$])", r"\\\1", str(text))


def verification_summary(*, crisis: str | None = None) -> pd.DataFrame:
    """Counts of rows by table and verification status (for closing notes)."""
    allf = load_all()
    if crisis is not None:
        check_choice("crisis", crisis, tuple(CRISES))
        allf = allf[allf["crisis"] == crisis]
    out = allf.groupby(["table", "verified", "rechecked"]).size().rename("rows").reset_index()
    return out
