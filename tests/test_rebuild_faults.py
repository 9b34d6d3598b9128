"""Fault-injection tests of ``tools.rebuild``: interrupts, full disks,
read-only folders, concurrent builds, run-time imports, stable bytes.

Every test works on a tiny book in a temporary folder (``Book(root)``),
never on the book's chapters. Signals are real signals sent to a real
``python`` process running the rebuild; full disks are real ``tmpfs`` mounts
(the tests that need one are skipped, with the reason, where mounting is not
allowed).
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tools import deps, meta
from tools import rebuild as rb
from tools.book import Book
from tools.notebooks import RECORD_KEYS

REAL_ROOT = Book.here().root
REAL_PACKAGE = REAL_ROOT / "analysis"
PY = sys.executable


# --------------------------------------------------------------------------- helpers
def notebook(*cells: tuple[str, str, list[str]]) -> dict:
    """A minimal nbformat-4.5 notebook from (cell_type, source, tags) triples (no cell ids)."""
    out = []
    for kind, src, tags in cells:
        cell = {"cell_type": kind, "metadata": {"tags": tags}, "source": src}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        out.append(cell)
    return {"cells": out, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def write_nb(path: Path, nb: dict) -> Path:
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


FAST = notebook(("markdown", "# Fast", []), ("code", "cost = 1.0", ["parameters"]),
                ("code", "print('fast', cost)", []))
#: Touches the file named by BOOK_TEST_STARTED, then sleeps: the moment to interrupt.
SLOW = notebook(("code", ("import os, pathlib, time\npathlib.Path(os.environ['BOOK_TEST_STARTED']).touch()\n"
                         "time.sleep(60)"), []))


def make_book(root: Path, chapters: dict[str, dict]) -> Path:
    """A book at ``root`` whose ``_toc.yml`` lists ``chapters`` (stem -> notebook) in order.

    Its ``analysis`` package extends its path with the real one (so the
    kernels import the real ``analysis`` modules).
    """
    (root / "chapters").mkdir(parents=True)
    toc = "format: jb-book\nroot: chapters/index\nchapters:\n" + "".join(f"  - file: chapters/{c}\n" for c in chapters)
    (root / "_toc.yml").write_text(toc, encoding="utf-8")
    (root / "chapters" / "index.md").write_text("# Index\n", encoding="utf-8")
    (root / "analysis").mkdir()
    (root / "analysis" / "__init__.py").write_text(f"__path__.append({str(REAL_PACKAGE)!r})\n", encoding="utf-8")
    (root / "data").mkdir()
    (root / "requirements.lock").write_text("pandas==3.1.1\n", encoding="utf-8")
    for stem, nb in chapters.items():
        write_nb(root / "chapters" / f"{stem}.ipynb", nb)
    return root


@pytest.fixture
def book_env(tmp_path, monkeypatch):
    """Books made in the test (``use(root)`` returns its :class:`Book`), with a private TMPDIR."""
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    monkeypatch.setattr(tempfile, "tempdir", None)

    def use(root: Path) -> Path:
        monkeypatch.setenv("PYTHONPATH", str(root))
        return Book(root)

    yield use, tmpdir


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def driver(root: Path, *args: str) -> list[str]:
    """Command running ``rebuild.main(args)`` on the book at ``root`` in a new process."""
    code = (f"import sys; sys.path.append({str(REAL_ROOT)!r}); from tools import rebuild as rb; "
            "from tools.book import Book; raise SystemExit(rb.main(sys.argv[2:], book=Book(sys.argv[1])))")
    return [PY, "-c", code, str(root), *args]


def marked_pids(mark: str) -> list[int]:
    """Processes whose environment holds ``BOOK_TEST_MARK=mark`` (workers, kernels, ...)."""
    pids = []
    needle = f"BOOK_TEST_MARK={mark}".encode()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            with contextlib.suppress(OSError):
                if needle in (d / "environ").read_bytes().split(b"\0"):
                    stat = (d / "stat").read_text()
                    if stat.rsplit(")", 1)[1].split()[0] != "Z":  # zombies are dead
                        pids.append(int(d.name))
    return pids


def wait_for(cond, timeout: float, step: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(step)
    return cond()


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    """A real tmpfs of ``size`` mounted at ``path`` (skip if mounting is not allowed)."""
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                       capture_output=True, text=True, check=False)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to make a real full disk (needs root/CAP_SYS_ADMIN): {r.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system holding ``folder`` up to ``leave`` free bytes."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    with open(folder / "filler", "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


# --------------------------------------------------------------------------- 1, 3: interrupts
def interrupt_run(tmp_path: Path, tmpdir: Path, how: str) -> None:
    root = make_book(tmp_path / "book", {"a_fast": FAST, "b_slow": SLOW, "c_fast": FAST})
    mark = uuid.uuid4().hex
    started = tmp_path / "started"
    env = {**os.environ, "PYTHONPATH": str(root), "BOOK_TEST_MARK": mark, "BOOK_TEST_STARTED": str(started),
           "TMPDIR": str(tmpdir)}
    before = snapshot(root / "chapters")
    proc = subprocess.Popen(driver(root, "--no-progress", "-j", "1", "--chapters", "a_fast", "b_slow", "c_fast",
                                   "-p", "c_fast.cost=0.5"),
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        assert wait_for(started.exists, 40), "the slow chapter never started"
        time.sleep(0.3)
        assert len(marked_pids(mark)) >= 3  # rebuild, worker, kernel
        at_signal = snapshot(root / "chapters")
        t0 = time.monotonic()
        if how == "SIGINT":  # Ctrl-C: the whole foreground process group
            os.killpg(proc.pid, signal.SIGINT)
        else:  # SIGTERM to the rebuild process alone
            os.kill(proc.pid, signal.SIGTERM)
        _out, err = proc.communicate(timeout=10)
        assert time.monotonic() - t0 < 2.0, "the rebuild took more than 2 s to stop"
        assert wait_for(lambda: not marked_pids(mark), 2.0 - (time.monotonic() - t0) + 0.2), \
            f"workers or kernels survive: {marked_pids(mark)}"
    finally:
        for pid in marked_pids(mark):
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == (130 if how == "SIGINT" else 143)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"rebuild: interrupted by {how}"), err
    assert "Traceback" not in err
    # a_fast was committed (notebook + stamp) before the signal; nothing was written after it
    assert at_signal["a_fast.ipynb"] != before["a_fast.ipynb"]
    stamps = json.loads(at_signal["_stamps.json"])
    assert set(stamps) == {"a_fast"} and stamps["a_fast"]["key"] != meta.PENDING
    time.sleep(0.5)
    assert snapshot(root / "chapters") == at_signal
    assert snapshot(root / "chapters")["c_fast.ipynb"] == before["c_fast.ipynb"]  # the variant is not stored
    assert not list(tmpdir.glob("rebuild-*")), "temporary folders left behind"
    # the chapters not run are still stale, the committed one is not
    r = subprocess.run(driver(root, "--dry-run"), env=env, capture_output=True, text=True, check=False, timeout=60)
    assert r.stdout.split() == ["b_slow", "c_fast"]


def test_sigint_stops_workers_and_kernels_within_2s_and_writes_nothing_after(tmp_path, book_env):
    interrupt_run(tmp_path, book_env[1], "SIGINT")


def test_sigterm_to_the_rebuild_alone_stops_workers_and_kernels(tmp_path, book_env):
    interrupt_run(tmp_path, book_env[1], "SIGTERM")


def test_notebook_replaced_but_stamp_not_makes_the_chapter_stale(tmp_path, book_env, monkeypatch, capsys):
    """A chapter is committed notebook first, stamp second: if the process stops
    in between, the old stamp must not match (here the stamp write fails)."""
    use, _ = book_env
    book = use(make_book(tmp_path / "book", {"a_fast": FAST}))
    root = book.root
    assert rb.main(["--no-progress"], book=book) == 0
    good_stamps = (root / "chapters" / "_stamps.json").read_bytes()
    calls = []
    real = meta.update_stamps

    def failing(updates, path=None):
        calls.append(updates)
        if len(calls) == 2:  # the pending mark went through, the notebook was replaced
            import errno

            raise OSError(errno.ENOSPC, "No space left on device", str(book.stamps_path))
        real(updates, path)

    monkeypatch.setattr(meta, "update_stamps", failing)
    capsys.readouterr()
    assert rb.main(["--no-progress", "-p", "a_fast.cost=0.5"], book=book) == 1
    err = capsys.readouterr().err
    assert "cannot write chapters/_stamps.json (No space left on device)" in err
    assert "chapters/a_fast.ipynb was updated but not its stamp, so it will be executed again" in err
    assert "0.5" in (root / "chapters" / "a_fast.ipynb").read_text()
    monkeypatch.setattr(meta, "update_stamps", real)
    assert rb.main(["--dry-run"], book=book) == 0
    assert capsys.readouterr().out.split() == ["a_fast"]
    # even had the pending mark not been written, the old stamp does not match the variant
    (root / "chapters" / "_stamps.json").write_bytes(good_stamps)
    assert rb.main(["--dry-run"], book=book) == 0
    assert capsys.readouterr().out.split() == ["a_fast"]


# --------------------------------------------------------------------------- 2, 7: full disk, bad JSON, read-only
BIG = notebook(("markdown", "# Big", []), ("code", "print('x' * 120_000)", []))


def test_full_disk_leaves_the_stored_notebook_intact_and_names_it(tmp_path, book_env):
    _, tmpdir = book_env
    with tmpfs(tmp_path / "disk", "400k") as disk:
        root = make_book(disk / "book", {"a_big": BIG})
        stored = (root / "chapters" / "a_big.ipynb").read_bytes()
        fill(disk, 40_000)
        env = {**os.environ, "PYTHONPATH": str(root), "TMPDIR": str(tmpdir)}
        r = subprocess.run(driver(root, "--no-progress"), env=env, capture_output=True, text=True, check=False, timeout=120)
        assert r.returncode == 1, r.stderr
        err = r.stderr.strip().splitlines()
        assert len(err) == 1 and "Traceback" not in r.stderr, r.stderr
        assert err[0].startswith("rebuild: chapter a_big failed: cannot write chapters/a_big.ipynb "
                                 "(No space left on device); chapters/a_big.ipynb is unchanged"), err[0]
        assert "free space on the disk holding chapters" in err[0]
        kept = Path(err[0].split("the executed notebook is kept in ", 1)[1].split(")", 1)[0])
        assert kept == tmpdir / "book-rebuild-failed-a_big.ipynb" and "x" * 1000 in kept.read_text()
        assert (root / "chapters" / "a_big.ipynb").read_bytes() == stored
        assert sorted(p.name for p in (root / "chapters").iterdir()) == ["a_big.ipynb", "index.md"]  # no temp file
        assert not list(tmpdir.glob("rebuild-*"))
        # free the disk: the chapter is still stale, and runs
        (disk / "filler").unlink()
        r = subprocess.run(driver(root, "--dry-run"), env=env, capture_output=True, text=True, check=False, timeout=60)
        assert r.stdout.split() == ["a_big"]
        r = subprocess.run(driver(root, "--no-progress"), env=env, capture_output=True, text=True, check=False, timeout=120)
        assert r.returncode == 0, r.stderr


def test_full_tmpdir_names_the_path_and_leaves_nothing(tmp_path, book_env):
    _use, _ = book_env
    with tmpfs(tmp_path / "tmpfs", "300k") as full:
        root = make_book(tmp_path / "book", {"a_big": BIG})
        stored = (root / "chapters" / "a_big.ipynb").read_bytes()
        fill(full, 60_000)
        env = {**os.environ, "PYTHONPATH": str(root), "TMPDIR": str(full)}
        r = subprocess.run(driver(root, "--no-progress"), env=env, capture_output=True, text=True, check=False, timeout=120)
        assert r.returncode == 1, r.stderr
        assert "Traceback" not in r.stderr
        line = r.stderr.strip().splitlines()[0]
        assert line.startswith(f"rebuild: chapter a_big failed: cannot write {full}/rebuild-"), line
        assert "(No space left on device); free space there or set TMPDIR to a folder with room" in line
        assert (root / "chapters" / "a_big.ipynb").read_bytes() == stored
        assert not list(full.glob("rebuild-*"))


def test_invalid_json_fails_in_one_line_naming_the_file(tmp_path, book_env, capsys):
    use, _ = book_env
    book = use(make_book(tmp_path / "book", {"a_fast": FAST}))
    root = book.root
    nb = root / "chapters" / "a_fast.ipynb"
    meta.update_stamps({"a_fast": {"key": "old", "data": [], "params": {}}}, book.stamps_path)
    nb.write_text(nb.read_text()[:200], encoding="utf-8")  # truncated, as by a full disk
    assert rb.main(["--dry-run"], book=book) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("rebuild: chapters/a_fast.ipynb is not a valid notebook (")
    assert err[0].endswith("restore it with `git checkout -- chapters/a_fast.ipynb`")
    write_nb(nb, FAST)
    (root / "chapters" / "_stamps.json").write_text("{\"a_fast\": {", encoding="utf-8")
    assert rb.main(["--dry-run"], book=book) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "chapters/_stamps.json is not a valid stamps file" in err[0]
    assert "git checkout -- chapters/_stamps.json" in err[0]


def test_read_only_chapters_fails_before_executing(tmp_path, book_env):
    root = make_book(tmp_path / "book", {"a_slowish": notebook(("code", "import time; time.sleep(5)", []))})
    chapters = root / "chapters"
    r = subprocess.run(["mount", "--bind", str(chapters), str(chapters)], capture_output=True, text=True, check=False)
    if r.returncode != 0:
        pytest.skip(f"cannot bind-mount a read-only folder (root runs past chmod): {r.stderr.strip()}")
    try:
        r = subprocess.run(["mount", "-o", "remount,ro,bind", str(chapters)], capture_output=True, text=True, check=False)
        assert r.returncode == 0, r.stderr
        env = {**os.environ, "PYTHONPATH": str(root), "TMPDIR": str(book_env[1])}
        t0 = time.monotonic()
        r = subprocess.run(driver(root, "--no-progress"), env=env, capture_output=True, text=True, check=False, timeout=60)
        assert time.monotonic() - t0 < 4, "the chapter was executed before the check"
    finally:
        subprocess.run(["umount", str(chapters)], check=False)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        ("rebuild: cannot write chapters (Read-only file system); make chapters writable "
        "(e.g. chmod u+w chapters) and run again (nothing was executed)")]


# --------------------------------------------------------------------------- 4: run-time imports
def test_module_imported_only_through_importlib_makes_the_chapter_stale(tmp_path, book_env, capsys):
    use, _ = book_env
    nb = notebook(("code", ("import importlib\nmod = importlib.import_module('analysis.' + 'hidden_loader')\n"
                           "print(mod.VALUE)"), []))
    book = use(make_book(tmp_path / "book", {"a_dyn": nb, "b_fast": FAST}))
    root = book.root
    (root / "analysis" / "hidden_loader.py").write_text("VALUE = 1\n", encoding="utf-8")
    assert rb.main(["--no-progress"], book=book) == 0
    stamps = book.read_stamps()
    assert "analysis.hidden_loader" in stamps["a_dyn"]["modules"]
    assert "analysis.runtrace" not in stamps["a_dyn"]["modules"]
    capsys.readouterr()
    assert rb.main(["--dry-run"], book=book) == 0
    assert capsys.readouterr().out.strip() == "nothing to execute"
    path = root / "chapters" / "a_dyn.ipynb"
    static_key = deps.input_key(book, path, [], {})
    (root / "analysis" / "hidden_loader.py").write_text("VALUE = 2\n", encoding="utf-8")
    assert deps.input_key(book, path, [], {}) == static_key  # the static graph cannot see it
    assert rb.main(["--dry-run"], book=book) == 0
    assert capsys.readouterr().out.split() == ["a_dyn"]


# --------------------------------------------------------------------------- 5: build lock
def test_two_rebuilds_are_serialised_by_the_build_lock(tmp_path, book_env):
    slowish = notebook(("code", ("import os, pathlib, time\npathlib.Path(os.environ['BOOK_TEST_STARTED']).touch()\n"
                                "time.sleep(3)"), []))
    root = make_book(tmp_path / "book", {"a_slowish": slowish, "b_fast": FAST})
    started = tmp_path / "started"
    env = {**os.environ, "PYTHONPATH": str(root), "TMPDIR": str(book_env[1]), "BOOK_TEST_STARTED": str(started)}
    first = subprocess.Popen(driver(root, "--no-progress"), env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(started.exists, 40)
        impatient = subprocess.run(driver(root, "--no-progress", "--lock-timeout", "0.3"), env=env,
                                   capture_output=True, text=True, check=False, timeout=60)
        lock_only = subprocess.run(driver(root, "--lock-timeout", "0.3", "--lock-only", "--", "true"), env=env,
                                   capture_output=True, text=True, check=False, timeout=60)
        second = subprocess.run(driver(root, "--no-progress"), env=env, capture_output=True, text=True, check=False, timeout=60)
        _out1, err1 = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err1
    assert impatient.returncode == 1
    assert impatient.stderr.strip().splitlines() == [
        ("rebuild: waiting for another build in this checkout to finish (lock .book-cache/build.lock, "
        "giving up after 0.3 s)"),
        "rebuild: another build still holds .book-cache/build.lock after 0.3 s; try again when it has finished"]
    assert lock_only.returncode == 1 and "another build still holds" in lock_only.stderr
    assert second.returncode == 0, second.stderr
    assert second.stderr.strip() == ("rebuild: waiting for another build in this checkout to finish "
                                     "(lock .book-cache/build.lock; --lock-timeout to give up)")
    assert second.stdout.strip() == "rebuild: every chapter is up to date"
    # --lock-only runs the command under the lock, and a rebuild inside it does not wait for its parent
    r = subprocess.run(driver(root, "--lock-only", "--", *driver(root, "--force", "--no-progress",
                                                                 "--chapters", "b_fast")),
                       env=env, capture_output=True, text=True, check=False, timeout=60)
    assert r.returncode == 0 and "waiting" not in r.stderr, r.stderr


# --------------------------------------------------------------------------- 6, 7: temp folders, failed runs, cells
def test_temp_folders_removed_and_failed_run_kept_in_one_place(tmp_path, book_env, capsys):
    use, tmpdir = book_env
    bad = notebook(("markdown", "# Bad", []), ("code", "raise ValueError('first')", []))
    book = use(make_book(tmp_path / "book", {"a_fast": FAST, "b_bad": bad}))
    root = book.root
    assert rb.main(["--no-progress"], book=book) == 1
    err = capsys.readouterr().err
    assert "(the stored notebook is unchanged; the failed run is in .book-cache/failed/b_bad.ipynb)" in err
    kept = root / ".book-cache" / "failed" / "b_bad.ipynb"
    assert "first" in kept.read_text()
    assert list(tmpdir.iterdir()) == []
    write_nb(root / "chapters" / "b_bad.ipynb", notebook(("code", "raise ValueError('second')", [])))
    assert rb.main(["--no-progress"], book=book) == 1
    assert [p.name for p in kept.parent.iterdir()] == ["b_bad.ipynb"]
    assert "second" in kept.read_text() and "first" not in kept.read_text()
    assert list(tmpdir.iterdir()) == []
    write_nb(root / "chapters" / "b_bad.ipynb", FAST)
    assert rb.main(["--no-progress"], book=book) == 0
    assert list(tmpdir.iterdir()) == []


def test_cell_numbers_are_positions_in_the_stored_notebook(tmp_path, book_env, capsys):
    use, _ = book_env
    nb = notebook(("markdown", "# Title", []), ("markdown", "Intro.", []), ("code", "cost = 1.0", ["parameters"]),
                  ("markdown", "Setup.", []), ("code", "x = 1", []), ("markdown", "Now it fails.", []),
                  ("code", "y = 2\nraise ValueError(f'bad cost {cost}')", []))
    book = use(make_book(tmp_path / "book", {"a_cells": nb}))
    # with parameters papermill injects a cell after the parameters cell; it is not counted
    assert rb.main(["--no-progress", "-p", "a_cells.cost=2"], book=book) == 1
    err = capsys.readouterr().err
    assert "rebuild: chapter a_cells failed in cell 7 (code cell 3, In [4]), line 2: " \
           "raise ValueError(f'bad cost {cost}')" in err, err
    assert "raised ValueError: bad cost 2" in err


# --------------------------------------------------------------------------- 8: stable bytes
def test_stored_notebook_is_byte_identical_across_runs_without_volatile_metadata(tmp_path, book_env):
    use, _ = book_env
    book = use(make_book(tmp_path / "book", {"a_fast": FAST}))
    root = book.root
    path = root / "chapters" / "a_fast.ipynb"
    for args in ([], ["-p", "a_fast.cost=0.5"]):
        assert rb.main(["--no-progress", "--force", *args], book=book) == 0
        first = path.read_bytes()
        assert rb.main(["--no-progress", "--force", *args], book=book) == 0
        assert path.read_bytes() == first
        nb = json.loads(first)
        record = nb["metadata"]["papermill"]
        assert set(record) <= set(RECORD_KEYS)
        assert record["input_path"] == record["output_path"] == "chapters/a_fast.ipynb"
        assert not {"start_time", "end_time", "duration", "exception"} & set(record)
        for cell in nb["cells"]:
            assert not {"papermill", "execution"} & set(cell["metadata"])
        assert "cost = 0.5" in first.decode() if args else "cost = 0.5" not in first.decode()
