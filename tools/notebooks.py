"""Notebooks around a papermill run: the notebook handed to papermill
(:func:`prepare_notebook`), the executed one cleaned of volatile metadata
before it is stored (:func:`clean_notebook`, :func:`notebook_bytes`), and the
message naming the cell that failed (:func:`failure_message`)."""
from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

from tools import meta
from tools.files import atomic_write

#: Tag of the cells papermill adds to a failed notebook (not counted as cells).
ERROR_TAG = "papermill-error-cell-tag"
#: Keys of papermill's notebook record that are kept (the others are run times).
RECORD_KEYS = ("default_parameters", "environment_variables", "input_path", "output_path", "parameters", "version")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def stored_cell_position(cells: list[dict[str, Any]], cell_index: int) -> tuple[int, int] | None:
    """Position of an executed cell in the stored notebook, as a reader counts.

    Parameters
    ----------
    cells
        Cells of the executed notebook as papermill wrote it (with its error
        cells, which are dropped first: ``cell_index`` counts without them).
    cell_index
        papermill's 0-based index of the failing cell.

    Returns
    -------
    tuple of int or None
        ``(cell, code_cell)``, both 1-based, counting every cell but the
        injected-parameters cell; ``None`` if the index is out of range.
    """
    cells = [c for c in cells if not meta.has_tag(c, ERROR_TAG)]
    if not 0 <= cell_index < len(cells) or meta.is_injected(cells[cell_index]):
        return None
    before = [c for c in cells[: cell_index + 1] if not meta.is_injected(c)]
    return len(before), sum(1 for c in before if c.get("cell_type") == "code")


def failure_message(exc: BaseException, cells: list[dict[str, Any]] | None = None) -> str:
    """Where and why a chapter failed: cell number, the source line that raised, the error.

    For papermill's ``PapermillExecutionError`` the cell is named by its
    position in the stored notebook as Jupyter shows it (every cell counts,
    1-based, the injected-parameters cell excepted; found from the executed
    notebook's ``cells`` when given), its position among the code cells and
    its execution count; the line is found from the ``Cell In[n], line k``
    frames of the traceback.
    """
    ename = getattr(exc, "ename", exc.__class__.__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell_index = getattr(exc, "cell_index", None)
    count = getattr(exc, "exec_count", None)
    source = getattr(exc, "source", "") or ""
    if cell_index is None and count is None:
        return f"{ename}: {evalue}"
    pos = stored_cell_position(cells, cell_index) if cells is not None and cell_index is not None else None
    notes = []
    if pos is not None:
        where = f"cell {pos[0]}"
        notes.append(f"code cell {pos[1]}")
    else:
        where = f"cell {cell_index + 1}" if cell_index is not None else "a cell"
    if count is not None:
        notes.append(f"In [{count}]")
    if notes:
        where += f" ({', '.join(notes)})"
    line_no = None
    for frame in getattr(exc, "traceback", []) or []:
        for m in re.finditer(r"Cell In\[(\d+)\], line (\d+)", _ANSI.sub("", frame)):
            if count is None or int(m.group(1)) == count:
                line_no = int(m.group(2))
    lines = source.splitlines()
    if line_no is not None and 1 <= line_no <= len(lines):
        where += f", line {line_no}: {lines[line_no - 1].strip()}"
    elif lines:
        where += f": {lines[0].strip()}{' ...' if len(lines) > 1 else ''}"
    return f"{where}\n  raised {ename}: {evalue}"


def prepare_notebook(path: Path, params: dict[str, Any], root: Path | None = None) -> Any:
    """The notebook to execute: without an injected-parameters cell of an earlier
    run when no parameters are given (papermill replaces it otherwise), so that
    a run with defaults really uses the defaults. Cells without an ``id`` get a
    fixed one (``cell-<n>``) rather than nbformat's random one, so that the
    stored notebook does not change from run to run. ``root`` (the checkout)
    names the file in an error message."""
    import nbformat

    raw = meta.read_notebook(path, root)
    if (raw.get("nbformat"), raw.get("nbformat_minor", 0)) >= (4, 5):
        used = {c.get("id") for c in raw.get("cells", [])}
        for i, cell in enumerate(raw.get("cells", [])):
            if not cell.get("id"):
                cell["id"] = next(f"cell-{i}{s}" for s in ("", *(f"-{k}" for k in range(1, 99)))
                                  if f"cell-{i}{s}" not in used)
                used.add(cell["id"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nb = nbformat.from_dict(raw)
    if not params:
        nb.cells = [c for c in nb.cells if not meta.is_injected(c)]
    # papermill writes its own run record; an old one must not be carried
    # into the new (papermill stores an in-memory input notebook as
    # ``input_path``, so a carried record would nest a copy per run)
    nb.metadata.pop("papermill", None)
    return nb


def clean_notebook(nb: dict[str, Any], relpath: str) -> dict[str, Any]:
    """Drop papermill's volatile metadata from an executed notebook (in place).

    The notebook record keeps only :data:`RECORD_KEYS`, with both paths set to
    ``relpath`` (the chapter relative to the book root; papermill's own are an
    in-memory notebook and a temporary file); cells lose their ``papermill``
    and ``execution`` metadata (timestamps, durations); the injected
    parameters cell gets a fixed id.
    """
    meta_ = nb.setdefault("metadata", {})
    record = {k: v for k, v in (meta_.get("papermill") or {}).items() if k in RECORD_KEYS}
    record["input_path"] = record["output_path"] = relpath
    meta_["papermill"] = record
    for cell in nb.get("cells", []):
        cmeta = cell.get("metadata", {})
        cmeta.pop("papermill", None)
        cmeta.pop("execution", None)
        if meta.is_injected(cell) and "id" in cell:
            cell["id"] = meta.INJECTED
    return nb


def notebook_bytes(nb: dict[str, Any]) -> bytes:
    """The notebook serialised as ``nbformat.write`` does (with a final newline)."""
    import nbformat

    text = nbformat.writes(nbformat.from_dict(nb))
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def relpath(stored: Path, root: Path) -> str:
    """``stored`` relative to ``root`` (POSIX), or its file name when outside."""
    s, r = stored.resolve(), root.resolve()
    return s.relative_to(r).as_posix() if s.is_relative_to(r) else stored.name


def tidy_run_record(executed: Path, stored: Path, root: Path) -> None:
    """Make papermill's run record in ``executed`` name the chapter's own path
    and drop its volatile parts (see :func:`clean_notebook`)."""
    nb = clean_notebook(meta.read_notebook(executed), relpath(stored, root))
    atomic_write(executed, notebook_bytes(nb))
