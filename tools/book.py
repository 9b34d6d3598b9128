"""One checkout of the book: :class:`Book` holds its paths.

Every part of the rebuild takes a :class:`Book` instead of reading module
globals, so tests and the benchmark point it at another checkout by making
another one (``Book(tmp_path / "book")``). Raw files are still described by
the package's own manifest (:mod:`analysis.manifest`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.errors import ParameterError
from tools import meta
from tools.files import relative

#: The checkout this package sits in.
HERE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Book:
    """A checkout of the book at ``root`` (resolved), and its paths."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root).resolve())

    @classmethod
    def here(cls) -> Book:
        """The checkout that holds this ``tools`` package."""
        return cls(HERE)

    @property
    def chapters_dir(self) -> Path:
        """``chapters/``."""
        return self.root / "chapters"

    @property
    def stamps_path(self) -> Path:
        """``chapters/_stamps.json``."""
        return meta.stamps_path(self.root)

    @property
    def lock_file(self) -> Path:
        """``requirements.lock``, an input of every chapter."""
        return self.root / "requirements.lock"

    @property
    def cache_dir(self) -> Path:
        """``.book-cache/`` (gitignored): the build lock and failed runs."""
        return self.root / ".book-cache"

    @property
    def build_lock_path(self) -> Path:
        """The build lock file, ``.book-cache/build.lock``."""
        return self.cache_dir / "build.lock"

    def rel(self, path: Path | str) -> str:
        """``path`` relative to the checkout when inside it (for messages), else absolute."""
        return relative(path, self.root)

    def notebooks(self) -> list[Path]:
        """The chapter notebooks listed in ``_toc.yml``, in book order."""
        return meta.toc_notebooks(self.root)

    def read_notebook(self, path: Path) -> dict[str, Any]:
        """A notebook's JSON (errors name it relative to the checkout)."""
        return meta.read_notebook(path, self.root)

    def read_stamps(self) -> dict[str, dict[str, Any]]:
        """The recorded stamps (``{}`` when absent)."""
        return meta.read_stamps(self.stamps_path, self.root)

    def resolve_chapters(self, names: Iterable[str]) -> list[Path]:
        """Map chapter names (stems, or stem prefixes like ``03``) to notebooks.

        Raises
        ------
        ParameterError
            If a name matches no chapter or more than one.
        """
        books = self.notebooks()
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
