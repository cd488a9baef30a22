"""A SPARQL server as the store: load and query times against the embedded store, in one run.

    python -m bench.bench_remote                   # 2,000 generated articles
    python -m bench.bench_remote --articles 500    # a quick look

1. Generates the corpus (bench/generate.py) as graph.trig.
2. Embedded: `kg.store.write_store` (pyoxigraph's bulk_load into a fresh store).
3. Each server (the Oxigraph server; Virtuoso when `virtuoso-t` is installed), started
   on a free loopback port with a temporary data folder, loaded by
   `kg.remote_store.load_dataset` (what `kg build --store` runs) as the tests configure it:
   Oxigraph through SPARQL Update batches of `--batch` triples, Virtuoso through its Graph
   Store Protocol; and the Oxigraph server again through its Graph Store (oxigraph-gsp).
4. The saved queries `deployments`, `mentions` and `statements` and the actor projection
   on each store, best of three.

Figures are ratios to the embedded store measured in the same run; results go to
bench/results/remote-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
QUERIES = ("deployments", "mentions", "statements")


def _best(fn, n: int = 3) -> float:
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _measure(store, label: str) -> dict[str, float]:
    from kg import saved_queries
    from kg.actors.projection import project
    from kg.ns import PREFIXES

    out = {}
    for name in QUERIES:
        text = saved_queries.bind(saved_queries.get(name), {})
        out[name] = _best(lambda t=text: list(store.query(t, prefixes=PREFIXES, use_default_graph_as_union=True)))
    out["actor projection"] = _best(lambda: project(store), 1)
    print(f"  {label}: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in out.items()), flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=5000, help="triples per load request")
    args = ap.parse_args(argv)

    import pyoxigraph as ox

    from bench.generate import generate
    from kg.remote_store import Endpoint, RemoteStore, endpoint_from, load_dataset
    from kg.store import write_store
    from tests.support.sparql_servers import oxigraph_server, virtuoso_binary, virtuoso_server

    with tempfile.TemporaryDirectory(prefix="kg-bench-remote-") as tmp:
        work = Path(tmp)
        info = generate(args.articles, 1, work, store=False)
        trig = work / "graph.trig"
        quads = sum(1 for _ in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
        print(f"{args.articles} articles, {quads} quads ({info['trig_bytes'] / 1e6:.1f} MB of TriG)", flush=True)
        t = time.perf_counter()
        write_store(work / "store", trig)
        rows = {"embedded": {"load_seconds": time.perf_counter() - t}}
        rows["embedded"]["queries"] = _measure(ox.Store.read_only(str(work / "store")), "embedded")
        servers = [("oxigraph", oxigraph_server)]
        if virtuoso_binary():
            servers.append(("virtuoso", virtuoso_server))
        for name, factory in servers:
            with factory(work / name) as server:
                store = RemoteStore(replace(endpoint_from(server.endpoint_file), batch=args.batch))
                t = time.perf_counter()
                report = load_dataset(store, trig)
                rows[name] = {"load_seconds": time.perf_counter() - t, "requests": report.requests,
                              "queries": _measure(store, name)}
                if name == "oxigraph":  # the same load through the Graph Store Protocol (PUT/POST N-Triples)
                    gsp = RemoteStore(Endpoint(server.query, server.query, server.update, server.graph_store,
                                               batch=args.batch))
                    t = time.perf_counter()
                    report = load_dataset(gsp, trig)
                    rows["oxigraph-gsp"] = {"load_seconds": time.perf_counter() - t, "requests": report.requests,
                                            "queries": rows[name]["queries"]}
    base = rows["embedded"]
    print(f"\n{'store':10} {'load s':>8} {'triples/s':>10} {'x embedded':>10}  "
          + "  ".join(f"{q:>12}" for q in [*QUERIES, "projection"]))
    for name, r in rows.items():
        ratio = r["load_seconds"] / base["load_seconds"]
        qs = "  ".join(f"{r['queries'][q] / base['queries'][q]:>11.1f}x" for q in [*QUERIES, "actor projection"])
        print(f"{name:10} {r['load_seconds']:>8.2f} {quads / r['load_seconds']:>10.0f} {ratio:>9.1f}x  {qs}")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    record = {"articles": args.articles, "quads": quads, "batch": args.batch, "stores": rows,
              "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(),
                          "platform": platform.platform()}}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"remote-{stamp}.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
