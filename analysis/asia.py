"""Japan's and the United States' ties with the Asian crisis economies,
compared with Latin America (chapter 7).

The module aggregates three kinds of tie from the book's loaders:

- **aid**: net bilateral ODA from Japan and the US (:mod:`analysis.loaders.aid`);
- **trade**: manufacturing trade of Japan and of the US with each partner
  (:mod:`analysis.loaders.gravity`, 1986-2006), and US goods trade from the
  Census (:mod:`analysis.loaders.census_trade`, 1985-2011) as a cross-check;
- **banks**: cross-border claims of all BIS-reporting banks on each country
  (:mod:`analysis.loaders.bis`). The BIS publishes the lenders' nationality in
  its semi-annual consolidated statistics, which are not among the book's
  files; :func:`lender_shares` reads the cited mid-1997 snapshot from the
  book's fact table instead.

Groups: the five crisis economies (:data:`ASIA_FIVE`) and the twenty Latin
American recipients. China is one of the book's East Asian recipients but was
not a crisis country and is left out of the Asian group here. Sums over a
group use only the members a source covers (``n_countries`` says how many);
a group-year with no value at all stays missing.
"""
from __future__ import annotations

import pandas as pd

from analysis.countries import LATIN_AMERICA, name_of, recipients
from analysis.errors import DataSchemaError, ParameterError, check_choice
from analysis.numbers import Number, Numbers
from analysis.windows import check_years, window_mean

#: The five economies hit by the Asian crisis, in the order the book discusses them.
ASIA_FIVE: tuple[str, ...] = ("THA", "IDN", "KOR", "MYS", "PHL")
#: Group labels.
ASIA = "Asian crisis five"
LATAM = "Latin America"
#: Creditor labels used in tables and charts.
CREDITORS = {"JPN": "Japan", "USA": "United States"}


def group_of(iso3: str) -> str | None:
    """The comparison group of a recipient: :data:`ASIA`, :data:`LATAM` or ``None``."""
    if iso3 in ASIA_FIVE:
        return ASIA
    if iso3 in recipients(LATIN_AMERICA):
        return LATAM
    return None


def _grouped_sum(frame: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """Sum ``value`` by ``group`` and ``keys``; count reporting countries; keep NaN if none."""
    f = frame.assign(group=frame["iso3"].map(group_of)).dropna(subset=["group"])
    out = (
        f.groupby([*keys, "group"], as_index=False)
        .agg(**{value: (value, lambda s: s.sum(min_count=1))}, n_countries=(value, "count"))
    )
    return out


def aid_by_group() -> pd.DataFrame:
    """Net bilateral ODA of Japan and the US to each group, by year.

    Returns
    -------
    pandas.DataFrame
        Columns ``creditor`` ("Japan", "United States"), ``group``, ``year``,
        ``net_oda_usd`` (current US$, sum over the group's members with data),
        ``n_countries``.
    """
    from analysis.loaders.aid import bilateral_aid

    aid = bilateral_aid().rename(columns={"donor": "creditor"})
    out = _grouped_sum(aid, ["creditor", "year"], "net_oda_usd")
    out["creditor"] = out["creditor"].map(CREDITORS)
    return out.sort_values(["creditor", "group", "year"]).reset_index(drop=True)


def trade_by_group(source: str = "gravity", *, common_partners: bool = True) -> pd.DataFrame:
    """Trade (exports plus imports) of Japan and the US with each group, by year.

    Parameters
    ----------
    source
        ``"gravity"``: manufacturing trade of both creditors, 1986-2006
        (Venezuela, Peru and seven small Latin American recipients absent);
        ``"census"``: US goods trade only, 1985-2011.
    common_partners
        With ``"gravity"``, keep only partners present for both creditors, so
        that the two are compared over the same countries.

    Returns
    -------
    pandas.DataFrame
        Columns ``creditor``, ``group``, ``year``, ``trade_musd`` (current US$
        millions), ``n_countries``.
    """
    check_choice("source", source, ("gravity", "census"))
    if source == "gravity":
        from analysis.loaders.gravity import reporter_trade

        t = reporter_trade(("JPN", "USA"))
        t = t.assign(trade_musd=t["exports_musd"] + t["imports_musd"], creditor=t["reporter"])
        if common_partners:
            both = t.groupby("iso3")["creditor"].nunique()
            t = t[t["iso3"].isin(both[both == 2].index)]
    else:
        from analysis.loaders.census_trade import us_trade

        t = us_trade().rename(columns={"us_trade_musd": "trade_musd"}).assign(creditor="USA")
    out = _grouped_sum(t, ["creditor", "year"], "trade_musd")
    out["creditor"] = out["creditor"].map(CREDITORS)
    return out.sort_values(["creditor", "group", "year"]).reset_index(drop=True)


def bank_claims_by_group() -> pd.DataFrame:
    """Claims of all BIS-reporting banks on each group, by year (US$ millions).

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``year``, ``bank_claims_musd``, ``n_countries``.
    """
    from analysis.loaders.bis import bank_claims

    out = _grouped_sum(bank_claims(), ["year"], "bank_claims_musd")
    return out.sort_values(["group", "year"]).reset_index(drop=True)


def ties_comparison(latin_years: tuple[int, int] = (1986, 1989),
                    asia_years: tuple[int, int] = (1994, 1996)) -> pd.DataFrame:
    """Japan's and the US's ties with each group, each group in its own pre-crisis window.

    Parameters
    ----------
    latin_years, asia_years
        Inclusive year windows over which annual values are averaged. The
        defaults compare Latin America in the debt-crisis years covered by the
        trade data with the five Asian economies just before 1997.

    Returns
    -------
    pandas.DataFrame
        One row per measure; columns ``measure``, ``unit``, ``latin``, ``asia``
        (annual averages over the windows; ratios and shares computed from
        those averages), ``source``.
    """
    ly = check_years(latin_years, name="latin_years", single_year=True)
    ay = check_years(asia_years, name="asia_years", single_year=True)
    aid, trade, banks = aid_by_group(), trade_by_group("gravity"), bank_claims_by_group()
    rows = []

    def add(measure: str, unit: str, fn, source: str) -> None:
        rows.append({"measure": measure, "unit": unit, "latin": fn(LATAM, ly), "asia": fn(ASIA, ay),
                     "source": source})

    def avg(frame, value, creditor=None, scale=1.0):
        def fn(group, years):
            kw = {"group": group} | ({"creditor": creditor} if creditor else {})
            return window_mean(frame, value, years, missing="nan", where=kw) / scale
        return fn

    add("Japan's net bilateral ODA", "US$ bn a year", avg(aid, "net_oda_usd", "Japan", 1e9), "WDI/DAC")
    add("US net bilateral ODA", "US$ bn a year", avg(aid, "net_oda_usd", "United States", 1e9), "WDI/DAC")
    add("Japan's share of Japanese and US aid", "%",
        lambda g, y: 100 * avg(aid, "net_oda_usd", "Japan")(g, y)
        / (avg(aid, "net_oda_usd", "Japan")(g, y) + avg(aid, "net_oda_usd", "United States")(g, y)),
        "WDI/DAC")
    add("Japan's manufacturing trade", "US$ bn a year", avg(trade, "trade_musd", "Japan", 1e3), "Yotov et al.")
    add("US manufacturing trade", "US$ bn a year", avg(trade, "trade_musd", "United States", 1e3), "Yotov et al.")
    add("Japan's trade relative to US trade", "ratio",
        lambda g, y: avg(trade, "trade_musd", "Japan")(g, y) / avg(trade, "trade_musd", "United States")(g, y),
        "Yotov et al.")
    add("Claims of all BIS-reporting banks", "US$ bn", avg(banks, "bank_claims_musd", None, 1e3), "BIS LBS")
    return pd.DataFrame(rows)


def aid_share_of_japan(groups: tuple[str, ...] = (ASIA, LATAM)) -> pd.DataFrame:
    """Share of Japan's net bilateral ODA to the book's 26 recipients going to each group, by year.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``year``, ``share_pct``. Years in which Japan's total
        to the 26 recipients is not positive are dropped (a share of a net
        outflow is not meaningful).
    """
    from analysis.loaders.aid import bilateral_aid

    for g in groups:
        check_choice("groups", g, (ASIA, LATAM))
    jp = bilateral_aid(("JPN",))
    total = jp.groupby("year")["net_oda_usd"].sum(min_count=1)
    by = aid_by_group()
    by = by[(by["creditor"] == "Japan") & by["group"].isin(groups)].copy()
    by["total"] = by["year"].map(total)
    by = by[by["total"] > 0]
    by["share_pct"] = 100 * by["net_oda_usd"] / by["total"]
    return by[["group", "year", "share_pct"]].reset_index(drop=True)


def country_ties(year: int = 1996) -> pd.DataFrame:
    """Ties of Japan and the US with each Asian crisis economy in one year.

    Parameters
    ----------
    year
        A year covered by every source used (1986-2006).

    Returns
    -------
    pandas.DataFrame
        One row per country of :data:`ASIA_FIVE`; columns ``iso3``,
        ``jp_oda_musd``, ``us_oda_musd``, ``jp_trade_musd``, ``us_trade_musd``
        (manufacturing, Yotov et al.), ``bank_claims_musd`` (all BIS banks).
    """
    from analysis.loaders.aid import bilateral_aid
    from analysis.loaders.bis import bank_claims
    from analysis.loaders.gravity import reporter_trade

    if not 1986 <= int(year) <= 2006:
        raise ParameterError(f"parameter 'year' is {year!r}; the trade data cover 1986-2006")
    aid = bilateral_aid()
    aid = aid[aid["year"] == year].pivot(index="iso3", columns="donor", values="net_oda_usd") / 1e6
    tr = reporter_trade(("JPN", "USA"))
    tr = tr[tr["year"] == year].assign(t=lambda d: d["exports_musd"] + d["imports_musd"])
    tr = tr.pivot(index="iso3", columns="reporter", values="t")
    bk = bank_claims()
    bk = bk[bk["year"] == year].set_index("iso3")["bank_claims_musd"]
    out = pd.DataFrame({"iso3": list(ASIA_FIVE)})
    out["jp_oda_musd"] = out["iso3"].map(aid.get("JPN", pd.Series(dtype=float)))
    out["us_oda_musd"] = out["iso3"].map(aid.get("USA", pd.Series(dtype=float)))
    out["jp_trade_musd"] = out["iso3"].map(tr.get("JPN", pd.Series(dtype=float)))
    out["us_trade_musd"] = out["iso3"].map(tr.get("USA", pd.Series(dtype=float)))
    out["bank_claims_musd"] = out["iso3"].map(bk)
    return out


# --------------------------------------------------------------------- exchange rates
#: Crisis currencies with monthly H.10 rates (the rupiah and the Philippine peso have none).
H10_ASIA: tuple[str, ...] = ("THA", "KOR", "MYS")


def fx_index(frame: pd.DataFrame, *, base: str = "1997-06") -> pd.DataFrame:
    """Index a monthly exchange-rate frame to ``base`` = 100 within each currency.

    Parameters
    ----------
    frame
        Columns ``iso3``, ``date``, ``per_usd`` (national currency per US$).
    base
        The base month, ``YYYY-MM``.

    Returns
    -------
    pandas.DataFrame
        The input with a column ``index`` (100 in the base month).

    Raises
    ------
    ParameterError
        If a currency has no value in the base month.
    """
    month = pd.Period(base, freq="M")
    f = frame.copy()
    f["date"] = pd.to_datetime(f["date"])
    at_base = f[f["date"].dt.to_period("M") == month].groupby("iso3")["per_usd"].mean()
    missing = sorted(set(f["iso3"]) - set(at_base.dropna().index))
    if missing:
        raise ParameterError(f"parameter 'base' is {base!r}, but {missing} have no rate in that month")
    f["index"] = 100 * f["per_usd"] / f["iso3"].map(at_base)
    return f


def crisis_fx_monthly(countries: tuple[str, ...] = (*H10_ASIA, "JPN"), *,
                      start: str = "1997-01", end: str = "1998-12") -> pd.DataFrame:
    """Monthly H.10 averages for the crisis window, national currency per US$.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``date``, ``per_usd``.
    """
    from analysis.loaders.fx import h10_monthly

    try:
        lo, hi = pd.Period(start, freq="M").to_timestamp(), pd.Period(end, freq="M").to_timestamp()
    except ValueError:
        raise ParameterError(f"parameters 'start'/'end' ({start!r}, {end!r}) are not months (YYYY-MM)") from None
    m = h10_monthly(list(countries))
    m = m[m["date"].between(lo, hi)]
    return m[["iso3", "date", "per_usd"]].reset_index(drop=True)


def fx_peaks(frame: pd.DataFrame, *, base: str = "1997-06") -> pd.DataFrame:
    """Largest value of the dollar in each currency relative to ``base`` (as a multiple).

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``peak_multiple`` (peak rate / base-month rate),
        ``peak_month`` (``"January 1998"``-style text).
    """
    f = fx_index(frame, base=base)
    idx = f.groupby("iso3")["index"].idxmax()
    peaks = f.loc[idx, ["iso3", "index", "date"]]
    return pd.DataFrame({
        "iso3": peaks["iso3"].to_numpy(),
        "peak_multiple": (peaks["index"] / 100).to_numpy(),
        "peak_month": pd.to_datetime(peaks["date"]).dt.strftime("%B %Y").to_numpy(),
    })


def annual_depreciation(countries: tuple[str, ...] = ASIA_FIVE, *, base_year: int = 1996,
                        year: int = 1998) -> pd.DataFrame:
    """Annual-average dollar rate in ``year`` as a multiple of ``base_year`` (IMF data).

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``multiple``; a country without both years raises.
    """
    from analysis.loaders.fx import imf_annual

    a = imf_annual(list(countries)).pivot(index="iso3", columns="year", values="per_usd")
    for y in (base_year, year):
        if y not in a.columns or a[y].reindex(list(countries)).isna().any():
            raise ParameterError(f"IMF annual rates lack year {y} for some of {list(countries)}")
    return pd.DataFrame({"iso3": list(countries),
                         "multiple": (a[year] / a[base_year]).reindex(list(countries)).to_numpy()})


def fx_coverage(countries: tuple[str, ...] = ASIA_FIVE) -> pd.DataFrame:
    """Which exchange-rate sources cover each crisis currency.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``h10_monthly``, ``fred_daily``, ``imf_annual`` (booleans).
    """
    from analysis.loaders import fx

    h10 = set(fx.h10_monthly()["iso3"])
    daily = {iso for iso, _ in fx.FRED_SERIES.values()}
    imf = set(fx.imf_annual()["iso3"])
    return pd.DataFrame({"iso3": list(countries),
                         "h10_monthly": [c in h10 for c in countries],
                         "fred_daily": [c in daily for c in countries],
                         "imf_annual": [c in imf for c in countries]})


def us_trade_shares(year: int = 1996) -> pd.DataFrame:
    """Share of each group in total US goods trade in ``year`` (Census data).

    The denominator is the sum over every partner the Census lists (its
    regional aggregates excluded), so the shares are of US trade with the world.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``trade_musd``, ``share_pct``, ``n_countries``.
    """
    from analysis.loaders.census_trade import all_partners

    p = all_partners()
    p = p[p["year"] == year]
    if p.empty:
        raise ParameterError(f"parameter 'year' is {year!r}; the Census file covers 1985-2011")
    world = p["us_trade_musd"].sum()
    g = trade_by_group("census")
    g = g[g["year"] == year].drop(columns=["creditor", "year"])
    g["share_pct"] = 100 * g["trade_musd"] / world
    return g[["group", "trade_musd", "share_pct", "n_countries"]].reset_index(drop=True)


# --------------------------------------------------------------------- lenders by nationality
#: Lender groups of the mid-1997 snapshot, in display order.
LENDERS = {"JPN": "Japanese banks", "USA": "US banks", "EUR": "European banks", "DEU": "German banks"}


def lender_shares(reference_date: str = "1997-06-30") -> pd.DataFrame:
    """Claims on each Asian crisis economy by nationality of the lending banks.

    Read from the book's fact table (``bank_exposure``), which holds the BIS
    semi-annual survey for end-June 1997 as the press reported it; no public
    time series gives these figures. Shares are computed from the amounts
    (lender amount / all reporting banks) where both exist, otherwise taken
    from the row's stated share. A share is *verified* only if every row it
    rests on is verified.

    Returns
    -------
    pandas.DataFrame
        One row per debtor and lender: ``iso3``, ``lender_code``, ``lender``,
        ``amount_bn``, ``total_bn``, ``share_pct``, ``verified`` (bool),
        ``measure``, ``fact_ids`` (the rows used, ``;``-separated).
    """
    from analysis.facts import load

    b = load("bank_exposure")
    b = b[(b["crisis"] == "asia_1997_98") & (b["reference_date"] == reference_date)
          & b["debtor_code"].isin(ASIA_FIVE)]
    if b.empty:
        raise ParameterError(f"parameter 'reference_date' is {reference_date!r}; no Asian bank-exposure rows for it")
    ok = {"yes", "local_file"}
    rows = []
    for iso in ASIA_FIVE:
        sub = b[b["debtor_code"] == iso]
        tot = sub[sub["lender_code"] == "ALL"]
        total = float(tot["amount"].iloc[0]) if not tot.empty else float("nan")
        total_ok = (not tot.empty) and tot["verified"].iloc[0] in ok
        for _, r in sub[sub["lender_code"] != "ALL"].iterrows():
            if pd.notna(r["amount"]) and pd.notna(total):
                share, ids, ver = 100 * r["amount"] / total, [r["fact_id"], tot["fact_id"].iloc[0]], \
                    (r["verified"] in ok) and total_ok
            elif pd.notna(r["share_pct"]):
                share, ids, ver = float(r["share_pct"]), [r["fact_id"]], r["verified"] in ok
            else:
                share, ids, ver = float("nan"), [r["fact_id"]], r["verified"] in ok
            rows.append({"iso3": iso, "lender_code": r["lender_code"],
                         "lender": LENDERS.get(r["lender_code"], r["lender"]),
                         "amount_bn": r["amount"], "total_bn": total, "share_pct": share, "verified": bool(ver),
                         "measure": r["measure"], "fact_ids": ";".join(ids)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------- qualitative retest
def qualitative_checks() -> pd.DataFrame:
    """The qualitative expectations of chapter 8, each checked against the data.

    Each row states what a hypothesis expects in Asia, the evidence (computed
    from the fact tables, the coded engagement and the trade data) and
    whether the expectation is met. ``data_verified`` is False where the
    evidence rests on fact rows not verified in a source.

    Returns
    -------
    pandas.DataFrame
        Columns ``hypothesis``, ``expectation``, ``evidence``, ``met`` (bool),
        ``data_verified`` (bool).
    """
    from analysis.coding import load_engagement
    from analysis.facts import amount, fact
    from analysis.loaders.census_trade import us_trade

    eng = load_engagement()
    eng = eng[(eng["crisis"] == "asia_1997_98") & (eng["kind"] == "acute")].set_index("phase")
    idn_jp, idn_all = amount("bank-idn97-jpn"), amount("bank-idn97-all", allow_unverified=True)
    idn_ok = bool(fact("bank-idn97-jpn")["verified"] == "yes" and fact("bank-idn97-all")["verified"] == "yes")
    shares = lender_shares().set_index(["iso3", "lender_code"])
    tha_jp = float(shares.loc[("THA", "JPN"), "share_pct"])
    tha_ok = bool(shares.loc[("THA", "JPN"), "verified"])
    kor = lender_shares()
    kor = kor[kor["iso3"] == "KOR"]
    kor_max = float(kor["share_pct"].max())
    kor_top = str(kor.loc[kor["share_pct"].idxmax(), "lender"])
    kor_ok = bool(kor.loc[kor["share_pct"].idxmax(), "verified"])
    jp_share = float(fact("bank-asia97-jpn-share")["share_pct"])
    t = us_trade()
    t = t[t["year"] == 1996].set_index("iso3")["us_trade_musd"]
    us_kor, us_tha = amount("pkg-kor97-usa"), amount("pkg-tha97-usa")
    rows = [
        {"hypothesis": "H1: level of private returns",
         "expectation": "Large Japanese bank stake, so Japan active throughout",
         "evidence": f"Japanese banks held {jp_share:.0f}% of foreign bank loans to Asia; Japan coded highly "
                     f"active in {int((eng['active'] == 2).sum())} of {len(eng)} phases",
         "met": bool(jp_share >= 25 and (eng["active"] == 2).all()), "data_verified": True},
        {"hypothesis": "H1: level of private returns (Indonesia)",
         "expectation": "Japanese banks the largest lenders, so Japan leads the Indonesian rescue",
         "evidence": f"Japanese banks' loans {idn_jp:g} bn of about {idn_all:g} bn owed to foreign banks; "
                     f"leadership code of the IMF-led phase {int(eng.loc['a3_imf_led', 'leadership'])}",
         "met": bool(eng.loc["a3_imf_led", "leadership"] == 2), "data_verified": idn_ok},
        {"hypothesis": "H2: institutional linkage (Thailand)",
         "expectation": "Japanese banks dominant, no coalition, so Japan leads alone",
         "evidence": f"Japanese share of claims {tha_jp:.0f}%; Thai phase leadership code "
                     f"{int(eng.loc['a1_thai', 'leadership'])}; US bilateral money {us_tha:g} bn",
         "met": bool(tha_jp > 50 and eng.loc["a1_thai", "leadership"] == 2 and us_tha == 0),
         "data_verified": tha_ok},
        {"hypothesis": "H2: institutional linkage (Korea)",
         "expectation": "Mixed creditor coalition, so collective action with the US",
         "evidence": f"largest lender group ({kor_top}) {kor_max:.0f}% of claims, no group a majority; "
                     f"IMF-led phase cooperation code "
                     f"{int(eng.loc['a3_imf_led', 'cooperation'])}",
         "met": bool(kor_max < 50 and eng.loc["a3_imf_led", "cooperation"] == 2), "data_verified": kor_ok},
        {"hypothesis": "H2: economic linkage",
         "expectation": "US joins where its own stake is larger",
         "evidence": f"US goods trade 1996: Korea {t['KOR'] / 1e3:.1f} bn, Thailand {t['THA'] / 1e3:.1f} bn; "
                     f"US second-line pledge Korea up to {us_kor:g} bn, Thailand {us_tha:g}",
         "met": bool(t["KOR"] > t["THA"] and us_kor > us_tha), "data_verified": True},
        {"hypothesis": "US-Japan asymmetry",
         "expectation": "Japan cannot lead against US opposition",
         "evidence": f"AMF phase cooperation code {int(eng.loc['a2_amf', 'cooperation'])}, proposal shelved; "
                     f"next phase leadership code {int(eng.loc['a3_imf_led', 'leadership'])}",
         "met": bool(eng.loc["a2_amf", "cooperation"] == 0 and eng.loc["a3_imf_led", "leadership"] == 0),
         "data_verified": True},
    ]
    return pd.DataFrame(rows)


# --------------------------------------------------------------------- chapter 7: prose values
#: The pre-crisis windows chapter 7 compares: Latin America in the debt crisis, the Asian five before 1997.
TIES_LATIN_YEARS: tuple[int, int] = (1986, 1989)
TIES_ASIA_YEARS: tuple[int, int] = (1994, 1996)

#: Measures of :func:`ties_comparison` quoted in the prose: measure -> (glue-key stem, decimals).
TIES_KEYS: dict[str, tuple[str, int]] = {
    "Japan's net bilateral ODA": ("jp_oda", 2),
    "US net bilateral ODA": ("us_oda", 2),
    "Japan's share of Japanese and US aid": ("jp_aid_share", 0),
    "Japan's manufacturing trade": ("jp_trade", 1),
    "US manufacturing trade": ("us_trade", 1),
    "Japan's trade relative to US trade": ("trade_ratio", 2),
    "Claims of all BIS-reporting banks": ("bank_claims", 0),
}


def ties_numbers(latin_years: tuple[int, int] = TIES_LATIN_YEARS,
                 asia_years: tuple[int, int] = TIES_ASIA_YEARS) -> Numbers:
    """Chapter 7, the comparison of ties: the windows and each measure of :func:`ties_comparison`.

    Parameters
    ----------
    latin_years, asia_years
        The windows, as for :func:`ties_comparison`.

    Returns
    -------
    Mapping
        ``latin_first`` ... ``asia_last`` (years) and ``<stem>_latin``,
        ``<stem>_asia`` for each measure of :data:`TIES_KEYS`.
    """
    ties = ties_comparison(latin_years=latin_years, asia_years=asia_years).set_index("measure")
    out: dict[str, Number | str] = {"latin_first": str(latin_years[0]), "latin_last": str(latin_years[1]),
                                    "asia_first": str(asia_years[0]), "asia_last": str(asia_years[1])}
    for measure, (key, digits) in TIES_KEYS.items():
        out[f"{key}_latin"] = Number(float(ties.loc[measure, "latin"]), digits=digits)
        out[f"{key}_asia"] = Number(float(ties.loc[measure, "asia"]), digits=digits)
    return out


def aid_share_numbers(latin_years: tuple[int, int] = TIES_LATIN_YEARS,
                      asia_years: tuple[int, int] = TIES_ASIA_YEARS) -> Numbers:
    """Chapter 7, aid: the mean share of Japan's aid going to each group in each window.

    Parameters
    ----------
    latin_years, asia_years
        The 1980s and the 1990s windows (each group's share is given in both).
    """
    ly = check_years(latin_years, name="latin_years", single_year=True)
    ay = check_years(asia_years, name="asia_years", single_year=True)
    share = aid_share_of_japan()

    def mean(group: str, years: tuple[int, int]) -> Number:
        return Number(window_mean(share, "share_pct", years, missing="nan", where={"group": group}), digits=0)

    return {"jp_aid_to_asia_90s": mean(ASIA, ay), "jp_aid_to_asia_80s": mean(ASIA, ly),
            "jp_aid_to_latin_80s": mean(LATAM, ly), "jp_aid_to_latin_90s": mean(LATAM, ay)}


def first_lasting_lead(lead: pd.Series, behind: pd.Series, *, until: int) -> int:
    """The first year from which ``lead`` exceeds ``behind`` in every year up to ``until``.

    Parameters
    ----------
    lead, behind
        Values by year (``behind`` is aligned on ``lead``'s years; a missing year counts as no lead).
    until
        The last year considered.

    Raises
    ------
    DataSchemaError
        If ``lead`` is not ahead in ``until`` (there is no lasting lead).
    """
    ahead = (lead > behind.reindex(lead.index)).loc[:until]
    if ahead.empty or not bool(ahead.iloc[-1]):
        raise DataSchemaError(f"the series is not ahead in {until}; there is no lasting lead to date")
    for y in ahead.index:
        if ahead.loc[y:].all():
            return int(y)
    raise DataSchemaError("no lasting lead")  # pragma: no cover (the last year is ahead)


def trade_numbers() -> Numbers:
    """Chapter 7, trade: growth of Japan's trade with the five, the year it overtook the US, US shares."""
    tr = trade_by_group("gravity")
    jp_asia = tr[(tr["creditor"] == "Japan") & (tr["group"] == ASIA)].set_index("year")["trade_musd"]
    us_asia = tr[(tr["creditor"] == "United States") & (tr["group"] == ASIA)].set_index("year")["trade_musd"]
    us96 = us_trade_shares(1996).set_index("group")
    us85 = us_trade_shares(1985).set_index("group")
    return {
        "jp_asia_trade_growth": Number(float(jp_asia[1996] / jp_asia[1986]), digits=1),
        "jp_overtakes_year": str(first_lasting_lead(jp_asia, us_asia, until=1996)),
        "n_latin_trade": Number(int(tr[tr["group"] == LATAM]["n_countries"].max()), digits=0),
        "us_share_asia_1996": Number(float(us96.loc[ASIA, "share_pct"]), digits=1),
        "us_share_latin_1996": Number(float(us96.loc[LATAM, "share_pct"]), digits=1),
        "us_share_asia_1985": Number(float(us85.loc[ASIA, "share_pct"]), digits=1),
    }


def bank_numbers() -> Numbers:
    """Chapter 7, banks: claims of all BIS banks on each group in the years the prose names (US$ bn).

    Raises
    ------
    DataSchemaError
        If claims on the five did not exceed claims on Latin America in 1996, as the prose says.
    """
    bk = bank_claims_by_group().pivot(index="year", columns="group", values="bank_claims_musd")
    if not bk.loc[1996, ASIA] > bk.loc[1996, LATAM]:
        raise DataSchemaError("claims on the Asian five no longer exceed claims on Latin America in 1996; "
                              "revise the prose of chapter 7")
    return {
        "asia_claims_1990": Number(float(bk.loc[1990, ASIA]), digits=0, scale=1e3),
        "asia_claims_1996": Number(float(bk.loc[1996, ASIA]), digits=0, scale=1e3),
        "latin_claims_1996": Number(float(bk.loc[1996, LATAM]), digits=0, scale=1e3),
        "asia_claims_drop": Number(float(bk.loc[1996, ASIA] - bk.loc[1998, ASIA]), digits=0, scale=1e3),
        "latin_claims_1982": Number(float(bk.loc[1982, LATAM]), digits=0, scale=1e3),
    }


def country_numbers(year: int = 1996) -> Numbers:
    """Chapter 7, the countries: Thailand's and Korea's ties in ``year``, the countries repaying Japan's aid.

    Parameters
    ----------
    year
        As for :func:`country_ties`.
    """
    ct = country_ties(year).set_index("iso3")
    out: dict[str, Number | str] = {}
    for iso in ("THA", "KOR"):
        p = iso.lower()
        out[f"{p}_jp_trade"] = Number(float(ct.loc[iso, "jp_trade_musd"]), digits=1, scale=1e3)
        out[f"{p}_us_trade"] = Number(float(ct.loc[iso, "us_trade_musd"]), digits=1, scale=1e3)
    for iso in ("THA", "KOR"):
        out[f"{iso.lower()}_claims"] = Number(float(ct.loc[iso, "bank_claims_musd"]), digits=0, scale=1e3)
    out["neg_jp_oda"] = " and ".join(name_of(c) for c in ct.index if ct.loc[c, "jp_oda_musd"] < 0)
    return out
