"""The book's metadata, read from the files of a checkout: the one place that
knows their formats.

Shared by the rebuilder (:mod:`tools.rebuild`) and the Sphinx extensions in
``_ext/``, and used by the tests:

- the table of contents, ``_toc.yml`` (:func:`toc_entries`, :func:`toc_notebooks`);
- chapter numbers from file names (:data:`CHAPTER_FILE`, :func:`chapter_label`);
- notebooks: their JSON, code cells and ``parameters`` cell (:func:`read_notebook`,
  :func:`code_sources`, :func:`parameter_names`);
- the execution stamps, ``chapters/_stamps.json`` (:func:`read_stamps`,
  :func:`write_stamps`, :func:`update_stamps`);
- the rows of the data manifest (:func:`read_manifest`), the version, the
  configuration, ``CITATION.cff`` and the pinned package versions.

Functions take the checkout (``root``) or a file explicitly; nothing here
imports the checkout's code but the manifest reader of ``analysis.manifest``.
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tools.errors import NotebookFileError
from tools.files import atomic_write, relative

#: The stamps file, relative to the checkout.
STAMPS = "chapters/_stamps.json"
#: Tag of the cell papermill injects with the parameters of a run.
INJECTED = "injected-parameters"
#: Tag of the cell holding a notebook's parameters and their defaults.
PARAMETERS = "parameters"
#: Key recorded for a chapter while its notebook is being replaced.
PENDING = "pending"
#: A chapter file name: a numeric prefix, an underscore, a name (``03_regression``).
CHAPTER_FILE = re.compile(r"(\d+)_(.+)$")
#: Chapters that carry no number, as in the original book (Katada 2001 has an
#: unnumbered Introduction and Conclusion around chapters 1-8): the name after
#: the file's prefix -> the label that numbers their figures and tables
#: ("Table Concl.1"), which cannot be mistaken for a chapter or an appendix.
UNNUMBERED = {"introduction": "Intro", "conclusion": "Concl"}


# --------------------------------------------------------------------------- version, configuration
def book_version(root: Path) -> str:
    """The book's version: ``__version__`` of ``analysis/__init__.py``.

    Read as text (not imported), so that the checkout being built is the one
    asked, whatever ``analysis`` the Python path finds first.

    Raises
    ------
    ValueError
        If the file defines no ``__version__``.
    """
    text = (root / "analysis" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not m:
        raise ValueError(f"{root / 'analysis' / '__init__.py'} defines no __version__ = '...'")
    return m.group(1)


def read_book_config(root: Path) -> dict[str, Any]:
    """``_config.yml`` as a mapping."""
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def read_cff(root: Path) -> dict[str, Any]:
    """``CITATION.cff`` as a mapping."""
    return yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))


def lock_versions(root: Path, names: list[str]) -> dict[str, str]:
    """Pinned versions of ``names`` in ``requirements.lock`` (case-insensitive, ``-``/``_`` alike)."""
    want = {n.lower().replace("_", "-"): n for n in names}
    out: dict[str, str] = {}
    path = root / "requirements.lock"
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, ver = line.split("==", 1)
            key = name.strip().lower().replace("_", "-")
            if key in want:
                out[want[key]] = ver.strip()
    return out


# --------------------------------------------------------------------------- table of contents
@dataclass(frozen=True)
class TocEntry:
    """One page of ``_toc.yml``: its docname, the part caption it sits under, its file."""

    docname: str
    caption: str
    path: Path | None

    @property
    def stem(self) -> str:
        """The file name without folder and suffix (``03_regression``)."""
        return self.docname.rsplit("/", 1)[-1]

    @property
    def is_notebook(self) -> bool:
        """Whether the page is a notebook found on disk."""
        return self.path is not None and self.path.suffix == ".ipynb"


def toc_entries(root: Path) -> list[TocEntry]:
    """Pages listed in ``_toc.yml`` (root page first), in book order.

    Chapters, their sections and nested chapters are walked depth first; each
    page's file is the first of ``.ipynb``, ``.md``, ``.rst`` that exists.
    """
    data = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    out: list[TocEntry] = []

    def find(doc: str) -> Path | None:
        for ext in (".ipynb", ".md", ".rst"):
            p = root / f"{doc}{ext}"
            if p.is_file():
                return p
        return None

    def walk(items: list[dict[str, Any]], caption: str) -> None:
        for item in items or []:
            if "file" in item:
                doc = str(item["file"]).rsplit(".", 1)[0] if str(item["file"]).endswith((".md", ".ipynb")) \
                    else str(item["file"])
                out.append(TocEntry(doc, caption, find(doc)))
            walk(item.get("sections", []), caption)
            walk(item.get("chapters", []), caption)

    out.append(TocEntry(str(data["root"]), "", find(str(data["root"]))))
    for part in data.get("parts", []) or []:
        walk(part.get("chapters", []), part.get("caption", ""))
    walk(data.get("chapters", []), "")
    return out


def toc_notebooks(root: Path) -> list[Path]:
    """The notebook files listed in ``_toc.yml``, in book order."""
    return [e.path for e in toc_entries(root) if e.is_notebook and e.path is not None]


def is_appendix(entry: TocEntry) -> bool:
    """Whether a page sits under an appendix caption (or is named ``appendix_*``/bibliography)."""
    return entry.caption.strip().lower() in {"appendices", "appendix"} or entry.stem.startswith("appendix")


def main_chapters(root: Path) -> list[TocEntry]:
    """The chapters proper: every page but the root page and the appendices."""
    return [e for e in toc_entries(root)[1:] if not is_appendix(e)]


def chapter_label(stem: str) -> str | None:
    """The label of a chapter file: its number (``03_regression`` -> ``"3"``),
    the label of an unnumbered chapter (``00_introduction`` -> ``"Intro"``), or
    None for a file without a numeric prefix."""
    m = CHAPTER_FILE.match(stem)
    if not m:
        return None
    return UNNUMBERED.get(m.group(2), str(int(m.group(1))))


def chapter_number(entry: TocEntry) -> int | None:
    """The chapter number of a page (``03_regression`` -> 3); None for the
    unnumbered Introduction and Conclusion and for pages without a number."""
    label = chapter_label(entry.stem)
    return int(label) if label is not None and label.isdigit() else None


# --------------------------------------------------------------------------- notebooks
def read_json(path: Path, what: str, root: Path | None = None) -> Any:
    """The JSON in ``path``.

    Parameters
    ----------
    path
        The file.
    what
        What the file is, for the message (``"notebook"``, ``"stamps file"``).
    root
        The checkout, to name the file relative to it.

    Raises
    ------
    NotebookFileError
        In one line naming the file, the error and how to restore it.
    """
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        name = relative(path, root)
        raise NotebookFileError(
            f"{name} is not a valid {what} ({exc}); restore it with `git checkout -- {name}`"
            + (" (or delete it: every chapter is then executed again)" if what == "stamps file" else "")
        ) from None


def read_notebook(path: Path, root: Path | None = None) -> dict[str, Any]:
    """The notebook's JSON.

    Raises
    ------
    NotebookFileError
        If the file is not valid JSON (one line naming it relative to ``root``
        and how to restore it).
    """
    return read_json(path, "notebook", root)


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat stores a string or a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def has_tag(cell: dict[str, Any], tag: str) -> bool:
    """Whether ``cell`` carries the tag ``tag``."""
    return tag in cell.get("metadata", {}).get("tags", [])


def is_injected(cell: dict[str, Any]) -> bool:
    """Whether ``cell`` is the parameters cell papermill injected."""
    return has_tag(cell, INJECTED)


def code_sources(nb: dict[str, Any]) -> list[str]:
    """Source text of the notebook's code cells, papermill's injected cell excluded."""
    return [cell_source(c) for c in nb.get("cells", []) if c.get("cell_type") == "code" and not is_injected(c)]


def parameter_names(nb: dict[str, Any]) -> dict[str, Any]:
    """Names and default values assigned in the cell tagged ``parameters``.

    A default that is not a literal (e.g. ``x = f()``) is recorded as ``None``,
    which accepts any value.
    """
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and has_tag(cell, PARAMETERS):
            names: dict[str, Any] = {}
            for node in ast.parse(cell_source(cell)).body:
                if isinstance(node, (ast.Assign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for t in targets:
                        if isinstance(t, ast.Name):
                            try:
                                names[t.id] = ast.literal_eval(node.value) if node.value else None
                            except (ValueError, SyntaxError, TypeError):
                                names[t.id] = None
            return names
    return {}


def page_title(path: Path | None, fallback: str = "") -> str:
    """The first level-one heading of a page (Markdown or notebook)."""
    if path is None or not path.is_file():
        return fallback
    if path.suffix == ".ipynb":
        texts = [cell_source(c) for c in read_notebook(path).get("cells", []) if c.get("cell_type") == "markdown"]
    else:
        texts = [path.read_text(encoding="utf-8")]
    for text in texts:
        in_fence = False
        for line in text.splitlines():
            if line.lstrip().startswith(("```", ":::")):
                in_fence = not in_fence
            if not in_fence and re.match(r"#\s+\S", line):
                return line.lstrip("#").strip()
    return fallback


# --------------------------------------------------------------------------- stamps
def stamps_path(root: Path) -> Path:
    """The checkout's stamps file, ``chapters/_stamps.json``."""
    return Path(root) / STAMPS


def read_stamps(path: Path, root: Path | None = None) -> dict[str, dict[str, Any]]:
    """The stamps recorded in the file ``path`` (``{}`` when absent).

    Raises
    ------
    NotebookFileError
        If the file is not valid JSON (one line naming it and how to restore it).
    """
    path = Path(path)
    if not path.is_file():
        return {}
    return read_json(path, "stamps file", root)


def write_stamps(stamps: dict[str, dict[str, Any]], path: Path) -> None:
    """Write stamps sorted and indented, so that diffs stay readable (atomically,
    see :func:`tools.files.atomic_write`)."""
    atomic_write(Path(path), (json.dumps(stamps, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def update_stamps(updates: dict[str, dict[str, Any]], path: Path) -> None:
    """Merge ``updates`` into the stamps file ``path`` under an exclusive lock
    (the file ``path`` with the suffix ``.lock``).

    Only the chapters in ``updates`` change, so concurrent rebuilds of
    different chapters do not overwrite each other's stamps.
    """
    import fcntl

    path = Path(path)
    with open(path.with_suffix(".lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        stamps = read_stamps(path)
        stamps.update(updates)
        write_stamps(stamps, path)
        fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- manifest rows
def read_manifest(root: Path) -> dict[str, dict[str, str]]:
    """Rows of the checkout's ``data/manifest.csv`` keyed by ``file_id``, as text.

    Read and validated by the package's own reader
    (:func:`analysis.manifest.read_manifest`); each row holds the manifest's
    columns (``path``, ``sha256``, ``upstream_repo``, ``licence``, ...).
    """
    from analysis.manifest import MANIFEST_COLUMNS
    from analysis.manifest import read_manifest as read_entries

    entries = read_entries(Path(root) / "data" / "manifest.csv")
    return {fid: {col: str(getattr(e, col)) for col in MANIFEST_COLUMNS} for fid, e in entries.items()}
