"""bench/bench_build.py compares like with like: the --jobs 1 and Dask builds read the files of the first build.

The 1,000-article result of 2026-12-02 showed --jobs 1 writing 10 statements more than --jobs 2: the
--jobs 1 build ran after the 1% of files had been changed, so it built other input, not other output.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from bench import bench_build


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.glob("*.txt")):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def test_every_first_build_reads_the_files_of_the_first_build(tmp_path, monkeypatch):
    source = tmp_path / "texts"
    source.mkdir()
    for i in range(3):
        (source / f"{i:03}.txt").write_text(f"Artikel {i}.\n", encoding="utf-8")
    monkeypatch.setattr(bench_build, "corpus", lambda n, seed, data: source)
    seen: list[tuple[str, str]] = []

    def measure(texts: Path, out: Path, jobs: int, executor: str = "processes") -> dict:
        seen.append((f"{jobs} {executor}", _digest(texts)))
        return {"seconds": 1.0, "graph_sha256": _digest(texts)}

    monkeypatch.setattr(bench_build, "measure", measure)
    args = argparse.Namespace(jobs=2, dask=True, seed=1, changed_up_to=None)
    row = bench_build.run_size(3, args, tmp_path, smallest=True)
    first = seen[0][1]
    assert [digest == first for _, digest in seen] == [True, True, True, True, False], seen
    assert row["changed_files"] == 1
    summary = bench_build.summarise([row], 2)
    assert summary["jobs1_same_graph"] is True and summary["dask_same_graph"] is True


def test_first_only_runs_the_first_build_alone(tmp_path, monkeypatch):
    source = tmp_path / "texts"
    source.mkdir()
    (source / "000.txt").write_text("Artikel.\n", encoding="utf-8")
    monkeypatch.setattr(bench_build, "corpus", lambda n, seed, data: source)
    runs: list[int] = []

    def measure(texts: Path, out: Path, jobs: int, executor: str = "processes") -> dict:
        runs.append(jobs)
        return {"seconds": 1.0, "jobs": jobs, "extracted": 1, "peak_rss_mb": 1, "peak_rss_with_workers_mb": 1,
                "stages": {}}

    monkeypatch.setattr(bench_build, "measure", measure)
    args = argparse.Namespace(jobs=2, dask=True, seed=1, changed_up_to=None, first_only=True)
    row = bench_build.run_size(1, args, tmp_path, smallest=True)
    assert runs == [2] and set(row) == {"articles", "first"}
    assert "first, --jobs 2" in bench_build.table([row], bench_build.summarise([row], 2))


def test_stage_peaks_name_the_stage_that_held_the_memory():
    from kg.progress import Progress

    stage = Progress.stage
    peaks = bench_build.StagePeaks()
    try:
        progress = Progress(False, {"extract": 1})
        progress.stage("extract", 1)
        held = bytearray(64 * 2**20)  # 64 MB allocated and touched while in "extract"
        held[::4096] = b"x" * len(held[::4096])
        peaks._sample()
        del held
        progress.stage("load", 1)
        peaks.stop()
    finally:
        Progress.stage = stage
    mb = peaks.mb()
    assert list(mb) == ["read", "extract", "load"]
    assert mb["extract"] >= mb["read"] + 60, mb
