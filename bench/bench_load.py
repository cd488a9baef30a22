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
    if conn_box[0] is None:
        conn_box[0] = connect(port, source, timeout)
    try:
        conn_box[0].request("GET", path, headers={"Accept": accept})
        resp = conn_box[0].getresponse()
        resp.read()
        return resp.status
    except (OSError, http.client.HTTPException):
        conn_box[0].close()
        conn_box[0] = None
        raise


def warm_up(port: int, queries: dict[str, str], max_ms: float, graph_wait: float) -> dict:
    box: list = [None]
    times, slow = {}, {}
    for name in queries:
        t = time.perf_counter()
        status = get(box, port, "127.0.0.1", f"/queries/{name}", "application/sparql-results+json")
        ms = round((time.perf_counter() - t) * 1000, 1)
        times[name] = {"status": status, "ms": ms}
        if status != 200 or ms > max_ms:
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
                status = get(box, server.port, source, path, accept)
            except (OSError, http.client.HTTPException) as exc:
                errors[i].append(f"{kind} {path[:60]}: {type(exc).__name__}")
                continue
            lat[i].append(time.perf_counter() - t)
            per_path[i].append((kind, path, lat[i][-1]))
            kinds[i][kind] = kinds[i].get(kind, 0) + 1
            if status != 200:
                errors[i].append(f"{kind} {path[:60]}: HTTP {status}")

    def attack(name: str, text: str, n: int) -> None:
        box: list = [None]
        path = "/sparql?" + urlencode({"query": text})
        for _ in range(10_000):
            if time.perf_counter() >= deadline:
                break
            try:
                status: int | str = get(box, server.port, f"127.0.200.{n}", path, "application/sparql-results+json")
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
            hostile_status[name][status] = hostile_status[name].get(status, 0) + 1

    def sample() -> None:
        t0 = time.perf_counter()
        while time.perf_counter() < deadline:
            rss.append((round(time.perf_counter() - t0, 1), *server.rss_mb()))
            time.sleep(1)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=sample))
    if hostile:
        threads += [threading.Thread(target=attack, args=(n, t, k + 2)) for k, (n, t) in enumerate(HOSTILE.items())]
    started = time.perf_counter()
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
    return {"clients": clients, "hostile": hostile, "seconds": round(elapsed, 1),
            "requests": len(all_lat) + sum(1 for e in errs if "HTTP" not in e), "by_kind": by_kind,
            "errors": len(errs), "error_samples": errs[:10], "throughput_rps": round(len(all_lat) / elapsed, 1),
            "p50_ms": pct(0.5), "p90_ms": pct(0.9), "p99_ms": pct(0.99),
            "max_ms": round(all_lat[-1] * 1000, 1) if all_lat else 0.0, "by_kind_ms": by_kind_ms,
            "slowest": {p: round(x * 1000, 1) for p, x in sorted(slowest.items(), key=lambda kv: -kv[1])[:8]},
            "hostile_answers": {k: {str(s): n for s, n in v.items()} for k, v in hostile_status.items()} if hostile
            else None,
            "rss_main_mb": {"first": mains[0], "last": mains[-1], "max": max(mains)},
            "rss_total_mb": {"first": totals[0], "last": totals[-1], "max": max(totals)},
            "rss_samples": rss[:: max(1, len(rss) // 60)]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds per variant")
    ap.add_argument("--clients", default="16,64", help="comma-separated client counts")
    ap.add_argument("--timeout", type=float, default=10.0, help="the server's query timeout")
    ap.add_argument("--workers", type=int, default=None, help="query worker processes (default: the server's)")
    ap.add_argument("--max-query-ms", type=float, default=1000.0,
                    help="saved queries slower than this alone are left out of the mix (and listed)")
    ap.add_argument("--graph-wait", type=float, default=600.0, help="seconds to wait for the actor network")
    ap.add_argument("--soak", type=float, default=0.0, help="run one soak of this many seconds instead")
    args = ap.parse_args(argv)

    folder = ensure_data(args.articles, args.seed, args.data / f"articles-{args.articles}-seed-{args.seed}")
    queries = {}
    for q in saved_queries.load_all():
        if q.name.startswith("actors-"):
            continue  # the projection's own queries: /graph/data.json stands for them
        try:
            saved_queries.bind(q, {})
            queries[q.name] = q.name
        except saved_queries.SavedQueryError:
            pass
    store = open_store(folder / "store")
    pages = entity_paths(store, random.Random(args.seed))
    del store
    server = Server(folder / "store", args.timeout, args.workers)
    data: dict = {"bench": "load", "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
                  "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                              "platform": platform.platform()},
                  "store": json.loads((folder / "generate.json").read_text()), "timeout_s": args.timeout,
                  "hostile_queries": HOSTILE, "variants": []}
    try:
        print(f"warming up kg serve on 127.0.0.1:{server.port} ...", flush=True)
        data["warm_up"] = warm_up(server.port, queries, args.max_query_ms, args.graph_wait)
        work = [("query", f"/queries/{n}", "application/sparql-results+json") for n in queries
                if n not in data["warm_up"]["left_out"]]
        work += [("page", p, "text/html") for p in pages]
        work += [("graph", p, "application/json") for p in GRAPH_PAGES]
        data["mix"] = {"queries": sorted(n for n in queries if n not in data["warm_up"]["left_out"]),
                       "entity_pages": len(pages), "graph_pages": GRAPH_PAGES}
        print(f"mix: {len(data['mix']['queries'])} saved queries, {len(pages)} entity pages, "
              f"{len(GRAPH_PAGES)} graph pages; left out: {data['warm_up']['left_out']}", flush=True)
        plan = ([(16, True, args.soak)] if args.soak else
                [(int(c), h, args.duration) for c in args.clients.split(",") for h in (False, True)])
        for clients, hostile, seconds in plan:
            print(f"-- {clients} clients, {'with' if hostile else 'without'} hostile queries, {seconds:g} s",
                  flush=True)
            v = run_variant(server, work, clients, seconds, hostile)
            data["variants"].append(v)
            print(f"   {v['requests']} requests, {v['errors']} errors, {v['throughput_rps']} req/s, "
                  f"p50 {v['p50_ms']} ms, p99 {v['p99_ms']} ms, max {v['max_ms']} ms; hostile "
                  f"{v['hostile_answers']}; RSS main {v['rss_main_mb']}, total {v['rss_total_mb']}", flush=True)
    finally:
        server.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "soak" if args.soak else "load"
    path = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(data, indent=2))
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
