"""SIGKILL a real `kg build` at each of its stages: readers keep one whole generation, the next build is exact.

The build pauses where $KG_TEST_PAUSE_AT says (kg.build.pause_point) and the test kills
it there, so every moment is hit deterministically. Two stages run in the fast suite,
the others are marked slow (each costs a real build and a half).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import generations
from kg.build import STAGES
from tests.reliability.build_support import (
    ONE_SEED,
    SEEDS,
    assert_same_build,
    assert_whole_generation,
    build,
    copy_out,
    interrupt_at,
    kill_at,
    leftovers,
)

FAST = ("write", "switch")


@pytest.fixture(scope="module")
def old(tmp_path_factory) -> Path:
    """An output folder holding one generation: a build of one seed article."""
    out = tmp_path_factory.mktemp("old") / "out"
    build(out, ONE_SEED)
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """What an uninterrupted build of both seeds writes."""
    out = tmp_path_factory.mktemp("reference") / "out"
    build(out, SEEDS)
    return out


@pytest.mark.parametrize("stage", [s if s in FAST else pytest.param(s, marks=pytest.mark.slow)
                                   for s in ("extract", "validate", "write", "load", "seal", "switch", "clean")])
def test_a_build_killed_at_any_stage_leaves_one_whole_generation(tmp_path, old, reference, stage):
    assert stage in STAGES
    out = copy_out(old, tmp_path / "out")
    before = assert_whole_generation(out)
    kill_at(stage, out, SEEDS)
    now = assert_whole_generation(out)
    if stage == "clean":  # killed after the switch: the new generation is current, and whole
        assert now != before
        assert_same_build(out, reference)
    else:
        assert now == before
        assert (out / "graph.trig").read_bytes() == (old / "graph.trig").read_bytes()
    said = build(out, SEEDS)  # the next build cleans up after the dead one
    latest = assert_whole_generation(out)
    assert_same_build(out, reference)
    assert leftovers(out) == []
    if stage == "clean":  # the current generation was built from these very inputs: nothing to redo
        assert "Nothing changed" in said and latest == now
        assert generations.names(out) == [before, now]
    else:
        assert generations.names(out) == [now, latest], "the generation served before is kept, nothing else"


@pytest.mark.slow
def test_two_kills_in_a_row_then_a_build(tmp_path, old, reference):
    out = copy_out(old, tmp_path / "out")
    before = assert_whole_generation(out)
    kill_at("load", out, SEEDS)  # leaves a half-loaded store in a partial generation
    kill_at("write", out, SEEDS)  # the next build starts by removing it
    assert assert_whole_generation(out) == before
    assert [p.name for p in (out / "generations").iterdir() if p.name.startswith(".")], \
        "the dead build left its partial generation (the next build removes it)"
    build(out, SEEDS)
    assert_same_build(out, reference)
    assert leftovers(out) == []


def test_ctrl_c_removes_the_partial_generation_and_says_what_is_served(tmp_path, old):
    out = copy_out(old, tmp_path / "out")
    before = assert_whole_generation(out)
    stderr = interrupt_at("write", out, SEEDS)
    assert f"kg build: interrupted; {out} still serves generation {before}" in stderr
    assert "Traceback" not in stderr
    assert assert_whole_generation(out) == before and leftovers(out) == []
