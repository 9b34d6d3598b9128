"""Published quantitative studies of Japan's aid allocation, and how this book's
estimates compare with them.

The fact table ``data/facts/published_studies.csv`` holds one row per study
(UTF-8 CSV, every cell text). A row records only what the text we could see
states; where only an abstract was available, only the abstract's findings are
recorded, and ``detail`` says so. Columns:

``study_id``
    Stable id, lower-case words joined by ``-``, starting ``pub-``.
``study_key``
    The study's key in ``references.bib`` (the original publication).
``sample``, ``years``, ``dependent``, ``estimator``
    The study's design as the seen text states it (or ``not stated ...``).
``need_sign``, ``jp_econ_sign``, ``us_strategic_sign``, ``us_econ_sign``
    The sign the study reports for recipient need, Japan's economic interest,
    US strategic interest and US economic interest: ``+`` (more Japanese aid
    with more of it; for need, more aid to needier recipients), ``-``, ``0``
    (reported as no effect), ``partial`` (some measures matter and others do
    not, or a pattern that is not a sign), ``not reported`` or
    ``not estimated`` (:data:`SIGNS`).
``need_sig``, ``jp_econ_sig``, ``us_strategic_sig``, ``us_econ_sig``
    Whether the study reports the effect as statistically significant:
    ``yes``, ``no`` or ``not stated`` (:data:`SIGNIFICANCE`). A sign ``0``
    goes with ``no``; ``partial``, ``not reported`` and ``not estimated`` go
    with ``not stated``.
``where``
    The page or section of the seen text that states the results.
``detail``
    How much of the study was seen: ``full text``, ``abstract only``,
    ``author's summary`` or ``citation only`` (:data:`DETAILS`).
``bib_checked``
    Which parts of the bibliographic record were seen, and which were not.
``source_title``, ``source_url``, ``source_date``
    Where the recorded findings were seen: title, address (``http(s)://`` or
    ``local:``) and date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``n.d.``).
``note``
    What the row rests on, in our own words.

:func:`load` reads and validates the table; :func:`book_estimates` gives this
book's nearest comparable estimate for each of the four dimensions (chapter
3's Latin American regression under the book's inference standard: the
findings ledger's rows, and for need the income-per-head control under the
same bootstrap); :func:`comparison` sets each study beside it with an
agreement column computed by :func:`agreement`.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from analysis import allocation as al
from analysis import findings, inference, panel
from analysis.countries import LATIN_AMERICA
from analysis.errors import DataFileMissingError, DataSchemaError, ParameterError
from analysis.loaders._cache import disk_cached_with
from analysis.manifest import ROOT, _trace

#: The fact table.
PATH = ROOT / "data" / "facts" / "published_studies.csv"
#: The four dimensions of the comparison, with their labels.
DIMENSIONS: dict[str, str] = {
    "need": "Recipient need",
    "jp_econ": "Japan's economic interest",
    "us_strategic": "US strategic interest",
    "us_econ": "US economic interest",
}
SIGNS = ("+", "-", "0", "partial", "not reported", "not estimated")
SIGNIFICANCE = ("yes", "no", "not stated")
DETAILS = ("full text", "abstract only", "author's summary", "citation only")
#: Words of the agreement column.
AGREEMENT = ("same sign, both significant", "both null", "disagree", "not comparable")
#: The test level of the book's inference standard.
ALPHA = 0.05
COLUMNS = ("study_id", "study_key", "sample", "years", "dependent", "estimator",
           *(f"{d}_{s}" for d in DIMENSIONS for s in ("sign", "sig")),
           "where", "detail", "bib_checked", "source_title", "source_url", "source_date", "note")
#: The book's nearest measure of each dimension in chapter 3 (the need proxy is
#: income per head: a negative coefficient means more aid to poorer debtors).
MEASURES: dict[str, str] = {
    "need": panel.lag_name("log_gdp_pc"),
    "jp_econ": al.MERCANTILE,
    "us_strategic": al.US_AID,
    "us_econ": al.TRIANGLE,
}

_ID = re.compile(r"^pub(-[a-z0-9]+)+$")
_DATE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|n\.d\.)$")


def _bib_keys() -> set[str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"@\w+\{([^,\s]+),", text))


def validate(frame: pd.DataFrame, *, path: Path | str, bib_keys: set[str] | None = None) -> pd.DataFrame:
    """Check the published-studies table and return it (a copy, all text).

    Parameters
    ----------
    frame
        The table as read (every column text).
    path
        The file, for messages.
    bib_keys
        The keys of the bibliography (default: those of ``references.bib``).

    Raises
    ------
    DataSchemaError
        Naming the file, the row (file line), the study id and the column of
        the first bad value: a missing column, an empty or repeated id, a key
        not in the bibliography, a sign or significance outside its set or the
        two inconsistent, an unknown level of detail, a row without a source.
    """
    path = Path(path)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DataSchemaError(f"{path}: column(s) {missing} missing from the header; expected {list(COLUMNS)}")
    keys = _bib_keys() if bib_keys is None else bib_keys
    seen: dict[str, int] = {}

    def bad(line: int, sid: str, column: str, problem: str) -> DataSchemaError:
        return DataSchemaError(f"{path}, row {line} (study_id {sid!r}), column {column!r}: {problem}. Correct the "
                               "row (see the docstring of analysis.published for the schema).")

    for pos, row in enumerate(frame.to_dict("records")):
        line, sid = pos + 2, str(row["study_id"]).strip()
        if not _ID.match(sid):
            raise bad(line, sid, "study_id", "must be lower-case words joined by '-' starting with 'pub-'")
        if sid in seen:
            raise bad(line, sid, "study_id", f"repeats row {seen[sid]}; ids must be unique")
        seen[sid] = line
        if row["study_key"] not in keys:
            raise bad(line, sid, "study_key", f"{row['study_key']!r} is not a key of references.bib; add the entry")
        for col in ("sample", "years", "dependent", "estimator", "where", "bib_checked", "source_title", "note"):
            if not str(row[col]).strip():
                raise bad(line, sid, col, "is empty; write what the seen text states, or 'not stated'")
        for dim in DIMENSIONS:
            sign, sig = row[f"{dim}_sign"], row[f"{dim}_sig"]
            if sign not in SIGNS:
                raise bad(line, sid, f"{dim}_sign", f"{sign!r} is not one of {list(SIGNS)}")
            if sig not in SIGNIFICANCE:
                raise bad(line, sid, f"{dim}_sig", f"{sig!r} is not one of {list(SIGNIFICANCE)}")
            if sign == "0" and sig != "no":
                raise bad(line, sid, f"{dim}_sig", "a sign '0' (no effect) needs significance 'no'")
            if sign in ("partial", "not reported", "not estimated") and sig != "not stated":
                raise bad(line, sid, f"{dim}_sig", f"a sign {sign!r} needs significance 'not stated'")
            if sign in ("+", "-") and sig == "no":
                raise bad(line, sid, f"{dim}_sig", "an effect reported as not significant is recorded as sign '0'")
        if row["detail"] not in DETAILS:
            raise bad(line, sid, "detail", f"{row['detail']!r} is not one of {list(DETAILS)}")
        if not re.match(r"^(https?://|local:)", str(row["source_url"])):
            raise bad(line, sid, "source_url", f"{row['source_url']!r} is not an address (http(s):// or local:)")
        if not _DATE.match(str(row["source_date"])):
            raise bad(line, sid, "source_date", f"{row['source_date']!r} is not YYYY, YYYY-MM, YYYY-MM-DD or 'n.d.'")
    return frame.copy()


@cache
def _load(path: str) -> pd.DataFrame:
    p = Path(path)
    if not p.is_file():
        raise DataFileMissingError(f"fact table {p} does not exist; restore it from git")
    try:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:  # parser errors of any kind
        raise DataSchemaError(f"{p}: could not be parsed as CSV ({exc})") from exc
    return validate(frame, path=p)


def load(*, path: Path | str | None = None) -> pd.DataFrame:
    """The validated published-studies table (see :func:`validate`); ``path`` for tests."""
    if path is None:
        _trace("data/facts/published_studies.csv")
    return _load(str(path or PATH)).copy()


@disk_cached_with("analysis/**/*.py", "data/**/*")
def _need_row(start_year: int, end_year: int, dependent: str) -> pd.DataFrame:
    """The income-per-head coefficient of the core model under the bootstrap (cached)."""
    df = panel.build_panel(LATIN_AMERICA, start_year, end_year)
    var = MEASURES["need"]
    t = inference.wild_cluster_test(df, dependent, list(al.CORE), var)
    return pd.DataFrame([{"measure": var, "estimate": t.estimate, "p_wild": t.p_value, "nobs": t.nobs,
                          "n_clusters": t.n_clusters}])


def book_estimates(table: pd.DataFrame | None = None, *, start_year: int = findings.LATIN_WINDOW[0],
                   end_year: int = findings.LATIN_WINDOW[1],
                   dependent: str = findings.LATIN_DEPENDENT) -> pd.DataFrame:
    """This book's nearest comparable estimate for each dimension.

    Parameters
    ----------
    table
        Chapter 3's ledger rows (:func:`analysis.findings.latin_rows`); computed
        for the window and dependent variable when not given.
    start_year, end_year, dependent
        Chapter 3's parameters (for the need proxy, and for ``table`` when
        not given).

    Returns
    -------
    pandas.DataFrame
        One row per dimension: ``dimension``, ``measure`` (the regressor),
        ``estimate``, ``p_wild`` (restricted wild-cluster bootstrap),
        ``oriented`` (the estimate signed as the dimension reads: for need,
        minus the income-per-head coefficient) and ``key`` (the ledger row,
        empty for need, which the ledger does not hold). A dimension the
        window cannot estimate has NaN estimate and p.
    """
    led = findings.latin_rows(start_year, end_year, dependent) if table is None else table
    rows = []
    for dim, var in MEASURES.items():
        if dim == "need":
            nr = _need_row(int(start_year), int(end_year), dependent).iloc[0]
            est, p, key = float(nr["estimate"]), float(nr["p_wild"]), ""
            oriented = -est
        else:
            key = f"latin_regression:{var}"
            hit = led[led["key"] == key]
            est = float(hit["estimate"].iloc[0]) if len(hit) else float("nan")
            p = float(hit["p_wild"].iloc[0]) if len(hit) else float("nan")
            oriented = est
        rows.append({"dimension": dim, "measure": var, "estimate": est, "p_wild": p, "oriented": oriented,
                     "key": key})
    return pd.DataFrame(rows)


def agreement(study_sign: str, study_sig: str, book_oriented: float, book_p: float, *,
              alpha: float = ALPHA) -> str:
    """Whether a study's result and the book's estimate agree, by rule.

    Parameters
    ----------
    study_sign, study_sig
        The study's recorded sign and significance (:data:`SIGNS`,
        :data:`SIGNIFICANCE`).
    book_oriented, book_p
        The book's estimate signed as the dimension reads, and its bootstrap
        p-value.
    alpha
        The test level.

    Returns
    -------
    str
        ``"same sign, both significant"`` when the study reports a significant
        effect and the book's estimate has the same sign with p below
        ``alpha``; ``"both null"`` when the study reports no effect and the
        book's p is not below ``alpha``; ``"disagree"`` when one finds an
        effect and the other does not, or the signs differ; ``"not
        comparable"`` when the study gives no sign with a stated significance
        (``partial``, ``not reported``, ``not estimated``, or a sign without a
        significance) or the book has no estimate.

    Raises
    ------
    ParameterError
        If ``study_sign`` or ``study_sig`` is outside its set, or ``alpha`` is
        not in (0, 1).
    """
    if study_sign not in SIGNS:
        raise ParameterError(f"parameter 'study_sign' is {study_sign!r}; expected one of {list(SIGNS)}")
    if study_sig not in SIGNIFICANCE:
        raise ParameterError(f"parameter 'study_sig' is {study_sig!r}; expected one of {list(SIGNIFICANCE)}")
    if not 0 < alpha < 1:
        raise ParameterError(f"parameter 'alpha' is {alpha!r}; expected a number between 0 and 1")
    if pd.isna(book_oriented) or pd.isna(book_p):
        return "not comparable"
    book_sig = book_p < alpha
    if study_sign == "0" and study_sig == "no":
        return "both null" if not book_sig else "disagree"
    if study_sign in ("+", "-") and study_sig == "yes":
        same = (book_oriented > 0) == (study_sign == "+")
        return "same sign, both significant" if book_sig and same else "disagree"
    return "not comparable"


def comparison(studies: pd.DataFrame | None = None, book: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each study's result beside this book's nearest estimate, one row per study and dimension.

    Parameters
    ----------
    studies
        The validated table (:func:`load` when not given).
    book
        :func:`book_estimates` (computed for chapter 3's default parameters when
        not given).

    Returns
    -------
    pandas.DataFrame
        Columns ``study_id``, ``study_key``, ``detail``, ``dimension``,
        ``study_sign``, ``study_sig``, ``book_estimate``, ``book_oriented``,
        ``book_p`` and ``agreement`` (:func:`agreement`).

    Raises
    ------
    ParameterError
        If ``book`` lacks a dimension.
    """
    s = load() if studies is None else studies
    b = book_estimates() if book is None else book
    by_dim = b.set_index("dimension")
    lacking = [d for d in DIMENSIONS if d not in by_dim.index]
    if lacking:
        raise ParameterError(f"parameter 'book' has no row for dimension(s) {lacking}; see book_estimates()")
    rows = []
    for r in s.to_dict("records"):
        for dim in DIMENSIONS:
            est = by_dim.loc[dim]
            rows.append({"study_id": r["study_id"], "study_key": r["study_key"], "detail": r["detail"],
                         "dimension": dim, "study_sign": r[f"{dim}_sign"], "study_sig": r[f"{dim}_sig"],
                         "book_estimate": float(est["estimate"]), "book_oriented": float(est["oriented"]),
                         "book_p": float(est["p_wild"]),
                         "agreement": agreement(r[f"{dim}_sign"], r[f"{dim}_sig"], float(est["oriented"]),
                                                float(est["p_wild"]))})
    return pd.DataFrame(rows)


def agreement_counts(comp: pd.DataFrame) -> dict[str, int]:
    """How many study-dimension pairs of :func:`comparison` have each agreement word."""
    return {w: int((comp["agreement"] == w).sum()) for w in AGREEMENT}
