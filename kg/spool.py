"""Validation parts waiting for pySHACL, on disk while the graph is written.

A part is an article's graph as N-Quads with its context and its focus nodes: about 60 KB an
article with its text, so 100,000 articles' parts would hold gigabytes in memory. The spool keeps
them in one temporary file of the generation being built; memory holds each part's hash, place
and number of focus nodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Spooled:
    digest: str
    offset: int
    size: int
    names: int
    focus_count: int


class PartSpool:
    """Append parts (digest, N-Quads, focus IRIs); read them back by index, in any order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = open(path, "w+b")  # noqa: SIM115 - closed by close(), also on errors
        self.index: list[Spooled] = []
        self.end = 0

    def add(self, digest: str, data: bytes, focus: list[str]) -> None:
        names = "\n".join(focus).encode()
        self.file.seek(self.end)
        self.file.write(data)
        self.file.write(names)
        self.index.append(Spooled(digest, self.end, len(data), len(names), len(focus)))
        self.end += len(data) + len(names)

    def __len__(self) -> int:
        return len(self.index)

    def read(self, i: int) -> tuple[str, bytes, list[str]]:
        part = self.index[i]
        self.file.seek(part.offset)
        blob = self.file.read(part.size + part.names)
        focus = blob[part.size:].decode().split("\n") if part.names else []
        return part.digest, blob[: part.size], focus

    def focus(self, i: int) -> list[str]:
        part = self.index[i]
        self.file.seek(part.offset + part.size)
        return self.file.read(part.names).decode().split("\n") if part.names else []

    def parts(self, indexes: list[int]) -> Iterator[tuple[str, bytes, list[str]]]:
        return (self.read(i) for i in indexes)

    def close(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> PartSpool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
