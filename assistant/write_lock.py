"""One index writer at a time across processes: an advisory lock (``flock``) on a file in the data dir.

Two processes writing one data dir (``assistant sources add`` while ``assistant serve`` syncs or
takes an upload) would otherwise interleave their writes: each reads the registry, then writes
from what it read. A writer holds the lock for its whole write; another one waits, says so in the
log, and after ``write_lock_wait_s`` fails with an error naming the lock file, having changed
nothing. The kernel drops the lock when its holder exits, killed or not, so a dead writer never
blocks the next one. Only processes sharing the data dir are serialized (one Chroma server used
from several data dirs is not). Within a process the lock is re-entrant per thread.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import AssistantError

LOCK_NAME = "write.lock"
_POLL_S = 0.1  # how often a waiting writer tries again
_log = logging.getLogger(__name__)
_held = threading.local()  # lock paths this thread holds, with their nesting depth


class WriteLockBusy(AssistantError):
    """Another process held the index's write lock for longer than a writer may wait."""


def lock_path(data_dir: Path) -> Path:
    return Path(os.path.abspath(data_dir)) / LOCK_NAME


@contextmanager
def write_lock(data_dir: Path, wait_s: float) -> Iterator[None]:
    """Hold the data dir's write lock for the block; wait up to ``wait_s`` seconds for it."""
    path = lock_path(data_dir)
    depth: dict[Path, int] = _held.__dict__.setdefault("depth", {})
    if depth.get(path):
        depth[path] += 1
        try:
            yield
        finally:
            depth[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, wait_s)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)  # who holds it, for a waiter's message
        depth[path] = 1
        try:
            yield
        finally:
            depth.pop(path, None)
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, path: Path, wait_s: float) -> None:
    if _try_lock(fd):
        return
    holder = _holder(path)
    _log.warning("Waiting for another index write (process %s) to finish: %s is locked; waiting up "
                 "to %.0f s (ASSISTANT_WRITE_LOCK_WAIT_S).", holder, path, wait_s)  # fmt: skip
    started = time.monotonic()
    while not _try_lock(fd):
        if time.monotonic() - started >= wait_s:
            raise WriteLockBusy(
                f"Another process ({holder}) is writing the index and held its lock {path} for "
                f"longer than {wait_s:g} s (ASSISTANT_WRITE_LOCK_WAIT_S); nothing was changed. "
                "Try again when that write has finished."
            )
        time.sleep(_POLL_S)
    _log.warning("Got the index write lock %s after %.1f s.", path, time.monotonic() - started)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(path: Path) -> str:
    try:
        pid = path.read_text().strip()
    except OSError:
        pid = ""
    return f"pid {pid}" if pid.isdigit() else "pid unknown"
