"""The data appendix's frames and prose numbers: the manifest of raw files as a
frame, the fact tables' rows, and the coverage facts the appendix states.

The tables themselves are drawn by :mod:`analysis.figures.appendix` from the
frames returned here (the presentation layer never reads the manifest).
"""
from __future__ import annotations

import pandas as pd

from analysis import facts
from analysis.countries import name_of, recipients
from analysis.loaders import census_trade, gravity
from analysis.manifest import manifest
from analysis.numbers import Number

#: Columns of :func:`manifest_frame`.
MANIFEST_COLUMNS = ("file_id", "source", "path", "licence", "citation_key", "upstream_url", "upstream_repo",
                    "upstream_commit")


def manifest_frame() -> pd.DataFrame:
    """The manifest of raw files (``data/manifest.csv``), one row per file, in manifest order.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`MANIFEST_COLUMNS`; ``source`` is the source folder (the first part of ``path``).
    """
    return pd.DataFrame([{c: getattr(i, c) for c in MANIFEST_COLUMNS} for i in manifest().values()],
                        columns=list(MANIFEST_COLUMNS))


def transcribed_ids(frame: pd.DataFrame | None = None) -> str:
    """The ids of the files without a download address (checked transcriptions of upstream rows), in
    manifest order, separated by commas.

    Parameters
    ----------
    frame
        :func:`manifest_frame` (read if not given).
    """
    frame = manifest_frame() if frame is None else frame
    return ", ".join(frame.loc[frame["upstream_url"].fillna("") == "", "file_id"])


def fact_rows() -> pd.DataFrame:
    """Every row of the fact tables (:func:`analysis.facts.load_all`), with its ``table`` and ``verified``."""
    return facts.load_all()


def data_numbers() -> dict[str, Number | str]:
    """Numbers of the data appendix's opening and coverage notes.

    Returns
    -------
    dict
        ``app_n_files``, ``app_n_sources`` (files and source folders of the manifest);
        ``app_gravity_absent`` (recipients missing from the gravity file, by name) and ``app_gravity_n``
        (recipients in it); ``app_census_first`` and ``app_census_late`` (the Census series' first year,
        and the partners that start later, with their first years); ``app_gravity_first``,
        ``app_gravity_last`` (the years of Japan's rows in the gravity file). All as words.
    """
    frame = manifest_frame()
    in_file = set(gravity.countries_in_file())
    absent = [c for c in recipients() if c not in in_file]
    ct = census_trade.us_trade()
    late = {c: int(ct.loc[ct["iso3"] == c, "year"].min()) for c in census_trade.LATE_PARTNERS}
    grav = gravity.reporter_trade(["JPN"])
    return {
        "app_n_files": str(len(frame)),
        "app_n_sources": str(frame["source"].nunique()),
        "app_gravity_absent": ", ".join(name_of(c) for c in absent),
        "app_gravity_n": str(len(recipients()) - len(absent)),
        "app_census_first": str(int(ct["year"].min())),
        "app_census_late": " and ".join(f"{name_of(c)} ({y})" for c, y in late.items()),
        "app_gravity_first": str(int(grav["year"].min())),
        "app_gravity_last": str(int(grav["year"].max())),
    }
