"""Number figures and tables per chapter in the HTML book, as in the PDF.

Without section numbers Sphinx counts figures and tables through the whole
book ("Fig. 14"), while the PDF numbers them per chapter ("Fig. 3.2"), so a
reader citing one edition could not find the figure in the other. After
Sphinx has assigned its numbers (in its ``env-get-updated`` handler), this
extension, run later in the same event, renumbers
each chapter's figures, tables and code blocks as ``(chapter, n)`` in
document order: the chapter number is the file's two-digit prefix
(``chapters/03_regression`` -> 3), and appendices get the letters A, B, ...
in the order of ``_toc.yml``, matching the PDF.
"""
from __future__ import annotations

import copy
import os
import re
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

CHAPTER = re.compile(r"(?:^|/)(\d{2})_[^/]*$")


def toc_files(srcdir: str | os.PathLike[str]) -> list[str]:
    """Document names listed in ``_toc.yml``, in book order."""
    data = yaml.safe_load((Path(srcdir) / "_toc.yml").read_text(encoding="utf-8"))
    out: list[str] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if "file" in item:
                out.append(str(item["file"]))
            walk(item.get("sections", []))
            walk(item.get("chapters", []))

    for part in data.get("parts", []):
        walk(part.get("chapters", []))
    walk(data.get("chapters", []))
    return out


def chapter_labels(docnames: list[str]) -> dict[str, str]:
    """The chapter label of each document: its number, or a letter for an appendix."""
    labels: dict[str, str] = {}
    letter = ord("A")
    for doc in docnames:
        m = CHAPTER.search(doc)
        if m:
            labels[doc] = str(int(m.group(1)))
        elif "appendix" in doc.rsplit("/", 1)[-1] or doc.endswith("bibliography"):
            labels[doc] = chr(letter)
            letter += 1
    return labels


def renumber(fignumbers: dict[str, dict[str, dict[str, tuple[Any, ...]]]], labels: dict[str, str]) -> None:
    """Rewrite ``fignumbers`` in place as (chapter, n) per document and type."""
    for doc, types in fignumbers.items():
        label = labels.get(doc)
        if label is None:
            continue
        for ids in types.values():
            for n, (node_id, _old) in enumerate(sorted(ids.items(), key=lambda kv: kv[1]), start=1):
                ids[node_id] = (label, n)


#: Attribute of the environment holding Sphinx's own numbers of the last build.
ORIGINAL = "book_sphinx_fignumbers"


def restore_sphinx_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Before Sphinx numbers: put back its own numbers of the last build.

    Sphinx rewrites every page whose numbers differ from the stored ones; were
    the stored ones the per-chapter numbers, every page with a figure would
    differ and be rewritten on each build, even when nothing changed.
    """
    original = getattr(env, ORIGINAL, None)
    if original is not None:
        env.toc_fignumbers = copy.deepcopy(original)
    return []


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After Sphinx numbers: keep its numbers, then renumber per chapter."""
    if app.builder.format != "html":
        return []
    setattr(env, ORIGINAL, copy.deepcopy(env.toc_fignumbers))
    renumber(env.toc_fignumbers, chapter_labels(toc_files(app.srcdir)))
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    # around Sphinx's own toctree collector (default priority 500)
    app.connect("env-get-updated", restore_sphinx_numbers, priority=100)
    app.connect("env-get-updated", on_env_get_updated, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
