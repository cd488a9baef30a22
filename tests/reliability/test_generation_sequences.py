"""Any sequence of builds, each possibly dying at any step, keeps OUT whole (kg/generations.py alone)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg import generations
from kg.store import locate

#: where a fake build may die: after making its folder, after writing, after sealing, after switching
STEPS = ("begin", "write", "seal", "switch")


def fake_build(out: Path, n: int, dies_after: str | None) -> bool:
    """The builder's calls in order (no NLP), stopping after `dies_after`; True when it switched."""
    generations.clean(out, keep=None)
    gen = generations.begin(out)
    if dies_after == "begin":
        return False
    for name in ("graph.trig", "graph.ttl", "build.json"):
        gen.file(name).write_text(f"build {n}\n")
    if dies_after == "write":
        return False
    generations.seal(gen)
    if dies_after == "seal":
        return False
    generations.switch(gen)
    if dies_after == "switch":
        return True
    generations.clean(out)
    return True


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from((None, *STEPS)), min_size=1, max_size=8))
def test_whatever_dies_where_readers_see_the_last_switched_build_whole(deaths):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        served: list[int] = []
        for n, dies_after in enumerate(deaths):
            if fake_build(out, n, dies_after):
                served.append(n)
            if not served:
                assert generations.current_name(out) is None
                continue
            expected = f"build {served[-1]}\n"
            assert locate(out).read_text() == expected  # the pointer's generation
            for name in ("graph.trig", "graph.ttl", "build.json"):
                assert (out / name).read_text() == expected, name  # the links follow it
            if dies_after is None:  # a build that finished leaves nothing behind ...
                names = generations.names(out)
                assert names[-1] == generations.current_name(out) and len(names) <= generations.KEEP
                assert not [p for p in (out / "generations").iterdir() if p.name.startswith(".")]
                assert not [p for p in out.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp")]
                if len(served) > 1:  # ... but keeps the generation served before it
                    previous = (out / "generations" / names[0] / "graph.trig").read_text()
                    assert len(names) == 2 and previous == f"build {served[-2]}\n"
