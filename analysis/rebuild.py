"""Re-execute the chapter notebooks with papermill, only where inputs changed.

Jupyter Book renders the outputs stored in the notebooks (``execute_notebooks:
off``); this module decides which notebooks are stale and re-executes them, in
parallel worker processes, with a progress bar.

A chapter's *input key* is a sha256 over

- its code cells (and the parameters it is run with, and the
  ``injected-parameters`` cell papermill stored in it, if any),
- the source of every ``analysis`` module it imports, followed transitively
  through the package's own imports (found statically with :mod:`ast`),
  together with every ``analysis`` module that was loaded in the kernel when
  it last ran (recorded at run time by :mod:`analysis.runtrace`, so modules
  imported through :mod:`importlib` count too),
- the data files it read last time it ran, recorded at run time in the file
  named by ``BOOK_DATA_TRACE``: raw files as manifest ids (they count by their
  manifest sha256, which every read verifies), files of this repository under
  ``data/`` (fact tables, country lists) by path (they count by content; a
  Python audit hook in the kernel records every one the chapter opens), and
- ``requirements.lock``.

Only content counts: touching a file without changing it re-executes nothing.
Keys live in ``chapters/_stamps.json`` (committed, so a fresh clone whose
stored outputs are current executes nothing).

How a run behaves:

- Each chapter is executed by a worker subprocess into a temporary folder
  (removed on every exit); the stored notebook is never written in place. When
  a chapter succeeds, its notebook and then its stamp are committed at once,
  each through a temporary file in the same folder and :func:`os.replace`
  (with ``fsync``), with ``SIGINT``/``SIGTERM`` deferred for that moment; the
  stamp is first marked ``pending`` so that a chapter whose notebook was
  replaced but whose stamp was not is executed again next time.
- ``SIGINT`` (Ctrl-C) or ``SIGTERM`` stops every worker and its Jupyter kernel
  (killed explicitly; the kernels also ask Linux to kill them when their
  worker dies), writes nothing more, and exits with 130 (143 for ``SIGTERM``).
- A failed chapter keeps its last good notebook; the failed run is kept in
  ``.book-cache/failed/<chapter>.ipynb``. Volatile papermill metadata (run
  times, durations) is not stored, so the same inputs give the same bytes.
- Two rebuilds in one checkout are serialised by a lock file,
  ``.book-cache/build.lock`` (:func:`build_lock`); ``python -m
  analysis.rebuild --lock-only -- COMMAND ...`` runs any command under it.

Run ``python -m analysis.rebuild --help`` for the command line.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import ParameterError
from analysis.manifest import ROOT, TRACE_ENV, manifest

CHAPTERS_DIR = ROOT / "chapters"
STAMPS_PATH = CHAPTERS_DIR / "_stamps.json"
LOCK_PATH = ROOT / "requirements.lock"
PACKAGE_DIR = ROOT / "analysis"
#: Cache folder of the checkout (gitignored): build lock and failed runs.
CACHE_DIR = ROOT / ".book-cache"
KERNEL = "python3"
#: Environment variable telling the kernel's audit hook which checkout's ``data/`` to trace.
ROOT_ENV = "BOOK_TRACE_ROOT"
#: Environment variable naming the build lock already held by a parent process.
LOCK_HELD_ENV = "BOOK_BUILD_LOCK_HELD"
#: Repository files that are never traced as chapter inputs (read by every chapter;
#: the manifest's rows count through the ids of the files a chapter reads).
UNTRACED = {"data/manifest.csv"}
#: Tag of the cell papermill injects with the parameters of a run.
INJECTED = "injected-parameters"
#: Key recorded for a chapter while its notebook is being replaced.
PENDING = "pending"
#: Seconds given to workers and kernels to die after being killed.
STOP_WAIT = 1.5


class RebuildError(Exception):
    """A problem reported to the user in one line (a file that cannot be read or
    written, a build lock that is not released); ``main`` prints it and exits 1."""


class NotebookFileError(RebuildError, ValueError):
    """A stored notebook or ``_stamps.json`` that is not valid JSON."""


class Interrupted(BaseException):
    """Raised in the main process when it receives ``SIGINT`` or ``SIGTERM``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def set_root(root: Path) -> None:
    """Point the module at another checkout (used by tests and the benchmark).

    Raw files are still described by the package's own manifest.
    """
    global ROOT, CHAPTERS_DIR, STAMPS_PATH, LOCK_PATH, PACKAGE_DIR, CACHE_DIR
    ROOT = Path(root).resolve()
    CHAPTERS_DIR = ROOT / "chapters"
    STAMPS_PATH = CHAPTERS_DIR / "_stamps.json"
    LOCK_PATH = ROOT / "requirements.lock"
    PACKAGE_DIR = ROOT / "analysis"
    CACHE_DIR = ROOT / ".book-cache"


def rel(path: Path | str) -> str:
    """``path`` relative to the checkout when inside it (for messages), else absolute."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


# --------------------------------------------------------------------------- files
def os_error_text(exc: OSError) -> str:
    """The reason of an ``OSError`` in words (``No space left on device``)."""
    return exc.strerror or os.strerror(exc.errno) if exc.errno else str(exc)


def advice(exc: OSError, path: Path | str) -> str:
    """What to do about ``exc`` raised while writing ``path`` (a folder, or a file in one)."""
    where = Path(path) if Path(path).is_dir() else Path(path).parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"free space on the disk holding {rel(where)}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"make {rel(where)} writable (e.g. chmod u+w {rel(where)})"
    return f"check {rel(where)}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder,
    ``fsync`` and :func:`os.replace`: ``path`` holds the old or the new bytes,
    never a mixture. A new file gets the permissions the umask allows.

    Raises
    ------
    OSError
        With ``filename`` set to ``path`` when any step fails (the temporary
        file is removed).
    """
    path = Path(path)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        with contextlib.suppress(OSError):
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(path)
        raise
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def read_json(path: Path, what: str) -> Any:
    """The JSON in ``path``.

    Raises
    ------
    NotebookFileError
        In one line naming the file, the error and how to restore it.
    """
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        name = rel(path)
        raise NotebookFileError(
            f"{name} is not a valid {what} ({exc}); restore it with `git checkout -- {name}`"
            + (" (or delete it: every chapter is then executed again)" if what == "stamps file" else "")
        ) from None


# --------------------------------------------------------------------------- notebook reading
def read_notebook(path: Path) -> dict[str, Any]:
    """The notebook's JSON.

    Raises
    ------
    NotebookFileError
        If the file is not valid JSON (one line naming it and how to restore it).
    """
    return read_json(path, "notebook")


def is_injected(cell: dict[str, Any]) -> bool:
    """Whether ``cell`` is the parameters cell papermill injected."""
    return INJECTED in cell.get("metadata", {}).get("tags", [])



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




# --------------------------------------------------------------------------- notebook contents, parameters
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


def input_key(path: Path, data_inputs: Iterable[str], params: dict[str, Any] | None = None,
              modules: Iterable[str] = (), *, nb: dict[str, Any] | None = None) -> str:
    """The input key of a chapter (see the module docstring).

    Parameters
    ----------
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
    nb = read_notebook(path) if nb is None else nb
    h = hashlib.sha256()
    h.update(json.dumps(code_sources(nb)).encode())
    injected = [_source(c) for c in nb.get("cells", []) if c.get("cell_type") == "code" and is_injected(c)]
    if injected:  # the parameters the stored notebook holds
        h.update(json.dumps(injected).encode())
    h.update(json.dumps(params or {}, sort_keys=True, default=str).encode())
    runtime = {m for m in modules if m == "analysis" or m.startswith("analysis.")}
    for mod in sorted(notebook_modules(nb) | {m for m in runtime if _module_file(m) is not None}):
        f = _module_file(mod)
        h.update(mod.encode())
        h.update(_sha(f.read_bytes()).encode() if f else b"?")
    for item in sorted(set(data_inputs)):
        h.update(item.encode())
        h.update(data_digest(item).encode())
    h.update(_sha(LOCK_PATH.read_bytes()).encode() if LOCK_PATH.is_file() else b"nolock")
    return h.hexdigest()


def read_stamps(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The recorded stamps (``{}`` when absent).

    Raises
    ------
    NotebookFileError
        If the file is not valid JSON (one line naming it and how to restore it).
    """
    path = path or STAMPS_PATH
    if not path.is_file():
        return {}
    return read_json(path, "stamps file")


def write_stamps(stamps: dict[str, dict[str, Any]], path: Path | None = None) -> None:
    """Write stamps sorted and indented, so that diffs stay readable (atomically,
    see :func:`atomic_write`)."""
    path = path or STAMPS_PATH
    atomic_write(path, (json.dumps(stamps, indent=1, sort_keys=True) + "\n").encode("utf-8"))


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


def unexecuted_cells(path: Path) -> list[int]:
    """Indices of the code cells of a notebook that carry no execution count:
    cells whose outputs were cleared (by an edit) and not produced again."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return []
    return [i for i, c in enumerate(cells)
            if c.get("cell_type") == "code" and "".join(c.get("source", [])).strip()
            and c.get("execution_count") is None]


def stale_chapters(paths: Iterable[Path], stamps: dict[str, dict[str, Any]]) -> list[Path]:
    """The chapters whose current input key differs from the stamped one, or
    that hold a code cell without an execution count (its outputs were cleared
    and never produced again, whatever the stamp says)."""
    out = []
    for p in paths:
        s = stamps.get(chapter_name(p))
        if (s is None or s.get("key") != input_key(p, s.get("data", []), s.get("params") or {}, s.get("modules", []))
                or unexecuted_cells(p)):
            out.append(p)
    return out


# --------------------------------------------------------------------------- build lock
def lock_path() -> Path:
    """The checkout's build lock file, ``.book-cache/build.lock``."""
    return CACHE_DIR / "build.lock"


@contextlib.contextmanager
def build_lock(timeout: float | None = None, *, announce: Any = None) -> Iterator[None]:
    """Hold the checkout's build lock (``.book-cache/build.lock``, a
    :class:`filelock.FileLock`) for the ``with`` block.

    A second build in the same checkout waits, saying so once in one line on
    stderr. Processes started inside the block see ``BOOK_BUILD_LOCK_HELD`` and
    do not wait for the lock their parent holds (so ``--lock-only -- make
    book`` can run a rebuild inside).

    Parameters
    ----------
    timeout
        Seconds to wait at most (``None``: as long as it takes).
    announce
        Function called with the waiting message (default: print to stderr).

    Raises
    ------
    RebuildError
        If the lock is still held after ``timeout`` seconds, or the lock file
        cannot be created.
    """
    from filelock import FileLock, Timeout

    path = lock_path()
    if os.environ.get(LOCK_HELD_ENV) == str(path):
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RebuildError(f"cannot create {rel(path.parent)} for the build lock "
                           f"({os_error_text(exc)}); {advice(exc, path.parent)}") from None
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        say = announce or (lambda msg: print(msg, file=sys.stderr, flush=True))
        say(f"rebuild: waiting for another build in this checkout to finish (lock {rel(path)}"
            + (f", giving up after {timeout:g} s)" if timeout is not None else "; --lock-timeout to give up)"))
        try:
            lock.acquire(timeout=-1 if timeout is None else timeout)
        except Timeout:
            raise RebuildError(f"another build still holds {rel(path)} after {timeout:g} s; "
                               "try again when it has finished") from None
    except OSError as exc:
        raise RebuildError(f"cannot open the build lock {rel(path)} ({os_error_text(exc)}); "
                           f"{advice(exc, path)}") from None
    old = os.environ.get(LOCK_HELD_ENV)
    os.environ[LOCK_HELD_ENV] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(LOCK_HELD_ENV, None)
        else:
            os.environ[LOCK_HELD_ENV] = old
        lock.release()


# --------------------------------------------------------------------------- signals
_signals: dict[str, Any] = {"defer": 0, "pending": None}


def _on_signal(signum: int, frame: Any) -> None:
    if _signals["defer"]:
        _signals["pending"] = _signals["pending"] or signum
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Turn ``SIGINT`` and ``SIGTERM`` into :class:`Interrupted` for the block
    (main thread only; elsewhere the block runs unchanged)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.signal(s, _on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    _signals.update(defer=0, pending=None)
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


@contextlib.contextmanager
def deferred_signals(*, reraise: bool = True) -> Iterator[None]:
    """Hold back ``SIGINT``/``SIGTERM`` during the block; raise :class:`Interrupted`
    after it if one arrived (unless ``reraise`` is false)."""
    _signals["defer"] += 1
    try:
        yield
    finally:
        _signals["defer"] -= 1
        pending = _signals["pending"]
        if reraise and pending and not _signals["defer"]:
            _signals["pending"] = None
            raise Interrupted(pending)


# --------------------------------------------------------------------------- execution
@dataclass
class RunResult:
    """Outcome of executing one chapter.

    ``executed`` is the executed notebook in the worker's temporary folder;
    ``kept`` where a failed run was kept for the reader.
    """

    chapter: str
    ok: bool
    seconds: float
    data: list[str] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)
    error: str = ""
    executed: str = ""
    kept: str = ""


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: Tag of the cells papermill adds to a failed notebook (not counted as cells).
ERROR_TAG = "papermill-error-cell-tag"


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
    cells = [c for c in cells if ERROR_TAG not in c.get("metadata", {}).get("tags", [])]
    if not 0 <= cell_index < len(cells) or is_injected(cells[cell_index]):
        return None
    before = [c for c in cells[: cell_index + 1] if not is_injected(c)]
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


#: The kernels' IPython startup file: it only installs :mod:`analysis.runtrace`.
STARTUP = "from analysis.runtrace import install\n\ninstall()\n"


def _ipython_dir(tmp: Path) -> Path:
    """A throw-away IPython directory whose startup file installs the run-time trace."""
    startup = tmp / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-book-trace.py").write_text(STARTUP, encoding="utf-8")
    return tmp / "ipython"


def prepare_notebook(path: Path, params: dict[str, Any]) -> Any:
    """The notebook to execute: without an injected-parameters cell of an earlier
    run when no parameters are given (papermill replaces it otherwise), so that
    a run with defaults really uses the defaults. Cells without an ``id`` get a
    fixed one (``cell-<n>``) rather than nbformat's random one, so that the
    stored notebook does not change from run to run."""
    import nbformat

    raw = read_notebook(path)
    if (raw.get("nbformat"), raw.get("nbformat_minor", 0)) >= (4, 5):
        used = {c.get("id") for c in raw.get("cells", [])}
        for i, cell in enumerate(raw.get("cells", [])):
            if not cell.get("id"):
                cell["id"] = next(f"cell-{i}{s}" for s in ("", *(f"-{k}" for k in range(1, 99)))
                                  if f"cell-{i}{s}" not in used)
                used.add(cell["id"])
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nb = nbformat.from_dict(raw)
    if not params:
        nb.cells = [c for c in nb.cells if not is_injected(c)]
    # papermill writes its own run record; an old one must not be carried
    # into the new (papermill stores an in-memory input notebook as
    # ``input_path``, so a carried record would nest a copy per run)
    nb.metadata.pop("papermill", None)
    return nb


#: Keys of papermill's notebook record that are kept (the others are run times).
RECORD_KEYS = ("default_parameters", "environment_variables", "input_path", "output_path", "parameters", "version")


def clean_notebook(nb: dict[str, Any], relpath: str) -> dict[str, Any]:
    """Drop papermill's volatile metadata from an executed notebook (in place).

    The notebook record keeps only :data:`RECORD_KEYS`, with both paths set to
    ``relpath`` (the chapter relative to the book root; papermill's own are an
    in-memory notebook and a temporary file); cells lose their ``papermill``
    and ``execution`` metadata (timestamps, durations); the injected
    parameters cell gets a fixed id.
    """
    meta = nb.setdefault("metadata", {})
    record = {k: v for k, v in (meta.get("papermill") or {}).items() if k in RECORD_KEYS}
    record["input_path"] = record["output_path"] = relpath
    meta["papermill"] = record
    for cell in nb.get("cells", []):
        cmeta = cell.get("metadata", {})
        cmeta.pop("papermill", None)
        cmeta.pop("execution", None)
        if is_injected(cell) and "id" in cell:
            cell["id"] = INJECTED
    return nb


def notebook_bytes(nb: dict[str, Any]) -> bytes:
    """The notebook serialised as ``nbformat.write`` does (with a final newline)."""
    import nbformat

    text = nbformat.writes(nbformat.from_dict(nb))
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def _relpath(stored: Path, root: Path) -> str:
    s, r = stored.resolve(), root.resolve()
    return s.relative_to(r).as_posix() if s.is_relative_to(r) else stored.name


def tidy_run_record(executed: Path, stored: Path, root: Path) -> None:
    """Make papermill's run record in ``executed`` name the chapter's own path
    and drop its volatile parts (see :func:`clean_notebook`)."""
    nb = clean_notebook(read_notebook(executed), _relpath(stored, root))
    atomic_write(executed, notebook_bytes(nb))


def _lines(path: Path) -> list[str]:
    try:
        return sorted(set(path.read_text(encoding="utf-8").split()))
    except FileNotFoundError:
        return []


def execute_one(path: str, params: dict[str, Any], root: str | None = None, *, workdir: str | None = None) -> RunResult:
    """Execute one notebook with papermill into ``workdir``, tracing its reads.

    Runs in a worker process (see :func:`run`) and never writes the stored
    notebook: the executed copy is ``RunResult.executed``. The run-time trace
    settings are read from the environment the worker was given
    (:func:`worker_env`); without ``workdir`` a temporary folder is made.
    """
    import papermill as pm

    nb_path = Path(path)
    tmp = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix=f"rebuild-{nb_path.stem}-"))
    if not workdir:
        os.environ.update(worker_env(tmp, Path(root) if root else ROOT))
    out = tmp / nb_path.name
    start = time.perf_counter()
    ok, error, cells = False, "", None
    try:
        pm.execute_notebook(
            prepare_notebook(nb_path, params), str(out), parameters=params or None, kernel_name=KERNEL,
            progress_bar=False, cwd=str(nb_path.parent),
        )
        ok = True
        if not _lines(tmp / "kernel.pid"):
            ok, error = False, ("the kernel did not install its run-time trace (analysis.runtrace could not be "
                                "imported by the IPython startup file); no stamp could be written")
    except OSError as exc:  # papermill writing the executed notebook (often without a file name)
        target = exc.filename or out
        error = (f"cannot write {target} ({os_error_text(exc)}); free space there or set TMPDIR to a folder with "
                 "room" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else
                 f"cannot write {target} ({os_error_text(exc)}); {advice(exc, target)}")
    except Exception as exc:  # papermill wraps cell errors; report, do not crash
        with contextlib.suppress(Exception):
            cells = json.loads(out.read_text(encoding="utf-8")).get("cells")
        error = failure_message(exc, cells)
    seconds = time.perf_counter() - start
    return RunResult(chapter=nb_path.stem, ok=ok, seconds=round(seconds, 2), data=_lines(tmp / "trace.txt"),
                     modules=_lines(tmp / "modules.txt"), error=error,
                     executed=str(out) if out.is_file() else "")


def worker_env(workdir: Path, root: Path) -> dict[str, str]:
    """Environment variables for a worker executing one chapter in ``workdir``:
    the trace files of :mod:`analysis.runtrace`, a throw-away IPython folder
    with its startup file, and the checkout first on ``PYTHONPATH``."""
    from analysis import runtrace

    for name in ("trace.txt", "modules.txt"):
        (workdir / name).touch()
    pythonpath = os.environ.get("PYTHONPATH", "")
    return {
        TRACE_ENV: str(workdir / "trace.txt"),
        runtrace.TRACE_ROOT_ENV: str(root),
        runtrace.TRACE_SKIP_ENV: os.pathsep.join(sorted(UNTRACED)),
        runtrace.MODULE_TRACE_ENV: str(workdir / "modules.txt"),
        runtrace.KERNEL_PIDFILE_ENV: str(workdir / "kernel.pid"),
        "IPYTHONDIR": str(_ipython_dir(workdir)),
        "PYTHONPATH": os.pathsep.join([str(root)] + ([pythonpath] if pythonpath else [])),
    }


def worker_main(spec: str) -> int:
    """Entry point of a worker process: execute the chapter described by the
    JSON text ``spec`` (``path``, ``params``, ``root``, ``workdir``) and write
    its :class:`RunResult` as one JSON line on stdout (everything else the
    worker and its kernel print goes to stderr), so that nothing has to be
    written to a possibly full temporary folder to report it."""
    from analysis import runtrace

    runtrace.die_with_parent(int(os.environ.get("BOOK_REBUILD_PID", "0")) or None)
    result_fd = os.dup(1)
    os.dup2(2, 1)
    spec_d = json.loads(spec)
    res = execute_one(spec_d["path"], spec_d["params"], spec_d["root"], workdir=spec_d["workdir"])
    with os.fdopen(result_fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(res.__dict__) + "\n")
    return 0


_WORKER_CODE = ("import sys; sys.path.insert(0, sys.argv[2]); from analysis.rebuild import worker_main; "
                "raise SystemExit(worker_main(sys.argv[1]))")


@dataclass
class _Worker:
    path: Path
    params: dict[str, Any]
    workdir: Path
    proc: subprocess.Popen
    out: list[str] = field(default_factory=list)
    err: Any = None
    reader: Any = None


def _start_worker(path: Path, params: dict[str, Any], tmp: Path) -> _Worker:
    import collections
    import threading

    workdir = tmp / path.stem
    workdir.mkdir()
    spec = json.dumps({"path": str(path), "params": params, "root": str(ROOT), "workdir": str(workdir)})
    env = {**os.environ, **worker_env(workdir, ROOT), "BOOK_REBUILD_PID": str(os.getpid())}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WORKER_CODE, spec, str(Path(__file__).resolve().parents[1])],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        start_new_session=True,  # Ctrl-C reaches the main process only; it stops the workers
    )
    w = _Worker(path, params, workdir, proc, err=collections.deque(maxlen=20))

    def drain(stream: Any, sink: Any) -> None:
        with contextlib.suppress(OSError, ValueError):
            for line in stream:
                sink.append(line.decode("utf-8", "replace"))

    w.reader = threading.Thread(target=drain, args=(proc.stdout, w.out), daemon=True)
    w.reader.start()
    threading.Thread(target=drain, args=(proc.stderr, w.err), daemon=True).start()
    return w


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


def stop_workers(workers: Iterable[_Worker]) -> None:
    """Kill workers, their process groups and their kernels, and wait for them.

    Kernels run in sessions of their own, so they are found as descendants of
    the worker (``psutil``) and by the pid they wrote at start-up, and killed
    one by one; those still starting die with their worker (``PR_SET_PDEATHSIG``).
    """
    workers = list(workers)
    victims: set[int] = set()
    for w in workers:
        if w.proc.poll() is None:
            with contextlib.suppress(Exception):
                import psutil

                victims |= {c.pid for c in psutil.Process(w.proc.pid).children(recursive=True)}
        victims |= {int(x) for x in _lines(w.workdir / "kernel.pid") if x.isdigit()}
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(w.proc.pid, signal.SIGKILL)
    for pid in victims:
        _kill(pid)
    deadline = time.monotonic() + STOP_WAIT
    for w in workers:
        with contextlib.suppress(subprocess.TimeoutExpired):
            w.proc.wait(timeout=max(0.05, deadline - time.monotonic()))
    with contextlib.suppress(ImportError):
        import psutil

        def alive(pid: int) -> bool:  # a killed kernel is reaped by init, if at all: a zombie is dead
            try:
                return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
            except psutil.Error:
                return False

        while any(alive(pid) for pid in victims) and time.monotonic() < deadline:
            time.sleep(0.02)


def _collect(w: _Worker) -> RunResult:
    w.reader.join(timeout=2)
    try:
        return RunResult(**json.loads(w.out[-1]))
    except (IndexError, ValueError, TypeError):
        last = next((ln.strip() for ln in reversed(w.err) if ln.strip()), "")
        return RunResult(chapter=w.path.stem, ok=False, seconds=0.0,
                         error=f"the worker process stopped with exit code {w.proc.returncode}"
                               + (f": {last}" if last else ""))


def keep_failed(chapter: str, executed: Path) -> Path | None:
    """Keep an executed notebook that was not stored, as
    ``.book-cache/failed/<chapter>.ipynb`` (replacing an earlier one); if the
    checkout cannot take it, as ``<TMPDIR>/book-rebuild-failed-<chapter>.ipynb``.
    Returns where it was kept, or ``None``."""
    try:
        data = executed.read_bytes()
    except OSError:
        return None
    for target in (CACHE_DIR / "failed" / f"{chapter}.ipynb",
                   Path(tempfile.gettempdir()) / f"book-rebuild-failed-{chapter}.ipynb"):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
            return target
        except OSError:
            continue
    return None


def commit_chapter(path: Path, res: RunResult, params: dict[str, Any]) -> str:
    """Store a successful run: the notebook, then its stamp, each atomically,
    with ``SIGINT``/``SIGTERM`` deferred meanwhile.

    The stamp is first marked ``pending`` (so if the process dies after the
    notebook was replaced, the chapter is stale), then written in full.

    Returns
    -------
    str
        ``""`` on success, else a one-line message naming the file that could
        not be written, where the executed notebook is kept, and what to do.
    """
    name = chapter_name(path)
    executed = Path(res.executed)
    nb = clean_notebook(read_notebook(executed), _relpath(path, ROOT))
    entry = {
        "key": input_key(path, res.data, params, res.modules, nb=nb),
        "data": res.data,
        "modules": res.modules,
        "params": params,
        "seconds": res.seconds,
        "executed": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    payload = notebook_bytes(nb)
    if path.is_file() and path.read_bytes() == payload:
        payload = b""  # same bytes: only the stamp changes
    step = STAMPS_PATH
    with deferred_signals():
        try:
            if payload:
                old = read_stamps().get(name)
                if old is not None:
                    update_stamps({name: {**old, "key": PENDING}})
                step = path
                atomic_write(path, payload)
            step = STAMPS_PATH
            update_stamps({name: entry})
            return ""
        except OSError as exc:
            wrote_nb = step == STAMPS_PATH and bool(payload) and path.read_bytes() == payload
            kept = keep_failed(name, executed)
            where = f"the executed notebook is kept in {rel(kept)}" if kept else "the executed notebook could not be kept"
            state = (f"{rel(path)} was updated but not its stamp, so it will be executed again"
                     if wrote_nb else f"{rel(path)} is unchanged ({where})")
            return f"cannot write {rel(exc.filename or step)} ({os_error_text(exc)}); {state}; {advice(exc, exc.filename or step)} and run again"


def check_writable() -> None:
    """Check, before executing anything, that ``chapters/`` and the stamps file
    can be written (by creating and removing a temporary file; ``os.access``
    says yes to root even on a read-only file system).

    Raises
    ------
    RebuildError
        In one line naming the path and what to do.
    """
    target = CHAPTERS_DIR
    try:
        fd, tmp = tempfile.mkstemp(dir=CHAPTERS_DIR, prefix=".rebuild-check-")
        os.close(fd)
        os.unlink(tmp)
        for f in (STAMPS_PATH, STAMPS_PATH.with_suffix(".lock")):
            target = f
            if f.exists():
                with open(f, "a"):
                    pass
    except OSError as exc:
        raise RebuildError(f"cannot write {rel(target)} ({os_error_text(exc)}); {advice(exc, target)} "
                           "and run again (nothing was executed)") from None


def longest_first(paths: list[Path], stamps: dict[str, dict[str, Any]]) -> list[Path]:
    """``paths`` ordered by their last run time, longest (or never run) first.

    Starting the long chapters first keeps every core busy to the end.
    """
    def last(p: Path) -> float:
        s = stamps.get(chapter_name(p))
        return float(s.get("seconds", 0)) if s else float("inf")

    return sorted(paths, key=last, reverse=True)



def run(paths: list[Path], params: dict[str, dict[str, Any]], *, jobs: int, progress: bool = True) -> list[RunResult]:
    """Execute ``paths`` in up to ``jobs`` worker processes, longest first;
    commit each chapter (notebook and stamp) as soon as it succeeds.

    Raises
    ------
    Interrupted
        On ``SIGINT``/``SIGTERM`` (inside :func:`interruptible`), after every
        worker and kernel was killed; nothing is written after the signal.
    RebuildError
        If the temporary folder cannot be made (one line naming it).
    """
    from tqdm import tqdm

    results: list[RunResult] = []
    if not paths:
        return results
    todo = longest_first(paths, read_stamps())
    try:
        tmp = Path(tempfile.mkdtemp(prefix="rebuild-"))
    except OSError as exc:
        raise RebuildError(f"cannot create a temporary folder in {tempfile.gettempdir()} ({os_error_text(exc)}); "
                           "free space there or set TMPDIR to a folder with room") from None
    running: list[_Worker] = []
    bar = tqdm(total=len(paths), desc="chapters", unit="nb", disable=not progress, file=sys.stderr)
    try:
        while todo or running:
            while todo and len(running) < max(1, jobs):
                p = todo.pop(0)
                try:
                    with deferred_signals():  # a started worker is always in ``running``
                        running.append(_start_worker(p, params.get(p.stem, {}), tmp))
                except OSError as exc:
                    target = exc.filename or tmp
                    raise RebuildError(f"cannot write {target} ({os_error_text(exc)}); free space there or set "
                                       "TMPDIR to a folder with room") from None
            done = [w for w in running if w.proc.poll() is not None]
            if not done:
                time.sleep(0.05)
                continue
            for w in done:
                running.remove(w)
                res = _collect(w)
                p = w.path
                if res.ok:
                    try:
                        problem = commit_chapter(p, res, w.params)
                    except RebuildError as exc:
                        problem = str(exc)
                    if problem:
                        res.ok, res.error = False, problem
                else:
                    kept = keep_failed(res.chapter, Path(res.executed)) if res.executed else None
                    if kept:
                        res.kept = str(kept)
                        res.error += f"\n  (the stored notebook is unchanged; the failed run is in {rel(kept)})"
                    else:
                        res.error += "\n  (the stored notebook is unchanged)"
                results.append(res)
                bar.set_postfix_str(f"{res.chapter} {'ok' if res.ok else 'FAILED'} {res.seconds:.1f}s")
                bar.update(1)
    finally:
        with deferred_signals(reraise=False):
            stop_workers(running)
            bar.close()
            shutil.rmtree(tmp, ignore_errors=True)
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




def lock_only(command: list[str], timeout: float | None) -> int:
    """Run ``command`` while holding the build lock; return its exit code."""
    if command and command[0] == "--":
        command = command[1:]
    if not command:
        print("rebuild: --lock-only needs a command after it, e.g. --lock-only -- make html", file=sys.stderr)
        return 2
    with build_lock(timeout):
        proc = subprocess.Popen(command)
        try:
            return proc.wait()
        except Interrupted:
            proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            raise


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m analysis.rebuild [--force] [--chapters ...] [-p CH.NAME=VALUE ...]``.

    Exit codes: 0 success, 1 a chapter failed or a file could not be read or
    written, 2 bad arguments, 130/143 interrupted by ``SIGINT``/``SIGTERM``.
    """
    ap = argparse.ArgumentParser(prog="python -m analysis.rebuild", description=__doc__.split("\n\n")[0])
    ap.add_argument("--force", action="store_true", help="execute every selected chapter, stale or not")
    ap.add_argument("--chapters", nargs="*", default=None, help="chapter stems or prefixes (default: all)")
    ap.add_argument("-p", "--param", action="append", default=[], metavar="CH.NAME=VALUE",
                    help="a papermill parameter for one chapter; repeatable")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="parallel kernels")
    ap.add_argument("--dry-run", action="store_true", help="only list the chapters that would run")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar")
    ap.add_argument("--lock-timeout", type=float, default=None, metavar="SECONDS",
                    help="give up after waiting this long for another build in this checkout (default: wait)")
    ap.add_argument("--lock-only", action="store_true",
                    help="-- COMMAND ...: only run COMMAND while holding the checkout's build lock "
                         "(.book-cache/build.lock), e.g. --lock-only -- make html")
    argv = list(sys.argv[1:] if argv is None else argv)
    command: list[str] | None = None
    if "--lock-only" in argv:  # everything after it (and an optional "--") is the command
        i = argv.index("--lock-only")
        argv, command = argv[: i + 1], argv[i + 1:]
    args = ap.parse_args(argv)
    try:
        with interruptible():
            if command is not None:
                return lock_only(command, args.lock_timeout)
            return _main(args)
    except Interrupted as exc:
        name = signal.Signals(exc.signum).name
        print(f"rebuild: interrupted by {name}; running chapters were stopped, chapters finished before were "
              "stored, nothing else was written", file=sys.stderr)
        return 128 + exc.signum
    except RebuildError as exc:
        print(f"rebuild: {exc}", file=sys.stderr)
        return 1


def _main(args: argparse.Namespace) -> int:
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

    def select() -> list[Path]:
        stamps = read_stamps()
        for name, p in params.items():  # a chapter run with other parameters is stale
            if stamps.get(name, {}).get("params") != p:
                stamps.pop(name, None)
        todo = paths if args.force else stale_chapters(paths, stamps)
        return sorted(set(todo) | {p for p in paths if p.stem in params}, key=paths.index)

    if args.dry_run:
        print("\n".join(p.stem for p in select()) or "nothing to execute")
        return 0
    with build_lock(args.lock_timeout):
        todo = select()  # after the lock: another build may just have run them
        if not todo:
            print("rebuild: every chapter is up to date")
            return 0
        check_writable()
        results = run(todo, params, jobs=args.jobs, progress=not args.no_progress)
    failed = [r for r in results if not r.ok]
    for r in results:
        print(f"{r.chapter:24s} {'ok' if r.ok else 'FAILED':6s} {r.seconds:6.1f}s")
    for r in failed:
        print(f"rebuild: chapter {r.chapter} failed in {r.error}" if r.error.startswith(("cell ", "a cell"))
              else f"rebuild: chapter {r.chapter} failed: {r.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
