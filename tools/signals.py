"""``SIGINT`` and ``SIGTERM`` in the rebuild's main process: turned into
:class:`~tools.errors.Interrupted` (:func:`interruptible`), or held back while
a chapter is being committed (:func:`deferred_signals`)."""
from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

from tools.errors import Interrupted

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
