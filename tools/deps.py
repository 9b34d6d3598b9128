"""What a chapter depends on, and its *input key*: a sha256 over

- its code cells (and the parameters it is run with, and the
  ``injected-parameters`` cell papermill stored in it, if any),
- the source of every ``analysis`` module it imports, followed transitively
  through the package's own imports (found statically with :mod:`ast`),
  together with every ``analysis`` module that was loaded in the kernel when
  it last ran (recorded at run time by :mod:`tools.runtrace`, so modules
  imported through :mod:`importlib` count too),
- the data files it read last time it ran (recorded at run time): raw files
  as manifest ids (they count by their manifest sha256, which every read
  verifies), files of the checkout under ``data/`` by path (they count by
  content), and
- ``requirements.lock``.

Only content counts: touching a file without changing it changes no key.
"""
from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from analysis.manifest import manifest
from tools import meta
from tools.book import Book

#: The package whose modules count as inputs.
PACKAGE = "analysis"


def _in_package(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


def module_file(book: Book, module: str) -> Path | None:
    """The source file of ``module`` in the checkout (``None`` if it has none)."""
    base = book.root.joinpath(*module.split("."))
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def imported_modules(book: Book, source: str, *, package: str | None = None) -> set[str]:
    """``analysis`` modules of the checkout imported by ``source`` (absolute and relative imports).

    ``from analysis.loaders import aid`` counts both ``analysis.loaders`` and
    ``analysis.loaders.aid``; every parent package is included. Imports inside
    functions count too. Code that does not parse (IPython magics) yields the
    imports of the lines that do.
    """
    found: set[str] = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            return found
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level and package:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join([*parts, mod] if mod else parts)
            names = [mod] + [f"{mod}.{a.name}" for a in node.names]
        for name in names:
            if _in_package(name):
                parts = name.split(".")
                for i in range(1, len(parts) + 1):
                    candidate = ".".join(parts[:i])
                    if module_file(book, candidate) is not None:
                        found.add(candidate)
    return found


def module_closure(book: Book, roots: Iterable[str]) -> set[str]:
    """All ``analysis`` modules reachable from ``roots`` through imports."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        path = module_file(book, mod)
        if path is None:
            continue
        pkg = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
        todo.extend(imported_modules(book, path.read_text(encoding="utf-8"), package=pkg) - seen)
    return seen


def notebook_modules(book: Book, nb: dict[str, Any]) -> set[str]:
    """Every ``analysis`` module a notebook depends on (transitively)."""
    roots: set[str] = set()
    for src in meta.code_sources(nb):
        roots |= imported_modules(book, src)
    return module_closure(book, roots)


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def data_digest(book: Book, item: str) -> str:
    """Digest standing for one traced data input.

    A manifest id counts by its manifest sha256 (the loader verifies the
    file against it); a repository path (e.g. ``data/facts/events.csv``) by
    its content; a vanished repository file by the marker ``missing``.
    """
    entries = manifest()
    if item in entries:
        return entries[item].sha256
    path = book.root / item
    return _sha(path.read_bytes()) if path.is_file() else "missing"


def input_key(book: Book, path: Path, data_inputs: Iterable[str], params: dict[str, Any] | None = None,
              modules: Iterable[str] = (), *, nb: dict[str, Any] | None = None) -> str:
    """The input key of a chapter (see the module docstring).

    Parameters
    ----------
    book
        The checkout.
    path
        The chapter's notebook.
    data_inputs
        Data files it read (manifest ids and repository paths).
    params
        Parameters it is run with.
    modules
        ``analysis`` modules loaded in its kernel when it ran; those that exist
        in the checkout count together with the statically found imports (a
        module that has since vanished drops out, which changes the key).
    nb
        The notebook's JSON, if already read (default: read from ``path``).
    """
    nb = book.read_notebook(path) if nb is None else nb
    h = hashlib.sha256()
    h.update(json.dumps(meta.code_sources(nb)).encode())
    injected = [meta.cell_source(c) for c in nb.get("cells", [])
                if c.get("cell_type") == "code" and meta.is_injected(c)]
    if injected:  # the parameters the stored notebook holds
        h.update(json.dumps(injected).encode())
    h.update(json.dumps(params or {}, sort_keys=True, default=str).encode())
    runtime = {m for m in modules if _in_package(m)}
    for mod in sorted(notebook_modules(book, nb) | {m for m in runtime if module_file(book, m) is not None}):
        f = module_file(book, mod)
        h.update(mod.encode())
        h.update(_sha(f.read_bytes()).encode() if f else b"?")
    for item in sorted(set(data_inputs)):
        h.update(item.encode())
        h.update(data_digest(book, item).encode())
    h.update(_sha(book.lock_file.read_bytes()).encode() if book.lock_file.is_file() else b"nolock")
    return h.hexdigest()


def unexecuted_cells(path: Path) -> list[int]:
    """Indices of the code cells of a notebook that carry no execution count:
    cells whose outputs were cleared (by an edit) and not produced again."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return []
    return [i for i, c in enumerate(cells)
            if c.get("cell_type") == "code" and meta.cell_source(c).strip()
            and c.get("execution_count") is None]


def stale_chapters(book: Book, paths: Iterable[Path], stamps: dict[str, dict[str, Any]]) -> list[Path]:
    """The chapters whose current input key differs from the stamped one, or
    that hold a code cell without an execution count (its outputs were cleared
    and never produced again, whatever the stamp says)."""
    out = []
    for p in paths:
        s = stamps.get(p.stem)
        if (s is None or s.get("key") != input_key(book, p, s.get("data", []), s.get("params") or {},
                                                   s.get("modules", []))
                or unexecuted_cells(p)):
            out.append(p)
    return out
