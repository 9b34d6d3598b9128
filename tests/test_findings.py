"""The findings ledger: its rows rest on the inference standard, its words
render the book's verdict sentences, and every chapter agrees with it."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import allocation as al
from analysis import findings, inference, models, panel, retest
from analysis.countries import LATIN_AMERICA
from analysis.errors import ParameterError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def led() -> pd.DataFrame:
    return findings.ledger()


def test_every_body_of_evidence_has_rows_and_keys_are_unique(led):
    assert list(dict.fromkeys(led["evidence"])) == list(findings.EVIDENCE)
    assert led["key"].is_unique
    assert set(led["verdict"]) <= set(findings.VERDICT_WORDS)
    reg = led[led["evidence"].str.endswith(("regression", "difference"))]
    assert set(reg["verdict"]) <= set(inference.VERDICTS)
    qual = led[led["evidence"].isin(["latin_comparison", "asia_coding"])]
    assert set(qual["verdict"]) <= set(findings.QUALITATIVE)


def test_latin_rows_are_the_bootstrap_on_chapter_3s_headline(led):
    df = panel.build_panel(LATIN_AMERICA, *findings.LATIN_WINDOW)
    head = models.fit(df, findings.LATIN_DEPENDENT, al.CORE, estimator="pcse", time_effects=True)
    r = findings.row(findings.LATIN_SHORT["bank"], table=led)
    assert r["estimate"] == inference.round_sig(float(head.params[al.H1_EXPOSURE]))
    assert r["nobs"] == head.nobs and r["n_clusters"] == head.n_entities
    direct = inference.wild_cluster_test(df, findings.LATIN_DEPENDENT, al.CORE, al.H1_EXPOSURE)
    assert r["p_wild"] == direct.p_value
    assert r["ci_low"] <= r["estimate"] <= r["ci_high"]


def test_verdicts_follow_the_classification_rule(led):
    reg = led[led["expected_sign"] != 0]
    for _, r in reg.iterrows():
        assert r["verdict"] == inference.classify(r["estimate"], r["ci_low"], r["ci_high"], r["p_wild"],
                                                  expected_sign=int(r["expected_sign"]),
                                                  smallest_effect=r["smallest_effect"]), r["key"]


def test_asia_and_pooled_rows_use_chapter_8s_specification(led):
    p = retest.region_panel("East Asia")
    r = findings.row(findings.ASIA_SHORT["bank"], table=led)
    f = models.fit(p, retest.DEPENDENT, retest.regressors(), estimator="pcse")
    assert r["estimate"] == inference.round_sig(float(f.params[al.H1_EXPOSURE]))
    d = findings.row(findings.ASIA_SHORT["diff"], table=led)
    pf = retest.pooled_fit()
    assert d["estimate"] == inference.round_sig(float(pf.params[d["measure"]]))


def test_changing_a_verdict_changes_the_rendered_sentence(led):
    key = findings.LATIN_SHORT["bank"]
    before_phrase, before_summary = findings.phrase(key, table=led), findings.summary("latin_regression", table=led)
    changed = led.copy()
    new = "supported" if led.loc[led["key"] == key, "verdict"].iloc[0] != "supported" else "contradicted"
    changed.loc[changed["key"] == key, "verdict"] = new
    assert findings.verdict(key, table=changed) == new
    assert findings.phrase(key, table=changed) != before_phrase
    assert findings.phrase(key, table=changed).startswith(new)
    assert findings.summary("latin_regression", table=changed) != before_summary


def test_summary_counts_and_any_supported():
    t = pd.DataFrame({"evidence": ["latin_regression"] * 3, "key": ["a", "b", "c"],
                      "verdict": ["supported", "inconclusive", "informative null"]})
    assert findings.counts("latin_regression", table=t)["supported"] == 1
    assert findings.summary("latin_regression", table=t).startswith("1 of 3 estimates are decided")
    assert findings.any_supported(table=t)
    assert not findings.any_supported(table=t.assign(verdict="inconclusive"))


def test_pcse_only_lists_rows_significant_only_under_pcse():
    t = pd.DataFrame({"key": ["a", "b", "c"], "p_pcse": [0.01, 0.01, 0.5], "p_wild": [0.3, 0.01, 0.6]})
    assert findings.pcse_only(table=t) == ["a"]


def test_bad_keys_and_parameters_are_named():
    with pytest.raises(ParameterError, match="'key'"):
        findings.row("no-such-row")
    with pytest.raises(ParameterError, match="'evidence'"):
        findings.counts("tea_leaves")
    with pytest.raises(ParameterError, match="'dependent'"):
        findings.latin_regression(1978, 1994, "gdp")


def test_fmt_gives_significant_digits_and_a_true_minus():
    assert findings.fmt(-13.64) == "−13.6"
    assert findings.fmt(0.02695) == "0.027"
    assert findings.fmt(float("nan")) == "not estimable"


def test_latin_rows_for_default_parameters_are_the_ledgers(led):
    rows = findings.latin_rows()
    pd.testing.assert_frame_equal(rows, led[led["evidence"] == "latin_regression"].reset_index(drop=True))


# --------------------------------------------------------------------------- the chapters agree with the ledger
def _glued(nb_path: Path) -> dict[str, str]:
    """Text of every glued value in a stored notebook."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    out = {}
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            key = o.get("metadata", {}).get("scrapbook", {}).get("name")
            plain = [v for m, v in o.get("data", {}).items() if m.endswith("text/plain")]
            if key and plain:
                out[key] = "".join(plain[0]).strip("'\"")
    return out


CHAPTERS_WITH_VERDICTS = ["00_introduction", "03_regression", "08_asian_crisis", "09_conclusion"]


@pytest.mark.parametrize("chapter", CHAPTERS_WITH_VERDICTS)
def test_every_chapter_states_the_ledgers_verdicts(chapter, led):
    glued = _glued(ROOT / "chapters" / f"{chapter}.ipynb")
    verdict_keys = {k: v for k, v in glued.items() if k.startswith("ledger_v_")}
    assert verdict_keys, f"{chapter} glues no ledger verdict"
    shorts = {**{f"ledger_v_latin_{s}": k for s, k in findings.LATIN_SHORT.items()},
              **{f"ledger_v_asia_{s}": k for s, k in findings.ASIA_SHORT.items()}}
    for gk, text in verdict_keys.items():
        if gk in shorts:
            assert text == findings.verdict(shorts[gk], table=led), (chapter, gk)
        elif gk.startswith("ledger_v_summary_"):
            assert text == findings.summary(gk.removeprefix("ledger_v_summary_"), table=led), (chapter, gk)
        elif gk.startswith("ledger_v_expect_"):
            assert text == findings.expectation_summary(gk.removeprefix("ledger_v_expect_"), table=led), (chapter, gk)
        else:
            raise AssertionError(f"{chapter}: glue key {gk!r} is not a ledger verdict key")


HYPOTHESIS_NAME = r"(?:H1|H2|hypothes[ie]s|triangle|mercantilis\w*|bank exposure|debt burden|US aid)"
VERDICT_WORD = r"(?:weakly supported|not supported|supported|contradicted|informative null|inconclusive|confirm(?:s|ed)?)"
TYPED = re.compile(rf"{HYPOTHESIS_NAME}[^.{{}}]{{0,60}}\b(?:is|are|was|were)\s+(?:\w+\s+)?{VERDICT_WORD}\b"
                   rf"|\b{VERDICT_WORD}\s+(?:for|on)\s+(?:the\s+)?{HYPOTHESIS_NAME}", re.I)


def test_typed_verdict_detector_can_fail():
    assert TYPED.search("Here H1 is supported by the data.")
    assert TYPED.search("the triangle was clearly contradicted")
    assert TYPED.search("support for H1")  is None
    assert not TYPED.search("H1 is {glue:text}`ledger_v_latin_bank`.")


def test_no_notebook_types_a_verdict_next_to_a_hypothesis():
    bad = []
    for nb_path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "markdown":
                for m in TYPED.finditer("".join(cell["source"])):
                    bad.append(f"{nb_path.name} cell {i}: {m.group(0)!r}")
    for md in sorted((ROOT / "chapters").glob("*.md")):
        for m in TYPED.finditer(md.read_text(encoding="utf-8")):
            bad.append(f"{md.name}: {m.group(0)!r}")
    assert not bad, "verdicts typed in the prose instead of rendered from the ledger:\n" + "\n".join(bad)


def test_multiple_testing_against_a_hand_holm():
    t = pd.DataFrame({"evidence": ["latin_regression"] * 4, "p_wild": [0.01, 0.04, 0.03, 0.5]})
    m = findings.multiple_testing(("latin_regression",), table=t)
    # Holm: sorted 0.01, 0.03, 0.04, 0.5 -> 0.04, 0.09, 0.09 (monotone), 0.5
    assert m["n_tests"] == 4 and m["expected_false_positives"] == pytest.approx(0.2)
    assert m["n_significant"] == 3 and m["min_p_holm"] == pytest.approx(0.04)
    assert m["n_significant_holm"] == 1
    with pytest.raises(ParameterError, match="'evidence'"):
        findings.multiple_testing(("latin_comparison",), table=t.assign(evidence="latin_comparison",
                                                                        p_wild=float("nan")))


def test_expectation_summary_counts_the_checks_inside_the_expectations(led):
    """Derived from the qualitative checks themselves: an expectation per hypothesis, a check per
    row, and a check resting on unverified figures does not count as met."""
    from analysis import asia

    q = asia.qualitative_checks()
    hyp = q["hypothesis"].str.split(r" \(").str[0].str.replace(r"^(H\d):.*", r"\1", regex=True)
    n_exp, n_checks = hyp.nunique(), len(q)
    met = int((q["met"] & q["data_verified"]).sum())
    text = findings.expectation_summary("asia_coding", table=led)
    assert text.startswith(f"{n_exp} expectations, tested by {n_checks} checks of which {met} were met: ")
    assert text.endswith(findings.summary("asia_coding", table=led).split(": ", 1)[1])
    with pytest.raises(ParameterError):
        findings.expectation_summary("asia_regression", table=led)
