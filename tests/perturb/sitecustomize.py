"""Loaded by every Python process started with this folder on PYTHONPATH (the
portability test): every float column that pandas reads from a CSV or Excel
file is moved by one unit in the last place (towards +inf), as if the same
data had been parsed or computed on a machine whose last bits differ."""
from __future__ import annotations

import functools
import os

if os.environ.get("BOOK_PERTURB_ULP") == "1":
    import numpy as np
    import pandas as pd

    def _perturb(frame):
        if isinstance(frame, dict):
            return {k: _perturb(v) for k, v in frame.items()}
        if not isinstance(frame, pd.DataFrame):
            return frame
        out = frame.copy()
        for col in out.columns:
            s = out[col]
            if isinstance(s, pd.Series) and pd.api.types.is_float_dtype(s.dtype):
                values = s.to_numpy(dtype="float64", na_value=np.nan)
                out[col] = pd.Series(np.nextafter(values, np.inf), index=s.index).astype(s.dtype)
        return out

    def _wrap(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            return _perturb(fn(*args, **kwargs))
        return wrapper

    pd.read_csv = _wrap(pd.read_csv)
    pd.read_excel = _wrap(pd.read_excel)
    pd.read_stata = _wrap(pd.read_stata)
