"""The specification curve of chapters 3 and 8 (issue 9): every hypothesis
coefficient of the allocation model re-estimated over every reasonable
combination of the analyst's choices, with one clustered standard error, a
standardised effect that is comparable across scales, and the four-way
verdict of :func:`analysis.inference.classify`.

Choices (fields of :class:`Spec`)
---------------------------------
dependent
    The four scales of :data:`analysis.panel.DEPENDENTS`: Japan's net ODA in
    US$ m, its inverse hyperbolic sine, the recipient's share of Japan's aid
    to the region's recipients, and US$ per head.
estimator
    ``"pooled"``: OLS with year effects (the point estimate of chapter 3's
    PCSE and clustered columns); ``"fe"``: country and year effects
    (least-squares dummies); ``"fd"``: first differences within a country
    over consecutive calendar years, with year effects; ``"ldv"``: pooled
    with year effects and the previous year's dependent variable
    (:func:`analysis.allocation.with_lagged_dependent`, lagged within the
    window, as chapter 3 does).
window
    Years of the dependent variable. Latin America: 1978-1994 (chapter 3's
    default), 1978-1991 (before the Brady deals were mostly done) and
    1982-1994 (from the outbreak of the debt crisis). East Asia:
    :data:`analysis.retest.WINDOW` (1986-2000) and 1986-1996 (without the
    crisis years).
controls
    ``"core"``: the core regressors (chapter 3: :data:`analysis.allocation.CORE`;
    chapter 8: :data:`analysis.retest.BASE`, which includes US trade and has
    no Brady dummy); ``"no_imf_brady"``: without the IMF-programme and Brady
    dummies; ``"us_trade"`` (chapter 3 only): core plus US trade
    (:data:`analysis.allocation.TRIANGLE`); ``"jp_trade"``: core plus Japan's
    trade (:data:`analysis.allocation.MERCANTILE`); ``"no_debt_service"``
    (chapter 8 only): without the debt-service ratio, which keeps Korea
    (:data:`analysis.retest.NO_DEBT_SERVICE`).
influence
    ``"all"``: keep every observation; ``"drop_peru_1991"`` (Latin America
    only): drop Peru in 1991 (net ODA of US$ 352.9 m); ``"cooks"``: drop the
    observations whose Cook's distance in the pooled level fit (US$ m, OLS
    with year effects, same window and regressors) exceeds 4/N. Dropped
    observations leave the data before any transformation, so a first
    difference or a lagged dependent variable that needs them is missing too.

Combinations that would repeat another specification exactly are left out:
the trade series begin in 1985-1986, so for ``"us_trade"`` and
``"jp_trade"`` a window that differs from another only by a start year before
then is not used; Peru has no series of Japan's trade, so
``"drop_peru_1991"`` is not combined with ``"jp_trade"``.

Region-specific year effects are not a choice of the curve: each curve is
estimated on one region's panel, whose year effects are already that
region's. They matter only for the pooled two-region model of chapter 8,
which :func:`pooled_year_effects` estimates both ways.

Inference on the curve
----------------------
Each coefficient has the CR1 clustered standard error (clusters = countries)
with a t(G - 1) interval and p-value, computed with the code of
:func:`analysis.inference.cluster_robust` (the CR1 covariance of the whole
design once per specification instead of CR1, CR2 and Driscoll-Kraay once
per coefficient; the tests check the two agree). The verdict is
:func:`analysis.inference.classify` of that interval and p-value with the
smallest effect of :func:`analysis.inference.smallest_effect`, computed on
the levels of the specification's estimation sample (the coefficient of a
first difference or a short-run coefficient has the units of the level
one). :func:`headline_agreement` compares these verdicts with the
wild-cluster bootstrap's on the headline specifications.

The standardised effect is the estimate times sd(x) / sd(y), the standard
deviations of the regressor and the dependent variable in levels over the
estimation sample's rows: the change in standard deviations of aid per
standard-deviation change of the regressor, comparable across scales and
estimators. Its interval is the CR1 interval times the same factor.

Every reported number is rounded with :func:`analysis.inference.round_sig`.

Public API
----------
:class:`Spec`, :func:`specifications`, :func:`headline`, :func:`headline_specs`
    The choices, the list of specifications, the headline specifications.
:func:`region_panel`, :func:`spec_data`, :func:`first_differences`, :func:`cooks_outliers`
    The data of one specification.
:func:`spec_curve`, :func:`curve_shares`, :func:`headline_agreement`
    The curve, its shares of signs and verdicts, and the check of the CR1
    verdicts against the bootstrap.
:func:`pooled_year_effects`
    Chapter 8's pooled slope differences with shared and region-specific year
    effects.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis import allocation as al
from analysis import inference as inf
from analysis import panel as pn
from analysis import retest
from analysis.countries import EAST_ASIA, LATIN_AMERICA
from analysis.errors import ParameterError, check_choice

#: Region codes of :func:`specifications` and the region names of :mod:`analysis.countries`.
REGIONS: dict[str, str] = {"latin_america": LATIN_AMERICA, "east_asia": EAST_ASIA}
#: Estimators of the curve.
ESTIMATORS = ("pooled", "fe", "fd", "ldv")
#: Windows (first and last year of the dependent variable) per region; the first is the headline.
WINDOWS: dict[str, tuple[tuple[int, int], ...]] = {
    "latin_america": ((1978, 1994), (1978, 1991), (1982, 1994)),
    "east_asia": (retest.WINDOW, (retest.WINDOW[0], 1996)),
}
#: Control sets per region; the first is the headline.
CONTROL_SETS: dict[str, tuple[str, ...]] = {
    "latin_america": ("core", "no_imf_brady", "us_trade", "jp_trade"),
    "east_asia": ("core", "no_imf_brady", "jp_trade", "no_debt_service"),
}
#: Influential-observation rules per region; the first is the headline.
INFLUENCE: dict[str, tuple[str, ...]] = {
    "latin_america": ("all", "drop_peru_1991", "cooks"),
    "east_asia": ("all", "cooks"),
}
#: Headline scale per region (chapter 3's default parameter; chapter 8's DEPENDENT).
HEADLINE_DEPENDENT = {"latin_america": "net_oda_musd", "east_asia": retest.DEPENDENT}
#: Control sets that add a trade series (which starts after every window's first year).
TRADE_SETS = {"us_trade": al.TRIANGLE, "jp_trade": al.MERCANTILE}
#: The observation the ``"drop_peru_1991"`` rule removes.
PERU_1991 = ("PER", 1991)
#: Cook's distance cut-off, as a multiple of 1/N.
COOKS_CUTOFF = 4.0
#: Level of the intervals.
ALPHA = 0.05

#: Labels of the choice values, for tables and charts.
DEPENDENT_LABELS = {
    "net_oda_musd": "US$ m",
    "net_oda_asinh": "asinh(US$ m)",
    "oda_share_pct": "Share of regional aid, %",
    "oda_per_capita_usd": "US$ per head",
}
ESTIMATOR_LABELS = {
    "pooled": "Pooled + years",
    "fe": "Country + year effects",
    "fd": "First differences + years",
    "ldv": "Pooled + years + lagged aid",
}
CONTROL_LABELS = {
    "core": "Core controls",
    "no_imf_brady": "Without IMF/Brady dummies",
    "us_trade": "+ US trade",
    "jp_trade": "+ Japan's trade",
    "no_debt_service": "Without debt service (keeps Korea)",
}
INFLUENCE_LABELS = {
    "all": "All observations",
    "drop_peru_1991": "Without Peru 1991",
    "cooks": "Without Cook's D > 4/N",
}
#: The choice columns of the curve, in the order of the chart's rows.
CHOICES = ("dependent", "estimator", "window", "controls", "influence")


def _region(region: str) -> str:
    check_choice("region", region, tuple(REGIONS))
    return region


@dataclass(frozen=True, kw_only=True)
class Spec:
    """One specification: a value for every choice.

    Attributes
    ----------
    region
        ``"latin_america"`` or ``"east_asia"``.
    dependent
        One of :data:`analysis.panel.DEPENDENTS`.
    estimator
        One of :data:`ESTIMATORS`.
    window
        First and last year of the dependent variable.
    controls
        One of :data:`CONTROL_SETS` of the region.
    influence
        One of :data:`INFLUENCE` of the region.

    Raises
    ------
    ParameterError
        Naming the field whose value is not allowed.
    """

    region: str
    dependent: str
    estimator: str
    window: tuple[int, int]
    controls: str
    influence: str

    def __post_init__(self) -> None:
        region = _region(self.region)
        check_choice("dependent", self.dependent, pn.DEPENDENTS)
        check_choice("estimator", self.estimator, ESTIMATORS)
        check_choice("window", tuple(self.window), WINDOWS[region])
        check_choice("controls", self.controls, CONTROL_SETS[region])
        check_choice("influence", self.influence, INFLUENCE[region])

    @property
    def window_label(self) -> str:
        """The window as ``"1978-1994"``."""
        return f"{self.window[0]}-{self.window[1]}"

    @property
    def key(self) -> str:
        """A unique, readable id: ``region|dependent|estimator|window|controls|influence``."""
        return "|".join([self.region, self.dependent, self.estimator, self.window_label, self.controls,
                         self.influence])

    @property
    def regressors(self) -> list[str]:
        """The lagged regressors of the specification (without the lagged dependent variable)."""
        if self.region == "latin_america":
            core = list(al.CORE)
            imf_brady = {pn.lag_name("imf_programme"), pn.lag_name("brady_done")}
            sets = {"core": core, "no_imf_brady": [r for r in core if r not in imf_brady],
                    "us_trade": [*core, al.TRIANGLE], "jp_trade": [*core, al.MERCANTILE]}
        else:
            core = retest.regressors()
            sets = {"core": core, "no_imf_brady": [r for r in core if r != pn.lag_name("imf_programme")],
                    "jp_trade": [*core, al.MERCANTILE], "no_debt_service": retest.regressors(retest.NO_DEBT_SERVICE)}
        return sets[self.controls]


def specifications(region: str) -> list[Spec]:
    """Every specification of a region's curve, the headline first.

    Parameters
    ----------
    region
        ``"latin_america"`` (chapter 3) or ``"east_asia"`` (chapter 8).

    Returns
    -------
    list of Spec
        The product of the region's scales, estimators, windows, control sets
        and influence rules, less the combinations that repeat another
        specification (see the module notes).

    Raises
    ------
    ParameterError
        For an unknown region (naming ``'region'``).
    """
    region = _region(region)
    out = [headline(region)]
    for dep in pn.DEPENDENTS:
        for est in ESTIMATORS:
            for controls in CONTROL_SETS[region]:
                ends: set[int] = set()
                for window in WINDOWS[region]:
                    if controls in TRADE_SETS:
                        if window[1] in ends:  # differs only by a start year before the trade series
                            continue
                        ends.add(window[1])
                    for influence in INFLUENCE[region]:
                        if influence == "drop_peru_1991" and controls == "jp_trade":
                            continue  # Peru has no series of Japan's trade: identical to "all"
                        spec = Spec(region=region, dependent=dep, estimator=est, window=window,
                                    controls=controls, influence=influence)
                        if spec != out[0]:
                            out.append(spec)
    return out


def headline(region: str) -> Spec:
    """The headline specification of a region's chapter.

    Chapter 3: Japan's net ODA in US$ m, pooled with year effects, 1978-1994,
    core controls, every observation. Chapter 8: asinh, pooled with year
    effects, :data:`analysis.retest.WINDOW`, :data:`analysis.retest.BASE`,
    every observation.

    Parameters
    ----------
    region
        ``"latin_america"`` or ``"east_asia"``.

    Returns
    -------
    Spec
    """
    region = _region(region)
    return Spec(region=region, dependent=HEADLINE_DEPENDENT[region], estimator="pooled",
                window=WINDOWS[region][0], controls="core", influence="all")


def headline_specs(region: str) -> list[tuple[Spec, tuple[str, ...]]]:
    """The headline specification and the chapter's trade models, with the variables each is cited for.

    Chapter 3 reads bank claims, debt service and US aid from the headline
    model, US trade from "+ US trade" and Japan's trade from "+ Japan's
    trade". Chapter 8 reads its four variables from the headline; Japan's
    trade comes from the headline plus Japan's trade.

    Parameters
    ----------
    region
        ``"latin_america"`` or ``"east_asia"``.

    Returns
    -------
    list of (Spec, tuple of str)
    """
    head = headline(region)
    out = [(head, tuple(v for v in head.regressors if v in al.EXPECTATIONS))]
    for controls, var in TRADE_SETS.items():
        if controls in CONTROL_SETS[head.region]:
            spec = Spec(region=head.region, dependent=head.dependent, estimator=head.estimator, window=head.window,
                        controls=controls, influence="all")
            out.append((spec, (var,)))
    return out


# ----------------------------------------------------------------------------- data
def _columns(region: str) -> list[str]:
    """Every column a specification of the region reads."""
    regs: list[str] = []
    for controls in CONTROL_SETS[region]:
        spec = Spec(region=region, dependent=pn.DEPENDENTS[0], estimator="pooled", window=WINDOWS[region][0],
                    controls=controls, influence="all")
        regs += [r for r in spec.regressors if r not in regs]
    return ["iso3", "year", *pn.DEPENDENTS, *regs]


def _trim(region: str, panel: pd.DataFrame) -> pd.DataFrame:
    cols = _columns(region)
    missing = [c for c in cols if c not in panel.columns]
    if missing:
        raise ParameterError(f"parameter 'panel' lacks the columns {missing}; build it with analysis.panel.build_panel")
    out = panel[cols].copy()
    out["iso3"] = out["iso3"].astype(str)
    out["year"] = out["year"].astype(int)
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


@cache
def _region_panel(region: str) -> pd.DataFrame:
    """The panel over the union of the region's windows (windows are row filters of it)."""
    first = min(w[0] for w in WINDOWS[region])
    last = max(w[1] for w in WINDOWS[region])
    return pn.build_panel(REGIONS[region], first, last)


@cache
def _trimmed_panel(region: str) -> pd.DataFrame:
    return _trim(region, _region_panel(region))


def region_panel(region: str) -> pd.DataFrame:
    """The panel the region's curve is estimated on (a copy).

    It spans every window of the region; a window's panel is its rows (lags
    are by calendar year and the share of regional aid is computed per year,
    so a row filter equals :func:`analysis.panel.build_panel` of the window).

    Parameters
    ----------
    region
        ``"latin_america"`` or ``"east_asia"``.

    Returns
    -------
    pandas.DataFrame
    """
    return _region_panel(_region(region)).copy()


def first_differences(df: pd.DataFrame, columns: Sequence[str], *, entity: str = "iso3",
                      time: str = "year") -> pd.DataFrame:
    """First differences within each entity over consecutive calendar years.

    Parameters
    ----------
    df
        Long panel, one row per ``entity`` and ``time`` (integer years).
    columns
        Columns to difference.
    entity, time
        Key columns.

    Returns
    -------
    pandas.DataFrame
        One row per ``entity`` and ``time`` whose previous year (``time - 1``)
        is also in ``df``: the keys and ``x_t - x_{t-1}`` of every column (NaN
        if either is missing), sorted by entity and time. A gap in an
        entity's years breaks the chain: no difference spans two years, and
        none crosses entities.

    Raises
    ------
    ParameterError
        If the keys are not unique.
    """
    cols = list(columns)
    if df.duplicated([entity, time]).any():
        raise ParameterError(f"parameter 'df': keys ({entity}, {time}) are not unique")
    s = df[[entity, time, *cols]].sort_values([entity, time]).reset_index(drop=True)
    ent = s[entity].to_numpy()
    yr = s[time].to_numpy(dtype=np.int64)
    ok = np.zeros(len(s), dtype=bool)
    ok[1:] = (ent[1:] == ent[:-1]) & (yr[1:] == yr[:-1] + 1)
    vals = s[cols].to_numpy(dtype=float)
    diff = np.full_like(vals, np.nan)
    diff[1:] = vals[1:] - vals[:-1]
    out = pd.DataFrame(diff[ok], columns=cols)
    out.insert(0, time, s[time].to_numpy()[ok])
    out.insert(0, entity, ent[ok])
    return out


def _window_rows(df: pd.DataFrame, window: tuple[int, int]) -> pd.DataFrame:
    return df[df["year"].between(window[0], window[1])].reset_index(drop=True)


def _cooks_keys(df: pd.DataFrame, regressors: tuple[str, ...]) -> frozenset[tuple[str, int]]:
    d = inf._prepare(df, "net_oda_musd", list(regressors), entity="iso3", time="year", time_effects=True,
                     entity_effects=False)
    _, e, xtx_inv = inf._ols(d)
    n, k = d.x.shape
    h = np.einsum("ij,jk,ik->i", d.x, xtx_inv, d.x)
    s2 = float(e @ e) / (n - k)
    cooks = e**2 / (k * s2) * h / (1 - h) ** 2
    out = cooks > COOKS_CUTOFF / n
    return frozenset((str(a), int(b)) for a, b in zip(d.entity[out], d.time[out]))


def cooks_outliers(df: pd.DataFrame, regressors: Sequence[str]) -> frozenset[tuple[str, int]]:
    """The observations with Cook's distance above 4/N in the pooled level fit.

    The fit is OLS of ``net_oda_musd`` on ``regressors`` with a constant and
    year effects (listwise deletion, as :func:`analysis.models.fit`);
    :math:`D_i = \\frac{e_i^2}{k s^2} \\frac{h_{ii}}{(1 - h_{ii})^2}` with
    :math:`k` columns of the design and :math:`s^2 = e'e / (N - k)`.

    Parameters
    ----------
    df
        The window's panel.
    regressors
        The specification's regressors.

    Returns
    -------
    frozenset of (iso3, year)
    """
    return _cooks_keys(df, tuple(regressors))


@dataclass(frozen=True)
class SpecData:
    """The estimation input of one specification (see :func:`spec_data`).

    Attributes
    ----------
    data
        The panel the regression runs on (differenced for ``"fd"``, with
        ``l1_dep`` for ``"ldv"``).
    levels
        The window's panel in levels after the influence rule.
    dependent, regressors
        Column names (``regressors`` includes ``l1_dep`` for ``"ldv"``).
    time_effects, entity_effects
        The design's dummies.
    dropped
        The (iso3, year) observations the influence rule removed.
    """

    data: pd.DataFrame
    levels: pd.DataFrame
    dependent: str
    regressors: list[str]
    time_effects: bool
    entity_effects: bool
    dropped: frozenset[tuple[str, int]]


_Memo = dict[tuple[object, ...], Any]


def _levels(spec: Spec, base: pd.DataFrame, memo: _Memo) -> tuple[pd.DataFrame, frozenset[tuple[str, int]]]:
    """The window's rows after the influence rule, and the rows it removed (memoised per call of the curve)."""
    key = ("levels", spec.window, spec.controls, spec.influence)
    if key not in memo:
        levels = _window_rows(base, spec.window)
        if spec.influence == "drop_peru_1991":
            hit = (levels["iso3"] == PERU_1991[0]) & (levels["year"] == PERU_1991[1])
            dropped = frozenset([PERU_1991]) if hit.any() else frozenset()
        elif spec.influence == "cooks":
            dropped = _cooks_keys(levels, tuple(spec.regressors))
        else:
            dropped = frozenset()
        if dropped:
            keys = pd.MultiIndex.from_frame(levels[["iso3", "year"]])
            levels = levels[~keys.isin(list(dropped))].reset_index(drop=True)
        memo[key] = (levels, dropped)
    levels_dropped: tuple[pd.DataFrame, frozenset[tuple[str, int]]] = memo[key]
    return levels_dropped


def _spec_data(spec: Spec, base: pd.DataFrame, memo: _Memo) -> SpecData:
    levels, dropped = _levels(spec, base, memo)
    regs = spec.regressors
    dep = spec.dependent
    if spec.estimator == "fd":
        key = ("fd", spec.window, spec.controls, spec.influence)
        if key not in memo:
            memo[key] = first_differences(levels, [c for c in base.columns if c not in ("iso3", "year")])
        return SpecData(memo[key], levels, dep, regs, True, False, dropped)
    if spec.estimator == "ldv":
        data = al.with_lagged_dependent(levels[["iso3", "year", dep, *regs]], dep)
        return SpecData(data, levels, dep, [*regs, al.LDV], True, False, dropped)
    if spec.estimator == "fe":
        # as linearmodels' drop_absorbed in chapter 3's fixed-effects model: a regressor constant within
        # every country of the sample (e.g. an IMF programme in force in all of a country's years) is absorbed
        complete = levels[["iso3", dep, *regs]].dropna()
        within = complete.groupby("iso3")[regs].nunique()
        regs = [r for r in regs if (within[r] > 1).any()]
    return SpecData(levels, levels, dep, regs, True, spec.estimator == "fe", dropped)


def spec_data(spec: Spec, panel: pd.DataFrame | None = None) -> SpecData:
    """The data and design of one specification.

    Parameters
    ----------
    spec
        The specification.
    panel
        The region's panel (default :func:`region_panel`); the window is a row
        filter of it.

    Returns
    -------
    SpecData

    Raises
    ------
    ParameterError
        If ``panel`` lacks a column the region's specifications need.
    """
    base = _trimmed_panel(spec.region) if panel is None else _trim(spec.region, panel)
    return _spec_data(spec, base, {})


# ----------------------------------------------------------------------------- the curve
def _cr1_rows(spec: Spec, sd: SpecData) -> list[dict[str, object]]:
    """One row per hypothesis variable of the specification (CR1 inference, standardised effect, verdict)."""
    d = inf._prepare(sd.data, sd.dependent, sd.regressors, entity="iso3", time="year", time_effects=sd.time_effects,
                     entity_effects=sd.entity_effects)
    beta, e, xtx_inv = inf._ols(d)
    cov = inf._cr_cov(d.x, e, d.clusters, xtx_inv, "cr1")
    df_t = d.n_clusters - 1
    q = float(stats.t.ppf(1 - ALPHA / 2, df_t))
    # the estimation sample's rows in levels (for FD: the later year of each difference)
    keys = pd.MultiIndex.from_frame(sd.levels[["iso3", "year"]])
    pos = keys.get_indexer(pd.MultiIndex.from_arrays([d.entity, d.time.astype(int)]))
    if (pos < 0).any():  # pragma: no cover - every sample row comes from the levels
        raise ParameterError(f"specification {spec.key}: sample rows not found in the levels panel")
    y = sd.levels[sd.dependent].to_numpy(dtype=float)[pos]
    sd_y = float(np.std(y, ddof=1))
    rows: list[dict[str, object]] = []
    for var in spec.regressors:
        if var not in al.EXPECTATIONS or var not in d.names:
            continue
        hyp, sign = al.EXPECTATIONS[var]
        j = d.names.index(var)
        est, se = float(beta[j]), float(np.sqrt(cov[j, j]))
        lo, hi = est - q * se, est + q * se
        p = float(2 * stats.t.sf(abs(est / se), df_t))
        x = sd.levels[var].to_numpy(dtype=float)[pos]
        sd_x = float(np.std(x, ddof=1))
        factor = sd_x / sd_y
        smallest = inf.smallest_effect_of(y, x, dependent=sd.dependent, variable=var)
        r_est, r_lo, r_hi, r_p = (inf.round_sig(v) for v in (est, lo, hi, p))
        rows.append({
            "region": spec.region, "spec_id": spec.key, "dependent": spec.dependent, "estimator": spec.estimator,
            "window": spec.window_label, "start_year": spec.window[0], "end_year": spec.window[1],
            "controls": spec.controls, "influence": spec.influence, "n_dropped": len(sd.dropped),
            "variable": var, "hypothesis": hyp, "expected_sign": sign,
            "estimate": r_est, "se": inf.round_sig(se), "df": df_t, "ci_low": r_lo, "ci_high": r_hi, "p_value": r_p,
            "nobs": len(d.y), "n_clusters": d.n_clusters,
            "sd_x": inf.round_sig(sd_x), "sd_y": inf.round_sig(sd_y),
            "std_estimate": inf.round_sig(est * factor), "std_ci_low": inf.round_sig(lo * factor),
            "std_ci_high": inf.round_sig(hi * factor),
            "smallest_effect": smallest, "expected_sign_found": bool(np.sign(r_est) == sign),
            "verdict": inf.classify(r_est, r_lo, r_hi, r_p, expected_sign=sign, smallest_effect=smallest,
                                    alpha=ALPHA),
        })
    return rows


def _curve(region: str, panel: pd.DataFrame | None) -> pd.DataFrame:
    base = _trimmed_panel(region) if panel is None else _trim(region, panel)
    head = headline(region)
    memo: _Memo = {}
    rows: list[dict[str, object]] = []
    inestimable: list[str] = []
    for spec in specifications(region):
        try:
            spec_rows = _cr1_rows(spec, _spec_data(spec, base, memo))
        except ParameterError as exc:
            if "rank deficient" not in str(exc) and "too few" not in str(exc):
                raise
            inestimable.append(spec.key)
            continue
        for row in spec_rows:
            row["headline"] = spec == head
            rows.append(row)
    out = pd.DataFrame(rows).reset_index(drop=True)
    out.attrs["inestimable"] = inestimable
    return out


@cache
def _curve_cached(region: str) -> pd.DataFrame:
    return _curve(region, None)

def spec_curve(region: str, *, panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """The specification curve of one region, one row per specification and hypothesis variable.

    Parameters
    ----------
    region
        ``"latin_america"`` (chapter 3) or ``"east_asia"`` (chapter 8).
    panel
        The region's panel spanning every window (default
        :func:`region_panel`, whose curve is computed once per session and
        returned as a copy).

    Returns
    -------
    pandas.DataFrame
        Columns: ``region``, ``spec_id``, the choices ``dependent``,
        ``estimator``, ``window`` (with ``start_year``, ``end_year``),
        ``controls``, ``influence`` (and ``n_dropped``, the observations the
        rule removed); ``variable``, ``hypothesis``, ``expected_sign``;
        ``estimate``, ``se`` (CR1), ``df`` (G - 1), ``ci_low``, ``ci_high``
        (t(G - 1), 95 per cent), ``p_value``; ``nobs``, ``n_clusters``;
        ``sd_x``, ``sd_y``, ``std_estimate``, ``std_ci_low``, ``std_ci_high``
        (estimate and interval times sd(x)/sd(y)); ``smallest_effect``;
        ``expected_sign_found``; ``verdict`` (one of
        :data:`analysis.inference.VERDICTS`); ``headline``. In a
        fixed-effects specification a regressor that is constant within every
        country of the sample is absorbed and left out, as
        :func:`analysis.models.fit` does. Specifications whose design is
        still rank deficient or too small have no rows; their ids are listed
        in ``curve.attrs["inestimable"]``.

    Raises
    ------
    ParameterError
        For an unknown region (naming ``'region'``) or a panel without the
        columns of a specification.
    """
    region = _region(region)
    if panel is None:
        return _curve_cached(region).copy()
    return _curve(region, panel)


def curve_shares(curve: pd.DataFrame) -> pd.DataFrame:
    """Per hypothesis variable, the share of specifications with each sign and each verdict.

    Parameters
    ----------
    curve
        From :func:`spec_curve`.

    Returns
    -------
    pandas.DataFrame
        One row per ``variable`` (in :data:`analysis.allocation.EXPECTATIONS`
        order): ``hypothesis``, ``n_specs``, ``share_expected_sign``, and
        ``share_<verdict>`` for each of :data:`analysis.inference.VERDICTS`
        (spaces as underscores; the four sum to 1), rounded with
        :func:`analysis.inference.round_sig`.
    """
    rows = []
    for var in [v for v in al.EXPECTATIONS if v in set(curve["variable"])]:
        part = curve[curve["variable"] == var]
        n = len(part)
        row: dict[str, object] = {"variable": var, "hypothesis": al.EXPECTATIONS[var][0], "n_specs": n,
                                  "share_expected_sign": inf.round_sig(float(part["expected_sign_found"].mean()))}
        counts = part["verdict"].value_counts()
        for v in inf.VERDICTS:
            row[f"share_{v.replace(' ', '_')}"] = inf.round_sig(int(counts.get(v, 0)) / n)
        rows.append(row)
    return pd.DataFrame(rows)


def headline_agreement(curve: pd.DataFrame, *, panel: pd.DataFrame | None = None, B: int = inf.B_DEFAULT,
                       seed: int = inf.SEED) -> pd.DataFrame:
    """The CR1 verdicts of the headline specifications against the wild-cluster bootstrap's.

    Parameters
    ----------
    curve
        From :func:`spec_curve` (one region).
    panel
        The panel the curve was estimated on (default :func:`region_panel`).
    B, seed
        Bootstrap draws and seed (:func:`analysis.inference.wild_cluster_test`).

    Returns
    -------
    pandas.DataFrame
        One row per specification and variable of :func:`headline_specs`:
        ``spec_id``, ``controls``, ``variable``, ``hypothesis``, ``estimate``,
        ``cr1_p``, ``cr1_ci_low``, ``cr1_ci_high``, ``cr1_verdict``,
        ``wild_p``, ``wild_ci_low``, ``wild_ci_high``, ``wild_verdict`` and
        ``agree`` (the two verdicts are the same).

    Raises
    ------
    ParameterError
        If the curve holds more than one region or lacks a headline row.
    """
    regions = curve["region"].unique()
    if len(regions) != 1:
        raise ParameterError(f"parameter 'curve' holds regions {list(regions)}; give the curve of one region")
    region = str(regions[0])
    by_key = curve.set_index(["spec_id", "variable"])
    rows = []
    for spec, variables in headline_specs(region):
        sd = spec_data(spec, panel)
        for var in variables:
            if (spec.key, var) not in by_key.index:
                raise ParameterError(f"parameter 'curve' has no row for {spec.key} and {var}")
            c = by_key.loc[(spec.key, var)]
            w = inf.wild_cluster_test(sd.data, sd.dependent, sd.regressors, var, alpha=ALPHA,
                                      time_effects=sd.time_effects, entity_effects=sd.entity_effects, B=B, seed=seed)
            wild = inf.classify(w.estimate, w.ci_low, w.ci_high, w.p_value, expected_sign=int(c["expected_sign"]),
                                smallest_effect=float(c["smallest_effect"]), alpha=ALPHA)
            rows.append({"spec_id": spec.key, "controls": spec.controls, "variable": var,
                         "hypothesis": c["hypothesis"], "estimate": c["estimate"], "cr1_p": c["p_value"],
                         "cr1_ci_low": c["ci_low"], "cr1_ci_high": c["ci_high"], "cr1_verdict": c["verdict"],
                         "wild_p": w.p_value, "wild_ci_low": w.ci_low, "wild_ci_high": w.ci_high,
                         "wild_verdict": wild, "agree": wild == c["verdict"]})
    return pd.DataFrame(rows)


def pooled_year_effects(window: tuple[int, int] = retest.WINDOW) -> pd.DataFrame:
    """Chapter 8's pooled slope differences with shared and with region-specific year effects.

    The model is :func:`analysis.retest.pooled_fit`'s (both regions, an East
    Asia intercept, every slope interacted with the East Asia dummy, asinh of
    net ODA), estimated by OLS with CR1 clustered standard errors, once with
    year effects common to both regions and once with a set of year effects
    for each region (year dummies interacted with the region dummy).

    Parameters
    ----------
    window
        First and last year.

    Returns
    -------
    pandas.DataFrame
        One row per base regressor and year-effect variant (``"shared"``,
        ``"by region"``): ``year_effects``, ``variable``, ``difference``
        (East Asian minus Latin American slope), ``se``, ``p_value``,
        ``ci_low``, ``ci_high`` (t(G - 1)), ``nobs``, ``n_clusters``.
    """
    p, inter = retest.pooled_panel(window)
    base = retest.regressors()
    years = sorted(p["year"].unique())[1:]
    ydum = []
    for y in years:
        name = f"year{y}_x_{retest.DUMMY}"
        p[name] = ((p["year"] == y) & (p[retest.DUMMY] == 1)).astype(float)
        ydum.append(name)
    rows = []
    for label, extra in (("shared", []), ("by region", ydum)):
        regs = [*base, *inter, retest.DUMMY, *extra]
        for v in base:
            r = inf.cluster_robust(p, retest.DEPENDENT, regs, f"{v}_x_{retest.DUMMY}", time_effects=True,
                                   alpha=ALPHA).loc["cr1"]
            d = inf._prepare(p, retest.DEPENDENT, regs, entity="iso3", time="year", time_effects=True,
                             entity_effects=False)
            rows.append({"year_effects": label, "variable": v, "difference": r["estimate"], "se": r["se"],
                         "p_value": r["p_value"], "ci_low": r["ci_low"], "ci_high": r["ci_high"],
                         "nobs": len(d.y), "n_clusters": d.n_clusters})
    return pd.DataFrame(rows)
