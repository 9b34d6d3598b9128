"""Tables of the data appendix: the manifest of raw files, the codebook and
the fact tables, all generated from the project's files (never typed).

Each function takes the frame it lays out: the manifest from
:func:`analysis.data_appendix.manifest_frame`, the codebook from
:func:`analysis.codebook.codebook`, the fact rows from
:func:`analysis.data_appendix.fact_rows`.
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


def _breakable(text: str) -> str:
    """Let long file names wrap in a table: a zero-width space after ``_`` and
    ``/`` and between the two hyphens of ``--`` (which also keeps the
    typographer from turning them into a dash)."""
    return text.replace("--", "-\u200b-\u200b").replace("_", "_\u200b").replace("/", "/\u200b")


def _need(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(f"parameter {what!r} lacks the column(s) {missing}; pass the frame its docstring names")


def sources_table(files: pd.DataFrame) -> pd.DataFrame:
    """The manifest grouped by source: one row per source folder, licence,
    citation and upstream repository, with the number of files and the
    upstream commits (first 7 digits).

    Parameters
    ----------
    files
        The manifest, one row per file (:func:`analysis.data_appendix.manifest_frame`): ``source``,
        ``licence``, ``citation_key``, ``upstream_repo``, ``upstream_commit``.
    """
    _need(files, ("source", "licence", "citation_key", "upstream_repo", "upstream_commit"), "files")
    df = pd.DataFrame({"folder": files["source"], "licence": files["licence"], "key": files["citation_key"],
                       "repo": [r or "–" for r in files["upstream_repo"]],
                       "commit": [(c or "–")[:7] for c in files["upstream_commit"]]})
    rows = []
    for (folder, licence, key, repo), g in df.groupby(["folder", "licence", "key", "repo"], sort=True):
        rows.append(
            {
                "Source folder": _breakable(folder),
                "Files": str(len(g)),
                "Licence or terms": licence,
                "Citation": cite(key),
                "Upstream repository": _breakable(repo),
                "Commit": ", ".join(sorted(set(g["commit"]))),
            }
        )
    return pd.DataFrame(rows)


def files_table(files: pd.DataFrame) -> pd.DataFrame:
    """One row per raw file of the manifest: its id (as the codebook and the
    loaders name it), source folder and file name.

    Parameters
    ----------
    files
        The manifest (:func:`analysis.data_appendix.manifest_frame`): ``file_id``, ``source``, ``path``.
    """
    _need(files, ("file_id", "source", "path"), "files")
    rows = [
        {
            "File id": fid,
            "Source folder": _breakable(source),
            "File": _breakable(path.split("/", 1)[1] if "/" in path else path),
        }
        for fid, source, path in zip(files["file_id"], files["source"], files["path"])
    ]
    return pd.DataFrame(rows).sort_values(["Source folder", "File id"]).reset_index(drop=True)


def codebook_table(cb: pd.DataFrame) -> pd.DataFrame:
    """The codebook in four columns that fit a printed page: the variable with
    its loader, its definition (label, unit and transformation), its source as
    citation roles, and its coverage.

    Parameters
    ----------
    cb
        The codebook (:func:`analysis.codebook.codebook`).
    """
    _need(cb, ("variable", "loader", "label", "unit", "transformation", "source", "coverage"), "cb")
    loader = cb["loader"].str.replace("analysis.loaders.", "", regex=False)
    return pd.DataFrame(
        {
            "Variable (loader)": _breakable_series(cb["variable"]) + " (" + _breakable_series(loader) + ")",
            "Definition": (cb["label"] + ". Unit: " + cb["unit"] + ". Transformation: " + cb["transformation"] + "."),
            "Source": cb["source"].map(cite),
            "Coverage": cb["coverage"],
        }
    )


def _breakable_series(series: pd.Series) -> pd.Series:
    return series.map(_breakable)


def facts_table(allf: pd.DataFrame) -> pd.DataFrame:
    """Rows of each fact table by verification status.

    Parameters
    ----------
    allf
        Every fact row with its ``table`` and ``verified`` status (:func:`analysis.data_appendix.fact_rows`).
    """
    _need(allf, ("table", "verified"), "allf")
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
