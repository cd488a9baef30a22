"""Small corpora for the build tests, built into temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The seeds and the eight articles of heldout-2 in one folder (ten articles)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for f in [*sorted((ROOT / "seeds").glob("*.txt")), *sorted((ROOT / "tests/corpus/heldout-2").glob("*.txt"))]:
        shutil.copy(f, folder / f.name)
    return folder


def build(paths, out: Path, **options):
    from kg.build import read_inputs, run_build

    articles, problems = read_inputs([Path(p) for p in paths])
    return run_build(articles, out, skipped=problems, **options)


def outputs(out: Path) -> dict[str, bytes]:
    """The files a build wrote that must not depend on how it ran (build.json without the generation)."""
    import json

    record = json.loads((out / "build.json").read_text(encoding="utf-8"))
    record.pop("generation")
    files = {name: (out / name).read_bytes() for name in ("graph.trig", "graph.ttl", "validation.ttl")}
    files["build.json"] = json.dumps(record, sort_keys=True).encode()
    return files
