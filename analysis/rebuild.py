"""Re-execute the chapter notebooks with papermill, only where inputs changed.

Jupyter Book renders the outputs stored in the notebooks (``execute_notebooks:
off``); this module decides which notebooks are stale and re-executes them in
place, in parallel, with a progress bar.

A chapter's *input key* is a sha256 over

- its code cells (and the parameters it is run with),
- the source of every ``analysis`` module it imports, followed transitively
  through the package's own imports (found statically with :mod:`ast`),
- the data files it read last time it ran, recorded at run time in the file
  named by ``BOOK_DATA_TRACE``: raw files as manifest ids (they count by their
  manifest sha256, which every read verifies), files of this repository under
  ``data/`` (fact tables, country lists) by path (they count by content; a
  Python audit hook in the kernel records every one the chapter opens), and
- ``requirements.lock``.

Only content counts: touching a file without changing it re-executes nothing.
Keys live in ``chapters/_stamps.json`` (committed, so a fresh clone whose
stored outputs are current executes nothing). A chapter is executed into a
temporary file and copied over the original only when it succeeds, so a
failing chapter keeps its last good outputs. Run ``python -m analysis.rebuild
--help`` for the command line.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
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
#: Environment variable telling the kernel's audit hook which checkout's ``data/`` to trace.
ROOT_ENV = "BOOK_TRACE_ROOT"
#: Repository files that are never traced as chapter inputs (read by every chapter;
#: the manifest's rows count through the ids of the files a chapter reads).
UNTRACED = {"data/manifest.csv"}


def set_root(root: Path) -> None:
    """Point the module at another checkout (used by tests and the benchmark).

    Raw files are still described by the package's own manifest.
    """
    global ROOT, CHAPTERS_DIR, STAMPS_PATH, LOCK_PATH, PACKAGE_DIR
    ROOT = Path(root).resolve()
    CHAPTERS_DIR = ROOT / "chapters"
    STAMPS_PATH = CHAPTERS_DIR / "_stamps.json"
    LOCK_PATH = ROOT / "requirements.lock"
    PACKAGE_DIR = ROOT / "analysis"


# --------------------------------------------------------------------------- discovery
def toc_notebooks(toc: Path | None = None) -> list[Path]:
    """The ``.ipynb`` files listed in ``_toc.yml``, in book order."""
    toc = toc or ROOT / "_toc.yml"
    base = toc.parent
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    files: list[str] = [data["root"]]

    def walk(items: Iterable[dict[str, Any]]) -> None:
        for item in items or []:
            if "file" in item:
                files.append(item["file"])
            walk(item.get("sections", []))
            walk(item.get("chapters", []))

    for part in data.get("parts", []) or []:
        walk(part.get("chapters", []))
    walk(data.get("chapters", []))
    out = []
    for f in files:
        f = str(f)
        p = base / (f if f.endswith(".ipynb") else f"{f}.ipynb")
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
                + (", ".join(p.stem for p in books) or "(no chapter notebook in _toc.yml)")
            )
        if hits[0] not in out:
            out.append(hits[0])
    return out


# --------------------------------------------------------------------------- notebook reading
def read_notebook(path: Path) -> dict[str, Any]:
    """The notebook's JSON."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def code_sources(nb: dict[str, Any]) -> list[str]:
    """Source text of the notebook's code cells, papermill's injected cell excluded."""
    out = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        out.append(_source(cell))
    return out


def parameter_names(nb: dict[str, Any]) -> dict[str, Any]:
    """Names and default values assigned in the cell tagged ``parameters``.

    A default that is not a literal (e.g. ``x = f()``) is recorded as ``None``,
    which accepts any value.
    """
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            names: dict[str, Any] = {}
            for node in ast.parse(_source(cell)).body:
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


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a whole number", float: "a number", str: "text",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def check_value(chapter: str, name: str, default: Any, value: Any) -> None:
    """Check that ``value`` has the type of the parameter's default.

    Whole numbers are accepted where the default is a float; ``None`` as the
    default accepts anything. Checks of range and meaning are the notebook's
    own (it raises :class:`~analysis.errors.ParameterError`, which the rebuild
    reports with the chapter and cell).

    Raises
    ------
    ParameterError
        Naming the chapter, the parameter, the value and the type expected.
    """
    if default is None or value is None:
        return
    ok = type(value) is type(default) or (isinstance(default, float) and type(value) is int)
    if not ok:
        raise ParameterError(
            f"chapter {chapter!r}: parameter {name!r} must be {_type_name(default)} like its default "
            f"{default!r}, not {value!r}"
        )


def validate_parameters(path: Path, params: dict[str, Any]) -> None:
    """Check that every parameter given exists in the notebook's ``parameters`` cell
    and has the type of its default.

    Raises
    ------
    ParameterError
        Naming the chapter, the unknown or invalid parameter and the ones it accepts.
    """
    known = parameter_names(read_notebook(path))
    for key, value in params.items():
        if key not in known:
            allowed = ", ".join(f"{k} (default {v!r})" for k, v in sorted(known.items())) or "none"
            raise ParameterError(
                f"chapter {path.stem!r} has no parameter {key!r}; its parameters are: {allowed}"
            )
        check_value(path.stem, key, known[key], value)


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

    A manifest id counts by its manifest sha256 (the loader verifies the
    file against it); a repository path (e.g.
    ``data/facts/events.csv``) by its content; a vanished repository file by the
    marker ``missing``.
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


def read_stamps(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The recorded stamps (``{}`` when absent)."""
    path = path or STAMPS_PATH
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write_stamps(stamps: dict[str, dict[str, Any]], path: Path | None = None) -> None:
    """Write stamps sorted and indented, so that diffs stay readable."""
    path = path or STAMPS_PATH
    path.write_text(json.dumps(stamps, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def update_stamps(updates: dict[str, dict[str, Any]], path: Path | None = None) -> None:
    """Merge ``updates`` into the stamps file under an exclusive lock.

    Only the chapters in ``updates`` change, so concurrent rebuilds of
    different chapters do not overwrite each other's stamps.
    """
    import fcntl

    path = path or STAMPS_PATH
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


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def failure_message(exc: BaseException) -> str:
    """Where and why a chapter failed: cell number, the source line that raised, the error.

    For papermill's ``PapermillExecutionError`` the cell is named by its position
    among the code cells (and its execution count), and the line is found from
    the ``Cell In[n], line k`` frames of the traceback.
    """
    ename = getattr(exc, "ename", exc.__class__.__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell_index = getattr(exc, "cell_index", None)
    count = getattr(exc, "exec_count", None)
    source = getattr(exc, "source", "") or ""
    if cell_index is None and count is None:
        return f"{ename}: {evalue}"
    where = f"cell {cell_index + 1}" if cell_index is not None else "a cell"
    if count is not None:
        where += f" (In [{count}])"
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


#: Run in the kernel at start-up (IPython startup file): record every file under
#: the checkout's ``data/`` folder that the chapter opens, by repository path.
_TRACE_STARTUP = r'''
import os as _os, sys as _sys, threading as _threading
def _book_install_trace():
    root = _os.environ.get("BOOK_TRACE_ROOT")
    trace = _os.environ.get("BOOK_DATA_TRACE")
    if not root or not trace:
        return
    prefixes = tuple({_os.path.join(f(root), "data") + _os.sep for f in (_os.path.abspath, _os.path.realpath)})
    skip = set(_os.environ.get("BOOK_TRACE_SKIP", "").split(_os.pathsep))
    local = _threading.local()
    def hook(event, args):
        if event != "open" or getattr(local, "busy", False):
            return
        path = args[0]
        if not isinstance(path, (str, bytes, _os.PathLike)) or isinstance(path, int):
            return
        try:
            local.busy = True
            full = _os.path.abspath(_os.fsdecode(path))
            hit = next((p for p in prefixes if full.startswith(p)), None)
            if hit is not None and _os.path.isfile(full):
                rel = _os.path.relpath(full, _os.path.dirname(hit.rstrip(_os.sep)))
                if rel not in skip:
                    with open(trace, "a", encoding="utf-8") as fh:
                        fh.write(rel.replace(_os.sep, "/") + "\n")
        except Exception:
            pass
        finally:
            local.busy = False
    _sys.addaudithook(hook)
_book_install_trace()
del _book_install_trace
'''


def _ipython_dir(tmp: Path) -> Path:
    """A throw-away IPython directory whose startup file installs the data trace."""
    startup = tmp / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-book-trace.py").write_text(_TRACE_STARTUP, encoding="utf-8")
    return tmp / "ipython"


def prepare_notebook(path: Path, params: dict[str, Any]) -> Any:
    """The notebook to execute: without an injected-parameters cell of an earlier
    run when no parameters are given (papermill replaces it otherwise), so that
    a run with defaults really uses the defaults."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    if not params:
        nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    # papermill writes its own run record; an old one must not be carried
    # into the new (papermill stores an in-memory input notebook as
    # ``input_path``, so a carried record would nest a copy per run)
    nb.metadata.pop("papermill", None)
    return nb


def tidy_run_record(executed: Path, stored: Path, root: Path) -> None:
    """Make papermill's run record in ``executed`` name the chapter's own path.

    papermill records ``input_path`` and ``output_path``; here the input is an
    in-memory notebook and the output a temporary file, so both are replaced
    by the chapter's path relative to the book root, which keeps the stored
    notebook small and free of machine-specific paths.
    """
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    record = nb.metadata.setdefault("papermill", {})
    rel = str(stored.resolve().relative_to(root.resolve())) if stored.resolve().is_relative_to(root.resolve()) else stored.name
    record["input_path"] = rel
    record["output_path"] = rel
    nbformat.write(nb, str(executed))


def execute_one(path: str, params: dict[str, Any], root: str | None = None) -> RunResult:
    """Execute one notebook with papermill, tracing its data reads.

    The notebook is executed into a temporary file, which replaces the original
    only on success; on failure the executed copy is kept and its path given.
    """
    import papermill as pm

    nb_path = Path(path)
    root_path = Path(root) if root else ROOT
    tmp = Path(tempfile.mkdtemp(prefix=f"rebuild-{nb_path.stem}-"))
    trace = tmp / "trace.txt"
    trace.touch()
    os.environ[TRACE_ENV] = str(trace)
    os.environ[ROOT_ENV] = str(root_path)
    os.environ["BOOK_TRACE_SKIP"] = os.pathsep.join(sorted(UNTRACED))
    os.environ["IPYTHONDIR"] = str(_ipython_dir(tmp))
    out = tmp / nb_path.name
    start = time.perf_counter()
    try:
        pm.execute_notebook(
            prepare_notebook(nb_path, params), str(out), parameters=params or None, kernel_name=KERNEL,
            progress_bar=False, cwd=str(nb_path.parent),
        )
        ok, error = True, ""
    except Exception as exc:  # papermill wraps cell errors; report, do not crash the pool
        ok, error = False, failure_message(exc)
    seconds = time.perf_counter() - start
    data = sorted(set(trace.read_text(encoding="utf-8").split()))
    if ok:
        tidy_run_record(out, nb_path, root_path)
        shutil.copyfile(out, nb_path)
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        keep = tmp / f"{nb_path.stem}.failed.ipynb"
        if out.is_file():
            out.rename(keep)
            error += f"\n  (the stored notebook is unchanged; the failed run is in {keep})"
    return RunResult(chapter=nb_path.stem, ok=ok, seconds=round(seconds, 2), data=data, error=error)


def longest_first(paths: list[Path], stamps: dict[str, dict[str, Any]]) -> list[Path]:
    """``paths`` ordered by their last run time, longest (or never run) first.

    Starting the long chapters first keeps every core busy to the end.
    """
    def last(p: Path) -> float:
        s = stamps.get(chapter_name(p))
        return float(s.get("seconds", 0)) if s else float("inf")

    return sorted(paths, key=last, reverse=True)


def run(paths: list[Path], params: dict[str, dict[str, Any]], *, jobs: int, progress: bool = True) -> list[RunResult]:
    """Execute ``paths`` in parallel, update the stamps, return the results."""
    from tqdm import tqdm

    stamps: dict[str, dict[str, Any]] = {}
    results: list[RunResult] = []
    if not paths:
        return results
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(paths)))) as pool:
        futures = {pool.submit(execute_one, str(p), params.get(p.stem, {}), str(ROOT)): p
                   for p in longest_first(paths, read_stamps())}
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
    if stamps:
        update_stamps(stamps)
    return sorted(results, key=lambda r: r.chapter)


def parse_params(items: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Parse ``CHAPTER.NAME=VALUE`` strings (VALUE read as YAML).

    Raises
    ------
    ParameterError
        If an item is not of that form, names an unknown chapter or parameter,
        or gives a value of another type than the parameter's default.
    """
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        lhs = item.split("=", 1)[0]
        if "=" not in item or "." not in lhs or not lhs.split(".", 1)[1]:
            raise ParameterError(
                f"parameter {item!r} is not of the form CHAPTER.NAME=VALUE (e.g. 03_regression.start_year=1980)"
            )
        value_text = item.split("=", 1)[1]
        chapter, name = lhs.split(".", 1)
        path = resolve_chapters([chapter])[0]
        try:
            value = yaml.safe_load(value_text) if value_text.strip() else None
        except yaml.YAMLError as exc:
            raise ParameterError(
                f"chapter {path.stem!r}: value {value_text!r} of parameter {name!r} cannot be read ({exc})"
            ) from None
        if value is None:
            raise ParameterError(f"chapter {path.stem!r}: parameter {name!r} is given no value")
        validate_parameters(path, {name: value})
        out.setdefault(path.stem, {})[name] = value
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
    ap.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = ap.parse_args(argv)
    try:
        paths = resolve_chapters(args.chapters) if args.chapters else toc_notebooks()
        params = parse_params(args.param)
        outside = [c for c in params if c not in {p.stem for p in paths}]
        if outside:
            raise ParameterError(
                f"parameters are given for chapter {outside[0]!r}, which is not among the chapters "
                f"selected with --chapters ({', '.join(p.stem for p in paths)}); add it there"
            )
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
    results = run(todo, params, jobs=args.jobs, progress=not args.no_progress)
    failed = [r for r in results if not r.ok]
    for r in results:
        print(f"{r.chapter:24s} {'ok' if r.ok else 'FAILED':6s} {r.seconds:6.1f}s")
    for r in failed:
        print(f"rebuild: chapter {r.chapter} failed in {r.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
