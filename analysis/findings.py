"""The findings ledger: one computed table of how each hypothesis fared in
each body of evidence, and the only source of the book's verdict words.

Every chapter that says how a hypothesis fared (the Preface, the
Introduction's preview, chapters 3, 4 and 8, the Conclusion) renders that
sentence from :func:`ledger` through :func:`verdict`, :func:`phrase` or
:func:`summary`, so no two chapters can disagree.

Rows (``evidence``)
-------------------
``latin_regression``
    Chapter 3's allocation model of Japan's net bilateral aid to the Latin
    American debtors (default window 1978-94, US$ m, pooled with year
    effects): bank exposure, debt burden, US aid, and, in the models that add
    them, US trade (H2) and Japan's trade (mercantilism); the debt burden in
    1978-85 as a period result.
``asia_regression``
    Chapter 8's model for the East Asian recipients (1986-2000, asinh).
``pooled_difference``
    The difference of the bank-claims slope between the regions in the
    pooled model (East Asia minus Latin America).
``latin_comparison``
    Chapter 4's structured comparison of the debt crisis and the peso
    crisis: does the change in the creditor's stakes go with the change in
    Japan's coded behaviour? Two cases: a congruence check, not a test.
``asia_coding``
    Chapter 8's qualitative expectations, checked against the fact tables
    and the coded engagement.

The inference standard
----------------------
Regression verdicts rest on the restricted wild-cluster bootstrap of
:func:`analysis.inference.infer` (Webb weights, 9,999 draws, clusters are
countries) and the book's smallest effect of interest
(:func:`analysis.inference.smallest_effect`): *supported*, *contradicted*,
*informative null* or *inconclusive* (:data:`analysis.inference.VERDICTS`).
The clustered (CR2), Driscoll-Kraay and panel-corrected p-values are carried
beside it for the tables; they never decide a verdict. Qualitative rows
are *consistent*, *inconsistent* or *mixed* (:data:`QUALITATIVE`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache

import pandas as pd

from analysis import allocation as al
from analysis import asia, coding, comparison, facts, inference, panel, retest, speccurve
from analysis.countries import LATIN_AMERICA
from analysis.errors import ParameterError, check_choice
from analysis.loaders._cache import disk_cached_with

#: Verdicts of qualitative rows.
QUALITATIVE = ("consistent", "inconsistent", "mixed")
#: Every verdict word the ledger can give.
VERDICT_WORDS = (*inference.VERDICTS, *QUALITATIVE)
#: The bodies of evidence, in ledger order.
EVIDENCE = ("latin_regression", "asia_regression", "pooled_difference", "latin_comparison", "asia_coding")
#: Default window and dependent variable of chapter 3 (its notebook parameters).
LATIN_WINDOW = (1978, 1994)
LATIN_DEPENDENT = "net_oda_musd"
#: The early period of chapter 3's split sample (before the recycling programme).
EARLY = (1978, 1985)

#: Hypothesis of each regression variable, as the ledger names it.
HYPOTHESIS = {
    al.H1_EXPOSURE: "H1: bank exposure",
    al.H1_BURDEN: "H1: debt burden",
    al.TRIANGLE: "H2: ties to the US economy",
    al.US_AID: "US strategic interest",
    al.MERCANTILE: "Mercantilism (alternative)",
}


@dataclass(frozen=True)
class Finding:
    """One row of the ledger.

    Attributes
    ----------
    key
        Unique id, ``<evidence>:<measure>``.
    evidence
        One of :data:`EVIDENCE`.
    hypothesis
        The hypothesis or alternative the row bears on.
    measure
        What was estimated or checked.
    model
        The specification (regressions) or the comparison (qualitative).
    expected_sign
        +1 or -1 (regressions); 0 for qualitative rows.
    estimate, ci_low, ci_high
        Coefficient and 95 per cent wild-cluster bootstrap confidence set
        (its hull); NaN for qualitative rows.
    p_wild, p_cr2, p_dk, p_pcse
        p-values under the bootstrap (the standard), CR2 clustered,
        Driscoll-Kraay and panel-corrected standard errors.
    smallest_effect
        The smallest effect of interest in the coefficient's units.
    nobs, n_clusters
        Observations and countries (regressions); checks and checks met
        (qualitative rows, as ``nobs`` and ``n_clusters``: see ``detail``).
    verdict
        A word of :data:`VERDICT_WORDS`.
    detail
        A short statement of the evidence behind the verdict.
    n_specs, share_expected_sign, share_supported, share_contradicted, share_inconclusive
        The specification curve of the variable's region (:func:`curve`):
        how many reasonable specifications estimate it, and the share with the
        expected sign and with each verdict (CR1 errors, see
        :mod:`analysis.speccurve`); 0 and NaN where no curve applies.
    """

    key: str
    evidence: str
    hypothesis: str
    measure: str
    model: str
    expected_sign: int
    estimate: float
    ci_low: float
    ci_high: float
    p_wild: float
    p_cr2: float
    p_dk: float
    p_pcse: float
    smallest_effect: float
    nobs: int
    n_clusters: int
    verdict: str
    detail: str
    n_specs: int = 0
    share_expected_sign: float = float("nan")
    share_supported: float = float("nan")
    share_contradicted: float = float("nan")
    share_inconclusive: float = float("nan")


def _regression_row(evidence: str, measure: str, model: str, frame: pd.DataFrame, dependent: str,
                    regressors: Sequence[str], variable: str, *, expected_sign: int, hypothesis: str,
                    smallest: float | None = None) -> Finding:
    """Infer one coefficient under the book's standard and make its ledger row."""
    sample = frame.dropna(subset=[dependent, *regressors])  # the estimation sample, as the curve uses
    threshold = smallest if smallest is not None else inference.smallest_effect(sample, dependent, variable)
    res = inference.infer(frame, dependent, list(regressors), variable, expected_sign=expected_sign,
                          smallest_effect=threshold)
    lo, hi = res.intervals["wild"]
    return Finding(
        key=f"{evidence}:{measure}", evidence=evidence, hypothesis=hypothesis, measure=measure, model=model,
        expected_sign=int(expected_sign), estimate=res.estimate, ci_low=lo, ci_high=hi,
        p_wild=res.p_values["wild"], p_cr2=res.p_values["cr2"], p_dk=res.p_values["dk"],
        p_pcse=res.p_values["pcse"], smallest_effect=threshold, nobs=res.nobs, n_clusters=res.n_clusters,
        verdict=res.verdict,
        detail=f"{res.estimate:.4g} (95% bootstrap set {lo:.4g} to {hi:.4g}; p = {res.p_values['wild']:.3g})",
    )


@cache
def _latin_panel(start: int, end: int) -> pd.DataFrame:
    return panel.build_panel(LATIN_AMERICA, start, end)


def latin_regression(start_year: int = LATIN_WINDOW[0], end_year: int = LATIN_WINDOW[1],
                     dependent: str = LATIN_DEPENDENT) -> list[Finding]:
    """Ledger rows of chapter 3's allocation model (pooled OLS with year effects).

    Parameters
    ----------
    start_year, end_year
        Window of the dependent variable (chapter 3's parameters).
    dependent
        One of :data:`analysis.panel.DEPENDENTS`.

    Returns
    -------
    list of Finding
        Bank exposure, debt burden and US aid in the core model; US trade in
        the core model plus US trade (on the years that have it); Japan's
        trade in the core model plus Japan's trade; the debt burden in the
        early period (:data:`EARLY`), when the window covers it.
    """
    panel.check_window(start_year, end_year)
    check_choice("dependent", dependent, panel.DEPENDENTS)
    df = _latin_panel(int(start_year), int(end_year)).copy()
    ev = "latin_regression"
    core = list(al.CORE)
    rows = [
        _regression_row(ev, v, "core model", df, dependent, core, v, expected_sign=al.EXPECTATIONS[v][1],
                        hypothesis=HYPOTHESIS[v])
        for v in (al.H1_EXPOSURE, al.H1_BURDEN, al.US_AID)
    ]
    for var, label in ((al.TRIANGLE, "core model + US trade"), (al.MERCANTILE, "core model + Japan's trade")):
        sub = df.dropna(subset=[var])
        if sub["iso3"].nunique() >= 3:
            rows.append(_regression_row(ev, var, label, sub, dependent, [*core, var], var,
                                        expected_sign=al.EXPECTATIONS[var][1], hypothesis=HYPOTHESIS[var]))
    early = df[df["year"].between(max(EARLY[0], start_year), min(EARLY[1], end_year))]
    if start_year <= EARLY[0] and end_year >= EARLY[1]:
        row = _regression_row(ev, f"{al.H1_BURDEN}@{EARLY[0]}-{EARLY[1]}", f"core model, {EARLY[0]}-{EARLY[1]}",
                              early, dependent, core, al.H1_BURDEN, expected_sign=+1,
                              hypothesis=HYPOTHESIS[al.H1_BURDEN])
        rows.append(row)
    return rows


def asia_regression(window: tuple[int, int] = retest.WINDOW) -> list[Finding]:
    """Ledger rows of chapter 8's model for the East Asian recipients.

    The headline specification of :func:`analysis.retest.asia_fits`
    (pooled, year effects, asinh of net aid); every hypothesis variable of
    :func:`analysis.retest.expectations`.
    """
    p = retest.region_panel("East Asia", window)
    regs = retest.regressors()
    return [
        _regression_row("asia_regression", v, f"East Asia {window[0]}-{window[1]}", p, retest.DEPENDENT, regs, v,
                        expected_sign=sign, hypothesis=HYPOTHESIS.get(v, hyp))
        for v, (hyp, sign) in retest.expectations().items()
    ]


def pooled_difference(window: tuple[int, int] = retest.WINDOW) -> list[Finding]:
    """Ledger row of the bank-claims slope difference, East Asia minus Latin America.

    The pooled model of :func:`analysis.retest.pooled_fit` (region intercept,
    every regressor interacted with the region, year effects shared by both
    regions). The expected sign is +1: chapter 8 asks whether exposure
    weighed more in Japan's own region. The smallest effect of interest is
    that of the bank-claims slope in the pooled panel.
    """
    p, inter = retest.pooled_panel(window)
    regs = retest.regressors() + inter + [retest.DUMMY]
    bank = panel.lag_name("log_bank_claims")
    var = f"{bank}_x_{retest.DUMMY}"
    return [_regression_row("pooled_difference", var, f"both regions {window[0]}-{window[1]}", p, retest.DEPENDENT,
                            regs, var, expected_sign=+1, hypothesis="H1: bank exposure",
                            smallest=inference.smallest_effect(p.dropna(subset=[retest.DEPENDENT, *regs]),
                                                               retest.DEPENDENT, bank))]


def _qualitative_row(evidence: str, measure: str, hypothesis: str, model: str, checks: Sequence[bool],
                     detail: str) -> Finding:
    met = sum(bool(c) for c in checks)
    verdict = "consistent" if met == len(checks) else "inconsistent" if met == 0 else "mixed"
    nan = float("nan")
    return Finding(key=f"{evidence}:{measure}", evidence=evidence, hypothesis=hypothesis, measure=measure,
                   model=model, expected_sign=0, estimate=nan, ci_low=nan, ci_high=nan, p_wild=nan, p_cr2=nan,
                   p_dk=nan, p_pcse=nan, smallest_effect=nan, nobs=len(checks), n_clusters=met,
                   verdict=verdict, detail=detail)


def latin_comparison() -> list[Finding]:
    """Ledger rows of chapter 4's comparison of the two Latin American crises.

    H1 expects Japan's engagement to fall with the banks' stake: between the
    crises the banks' claims fell as a share of Mexico's external
    liabilities and equity rose, and the check is whether Japan's coded
    activity fell with them. H2 (economic linkage) expects the United States
    to carry more of a crisis closer to its own economy: the check is
    whether Mexico's share of US trade rose while Japan's coded activity
    fell. Two cases cannot test either; the rows record congruence.
    """
    v = comparison.value
    summ = coding.engagement_summary().set_index("crisis")
    act_debt = float(summ.loc["debt_1982_91", "active"])
    act_peso = float(summ.loc["peso_1994_95", "active"])
    bank_fell = v("bank_share_liab", "peso") < v("bank_share_liab", "debt")
    equity_rose = v("equity_share_liab", "peso") > v("equity_share_liab", "debt")
    japan_fell = act_peso < act_debt
    us_share_rose = v("mex_share_us_trade", "peso") > v("mex_share_us_trade", "debt")
    return [
        _qualitative_row("latin_comparison", "bank_stake", "H1: level and type of private returns",
                         "debt crisis vs peso crisis", [bank_fell, equity_rose, japan_fell],
                         f"bank claims {v('bank_share_liab', 'debt'):.0f}% then {v('bank_share_liab', 'peso'):.0f}% "
                         f"of Mexico's external liabilities; Japan's mean activity code {act_debt:.2f} then "
                         f"{act_peso:.2f}"),
        _qualitative_row("latin_comparison", "us_trade_share", "H2: economic linkage",
                         "debt crisis vs peso crisis", [us_share_rose, japan_fell],
                         f"Mexico's share of US trade {v('mex_share_us_trade', 'debt'):.1f}% then "
                         f"{v('mex_share_us_trade', 'peso'):.1f}%; Japan's mean activity code {act_debt:.2f} then "
                         f"{act_peso:.2f}"),
    ]


def asia_coding() -> list[Finding]:
    """Ledger rows of chapter 8's qualitative checks (:func:`analysis.asia.qualitative_checks`).

    One row per hypothesis group (H1, H2, the US-Japan asymmetry); a check
    resting on unverified fact rows counts as not met.
    """
    q = asia.qualitative_checks()
    q["group"] = q["hypothesis"].str.split(":").str[0].str.strip()
    rows = []
    for group, sub in q.groupby("group", sort=False):
        ok = [bool(m and vf) for m, vf in zip(sub["met"], sub["data_verified"])]
        detail = f"{sum(ok)} of {len(ok)} expectations met in the sources"
        rows.append(_qualitative_row("asia_coding", str(group), str(group), "Asian crisis, coded phases", ok, detail))
    return rows


@disk_cached_with("analysis/**/*.py", "data/**/*")
def _curve_frame(region: str) -> pd.DataFrame:
    """A region's specification curve, computed or read from the disk cache."""
    c = speccurve.spec_curve(region)
    c.attrs = {}
    return c


def curve(region: str) -> pd.DataFrame:
    """The specification curve of ``"latin_america"`` (chapter 3) or ``"east_asia"``
    (chapter 8), from :func:`analysis.speccurve.spec_curve` (cached on disk)."""
    check_choice("region", region, ("latin_america", "east_asia"))
    return _curve_frame(region)


def _with_shares(rows: list[Finding], region: str) -> list[Finding]:
    """Add the curve's shares to the rows of one region's regression."""
    from dataclasses import replace

    shares = speccurve.curve_shares(curve(region)).set_index("variable")
    out = []
    for r in rows:
        if r.measure in shares.index and "@" not in r.measure:
            sh = shares.loc[r.measure]
            r = replace(r, n_specs=int(sh["n_specs"]), share_expected_sign=float(sh["share_expected_sign"]),
                        share_supported=float(sh["share_supported"]),
                        share_contradicted=float(sh["share_contradicted"]),
                        share_inconclusive=float(sh["share_inconclusive"]))
        out.append(r)
    return out


#: The ledger's parts, each computed and cached on its own (so that chapters running
#: in parallel compute different parts at once), in the order :func:`_ledger` asks
#: for them; the ledger itself lists them in the order of :data:`EVIDENCE`.
PARTS = ("asia", "qualitative", "latin")


@cache
def _ledger() -> pd.DataFrame:
    facts.load_all()  # the fact tables and coded events are read (and traced) even on a cache hit
    coding.load_engagement()
    parts = {name: _part(name) for name in PARTS}
    df = pd.concat([parts["latin"], parts["asia"], parts["qualitative"]], ignore_index=True)
    df = df.sort_values("evidence", key=lambda e: e.map(EVIDENCE.index), kind="mergesort").reset_index(drop=True)
    if df["key"].duplicated().any():
        raise ParameterError(f"duplicate ledger keys: {sorted(df.loc[df['key'].duplicated(), 'key'])}")
    return df


@disk_cached_with("analysis/**/*.py", "data/**/*")
def _part(name: str) -> pd.DataFrame:
    """One part of the ledger (``"latin"``, ``"asia"`` or ``"qualitative"``), computed
    or read from the disk cache (key: all of the package's code and data tables)."""
    if name == "latin":
        rows = _with_shares(latin_regression(), "latin_america")
    elif name == "asia":
        rows = [*_with_shares(asia_regression(), "east_asia"), *pooled_difference()]
    else:
        rows = [*latin_comparison(), *asia_coding()]
    return pd.DataFrame([asdict(r) for r in rows])


def ledger() -> pd.DataFrame:
    """The findings ledger: one row per hypothesis and body of evidence (a copy).

    Returns
    -------
    pandas.DataFrame
        The fields of :class:`Finding`, in the order of :data:`EVIDENCE`.
    """
    return _ledger().copy()


def row(key: str, *, table: pd.DataFrame | None = None) -> pd.Series:
    """One ledger row by key (see :class:`Finding`).

    Raises
    ------
    ParameterError
        If ``key`` is not in the ledger; the message lists the keys.
    """
    t = ledger() if table is None else table
    hit = t[t["key"] == key]
    if hit.empty:
        raise ParameterError(f"parameter 'key' is {key!r}, which is not in the findings ledger; keys: "
                             f"{', '.join(t['key'])}")
    return hit.iloc[0]


def verdict(key: str, *, table: pd.DataFrame | None = None) -> str:
    """The verdict word of one ledger row."""
    return str(row(key, table=table)["verdict"])


def counts(evidence: str | None = None, *, table: pd.DataFrame | None = None) -> dict[str, int]:
    """How many rows have each verdict word (all rows, or one body of evidence)."""
    t = ledger() if table is None else table
    if evidence is not None:
        check_choice("evidence", evidence, EVIDENCE)
        t = t[t["evidence"] == evidence]
    return {w: int((t["verdict"] == w).sum()) for w in VERDICT_WORDS}


def any_supported(*, table: pd.DataFrame | None = None) -> bool:
    """Whether any regression row of the ledger is *supported*."""
    t = ledger() if table is None else table
    return bool((t["verdict"] == "supported").any())


_READING = {
    "supported": "supported: the estimate has the expected sign and the bootstrap rejects zero",
    "contradicted": "contradicted: the bootstrap rejects zero with the sign opposite to the one expected",
    "informative null": ("an informative null: the bootstrap does not reject zero and its confidence set "
                         "excludes every effect of the size that matters"),
    "inconclusive": ("inconclusive: the bootstrap does not reject zero, and its confidence set still admits "
                     "effects large enough to matter"),
    "consistent": "consistent: every check the comparison allows goes the way the hypothesis expects",
    "inconsistent": "inconsistent: no check goes the way the hypothesis expects",
    "mixed": "mixed: some checks go the way the hypothesis expects and some do not",
}


def phrase(key: str, *, table: pd.DataFrame | None = None) -> str:
    """The verdict of one row with what it means, for a sentence.

    Examples
    --------
    ``"inconclusive: the bootstrap does not reject zero, and ..."``
    """
    return _READING[verdict(key, table=table)]


def summary(evidence: str, *, table: pd.DataFrame | None = None) -> str:
    """One clause summing up the verdicts of a body of evidence, e.g.
    ``"none of 6 estimates is supported or contradicted; all 6 are inconclusive"``.

    Parameters
    ----------
    evidence
        One of :data:`EVIDENCE`.
    """
    c = counts(evidence, table=table)
    n = sum(c.values())
    if n == 0:
        return "the ledger has no row for this evidence"
    parts = [f"{k} {w}" for w, k in c.items() if k]
    if evidence in ("latin_comparison", "asia_coding"):
        return f"{n} {'check' if n == 1 else 'checks'}: " + ", ".join(parts)
    decided = c["supported"] + c["contradicted"]
    head = (f"none of {n} estimates is supported or contradicted" if decided == 0
            else f"{decided} of {n} estimates are decided by the data")
    return head + "; " + ", ".join(parts)


def expectation_summary(evidence: str, *, table: pd.DataFrame | None = None) -> str:
    """One clause summing up a qualitative body of evidence by expectation, with the individual
    checks inside the expectations, e.g.
    ``"3 expectations, tested by 6 checks of which 4 were met: 1 consistent, 2 mixed"``.

    Each qualitative row of the ledger is one expectation; its ``nobs`` holds the checks made
    and ``n_clusters`` the checks met (see :func:`ledger`).

    Parameters
    ----------
    evidence
        ``"latin_comparison"`` or ``"asia_coding"``.
    """
    check_choice("evidence", evidence, ("latin_comparison", "asia_coding"))
    t = ledger() if table is None else table
    t = t[t["evidence"] == evidence]
    n = len(t)
    if n == 0:
        return "the ledger has no row for this evidence"
    checks, met = int(t["nobs"].sum()), int(t["n_clusters"].sum())
    c = counts(evidence, table=table)
    parts = [f"{k} {w}" for w, k in c.items() if k]
    met_words = ", all met" if met == checks else f" of which {met} were met"
    return (f"{n} {'expectation' if n == 1 else 'expectations'}, tested by {checks} "
            f"{'check' if checks == 1 else 'checks'}{met_words}: " + ", ".join(parts))


#: Short names of the hypotheses for tables.
SHORT_HYPOTHESIS = {
    "H1: bank exposure": "H1 exposure",
    "H1: debt burden": "H1 burden",
    "H2: ties to the US economy": "H2 triangle",
    "US strategic interest": "US aid",
    "Mercantilism (alternative)": "Mercantilism",
}


def ledger_table(table: pd.DataFrame | None = None, *, evidence_column: bool = True) -> pd.DataFrame:
    """The ledger formatted for a book table (numbers as text, rounded).

    Parameters
    ----------
    table
        Ledger rows (default: the whole ledger).
    evidence_column
        Whether to show the body of evidence (omit it when the table holds one).

    Returns
    -------
    pandas.DataFrame
        Columns: (Evidence), Hypothesis, Measure, "Estimate (95% set)" (the
        estimate with its wild-cluster bootstrap confidence set), "p" (the
        bootstrap's), "Smallest effect", "Expected sign in" (the share of the
        specification curve with the expected sign) and Verdict; cells of
        qualitative rows give the checks met instead of numbers.
    """
    t = ledger() if table is None else table
    labels = {**al.LABELS, f"{panel.lag_name('log_bank_claims')}_x_{retest.DUMMY}": "Bank claims, East Asia minus Latin America",
              f"{al.H1_BURDEN}@{EARLY[0]}-{EARLY[1]}": f"Debt service, % of exports, {EARLY[0]}-{EARLY[1]}",
              "bank_stake": "Banks' share of Mexico's liabilities vs Japan's activity",
              "us_trade_share": "Mexico's share of US trade vs Japan's activity"}
    ev_labels = {"latin_regression": "Latin America, regression", "asia_regression": "East Asia, regression",
                 "pooled_difference": "Both regions, difference", "latin_comparison": "Latin America, two crises",
                 "asia_coding": "Asian crisis, coded phases"}

    def num(x: float) -> str:
        return "" if pd.isna(x) else f"{x:.3g}".replace("-", "−")

    est = [f"{int(k)} of {int(n)} checks met" if pd.isna(e) else f"{num(e)} ({num(lo)} to {num(hi)})"
           for e, lo, hi, n, k in zip(t["estimate"], t["ci_low"], t["ci_high"], t["nobs"], t["n_clusters"])]
    out = pd.DataFrame({
        "Evidence": [ev_labels[e] for e in t["evidence"]],
        "Hypothesis": [SHORT_HYPOTHESIS.get(h, h) for h in t["hypothesis"]],
        "Measure": ["Expectations checked against the coded phases" if e == "asia_coding"
                    else labels.get(m, m.replace("_", " ")) for e, m in zip(t["evidence"], t["measure"])],
        "Estimate (95% set)": est,
        "p": [num(x) for x in t["p_wild"]],
        "Smallest effect": [num(x) for x in t["smallest_effect"]],
        "Expected sign in": ["" if not n else f"{100 * x:.0f}% of {n}"
                             for x, n in zip(t["share_expected_sign"], t["n_specs"])],
        "Verdict": t["verdict"],
    })
    return out if evidence_column else out.drop(columns=["Evidence"])


def pcse_only(*, table: pd.DataFrame | None = None, alpha: float = 0.05) -> list[str]:
    """Keys whose PCSE p-value is below ``alpha`` while the bootstrap's is not:
    the results the panel-corrected errors alone would have called significant."""
    t = ledger() if table is None else table
    mask = (t["p_pcse"] < alpha) & ~(t["p_wild"] < alpha)
    return list(t.loc[mask.fillna(False).astype(bool), "key"])



#: Short names of chapter 3's ledger rows (for the chapter's glue keys).
LATIN_SHORT = {
    "bank": f"latin_regression:{al.H1_EXPOSURE}",
    "burden": f"latin_regression:{al.H1_BURDEN}",
    "usaid": f"latin_regression:{al.US_AID}",
    "ustrade": f"latin_regression:{al.TRIANGLE}",
    "jptrade": f"latin_regression:{al.MERCANTILE}",
    "early": f"latin_regression:{al.H1_BURDEN}@{EARLY[0]}-{EARLY[1]}",
}
#: Short names of chapter 8's ledger rows.
ASIA_SHORT = {
    "bank": f"asia_regression:{al.H1_EXPOSURE}",
    "burden": f"asia_regression:{al.H1_BURDEN}",
    "ustrade": f"asia_regression:{al.TRIANGLE}",
    "usaid": f"asia_regression:{al.US_AID}",
    "diff": f"pooled_difference:{panel.lag_name('log_bank_claims')}_x_{retest.DUMMY}",
}


def latin_rows(start_year: int = LATIN_WINDOW[0], end_year: int = LATIN_WINDOW[1],
               dependent: str = LATIN_DEPENDENT) -> pd.DataFrame:
    """Chapter 3's rows in ledger form: the ledger's own rows for the default
    parameters, rows computed the same way for any other window or
    dependent variable (a parameter variant of the chapter)."""
    if (int(start_year), int(end_year), dependent) == (*LATIN_WINDOW, LATIN_DEPENDENT):
        facts.load_all()  # as in :func:`ledger`: traced reads on a cache hit
        return _part("latin").reset_index(drop=True)  # the ledger's own rows
    return pd.DataFrame([asdict(r) for r in latin_regression(start_year, end_year, dependent)])


def fmt(x: float, digits: int = 3) -> str:
    """A ledger number for the prose: ``digits`` significant digits, a true minus sign."""
    if pd.isna(x):
        return "not estimable"
    text = f"{float(x):.{digits}g}"
    if "e" in text:
        text = f"{float(x):.{digits}f}"
    return text.replace("-", "−")


def reading(evidence: str, *, table: pd.DataFrame | None = None) -> str:
    """A sentence saying what the verdicts of one body of regression evidence
    mean together: which estimates are decided, and whether the undecided
    ones are informative or uninformative nulls.

    Parameters
    ----------
    evidence
        ``"latin_regression"``, ``"asia_regression"`` or ``"pooled_difference"``.
    """
    check_choice("evidence", evidence, ("latin_regression", "asia_regression", "pooled_difference"))
    c = counts(evidence, table=table)
    n = sum(c.values())
    parts = []
    decided = c["supported"] + c["contradicted"]
    if decided:
        parts.append(f"{decided} of the {n} estimates {'is' if decided == 1 else 'are'} decided by the data "
                     f"({c['supported']} supported, {c['contradicted']} contradicted)")
    if c["informative null"]:
        k = c["informative null"]
        parts.append(f"{k} {'is an informative null' if k == 1 else 'are informative nulls'}, whose confidence "
                     f"{'set excludes' if k == 1 else 'sets exclude'} every effect large enough to matter")
    if c["inconclusive"]:
        k = c["inconclusive"]
        every = ("the estimate" if n == 1 else f"all {n} estimates") if k == n else f"{k}"
        parts.append(f"{every} {'is' if k == 1 else 'are'} inconclusive: the confidence "
                     f"{'set admits' if k == 1 else 'sets admit'} both no effect and effects large enough to matter, "
                     f"so {'this null says' if k == 1 else 'these nulls say'} little for or against the hypotheses")
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def multiple_testing(evidence: Sequence[str] = ("latin_regression", "asia_regression", "pooled_difference"), *,
                     alpha: float = 0.05, table: pd.DataFrame | None = None) -> dict[str, float]:
    """The family of the ledger's regression tests, and what chance alone would give.

    Parameters
    ----------
    evidence
        The bodies of evidence whose bootstrap tests form the family.
    alpha
        The test level.

    Returns
    -------
    dict
        ``n_tests``; ``expected_false_positives`` (``n_tests * alpha``: the
        number expected to pass by chance if no effect were real);
        ``n_significant`` (bootstrap p below ``alpha``, unadjusted);
        ``min_p_holm`` (the smallest p-value after Holm's step-down
        adjustment for the family) and ``n_significant_holm``.
    """
    from statsmodels.stats.multitest import multipletests

    for e in evidence:
        check_choice("evidence", e, EVIDENCE)
    t = ledger() if table is None else table
    p = t.loc[t["evidence"].isin(list(evidence)), "p_wild"].dropna().to_numpy(dtype=float)
    if not len(p):
        raise ParameterError(f"parameter 'evidence' ({list(evidence)}) selects no regression test")
    reject, adjusted, _, _ = multipletests(p, alpha=alpha, method="holm")
    return {"n_tests": float(len(p)), "expected_false_positives": float(len(p) * alpha),
            "n_significant": float((p < alpha).sum()), "min_p_holm": float(adjusted.min()),
            "n_significant_holm": float(reject.sum())}
