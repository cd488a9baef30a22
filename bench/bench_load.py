"""Load under attack: normal clients on a 10,000-article store, with and without hostile queries.

1. Generates (or reuses) the synthetic corpus (bench.generate) and starts the real
   `kg serve` on a free loopback port.
2. Warms up: every saved query once through /queries/<name> (its time is recorded; the
   ones slower than --max-query-ms alone are left out of the mix and listed), and
   /graph/data.json until the actor network is computed.
3. Runs each variant for --duration seconds: C keep-alive clients (16, 64), each from its
   own loopback address (127.0.0.x), looping over the mix of saved queries (first page),
   entity pages and actor-graph pages; in the hostile variants two more clients loop on
   a cartesian COUNT(*) and an ORDER BY over a cartesian product (the queries of issue 9).
4. Reports requests, errors (non-200 or broken connections of normal requests), p50/p90/
   p99/max, what the hostile clients got, and the service's RSS (main process and
   workers) sampled every second.

    python -m bench.bench_load                       # 60 s variants at 16 and 64 clients
    python -m bench.bench_load --soak 600            # one 10-minute soak, hostile queries on

Every loop is bounded in time and count, and only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.bench_server import ensure_data, entity_paths
from kg import saved_queries
from kg.store import open_store
from kg.store import query as run_query

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
HOSTILE = {
    "cartesian-count": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "cartesian-order": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f LIMIT 1",
}
GRAPH_PAGES = ["/graph/data.json", "/graph/data.json?type=Person", "/graph/data.json?relation=speaks_about",
               "/graph/data.json?limit=50&offset=50"]


class Server:
    """`kg serve` in a child process; RSS of it and its workers on demand."""

    def __init__(self, store: Path, timeout: float, workers: int | None) -> None:
        cmd = [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store", str(store),
               "--host", "127.0.0.1", "--port", "0", "--timeout", str(timeout), "--access-log", ""]
        if workers:
            cmd += ["--workers", str(workers)]
        self.log = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.stop()
            self.log.seek(0)
            raise RuntimeError(f"kg serve did not start: {line!r} {self.log.read()[-2000:]}")
        self.port = int(m.group(1))
        self.proc.stdout.readline()

    def rss_mb(self) -> tuple[float, float]:
        """(main process, main + workers) resident memory in MB."""
        def rss(pid: int) -> float:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
            except OSError:
                pass
            return 0.0
        main = rss(self.proc.pid)
        kids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                    kids.append(int(stat.parent.name))
            except (OSError, ValueError, IndexError):
                pass
        return round(main, 1), round(main + sum(rss(k) for k in kids), 1)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def connect(port: int, source: str, timeout: float) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))


def get(conn_box: list, port: int, source: str, path: str, accept: str, timeout: float = 120) -> int:
    """One GET on the box's keep-alive connection (reconnecting once it broke); returns the status."""
    return fetch(conn_box, port, source, path, accept, timeout)[0]


def fetch(conn_box: list, port: int, source: str, path: str, accept: str,
          timeout: float = 120) -> tuple[int, bytes]:
    """`get`, with the body (an error's JSON names its code)."""
    if conn_box[0] is None:
        conn_box[0] = connect(port, source, timeout)
    try:
        conn_box[0].request("GET", path, headers={"Accept": accept})
        resp = conn_box[0].getresponse()
        return resp.status, resp.read()
    except (OSError, http.client.HTTPException):
        conn_box[0].close()
        conn_box[0] = None
        raise


def error_code(status: int, body: bytes) -> str:
    """HTTP status and the JSON error's code ("503 timeout"), for the error samples."""
    try:
        return f"{status} {json.loads(body)['code']}"
    except (ValueError, KeyError, TypeError):
        return str(status)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def warm_up(port: int, queries: dict[str, str], max_ms: float | None, graph_wait: float) -> dict:
    box: list = [None]
    times, slow = {}, {}
    for name, path in queries.items():
        t = time.perf_counter()
        status, body = fetch(box, port, "127.0.0.1", path, "application/sparql-results+json")
        ms = round((time.perf_counter() - t) * 1000, 1)
        times[name] = {"status": error_code(status, body) if status != 200 else 200, "ms": ms}
        if status != 200 or (max_ms is not None and ms > max_ms):
            slow[name] = times[name]
    t = time.perf_counter()
    deadline = t + graph_wait
    while time.perf_counter() < deadline:
        if get(box, port, "127.0.0.1", GRAPH_PAGES[0], "application/json") == 200:
            break
        time.sleep(2)
    for page in GRAPH_PAGES[1:]:
        get(box, port, "127.0.0.1", page, "application/json")
    return {"saved_queries": times, "left_out": slow, "graph_ready_s": round(time.perf_counter() - t, 1)}


def run_variant(server: Server, work: list[tuple[str, str, str]], clients: int, duration: float,
                hostile: bool) -> dict:
    deadline = time.perf_counter() + duration
    lat: list[list[float]] = [[] for _ in range(clients)]
    errors: list[list[str]] = [[] for _ in range(clients)]
    kinds: list[dict[str, int]] = [{} for _ in range(clients)]
    per_path: list[list[tuple[str, str, float]]] = [[] for _ in range(clients)]
    hostile_status: dict[str, dict[int | str, int]] = {n: {} for n in HOSTILE}
    rss: list[tuple[float, float, float]] = []
    max_requests = 1_000_000

    def loop(i: int) -> None:
        rng = random.Random(i)
        box: list = [None]
        source = f"127.0.{1 + (i // 250)}.{2 + i % 250}"
        for _ in range(max_requests):
            if time.perf_counter() >= deadline:
                break
            kind, path, accept = rng.choice(work)
            t = time.perf_counter()
            try:
                status, body = fetch(box, server.port, source, path, accept)
            except (OSError, http.client.HTTPException) as exc:
                errors[i].append(f"{kind} {path[:60]}: {type(exc).__name__} (load {load_average()})")
                continue
            lat[i].append(time.perf_counter() - t)
            per_path[i].append((kind, path, lat[i][-1]))
            kinds[i][kind] = kinds[i].get(kind, 0) + 1
            if status != 200:
                errors[i].append(f"{kind} {path[:60]}: HTTP {error_code(status, body)} after "
                                 f"{lat[i][-1]:.1f} s (load {load_average()})")

    def attack(name: str, text: str, n: int) -> None:
        box: list = [None]
        path = "/sparql?" + urlencode({"query": text})
        for _ in range(10_000):
            if time.perf_counter() >= deadline:
                break
            try:
                code, body = fetch(box, server.port, f"127.0.200.{n}", path, "application/sparql-results+json")
                status: int | str = error_code(code, body) if code != 200 else 200
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
            hostile_status[name][status] = hostile_status[name].get(status, 0) + 1

    def sample() -> None:
        t0 = time.perf_counter()
        while time.perf_counter() < deadline:
            rss.append((round(time.perf_counter() - t0, 1), *server.rss_mb(), round(os.getloadavg()[0], 2)))
            time.sleep(1)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=sample))
    if hostile:
        threads += [threading.Thread(target=attack, args=(n, t, k + 2)) for k, (n, t) in enumerate(HOSTILE.items())]
    started = time.perf_counter()
    load_before = load_average()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    all_lat = sorted(x for per in lat for x in per)
    errs = [e for per in errors for e in per]
    by_kind: dict[str, int] = {}
    for per in kinds:
        for k, v in per.items():
            by_kind[k] = by_kind.get(k, 0) + v

    def pct(p: float) -> float:
        return round(all_lat[min(len(all_lat) - 1, int(p * len(all_lat)))] * 1000, 1) if all_lat else 0.0

    by_kind_ms: dict[str, dict[str, float]] = {}
    slowest: dict[str, float] = {}
    for per in per_path:
        for _kind, path, seconds in per:
            slowest[path] = max(slowest.get(path, 0.0), seconds)
    for kind in by_kind:
        xs = sorted(x for per in per_path for k, _, x in per if k == kind)
        by_kind_ms[kind] = {"p50": round(xs[len(xs) // 2] * 1000, 1),
                            "p99": round(xs[min(len(xs) - 1, int(0.99 * len(xs)))] * 1000, 1)}
    mains = [r[1] for r in rss] or [0.0]
    totals = [r[2] for r in rss] or [0.0]
    normal_p99 = {k: v["p99"] for k, v in by_kind_ms.items()}
    return {"clients": clients, "hostile": hostile, "seconds": round(elapsed, 1),
            "requests": len(all_lat) + sum(1 for e in errs if "HTTP" not in e), "by_kind": by_kind,
            "errors": len(errs), "error_samples": errs[:10], "throughput_rps": round(len(all_lat) / elapsed, 1),
            "p50_ms": pct(0.5), "p90_ms": pct(0.9), "p99_ms": pct(0.99),
            "max_ms": round(all_lat[-1] * 1000, 1) if all_lat else 0.0, "by_kind_ms": by_kind_ms,
            "slowest": {p: round(x * 1000, 1) for p, x in sorted(slowest.items(), key=lambda kv: -kv[1])[:8]},
            "hostile_answers": {k: {str(s): n for s, n in v.items()} for k, v in hostile_status.items()} if hostile
            else None,
            "p99_by_kind_ms": normal_p99, "load_average": {"before": load_before, "after": load_average()},
            "rss_main_mb": _rss_summary(mains), "rss_total_mb": _rss_summary(totals),
            "rss_samples_columns": ["seconds", "main MB", "main + workers MB", "load average (1 min)"],
            "rss_samples": rss if duration > 120 else rss[:: max(1, len(rss) // 60)]}


def _rss_summary(xs: list[float]) -> dict[str, float]:
    """First, last and largest sample, and the drift (last over first) in percent."""
    drift = round((xs[-1] - xs[0]) / xs[0] * 100, 1) if xs and xs[0] else 0.0
    return {"first": xs[0], "last": xs[-1], "max": max(xs), "drift_pct": drift}


def saved_query_paths(pages: list[str], top: list[str]) -> dict[str, str]:
    """Every saved query at its defaults (first page), its second page, and with parameters:
    the most mentioned actors (by IRI and by name) for the queries that take an actor or an IRI."""
    paths: dict[str, str] = {}
    for q in saved_queries.load_all():
        if q.internal:
            continue  # the projection's own queries: /graph/data.json stands for them
        try:
            saved_queries.bind(q, {})
        except saved_queries.SavedQueryError:
            continue
        paths[q.name] = f"/queries/{q.name}"
        paths[f"{q.name}?offset=100"] = f"/queries/{q.name}?offset=100"
    base = "https://w3id.org/kg-news/id/"
    for i, iri in enumerate(top):
        paths[f"actor-statements?actor=top{i}"] = "/queries/actor-statements?" + urlencode({"actor": f"<{iri}>"})
        paths[f"entity?iri=top{i}"] = "/queries/entity?" + urlencode({"iri": f"<{iri}>"})
        if i:
            paths[f"co-mentions?a=top0&b=top{i}"] = "/queries/co-mentions?" + urlencode(
                {"a": f"<{top[0]}>", "b": f"<{iri}>"})
    for page in pages[:10]:
        iri = base + page[len("/id/"):]
        paths[f"entity?iri={page}"] = "/queries/entity?" + urlencode({"iri": f"<{iri}>"})
    return paths


def sparql_paths(pages: list[str]) -> list[str]:
    """Direct /sparql queries (never cached: each needs a worker), cheap ones about one entity."""
    base = "https://w3id.org/kg-news/id/"
    return ["/sparql?" + urlencode({"query": f"SELECT ?p ?o WHERE {{ <{base}{p[len('/id/'):]}> ?p ?o }} LIMIT 100"})
            for p in pages]


def rss_figure(variant: dict, path: Path, title: str) -> None:
    """The service's RSS over time (main process, and with its workers) as an SVG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    xs = [r[0] / 60 for r in variant["rss_samples"]]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    first = variant["rss_main_mb"]["first"]
    top.axhspan(first * 0.9, first * 1.1, color="tab:green", alpha=0.12, label="±10% of the first sample")
    top.plot(xs, [r[1] for r in variant["rss_samples"]], label="service process (main)")
    top.set_ylim(0, first * 1.3)
    bottom.plot(xs, [r[2] for r in variant["rss_samples"]], color="tab:orange", alpha=0.7,
                label="with its query and graph workers (a hostile query grows one to its cap, then it is replaced)")
    for ax in (top, bottom):
        ax.set_ylabel("RSS (MB)")
        ax.legend(fontsize=8, loc="lower right")
        ax.grid(alpha=0.3)
    bottom.set_ylim(0, None)
    bottom.set_xlabel("minutes")
    top.set_title(title, fontsize=9)
    fig.tight_layout()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds per variant")
    ap.add_argument("--clients", default="16,64", help="comma-separated client counts")
    ap.add_argument("--timeout", type=float, default=10.0, help="the server's query timeout")
    ap.add_argument("--workers", type=int, default=None, help="query worker processes (default: the server's)")
    ap.add_argument("--max-query-ms", type=float, default=None,
                    help="leave saved queries slower than this at warm-up out of the mix (default: none)")
    ap.add_argument("--graph-wait", type=float, default=600.0, help="seconds to wait for the actor network")
    ap.add_argument("--soak", type=float, default=0.0, help="run one soak of this many seconds instead")
    ap.add_argument("--settle", type=float, default=60.0,
                    help="before a soak, seconds of the same load not measured (connection buffers, arenas)")
    args = ap.parse_args(argv)

    folder = ensure_data(args.articles, args.seed, args.data / f"articles-{args.articles}-seed-{args.seed}")
    store = open_store(folder / "store")
    rng = random.Random(args.seed)
    pages = entity_paths(store, rng)
    top = [r["x"].value for r in run_query(
        store, "SELECT ?x WHERE { ?x kg:mentionCount ?c } ORDER BY DESC(?c) ?x LIMIT 5")]
    del store
    queries = saved_query_paths(pages, top)
    server = Server(folder / "store", args.timeout, args.workers)
    data: dict = {"bench": "load", "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
                  "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                              "platform": platform.platform()},
                  "store": json.loads((folder / "generate.json").read_text()), "timeout_s": args.timeout,
                  "hostile_queries": HOSTILE, "load_average_at_start": load_average(), "variants": []}
    try:
        print(f"warming up kg serve on 127.0.0.1:{server.port} ...", flush=True)
        rss_start = server.rss_mb()
        data["warm_up"] = warm_up(server.port, queries, args.max_query_ms, args.graph_wait)
        left_out = data["warm_up"]["left_out"]
        work = [("query", path, "application/sparql-results+json") for n, path in queries.items()
                if n not in left_out]
        work += [("page", p, "text/html") for p in pages]
        work += [("graph", p, "application/json") for p in GRAPH_PAGES]
        work += [("sparql", p, "application/sparql-results+json") for p in sparql_paths(pages)]
        # every cacheable path once (entity pages are rendered once per generation), so the timed
        # variants and the soak measure the service in its steady state; the cold times are kept
        t = time.perf_counter()
        box: list = [None]
        cold = {}
        for kind, path, accept in work:
            if kind == "page":
                t1 = time.perf_counter()
                get(box, server.port, "127.0.0.1", path, accept)
                cold[path] = round((time.perf_counter() - t1) * 1000, 1)
        data["warm_up"]["entity_pages"] = {"seconds": round(time.perf_counter() - t, 1),
                                           "slowest_ms": dict(sorted(cold.items(), key=lambda kv: -kv[1])[:5])}
        data["warm_up"]["rss_mb"] = {"at_start": rss_start, "after": server.rss_mb()}
        data["mix"] = {"saved_query_paths": len(queries) - len(left_out), "saved_queries": sorted(
            {n.split("?")[0] for n in queries if n not in left_out}), "entity_pages": len(pages),
            "graph_pages": GRAPH_PAGES, "sparql_queries": len(pages),
            "weights": {k: sum(1 for w in work if w[0] == k) for k in ("query", "page", "graph", "sparql")}}
        print(f"mix: {data['mix']['weights']}; left out: {left_out}; warm-up {data['warm_up']['rss_mb']}",
              flush=True)
        if args.soak and args.settle > 0:
            print(f"-- settling: 16 clients with hostile queries, {args.settle:g} s (not the soak)", flush=True)
            settle = run_variant(server, work, 16, args.settle, True)
            data["settle"] = {k: settle[k] for k in ("seconds", "requests", "errors", "p99_ms", "rss_main_mb",
                                                     "rss_total_mb", "load_average")}
        plan = ([(16, True, args.soak)] if args.soak else
                [(int(c), h, args.duration) for c in args.clients.split(",") for h in (False, True)])
        for clients, hostile, seconds in plan:
            print(f"-- {clients} clients, {'with' if hostile else 'without'} hostile queries, {seconds:g} s",
                  flush=True)
            v = run_variant(server, work, clients, seconds, hostile)
            data["variants"].append(v)
            print(f"   {v['requests']} requests, {v['errors']} errors, {v['throughput_rps']} req/s, "
                  f"p50 {v['p50_ms']} ms, p99 {v['p99_ms']} ms, max {v['max_ms']} ms; by kind "
                  f"{v['p99_by_kind_ms']}; hostile {v['hostile_answers']}; RSS main {v['rss_main_mb']}, "
                  f"total {v['rss_total_mb']}; load {v['load_average']}; errors {v['error_samples'][:3]}",
                  flush=True)
    finally:
        server.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "soak" if args.soak else "load"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps(data, indent=2))
    print(f"written {path.relative_to(ROOT)}")
    if args.soak and data["variants"]:
        v = data["variants"][0]
        figure = RESULTS / f"{name}-{stamp}-rss.svg"
        rss_figure(v, figure, f"kg serve RSS, {v['seconds'] / 60:.0f} min, 16 clients + 2 hostile, "
                              f"{args.articles:,} articles (main drift {v['rss_main_mb']['drift_pct']}%)")
        print(f"written {figure.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
