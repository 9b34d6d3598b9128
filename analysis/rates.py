"""Extremes of daily exchange rates: the strongest or weakest quote of a
currency against the US dollar in a stated window, and the first later day
on which a level was passed again.

The rates are the Federal Reserve's H.10 noon buying rates in New York
(:func:`analysis.loaders.fx.fred_daily`), in national currency per US
dollar, so the *strongest* quote of a currency is the *lowest* number and the
*weakest* is the highest. A noon rate is not an intraday extreme: market
records quoted in the press (Tokyo closing or intraday rates) can differ
from it, and the prose must say which measure it uses.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.errors import ParameterError, check_choice
from analysis.loaders import fx

#: Which end of the scale each side is (rates are national currency per US$).
SIDES = ("strongest", "weakest")


def extreme(frame: pd.DataFrame, *, side: str) -> dict[str, Any]:
    """The strongest or weakest quote in a frame of daily rates.

    Parameters
    ----------
    frame
        Columns ``date`` and ``per_usd`` (national currency per US dollar);
        days without a quote (``NaN``) are skipped.
    side
        ``"strongest"`` (fewest units per dollar) or ``"weakest"`` (most).

    Returns
    -------
    dict
        ``date`` (the first day on which the extreme was quoted, if tied),
        ``per_usd`` and ``n_days`` (days with a quote).

    Raises
    ------
    ParameterError
        If ``side`` is not one of :data:`SIDES` or the frame has no quote.
    """
    check_choice("side", side, SIDES)
    missing = [c for c in ("date", "per_usd") if c not in frame.columns]
    if missing:
        raise ParameterError(f"parameter 'frame' lacks column(s) {missing}; pass a frame of fx.fred_daily")
    d = frame.dropna(subset=["per_usd"]).sort_values("date").reset_index(drop=True)
    if d.empty:
        raise ParameterError("parameter 'frame' holds no quote; widen the window or choose another currency")
    values = d["per_usd"].to_numpy()
    i = int(values.argmin() if side == "strongest" else values.argmax())
    return {"date": pd.Timestamp(d.loc[i, "date"]), "per_usd": float(d.loc[i, "per_usd"]), "n_days": len(d)}


def daily_extreme(iso3: str, start: str, end: str, *, side: str) -> dict[str, Any]:
    """The strongest or weakest H.10 noon quote of a currency in a window.

    Parameters
    ----------
    iso3
        A country with a FRED daily series (see :func:`analysis.loaders.fx.fred_daily`).
    start, end
        The window, inclusive ISO dates; the prose must name it, since the
        extreme depends on it.
    side
        ``"strongest"`` or ``"weakest"``.

    Returns
    -------
    dict
        As :func:`extreme`, plus ``start`` and ``end``.
    """
    d = fx.fred_daily(iso3, start=start, end=end)
    if d["per_usd"].notna().sum() == 0:
        raise ParameterError(f"no {iso3} quotes between {start!r} and {end!r}; choose a window inside the series")
    return {**extreme(d, side=side), "start": start, "end": end}


def first_beyond(frame: pd.DataFrame, level: float, *, after: str, side: str) -> dict[str, Any] | None:
    """The first quote after a date that is stronger (or weaker) than a level.

    Parameters
    ----------
    frame
        Columns ``date`` and ``per_usd``.
    level
        The level to pass, national currency per US dollar.
    after
        Only quotes strictly after this ISO date count.
    side
        ``"strongest"``: the first quote below ``level``; ``"weakest"``: the
        first quote above it.

    Returns
    -------
    dict or None
        ``date`` and ``per_usd`` of the first such quote, or None if the
        series never passes the level after ``after``.
    """
    check_choice("side", side, SIDES)
    d = frame.dropna(subset=["per_usd"]).sort_values("date")
    d = d[d["date"] > pd.Timestamp(after)]
    hit = d[d["per_usd"] < level] if side == "strongest" else d[d["per_usd"] > level]
    if hit.empty:
        return None
    first = hit.iloc[0]
    return {"date": pd.Timestamp(first["date"]), "per_usd": float(first["per_usd"])}
