"""The single-writer lock of a store: an OS file lock on ``STORE.lock``.

The kernel releases a ``flock`` when its process dies, even by ``kill -9``,
so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

from framing.core.errors import StoreError


class RunLock:
    """An exclusive writer lock on ``STORE.lock``, released when the process ends.

    The lock file also records who holds it (run id, pid, host, start time)
    so that a second writer can say who is writing.
    """

    def __init__(self, store_path: Path) -> None:
        self.path = Path(str(store_path) + ".lock")
        self._fh: Any = None

    def acquire(self, store_path: Path) -> None:
        """Take the lock or raise :class:`StoreError` naming the current holder."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            _lock_file(fh)
        except OSError:
            fh.seek(0)
            holder = _parse_holder(fh.read())
            fh.close()
            raise StoreError(
                f"store {store_path} is busy: {holder} is writing",
                fix="wait for it or use another --store") from None
        self._fh = fh

    def describe(self, run_id: int | None, started: str) -> None:
        """Record the holder in the lock file (read by a second writer's message)."""
        if self._fh is None:
            return
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(json.dumps({"run": run_id, "pid": os.getpid(), "host": socket.gethostname(),
                                   "started": started}))
        self._fh.flush()

    def release(self) -> None:
        """Release the lock (closing the file releases the OS lock)."""
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.seek(0)
                self._fh.truncate()
            self._fh.close()
            self._fh = None


def _lock_file(fh: Any) -> None:
    if sys.platform == "win32":  # msvcrt locks a byte range of the file
        import msvcrt
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        return
    import fcntl
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _parse_holder(text: str) -> str:
    try:
        d = json.loads(text)
        run = f"run {d['run']}" if d.get("run") is not None else "a run"
        return f"{run} (pid {d.get('pid')} on {d.get('host')}) started at {d.get('started')}"
    except (json.JSONDecodeError, AttributeError, TypeError):
        return "another framing process"


__all__ = ["RunLock"]
