"""Tables of the data appendix: the manifest of raw files, the codebook and
the fact tables, all generated from the project's files (never typed).
"""
from __future__ import annotations

import pandas as pd

from analysis.errors import ParameterError


def cite(keys: str) -> str:
    """MyST citation role(s) for citation keys separated by ``;`` (e.g. ``"a; b"``)."""
    parts = [k.strip() for k in str(keys).split(";") if k.strip()]
    if not parts:
        raise ParameterError(f"no citation key in {keys!r}")
    return "{cite:p}`" + ",".join(parts) + "`"


def manifest_table() -> pd.DataFrame:
    """One row per raw file in ``data/manifest.csv``: id, source folder, file,
    licence, citation, upstream repository and commit (first 10 digits)."""
    from analysis.manifest import manifest

    rows = []
    for item in manifest().values():
        rows.append(
            {
                "File id": item.file_id,
                "Source folder": item.source,
                "File": item.path.split("/", 1)[1] if "/" in item.path else item.path,
                "Licence": item.licence,
                "Citation": cite(item.citation_key),
                "Upstream repository": item.upstream_repo or "–",
                "Commit": (item.upstream_commit or "–")[:10],
            }
        )
    return pd.DataFrame(rows).sort_values(["Source folder", "File id"]).reset_index(drop=True)


def codebook_table() -> pd.DataFrame:
    """The codebook (:func:`analysis.codebook.codebook`) with citation roles
    and short column headers, one row per variable."""
    from analysis.codebook import codebook

    cb = codebook()
    return pd.DataFrame(
        {
            "Variable": cb["variable"],
            "Label": cb["label"],
            "Unit": cb["unit"],
            "Source": cb["source"].map(cite),
            "Coverage": cb["coverage"],
            "Transformation": cb["transformation"],
            "Loader": cb["loader"].str.replace("analysis.loaders.", "", regex=False),
        }
    )


def facts_table() -> pd.DataFrame:
    """Rows of each fact table by verification status."""
    from analysis import facts

    allf = facts.load_all()
    counts = allf.groupby(["table", "verified"]).size().unstack(fill_value=0)
    out = pd.DataFrame({"Table": counts.index, "Rows": counts.sum(axis=1).values})
    labels = {"yes": "Verified in the source", "local_file": "Seen in a data file only",
              "recalled": "Not verified (recalled)", "no": "Not found in any source"}
    for code, label in labels.items():
        if code in counts.columns:
            out[label] = counts[code].values
    for col in out.columns[1:]:
        out[col] = out[col].astype(int).astype(str)
    return out.reset_index(drop=True)
