"""The single-writer lock of a store: an OS file lock on ``STORE.lock``.

The kernel releases a ``flock`` when the last descriptor of the locked file
closes, even after ``kill -9``.  Two things could still leave a store locked
after its writer died, and both are handled here:

* a child forked while the lock is held inherits the descriptor (a ``flock``
  belongs to the open file, shared across ``fork``), so an orphaned worker
  would keep the lock alive: every forked child drops its copy at once
  (``os.register_at_fork``), so only the process that took the lock holds it;
* a lock file whose recorded holder is dead on this host (left held by
  orphans of an older framing, for instance) is taken over, with a message:
  the stale file is replaced by a fresh one, under a second short lock
  (``STORE.lock.takeover``) so that two takers cannot both win.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any, Callable

from framing.core.errors import StoreError

#: Descriptors of the locks this process holds (dropped in forked children).
_HELD: set[int] = set()


def _drop_inherited_locks() -> None:
    """In a freshly forked child: point every inherited lock descriptor at /dev/null.

    ``dup2`` over the descriptor (rather than ``close``) releases the child's
    share of the lock while keeping the number valid, so an inherited file
    object that is closed later closes /dev/null, never an unrelated file.
    """
    if not _HELD:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        for fd in _HELD:
            with contextlib.suppress(OSError):
                os.dup2(null, fd)
    finally:
        os.close(null)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


class RunLock:
    """An exclusive writer lock on ``STORE.lock``, held only by the process that took it.

    The lock file also records who holds it (run id, pid, host, start time)
    so that a second writer can say who is writing, and can tell a holder
    that died from one that is running.
    """

    def __init__(self, store_path: Path, note: Callable[[str], None] | None = None) -> None:
        self.path = Path(str(store_path) + ".lock")
        self._fh: Any = None
        self._note = note or (lambda msg: print(msg, file=sys.stderr))

    @property
    def held(self) -> bool:
        """Return True while this object holds the lock."""
        return self._fh is not None

    def acquire(self, store_path: Path) -> None:
        """Take the lock at once or raise :class:`StoreError` naming the holder (pid, start time) and the fix.

        A lock whose recorded holder is no longer running on this host is
        taken over (with a message) instead of refusing.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            _lock_file(fh)
        except OSError:
            info = _read_holder(fh)
            fh.close()
            if not _holder_dead(info):
                raise _busy(store_path, info) from None
            fh = self._take_over(store_path, info)
        self._fh = fh
        _HELD.add(fh.fileno())

    def _take_over(self, store_path: Path, info: dict | None) -> Any:
        """Replace a lock file held for a dead holder by a fresh one and lock it; return its file."""
        if sys.platform == "win32":  # a locked file cannot be replaced there
            raise _busy(store_path, info)
        import fcntl
        with open(str(self.path) + ".takeover", "a+", encoding="utf-8") as guard:
            fcntl.flock(guard.fileno(), fcntl.LOCK_EX)  # held for milliseconds by any taker
            fh = open(self.path, "a+", encoding="utf-8")
            try:
                _lock_file(fh)
                return fh  # released meanwhile (or another taker already replaced it and finished)
            except OSError:
                now = _read_holder(fh)
                fh.close()
            if not _holder_dead(now):  # another taker won and is alive
                raise _busy(store_path, now)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            fh = open(self.path, "a+", encoding="utf-8")
            try:
                _lock_file(fh)
            except OSError:
                fh.close()
                raise _busy(store_path, _read_holder_path(self.path)) from None
        self._note(f"framing: store {store_path}: took over the lock of {_describe(now)}, which is no longer "
                   "running (processes it left behind still held the old lock file)")
        return fh

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
            _HELD.discard(self._fh.fileno())
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


def _read_holder(fh: Any) -> dict | None:
    """Return the holder record of an open lock file, or None when it is empty or unreadable."""
    try:
        fh.seek(0)
        d = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    return d if isinstance(d, dict) else None


def _read_holder_path(path: Path) -> dict | None:
    with contextlib.suppress(OSError), open(path, encoding="utf-8") as fh:
        return _read_holder(fh)
    return None


def _holder_dead(info: dict | None) -> bool:
    """Return True when ``info`` names a process of this host that no longer exists."""
    if not info or info.get("host") != socket.gethostname():
        return False
    pid = info.get("pid")
    if not isinstance(pid, int) or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False


def _describe(info: dict | None) -> str:
    if not info:
        return "another framing process"
    run = f"run {info['run']}" if info.get("run") is not None else "a framing process"
    return f"{run} (pid {info.get('pid')} on {info.get('host')}) started at {info.get('started')}"


def _busy(store_path: Path, info: dict | None) -> StoreError:
    return StoreError(f"store {store_path} is busy: {_describe(info)} is writing",
                      fix="wait for it or use another --store")


__all__ = ["RunLock"]
