"""The prose numbers of the Introduction, one function per section.

Each function returns a mapping glue key -> :class:`~analysis.numbers.Number`
or ``str`` that the notebook glues with one call to
:func:`analysis.preamble.glue_all`. Amounts and dates of the episodes come from
fact rows (:func:`analysis.facts.amount`, :func:`analysis.facts.date_text`);
the aid overview from the frame the chapter's figure is drawn from; the
verdicts from the findings ledger; the engagement words from the coding summary.
"""
from __future__ import annotations

import pandas as pd

from analysis import facts, findings, integration
from analysis.errors import DataSchemaError, ParameterError
from analysis.numbers import Number, Numbers
from analysis.windows import window_mean

__all__ = ["EPISODE_AMOUNTS", "EPISODE_DATES", "engagement_numbers", "episode_numbers", "overview_numbers"]

#: Glue key -> (fact row, decimals) of the amounts the Introduction's survey of the three crises prints.
EPISODE_AMOUNTS: dict[str, tuple[str, int]] = {
    "intro_recycle_total": ("ini-recycle-65", 0),
    "intro_mex95_total": ("pkg-mex95-total-lustig", 1),
    "intro_mex95_esf": ("pkg-mex95-esf", 0),
    "intro_mex95_imf": ("pkg-mex95-imf", 1),
    "intro_tha_total": ("pkg-tha97-total-imf", 1),
    "intro_tha_jpn": ("pkg-tha97-jpn", 0),
    "intro_idn_jpn": ("pkg-idn97-jpn", 0),
    "intro_kor_jpn": ("pkg-kor97-jpn", 0),
    "intro_amf": ("ini-amf", 0),
    "intro_nmi": ("ini-nmi", 0),
}
#: Glue key -> fact row of the dates it prints (in words, at the row's precision).
EPISODE_DATES: dict[str, str] = {
    "intro_recycle_date": "ini-recycle-65",
    "intro_miyazawa_date": "ini-miyazawa-berlin",
    "intro_brady_date": "ini-brady",
    "intro_tha_date": "pkg-tha97-jpn",
    "intro_amf_date": "ini-amf",
    "intro_nmi_date": "ini-nmi",
    "intro_cmi_date": "ini-cmi",
}
#: The coding summary's crisis ids and the glue-key stems of the Introduction.
CRISIS_STEMS = {"debt_1982_91": "debt", "peso_1994_95": "peso", "asia_1997_98": "asia"}


def episode_numbers() -> Numbers:
    """Section "The three crises": amounts and dates of the episodes, from fact rows.

    Returns
    -------
    Numbers
        The keys of :data:`EPISODE_AMOUNTS` (amounts in their row's unit) and
        of :data:`EPISODE_DATES` (dates in words).

    Raises
    ------
    ParameterError
        If a row is unverified or has no amount (from :func:`analysis.facts.amount`).
    """
    return facts.row_numbers(EPISODE_AMOUNTS, EPISODE_DATES)


def overview_numbers(regional: pd.DataFrame, ledger: pd.DataFrame) -> Numbers:
    """Section "An overview": Japan's aid to the two regions in the crisis years, and the verdicts.

    Parameters
    ----------
    regional
        :func:`analysis.integration.regional_aid` for Japan covering 1975-2000
        (the frame of the overview chart).
    ledger
        :func:`analysis.findings.ledger`.

    Returns
    -------
    Numbers
        Japan's mean net bilateral aid (US$ bn) to the East Asian recipients in
        1982-91 and 1997-98 and to the Latin American ones in 1982-91 and
        1994-95, its aid to Latin America in 1982 and 1991, and
        ``ledger_v_summary_<evidence>`` for each body of evidence of
        :data:`analysis.findings.EVIDENCE`.
    """
    need = ("donor", "year", "region", "net_oda_usd")
    if not isinstance(regional, pd.DataFrame) or any(c not in regional.columns for c in need):
        raise ParameterError(f"parameter 'regional' must be a frame with columns {list(need)}; "
                             "pass analysis.integration.regional_aid(..., donors=('JPN',))")
    share = integration.latin_share(regional[regional["donor"] == "JPN"], "net_oda_usd")
    la = share.set_index("year")["latin_america"]

    def mean(col: str, first: int, last: int) -> float:
        return window_mean(share, col, (first, last), missing="raise_if_empty", what=f"Japan's aid ({col})")

    def at(year: int) -> float:
        if year not in la.index or pd.isna(la.loc[year]):
            raise DataSchemaError(f"Japan's aid to Latin America has no value for {year}; "
                                  f"pass a frame that covers {year}")
        return float(la.loc[year])

    out: dict[str, Number | str] = {
        "intro_ea_8291": Number(mean("east_asia", 1982, 1991), digits=1, scale=1e9),
        "intro_la_8291": Number(mean("latin_america", 1982, 1991), digits=2, scale=1e9),
        "intro_la_1982": Number(at(1982), digits=2, scale=1e9),
        "intro_la_1991": Number(at(1991), digits=2, scale=1e9),
        "intro_la_9495": Number(mean("latin_america", 1994, 1995), digits=2, scale=1e9),
        "intro_ea_9798": Number(mean("east_asia", 1997, 1998), digits=1, scale=1e9),
    }
    for ev in findings.EVIDENCE:
        out[f"ledger_v_summary_{ev}"] = findings.summary(ev, table=ledger)
    return out


def engagement_numbers(summary: pd.DataFrame) -> Numbers:
    """Section "What the book finds": the word label of Japan's coded engagement per crisis.

    Parameters
    ----------
    summary
        :func:`analysis.coding.engagement_summary` (one row per crisis).

    Returns
    -------
    Numbers
        ``intro_act_<crisis>``, ``intro_lead_<crisis>``, ``intro_coop_<crisis>``
        (``low``/``medium``/``high``) for the crises ``debt``, ``peso`` and ``asia``.
    """
    need = ("crisis", "active_label", "leadership_label", "cooperation_label")
    if not isinstance(summary, pd.DataFrame) or any(c not in summary.columns for c in need):
        raise ParameterError(f"parameter 'summary' must be a frame with columns {list(need)}; "
                             "pass analysis.coding.engagement_summary()")
    s = summary.set_index("crisis")
    out: dict[str, Number | str] = {}
    for crisis, stem in CRISIS_STEMS.items():
        if crisis not in s.index:
            raise DataSchemaError(f"the engagement summary has no row for crisis {crisis!r}; "
                                  "pass the summary of every crisis")
        out[f"intro_act_{stem}"] = str(s.loc[crisis, "active_label"])
        out[f"intro_lead_{stem}"] = str(s.loc[crisis, "leadership_label"])
        out[f"intro_coop_{stem}"] = str(s.loc[crisis, "cooperation_label"])
    return out
