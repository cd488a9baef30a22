"""How long projecting and analysing the actor graph takes, and how it grows with size.

For each corpus size, generates a synthetic graph with `bench.generate` (same seed, so
same graph), opens its store, then times: the SPARQL projection, the analyses
(`figures`: degree, betweenness, PageRank, eigenvector, Louvain) and the layout. The
growth exponent is the slope of log(seconds) against log(articles) between successive
sizes and over the whole range (1 = linear).

    python -m bench.bench_actors                         # 1k, 2k, 5k, 10k articles
    python -m bench.bench_actors --sizes 500 1000 --json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import main as generate
from kg.actors import analyses
from kg.actors.filters import Filters
from kg.actors.projection import project
from kg.store import open_store


def measure(articles: int, seed: int, work: Path) -> dict[str, float | int]:
    out = work / f"corpus-{articles}"
    if not (out / "store").exists():
        generate(["--articles", str(articles), "--seed", str(seed), "--out", str(out)])
    store = open_store(out / "store")
    t0 = time.perf_counter()
    graph = project(store)
    t1 = time.perf_counter()
    net = Filters().apply(graph)
    rows = analyses.figures(net)
    t2 = time.perf_counter()
    return {
        "articles": articles, "actors": net.number_of_nodes(), "edges": net.number_of_edges(),
        "project_s": round(t1 - t0, 3), "analyse_s": round(t2 - t1, 3), "total_s": round(t2 - t0, 3),
        "figures": len(rows),
    }


def exponent(a: dict, b: dict, key: str = "total_s") -> float:
    return math.log(b[key] / a[key]) / math.log(b["articles"] / a["articles"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, help="keep the generated corpora here (default: a temp folder)")
    ap.add_argument("--json", action="store_true", help="print JSON only")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kg-bench-actors-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = []
        for n in sorted(args.sizes):
            results.append(measure(n, args.seed, work))
            if not args.json:
                r = results[-1]
                print(f"{r['articles']:>7} articles  {r['actors']:>6} actors  {r['edges']:>7} edges  "
                      f"project {r['project_s']:>7.2f}s  analyse {r['analyse_s']:>7.2f}s  "
                      f"total {r['total_s']:>7.2f}s", file=sys.stderr, flush=True)
    growth = [{"from": a["articles"], "to": b["articles"], "project": round(exponent(a, b, "project_s"), 2),
               "analyse": round(exponent(a, b, "analyse_s"), 2), "total": round(exponent(a, b), 2)}
              for a, b in zip(results, results[1:], strict=False)]
    overall = ({"project": round(exponent(results[0], results[-1], "project_s"), 2),
                "analyse": round(exponent(results[0], results[-1], "analyse_s"), 2),
                "total": round(exponent(results[0], results[-1]), 2)} if len(results) > 1 else {})
    report = {"results": results, "growth_exponents": growth, "overall_exponent": overall}
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        for g in growth:
            print(f"growth {g['from']}->{g['to']}: project n^{g['project']}, analyse n^{g['analyse']}, "
                  f"total n^{g['total']}", file=sys.stderr)
        if overall:
            print(f"overall: project n^{overall['project']}, analyse n^{overall['analyse']}, "
                  f"total n^{overall['total']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
