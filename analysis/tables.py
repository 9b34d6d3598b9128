"""Publication-style tables of regression results, written as MyST Markdown so
that one output serves the HTML book (a styled table) and the PDF (a
longtable that breaks across pages).

Public API
----------
:func:`regression_table`
    Several models side by side: coefficients with significance stars,
    standard errors in parentheses below, then rows for fixed effects, the
    standard-error type, the years, N, the number of countries and R².
:func:`compact_table`
    One row per specification, one column per hypothesis variable (estimate
    with stars) and N: for robustness checks.
:func:`verdict_table`
    The verdict per hypothesis (from :func:`analysis.models.verdicts`) in
    readable form.
:func:`show`
    Display a table's Markdown in a notebook.
:func:`fmt_coef`, :func:`stars`
    Formatting rules, exported for tests.

Stars: * p < 0.10, ** p < 0.05, *** p < 0.01. Negative numbers use the minus
sign (U+2212). A coefficient that was not estimated (variable not in the model
or without variation in its sample) is shown as an en dash.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.markdown import table_markdown
from analysis.errors import ParameterError
from analysis.models import Fit

#: Star thresholds, strictest first.
STAR_LEVELS = ((0.01, "***"), (0.05, "**"), (0.10, "*"))
STARS_NOTE = "* p < 0.10, ** p < 0.05, *** p < 0.01."
NOTE = "Standard errors in parentheses. " + STARS_NOTE
DASH = "–"


def stars(pvalue: float) -> str:
    """Significance stars for a p-value ('' if not significant at 10 per cent or missing)."""
    if pvalue is None or not np.isfinite(pvalue):
        return ""
    for level, mark in STAR_LEVELS:
        if pvalue < level:
            return mark
    return ""


def fmt_coef(value: float, *, digits: int | None = None) -> str:
    """Format a coefficient: three decimals below 0.1 in absolute value, else two
    (or ``digits``), with a true minus sign; missing -> en dash."""
    if value is None or not np.isfinite(value):
        return DASH
    if digits is None:
        digits = 3 if abs(value) < 0.1 else 2
    return f"{value:,.{digits}f}".replace("-", "\u2212")


def _label(var: str, labels: Mapping[str, str]) -> str:
    return labels.get(var, var)


def regression_table(fits: Sequence[Fit], *, variables: Sequence[str], labels: Mapping[str, str],
                     show_const: bool = False) -> pd.DataFrame:
    """Models side by side as a frame of strings (see :func:`show` for display).

    Parameters
    ----------
    fits
        The models, one column each, headed (1), (2), ... with the fit's label.
    variables
        Regressors to show, in order (those absent from every fit are skipped).
    labels
        Display names of the variables.
    show_const
        Whether to show the constant of pooled models.
    """
    if not fits:
        raise ParameterError("parameter 'fits' is empty: nothing to tabulate")
    cols = [f"({i}) {f.label}" for i, f in enumerate(fits, start=1)]
    rows: list[list[str]] = []
    names: list[str] = []
    shown = [v for v in variables if any(v in f.params.index for f in fits)]
    if show_const:
        shown.append("const")
    for v in shown:
        coef_row, se_row = [], []
        for f in fits:
            if v in f.params.index:
                coef_row.append(fmt_coef(float(f.params[v])) + stars(float(f.pvalues[v])))
                se_row.append(f"({fmt_coef(float(f.bse[v]))})")
            else:
                coef_row.append(DASH)
                se_row.append("")
        names += [_label(v, labels), ""]
        rows += [coef_row, se_row]
    footer = {
        "Country effects": ["Yes" if f.entity_effects else "No" for f in fits],
        "Year effects": ["Yes" if f.time_effects else "No" for f in fits],
        "Standard errors": [f.se_type for f in fits],
        "Years": [f"{f.first_year}–{f.last_year}" for f in fits],
        "Countries": [str(f.n_entities) for f in fits],
        "N": [f"{f.nobs:,}" for f in fits],
        "R²": [f"{f.r2:.2f}" + (" (within)" if f.r2_kind != "R²" else "") for f in fits],
    }
    for k, vals in footer.items():
        names.append(k)
        rows.append(vals)
    out = pd.DataFrame(rows, columns=cols)
    out.insert(0, " ", names)
    return out


def compact_table(entries: Sequence[tuple[str, str, Fit]], *, columns: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """One row per specification: estimate with stars of each hypothesis column, and N.

    Parameters
    ----------
    entries
        ``(group, label, fit)`` triples, e.g. from
        :func:`analysis.allocation.robustness_models`.
    columns
        ``{column title: [candidate variables]}``: the first candidate present
        in a fit fills the cell (so an alternative exposure measure appears in
        the exposure column).
    """
    rows = []
    for group, label, f in entries:
        row: dict[str, str] = {"Check": group, "Specification": label}
        for title, candidates in columns.items():
            var = next((c for c in candidates if c in f.params.index), None)
            row[title] = DASH if var is None else fmt_coef(float(f.params[var])) + stars(float(f.pvalues[var]))
        row["N"] = f"{f.nobs:,}"
        rows.append(row)
    return pd.DataFrame(rows)


def verdict_table(verdicts: pd.DataFrame, *, labels: Mapping[str, str]) -> pd.DataFrame:
    """Readable verdicts: hypothesis, measure, expected sign, estimate with its p-value, verdict, robustness.

    The model each verdict comes from (``verdicts["model"]``) is left to the
    caption, to keep the table narrow enough for a printed page.
    """
    need = {"hypothesis", "variable", "expected", "coef", "pvalue", "model", "verdict", "robust"}
    if not need <= set(verdicts.columns):
        raise ParameterError(f"parameter 'verdicts' lacks columns {sorted(need - set(verdicts.columns))}")
    return pd.DataFrame({
        "Hypothesis": verdicts["hypothesis"],
        "Measure (lagged)": [_label(v, labels) for v in verdicts["variable"]],
        "Sign": verdicts["expected"],
        "Estimate (p)": [fmt_coef(c) + stars(p) + (f" ({p:.3f})" if np.isfinite(p) else "")
                         for c, p in zip(verdicts["coef"], verdicts["pvalue"])],
        "Verdict": verdicts["verdict"],
        "Supported in": list(verdicts["robust"]),
    })


def to_markdown(frame: pd.DataFrame, *, caption: str, label: str, note: str | None = NOTE) -> str:
    """MyST source of a captioned, labelled table of string cells, with an optional note below."""
    if not label.startswith("tbl-"):
        raise ParameterError(f"parameter 'label' is {label!r}; table labels must start with 'tbl-'")
    text = table_markdown(frame, caption=caption, label=label)
    if note:
        # a note is plain text: a leading "*" (significance stars) must not start a Markdown list
        text += "\n" + note.replace("*", "\\*") + "\n"
    return text


def show(frame: pd.DataFrame, *, caption: str, label: str, note: str | None = NOTE) -> None:
    """Display a table made by this module in a notebook (HTML and PDF)."""
    from IPython.display import Markdown, display

    display(Markdown(to_markdown(frame, caption=caption, label=label, note=note)))


def _study_result(sign: str, sig: str) -> str:
    """A study's recorded result in words: '+, significant', 'no effect', 'partial', ..."""
    if sign in ("+", "-"):
        text = sign.replace("-", "−")
        return text + (", significant" if sig == "yes" else ", significance not stated")
    return "no effect" if sign == "0" else sign


def published_design_table(studies: pd.DataFrame, *, labels: Mapping[str, str]) -> pd.DataFrame:
    """The design of each published study as the seen text states it.

    Parameters
    ----------
    studies
        The validated published-studies table (:func:`analysis.published.load`).
    labels
        ``{study_id: author-year label}``; every study needs one.

    Returns
    -------
    pandas.DataFrame
        Columns Study, Sample, Years, "Dependent variable", Estimator and
        "Results stated in" (the page or section, and how much was seen).

    Raises
    ------
    ParameterError
        If a study has no label.
    """
    _check_labels(studies, labels)
    return pd.DataFrame({
        "Study": [labels[s] for s in studies["study_id"]],
        "Sample": list(studies["sample"]),
        "Years": list(studies["years"]),
        "Dependent variable": list(studies["dependent"]),
        "Estimator": list(studies["estimator"]),
        "Results stated in": [f"{w} ({d})" for w, d in zip(studies["where"], studies["detail"])],
    })


def _check_labels(studies: pd.DataFrame, labels: Mapping[str, str]) -> None:
    unlabelled = [s for s in studies["study_id"] if s not in labels]
    if unlabelled:
        raise ParameterError(f"parameter 'labels' has no label for study id(s) {unlabelled}")


def published_table(studies: pd.DataFrame, comparison: pd.DataFrame, book: pd.DataFrame, *,
                    labels: Mapping[str, str], dimensions: Mapping[str, str]) -> pd.DataFrame:
    """Published studies' results beside this book's nearest estimates, one row per study.

    Parameters
    ----------
    studies
        The validated published-studies table (:func:`analysis.published.load`).
    comparison
        :func:`analysis.published.comparison` of those studies.
    book
        :func:`analysis.published.book_estimates` (the last row of the table).
    labels
        ``{study_id: author-year label}``; every study needs one.
    dimensions
        ``{dimension: column title}`` in column order.

    Returns
    -------
    pandas.DataFrame
        Column Study and one per dimension whose cells read "<the study's
        result>; <agreement>"; the last row gives the book's estimate of each
        dimension (signed as the dimension reads) with its bootstrap p-value.

    Raises
    ------
    ParameterError
        If a study has no label or a frame lacks a dimension.
    """
    _check_labels(studies, labels)
    comp = comparison.set_index(["study_id", "dimension"])
    by_dim = book.set_index("dimension")
    lacking = [d for d in dimensions if d not in by_dim.index]
    if lacking:
        raise ParameterError(f"parameter 'book' has no row for dimension(s) {lacking}")
    rows = []
    for r in studies.to_dict("records"):
        row = {"Study": labels[r["study_id"]]}
        for dim, title in dimensions.items():
            c = comp.loc[(r["study_id"], dim)]
            row[title] = f"{_study_result(r[f'{dim}_sign'], r[f'{dim}_sig'])}; {c['agreement']}"
        rows.append(row)
    last = {"Study": "This book (chapter 3): estimate (bootstrap p)"}
    for dim, title in dimensions.items():
        e = by_dim.loc[dim]
        last[title] = DASH if pd.isna(e["oriented"]) else f"{fmt_coef(float(e['oriented']))} (p = {float(e['p_wild']):.2f})"
    rows.append(last)
    return pd.DataFrame(rows)
