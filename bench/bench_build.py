"""`kg build` end to end: time and peak memory against corpus size, rebuild costs, --jobs.

    python -m bench.bench_build                         # 1,000 and 10,000 articles, --jobs 2
    python -m bench.bench_build --sizes 1000 --jobs 2   # one size (a few minutes)
    python -m bench.bench_build --sizes 300 --dask      # small, also through Dask on a LocalCluster
    python -m bench.bench_build --sizes 10000 --changed-up-to 1000 --merge bench/results/build-A.json
    python -m bench.bench_build --sizes 100000 --first-only    # the first build alone (an hour on 2 cores)

Corpora come from `bench.generate.ArticleTexts` (real news sentences from ../shared/data around
deployment and statement sentences built from bench/words.json and kg/data; 5% of articles give no
year, 1% repeat another's text). For each size the benchmark runs, each in its own process:

1. a first build at `--jobs` into an empty folder (the cache fills);
2. the same build again (nothing changed: the unchanged rebuild);
3. at the smallest size only, over the same files as 1. into folders of their own: a first build at
   --jobs 1 (the parallel speed-up) and, with --dask, one through Dask on a LocalCluster of --jobs
   workers; each must write the graph.trig of 1. byte for byte (`jobs1_same_graph`, `dask_same_graph`);
4. a rebuild after 1% of the files changed (one sentence appended to each).

Peak RSS is sampled every 0.2 s: of the build process alone and of the build with its workers
(summed); the build process also keeps its own peak per stage (`stage_peak_rss_mb`). The time
exponent is the slope of log(time) over log(articles) between the first builds of the smallest
and the largest size; 100,000 articles are extrapolated from it when they were not run.
Results: a table on the terminal and JSON under bench/results/build-*.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def corpus(n: int, seed: int, data: Path) -> Path:
    """The generated corpus of n articles (reused when it is already there)."""
    from bench.generate import ArticleTexts

    folder = data / f"texts-{n}-{seed}"
    if not folder.is_dir() or sum(1 for _ in folder.glob("*.txt")) != n:
        shutil.rmtree(folder, ignore_errors=True)
        ArticleTexts(n, seed).write(folder)
    return folder


def _child(texts: str, out: str, jobs: int, executor: str) -> None:
    """In the measured process: read and build, then print the report as JSON."""
    from kg.build import read_inputs, run_build

    peaks = StagePeaks()
    start = time.perf_counter()
    articles, problems = read_inputs([Path(texts)])
    read = time.perf_counter() - start
    report = run_build(articles, Path(out), skipped=problems, jobs=jobs, executor=executor)
    seconds = time.perf_counter() - start
    peaks.stop()
    with open(Path(out) / "graph.trig", "rb") as fh:  # in chunks: the whole file in memory would be the peak
        graph = hashlib.file_digest(fh, "sha256").hexdigest()
    print(json.dumps({"seconds": seconds, "read": read, "stages": report.seconds, "graph_sha256": graph,
                      "articles": report.articles, "extracted": report.extracted, "unchanged": report.unchanged,
                      "conforms": report.conforms, "counts": report.counts,
                      "copies": sum(len(v) - 1 for v in report.copies.values()),
                      "stage_peak_rss_mb": peaks.mb()}))


class StagePeaks:
    """The peak RSS of this process in each stage of the build (read, then the stages kg.progress names),
    sampled every 0.1 s: which stage holds the memory, not only how much."""

    def __init__(self) -> None:
        import threading

        import psutil

        from kg import progress

        self.stage, self.peaks, self._proc = "read", {}, psutil.Process()
        self._done = threading.Event()
        stage = progress.Progress.stage

        def entered(progress_self, name: str, total: int) -> None:
            self._sample()
            self.stage = name
            stage(progress_self, name, total)

        progress.Progress.stage = entered
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        rss = self._proc.memory_info().rss
        self.peaks[self.stage] = max(self.peaks.get(self.stage, 0), rss)

    def _run(self) -> None:
        while not self._done.wait(0.1):
            self._sample()

    def stop(self) -> None:
        self._sample()
        self._done.set()
        self._thread.join()

    def mb(self) -> dict[str, int]:
        return {k: round(v / 2**20) for k, v in self.peaks.items()}


def _tree_rss(proc) -> tuple[int, int]:
    """RSS of the process, and of it with all its descendants (bytes)."""
    import psutil

    try:
        own = proc.memory_info().rss
        total = own + sum(c.memory_info().rss for c in proc.children(recursive=True))
    except psutil.Error:
        return 0, 0
    return own, total


def measure(texts: Path, out: Path, jobs: int, executor: str = "processes") -> dict:
    """One `kg build` in a fresh process, with its peak memory."""
    import psutil

    cmd = [sys.executable, "-m", "bench.bench_build", "--child", str(texts), str(out), str(jobs), executor]
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    proc = psutil.Process(child.pid)
    peak_own = peak_all = 0
    while child.poll() is None:
        own, total = _tree_rss(proc)
        peak_own, peak_all = max(peak_own, own), max(peak_all, total)
        time.sleep(0.2)
    stdout, stderr = child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"bench_build: the build of {texts} failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(peak_rss_mb=round(peak_own / 2**20), peak_rss_with_workers_mb=round(peak_all / 2**20),
                  jobs=jobs, executor=executor)
    return result


def touch_one_percent(texts: Path) -> int:
    """Append a sentence to every hundredth file (a changed article); how many changed."""
    files = sorted(texts.glob("*.txt"))[::100]
    for f in files:
        with f.open("a", encoding="utf-8") as fh:
            fh.write("Pemerintah menyatakan situasi tetap terkendali.\n")
    return len(files)


def run_size(n: int, args, data: Path, smallest: bool) -> dict:
    source = corpus(n, args.seed, data)
    texts = data / f"work-{n}"
    shutil.rmtree(texts, ignore_errors=True)
    shutil.copytree(source, texts)  # the 1% change must not touch the reusable corpus
    out = data / f"out-{n}"
    shutil.rmtree(out, ignore_errors=True)
    row: dict = {"articles": n}
    print(f"-- {n} articles: first build, --jobs {args.jobs}", flush=True)
    row["first"] = measure(texts, out, args.jobs)
    print(f"   {row['first']['seconds']:.1f} s", flush=True)
    if getattr(args, "first_only", False):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(texts, ignore_errors=True)
        return row
    print("   unchanged rebuild", flush=True)
    row["unchanged"] = measure(texts, out, args.jobs)
    print(f"   {row['unchanged']['seconds']:.1f} s", flush=True)
    # the other first builds read the same files as the first one (before the 1% change), into folders
    # of their own, so that their outputs can be compared with it
    other = data / f"out-{n}-other"
    if smallest and args.jobs != 1:
        shutil.rmtree(other, ignore_errors=True)
        print(f"-- {n} articles: first build, --jobs 1", flush=True)
        row["first_jobs1"] = measure(texts, other, 1)
        print(f"   {row['first_jobs1']['seconds']:.1f} s", flush=True)
    if smallest and args.dask:
        shutil.rmtree(other, ignore_errors=True)
        print(f"-- {n} articles: first build, Dask LocalCluster of {args.jobs}", flush=True)
        row["first_dask"] = measure(texts, other, args.jobs, "dask")
        print(f"   {row['first_dask']['seconds']:.1f} s", flush=True)
    shutil.rmtree(other, ignore_errors=True)
    if args.changed_up_to is None or n <= args.changed_up_to:
        row["changed_files"] = touch_one_percent(texts)
        print(f"-- rebuild after {row['changed_files']} files changed", flush=True)
        row["changed"] = measure(texts, out, args.jobs)
        print(f"   {row['changed']['seconds']:.1f} s", flush=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(texts, ignore_errors=True)
    return row


def summarise(rows: list[dict], jobs: int) -> dict:
    first, last = rows[0], rows[-1]
    out: dict = {}
    if len(rows) > 1:
        ratio_t = last["first"]["seconds"] / first["first"]["seconds"]
        exponent = math.log(ratio_t) / math.log(last["articles"] / first["articles"])
        out["time_exponent"] = round(exponent, 3)
        scale = 100_000 / last["articles"]
        out["extrapolated_100k_seconds"] = round(last["first"]["seconds"] * scale ** exponent)
        per_article = ((last["first"]["peak_rss_with_workers_mb"] - first["first"]["peak_rss_with_workers_mb"])
                       / (last["articles"] - first["articles"]))
        out["extrapolated_100k_peak_rss_with_workers_mb"] = round(
            last["first"]["peak_rss_with_workers_mb"] + per_article * (100_000 - last["articles"]))
        own = (last["first"]["peak_rss_mb"] - first["first"]["peak_rss_mb"]) / (last["articles"] - first["articles"])
        out["extrapolated_100k_peak_rss_mb"] = round(last["first"]["peak_rss_mb"] + own * (100_000 - last["articles"]))
    if "first_jobs1" in first:
        out[f"speedup_jobs{jobs}_vs_jobs1"] = round(first["first_jobs1"]["seconds"] / first["first"]["seconds"], 2)
        out["jobs1_same_graph"] = _same_graph(first["first"], first["first_jobs1"])
    if "first_dask" in first:
        out["dask_vs_processes"] = round(first["first_dask"]["seconds"] / first["first"]["seconds"], 2)
        out["dask_same_graph"] = _same_graph(first["first"], first["first_dask"])
    return out


def _same_graph(a: dict, b: dict) -> bool | None:
    """Whether two builds of the same files wrote the same graph.trig (None for results without digests)."""
    if "graph_sha256" not in a or "graph_sha256" not in b:
        return None
    return a["graph_sha256"] == b["graph_sha256"]


def table(rows: list[dict], summary: dict) -> str:
    head = (f"{'articles':>9} {'run':<22} {'seconds':>8} {'art/s':>7} {'extracted':>9} {'RSS MB':>7} "
            f"{'+workers':>8}  stages (s)")
    lines = [head, "-" * len(head)]
    for row in rows:
        for name in ("first", "unchanged", "changed", "first_jobs1", "first_dask"):
            if name not in row:
                continue
            r = row[name]
            label = {"first": f"first, --jobs {r['jobs']}", "unchanged": "unchanged rebuild",
                     "changed": f"{row.get('changed_files')} files changed", "first_jobs1": "first, --jobs 1",
                     "first_dask": f"first, dask x{r['jobs']}"}[name]
            stages = " ".join(f"{k}={v:.0f}" for k, v in r["stages"].items() if v >= 0.5)
            lines.append(f"{row['articles']:>9} {label:<22} {r['seconds']:8.1f} {row['articles'] / r['seconds']:7.1f} "
                         f"{r['extracted']:>9} {r['peak_rss_mb']:>7} {r['peak_rss_with_workers_mb']:>8}  {stages}")
            if name == "first" and r.get("stage_peak_rss_mb"):
                lines.append(f"{'':>9} peak RSS MB by stage: "
                             + " ".join(f"{k}={v}" for k, v in r["stage_peak_rss_mb"].items()))
        first = row["first"]["seconds"]
        changed = f", 1%-changed/first {row['changed']['seconds'] / first:.3f}" if "changed" in row else ""
        if "unchanged" in row:
            lines.append(f"{'':>9} unchanged/first {row['unchanged']['seconds'] / first:.3f}{changed}")
    for k, v in summary.items():
        lines.append(f"{k}: {v}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (default 1000,10000)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes of the measured builds (default 2)")
    ap.add_argument("--dask", action="store_true", help="also build the smallest size through Dask")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-build",
                    help="where corpora and outputs go (corpora are kept for the next run)")
    ap.add_argument("--changed-up-to", type=int, metavar="N",
                    help="run the 1%%-changed rebuild only for sizes up to N (default: every size)")
    ap.add_argument("--first-only", action="store_true",
                    help="only the first build of each size (no rebuilds, no --jobs 1 build): for the largest sizes")
    ap.add_argument("--merge", type=Path, metavar="RESULT",
                    help="add the rows of an earlier bench/results/build-*.json (other sizes, same machine)")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]), args.child[3])
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.data.mkdir(parents=True, exist_ok=True)
    earlier = json.loads(args.merge.read_text(encoding="utf-8"))["rows"] if args.merge else []
    smallest = min([r["articles"] for r in earlier] + sizes)
    rows = [run_size(n, args, args.data, n == smallest) for n in sizes]
    rows = sorted(rows + [r for r in earlier if r["articles"] not in sizes], key=lambda r: r["articles"])
    summary = summarise(rows, args.jobs)
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"benchmark": "build", "date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(),
                          "platform": platform.platform()},
              "jobs": args.jobs, "merged_from": str(args.merge) if args.merge else None, "rows": rows,
              "summary": summary}
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"build-{stamp}.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(table(rows, summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
