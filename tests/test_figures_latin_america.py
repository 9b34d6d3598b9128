"""Charts of chapters 5 and 6 (analysis.figures.latin_america): they take frames and only draw."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import latin_america as lam
from analysis.errors import ParameterError
from analysis.figures import latin_america as la


def test_every_chart_has_alt_text():
    charts = [la.timeline_chart(lam.timeline_frame("debt_1982_91"), "debt_1982_91"),
              la.timeline_chart(lam.timeline_frame("peso_1994_95"), "peso_1994_95"),
              la.bank_claims_chart(lam.bank_claims_frame()),
              la.debt_chart(lam.debt_frame(), measure="external_debt_musd"),
              la.debt_chart(lam.debt_frame(measure="debt_pct_gni"), measure="debt_pct_gni"),
              la.aid_chart(lam.aid_frame(), first=1975, last=1998),
              la.peso_daily_chart(lam.peso_daily_frame(), lam.event_marks()),
              la.peso_monthly_chart(lam.peso_monthly_frame()),
              la.package_chart(lam.package_frame("mexico_1995", official_only=True), "mexico_1995")]
    for c in charts:
        d = c.to_dict()
        assert len(d.get("description", "")) > 40


def test_alt_text_names_the_frames_years():
    d = la.bank_claims_chart(lam.bank_claims_frame(first=1977, last=1995)).to_dict()
    assert "1977 to 1995" in d["description"]
    assert "Mexico, Brazil, Argentina, Venezuela" in d["description"]


def test_charts_refuse_a_frame_of_the_wrong_kind():
    with pytest.raises(ParameterError, match="bank_claims_frame"):
        la.bank_claims_chart(pd.DataFrame({"year": [1990]}))
    with pytest.raises(ParameterError, match="empty"):
        la.peso_monthly_chart(pd.DataFrame({"date": [], "per_usd": []}))
    with pytest.raises(ParameterError, match="'measure'"):
        la.debt_chart(lam.debt_frame(), measure="gdp")
    with pytest.raises(ParameterError, match="'crisis'"):
        la.timeline_chart(lam.timeline_frame("debt_1982_91"), "asia")
    with pytest.raises(ParameterError, match="event_marks"):
        la.peso_daily_chart(lam.peso_daily_frame(), pd.DataFrame({"date": [pd.Timestamp("1995-01-01")]}))


def test_package_names_read_as_prose():
    assert la._package_name("mexico_1995") == "Mexico 1995"
    assert la._package_name("brazil_1987_bridge") == "Brazil 1987 Bridge"


def test_aid_chart_breaks_its_lines_at_missing_years():
    """The caption says gaps are years without a value: the chart must not join across them."""
    frame = pd.DataFrame({"donor": ["USA", "USA"], "donor_name": ["United States"] * 2, "iso3": ["ARG"] * 2,
                          "country": ["Argentina"] * 2, "year": [1980, 1983], "oda_musd": [1.0, 2.0]})
    g = la.with_gaps(frame, 1980, 1983)
    assert g["year"].tolist() == [1980, 1981, 1982, 1983]
    assert g["oda_musd"].isna().tolist() == [False, True, True, False]
    with pytest.raises(ParameterError, match="first"):
        la.with_gaps(frame, 1983, 1980)
    spec = la.aid_chart(lam.aid_frame(first=1975, last=1995), first=1975, last=1995).to_dict()
    assert spec["spec"]["mark"]["invalid"] == "break-paths-show-domains"
    rows = spec["datasets"][spec["data"]["name"]]
    us_ven = [r for r in rows if r["iso3"] == "VEN" and r["donor"] == "USA"]
    assert len(us_ven) == 21 and any(r["oda_musd"] is None for r in us_ven)  # US aid to Venezuela has gaps
