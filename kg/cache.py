"""The build cache in OUT/cache/: each article's facts by content hash, and the parts already validated.

A rebuild extracts only articles whose key changed. The key covers everything the facts
depend on: the file's text, the article's id and file name, the date it was given (its
own or borrowed, which other articles decide), the options, and the code and data of
the extractor itself (`code_fingerprint`), so a new pipeline never reuses old facts.
Entries no build asked for are removed at the end (`prune`): deleted articles leave
nothing behind. A broken or foreign entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from kg.articles import Article
from kg.facts import ArticleFacts

#: bump when the cached objects change shape
VERSION = "1"
PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=4)
def code_fingerprint(pos: bool = False) -> str:
    """A hash of the extractor's code, vocabularies and models (what decides an article's facts)."""
    h = hashlib.sha256(f"{VERSION}|pos={pos}".encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix != ".pyc" and not p.name.startswith(".")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(("commands/", "actors/")):
            continue
        h.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def article_key(article: Article, fingerprint: str) -> str:
    parts = (fingerprint, article.sha256, article.id, article.path.name,
             article.date.isoformat() if article.date else "", article.date_borrowed_from or "")
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class BuildCache:
    """Facts by article key, and a record of the graph parts that conformed (by their content hash)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.facts_dir = self.root / "facts"
        self.valid_dir = self.root / "valid"
        self.used: set[str] = set()
        self.valid_used: set[str] = set()

    def _path(self, folder: Path, key: str) -> Path:
        return folder / key[:2] / key

    def get(self, key: str) -> ArticleFacts | None:
        self.used.add(key)
        try:
            with open(self._path(self.facts_dir, key), "rb") as fh:
                facts = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return facts if isinstance(facts, ArticleFacts) else None

    def has(self, key: str) -> bool:
        return self._path(self.facts_dir, key).is_file()

    def put(self, key: str, facts: ArticleFacts) -> None:
        self.used.add(key)
        _write(self._path(self.facts_dir, key), pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))

    def conformed(self, part: str) -> bool:
        """Whether a graph part with this content hash was validated and conformed before."""
        self.valid_used.add(part)
        return self._path(self.valid_dir, part).is_file()

    def mark_conformed(self, part: str) -> None:
        self.valid_used.add(part)
        _write(self._path(self.valid_dir, part), b"")

    def prune(self) -> int:
        """Remove the entries this build did not use (best effort: it runs after the switch); how many went."""
        removed = 0
        for folder, used in ((self.facts_dir, self.used), (self.valid_dir, self.valid_used)):
            if not folder.is_dir():
                continue
            for sub in folder.iterdir():
                for entry in sub.iterdir() if sub.is_dir() else ():
                    if entry.name not in used:
                        try:
                            entry.unlink(missing_ok=True)
                        except OSError:  # the build is done; the next one prunes again
                            continue
                        removed += 1
        return removed


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
