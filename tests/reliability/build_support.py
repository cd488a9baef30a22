"""Real `kg build` runs for the reliability tests: in-process, as a subprocess, paused and killed."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.store import POINTER, find_current, open_store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ONE_SEED = SEEDS / "000_53b09ad841259d56.txt"
#: the files of a generation that must be byte-identical between equal builds (build.json modulo `generation`)
COMPARED = ("graph.trig", "graph.ttl", "validation.ttl", "build.json")


def build(out: Path, *inputs: Path, extra: tuple[str, ...] = ()) -> str:
    """An in-process `kg build`; returns its output, asserting it succeeded."""
    result = CliRunner().invoke(main, ["build", *map(str, inputs), "--out", str(out), "--no-progress", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kg.cli import main; main()", *args]


def kg_env(**extra: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), **extra)


def run_kg(*args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(kg_command(*args), capture_output=True, text=True, timeout=timeout, env=kg_env(**env))


def kill_at(stage: str, out: Path, *inputs: Path, timeout: float = 300) -> str:
    """Start `kg build` with KG_TEST_PAUSE_AT=stage, SIGKILL it once it says it paused; its stderr."""
    return signal_at(stage, signal.SIGKILL, out, *inputs, timeout=timeout)


def interrupt_at(stage: str, out: Path, *inputs: Path, timeout: float = 300) -> str:
    """As kill_at, with SIGINT (Ctrl-C): the build stops itself; its whole stderr."""
    return signal_at(stage, signal.SIGINT, out, *inputs, timeout=timeout)


def signal_at(stage: str, sig: int, out: Path, *inputs: Path, timeout: float = 300) -> str:
    """Start `kg build` pausing at `stage`, send it `sig` there and wait for it to end; its stderr."""
    with paused_build(stage, out, *inputs, timeout=timeout) as build:
        os.kill(build.proc.pid, sig)
        code = build.proc.wait(timeout=60)
        assert code == (-signal.SIGKILL if sig == signal.SIGKILL else 130), code
        return build.rest()


class PausedBuild:
    """A `kg build` subprocess that has printed `kg-test: paused at STAGE` and sleeps there."""

    def __init__(self, proc: subprocess.Popen, lines: queue.Queue, seen: list[str]) -> None:
        self.proc, self.lines, self.seen = proc, lines, seen

    def rest(self, timeout: float = 60) -> str:
        """All of its stderr, once it has ended."""
        while (line := self.lines.get(timeout=timeout)) is not None:
            self.seen.append(line)
        return "".join(self.seen)


@contextmanager
def paused_build(stage: str, out: Path, *inputs: Path, timeout: float = 300) -> Iterator[PausedBuild]:
    """Start `kg build` with KG_TEST_PAUSE_AT=stage and yield once it has paused; killed at the end."""
    proc = subprocess.Popen(kg_command("build", *map(str, inputs), "--out", str(out), "--no-progress"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=kg_env(KG_TEST_PAUSE_AT=stage))
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    try:
        while True:
            line = lines.get(timeout=timeout)
            if line is None:
                raise AssertionError(f"the build ended before pausing at {stage}: {''.join(seen)}")
            seen.append(line)
            if line.strip() == f"kg-test: paused at {stage}":
                break
        yield PausedBuild(proc, lines, seen)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def copy_out(template: Path, out: Path) -> Path:
    """A copy of an output folder, its links kept as links."""
    shutil.copytree(template, out, symlinks=True)
    return out


def record(folder: Path) -> dict:
    """build.json without what differs between equal builds (the generation's name)."""
    data = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    data.pop("generation", None)
    return data


def assert_same_build(a: Path, b: Path) -> None:
    for name in COMPARED[:-1]:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert record(a) == record(b)


def assert_whole_generation(out: Path) -> str:
    """What a reader of OUT opens is one whole generation; returns its name.

    Whole: the store the pointer leads to holds exactly the quads of that generation's
    graph.trig, its build.json names it, and OUT's links show the same files.
    """
    where = find_current(out)
    assert where.generation.startswith("generation:"), where
    name = where.generation.removeprefix("generation:")
    folder = out / "generations" / name
    assert (out / POINTER).resolve() == folder.resolve()
    data = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    assert data["generation"] == name
    store = open_store(where.path)
    assert len(store) == data["counts"]["triples"]
    import pyoxigraph as ox

    assert len(list(ox.parse(path=str(folder / "graph.trig"), format=ox.RdfFormat.TRIG))) == len(store)
    for n in COMPARED:
        assert (out / n).read_bytes() == (folder / n).read_bytes(), n
    return name


def leftovers(out: Path) -> list[str]:
    """Temporary files and partial generations left in OUT (none after a successful build)."""
    found = [p.name for p in out.iterdir() if p.name.startswith(".") or p.name.endswith((".tmp", ".old"))]
    found += [f"generations/{p.name}" for p in (out / "generations").iterdir() if p.name.startswith(".")]
    return sorted(found)
