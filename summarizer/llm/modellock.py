"""One embedded model computing at a time per machine: a fair, machine-wide file lock.

Every call into the embedded model (each first answer and each re-ask) runs under an
exclusive ``fcntl.flock`` on one file, so concurrent ``summarize``, ``batch`` and ``eval``
processes queue instead of fighting over the cores. Per call, not per process: a nightly
batch that keeps its model loaded for hours lets an interactive ``summarize`` in between
two of its calls, and two contenders alternate call by call. A second lock (``<file>.queue``)
is taken before the main one and released once it is held, so a process that just let the
model go cannot take it back ahead of one already waiting. Two runs together then cost the
sum of their calls (each call gets every core, no thread oversubscription) plus their CPU-light
steps, which overlap: at most the 1.2 × of two runs one after the other. Loading the model is
not under the lock (it is mmap'd, mostly I/O), so a waiting process is ready when its turn comes.

``SUMMARIZER_MODEL_LOCK``: unset or ``on`` → ``/run/lock/summarizer-model.lock`` (else
``/tmp/summarizer-model.lock``); ``off`` → no lock; any other value → that file. The holder
writes its pid and command into the file; a waiting process says once per holder on stderr
whom it waits for (``set_notify`` sends it elsewhere). The kernel drops a flock when its process dies,
so there is never a stale lock.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path
from typing import Callable, Iterator

from ..errors import ConfigError

try:
    import fcntl
except ImportError:  # not POSIX: no machine-wide lock
    fcntl = None  # type: ignore[assignment]

__all__ = ["ENV", "ModelLock", "default_lock_path", "model_lock", "set_notify"]

ENV = "SUMMARIZER_MODEL_LOCK"
_OFF = {"off", "0", "no", "false", "none"}
_NAME = "summarizer-model.lock"


def _print(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


_notify: Callable[[str], None] = _print


def set_notify(fn: Callable[[str], None]) -> None:
    """Where the "waiting" line goes in this process (stderr by default; a batch gives its reporter's ``message``)."""
    global _notify
    _notify = fn


def default_lock_path() -> Path:
    run_lock = Path("/run/lock")
    if run_lock.is_dir() and os.access(run_lock, os.W_OK | os.X_OK):
        return run_lock / _NAME
    return Path("/tmp") / _NAME


def lock_path_from_env() -> Path | None:
    """The lock file ``SUMMARIZER_MODEL_LOCK`` names, or None when it is off."""
    value = os.environ.get(ENV, "").strip()
    if value.lower() in _OFF or fcntl is None:
        return None
    if value.lower() in ("", "on", "1", "yes", "true"):
        return default_lock_path()
    return Path(value).expanduser()


def _open_shared(path: Path) -> tuple[int, bool]:
    """An fd on ``path`` (created world-writable, so every user of the machine queues on it)
    and whether it is writable (another user's file in a sticky /tmp may be read-only to us)."""
    for _ in range(3):
        try:
            return os.open(path, os.O_RDWR | os.O_CLOEXEC), True
        except FileNotFoundError:
            pass
        except PermissionError:
            return os.open(path, os.O_RDONLY | os.O_CLOEXEC), False
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue  # created by someone else meanwhile: open theirs
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o666)  # past the umask
        return fd, True
    raise FileNotFoundError(path)


class ModelLock:
    """The machine-wide lock on one file; :meth:`hold` is a context manager around one model call."""

    def __init__(self, path: Path, *, say: Callable[[str], None] | None = None):
        self.path = path
        self.queue_path = path.with_name(path.name + ".queue")
        self._say = say or (lambda m: _notify(m))
        self._fds: tuple[int, bool, int] | None = None
        self._pid = os.getpid()
        self._told: set[str] = set()  # holders we already said we wait for
        self._threads = threading.Lock()  # threads of one process queue here first

    def open(self) -> tuple[int, bool, int]:
        """Open (and create) the lock files once; ConfigError when that cannot be done."""
        self._after_fork()
        if self._fds is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd, writable = _open_shared(self.path)
                qfd, _ = _open_shared(self.queue_path)
            except OSError as e:
                raise ConfigError(f"cannot open the model lock {self.path}: {e.strerror or e} "
                                  f"(set {ENV} to another file, or to off)") from None
            self._fds = (fd, writable, qfd)
        return self._fds

    def _after_fork(self) -> None:
        if self._pid != os.getpid():  # a forked child: the parent's fds share the parent's flock
            self._pid, self._fds, self._threads = os.getpid(), None, threading.Lock()

    def holder(self) -> str:
        """Who holds the lock, as its holder wrote it ("pid 123 (summarizer batch ...)"), or ''."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""
        pid, _, cmd = text.partition("\n")
        return f"pid {pid}" + (f" ({cmd})" if cmd else "") if pid.isdigit() else ""

    def _wait(self, fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        who = self.holder()
        if who not in self._told:
            self._told.add(who)
            line = (f"summarizer: waiting for the embedded model, in use by {who or 'another process'}"
                    f"; lock {self.path}, {ENV}=off runs without it")
            try:
                self._say(line)
            except Exception:  # a reporter that cannot print now must not fail the call
                _print(line)
        fcntl.flock(fd, fcntl.LOCK_EX)  # Ctrl-C here raises KeyboardInterrupt: nothing held, nothing lost

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        self._after_fork()
        with self._threads:
            fd, writable, qfd = self.open()
            self._wait(qfd)
            try:
                self._wait(fd)
            finally:
                fcntl.flock(qfd, fcntl.LOCK_UN)
            try:
                if writable:
                    _write_holder(fd)
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)


def _write_holder(fd: int) -> None:
    argv = list(sys.argv or [""])
    if argv[0].endswith("__main__.py"):  # python -m summarizer
        argv[0] = "summarizer"
    cmd = " ".join([Path(argv[0]).name, *argv[1:]]).strip()[:200]
    data = f"{os.getpid()}\n{cmd}\n".encode("utf-8", "replace")
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)


_LOCKS: dict[Path, ModelLock] = {}
_LOCKS_LOCK = threading.Lock()


def model_lock() -> ModelLock | None:
    """This process's lock on the file ``SUMMARIZER_MODEL_LOCK`` names (one per file), or None when off."""
    path = lock_path_from_env()
    if path is None:
        return None
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(path, ModelLock(path))
