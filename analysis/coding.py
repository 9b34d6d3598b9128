"""Japan's coded engagement in the three crises (``data/facts/engagement.csv``).

Each row is one phase of one crisis. Japan is coded on the book's three
dimensions, each on an ordinal scale of 0, 1 or 2:

``active``
    0 = no initiative and no large official money; 1 = some official money
    or a minor initiative; 2 = Japan designs initiatives or commits a large
    official contribution.
``leadership``
    0 = no proposal of its own; 1 = an own design in the service of a US
    initiative; 2 = Japan proposes its own plan or acts before the US.
``cooperation`` (with the United States)
    0 = no endorsement, coordination or funding of US preferences (or
    opposition to them); 1 = partial (cooperation through the IMF rather
    than with the US, or an own line that adjusts to US objections);
    2 = Japan publicly backs, coordinates with or funds the US line.

Every code has a one-line justification (``justification_<dimension>``) and
the row lists the event ids (``events.csv``) it rests on, so each code can
be traced to dated, sourced events.

Public functions (stable; used by the Introduction, chapter 4 and the
Conclusion): :func:`load_engagement`, :func:`engagement_summary`,
:func:`engagement_table`, :func:`label_score`.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from analysis.errors import DataFileMissingError, DataSchemaError, check_choice
from analysis.facts import CRISES, FACTS_DIR, load as load_facts, parse_partial_date
from analysis.manifest import _trace

#: The three coded dimensions, in the book's order.
DIMENSIONS: tuple[str, ...] = ("active", "leadership", "cooperation")
#: Words for the ordinal codes.
CODE_WORDS: dict[int, str] = {0: "low", 1: "partial", 2: "high"}
ENGAGEMENT_COLUMNS = ("crisis", "phase", "phase_label", "start", "end", *DIMENSIONS,
                      *(f"justification_{d}" for d in DIMENSIONS), "event_ids", "note")
#: Weighting schemes of :func:`engagement_summary`.
WEIGHTS = ("equal", "duration")


def _path(folder: Path | str | None) -> Path:
    return Path(folder or FACTS_DIR) / "engagement.csv"


def validate_engagement(frame: pd.DataFrame, *, path: Path | str, event_ids: set[str] | None = None) -> pd.DataFrame:
    """Check the coded table and return it typed.

    Returns
    -------
    pandas.DataFrame
        The rows with integer codes, ``start``/``end`` as timestamps (first
        day of the start month, last day of the end month), ``months``
        (phase length) and ``events`` (list of event ids).

    Raises
    ------
    DataSchemaError
        Naming file, row, phase and column: a missing column, an unknown
        crisis, a repeated phase, a code outside 0-2, an empty justification,
        a date that does not parse or ends before it starts, no events, or an
        event id that ``events.csv`` does not hold.
    """
    path = Path(path)
    missing = [c for c in ENGAGEMENT_COLUMNS if c not in frame.columns]
    if missing:
        raise DataSchemaError(f"{path}: column(s) {missing} missing from the header; expected {list(ENGAGEMENT_COLUMNS)}")
    out = frame.copy()
    starts, ends, events = [], [], []
    seen: set[tuple[str, str]] = set()

    def bad(line: int, phase: str, col: str, problem: str) -> DataSchemaError:
        return DataSchemaError(f"{path}, row {line} (phase {phase!r}), column {col!r}: {problem}")

    for pos, row in enumerate(out.to_dict("records")):
        line, phase = pos + 2, row["phase"]
        if row["crisis"] not in CRISES:
            raise bad(line, phase, "crisis", f"{row['crisis']!r} is not one of {list(CRISES)}")
        if not phase.strip() or (row["crisis"], phase) in seen:
            raise bad(line, phase, "phase", "is empty or repeated within its crisis")
        seen.add((row["crisis"], phase))
        for dim in DIMENSIONS:
            if row[dim] not in ("0", "1", "2"):
                raise bad(line, phase, dim, f"{row[dim]!r} is not a code 0, 1 or 2")
            if not row[f"justification_{dim}"].strip():
                raise bad(line, phase, f"justification_{dim}", "is empty; every code needs a one-line justification")
        try:
            s, _ = parse_partial_date(row["start"])
            e, prec = parse_partial_date(row["end"])
        except ValueError as exc:
            raise bad(line, phase, "start/end", str(exc)) from None
        e = e + {"year": pd.offsets.YearEnd(0), "month": pd.offsets.MonthEnd(0), "day": pd.offsets.Day(0)}[prec]
        if e < s:
            raise bad(line, phase, "end", f"{row['end']} is before start {row['start']}")
        ids = [x for x in row["event_ids"].split(";") if x.strip()]
        if not ids:
            raise bad(line, phase, "event_ids", "lists no events; every code must rest on dated events")
        if event_ids is not None:
            unknown = [x for x in ids if x not in event_ids]
            if unknown:
                raise bad(line, phase, "event_ids", f"{unknown} are not fact ids of events.csv")
        starts.append(s)
        ends.append(e)
        events.append(ids)
    for dim in DIMENSIONS:
        out[dim] = out[dim].astype("int64")
    out["start"] = pd.Series(starts, index=out.index, dtype="datetime64[ns]")
    out["end"] = pd.Series(ends, index=out.index, dtype="datetime64[ns]")
    out["months"] = ((out["end"].dt.year - out["start"].dt.year) * 12
                     + out["end"].dt.month - out["start"].dt.month + 1).astype("int64")
    out["events"] = events
    return out


@cache
def _load(folder: str) -> pd.DataFrame:
    path = _path(folder)
    if not path.is_file():
        raise DataFileMissingError(f"coded engagement table {path} does not exist; restore it from git")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:  # parser errors of any kind
        raise DataSchemaError(f"{path}: could not be parsed as CSV ({exc})") from exc
    ev = set(load_facts("events", folder=None if folder == str(FACTS_DIR) else folder)["fact_id"])
    return validate_engagement(raw, path=path, event_ids=ev)


def load_engagement(*, folder: Path | str | None = None) -> pd.DataFrame:
    """The coded phases, validated (see :func:`validate_engagement`)."""
    if folder is None:
        _trace("data/facts/engagement.csv")
    return _load(str(folder or FACTS_DIR)).copy()


def label_score(score: float) -> str:
    """Words for a mean code: ``high`` (1.5 or more), ``medium`` (0.5 to 1.5), ``low``."""
    if pd.isna(score):
        raise DataSchemaError("cannot label a missing engagement score")
    if score >= 1.5:
        return "high"
    if score >= 0.5:
        return "medium"
    return "low"


def engagement_summary(*, weight: str = "equal", folder: Path | str | None = None) -> pd.DataFrame:
    """Japan's engagement per crisis: the mean code on each dimension.

    Parameters
    ----------
    weight
        ``"equal"`` (every phase counts once; the default used in the book)
        or ``"duration"`` (phases weighted by their length in months).
    folder
        Another folder holding the tables (tests).

    Returns
    -------
    pandas.DataFrame
        One row per crisis in chronological order, columns ``crisis``,
        ``crisis_label``, ``phases``, the three dimensions as mean codes
        (0 to 2, floats) and ``<dimension>_label`` (``low``/``medium``/``high``).
    """
    check_choice("weight", weight, WEIGHTS)
    df = load_engagement(folder=folder)
    rows = []
    for crisis, label in CRISES.items():
        sub = df[df["crisis"] == crisis]
        if sub.empty:
            continue
        w = sub["months"].astype(float) if weight == "duration" else pd.Series(1.0, index=sub.index)
        rec: dict[str, object] = {"crisis": crisis, "crisis_label": label, "phases": int(len(sub))}
        for dim in DIMENSIONS:
            rec[dim] = float((sub[dim] * w).sum() / w.sum())
        for dim in DIMENSIONS:
            rec[f"{dim}_label"] = label_score(rec[dim])  # type: ignore[arg-type]
        rows.append(rec)
    return pd.DataFrame(rows)


def engagement_table(*, crisis: str | None = None, folder: Path | str | None = None) -> pd.DataFrame:
    """A readable table of the coded phases (for display).

    Columns: ``Crisis``, ``Phase``, ``Period``, ``Active``, ``Leadership``,
    ``Cooperation`` (codes in words with the number), ``Events``.
    """
    df = load_engagement(folder=folder)
    if crisis is not None:
        check_choice("crisis", crisis, tuple(CRISES))
        df = df[df["crisis"] == crisis]
    out = pd.DataFrame({
        "Crisis": df["crisis"].map(CRISES),
        "Phase": df["phase_label"],
        "Period": df["start"].dt.strftime("%b %Y") + " – " + df["end"].dt.strftime("%b %Y"),
    })
    for dim in DIMENSIONS:
        out[dim.capitalize()] = df[dim].map(lambda c: f"{CODE_WORDS[int(c)]} ({c})")
    out["Events"] = df["events"].map(len)
    return out.reset_index(drop=True)


def justifications(*, crisis: str | None = None, folder: Path | str | None = None) -> pd.DataFrame:
    """Long table: one row per phase and dimension with code and justification."""
    df = load_engagement(folder=folder)
    if crisis is not None:
        check_choice("crisis", crisis, tuple(CRISES))
        df = df[df["crisis"] == crisis]
    rows = []
    for _, r in df.iterrows():
        for dim in DIMENSIONS:
            rows.append({"crisis": r["crisis"], "phase": r["phase"], "phase_label": r["phase_label"],
                         "dimension": dim, "code": int(r[dim]), "justification": r[f"justification_{dim}"],
                         "event_ids": ";".join(r["events"])})
    return pd.DataFrame(rows)
