"""The codebook: every variable the book uses, with source, unit, coverage and
transformation.

Loader modules declare their variables as :class:`Variable` records (defined in
:mod:`analysis.loaders._common`, re-exported here) in a
module-level tuple ``VARIABLES``; :func:`codebook` collects them from the
modules listed in :data:`analysis.loaders.MODULES` and computes the coverage
of each from the data, so the data appendix is generated, never typed.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable

import pandas as pd

from analysis.loaders._common import Variable

__all__ = ["Variable", "codebook", "coverage", "variables"]


def variables() -> list[tuple[str, Variable]]:
    """All declared variables as ``(module name, Variable)`` pairs."""
    from analysis.loaders import MODULES

    out: list[tuple[str, Variable]] = []
    for mod_name in MODULES:
        mod = importlib.import_module(f"analysis.loaders.{mod_name}")
        for var in getattr(mod, "VARIABLES", ()):
            out.append((mod_name, var))
    return out


def coverage(frame: pd.DataFrame, var: Variable) -> str:
    """Describe the non-missing coverage of ``var.name`` in ``frame``.

    Returns a string such as ``"1960-2023, 26 countries, 1,510 values"``.
    """
    s = frame.dropna(subset=[var.name])
    if s.empty:
        return "no values"
    parts: list[str] = []
    time_col = next((c for c in ("year", "date") if c in s.columns), None)
    if time_col is not None:
        lo, hi = s[time_col].min(), s[time_col].max()
        if time_col == "date":
            lo, hi = pd.Timestamp(lo).date().isoformat(), pd.Timestamp(hi).date().isoformat()
        parts.append(f"{lo}-{hi}")
    if "iso3" in s.columns:
        parts.append(f"{s['iso3'].nunique()} countries")
    parts.append(f"{len(s):,} values")
    return ", ".join(parts)


def codebook() -> pd.DataFrame:
    """The codebook as a table, one row per variable, coverage computed.

    Columns: ``variable``, ``label``, ``unit``, ``source`` (citation keys),
    ``files``, ``coverage``, ``transformation``, ``loader``.
    """
    from analysis.manifest import entry

    rows = []
    cache: dict[str, pd.DataFrame] = {}
    for mod_name, var in variables():
        mod = importlib.import_module(f"analysis.loaders.{mod_name}")
        fn: Callable[[], pd.DataFrame] = getattr(mod, var.loader)
        key = f"{mod_name}.{var.loader}"
        if key not in cache:
            cache[key] = fn()
        rows.append(
            {
                "variable": var.name,
                "label": var.label,
                "unit": var.unit,
                "source": "; ".join(sorted({entry(f).citation_key for f in var.file_ids})),
                "files": "; ".join(entry(f).path for f in var.file_ids),
                "coverage": coverage(cache[key], var),
                "transformation": var.transformation,
                "loader": f"analysis.loaders.{key}",
            }
        )
    return pd.DataFrame(rows)
