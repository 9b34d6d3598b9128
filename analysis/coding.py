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
be traced to dated, sourced events. The decision rules are the codebook,
``data/facts/codebook.md``, shown in the book's appendix.

Both creditors are coded, Japan (``JPN``) and the United States (``USA``),
by the same rules (``creditor``), and each phase is a ``prelude``, ``acute``
or ``aftermath`` phase (``kind``). Two codings exist: the first
(``engagement.csv``) and an independent second one made from the codebook
and the fact rows alone (``engagement_second.csv``). Their agreement is
measured by Krippendorff's alpha (:func:`reliability`), and every
disagreement is resolved in ``coding_adjudication.csv``
(:func:`disagreements`); the *final* codes, which the book uses, are the
first codes with those resolutions applied.

Public functions (stable; used by the Introduction, chapter 4 and the
Conclusion): :func:`load_engagement`, :func:`engagement_summary`,
:func:`engagement_table`, :func:`label_score`, :func:`reliability`,
:func:`disagreements`.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd

from analysis.errors import DataFileMissingError, DataSchemaError, ParameterError, check_choice
from analysis.facts import CRISES, FACTS_DIR, load as load_facts, parse_partial_date
from analysis.manifest import _trace
from analysis.numbers import Number

#: The three coded dimensions, in the book's order.
DIMENSIONS: tuple[str, ...] = ("active", "leadership", "cooperation")
#: Words for the ordinal codes.
CODE_WORDS: dict[int, str] = {0: "low", 1: "partial", 2: "high"}
ENGAGEMENT_COLUMNS = ("crisis", "phase", "creditor", "phase_label", "start", "end", "kind", *DIMENSIONS,
                      *(f"justification_{d}" for d in DIMENSIONS), "event_ids", "note")
#: Weighting schemes of :func:`engagement_summary`.
WEIGHTS = ("equal", "duration")
#: The coded creditors: Japan and the United States, by the same rules.
CREDITORS: dict[str, str] = {"JPN": "Japan", "USA": "United States"}
#: Kinds of phase (the codebook): summaries of a crisis use the acute phases.
KINDS = ("prelude", "acute", "aftermath")
#: The codings: the first, the independent second, and the final (first with
#: the disagreements resolved).
CODINGS = ("final", "first", "second")
#: File of each coding (the final one is derived, not stored).
CODING_FILES = {"first": "engagement.csv", "second": "engagement_second.csv"}
ADJUDICATION_FILE = "coding_adjudication.csv"
ADJUDICATION_COLUMNS = ("crisis", "phase", "creditor", "dimension", "first", "second", "resolved", "reason")


def _path(folder: Path | str | None, coding: str = "first") -> Path:
    return Path(folder or FACTS_DIR) / CODING_FILES[coding]


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
    seen: set[tuple[str, ...]] = set()

    def bad(line: int, phase: str, col: str, problem: str) -> DataSchemaError:
        return DataSchemaError(f"{path}, row {line} (phase {phase!r}), column {col!r}: {problem}")

    phases: dict[tuple[str, str], tuple[str, ...]] = {}
    for pos, row in enumerate(out.to_dict("records")):
        line, phase = pos + 2, row["phase"]
        if row["crisis"] not in CRISES:
            raise bad(line, phase, "crisis", f"{row['crisis']!r} is not one of {list(CRISES)}")
        if row["creditor"] not in CREDITORS:
            raise bad(line, phase, "creditor", f"{row['creditor']!r} is not one of {list(CREDITORS)}")
        if row["kind"] not in KINDS:
            raise bad(line, phase, "kind", f"{row['kind']!r} is not one of {list(KINDS)}")
        if not phase.strip() or (row["crisis"], phase, row["creditor"]) in seen:
            raise bad(line, phase, "phase", "is empty or repeated for the same creditor within its crisis")
        seen.add((row["crisis"], phase, row["creditor"]))
        definition = tuple(row[c] for c in ("phase_label", "start", "end", "kind"))
        if phases.setdefault((row["crisis"], phase), definition) != definition:
            raise bad(line, phase, "phase_label/start/end/kind",
                      f"{definition} differs from the same phase's definition for the other creditor "
                      f"{phases[(row['crisis'], phase)]}; a phase is defined once for both creditors")
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
                raise bad(line, phase, "event_ids", f"{unknown} are not fact ids of events.csv, packages.csv "
                                                       f"or initiatives.csv")
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


def _read(path: Path, what: str) -> pd.DataFrame:
    if not path.is_file():
        raise DataFileMissingError(f"{what} {path} does not exist; restore it from git")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:  # parser errors of any kind
        raise DataSchemaError(f"{path}: could not be parsed as CSV ({exc})") from exc


@cache
def _load(folder: str, coding: str = "first") -> pd.DataFrame:
    path = _path(folder, coding)
    raw = _read(path, f"coded engagement table ({coding} coding)")
    sub = None if folder == str(FACTS_DIR) else folder
    ev = {i for t in ("events", "packages", "initiatives") for i in load_facts(t, folder=sub)["fact_id"]}
    return validate_engagement(raw, path=path, event_ids=ev)


def _codes(frame: pd.DataFrame) -> pd.DataFrame:
    """Long codes of a coding: one row per (crisis, phase, creditor, dimension)."""
    return frame.melt(id_vars=["crisis", "phase", "creditor"], value_vars=list(DIMENSIONS),
                      var_name="dimension", value_name="code")


@cache
def _adjudicated(folder: str) -> pd.DataFrame:
    """The disagreements of the two codings joined to their resolutions, checked."""
    first, second = _load(folder, "first"), _load(folder, "second")
    path = Path(folder) / ADJUDICATION_FILE
    units_first = set(zip(first["crisis"], first["phase"], first["creditor"]))
    units_second = set(zip(second["crisis"], second["phase"], second["creditor"]))
    if units_first != units_second:
        raise DataSchemaError(
            f"{_path(folder, 'second')}: the second coding covers {sorted(units_second ^ units_first)[:4]} "
            f"differently from {_path(folder, 'first')}; both must code the same phases and creditors")
    keys = ["crisis", "phase", "creditor", "dimension"]
    both = _codes(first).merge(_codes(second), on=keys, suffixes=("_first", "_second"))
    diff = both[both["code_first"] != both["code_second"]]
    raw = _read(path, "adjudication of the two codings")
    missing = [c for c in ADJUDICATION_COLUMNS if c not in raw.columns]
    if missing:
        raise DataSchemaError(f"{path}: column(s) {missing} missing; expected {list(ADJUDICATION_COLUMNS)}")
    seen: set[tuple[str, ...]] = set()
    wanted = {tuple(r[k] for k in keys): r for r in diff.to_dict("records")}
    for pos, row in enumerate(raw.to_dict("records")):
        line, key = pos + 2, tuple(row[k] for k in keys)
        where = f"{path}, row {line} ({'/'.join(key)})"
        if key not in wanted:
            raise DataSchemaError(f"{where}: the two codings agree here (or there is no such unit); "
                                  f"only disagreements are adjudicated, delete the row")
        if key in seen:
            raise DataSchemaError(f"{where}: repeated; each disagreement is resolved once")
        seen.add(key)
        w = wanted[key]
        if (row["first"], row["second"]) != (str(w["code_first"]), str(w["code_second"])):
            raise DataSchemaError(f"{where}: columns first/second say {row['first']}/{row['second']} but the "
                                  f"codings hold {w['code_first']}/{w['code_second']}; copy the codes exactly")
        if row["resolved"] not in ("0", "1", "2"):
            raise DataSchemaError(f"{where}, column 'resolved': {row['resolved']!r} is not a code 0, 1 or 2")
        if not row["reason"].strip():
            raise DataSchemaError(f"{where}, column 'reason': is empty; say why the resolved code follows the codebook")
    unresolved = [k for k in wanted if k not in seen]
    if unresolved:
        raise DataSchemaError(f"{path}: {len(unresolved)} disagreement(s) of the two codings not resolved, e.g. "
                              f"{'/'.join(unresolved[0])}; add a row for each with the resolved code and the reason")
    out = diff.merge(raw[[*keys, "resolved", "reason"]], on=keys, how="left")
    out["resolved"] = out["resolved"].astype("int64")
    return out.reset_index(drop=True)


def _final(folder: str) -> pd.DataFrame:
    """The first coding with every adjudicated disagreement resolved."""
    out = _load(folder, "first").copy()
    adj = _adjudicated(folder)
    idx = {(r.crisis, r.phase, r.creditor): i for i, r in out[["crisis", "phase", "creditor"]].iterrows()}
    for r in adj.itertuples():
        i = idx[(r.crisis, r.phase, r.creditor)]
        out.loc[i, r.dimension] = int(r.resolved)
        if int(r.resolved) != int(r.code_first):
            out.loc[i, f"justification_{r.dimension}"] = f"{r.reason} (changed from {r.code_first} after the second coding)"
    return out


def load_engagement(*, creditor: str | None = "JPN", coding: str = "final",
                    folder: Path | str | None = None) -> pd.DataFrame:
    """The coded phases, validated (see :func:`validate_engagement`).

    Parameters
    ----------
    creditor
        ``"JPN"`` (the default), ``"USA"``, or None for both.
    coding
        ``"final"`` (the book's codes: the first coding with the
        disagreements resolved), ``"first"`` or ``"second"``.
    folder
        Another folder holding the tables (tests).
    """
    check_choice("coding", coding, CODINGS)
    if creditor is not None:
        check_choice("creditor", creditor, tuple(CREDITORS))
    if folder is None:
        for f in ([*CODING_FILES.values(), ADJUDICATION_FILE] if coding == "final" else [CODING_FILES[coding]]):
            _trace(f"data/facts/{f}")
    key = str(folder or FACTS_DIR)
    df = _final(key) if coding == "final" else _load(key, coding).copy()
    if creditor is not None:
        df = df[df["creditor"] == creditor]
    return df.reset_index(drop=True)


def disagreements(*, folder: Path | str | None = None) -> pd.DataFrame:
    """Every code on which the two codings differ, with its resolution.

    Returns
    -------
    pandas.DataFrame
        Columns ``crisis``, ``phase``, ``creditor``, ``dimension``,
        ``code_first``, ``code_second``, ``resolved``, ``reason``.

    Raises
    ------
    DataSchemaError
        When a disagreement has no resolution, a resolution has no
        disagreement, or a row of the adjudication file is malformed.
    """
    if folder is None:
        for f in [*CODING_FILES.values(), ADJUDICATION_FILE]:
            _trace(f"data/facts/{f}")
    return _adjudicated(str(folder or FACTS_DIR)).copy()


#: Krippendorff's thresholds (Content Analysis, 2nd ed., 2004, p. 241): rely on
#: variables with alpha of at least 0.800; draw only tentative conclusions
#: from those between 0.667 and 0.800.
ALPHA_RELIABLE = 0.800
ALPHA_TENTATIVE = 0.667


def alpha_reading(alpha: float) -> str:
    """What Krippendorff's thresholds make of an alpha: ``"reliable"``,
    ``"tentative"`` (usable for tentative conclusions) or ``"unreliable"``."""
    if pd.isna(alpha):
        raise DataSchemaError("cannot read a missing alpha")
    if alpha >= ALPHA_RELIABLE:
        return "reliable"
    return "tentative" if alpha >= ALPHA_TENTATIVE else "unreliable"


def reliability(*, folder: Path | str | None = None) -> pd.DataFrame:
    """Agreement of the two independent codings, per dimension.

    Krippendorff's alpha for ordinal data (the ``krippendorff`` package)
    over every phase and creditor, with the share of identical codes.

    Returns
    -------
    pandas.DataFrame
        One row per dimension: ``dimension``, ``units`` (phases x
        creditors), ``agree`` (identical codes), ``agreement`` (share),
        ``alpha``.
    """
    first = load_engagement(creditor=None, coding="first", folder=folder)
    second = load_engagement(creditor=None, coding="second", folder=folder)
    keys = ["crisis", "phase", "creditor"]
    both = first[[*keys, *DIMENSIONS]].merge(second[[*keys, *DIMENSIONS]], on=keys, suffixes=("_1", "_2"))
    rows = []
    for dim in DIMENSIONS:
        data = np.vstack([both[f"{dim}_1"].to_numpy(float), both[f"{dim}_2"].to_numpy(float)])
        agree = int((both[f"{dim}_1"] == both[f"{dim}_2"]).sum())
        alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal",
                                         value_domain=[0, 1, 2]))
        rows.append({"dimension": dim, "units": int(len(both)), "agree": agree,
                     "agreement": agree / len(both), "alpha": alpha})
    return pd.DataFrame(rows)


def label_score(score: float) -> str:
    """Words for a mean code: ``high`` (1.5 or more), ``medium`` (0.5 to 1.5), ``low``."""
    if pd.isna(score):
        raise DataSchemaError("cannot label a missing engagement score")
    if score >= 1.5:
        return "high"
    if score >= 0.5:
        return "medium"
    return "low"


def engagement_summary(*, weight: str = "duration", kinds: tuple[str, ...] = ("acute",),
                       creditor: str = "JPN", coding: str = "final",
                       folder: Path | str | None = None) -> pd.DataFrame:
    """A creditor's engagement per crisis: the mean code on each dimension.

    Parameters
    ----------
    weight
        ``"duration"`` (phases weighted by their length in months; the
        codebook's rule and the default) or ``"equal"`` (every phase counts
        once).
    kinds
        The kinds of phase averaged: by default the acute phases only, so
        that a prelude or the initiatives after a crisis do not count as
        conduct in it.
    creditor, coding
        As in :func:`load_engagement`.
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
    for kind in kinds:
        check_choice("kinds", kind, KINDS)
    df = load_engagement(creditor=creditor, coding=coding, folder=folder)
    df = df[df["kind"].isin(kinds)]
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


def engagement_table(*, crisis: str | None = None, creditor: str = "JPN",
                     folder: Path | str | None = None) -> pd.DataFrame:
    """A readable table of the coded phases (for display).

    Columns: ``Crisis``, ``Phase``, ``Period``, ``Active``, ``Leadership``,
    ``Cooperation`` (codes in words with the number), ``Events``.
    """
    df = load_engagement(creditor=creditor, folder=folder)
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


def justifications(*, crisis: str | None = None, creditor: str = "JPN",
                   folder: Path | str | None = None) -> pd.DataFrame:
    """Long table: one row per phase and dimension with code and justification."""
    df = load_engagement(creditor=creditor, folder=folder)
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


PREDICTIONS_FILE = "predictions.csv"
PREDICTION_COLUMNS = ("crisis", "phase", "hypothesis", "dimension", "predicted", "indicator_ids", "basis")
#: Hypotheses whose predictions the table states.
HYPOTHESES = ("H1", "H2")


@cache
def _predictions(folder: str) -> pd.DataFrame:
    path = Path(folder) / PREDICTIONS_FILE
    raw = _read(path, "table of predictions")
    missing = [c for c in PREDICTION_COLUMNS if c not in raw.columns]
    if missing:
        raise DataSchemaError(f"{path}: column(s) {missing} missing; expected {list(PREDICTION_COLUMNS)}")
    phases = _load(folder, "first")
    acute = set(zip(phases.loc[phases["kind"] == "acute", "crisis"], phases.loc[phases["kind"] == "acute", "phase"]))
    exposure = load_facts("bank_exposure", folder=None if folder == str(FACTS_DIR) else folder).set_index("fact_id")
    seen: set[tuple[str, str, str, str]] = set()
    flags = []
    for pos, row in enumerate(raw.to_dict("records")):
        where = f"{path}, row {pos + 2} ({row['crisis']}/{row['phase']}/{row['hypothesis']}/{row['dimension']})"
        key = (row["crisis"], row["phase"], row["hypothesis"], row["dimension"])
        if (row["crisis"], row["phase"]) not in acute:
            raise DataSchemaError(f"{where}: not an acute phase of engagement.csv; predictions are made for acute phases")
        if row["hypothesis"] not in HYPOTHESES:
            raise DataSchemaError(f"{where}, column 'hypothesis': {row['hypothesis']!r} is not one of {list(HYPOTHESES)}")
        if row["dimension"] not in DIMENSIONS:
            raise DataSchemaError(f"{where}, column 'dimension': {row['dimension']!r} is not one of {list(DIMENSIONS)}")
        if row["predicted"] not in ("0", "2"):
            raise DataSchemaError(f"{where}, column 'predicted': {row['predicted']!r}; a prediction is 0 or 2 (codebook)")
        if key in seen:
            raise DataSchemaError(f"{where}: repeated; one prediction per phase, hypothesis and dimension")
        seen.add(key)
        ids = [x for x in row["indicator_ids"].split(";") if x.strip()]
        unknown = [x for x in ids if x not in exposure.index]
        if not ids or unknown:
            raise DataSchemaError(f"{where}, column 'indicator_ids': {unknown or 'empty'}; name the bank_exposure.csv "
                                  f"rows that measure the stake")
        if not row["basis"].strip():
            raise DataSchemaError(f"{where}, column 'basis': is empty; say how the rule gives the prediction")
        flags.append(any(exposure.loc[x, "verified"] != "yes" for x in ids))
    out = raw[list(PREDICTION_COLUMNS)].copy()
    out["predicted"] = out["predicted"].astype("int64")
    out["unverified_indicator"] = flags
    return out


def prediction_tests(*, folder: Path | str | None = None) -> pd.DataFrame:
    """Each hypothesis's prediction for Japan in each acute phase against the final code.

    The predictions (``predictions.csv``) follow from the codebook's rules
    applied to the measured stakes of each phase (rows of
    ``bank_exposure.csv``), not from the conduct coded.

    Returns
    -------
    pandas.DataFrame
        Columns of the table of predictions plus ``unverified_indicator``
        (a stake rests on a row not verified in a source), ``code`` (Japan's
        final code) and ``result``: ``"met"`` (equal), ``"half met"`` (the
        code is 1) or ``"missed"``.
    """
    if folder is None:
        _trace(f"data/facts/{PREDICTIONS_FILE}")
    key = str(folder or FACTS_DIR)
    pred = _predictions(key).copy()
    codes = _codes(load_engagement(creditor="JPN", folder=folder))
    out = pred.merge(codes.drop(columns="creditor"), on=["crisis", "phase", "dimension"], how="left")
    gap = (out["predicted"] - out["code"]).abs()
    out["result"] = gap.map({0: "met", 1: "half met", 2: "missed"})
    return out


def prediction_scores(*, folder: Path | str | None = None) -> pd.DataFrame:
    """How often each hypothesis's predictions are met, half met and missed.

    Returns
    -------
    pandas.DataFrame
        One row per hypothesis: ``predictions``, ``met``, ``half_met``,
        ``missed``, and ``score`` (met plus half of half met, over
        predictions).
    """
    t = prediction_tests(folder=folder)
    rows = []
    for h in HYPOTHESES:
        sub = t[t["hypothesis"] == h]
        met, half, missed = (int((sub["result"] == r).sum()) for r in ("met", "half met", "missed"))
        rows.append({"hypothesis": h, "predictions": int(len(sub)), "met": met, "half_met": half,
                     "missed": missed, "score": (met + half / 2) / len(sub) if len(sub) else float("nan")})
    return pd.DataFrame(rows)


#: Nouns of the three dimensions for :func:`code_phrase`.
DIMENSION_NOUNS = {"active": "activity", "leadership": "leadership", "cooperation": "cooperation"}


def code_phrase(crisis: str, phase: str, *, creditor: str = "JPN", folder: Path | str | None = None) -> str:
    """A phase's final codes in words: ``"high activity, partial leadership and high cooperation"``."""
    df = load_engagement(creditor=creditor, folder=folder)
    row = df[(df["crisis"] == crisis) & (df["phase"] == phase)]
    if row.empty:
        raise ParameterError(f"parameter 'phase' is {phase!r}, which is not a phase of {crisis!r}; "
                             f"the phases are {sorted(df.loc[df['crisis'] == crisis, 'phase'])}")
    r = row.iloc[0]
    words = [f"{CODE_WORDS[int(r[d])]} {DIMENSION_NOUNS[d]}" for d in DIMENSIONS]
    return f"{words[0]}, {words[1]} and {words[2]}"


def relation(value: float, other: float) -> str:
    """``"above"``, ``"below"`` or ``"the same as"``: how ``value`` compares with ``other``
    (equal within a relative 1e-9)."""
    if abs(value - other) <= 1e-9 * max(1.0, abs(value), abs(other)):
        return "the same as"
    return "above" if value > other else "below"


def phase_labels(codes: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Each phase's label by ``(crisis, phase)``, from a frame of :func:`load_engagement`.

    Raises
    ------
    ParameterError
        If the frame lacks ``crisis``, ``phase`` or ``phase_label``.
    """
    missing = [c for c in ("crisis", "phase", "phase_label") if c not in codes.columns]
    if missing:
        raise ParameterError(f"parameter 'codes' lacks the column(s) {missing}; pass load_engagement()'s frame")
    return {(c, p): lab for c, p, lab in zip(codes["crisis"], codes["phase"], codes["phase_label"])}


#: How the coding appendix reads a Krippendorff alpha (:func:`alpha_reading`) in a sentence.
ALPHA_READING_WORDS: dict[str, str] = {"reliable": "reliable", "tentative": "usable for tentative conclusions",
                                       "unreliable": "not reliable"}


def appendix_numbers(*, folder: Path | str | None = None) -> dict[str, Number | str]:
    """Numbers of the coding appendix: reliability, disagreements and the predictions' record.

    Parameters
    ----------
    folder
        The fact-table folder (default: the book's).

    Returns
    -------
    dict
        Per dimension ``cod_alpha_<dim>`` (Krippendorff's alpha, 2 decimals), ``cod_agree_<dim>``
        (units coded alike) and ``cod_reading_<dim>`` (:data:`ALPHA_READING_WORDS`); the thresholds
        ``cod_alpha_hi``, ``cod_alpha_lo``; ``cod_units`` (units per dimension) and ``cod_codes`` (codes in
        all); ``cod_n_dis`` and how the disagreements were resolved (``cod_n_raised``, ``cod_n_lowered``,
        ``cod_n_kept``, against the first coding); per hypothesis ``cod_<h>_predictions``, ``_met``,
        ``_half_met``, ``_missed``; ``cod_n_unverified`` (predictions resting on an unverified stake);
        ``cod_idn_code`` (Japan's leadership code in Indonesia's IMF-led phase, in words).
    """
    rel = reliability(folder=folder).set_index("dimension")
    out: dict[str, Number | str] = {}
    for dim in DIMENSIONS:
        out[f"cod_alpha_{dim}"] = Number(float(rel.loc[dim, "alpha"]), digits=2)
        out[f"cod_agree_{dim}"] = str(int(rel.loc[dim, "agree"]))
        out[f"cod_reading_{dim}"] = ALPHA_READING_WORDS[alpha_reading(float(rel.loc[dim, "alpha"]))]
    out["cod_alpha_hi"] = Number(ALPHA_RELIABLE, digits=1)
    out["cod_alpha_lo"] = Number(ALPHA_TENTATIVE, digits=3)
    out["cod_units"] = str(int(rel["units"].iloc[0]))
    out["cod_codes"] = str(int(rel["units"].sum()))
    dis = disagreements(folder=folder)
    out["cod_n_dis"] = str(len(dis))
    out["cod_n_raised"] = str(int((dis["resolved"] > dis["code_first"]).sum()))
    out["cod_n_lowered"] = str(int((dis["resolved"] < dis["code_first"]).sum()))
    out["cod_n_kept"] = str(int((dis["resolved"] == dis["code_first"]).sum()))
    scores = prediction_scores(folder=folder).set_index("hypothesis")
    for h in HYPOTHESES:
        for col in ("predictions", "met", "half_met", "missed"):
            out[f"cod_{h.lower()}_{col}"] = str(int(scores.loc[h, col]))
    tests = prediction_tests(folder=folder)
    out["cod_n_unverified"] = str(int(tests["unverified_indicator"].sum()))
    idn = tests[(tests["phase"] == "a3_imf_led") & (tests["dimension"] == "leadership")]
    if idn.empty:
        raise DataSchemaError("predictions.csv has no leadership prediction for phase 'a3_imf_led' (Indonesia's "
                              "IMF-led phase), which the coding appendix names; restore it or revise the prose")
    out["cod_idn_code"] = CODE_WORDS[int(idn["code"].iloc[0])]
    return out
