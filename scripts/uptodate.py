"""Is a built edition up to date with its sources? (build tooling, used by the Makefile)

``python scripts/uptodate.py check DIR`` exits 0 when the digest recorded in
``DIR/.sources.sha256`` equals the digest of the book's current sources, and 1
otherwise; ``record DIR`` writes the current digest there (atomically), and
``forget DIR`` removes it. ``make html`` runs Sphinx only when ``check`` fails,
so a build with nothing changed costs a fraction of a second.

Only content counts: touching a file changes nothing. The sources are the
files Sphinx reads or that the book's extensions turn into pages: the
configuration, the table of contents, the bibliography, the citation file,
the lock file, the data manifest, the package version, the metadata reader
the extensions import (``tools/meta.py`` and what it imports), every file under
``chapters/``, ``_ext/`` and ``_static/``, and the offline MathJax copy.
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Single files that are sources of the built book.
FILES = ("_config.yml", "_toc.yml", "references.bib", "CITATION.cff", "requirements.lock",
         "data/manifest.csv", "analysis/__init__.py",
         # the book's metadata, which the extensions read through tools.meta
         "tools/__init__.py", "tools/meta.py", "tools/files.py", "tools/errors.py")
#: Folders whose every file is a source (caches and bytecode excluded).
FOLDERS = ("chapters", "_ext", "_static", "_vendor")
#: Name of the digest file in the output folder.
DIGEST_NAME = ".sources.sha256"


def source_files(root: Path = ROOT) -> list[Path]:
    """The source files, sorted by their path relative to ``root``."""
    out = [root / f for f in FILES if (root / f).is_file()]
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            out += [p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                    and not p.name.endswith((".pyc", ".lock"))]
    return sorted(set(out), key=lambda p: p.relative_to(root).as_posix())


def sources_digest(root: Path = ROOT) -> str:
    """sha256 over the relative path and content of every source file."""
    h = hashlib.sha256()
    for path in source_files(root):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def check(outdir: Path, root: Path = ROOT) -> bool:
    """True when ``outdir`` holds the digest of the current sources."""
    stored = outdir / DIGEST_NAME
    return stored.is_file() and stored.read_text(encoding="utf-8").strip() == sources_digest(root)


def record(outdir: Path, root: Path = ROOT) -> None:
    """Write the current digest into ``outdir`` (temporary file, then rename)."""
    outdir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=outdir, prefix=DIGEST_NAME, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(sources_digest(root) + "\n")
    os.replace(tmp, outdir / DIGEST_NAME)


def main(argv: list[str]) -> int:
    """Command line: ``check|record|forget DIR``."""
    if len(argv) != 2 or argv[0] not in {"check", "record", "forget"}:
        print("usage: python scripts/uptodate.py check|record|forget DIR", file=sys.stderr)
        return 2
    action, outdir = argv[0], Path(argv[1])
    if action == "check":
        return 0 if check(outdir) else 1
    if action == "record":
        record(outdir)
    else:
        (outdir / DIGEST_NAME).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
