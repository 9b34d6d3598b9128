"""Benchmark of the book's build, in one run on this machine.

Prints, for a temporary copy of the book (so the checkout is never touched):

1. clean full build: execute every chapter (papermill, in parallel) + HTML;
2. no-change rebuild: what ``make html`` does when nothing changed;
3. one-chapter change rebuild: after editing one chapter's code cell (and a
   check that exactly that chapter re-executed);
4. PDF build (clean LaTeX folder, XeLaTeX), and chapter 3 executed alone on
   one core with empty caches (target under 30 s);
5. full nbval run over every chapter notebook;
6. for scale, the same measures (1-4) of a reference book, side by side: ten
   notebooks that only import the scientific stack, with the same configuration.

Targets: clean build no slower than 1.5x the reference; no-change rebuild
under 2 s; one-chapter change rebuild under 5 s. This is a report, not a test:
it exits 0 even when a target is missed (and 1 if a build fails).

Usage: ``python scripts/benchmark.py [--worktree] [--keep] [--skip-pdf] [--skip-nbval]``
(``make bench``). By default the copy is of the last commit (``git archive
HEAD``); ``--worktree`` copies the working tree's files instead.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GENERATED = ["_vendor", "_static/vendor"]  # offline assets, not in git
STACK = ["pandas", "numpy", "altair", "statsmodels.api", "linearmodels", "vl_convert"]


# --------------------------------------------------------------------------- copies
def copy_book(dest: Path, *, worktree: bool) -> None:
    """Copy the book into ``dest``: the last commit, or the working tree's files."""
    dest.mkdir(parents=True)
    if worktree:
        files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                               cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
        for f in filter(None, files):
            src = ROOT / f.decode()
            if src.is_file():
                (dest / f.decode()).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / f.decode())
    else:
        tar = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(tar)) as t:
            t.extractall(dest, filter="data")
    for g in GENERATED:
        if (ROOT / g).exists():
            shutil.copytree(ROOT / g, dest / g, dirs_exist_ok=True)


def make_reference(dest: Path, n: int = 10) -> None:
    """Turn a copy of the book into the reference book: ``n`` notebooks that import the stack."""
    chapters = dest / "chapters"
    for p in chapters.glob("*"):
        if p.suffix in {".ipynb", ".md"}:
            p.unlink()
    (chapters / "_stamps.json").unlink(missing_ok=True)
    (chapters / "index.md").write_text("# Reference book\n\nTen notebooks that only import the stack.\n")
    entries = []
    for i in range(n):
        name = f"ref_{i:02d}"
        nb = {
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "source": f"# Reference notebook {i}\n\nImports only."},
                {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                 "source": "\n".join(f"import {m}" for m in STACK)},
            ],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5,
        }
        (chapters / f"{name}.ipynb").write_text(json.dumps(nb, indent=1))
        entries.append(f"      - file: chapters/{name}")
    (dest / "_toc.yml").write_text("format: jb-book\nroot: chapters/index\nparts:\n  - caption: Reference\n"
                                   "    chapters:\n" + "\n".join(entries) + "\n")


# --------------------------------------------------------------------------- running
def data_dir() -> str:
    sys.path.insert(0, str(ROOT))
    from analysis import manifest

    for d in manifest.data_dirs():
        if d.is_dir():
            return str(d)
    return ""


def env_for(book: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(book)  # the copy's `analysis`, ahead of the editable install
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    dd = data_dir()
    if dd:
        env["BOOK_DATA_DIR"] = dd
    return env


#: Builds that finished but reported warnings (a strict build then exits 1).
WARNED: list[str] = []


def timed(cmds: list[list[str]], book: Path, label: str) -> float:
    """Run ``cmds`` one after another in ``book``; return the total wall time.

    A Jupyter Book build that completes with warnings (``-W --keep-going``
    exits 1 after building everything) is timed and noted; any other failure
    stops the benchmark.
    """
    start = time.perf_counter()
    for cmd in cmds:
        proc = subprocess.run(cmd, cwd=book, env=env_for(book), capture_output=True, text=True)
        if proc.returncode != 0 and "build finished with problems" in proc.stdout:
            WARNED.append(f"{label} ({book.name})")
            continue
        if proc.returncode != 0:
            sys.stderr.write(f"benchmark: {label}: {' '.join(cmd)} failed ({proc.returncode})\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}\n")
            raise SystemExit(1)
    return time.perf_counter() - start


def py(*args: str) -> list[str]:
    return [sys.executable, *args]


def make(*targets: str) -> list[str]:
    """``make`` in a copy whose ``.venv`` links to this environment; ``-o`` keeps
    make from ever reinstalling it (which would repoint the editable install)."""
    return ["make", "--no-print-directory", "-o", ".venv/.installed", *targets]


def link_venv(book: Path) -> None:
    (book / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)


def edit_one_chapter(book: Path) -> str:
    """Append a harmless line to the last code cell of the first chapter notebook; return its name."""
    sys.path.insert(0, str(book))
    from tools import meta

    entry = next(e for e in meta.toc_entries(book)[1:] if e.is_notebook)
    path = entry.path
    assert path is not None  # is_notebook implies a file was found
    nb = json.loads(path.read_text())
    cell = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
    src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = src + "\n_benchmark_edit = True"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return entry.stem


def executed_times(book: Path) -> dict[str, str]:
    path = book / "chapters" / "_stamps.json"
    stamps = json.loads(path.read_text()) if path.is_file() else {}
    return {k: v.get("executed", "") for k, v in stamps.items()}


# --------------------------------------------------------------------------- main
def chapter_cold_one_core(book: Path, stem: str) -> float:
    """Execute one chapter on one CPU core with empty caches (a first build of that chapter alone)."""
    cache = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    out = cache / f"{stem}.ipynb"
    cmd = py("-m", "papermill", "--no-progress-bar", "-k", "python3", "--cwd", "chapters", f"chapters/{stem}.ipynb",
             str(out))
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    os.environ["BOOK_CACHE_DIR"], saved = str(cache / "tidy"), os.environ.get("BOOK_CACHE_DIR")
    try:
        return timed([cmd], book, f"{stem} on one core, empty caches")
    finally:
        if saved is None:
            os.environ.pop("BOOK_CACHE_DIR", None)
        else:
            os.environ["BOOK_CACHE_DIR"] = saved
        shutil.rmtree(cache, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--worktree", action="store_true", help="copy the working tree instead of the last commit")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies")
    ap.add_argument("--skip-pdf", action="store_true")
    ap.add_argument("--skip-nbval", action="store_true")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="book-bench-"))
    book, ref = tmp / "book", tmp / "reference"
    rows: list[tuple[str, float | None, float | None, str]] = []
    try:
        copy_book(book, worktree=args.worktree)
        copy_book(ref, worktree=args.worktree)
        make_reference(ref)
        sys.path.insert(0, str(book))
        from tools import meta
        n_chapters = len([e for e in meta.toc_entries(book)[1:] if e.is_notebook])
        jobs = os.cpu_count() or 1

        for b in (book, ref):
            link_venv(b)
            shutil.rmtree(b / "_build", ignore_errors=True)
            (b / "chapters" / "_stamps.json").unlink(missing_ok=True)
        has_tex = shutil.which("xelatex") is not None and not args.skip_pdf

        # warm the OS file cache and the kernel spec once, outside the timings
        timed([py("-c", "import " + ", ".join(STACK))], book, "warm-up")

        def measure(b: Path) -> dict[str, Any]:
            """The timings of one book (the book itself or the reference), built the same way."""
            m: dict[str, Any] = {}
            t0 = time.perf_counter()
            m["exec"] = timed([py("-m", "tools.rebuild", "--no-progress")], b, "execute all")
            m["html"] = timed([make("html")], b, "clean HTML")  # nothing stale any more: HTML only
            m["clean"] = time.perf_counter() - t0
            m["pdf"] = timed([make("pdf")], b, "PDF") if has_tex else None
            m["nochange"] = timed([make("html")], b, "no-change rebuild")
            m["nochange_book"] = timed([make("book")], b, "no-change make book") if has_tex else None
            before = executed_times(b)
            m["stem"] = edit_one_chapter(b)
            m["onechange"] = timed([make("html")], b, "one-chapter rebuild")
            after = executed_times(b)
            m["rerun"] = sorted(k for k in after if after[k] != before.get(k))
            m["onechange_book"] = timed([make("book")], b, "one-chapter make book (PDF)") if has_tex else None
            return m

        bk = measure(book)
        t_ch3 = chapter_cold_one_core(book, "03_regression")
        t_nbval = None
        if not args.skip_nbval:
            t_nbval = timed([py("-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                                "--nbval-sanitize-with", "tests/sanitize.cfg", "--nbval-current-env", "chapters")],
                            book, "nbval")
        rf = measure(ref)

        def verdict(value: float, limit: float) -> str:
            return "OK" if value < limit else "MISSED"

        ratio = bk["clean"] / rf["clean"]
        rows = [
            ("clean full build (execute all + HTML)", bk["clean"], rf["clean"],
             f"<= 1.5x reference: {ratio:.2f}x " + ("OK" if ratio <= 1.5 else "MISSED")),
            (f"  execute {n_chapters} chapters ({jobs} parallel kernels)", bk["exec"], rf["exec"], ""),
            ("  HTML build (make html)", bk["html"], rf["html"], ""),
            ("no-change rebuild (make html)", bk["nochange"], rf["nochange"],
             "< 2 s " + verdict(bk["nochange"], 2)),
            ("  make book (HTML + PDF up to date)", bk["nochange_book"], rf["nochange_book"],
             "" if has_tex else "skipped"),
            (f"one-chapter change rebuild (make html, {bk['stem']} edited)", bk["onechange"], rf["onechange"],
             "< 5 s " + verdict(bk["onechange"], 5)),
            ("  chapters re-executed", None, None, ", ".join(bk["rerun"]) or "none"),
            ("  then make book (PDF rebuilt)", bk["onechange_book"], rf["onechange_book"],
             "" if has_tex else "skipped"),
            ("PDF build (make pdf, clean, XeLaTeX)", bk["pdf"], rf["pdf"], "" if has_tex else "skipped"),
            ("chapter 3 alone, one core, empty caches", t_ch3, None, "< 30 s " + verdict(t_ch3, 30)),
            ("full nbval run (every chapter)", t_nbval, None, "" if t_nbval is not None else "skipped"),
        ]
    finally:
        if args.keep:
            print(f"benchmark: copies kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nBook build benchmark: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{'working tree' if args.worktree else 'last commit'}")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'book s':>8}  {'ref. s':>8}  target / note")
    print("-" * (width + 50))
    for label, secs, ref_secs, note in rows:
        book_col = f"{secs:8.1f}" if secs is not None else " " * 8
        ref_col = f"{ref_secs:8.1f}" if ref_secs is not None else " " * 8
        print(f"{label.ljust(width)}  {book_col}  {ref_col}  {note}")
    if WARNED:
        print("note: these builds finished with warnings (a strict build fails on them): " + ", ".join(WARNED))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
