"""Writing build generations: a new folder per build, one pointer switched atomically.

This is the builder's side of docs/store-generations.md (the readers' side is
`kg.store.find_current`). A build writes everything into
`OUT/generations/.NAME.partial/`, fsyncs it, renames it to `OUT/generations/NAME`
(so a folder without the dot is always whole) and only then replaces the pointer
`OUT/current-generation` (a symlink to `generations/NAME`) by rename. A reader
therefore sees the old generation or the new one, never a mix, whenever the build
is killed. The paths users know (`OUT/graph.trig`, `OUT/store`, ...) are symlinks
through the pointer, so they switch with it. What dead builds leave behind is
removed by the next one, which holds the output folder's write lock.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from kg.store import GENERATIONS, POINTER, StoreError, current_generation, is_store_dir

#: the outputs every generation may hold, linked from OUT/ under the same names
LINKED = ("graph.trig", "graph.ttl", "validation.ttl", "build.json", "store")
#: generations kept after a switch: the current one and the one before it (readers may be
#: answering a request from it; docs/store-generations.md, rule 4)
KEEP = 2
PARTIAL = ".partial"
_NUMBERED = re.compile(r"^(\d{6,})-")
#: what dead builds of either layout leave in OUT/ (temporary siblings, a store being swapped)
#: and what a writable `kg serve` that died left beside its store (its snapshots)
_LEFTOVERS = (re.compile(r"^\..+\.tmp$"), re.compile(r"^\.store-.+"), re.compile(r"^store\.old$"),
              re.compile(rf"^{re.escape(POINTER)}\.tmp$"), re.compile(r"^\.kg-old-.+"))
_SNAPSHOTS = re.compile(r"^\.kg-snapshots-.+")


@dataclass(frozen=True)
class Generation:
    """A generation being built: its final name and the folder its files go into until it is whole."""

    out: Path
    name: str

    @property
    def partial(self) -> Path:
        return self.out / GENERATIONS / f".{self.name}{PARTIAL}"

    @property
    def final(self) -> Path:
        return self.out / GENERATIONS / self.name

    def file(self, name: str) -> Path:
        """Where output `name` is written while the generation is being built."""
        return self.partial / name


def begin(out: Path) -> Generation:
    """Start a new generation in OUT (the caller holds OUT's write lock)."""
    root = out / GENERATIONS
    root.mkdir(parents=True, exist_ok=True)
    gen = Generation(out, f"{_next_number(root):06d}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}")
    shutil.rmtree(gen.partial, ignore_errors=True)
    gen.partial.mkdir()
    return gen


def _next_number(root: Path) -> int:
    numbers = [int(m.group(1)) for p in root.iterdir() if (m := _NUMBERED.match(p.name.lstrip(".")))]
    return max(numbers, default=0) + 1


def seal(gen: Generation) -> None:
    """Make the generation whole on disk: fsync every file, then rename it to its final name."""
    for folder, _, names in os.walk(gen.partial):
        for name in names:
            _fsync_file(Path(folder) / name)
        _fsync_dir(Path(folder))
    os.rename(gen.partial, gen.final)
    _fsync_dir(gen.final.parent)


def switch(gen: Generation) -> None:
    """Point OUT at the sealed generation (one rename), then make OUT's links follow the pointer.

    On a file system without symbolic links (FAT, some network shares) the pointer is the
    one-line file the readers also accept, and OUT's paths are not linked.
    """
    out = gen.out
    tmp = out / f"{POINTER}.tmp"
    if tmp.is_symlink() or tmp.exists():
        _remove(tmp)
    linked = _symlink(f"{GENERATIONS}/{gen.name}", tmp)
    if not linked:
        tmp.write_text(gen.name + "\n", encoding="utf-8")
        _fsync_file(tmp)
    pointer = out / POINTER
    if pointer.exists() and not pointer.is_symlink() and pointer.is_dir():
        _set_aside(pointer)  # a copy made without keeping links (`cp -r`) turned the pointer into a folder
    os.replace(tmp, pointer)
    _fsync_dir(out)
    if linked:
        link_outputs(out, gen.final)
    else:
        for name in LINKED:  # links through a pointer that is no longer one would lead nowhere
            if (out / name).is_symlink():
                (out / name).unlink()


def _symlink(target: str, link: Path) -> bool:
    """Make a symbolic link; False when the file system has none."""
    try:
        os.symlink(target, link)
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            return False
        raise
    return True


def link_outputs(out: Path, folder: Path) -> None:
    """OUT/graph.trig, OUT/store, ... as symlinks through the pointer (only those the generation has).

    Outputs of a build from before generations (real files and a store folder) are
    replaced: each file by one rename, a folder by moving it aside first.
    """
    for name in LINKED:
        link = out / name
        target = f"{POINTER}/{name}"
        if not (folder / name).exists():
            if link.is_symlink() or link.exists():
                _remove(link)
            continue
        if link.is_symlink() and os.readlink(link) == target:
            continue
        if link.is_dir() and not link.is_symlink():
            _retire(out, link)
        tmp = out / f".{name}.link.tmp"
        if tmp.is_symlink() or tmp.exists():
            _remove(tmp)
        os.symlink(target, tmp)
        os.replace(tmp, link)
    _fsync_dir(out)


def abandon(gen: Generation) -> None:
    """Remove what a failed build wrote (best effort: the next build cleans up what is left)."""
    shutil.rmtree(gen.partial, ignore_errors=True)


def clean(out: Path, *, keep: int | None = KEEP) -> list[str]:
    """Remove what dead builds left and generations older than the last `keep`; the names removed.

    Call it holding OUT's write lock: nothing else is being built, so every partial
    generation, temporary file and generation newer than the current one is a dead
    build's. With `keep=None` (before a build) older generations stay; after a switch all
    but the current one and the `keep - 1` before it go. The generation the pointer names
    is never removed.
    """
    removed: list[str] = []
    root = out / GENERATIONS
    if root.is_dir():
        whole = _whole(root)
        kept = _kept(whole, current_name(out), keep)
        for p in sorted(root.iterdir()):
            if p.name.startswith(".") or (p in whole and p not in kept):
                _remove(p)
                removed.append(f"{GENERATIONS}/{p.name}")
        for folder in sorted(kept):
            for p in sorted(folder.iterdir()):
                if _SNAPSHOTS.match(p.name):
                    _remove(p)
                    removed.append(f"{GENERATIONS}/{folder.name}/{p.name}")
    if out.is_dir():
        for p in sorted(out.iterdir()):
            if any(rx.match(p.name) for rx in (*_LEFTOVERS, _SNAPSHOTS)):
                _remove(p)
                removed.append(p.name)
    return removed


def _kept(whole: list[Path], current: str | None, keep: int | None) -> set[Path]:
    """The current generation and the `keep - 1` built before it (all before it when None).

    Generations after the current one were sealed by a build that died before its switch:
    no reader ever saw them.
    """
    names = [p.name for p in whole]
    if current not in names:  # no usable pointer: remove nothing a reader could still want
        return set(whole)
    i = names.index(current)
    return set(whole[0 if keep is None else max(0, i - keep + 1): i + 1])


def current_name(out: Path) -> str | None:
    """The name of the generation OUT serves now (None: no pointer, or a broken one)."""
    try:
        folder = current_generation(out)
    except StoreError:
        return None
    return folder.name if folder is not None else None


#: where the store of a build from before generations goes when its folder moves over: an
#: old generation like any other, so readers still answering from it keep it for one more build
BEFORE_GENERATIONS = "000000-before-generations"


def _retire(out: Path, folder: Path) -> None:
    """Move a real folder where a link must go (the older layout's store) out of the way."""
    old = out / GENERATIONS / BEFORE_GENERATIONS
    if folder.name == "store" and is_store_dir(folder) and not old.exists():
        old.mkdir()
        os.rename(folder, old / "store")
    else:
        _set_aside(folder)


def _set_aside(path: Path) -> None:
    """Move a folder out of the way in one rename; `clean` deletes it."""
    aside = path.with_name(f".kg-old-{path.name}-{os.getpid()}-{time.monotonic_ns()}")
    os.rename(path, aside)


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _fsync_file(path: Path) -> None:
    if path.is_symlink():
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _whole(root: Path) -> list[Path]:
    """The sealed generation folders under OUT/generations, oldest first."""
    found = [p for p in root.iterdir() if _NUMBERED.match(p.name) and p.is_dir() and not p.is_symlink()]
    return sorted(found, key=lambda p: int(_NUMBERED.match(p.name).group(1)))


def names(out: Path) -> list[str]:
    """The names of the whole generations in OUT, oldest first."""
    root = out / GENERATIONS
    return [p.name for p in _whole(root)] if root.is_dir() else []
