"""Shared analysis package of the monograph *Japan and the Cross-Pacific
Dynamics of Financial Crisis Management*.

Data flow one way: raw file (``analysis.manifest``) -> verified load
(``analysis.loaders``) -> tidy tables -> analysis (panels, models,
comparisons) -> figures and tables (``analysis.charts``, ``analysis.tables``)
-> chapter notebooks. Notebooks import from here and never parse raw files.
"""
from __future__ import annotations

__version__ = "0.1.0"
