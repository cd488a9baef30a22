"""Writing output files whole or not at all: the one atomic write every writer of kg uses."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file that appears at `path` only whole: written to a temporary sibling, flushed to disk
    and renamed over `path` when the block ends, removed if it raises. The new file gets the usual
    permissions (mkstemp alone would make it private)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: str | Path, data: bytes | Callable[[BinaryIO], object]) -> Path:
    """Write `data` (bytes, or a function writing to a binary file) to `path`, never half a file:
    a failure or a crash leaves the previous file (or none) in place."""
    with atomic_file(path) as fh:
        if isinstance(data, bytes | bytearray | memoryview):
            fh.write(data)
        else:
            data(fh)
    return Path(path)
