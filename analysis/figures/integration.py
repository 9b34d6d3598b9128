"""Charts and tables of the introduction and chapter 2: Japan's integration
with the United States and with Latin America and East Asia.

Every chart carries alt text (``description``) and uses the book's colours
(:data:`analysis.charts.PALETTE`). Every function is handed the frame it draws
(from :mod:`analysis.integration`, fetched once by the chapter); none loads data.
The years a chart spans are the years of its frame, unless ``first``/``last``
cut the frame to a narrower window.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import charts, integration
from analysis.countries import EAST_ASIA, LATIN_AMERICA
from analysis.errors import ParameterError

_ACTORS = ["Japan", "United States"]
_REGIONS = [LATIN_AMERICA, EAST_ASIA]
_YEAR = alt.X("year:Q", title=None, axis=alt.Axis(format="d"))


def _bottom_legend(chart):
    """Put the legend under the plot, so that wide charts fit the page."""
    return chart.configure_legend(orient="bottom", direction="horizontal", titleOrient="left")


def _span(frame: pd.DataFrame, years: pd.Series, first: int | None, last: int | None,
          name: str) -> tuple[pd.DataFrame, int, int]:
    """Cut ``frame`` to the years ``first``-``last`` (default: all its years) and return it with the window.

    ``years`` holds each row's year. Raises :class:`ParameterError` naming ``name`` if no row is left.
    """
    lo = int(years.min()) if first is None else first
    hi = int(years.max()) if last is None else last
    keep = years.between(lo, hi)
    if frame.empty or not keep.any():
        raise ParameterError(f"parameter {name!r} has no row in {lo}-{hi}; pass the frame the chapter fetched")
    return frame[keep], lo, hi


def _require(frame: pd.DataFrame, name: str, columns: tuple[str, ...]) -> None:
    """Raise :class:`ParameterError` naming ``name`` unless ``frame`` is a frame with ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"parameter {name!r} is a {type(frame).__name__}; pass a pandas DataFrame")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(f"parameter {name!r} lacks the columns {missing}; pass the frame of "
                             "the analysis.integration call named in the docstring")


def _region_scale() -> alt.Scale:
    return alt.Scale(domain=_REGIONS, range=[charts.PALETTE[r] for r in _REGIONS])


def _crisis_bands(first: int, last: int) -> alt.Chart:
    """Grey bands over the crisis years (each band spans its years inclusive)."""
    c = integration.crises()
    c = c[(c["end"] >= first) & (c["start"] <= last)].assign(x2=lambda d: d["end"] + 1)
    return (
        alt.Chart(c)
        .mark_rect(color="#bdbdbd", opacity=0.35, clip=True)
        .encode(
            x=alt.X("start:Q", scale=alt.Scale(domain=[first, last + 1], zero=False)),
            x2="x2:Q",
            tooltip=["crisis", "start", "end"],
        ))


def _crisis_labels(first: int, last: int, *, y: float) -> alt.Chart:
    c = integration.crises()
    c = c[(c["end"] >= first) & (c["start"] <= last)].copy()
    short = {"Latin American debt crisis": "Debt crisis", "Mexican peso crisis": "Peso",
             "Asian financial crisis": "Asia"}
    c["label"] = c["crisis"].map(short)
    c["mid"] = c["start"] + (c["end"] + 1 - c["start"]) / 2
    c["y"] = y
    return alt.Chart(c).mark_text(fontSize=10, color="#525252", baseline="bottom").encode(
        x=alt.X("mid:Q", scale=alt.Scale(domain=[first, last + 1], zero=False)), y="y:Q", text="label:N"
    )


# ------------------------------------------------------------------ introduction


def overview_chart(regional: pd.DataFrame, first: int | None = None, last: int | None = None) -> alt.LayerChart:
    """The three crises on one time line over Japan's net bilateral aid to the
    book's Latin American and East Asian recipients (current US$ bn).

    ``regional`` is :func:`analysis.integration.regional_aid` (Japan's rows are drawn).
    """
    _require(regional, "regional", ("donor", "year", "region", "net_oda_usd", "n_countries"))
    df = regional[regional["donor"] == "JPN"]
    df, first, last = _span(df, df["year"], first, last, "regional")
    df = df.assign(oda_bn=df["net_oda_usd"] / 1e9, year_mid=df["year"] + 0.5)
    top = float(df["oda_bn"].max()) * 1.12
    lines = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("year_mid:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(domain=[first, last + 1])),
            y=alt.Y("oda_bn:Q", title="Japan's net bilateral ODA, current US$ bn", scale=alt.Scale(domain=[0, top])),
            color=alt.Color("region:N", title="Recipients", scale=_region_scale(), sort=_REGIONS),
            tooltip=["region", "year", alt.Tooltip("oda_bn:Q", format=".2f", title="US$ bn"),
                     alt.Tooltip("n_countries:Q", title="recipients")],
        ))
    chart = alt.layer(_crisis_bands(first, last), lines, _crisis_labels(first, last, y=top * 0.98))
    return _bottom_legend(chart.properties(
        width=520,
        height=300,
        description=(
            f"Line chart, {first}-{last}: Japan's net bilateral aid to the book's twenty Latin American "
            "recipients and to its six East Asian recipients, in billions of current US dollars, with grey "
            "bands marking the Latin American debt crisis (1982-91), the Mexican peso crisis (1994-95) and "
            "the Asian financial crisis (1997-98). Aid to East Asia exceeds aid to Latin America in every year."
        ),
    ))


# ------------------------------------------------------------------ chapter 2: size and balance


def gdp_chart(macro: pd.DataFrame, first: int | None = None, last: int | None = None) -> alt.HConcatChart:
    """GDP of Japan and the US (US$ trn) and Japan's GDP as a per cent of US GDP.

    ``macro`` is :func:`analysis.integration.macro_comparison`.
    """
    _require(macro, "macro", ("iso3", "creditor", "year", "gdp_usd"))
    macro, first, last = _span(macro, macro["year"], first, last, "macro")
    df = macro.assign(gdp_trn=lambda d: d["gdp_usd"] / 1e12)
    ratio = integration.gdp_ratio_of(macro).reset_index()
    left = (
        alt.Chart(df)
        .mark_line()
        .encode(
            x=_YEAR,
            y=alt.Y("gdp_trn:Q", title="GDP, current US$ trillion"),
            color=alt.Color("creditor:N", title=None, scale=charts.actor_scale(_ACTORS)),
            tooltip=["creditor", "year", alt.Tooltip("gdp_trn:Q", format=".2f")],
        )
        .properties(width=230, height=220, title="GDP")
    )
    right = (
        alt.Chart(ratio)
        .mark_line(color=charts.PALETTE["Japan"])
        .encode(
            x=_YEAR,
            y=alt.Y("jpn_pct_of_usa:Q", title="Japan's GDP, % of US GDP"),
            tooltip=["year", alt.Tooltip("jpn_pct_of_usa:Q", format=".1f")],
        )
        .properties(width=230, height=220, title="Japan relative to the US")
    )
    return _bottom_legend(alt.hconcat(left, right).properties(
        description=(
            f"Two line charts, {first}-{last}. Left: GDP of Japan and of the United States in trillions of "
            "current US dollars. Right: Japan's GDP as a percentage of US GDP, which rises from the 1970s to a "
            "peak in the mid-1990s and falls back afterwards."
        ))
    )


def _creditor_balance_chart(df: pd.DataFrame, *, field: str, title: str, tooltip: list,
                            height: int, description: str) -> alt.LayerChart:
    """Japan's and the US's lines of ``field`` over a zero rule (balances that change sign)."""
    lines = (
        alt.Chart(df)
        .mark_line()
        .encode(
            x=_YEAR,
            y=alt.Y(f"{field}:Q", title=title),
            color=alt.Color("creditor:N", title=None, scale=charts.actor_scale(_ACTORS)),
            tooltip=["creditor", "year", *tooltip],
        ))
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#525252").encode(y="y:Q")
    return _bottom_legend(alt.layer(zero, lines).properties(width=520, height=height, description=description))


def current_account_chart(macro: pd.DataFrame, first: int | None = None,
                          last: int | None = None) -> alt.LayerChart:
    """Current-account balances of Japan and the US, per cent of GDP (EWN).

    ``macro`` is :func:`analysis.integration.macro_comparison`.
    """
    _require(macro, "macro", ("creditor", "year", "ca_pct_gdp", "current_account_musd"))
    macro, first, last = _span(macro, macro["year"], first, last, "macro")
    df = macro.dropna(subset=["ca_pct_gdp"])
    return _creditor_balance_chart(
        df, field="ca_pct_gdp", title="Current account, % of GDP", height=260,
        tooltip=[alt.Tooltip("ca_pct_gdp:Q", format=".2f"),
                 alt.Tooltip("current_account_musd:Q", format=",.0f", title="US$ m")],
        description=(
            f"Line chart, {first}-{last}: current-account balance of Japan and of the United States as a "
            "percentage of GDP. Japan runs surpluses in most years from the early 1980s; the United States "
            "runs deficits, deepest in the mid-1980s and again from the late 1990s."
        ),
    )


def net_iip_chart(macro: pd.DataFrame, first: int | None = None, last: int | None = None) -> alt.LayerChart:
    """Net international investment position of Japan and the US (US$ bn, EWN).

    ``macro`` is :func:`analysis.integration.macro_comparison`.
    """
    _require(macro, "macro", ("creditor", "year", "net_iip_musd", "net_iip_pct_gdp"))
    macro, first, last = _span(macro, macro["year"], first, last, "macro")
    df = macro.dropna(subset=["net_iip_musd"])
    df = df.assign(net_iip_bn=df["net_iip_musd"] / 1e3)
    return _creditor_balance_chart(
        df, field="net_iip_bn", title="Net foreign assets, current US$ bn", height=280,
        tooltip=[alt.Tooltip("net_iip_bn:Q", format=",.0f"),
                 alt.Tooltip("net_iip_pct_gdp:Q", format=".1f", title="% of GDP")],
        description=(
            f"Line chart, {first}-{last}: net international investment position (external assets minus "
            "liabilities, excluding gold) of Japan and of the United States in billions of current US dollars. "
            "Japan's position grows steadily positive; the US position turns negative in the late 1980s "
            "and falls steeply after the late 1990s."
        ),
    )


# ------------------------------------------------------------------ chapter 2: banks


def bank_location_chart(shares: pd.DataFrame, first: int | None = None, last: int | None = None) -> alt.LayerChart:
    """Shares of the banks located in Japan and in the US in the cross-border
    claims of all BIS reporting banks (residence basis), with a rule at 1983,
    when the offshore centres joined the reporting area.

    ``shares`` is :func:`analysis.integration.bank_location_shares`.
    """
    _require(shares, "shares", ("year", "japan_pct", "us_pct", "japan_musd", "us_musd", "n_reporters"))
    df, first, last = _span(shares, shares["year"], first, last, "shares")
    long = pd.concat([
        df.assign(creditor="Japan", pct=df["japan_pct"], bn=df["japan_musd"] / 1e3),
        df.assign(creditor="United States", pct=df["us_pct"], bn=df["us_musd"] / 1e3),
    ], ignore_index=True)[["creditor", "year", "pct", "bn", "n_reporters"]]
    lines = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(domain=[first, last])),
            y=alt.Y("pct:Q", title="Share of all reporting banks' cross-border claims, %"),
            color=alt.Color("creditor:N", title="Banks located in", scale=charts.actor_scale(_ACTORS)),
            tooltip=["creditor", "year", alt.Tooltip("pct:Q", format=".1f", title="%"),
                     alt.Tooltip("bn:Q", format=",.0f", title="US$ bn"),
                     alt.Tooltip("n_reporters:Q", title="reporting countries")],
        ))
    # the rule layer shares the year scale: give it the same domain, or the layered scale would start at zero
    rule = alt.Chart(pd.DataFrame({"year": [1983]})).mark_rule(color="#969696", strokeDash=[4, 3]).encode(
        x=alt.X("year:Q", scale=alt.Scale(domain=[first, last])))
    return _bottom_legend(alt.layer(rule, lines).properties(
        width=520,
        height=260,
        description=(
            f"Line chart, {first}-{last}: the percentage share of the banks located in Japan and of those "
            "located in the United States in the cross-border claims of all banks reporting to the BIS "
            "(locational statistics, by residence). A dashed rule marks 1983, when offshore centres joined "
            "the reporting countries. The share of the banks in Japan rises from a few per cent in the late "
            "1970s to a peak in the late 1980s, above the US share from 1987, and declines in the 1990s."
        ),
    ))


# ------------------------------------------------------------------ chapter 2: aid


def aid_volume_chart(aid: pd.DataFrame, first: int | None = None, last: int | None = None) -> alt.HConcatChart:
    """Total ODA given by Japan and the US: volumes at constant prices (two
    Gapminder vintages, not spliced) and per cent of GNI.

    ``aid`` is :func:`analysis.integration.aid_volumes`.
    """
    _require(aid, "aid", ("creditor", "year", "measure", "value"))
    df, first, last = _span(aid, aid["year"], first, last, "aid")
    vol = df[df["measure"] != "% of GNI"].assign(
        series=lambda d: d["measure"].map({
            "constant 2023 US$ bn": "2023 prices (2026 vintage)",
            "constant 2007 US$ bn": "2007 prices (2016 vintage)",
        })
    )
    dash = alt.Scale(domain=["2023 prices (2026 vintage)", "2007 prices (2016 vintage)"],
                     range=[[1, 0], [4, 3]])
    left = (
        alt.Chart(vol)
        .mark_line()
        .encode(
            x=_YEAR,
            y=alt.Y("value:Q", title="Total net ODA, US$ bn at constant prices"),
            color=alt.Color("creditor:N", title=None, scale=charts.actor_scale(_ACTORS)),
            strokeDash=alt.StrokeDash("series:N", title="Price base", scale=dash),
            tooltip=["creditor", "series", "year", alt.Tooltip("value:Q", format=".2f")],
        )
        .properties(width=230, height=220)
    )
    right = (
        alt.Chart(df[df["measure"] == "% of GNI"])
        .mark_line()
        .encode(
            x=_YEAR,
            y=alt.Y("value:Q", title="Total net ODA, % of donor GNI"),
            color=alt.Color("creditor:N", title=None, scale=charts.actor_scale(_ACTORS)),
            tooltip=["creditor", "year", alt.Tooltip("value:Q", format=".2f")],
        )
        .properties(width=230, height=220)
    )
    return _bottom_legend(alt.hconcat(left, right).properties(
        description=(
            f"Two line charts, {first}-{last}. Left: total net official development assistance given by Japan "
            "and by the United States in billions of US dollars at constant prices, in two data vintages: "
            "2023 prices (solid) and 2007 prices (dashed). In 2023 prices US aid is larger in almost every "
            "year; in 2007 prices Japan's is larger through most of the 1980s and 1990s. Right: the same aid "
            "as a percentage of each donor's gross national income, where Japan's ratio lies above the US "
            "ratio from the late 1970s."
        ))
    )


def regional_aid_chart(regional: pd.DataFrame, first: int | None = None,
                       last: int | None = None) -> alt.HConcatChart:
    """Net bilateral ODA of Japan and of the US to the book's Latin American and
    East Asian recipients, one panel per donor, crisis years shaded.

    ``regional`` is :func:`analysis.integration.regional_aid` for both donors.
    """
    _require(regional, "regional", ("creditor", "year", "region", "net_oda_usd", "n_countries"))
    df, first, last = _span(regional, regional["year"], first, last, "regional")
    df = df.assign(oda_bn=df["net_oda_usd"] / 1e9, year_mid=df["year"] + 0.5)
    lo, hi = min(0.0, float(df["oda_bn"].min())), float(df["oda_bn"].max()) * 1.05
    panels = []
    for creditor in _ACTORS:
        lines = (
            alt.Chart(df[df["creditor"] == creditor])
            .mark_line(point=True)
            .encode(
                x=alt.X("year_mid:Q", title=None, axis=alt.Axis(format="d"),
                        scale=alt.Scale(domain=[first, last + 1])),
                y=alt.Y("oda_bn:Q", title="Net bilateral ODA, current US$ bn", scale=alt.Scale(domain=[lo, hi])),
                color=alt.Color("region:N", title="Recipients", scale=_region_scale(), sort=_REGIONS),
                tooltip=["creditor", "region", "year", alt.Tooltip("oda_bn:Q", format=".2f"),
                         alt.Tooltip("n_countries:Q", title="recipients with a value")],
            )
        )
        panels.append(
            alt.layer(_crisis_bands(first, last), lines).properties(width=230, height=220, title=creditor)
        )
    return _bottom_legend(alt.hconcat(*panels).properties(
        description=(
            f"Two line charts, {first}-{last}: net bilateral aid of Japan (left) and of the United States "
            "(right) to the book's twenty Latin American and six East Asian recipients, in billions of "
            "current US dollars on a common scale, with the crisis years shaded. Japan gives far more to East "
            "Asia; the United States gives more to Latin America."
        ))
    )


def latin_share_chart(share: pd.DataFrame, first: int | None = None, last: int | None = None) -> alt.LayerChart:
    """Latin America's share of Japan's net bilateral aid to the 26 recipients.

    ``share`` is :func:`analysis.integration.latin_share` of
    :func:`analysis.integration.regional_aid` (Japan's rows are drawn).
    """
    _require(share, "share", ("donor", "year", "latin_share_pct"))
    share = share[share["donor"] == "JPN"].reset_index(drop=True)
    share, first, last = _span(share, share["year"], first, last, "share")
    line = (
        alt.Chart(share)
        .mark_line(point=True, color=charts.PALETTE["Latin America"])
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("latin_share_pct:Q", title="Latin America's share, %"),
            tooltip=["year", alt.Tooltip("latin_share_pct:Q", format=".1f")],
        ))
    return _bottom_legend(alt.layer(_crisis_bands(first, last), line).properties(
        width=520,
        height=220,
        description=(
            f"Line chart, {first}-{last}: the Latin American recipients' percentage share of Japan's net "
            "bilateral aid to the book's 26 recipients, with the crisis years shaded."
        ),
    ))


# ------------------------------------------------------------------ chapter 2: trade


def trade_chart(links: pd.DataFrame, first: int | None = None, last: int | None = None) -> alt.FacetChart:
    """Trade of the US (goods, Census) and of Japan (manufacturing, gravity)
    with the book's recipients in each region, one panel per creditor.

    ``links`` is :func:`analysis.integration.trade_links`.
    """
    _require(links, "links", ("creditor", "region", "year", "trade_bn", "measure", "n_countries"))
    df, first, last = _span(links, links["year"], first, last, "links")
    panels = {"United States": "United States: goods trade (Census)",
              "Japan": "Japan: manufacturing trade (gravity panel)"}
    df = df.assign(panel=df["creditor"].map(panels))
    chart = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(domain=[first, last])),
            y=alt.Y("trade_bn:Q", title="Exports plus imports, current US$ bn"),
            color=alt.Color("region:N", title="Partners", scale=_region_scale(), sort=_REGIONS),
            tooltip=["creditor", "measure", "region", "year", alt.Tooltip("trade_bn:Q", format=".1f"),
                     alt.Tooltip("n_countries:Q", title="partners covered")],
        )
        .properties(width=230, height=220)
        .facet(column=alt.Column("panel:N", title=None, sort=[panels["Japan"], panels["United States"]]),
               spacing=30)
        .resolve_scale(y="independent")
        .properties(
            description=(
                f"Two line charts, {first}-{last}. Left: Japan's manufacturing trade (exports plus imports, "
                "gravity panel, from 1986) with the book's Latin American recipients that the panel covers and "
                "with the six East Asian recipients. Right: US goods trade (Census) with the same two groups. "
                "Billions of current US dollars; the two panels measure different things and have their own "
                "scales."
            )
        )
    )
    return _bottom_legend(chart)


def us_japan_trade_chart(us_japan: pd.DataFrame, first: int | None = None,
                         last: int | None = None) -> alt.LayerChart:
    """US goods exports to and imports from Japan, and the bilateral balance.

    ``us_japan`` is :func:`analysis.integration.us_japan_trade`.
    """
    _require(us_japan, "us_japan", ("year", "us_exports_musd", "us_imports_musd", "us_balance_musd"))
    df, first, last = _span(us_japan, us_japan["year"], first, last, "us_japan")
    long = df.melt(id_vars="year", value_vars=["us_exports_musd", "us_imports_musd", "us_balance_musd"],
                   var_name="flow", value_name="musd")
    names = {"us_exports_musd": "US exports to Japan", "us_imports_musd": "US imports from Japan",
             "us_balance_musd": "US balance with Japan"}
    long = long.assign(flow=long["flow"].map(names), bn=long["musd"] / 1e3)
    order = list(names.values())
    scale = alt.Scale(domain=order, range=[charts.PALETTE["United States"], charts.PALETTE["Japan"], "#525252"])
    lines = (
        alt.Chart(long)
        .mark_line()
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("bn:Q", title="Current US$ bn"),
            color=alt.Color("flow:N", title=None, scale=scale, sort=order),
            strokeDash=alt.condition(alt.datum.flow == "US balance with Japan", alt.value([5, 3]), alt.value([1, 0])),
            tooltip=["flow", "year", alt.Tooltip("bn:Q", format=".1f")],
        ))
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#969696").encode(y="y:Q")
    return _bottom_legend(alt.layer(zero, lines).properties(
        width=520,
        height=260,
        description=(
            f"Line chart, {first}-{last}: US goods exports to Japan, US imports from Japan and the US "
            "bilateral balance (dashed, negative throughout), in billions of current US dollars."
        ),
    ))


# ------------------------------------------------------------------ chapter 2: the yen


def yen_chart(monthly: pd.DataFrame, first: int | None = None, last: int | None = None) -> alt.LayerChart:
    """Monthly yen per US dollar (H.10), crisis years shaded.

    ``monthly`` is :func:`analysis.integration.yen_dollar` ``("monthly", ...)``.
    """
    _require(monthly, "monthly", ("date", "yen_per_usd"))
    df, first, last = _span(monthly, monthly["date"].dt.year, first, last, "monthly")
    df = df.assign(year_frac=df["date"].dt.year + (df["date"].dt.month - 0.5) / 12)
    line = (
        alt.Chart(df)
        .mark_line(color=charts.PALETTE["Japan"])
        .encode(
            x=alt.X("year_frac:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(domain=[first, last + 1])),
            y=alt.Y("yen_per_usd:Q", title="Yen per US dollar (higher = weaker yen)"),
            tooltip=[alt.Tooltip("date:T", format="%b %Y"), alt.Tooltip("yen_per_usd:Q", format=".1f")],
        ))
    return _bottom_legend(alt.layer(_crisis_bands(first, last), line).properties(
        width=520,
        height=260,
        description=(
            f"Line chart, {first}-{last}: monthly average yen per US dollar, with the three crisis periods "
            "shaded. The yen strengthens in steps from about 360 to the dollar in 1971, most steeply after "
            "1985, to its strongest point in spring 1995, then weakens until 1998."
        ),
    ))


# ------------------------------------------------------------------ tables


def snapshot_table(macro: pd.DataFrame, aid: pd.DataFrame,
                   years: tuple[int, ...] = (1980, 1985, 1990, 1995, 2000)) -> pd.DataFrame:
    """Japan and the US in selected years: GDP, current account, net foreign
    assets, aid, in the units named in the column headers.

    ``macro`` is :func:`analysis.integration.macro_comparison` and ``aid``
    :func:`analysis.integration.aid_volumes`, each covering ``years``.
    """
    if not years:
        raise ParameterError("parameter 'years' is empty; give at least one year")
    _require(macro, "macro", ("creditor", "year", "gdp_usd", "gdp_share_world", "ca_pct_gdp", "net_iip_musd",
                              "net_iip_pct_gdp"))
    _require(aid, "aid", ("creditor", "year", "measure", "value"))
    m = macro[macro["year"].between(min(years), max(years))]
    aid = aid[aid["year"].between(min(years), max(years))]
    aid = aid[aid["measure"] == "% of GNI"].rename(columns={"value": "oda_pct_gni"})[["creditor", "year", "oda_pct_gni"]]
    df = m.merge(aid, on=["creditor", "year"], how="left")
    df = df[df["year"].isin(years)]
    out = pd.DataFrame(
        {
            "Country": df["creditor"],
            "Year": df["year"].astype(str),
            "GDP, US$ bn": df["gdp_usd"] / 1e9,
            "World GDP share, %": df["gdp_share_world"],
            "Current account, % of GDP": df["ca_pct_gdp"],
            "Net foreign assets, US$ bn": df["net_iip_musd"] / 1e3,
            "Net foreign assets, % of GDP": df["net_iip_pct_gdp"],
            "ODA, % of GNI": df["oda_pct_gni"].map(lambda v: "–" if pd.isna(v) else f"{v:.2f}"),
        }
    )
    return out.sort_values(["Country", "Year"]).reset_index(drop=True)


def trade_share_table(us_trade: pd.DataFrame, gravity_trade: pd.DataFrame,
                      years: tuple[int, ...] = (1987, 1990, 1995, 2000)) -> pd.DataFrame:
    """The two regions' per cent of each creditor's trade in selected years:
    the US (goods, share of its world trade) and Japan (manufacturing, share
    of its trade with the panel's 68 partners).

    ``us_trade`` is :func:`analysis.integration.us_regional_trade` and
    ``gravity_trade`` :func:`analysis.integration.gravity_regional_trade`.
    A year a frame does not cover is missing in the table.
    """
    if not years:
        raise ParameterError("parameter 'years' is empty; give at least one year")
    _require(us_trade, "us_trade", ("year", "region", "pct_of_us_trade"))
    _require(gravity_trade, "gravity_trade", ("reporter", "year", "region", "pct_of_panel_trade"))
    us = us_trade
    jp = gravity_trade[gravity_trade["reporter"] == "JPN"]
    rows = []
    for y in years:
        row: dict[str, str | float] = {"Year": str(y)}
        for region in _REGIONS:
            u = us[(us["year"] == y) & (us["region"] == region)]["pct_of_us_trade"]
            j = jp[(jp["year"] == y) & (jp["region"] == region)]["pct_of_panel_trade"]
            row[f"US: {region}, % of goods trade"] = float(u.iloc[0]) if len(u) else float("nan")
            row[f"Japan: {region}, % of manufacturing trade"] = float(j.iloc[0]) if len(j) else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


def engagement_overview(summary: pd.DataFrame) -> pd.DataFrame:
    """Japan's coded engagement per crisis (mean code over the coded phases,
    0 = low to 2 = high), from :func:`analysis.coding.engagement_summary`
    (``summary``)."""
    from analysis import coding

    _require(summary, "summary", ("crisis_label", "phases",
                                  *(f"{d}{s}" for d in coding.DIMENSIONS for s in ("", "_label"))))
    s = summary
    out = pd.DataFrame({"Crisis": s["crisis_label"], "Acute phases": s["phases"].astype(str)})
    for dim in coding.DIMENSIONS:
        out[dim.capitalize()] = [f"{lab} ({val:.2f})" for lab, val in zip(s[f"{dim}_label"], s[dim])]
    return out
