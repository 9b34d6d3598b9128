"""The published-studies fact table, its comparison with the book's estimates and its tables."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import published as pb
from analysis import tables
from analysis.errors import DataSchemaError, ParameterError


@pytest.fixture(scope="module")
def studies() -> pd.DataFrame:
    return pb.load()


def _one_row(**changes: str) -> pd.DataFrame:
    row = {c: "x" for c in pb.COLUMNS}
    row.update(study_id="pub-test1999", study_key="alesina2000", detail="abstract only",
               source_url="https://example.org/a", source_date="1999")
    for d in pb.DIMENSIONS:
        row[f"{d}_sign"], row[f"{d}_sig"] = "not reported", "not stated"
    row.update(changes)
    return pd.DataFrame([row])


def test_the_table_validates_and_names_real_bibliography_keys(studies):
    assert len(studies) >= 3
    assert studies["study_id"].is_unique
    assert "katada1997" in set(studies["study_key"])
    bib = (pb.ROOT / "references.bib").read_text(encoding="utf-8")
    for key in studies["study_key"]:
        assert "{" + key + "," in bib


def test_rows_seen_only_as_abstracts_record_only_the_abstract(studies):
    ab = studies[studies["detail"] == "abstract only"]
    assert not ab.empty
    assert set(ab["where"]) == {"abstract"}
    unseen = studies[studies["detail"] == "citation only"]
    for _, r in unseen.iterrows():  # nothing is recorded for a study that was not seen
        assert all(r[f"{d}_sign"] == "not reported" for d in pb.DIMENSIONS)


def test_katada_is_cited_to_her_introduction_without_estimated_pages(studies):
    """The extracted Introduction keeps one running head only, so no page of it
    may be given as read; the rows say "Introduction"."""
    import re

    k = studies[studies["study_key"] == "katada2001"]
    text = " ".join(k[["sample", "dependent", "estimator", "where"]].to_numpy().ravel())
    assert "Introduction" in text and not re.search(r"pp?\. \d", text)


@pytest.mark.parametrize("changes, column", [
    ({"need_sign": "positive"}, "need_sign"),
    ({"need_sign": "0", "need_sig": "yes"}, "need_sig"),
    ({"us_econ_sign": "partial", "us_econ_sig": "yes"}, "us_econ_sig"),
    ({"jp_econ_sign": "+", "jp_econ_sig": "no"}, "jp_econ_sig"),
    ({"study_key": "nosuchkey2000"}, "study_key"),
    ({"study_id": "Tuman 2001"}, "study_id"),
    ({"detail": "skimmed"}, "detail"),
    ({"source_url": "www.example.org"}, "source_url"),
    ({"source_date": "March 2001"}, "source_date"),
    ({"note": " "}, "note"),
])
def test_a_bad_row_is_refused_with_file_row_and_column(changes, column):
    with pytest.raises(DataSchemaError) as e:
        pb.validate(_one_row(**changes), path="bad.csv")
    msg = str(e.value)
    assert "bad.csv" in msg and "row 2" in msg and repr(column) in msg


def test_a_missing_column_and_a_repeated_id_are_refused():
    with pytest.raises(DataSchemaError, match="missing from the header"):
        pb.validate(_one_row().drop(columns=["us_econ_sig"]), path="bad.csv")
    with pytest.raises(DataSchemaError, match="row 3.*repeats row 2"):
        pb.validate(pd.concat([_one_row(), _one_row()], ignore_index=True), path="bad.csv")


def test_a_missing_or_broken_file_is_refused(tmp_path):
    from analysis.errors import DataFileMissingError

    with pytest.raises(DataFileMissingError):
        pb.load(path=tmp_path / "none.csv")
    bad = tmp_path / "broken.csv"
    _one_row(need_sign="maybe").to_csv(bad, index=False)
    with pytest.raises(DataSchemaError, match="need_sign"):
        pb.load(path=bad)


@pytest.mark.parametrize("sign, sig, book, p, expected", [
    ("+", "yes", 2.0, 0.01, "same sign, both significant"),
    ("-", "yes", -2.0, 0.01, "same sign, both significant"),
    ("+", "yes", -2.0, 0.01, "disagree"),      # opposite signs
    ("+", "yes", 2.0, 0.30, "disagree"),       # study finds an effect, the book none
    ("0", "no", 2.0, 0.30, "both null"),
    ("0", "no", 2.0, 0.01, "disagree"),        # book finds an effect, the study none
    ("+", "not stated", 2.0, 0.01, "not comparable"),
    ("partial", "not stated", 2.0, 0.01, "not comparable"),
    ("not reported", "not stated", 2.0, 0.01, "not comparable"),
    ("+", "yes", float("nan"), float("nan"), "not comparable"),
])
def test_agreement_rule(sign, sig, book, p, expected):
    assert pb.agreement(sign, sig, book, p) == expected


def test_agreement_refuses_bad_parameters():
    with pytest.raises(ParameterError, match="study_sign"):
        pb.agreement("positive", "yes", 1.0, 0.01)
    with pytest.raises(ParameterError, match="study_sig"):
        pb.agreement("+", "maybe", 1.0, 0.01)
    with pytest.raises(ParameterError, match="alpha"):
        pb.agreement("+", "yes", 1.0, 0.01, alpha=5)


def _book(oriented: dict[str, float], p: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame([{"dimension": d, "measure": d, "estimate": oriented[d], "p_wild": p[d],
                          "oriented": oriented[d], "key": ""} for d in pb.DIMENSIONS])


def test_comparison_puts_each_study_beside_the_book(studies):
    book = _book({d: 1.0 for d in pb.DIMENSIONS}, {"need": 0.01, "jp_econ": 0.5, "us_strategic": 0.5,
                                                     "us_econ": 0.01})
    comp = pb.comparison(studies, book)
    assert len(comp) == len(studies) * len(pb.DIMENSIONS)
    # recompute the expected words from the table itself, by the rule written out here
    for _, r in comp.iterrows():
        sig = book.set_index("dimension").loc[r["dimension"], "p_wild"] < 0.05
        if r["study_sign"] == "+" and r["study_sig"] == "yes":
            assert r["agreement"] == ("same sign, both significant" if sig else "disagree")
        elif r["study_sign"] == "0":
            assert r["agreement"] == ("disagree" if sig else "both null")
        else:
            assert r["agreement"] == "not comparable"
    counts = pb.agreement_counts(comp)
    assert sum(counts.values()) == len(comp)
    with pytest.raises(ParameterError, match="us_econ"):
        pb.comparison(studies, book[book["dimension"] != "us_econ"])


def test_book_estimates_are_the_ledger_rows_and_minus_the_income_coefficient():
    import statsmodels.formula.api as smf

    from analysis import allocation as al
    from analysis import findings, panel
    from analysis.countries import LATIN_AMERICA

    led = findings.latin_rows()
    b = pb.book_estimates(led).set_index("dimension")
    for dim in ("jp_econ", "us_strategic", "us_econ"):
        row = led[led["key"] == f"latin_regression:{pb.MEASURES[dim]}"].iloc[0]
        assert b.loc[dim, "estimate"] == pytest.approx(row["estimate"])
        assert b.loc[dim, "p_wild"] == pytest.approx(row["p_wild"])
    # need: the OLS coefficient of income per head in the core model with year effects, sign reversed
    df = panel.build_panel(LATIN_AMERICA, *findings.LATIN_WINDOW)
    d = df.dropna(subset=[findings.LATIN_DEPENDENT, *al.CORE])
    ols = smf.ols(f"{findings.LATIN_DEPENDENT} ~ {' + '.join(al.CORE)} + C(year)", data=d).fit()
    coef = float(ols.params[pb.MEASURES["need"]])
    assert b.loc["need", "oriented"] == pytest.approx(-coef, rel=1e-3)
    assert 0 <= b.loc["need", "p_wild"] <= 1


def test_tables_show_every_study_and_the_book_row(studies):
    book = _book({d: -1.5 for d in pb.DIMENSIONS}, {d: 0.2 for d in pb.DIMENSIONS})
    comp = pb.comparison(studies, book)
    labels = {s: f"Study {i}" for i, s in enumerate(studies["study_id"])}
    t = tables.published_table(studies, comp, book, labels=labels, dimensions=pb.DIMENSIONS)
    assert len(t) == len(studies) + 1
    assert list(t.columns) == ["Study", *pb.DIMENSIONS.values()]
    assert t.iloc[-1, 1] == "−1.50 (p = 0.20)"
    first = studies.iloc[0]
    cell = t.iloc[0, 1]
    assert cell.endswith(comp[(comp["study_id"] == first["study_id"]) & (comp["dimension"] == "need")]
                         ["agreement"].iloc[0])
    d = tables.published_design_table(studies, labels=labels)
    assert list(d["Years"]) == list(studies["years"])
    with pytest.raises(ParameterError, match="labels"):
        tables.published_table(studies, comp, book, labels={}, dimensions=pb.DIMENSIONS)
    with pytest.raises(ParameterError, match="labels"):
        tables.published_design_table(studies, labels={})
    assert np.all(t["Study"].str.len() > 0)
