"""Tests of the conclusion's synthesis table (analysis.synthesis)."""
from __future__ import annotations


import pytest

from analysis import asia, synthesis
from analysis.errors import ParameterError


@pytest.fixture(scope="module")
def long():
    return synthesis.synthesis_long()


def _v(long, key, crisis):
    return long[(long["key"] == key) & (long["crisis"] == crisis)]["value"].iloc[0]


def test_creditor_bank_actor_rule():
    assert synthesis.has_creditor_banks("Mexico; bank advisory committee; US Treasury")
    assert synthesis.has_creditor_banks("United States; other governments; banks")
    assert synthesis.has_creditor_banks("Korea; international bank creditors (New York)")
    assert not synthesis.has_creditor_banks("US Treasury and Fed; four Latin American central banks")
    assert not synthesis.has_creditor_banks("IMF; World Bank; Asian Development Bank")
    assert not synthesis.has_creditor_banks("Bank of Tokyo; Mitsubishi Bank")
    assert not synthesis.has_creditor_banks(None)


def test_cases():
    c = {x.crisis: x for x in synthesis.cases()}
    assert set(c) == {"debt_1982_91", "peso_1994_95", "asia_1997_98"}
    assert len(c["debt_1982_91"].debtors) == 20 and c["peso_1994_95"].debtors == ("MEX",)
    assert c["asia_1997_98"].debtors == asia.ASIA_FIVE


def test_bank_level_documented(long):
    # BIS SOURCE.md: claims on Mexico end-1994 76,882; Thailand 1996 99,274; Korea 109,150; Indonesia 57,849
    assert _v(long, "claims_bn", "peso_1994_95") == pytest.approx(76.882)
    assert _v(long, "claims_bn", "asia_1997_98") > (99274 + 109150 + 57849) / 1e3


def test_trade_ratio_matches_group_aggregation(long):
    t = asia.trade_by_group("gravity")
    t = t[(t["group"] == asia.ASIA) & (t["year"] == 1996)].set_index("creditor")["trade_musd"]
    assert _v(long, "jp_to_us_trade", "asia_1997_98") == pytest.approx(t["Japan"] / t["United States"])


def test_domestic_channels_documented(long):
    # Laeven-Valencia (SOURCE.md): Japan banking crisis 1997, US 1988 and 2007
    assert _v(long, "jpn_bank_crisis", "asia_1997_98") == 1.0
    assert _v(long, "jpn_bank_crisis", "debt_1982_91") == 0.0
    assert _v(long, "usa_bank_crisis", "debt_1982_91") == 1.0
    assert _v(long, "usa_bank_crisis", "peso_1994_95") == 0.0


def test_behaviour_is_mean_of_coded_phases(long):
    """Japan's final leadership codes of the acute phases, weighted by months (the codebook's rule)."""
    from analysis import coding

    df = coding.load_engagement()
    for crisis in ("debt_1982_91", "peso_1994_95", "asia_1997_98"):
        sub = df[(df["crisis"] == crisis) & (df["kind"] == "acute")]
        weighted = sum(int(c) * int(m) for c, m in zip(sub["leadership"], sub["months"])) / sum(sub["months"])
        assert _v(long, "leadership", crisis) == pytest.approx(weighted)


def test_table_shape_and_gaps(long):
    t = synthesis.synthesis_table(long=long)
    assert len(t) == len(synthesis.INDICATORS)
    assert list(t.columns) == ["Factor", "Indicator", *[c.label for c in synthesis.cases()], "Source"]
    assert set(t["Factor"]) == set(synthesis.FACTORS)
    kor = t[t["Indicator"].str.startswith("Korea")].iloc[0]
    assert kor["Debt crisis, 1982-91"] == "no public figure"
    assert t[t["Indicator"].str.startswith("Japan's banks")].iloc[0]["Asian crisis, 1997-98"] == "yes"


def test_value_lookup(long):
    assert synthesis.value("claims_bn", "peso_1994_95", long=long) == pytest.approx(76.882)
    with pytest.raises(ParameterError, match="no public source"):
        synthesis.value("largest_lender_share_kor", "debt_1982_91", long=long)
    with pytest.raises(ParameterError, match="key"):
        synthesis.value("gdp", "peso_1994_95", long=long)
    with pytest.raises(ParameterError, match="crisis"):
        synthesis.value("claims_bn", "euro_2010", long=long)


def test_format():
    assert synthesis._fmt(float("nan"), "%", 0) == "no public figure"
    assert synthesis._fmt(1.0, "yes/no", 0) == "yes"
    assert synthesis._fmt(-5.14, "%", 0) == "\u22125"
