"""The import rules of ``ARCHITECTURE.md``, checked on the source with :mod:`ast`.

Every module of ``analysis/``, ``tools/``, ``_ext/`` and ``scripts/`` is given a
layer by its path (:data:`LAYER_OF_PATH`). Two rules:

1. A module imports only from its own layer or a lower one (build tooling is
   the top layer: it may import anything, and nothing else may import it).
2. Presentation and the notebook layer do not import the data-access modules
   (the loaders and ``analysis.manifest``): they are handed frames.

Imports are collected everywhere in a module (top level, inside functions,
under ``TYPE_CHECKING``), in every spelling (``import a.b``, ``from a import b``,
relative imports) and through ``importlib.import_module``/``__import__`` with a
literal or f-string module name (the literal prefix counts).

The breaks that exist today are listed in :data:`KNOWN_VIOLATIONS` (issue 12).
The list may only shrink: a new break fails, and so does a listed break that no
longer exists (remove it from the list).
"""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The layers, lowest first. Chapters (``chapters/*.ipynb``) sit between the
#: notebook layer and build tooling; they are not Python modules and not checked here.
RAW, LOADERS, ANALYSIS, PRESENTATION, NOTEBOOK, BUILD = range(6)
LAYER_NAMES = ("raw", "loaders", "analysis", "presentation", "notebook", "build")

#: Path (file, or folder ending in ``/``) -> layer. The longest matching entry wins;
#: any other module of ``analysis/`` is an analysis module.
LAYER_OF_PATH: dict[str, int] = {
    "analysis/__init__.py": RAW,
    "analysis/manifest.py": RAW,  # the manifest reader and the resolver (sha256, coverage contracts)
    "analysis/errors.py": RAW,  # the error types every layer raises
    "analysis/countries.py": RAW,  # the country list and aliases (data/countries.csv)
    "analysis/loaders/": LOADERS,
    "analysis/": ANALYSIS,
    "analysis/figures/": PRESENTATION,
    "analysis/tables.py": PRESENTATION,
    "analysis/charts.py": PRESENTATION,
    "analysis/markdown.py": PRESENTATION,
    "analysis/preamble.py": NOTEBOOK,
    "tools/": BUILD,  # the rebuilder, the run tracing, the book's metadata (tools.meta)
    "_ext/": BUILD,
    "scripts/": BUILD,
}

#: Layers that must not import the data-access modules (rule 2).
FRAMES_ONLY = {PRESENTATION, NOTEBOOK}
DATA_ACCESS_MODULES = {"analysis.manifest"}  # and every module of the loaders layer

#: (importing module, imported module): the breaks of today, each debt under issue 12; the set only shrinks.
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()  # empty: issue 12 removed the last break

_DYNAMIC_IMPORTERS = {"import_module", "__import__"}


#: Top-level folders that are Python packages (their modules have dotted names).
PACKAGES = ("analysis", "tools")


def module_name(rel: str) -> str:
    """``analysis/loaders/aid.py`` -> ``analysis.loaders.aid``; ``_ext/book_latex.py`` -> ``book_latex``.

    Sphinx extensions and scripts are imported by their bare name (their folder is put on ``sys.path``).
    """
    parts = rel.removesuffix(".py").split("/")
    if parts[0] not in PACKAGES:
        return parts[-1]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(rel: str) -> int:
    """The layer of the module at repository path ``rel`` (see :data:`LAYER_OF_PATH`)."""
    matches = [p for p in LAYER_OF_PATH if rel == p or (p.endswith("/") and rel.startswith(p))]
    if not matches:
        raise KeyError(f"{rel}: no layer in LAYER_OF_PATH")
    return LAYER_OF_PATH[max(matches, key=len)]


@cache
def project_modules() -> dict[str, str]:
    """Module name -> repository path of every module checked."""
    files = [*ROOT.glob("analysis/**/*.py"), *ROOT.glob("tools/**/*.py"), *ROOT.glob("_ext/*.py"),
             *ROOT.glob("scripts/*.py")]
    out: dict[str, str] = {}
    for f in sorted(files):
        rel = f.relative_to(ROOT).as_posix()
        name = module_name(rel)
        assert name not in out, f"{rel} and {out[name]} are both module {name!r}"
        out[name] = rel
    return out


def _resolve(name: str, modules: dict[str, str]) -> str | None:
    """The longest prefix of dotted ``name`` that is a project module, or None (not ours)."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        candidate = ".".join(parts[:i])
        if candidate in modules:
            return candidate
    return None


def _literal_prefix(node: ast.expr) -> str | None:
    """The module name of a dynamic import: a string literal, or the literal start of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value.rstrip(".")
    return None


def imports_of(source: str, name: str, *, is_package: bool, modules: dict[str, str]) -> set[str]:
    """The project modules that module ``name`` (with ``source``) imports, by any route."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(t for a in node.names if (t := _resolve(a.name, modules)))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for a in node.names:
                # ``from analysis import preamble`` imports the submodule; ``from analysis.x import f`` the module
                target = _resolve(f"{base}.{a.name}", modules) or _resolve(base, modules)
                if target:
                    found.add(target)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if fname in _DYNAMIC_IMPORTERS and (text := _literal_prefix(node.args[0])):
                if target := _resolve(text, modules):
                    found.add(target)
    found.discard(name)
    return found


def violation(importer_rel: str, target_rel: str) -> str | None:
    """Why the module at ``importer_rel`` may not import the one at ``target_rel`` (None if it may)."""
    src, dst = layer_of(importer_rel), layer_of(target_rel)
    if dst > src:
        return f"upward: {LAYER_NAMES[src]} imports {LAYER_NAMES[dst]}"
    data_access = dst == LOADERS or module_name(target_rel) in DATA_ACCESS_MODULES
    if src in FRAMES_ONLY and data_access:
        return f"data access: {LAYER_NAMES[src]} imports {LAYER_NAMES[dst]} ({module_name(target_rel)})"
    return None


@cache
def violations() -> dict[tuple[str, str], str]:
    """Every break of the rules in the checked modules: (importer, imported) -> reason."""
    modules = project_modules()
    out: dict[tuple[str, str], str] = {}
    for name, rel in modules.items():
        source = (ROOT / rel).read_text(encoding="utf-8")
        for target in imports_of(source, name, is_package=rel.endswith("__init__.py"), modules=modules):
            if reason := violation(rel, modules[target]):
                out[(name, target)] = reason
    return out


def test_every_module_has_a_layer():
    modules = project_modules()
    assert len(modules) > 40, "the module search found too few modules"
    for rel in modules.values():
        layer_of(rel)  # raises KeyError when a module has no layer


def test_layer_map_names_existing_paths():
    """A file or folder that moved (e.g. rebuild.py out of analysis/) must leave LAYER_OF_PATH too."""
    missing = [p for p in LAYER_OF_PATH if not (ROOT / p).exists()]
    assert not missing, f"LAYER_OF_PATH names paths that do not exist: {missing}"


def test_no_new_layer_violations():
    new = {k: v for k, v in violations().items() if k not in KNOWN_VIOLATIONS}
    lines = [f"  {a} -> {b}: {why}" for (a, b), why in sorted(new.items())]
    assert not new, "imports that break the layer rules of ARCHITECTURE.md:\n" + "\n".join(lines)


def test_known_violations_still_exist():
    gone = sorted(KNOWN_VIOLATIONS - set(violations()))
    lines = [f"  {a} -> {b}" for a, b in gone]
    assert not gone, "fixed (well done): remove these from KNOWN_VIOLATIONS:\n" + "\n".join(lines)


SYNTHETIC_LOADER = '''
import importlib
from analysis import findings
from analysis.errors import ParameterError
from ..preamble import glue_text

def helper():
    import analysis.figures.asia
    return importlib.import_module("tools.rebuild")

def by_name(mod):
    return importlib.import_module(f"analysis.loaders.{mod}")
'''


def test_checker_flags_upward_imports():
    """A synthetic loader that imports upward by every route is caught; its downward imports are not."""
    modules = {**project_modules(), "analysis.loaders.synthetic": "analysis/loaders/synthetic.py"}
    found = imports_of(SYNTHETIC_LOADER, "analysis.loaders.synthetic", is_package=False, modules=modules)
    assert found == {"analysis.findings", "analysis.errors", "analysis.preamble", "analysis.figures.asia",
                     "tools.rebuild", "analysis.loaders"}
    flagged = {t for t in found if violation("analysis/loaders/synthetic.py", modules[t])}
    assert flagged == {"analysis.findings", "analysis.preamble", "analysis.figures.asia", "tools.rebuild"}


def test_tools_is_the_build_layer_and_analysis_does_not_import_it():
    """Build tooling lives in ``tools/`` (none left in ``analysis/``), and no analysis module imports it."""
    modules = project_modules()
    tools = {name for name, rel in modules.items() if rel.startswith("tools/")}
    assert {"tools.meta", "tools.rebuild", "tools.runtrace", "tools.book"} <= tools
    assert all(layer_of(modules[name]) == BUILD for name in tools)
    assert not (ROOT / "analysis" / "rebuild.py").exists() and not (ROOT / "analysis" / "runtrace.py").exists()
    upward = {(a, b) for (a, b) in violations() if a.startswith("analysis") and b.startswith("tools")}
    assert not upward, f"analysis modules import the build tooling: {sorted(upward)}"


@pytest.mark.parametrize(("source", "expected"), [
    ("from analysis.loaders import aid\n", "data access"),
    ("def f():\n    from analysis.manifest import resolve\n", "data access"),
    ("from analysis import preamble\n", "upward"),
    ("from analysis import models, charts\nfrom analysis.countries import name_of\n", None),
])
def test_checker_on_a_synthetic_figure_module(source, expected):
    modules = {**project_modules(), "analysis.figures.synthetic": "analysis/figures/synthetic.py"}
    found = imports_of(source, "analysis.figures.synthetic", is_package=False, modules=modules)
    assert found
    reasons = {violation("analysis/figures/synthetic.py", modules[t]) for t in found} - {None}
    if expected is None:
        assert not reasons
    else:
        assert reasons and all(r.startswith(expected) for r in reasons), reasons
