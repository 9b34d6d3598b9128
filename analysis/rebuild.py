"""Re-execute the chapter notebooks with papermill, only where inputs changed.

Jupyter Book renders the outputs stored in the notebooks (``execute_notebooks:
off``); this module decides which notebooks are stale and re-executes them in
place, in parallel, with a progress bar.

A chapter's *input key* is a sha256 over

- its code cells (and the parameters it is run with),
- the source of every ``analysis`` module it imports, followed transitively
  through the package's own imports (found statically with :mod:`ast`),
- the raw data files it read last time it ran (recorded at run time through
  ``BOOK_DATA_TRACE``; manifest ids count by their manifest sha256, files of
  this repository by their content), and
- ``requirements.lock``.

Keys live in ``chapters/_stamps.json`` (committed, so a fresh clone whose
stored outputs are current executes nothing). Run ``python -m analysis.rebuild
--help`` for the command line.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from analysis.errors import ParameterError
from analysis.manifest import ROOT, TRACE_ENV, manifest

CHAPTERS_DIR = ROOT / "chapters"
STAMPS_PATH = CHAPTERS_DIR / "_stamps.json"
LOCK_PATH = ROOT / "requirements.lock"
PACKAGE_DIR = ROOT / "analysis"
KERNEL = "python3"


# --------------------------------------------------------------------------- discovery
def toc_notebooks(toc: Path = ROOT / "_toc.yml") -> list[Path]:
    """The ``.ipynb`` files listed in ``_toc.yml``, in book order."""
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    files: list[str] = [data["root"]]

    def walk(items: Iterable[dict[str, Any]]) -> None:
        for item in items:
            if "file" in item:
                files.append(item["file"])
            walk(item.get("sections", []))
            walk(item.get("chapters", []))

    for part in data.get("parts", []):
        walk(part.get("chapters", []))
    walk(data.get("chapters", []))
    out = []
    for f in files:
        p = ROOT / f"{f}.ipynb"
        if p.is_file():
            out.append(p)
    return out


def chapter_name(path: Path) -> str:
    """Short name of a chapter notebook: its file stem (e.g. ``03_regression``)."""
    return path.stem


def resolve_chapters(names: Iterable[str]) -> list[Path]:
    """Map chapter names (stems, or stem prefixes like ``03``) to notebooks.

    Raises
    ------
    ParameterError
        If a name matches no chapter or more than one.
    """
    books = toc_notebooks()
    out: list[Path] = []
    for name in names:
        hits = [p for p in books if p.stem == name] or [p for p in books if p.stem.startswith(name)]
        if len(hits) != 1:
            raise ParameterError(
                f"chapter {name!r} matches {len(hits)} notebooks; choose one of: "
                + ", ".join(p.stem for p in books)
            )
        out.append(hits[0])
    return out


# --------------------------------------------------------------------------- notebook reading
def read_notebook(path: Path) -> dict[str, Any]:
    """The notebook's JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


def code_sources(nb: dict[str, Any]) -> list[str]:
    """Source text of the notebook's code cells, papermill's injected cell excluded."""
    out = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        src = cell.get("source", "")
        out.append("".join(src) if isinstance(src, list) else src)
    return out


def parameter_names(nb: dict[str, Any]) -> dict[str, Any]:
    """Names and default values assigned in the cell tagged ``parameters``."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else src
            names: dict[str, Any] = {}
            for node in ast.parse(src).body:
                if isinstance(node, (ast.Assign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for t in targets:
                        if isinstance(t, ast.Name):
                            try:
                                names[t.id] = ast.literal_eval(node.value) if node.value else None
                            except ValueError:
                                names[t.id] = None
            return names
    return {}


def validate_parameters(path: Path, params: dict[str, Any]) -> None:
    """Check that every parameter given exists in the notebook's ``parameters`` cell.

    Raises
    ------
    ParameterError
        Naming the chapter, the unknown parameter and the ones it accepts.
    """
    known = parameter_names(read_notebook(path))
    for key in params:
        if key not in known:
            allowed = ", ".join(sorted(known)) or "none"
            raise ParameterError(
                f"chapter {path.stem!r} has no parameter {key!r}; its parameters are: {allowed}"
            )


# --------------------------------------------------------------------------- module graph
def _module_file(module: str) -> Path | None:
    rel = module.split(".")
    base = ROOT.joinpath(*rel)
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def imported_modules(source: str, *, package: str | None = None) -> set[str]:
    """``analysis`` modules imported by ``source`` (absolute and relative imports).

    ``from analysis.loaders import aid`` counts both ``analysis.loaders`` and
    ``analysis.loaders.aid``; every parent package is included.
    """
    found: set[str] = set()
    try:
        tree = ast.parse(source)
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
            if name == "analysis" or name.startswith("analysis."):
                parts = name.split(".")
                for i in range(1, len(parts) + 1):
                    candidate = ".".join(parts[:i])
                    if _module_file(candidate) is not None:
                        found.add(candidate)
    return found


def module_closure(roots: Iterable[str]) -> set[str]:
    """All ``analysis`` modules reachable from ``roots`` through imports."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        path = _module_file(mod)
        if path is None:
            continue
        pkg = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
        todo.extend(imported_modules(path.read_text(encoding="utf-8"), package=pkg) - seen)
    return seen


def notebook_modules(nb: dict[str, Any]) -> set[str]:
    """Every ``analysis`` module a notebook depends on (transitively)."""
    roots: set[str] = set()
    for src in code_sources(nb):
        roots |= imported_modules(src)
    return module_closure(roots)


# --------------------------------------------------------------------------- keys and stamps
def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def data_digest(item: str) -> str:
    """Digest standing for one traced data input.

    A manifest id counts by its manifest sha256 (the loader verifies the file
    against it); a repository path (e.g. ``data/facts/events.csv``) by its
    content; a vanished repository file by the marker ``missing``.
    """
    entries = manifest()
    if item in entries:
        return entries[item].sha256
    path = ROOT / item
    return _sha(path.read_bytes()) if path.is_file() else "missing"


def input_key(path: Path, data_inputs: Iterable[str], params: dict[str, Any] | None = None) -> str:
    """The input key of a chapter (see the module docstring)."""
    nb = read_notebook(path)
    h = hashlib.sha256()
    h.update(json.dumps(code_sources(nb)).encode())
    h.update(json.dumps(params or {}, sort_keys=True, default=str).encode())
    for mod in sorted(notebook_modules(nb)):
        f = _module_file(mod)
        h.update(mod.encode())
        h.update(_sha(f.read_bytes()).encode() if f else b"?")
    for item in sorted(set(data_inputs)):
        h.update(item.encode())
        h.update(data_digest(item).encode())
    h.update(_sha(LOCK_PATH.read_bytes()).encode() if LOCK_PATH.is_file() else b"nolock")
    return h.hexdigest()


def read_stamps(path: Path = STAMPS_PATH) -> dict[str, dict[str, Any]]:
    """The recorded stamps (``{}`` when absent)."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write_stamps(stamps: dict[str, dict[str, Any]], path: Path = STAMPS_PATH) -> None:
    """Write stamps sorted and indented, so that diffs stay readable."""
    path.write_text(json.dumps(stamps, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def update_stamps(updates: dict[str, dict[str, Any]], path: Path = STAMPS_PATH) -> None:
    """Merge ``updates`` into the stamps file under an exclusive lock.

    Only the chapters in ``updates`` change, so concurrent rebuilds of
    different chapters do not overwrite each other's stamps.
    """
    import fcntl

    lock = path.with_suffix(".lock")
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        stamps = read_stamps(path)
        stamps.update(updates)
        write_stamps(stamps, path)
        fcntl.flock(fh, fcntl.LOCK_UN)


def stale_chapters(paths: Iterable[Path], stamps: dict[str, dict[str, Any]]) -> list[Path]:
    """The chapters whose current input key differs from the stamped one."""
    out = []
    for p in paths:
        s = stamps.get(chapter_name(p))
        if s is None or s.get("key") != input_key(p, s.get("data", []), s.get("params") or {}):
            out.append(p)
    return out


# --------------------------------------------------------------------------- execution
@dataclass
class RunResult:
    """Outcome of executing one chapter."""

    chapter: str
    ok: bool
    seconds: float
    data: list[str] = field(default_factory=list)
    error: str = ""


def _failed_cell(exc: BaseException) -> str:
    cell = getattr(exc, "exec_count", None)
    ename = getattr(exc, "ename", exc.__class__.__name__)
    evalue = getattr(exc, "evalue", str(exc))
    where = f"cell [{cell}]" if cell is not None else "a cell"
    return f"{where} raised {ename}: {evalue}"


def execute_one(path: str, params: dict[str, Any]) -> RunResult:
    """Execute one notebook in place with papermill, tracing its data reads."""
    import papermill as pm

    nb_path = Path(path)
    fd, trace = tempfile.mkstemp(prefix="trace-", suffix=".txt")
    os.close(fd)
    os.environ[TRACE_ENV] = trace
    start = time.perf_counter()
    try:
        pm.execute_notebook(
            str(nb_path), str(nb_path), parameters=params or None, kernel_name=KERNEL,
            progress_bar=False, cwd=str(nb_path.parent),
        )
        ok, error = True, ""
    except Exception as exc:  # papermill wraps cell errors; report, do not crash the pool
        ok, error = False, _failed_cell(exc)
    seconds = time.perf_counter() - start
    data = sorted(set(Path(trace).read_text(encoding="utf-8").split()))
    os.unlink(trace)
    return RunResult(chapter=nb_path.stem, ok=ok, seconds=round(seconds, 2), data=data, error=error)


def run(paths: list[Path], params: dict[str, dict[str, Any]], *, jobs: int, progress: bool = True) -> list[RunResult]:
    """Execute ``paths`` in parallel, update the stamps, return the results."""
    from tqdm import tqdm

    stamps: dict[str, dict[str, Any]] = {}
    results: list[RunResult] = []
    if not paths:
        return results
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(paths)))) as pool:
        futures = {pool.submit(execute_one, str(p), params.get(p.stem, {})): p for p in paths}
        bar = tqdm(total=len(paths), desc="chapters", unit="nb", disable=not progress, file=sys.stderr)
        for fut in as_completed(futures):
            res = fut.result()
            results.append(res)
            bar.set_postfix_str(f"{res.chapter} {'ok' if res.ok else 'FAILED'} {res.seconds:.1f}s")
            bar.update(1)
            if res.ok:
                p = futures[fut]
                stamps[res.chapter] = {
                    "key": input_key(p, res.data, params.get(p.stem, {})),
                    "data": res.data,
                    "params": params.get(p.stem, {}),
                    "seconds": res.seconds,
                    "executed": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                }
        bar.close()
    update_stamps(stamps)
    return sorted(results, key=lambda r: r.chapter)


def parse_params(items: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Parse ``CHAPTER.NAME=VALUE`` strings (VALUE read as YAML).

    Raises
    ------
    ParameterError
        If an item is not of that form, or names an unknown chapter or parameter.
    """
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        if "=" not in item or "." not in item.split("=", 1)[0]:
            raise ParameterError(f"parameter {item!r} is not of the form CHAPTER.NAME=VALUE (e.g. 03_regression.start_year=1980)")
        lhs, value = item.split("=", 1)
        chapter, name = lhs.split(".", 1)
        path = resolve_chapters([chapter])[0]
        validate_parameters(path, {name: None})
        out.setdefault(path.stem, {})[name] = yaml.safe_load(value)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m analysis.rebuild [--force] [--chapters ...] [-p CH.NAME=VALUE ...]``."""
    ap = argparse.ArgumentParser(prog="python -m analysis.rebuild", description=__doc__.split("\n\n")[0])
    ap.add_argument("--force", action="store_true", help="execute every selected chapter, stale or not")
    ap.add_argument("--chapters", nargs="*", default=None, help="chapter stems or prefixes (default: all)")
    ap.add_argument("-p", "--param", action="append", default=[], metavar="CH.NAME=VALUE",
                    help="a papermill parameter for one chapter; repeatable")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="parallel kernels")
    ap.add_argument("--dry-run", action="store_true", help="only list the chapters that would run")
    args = ap.parse_args(argv)
    try:
        paths = resolve_chapters(args.chapters) if args.chapters else toc_notebooks()
        params = parse_params(args.param)
    except ParameterError as exc:
        print(f"rebuild: {exc}", file=sys.stderr)
        return 2
    stamps = read_stamps()
    for name, p in params.items():  # a chapter run with other parameters is stale
        if stamps.get(name, {}).get("params") != p:
            stamps.pop(name, None)
    todo = paths if args.force else stale_chapters(paths, stamps)
    todo = sorted(set(todo) | {p for p in paths if p.stem in params}, key=paths.index)
    if args.dry_run:
        print("\n".join(p.stem for p in todo) or "nothing to execute")
        return 0
    if not todo:
        print("rebuild: every chapter is up to date")
        return 0
    results = run(todo, params, jobs=args.jobs)
    failed = [r for r in results if not r.ok]
    for r in results:
        print(f"{r.chapter:24s} {'ok' if r.ok else 'FAILED':6s} {r.seconds:6.1f}s")
    for r in failed:
        print(f"rebuild: chapter {r.chapter} failed: {r.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
