"""Tables of the coding appendix: the coded phases of both creditors, the
agreement of the two independent codings, their disagreements and how each
was resolved, and the hypotheses' predictions against the final codes.

Each function takes the frames of :mod:`analysis.coding` and returns a table
for display; none loads data.
"""
from __future__ import annotations

import pandas as pd

#: Words for the ordinal codes (as :data:`analysis.coding.CODE_WORDS`).
CODE_WORDS = {0: "low", 1: "partial", 2: "high"}
#: Display names of the three dimensions.
DIMENSION_NAMES = {"active": "Active", "leadership": "Leadership", "cooperation": "Cooperation"}
CREDITOR_NAMES = {"JPN": "Japan", "USA": "United States"}


def _code(value: object) -> str:
    return f"{CODE_WORDS[int(value)]} ({int(value)})"  # type: ignore[call-overload]


def phases_table(codes: pd.DataFrame, *, crisis_labels: dict[str, str]) -> pd.DataFrame:
    """Both creditors' final codes side by side, one row per phase.

    Parameters
    ----------
    codes
        :func:`analysis.coding.load_engagement` with ``creditor=None``.
    crisis_labels
        Crisis id -> display name (:data:`analysis.facts.CRISES`).
    """
    rows = []
    for (crisis, _phase), g in codes.groupby(["crisis", "phase"], sort=False):
        g = g.set_index("creditor")
        first = g.iloc[0]
        row: dict[str, object] = {
            "Crisis": crisis_labels[crisis], "Phase": first["phase_label"],
            "Period": f"{first['start']:%b %Y} – {first['end']:%b %Y}",
            "Kind": first["kind"], "Months": str(int(first["months"])),
        }
        for who in ("JPN", "USA"):
            row[CREDITOR_NAMES[who]] = " / ".join(str(int(g.loc[who, d])) for d in DIMENSION_NAMES)
        rows.append(row)
    return pd.DataFrame(rows)


def reliability_table(reliability: pd.DataFrame) -> pd.DataFrame:
    """Agreement per dimension (:func:`analysis.coding.reliability`)."""
    return pd.DataFrame({
        "Dimension": reliability["dimension"].map(DIMENSION_NAMES),
        "Codes compared": reliability["units"].astype(int).astype(str),
        "Identical": reliability["agree"].astype(int).astype(str),
        "Agreement": (100 * reliability["agreement"]).map(lambda x: f"{x:.0f}%"),
        "Krippendorff's alpha (ordinal)": reliability["alpha"].map(lambda x: f"{x:.2f}"),
    })


def disagreements_table(disagreements: pd.DataFrame, *, phase_labels: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Each disagreement of the two codings and its resolution (:func:`analysis.coding.disagreements`)."""
    return pd.DataFrame({
        "Phase": [phase_labels[(c, p)] for c, p in zip(disagreements["crisis"], disagreements["phase"])],
        "Creditor": disagreements["creditor"].map(CREDITOR_NAMES),
        "Dimension": disagreements["dimension"].map(DIMENSION_NAMES),
        "First": disagreements["code_first"].map(_code),
        "Second": disagreements["code_second"].map(_code),
        "Resolved": disagreements["resolved"].map(_code),
        "Why": disagreements["reason"],
    })


def predictions_table(tests: pd.DataFrame, *, phase_labels: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Each prediction against Japan's final code (:func:`analysis.coding.prediction_tests`).

    A prediction resting on a stake that the chronology does not verify is
    marked with an asterisk.
    """
    return pd.DataFrame({
        "Phase": [phase_labels[(c, p)] for c, p in zip(tests["crisis"], tests["phase"])],
        "Hypothesis": tests["hypothesis"],
        "Dimension": tests["dimension"].map(DIMENSION_NAMES),
        "Predicted": [_code(v) + (" *" if u else "") for v, u in zip(tests["predicted"], tests["unverified_indicator"])],
        "Coded": tests["code"].map(_code),
        "Result": tests["result"],
        "Basis": tests["basis"],
    })


def scores_table(scores: pd.DataFrame) -> pd.DataFrame:
    """How often each hypothesis's predictions were met (:func:`analysis.coding.prediction_scores`)."""
    return pd.DataFrame({
        "Hypothesis": scores["hypothesis"],
        "Predictions": scores["predictions"].astype(int).astype(str),
        "Met": scores["met"].astype(int).astype(str),
        "Half met": scores["half_met"].astype(int).astype(str),
        "Missed": scores["missed"].astype(int).astype(str),
    })
