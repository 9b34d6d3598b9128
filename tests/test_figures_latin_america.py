"""Charts and tables of chapters 4-6 (analysis.figures.latin_america)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import facts
from analysis.errors import ParameterError
from analysis.figures import latin_america as la
from analysis.loaders import aid


def test_every_chart_has_alt_text():
    charts = [la.timeline_chart("debt_1982_91"), la.timeline_chart("peso_1994_95"), la.bank_claims_chart(),
              la.debt_chart(), la.debt_chart(measure="debt_pct_gni"), la.aid_chart(), la.peso_daily_chart(),
              la.peso_monthly_chart(), la.package_chart("mexico_1995")]
    for c in charts:
        d = c.to_dict()
        assert len(d.get("description", "")) > 40


def test_bank_claims_frame_in_billions():
    f = la.bank_claims_frame().set_index(["iso3", "year"])["claims_bn"]
    assert f[("MEX", 1982)] == pytest.approx(59.441)  # SOURCE.md check value, US$ millions / 1000


def test_timeline_has_every_event_of_the_crisis():
    ev = facts.load("events")
    t = la.timeline_frame("peso_1994_95")
    assert len(t) == (ev["crisis"] == "peso_1994_95").sum()
    assert t["role"].notna().all()
    with pytest.raises(ParameterError, match="'crisis'"):
        la.timeline_frame("asia")


def test_aid_totals_by_hand():
    a = aid.bilateral_aid()
    sub = a[a["iso3"].isin(["MEX", "BRA"]) & a["year"].between(1986, 1991)]
    expected = sub[sub["donor"] == "JPN"]["net_oda_usd"].sum() / 6 / 1e6
    t = la.aid_totals(la.MAJOR_DEBTORS, (1986, 1991)).set_index("donor")
    assert t.loc["JPN", "mean_musd"] == pytest.approx(expected)
    assert t["debtors"].iloc[0] == "MEX, BRA"  # US aid to ARG and VEN has gaps in WDI
    with pytest.raises(ParameterError, match="both donors"):
        la.aid_totals(("VEN",), (1985, 1991))


def test_package_frame_only_verified_contributors():
    p = la.package_frame("mexico_1995")
    assert "JPN" not in set(p["contributor_code"])
    assert set(p["fact_id"]) >= {"pkg-mex95-esf", "pkg-mex95-imf", "pkg-mex95-bis"}
    assert p["amount"].is_monotonic_decreasing
    off = la.package_frame("mexico_1995", official_only=True)
    assert "private" not in set(off["contributor_type"])
    thai = la.package_frame("thailand_1997")
    assert "pkg-tha97-wb" not in set(thai["fact_id"])  # recalled, not verified
    with pytest.raises(ParameterError, match="'package'"):
        la.package_frame("argentina_2001")


def test_peso_frames():
    d = la.peso_daily_frame("1994-12-15", "1994-12-31")
    assert d["per_usd"].notna().all()
    assert pd.Timestamp("1994-12-26") not in set(d["date"])  # '.' in the source: no quote
    m = la.peso_monthly_frame("1994-11", "1995-03")
    assert m.set_index("date").loc[pd.Timestamp("1994-12-01"), "per_usd"] == pytest.approx(3.9748)
    with pytest.raises(ParameterError):
        la.peso_daily_frame("1980-01-01", "1980-02-01")
    with pytest.raises(ParameterError, match="not dated to the day"):
        la.peso_daily_chart(event_ids=("ev-1983-reschedulings",))


def test_debtors_table_and_bad_parameters():
    t = la.debtors_table()
    assert list(t["Debtor"]) == ["Mexico", "Brazil", "Argentina", "Venezuela"]
    assert t.loc[0, "Bank claims 1982"] == pytest.approx(59.441)
    with pytest.raises(ParameterError, match="'debtors'"):
        la.bank_claims_frame(("XXX",))
    with pytest.raises(ParameterError, match="first"):
        la.bank_claims_frame(first=1990, last=1980)
    with pytest.raises(ParameterError, match="'measure'"):
        la.debt_frame(measure="gdp")


def test_peso_weakest_depends_on_the_stated_window():
    """The acute crisis (Dec 1994 - Mar 1995) and 1995 as a whole have different
    weakest days; values typed from FRED DEXMXUS (9 March and 9 November 1995)."""
    acute = la.peso_weakest("1994-12-01", "1995-03-31")
    year = la.peso_weakest("1995-01-01", "1995-12-31")
    assert acute["date"] == pd.Timestamp("1995-03-09") and acute["per_usd"] == pytest.approx(7.60, abs=0.005)
    assert year["date"] == pd.Timestamp("1995-11-09") and year["per_usd"] == pytest.approx(8.05, abs=0.005)
    assert year["per_usd"] > acute["per_usd"] and acute["n_days"] > 60
    with pytest.raises(ParameterError):
        la.peso_weakest("1980-01-01", "1980-02-01")


def test_package_names_read_as_prose():
    from analysis.figures import latin_america as fl

    assert fl._package_name("mexico_1995") == "Mexico 1995"
    assert fl._package_name("brazil_1987_bridge") == "Brazil 1987 Bridge"


def test_aid_chart_breaks_its_lines_at_missing_years():
    """The caption says gaps are years without a value: the chart must not join across them."""
    frame = pd.DataFrame({"donor": ["USA", "USA"], "donor_name": ["United States"] * 2, "iso3": ["ARG"] * 2,
                          "country": ["Argentina"] * 2, "year": [1980, 1983], "oda_musd": [1.0, 2.0]})
    g = la.with_gaps(frame, 1980, 1983)
    assert g["year"].tolist() == [1980, 1981, 1982, 1983]
    assert g["oda_musd"].isna().tolist() == [False, True, True, False]
    spec = la.aid_chart(first=1975, last=1995).to_dict()
    assert spec["spec"]["mark"]["invalid"] == "break-paths-show-domains"
    rows = spec["datasets"][spec["data"]["name"]]
    us_ven = [r for r in rows if r["iso3"] == "VEN" and r["donor"] == "USA"]
    assert len(us_ven) == 21 and any(r["oda_musd"] is None for r in us_ven)  # US aid to Venezuela has gaps
