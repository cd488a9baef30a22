"""One progress line for the whole build: the stage, articles done, articles/s and the ETA of the build.

Each stage passes over the articles (extract only over those not cached); the ETA weighs
what is left of every stage by how long a stage takes per article relative to the
others (`WEIGHTS`, measured on the benchmark corpus), scaled by the speed seen so far.
It writes to stderr, only when asked (a terminal, or --progress), so tests stay quiet.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: stage -> relative cost per article (extraction is the unit)
WEIGHTS = {"date": 0.01, "read": 0.03, "extract": 1.0, "resolve": 0.02, "write": 0.06, "validate": 0.5, "load": 0.05}


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """Call `stage(name, total)` when a stage starts and `advance(n)` as articles pass."""

    def __init__(self, enabled: bool, stages: dict[str, int] | None = None, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.plan: dict[str, int] = dict(stages or {})
        self.name = ""
        self.total = self.done = 0
        self.work_done = 0.0
        self.started = self.stage_started = time.monotonic()
        self.last = 0.0
        #: stage -> seconds spent in it (benchmarks read it from the build's report)
        self.seconds: dict[str, float] = {}

    def plan_stage(self, name: str, total: int) -> None:
        """Say how many articles a later stage will pass over (for the ETA)."""
        self.plan[name] = total

    def stage(self, name: str, total: int) -> None:
        self._lap()
        self.name, self.total, self.done = name, total, 0
        self.plan[name] = total
        self.stage_started = time.monotonic()
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self.work_done += n * WEIGHTS.get(self.name, 0.1)
        self._draw()

    def _remaining_work(self) -> float:
        left = (self.total - self.done) * WEIGHTS.get(self.name, 0.1)
        names = list(self.plan)
        later = names[names.index(self.name) + 1:] if self.name in names else []
        return left + sum(self.plan[n] * WEIGHTS.get(n, 0.1) for n in later)

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.2 and self.done < self.total:
            return
        self.last = now
        elapsed = now - self.stage_started
        rate = self.done / elapsed if elapsed > 0 and self.done else 0.0
        spent = now - self.started
        speed = self.work_done / spent if spent > 0 and self.work_done else 0.0
        eta = _clock(self._remaining_work() / speed) if speed else "?"
        self.stream.write(f"\r{self.name:<8} {self.done}/{self.total} articles  {rate:6.1f} articles/s  "
                          f"elapsed {_clock(spent)}  ETA {eta}   ")
        self.stream.flush()

    def _lap(self) -> None:
        if self.name:
            self.seconds[self.name] = self.seconds.get(self.name, 0.0) + time.monotonic() - self.stage_started

    def close(self) -> None:
        self._lap()
        self.name = ""
        if self.enabled:
            self.stream.write(f"\rdone in {_clock(time.monotonic() - self.started)}" + " " * 60 + "\n")
            self.stream.flush()
