"""The errors of the build tooling, each reported to the user in one line."""
from __future__ import annotations


class RebuildError(Exception):
    """A problem reported to the user in one line (a file that cannot be read or
    written, a build lock that is not released); ``tools.rebuild.main`` prints
    it and exits 1."""


class NotebookFileError(RebuildError, ValueError):
    """A stored notebook or ``_stamps.json`` that is not valid JSON."""


class Interrupted(BaseException):
    """Raised in the main process when it receives ``SIGINT`` or ``SIGTERM``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
