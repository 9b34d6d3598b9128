"""Facts about the book that the build shows: version, chapters and their
titles, execution stamps, the data manifest, the citation file.

Plain functions over the files of a checkout (``root``), used by the local
Sphinx extensions and by the tests. Nothing here writes a file.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


def book_version(root: Path) -> str:
    """The book's version: ``__version__`` of ``analysis/__init__.py``.

    Read as text (not imported), so that the checkout being built is the one
    asked, whatever ``analysis`` the Python path finds first.
    """
    text = (root / "analysis" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not m:
        raise ValueError(f"{root / 'analysis' / '__init__.py'} defines no __version__ = '...'")
    return m.group(1)


def read_book_config(root: Path) -> dict[str, Any]:
    """``_config.yml`` as a mapping."""
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


@dataclass(frozen=True)
class TocEntry:
    """One page of ``_toc.yml``: its docname, the part caption it sits under, its file."""

    docname: str
    caption: str
    path: Path | None

    @property
    def stem(self) -> str:
        return self.docname.rsplit("/", 1)[-1]

    @property
    def is_notebook(self) -> bool:
        return self.path is not None and self.path.suffix == ".ipynb"


def toc_entries(root: Path) -> list[TocEntry]:
    """Pages listed in ``_toc.yml`` (root page first), in book order."""
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

    out.append(TocEntry(data["root"], "", find(data["root"])))
    for part in data.get("parts", []) or []:
        walk(part.get("chapters", []), part.get("caption", ""))
    walk(data.get("chapters", []), "")
    return out


def is_appendix(entry: TocEntry) -> bool:
    """Whether a page sits under an appendix caption (or is named ``appendix_*``/bibliography)."""
    return entry.caption.strip().lower() in {"appendices", "appendix"} or entry.stem.startswith("appendix")


def main_chapters(root: Path) -> list[TocEntry]:
    """The chapters proper: every page but the root page and the appendices."""
    return [e for e in toc_entries(root)[1:] if not is_appendix(e)]


def _notebook_cells(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8")).get("cells", [])


def cell_source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def page_title(path: Path | None, fallback: str = "") -> str:
    """The first level-one heading of a page (Markdown or notebook)."""
    if path is None or not path.is_file():
        return fallback
    if path.suffix == ".ipynb":
        texts = [cell_source(c) for c in _notebook_cells(path) if c.get("cell_type") == "markdown"]
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


#: Chapters that carry no number, as in the original book (Katada 2001 has an
#: unnumbered Introduction and Conclusion around chapters 1-8): the name after
#: the file's prefix -> the label that numbers their figures and tables
#: ("Table Concl.1"), which cannot be mistaken for a chapter or an appendix.
UNNUMBERED = {"introduction": "Intro", "conclusion": "Concl"}


def chapter_label(stem: str) -> str | None:
    """The label of a chapter file: its number (``03_regression`` -> ``"3"``),
    the label of an unnumbered chapter (``00_introduction`` -> ``"Intro"``), or
    None for a file without a numeric prefix."""
    m = re.match(r"(\d+)_(.+)$", stem)
    if not m:
        return None
    return UNNUMBERED.get(m.group(2), str(int(m.group(1))))


def chapter_number(entry: TocEntry) -> int | None:
    """The chapter number of a page (``03_regression`` -> 3); None for the
    unnumbered Introduction and Conclusion and for pages without a number."""
    label = chapter_label(entry.stem)
    return int(label) if label is not None and label.isdigit() else None


def read_stamps(root: Path) -> dict[str, dict[str, Any]]:
    """``chapters/_stamps.json`` (``{}`` when absent)."""
    path = root / "chapters" / "_stamps.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def read_manifest(root: Path) -> dict[str, dict[str, str]]:
    """Rows of ``data/manifest.csv`` keyed by ``file_id``."""
    with (root / "data" / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        return {row["file_id"]: row for row in csv.DictReader(fh)}


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
