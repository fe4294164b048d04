"""Writing output files safely; ids that become file names.

:func:`write_file` is the one way the program writes a file it was asked to write
(``summarize -o``, ``export -o``, ``reconcile -o``, ``eval --save-pred``, caches):

- ``-`` is stdout.
- A regular file (or a new one) is written to a temporary file made by
  ``tempfile.mkstemp`` in the target's folder (``O_CREAT|O_EXCL``, a random name, never
  through a symlink), flushed with ``fsync`` and renamed over the target: a failed write
  leaves the old file whole. A new file is created private (0600); an existing file keeps
  its mode.
- A FIFO, a character or block device or a socket is opened and written directly (never
  replaced by a regular file); ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` are
  written to the descriptor itself, at its offset, whatever it is open on.
- A symlink is written through, as a shell's ``>`` would: the file it points to is
  replaced atomically and the link stays a link.

Every failure (no space left, no such folder, permission denied) is one
:class:`~summarizer.errors.RenderError` line, exit 7.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from .errors import InputError, RenderError

__all__ = ["PRIVATE_MODE", "check_file_id", "create_private", "write_file", "write_stdout"]

PRIVATE_MODE = 0o600
_UNSAFE_ID_CHARS = set('/\\:*?"<>|')


def write_file(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write ``text`` to ``path`` (``-``: stdout) as described in the module docstring."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if str(path) == "-":
        write_stdout(data)
        return
    shown = _display(path)
    try:
        st: os.stat_result | None = os.stat(path)  # through any symlink
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise RenderError(f"cannot write {shown}: {_reason(e)}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise RenderError(f"cannot write {shown}: is a directory")
    fd = _descriptor(path)
    if fd is not None:  # the caller's own open file, at its offset
        if fd == 1:
            write_stdout(data)
        else:
            _write_all(fd, data, shown)
        return
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_special(os.fspath(path), data, shown)  # a FIFO or a device: in place
        return
    target = os.path.realpath(path) if os.path.islink(path) else os.fspath(path)  # a symlink: written through
    _write_atomic(target, data, shown, None if st is None else stat.S_IMODE(st.st_mode))


def write_stdout(data: str | bytes) -> None:
    """Write to stdout and flush; a full disk or a closed pipe is a RenderError (exit 7)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        if out is not None:
            out.write(raw)
            out.flush()
        else:  # a text-only stream (a test's StringIO, an embedding host)
            sys.stdout.write(raw.decode("utf-8"))
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        _silence_stdout()
        raise RenderError(f"cannot write to stdout: {_reason(e)}") from None


def create_private(path: str | os.PathLike[str]) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (never through a symlink)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), PRIVATE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def check_file_id(value: str, what: str = "id") -> str:
    """``value`` if it can be a file name on its own (``<id>.json``), else an InputError: no
    path separators, no ``..`` or leading dot, no control characters, not empty."""
    bad = (not value or value.strip() != value or value.startswith(".") or len(value) > 200
           or any(c in _UNSAFE_ID_CHARS or not c.isprintable() for c in value))
    if bad:
        raise InputError(f"{what} {value!r} cannot be used as a file name (no '/', '\\', ':', leading '.', "
                         "control characters or surrounding spaces; at most 200 characters)")
    return value


def _descriptor(path: str | os.PathLike[str]) -> int | None:
    """The descriptor /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N names, if open."""
    p = os.path.abspath(path)
    named = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}.get(p)
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        if p.startswith(prefix) and p[len(prefix):].isdigit():
            named = int(p[len(prefix):])
    if named is None:
        return None
    try:
        os.fstat(named)
    except OSError:
        return None
    return named


def _write_all(fd: int, data: bytes, shown: str) -> None:
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    except OSError as e:
        raise RenderError(f"cannot write {shown}: {_reason(e)}") from None


def _write_special(target: str, data: bytes, shown: str) -> None:
    """A FIFO or a device: written in place."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise RenderError(f"cannot write {shown}: {_reason(e)}") from None
    try:
        _write_all(fd, data, shown)
    finally:
        os.close(fd)


def _write_atomic(target: str, data: bytes, shown: str, mode: int | None) -> None:
    folder, name = os.path.split(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    except OSError as e:
        raise RenderError(f"cannot write {shown}: {_reason(e)}") from None
    try:
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fchmod(fd, PRIVATE_MODE if mode is None else mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise RenderError(f"cannot write {shown}: {_reason(e)}") from None
    _fsync_dir(folder or ".")


def _fsync_dir(folder: str) -> None:
    """Make the rename durable (best effort: not every file system lets a folder be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _silence_stdout() -> None:
    """After a failed write the buffer still holds data: send it to /dev/null so the
    interpreter's flush at exit does not fail a second time."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _reason(e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return "no space left on device"
    return e.strerror or str(e)


def _display(path: str | os.PathLike[str]) -> str:
    s = str(Path(path))
    return s if s.isprintable() else repr(s)[1:-1]
