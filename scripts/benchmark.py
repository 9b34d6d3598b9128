"""Benchmark of the book's build, in one run on this machine.

Prints, for a temporary copy of the book (so the checkout is never touched):

1. clean full build: execute every chapter (papermill, in parallel) + HTML;
2. no-change rebuild: what ``make html`` does when nothing changed;
3. one-chapter change rebuild: after editing one chapter's code cell (and a
   check that exactly that chapter re-executed);
4. PDF build (clean LaTeX folder, XeLaTeX);
5. full nbval run over every chapter notebook;
6. for scale, the same clean full build of a reference book: ten notebooks
   that only import the scientific stack, with the same configuration.

Targets: clean build no slower than 1.5x the reference; no-change rebuild
under 3 s; one-chapter change rebuild under 10 s. This is a report, not a test:
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
    sys.path.insert(0, str(book / "_ext"))
    import book_meta as meta

    entry = next(e for e in meta.toc_entries(book)[1:] if e.is_notebook)
    nb = json.loads(entry.path.read_text())
    cell = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
    src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = src + "\n_benchmark_edit = True"
    entry.path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return entry.stem


def executed_times(book: Path) -> dict[str, str]:
    path = book / "chapters" / "_stamps.json"
    stamps = json.loads(path.read_text()) if path.is_file() else {}
    return {k: v.get("executed", "") for k, v in stamps.items()}


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--worktree", action="store_true", help="copy the working tree instead of the last commit")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies")
    ap.add_argument("--skip-pdf", action="store_true")
    ap.add_argument("--skip-nbval", action="store_true")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="book-bench-"))
    book, ref = tmp / "book", tmp / "reference"
    rows: list[tuple[str, float | None, str]] = []
    try:
        copy_book(book, worktree=args.worktree)
        copy_book(ref, worktree=args.worktree)
        make_reference(ref)
        sys.path.insert(0, str(book / "_ext"))
        import book_meta as meta
        n_chapters = len([e for e in meta.toc_entries(book)[1:] if e.is_notebook])
        jobs = os.cpu_count() or 1

        for b in (book, ref):
            link_venv(b)
            shutil.rmtree(b / "_build", ignore_errors=True)
            (b / "chapters" / "_stamps.json").unlink(missing_ok=True)
        has_tex = shutil.which("xelatex") is not None and not args.skip_pdf

        # warm the OS file cache and the kernel spec once, outside the timings
        timed([py("-c", "import " + ", ".join(STACK))], book, "warm-up")

        # 1. clean full build: no stamps, no _build: `make html` executes every chapter
        t0 = time.perf_counter()
        t_exec = timed([py("-m", "analysis.rebuild", "--no-progress")], book, "execute all")
        t_html = timed([make("html")], book, "clean HTML")  # rebuild finds nothing stale: HTML only
        clean = time.perf_counter() - t0
        # 4. PDF, clean
        t_pdf = timed([make("pdf")], book, "PDF") if has_tex else None
        # 2. no-change rebuild
        nochange = timed([make("html")], book, "no-change rebuild")
        nochange_book = timed([make("book")], book, "no-change make book") if has_tex else None
        # 3. one-chapter change
        before = executed_times(book)
        stem = edit_one_chapter(book)
        onechange = timed([make("html")], book, "one-chapter rebuild")
        after = executed_times(book)
        rerun = sorted(k for k in after if after[k] != before.get(k))
        onechange_book = timed([make("book")], book, "one-chapter make book (PDF)") if has_tex else None
        # 5. nbval
        t_nbval = None
        if not args.skip_nbval:
            t_nbval = timed([py("-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                                "--nbval-sanitize-with", "tests/sanitize.cfg", "--nbval-current-env", "chapters")],
                            book, "nbval")
        # 6. reference, built the same way
        t0 = time.perf_counter()
        r_exec = timed([py("-m", "analysis.rebuild", "--no-progress")], ref, "reference execute")
        r_html = timed([make("html")], ref, "reference HTML")
        reference = time.perf_counter() - t0

        ratio = clean / reference
        rows = [
            ("clean full build (execute all + HTML)", clean, f"<= 1.5x reference: {ratio:.2f}x "
             + ("OK" if ratio <= 1.5 else "MISSED")),
            (f"  execute {n_chapters} chapters ({jobs} parallel kernels)", t_exec, ""),
            ("  HTML build (make html)", t_html, ""),
            ("no-change rebuild (make html)", nochange, "< 3 s " + ("OK" if nochange < 3 else "MISSED")),
            ("  make book (HTML + PDF up to date)", nochange_book, "" if nochange_book is not None else "skipped"),
            (f"one-chapter change rebuild (make html, {stem} edited)", onechange,
             "< 10 s " + ("OK" if onechange < 10 else "MISSED")),
            ("  chapters re-executed", None, ", ".join(rerun) or "none"),
            ("  then make book (PDF rebuilt)", onechange_book, "" if onechange_book is not None else "skipped"),
            ("PDF build (make pdf, clean, XeLaTeX)", t_pdf, "" if t_pdf is not None else "skipped"),
            ("full nbval run (every chapter)", t_nbval, "" if t_nbval is not None else "skipped"),
            ("reference: clean full build, 10 stack-only notebooks", reference,
             f"execute {r_exec:.1f} s + HTML {r_html:.1f} s"),
        ]
    finally:
        if args.keep:
            print(f"benchmark: copies kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nBook build benchmark: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{'working tree' if args.worktree else 'last commit'}")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'seconds':>8}  target / note")
    print("-" * (width + 40))
    for label, secs, note in rows:
        s = f"{secs:8.1f}" if secs is not None else " " * 8
        print(f"{label.ljust(width)}  {s}  {note}")
    if WARNED:
        print("note: these builds finished with warnings (a strict build fails on them): " + ", ".join(WARNED))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
