"""A "Reproduce this chapter" box at the top of every chapter notebook (HTML and PDF).

The box gives the command, the last run time and the raw files the chapter
reads with their sources. It is added to the page source while Sphinx reads
it, from ``chapters/_stamps.json`` and ``data/manifest.csv``; the notebooks
are not touched, so nbval sees no volatile output. In print each box becomes
one line pointing to the appendix table of chapter runs
(``book_appendix_tables``).

Each chapter's box is written to ``<doctreedir>/reader_aids/<chapter>.md``
only when it changes and the page depends on that file, so re-executing one
chapter makes Sphinx re-read that chapter (and the status page), nothing else.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout: its ``tools`` package
from tools import meta  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_appendix_tables import STATUS_TABLE, status_page  # noqa: E402


def _root(app: Sphinx) -> Path:
    return Path(app.srcdir)


def _seconds_text(seconds: float) -> str:
    if seconds < 60:
        return f"about {max(1, round(seconds))} s"
    return f"about {seconds / 60:.1f} min"


def data_lines(items: list[str], rows: dict[str, dict[str, str]]) -> list[str]:
    """Markdown bullets for the data a chapter reads: one per raw-data source
    (its files, upstream, citation and licence), one for the repository's own tables."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    local: list[str] = []
    for item in items:
        row = rows.get(item)
        if row is None:
            local.append(item)
        else:
            groups[row["path"].split("/", 1)[0]].append(row)
    out = []
    for source in sorted(groups):
        grp = groups[source]
        files = ", ".join(f"`{r['path'].split('/', 1)[1]}`" for r in grp)
        upstream = ", ".join(sorted({f"`{r['upstream_repo']}`" for r in grp if r.get("upstream_repo")})) or "–"
        keys = ",".join(sorted({r["citation_key"] for r in grp}))
        licence = "; ".join(sorted({r["licence"] for r in grp}))
        where = "" if all(r.get("upstream_url") for r in grp) else "; no download address (see the data appendix)"
        out.append(f"- `{source}/`: {files}; from {upstream} {{cite:p}}`{keys}`; licence: {licence}{where}.")
    if local:
        out.append("- tables kept in this repository: " + ", ".join(f"`{i}`" for i in local) + ".")
    return out


def reproduce_box(root: Path, stem: str, stamps: dict[str, Any], rows: dict[str, dict[str, str]],
                  params: dict[str, Any] | None = None) -> str:
    """The MyST source of a chapter's "Reproduce this chapter" box."""
    stamp = stamps.get(stem)
    lines = [
        ":::{admonition} Reproduce this chapter",
        ":class: tip reproduce-box dropdown",
        "",
        f"From the book's folder, `make rebuild ARGS=\"--chapters {stem}\"` re-executes this chapter "
        "from the raw data (the first `make` sets up the Python environment).",
    ]
    if params:
        shown = ", ".join(f"`{k}` (default `{v!r}`)" for k, v in params.items())
        example_key, example_val = next(iter(params.items()))
        lines += [
            "",
            f"Its parameters are {shown}; set one with, for example, "
            f"`make rebuild ARGS=\"--chapters {stem} -p {stem}.{example_key}={example_val!r}\"`.",
        ]
    lines.append("")
    if stamp is None:
        lines.append("It has not been executed by the rebuild tool yet.")
    else:
        run = _seconds_text(float(stamp.get("seconds", 0)))
        used = stamp.get("params") or {}
        with_params = (" with " + ", ".join(f"`{k}={v!r}`" for k, v in used.items())) if used else ""
        lines.append(f"Its last execution{with_params} took {run} on one core.")
        data = stamp.get("data") or []
        if data:
            n_raw = sum(1 for item in data if item in rows)
            lines += ["", f"It reads {n_raw} raw file{'s' if n_raw != 1 else ''}, each checked against its sha256 "
                      "in `data/manifest.csv`, by source:", ""]
            lines += data_lines(data, rows)
        else:
            lines.append("It reads no data file.")
    lines.append(":::")
    return "\n".join(lines) + "\n"


def print_reproduce_line(status_doc: str | None) -> str:
    """The LaTeX of the one line that replaces a chapter's reproduce box in print."""
    if status_doc is None:
        where = "the appendices"
    else:
        label = f"\\detokenize{{{status_doc}:{STATUS_TABLE}}}"
        where = f"\\hyperref[{label}]{{Table~\\ref*{{{label}}}}}"
    return f"\\par\\noindent{{\\small\\itshape Reproduce this chapter:\\/}} {{\\small its data files and last run are listed in {where}.}}\\par\n"


def shorten_boxes_in_print(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (LaTeX only): each chapter's reproduce box becomes one
    line pointing to the appendix table of chapter runs and data files. The
    HTML keeps the full box."""
    if app.builder.name != "latex":
        return
    line = print_reproduce_line(status_page(_root(app)))
    for box in list(doctree.findall(nodes.admonition)):
        if "reproduce-box" in box.get("classes", []):
            box.replace_self(nodes.raw("", line, format="latex"))


def _aids_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "reader_aids"


def _chapter_params(path: Path) -> dict[str, Any]:
    return meta.parameter_names(meta.read_notebook(path))


def on_builder_inited(app: Sphinx) -> None:
    """Write each chapter's box where it changed (see the module docstring)."""
    root = _root(app)
    stamps = meta.read_stamps(meta.stamps_path(root), root)
    rows = meta.read_manifest(root)
    out = _aids_dir(app)
    out.mkdir(parents=True, exist_ok=True)
    boxes: dict[str, str] = {}
    for entry in meta.toc_entries(root)[1:]:
        if not entry.is_notebook:
            continue
        assert entry.path is not None  # is_notebook implies a file was found
        text = reproduce_box(root, entry.stem, stamps, rows, _chapter_params(entry.path))
        boxes[entry.docname] = text
        target = out / f"{entry.stem}.md"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    app.env.book_reader_boxes = boxes  # type: ignore[attr-defined]


def insert_box(nb_json: str, box: str) -> str:
    """Insert ``box`` after the first level-one heading of a notebook's Markdown."""
    nb = json.loads(nb_json)
    cells = nb.get("cells", [])
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        lines = meta.cell_source(cell).splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith("# "):
                new = lines[: i + 1] + ["\n", box, "\n"] + lines[i + 1:]
                cell["source"] = "".join(new)
                return json.dumps(nb)
    cells.insert(0, {"cell_type": "markdown", "metadata": {}, "source": box})
    return json.dumps(nb)


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    boxes: dict[str, str] = getattr(app.env, "book_reader_boxes", {})
    if docname not in boxes:
        return
    stem = docname.rsplit("/", 1)[-1]
    app.env.note_dependency(str(_aids_dir(app) / f"{stem}.md"))
    source[0] = insert_box(source[0], boxes[docname])



def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", on_builder_inited)
    app.connect("source-read", on_source_read)
    app.connect("doctree-resolved", shorten_boxes_in_print)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
