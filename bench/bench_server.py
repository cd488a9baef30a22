"""Server benchmark: saved queries over HTTP vs pyoxigraph directly vs rdflib, then a load test.

1. Generates (or reuses) a synthetic graph of N articles (bench.generate).
2. Starts the real server (`kg serve`, waitress) on a free loopback port.
3. For every saved query (parameters at their defaults): median latency through
   POST /sparql (keep-alive http.client, SPARQL JSON or N-Triples out) against the
   same query run in this process on pyoxigraph, serialised to the same format, on
   the same store. Target: HTTP / direct <= 1.5.
4. The same queries on rdflib's own SPARQL engine, on a smaller generated graph
   (rdflib parses 20k articles too slowly), in a worker process with a timeout,
   against pyoxigraph on that same small graph: the speed-up.
5. A load test: C client threads (keep-alive, loopback only) for D seconds over a mix
   of the fast saved queries and entity pages; errors, throughput, p50/p99.

Results go to bench/results/server-<time>.json; a table is printed.

    python -m bench.bench_server --articles 20000 --duration 60 --clients 16
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from bench.generate import generate
from kg import saved_queries, sparql_lexer
from kg.store import open_store
from kg.store import query as run_query

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SRJ = "application/sparql-results+json"
NT = "application/n-triples"


# ----------------------------------------------------------------------------- data

def ensure_data(articles: int, seed: int, folder: Path) -> Path:
    """A generated graph in `folder`, regenerated only when the size or seed differ."""
    stamp = folder / "generate.json"
    if stamp.exists() and (folder / "store" / "CURRENT").exists():
        info = json.loads(stamp.read_text())
        if info.get("articles") == articles and info.get("seed") == seed:
            return folder
    print(f"generating {articles} articles (seed {seed}) in {folder} ...", flush=True)
    info = generate(articles, seed, folder)
    stamp.write_text(json.dumps(info, indent=2))
    return folder


# ----------------------------------------------------------------------------- server

class Server:
    """`kg serve` in a child process on a free loopback port."""

    def __init__(self, store: Path, workers: int, timeout: float) -> None:
        self.args = (store, workers, timeout)
        self._start()

    def restart(self) -> None:
        self.stop()
        self._start()

    def _start(self) -> None:
        store, workers, timeout = self.args
        cmd = [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store", str(store),
               "--host", "127.0.0.1", "--port", "0", "--workers", str(workers), "--timeout", str(timeout),
               "--max-rows", "100000000", "--access-log", ""]
        self.log = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.stop()
            self.log.seek(0)
            raise RuntimeError(f"kg serve did not start: {line!r} {self.log.read()}")
        self.port = int(m.group(1))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Client:
    """One keep-alive HTTP connection."""

    def __init__(self, port: int, timeout: float = 120.0) -> None:
        self.port, self.timeout = port, timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def request(self, method: str, path: str, body: str | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            resp = self.conn.getresponse()
            return resp.status, resp.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnect once on a dropped keep-alive connection
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            raise

    def sparql(self, text: str, accept: str) -> tuple[int, bytes]:
        return self.request("POST", "/sparql", urlencode({"query": text}),
                            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


# ----------------------------------------------------------------------------- direct runs

def direct(store: ox.Store, text: str) -> tuple[str, int]:
    """Run and serialise like the endpoint does; returns (kind, rows)."""
    result = run_query(store, text)
    if isinstance(result, ox.QuerySolutions):
        data = result.serialize(format=ox.QueryResultsFormat.JSON)
        return "select", data.count(b'{"') - 1  # a rough count; exact one comes from the HTTP body
    if isinstance(result, ox.QueryBoolean):
        return "ask", 1
    triples = list(result)
    ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return "graph", len(triples)


def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first of them outside strings and comments."""
    for t in sparql_lexer.tokenize(text):
        if t.kind == "word" and t.text.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            return t.text.upper()
    return None


def rows_of(kind: str, body: bytes) -> int:
    if kind == "select":
        return len(json.loads(body)["results"]["bindings"])
    if kind == "ask":
        return 1
    return body.count(b"\n")


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def bench_queries(store: ox.Store, server: Server, queries: dict[str, str], reps: int) -> list[dict]:
    """Each query first over HTTP under the server's timeout (a query that overruns is reported
    and the server restarted, so its abandoned evaluation does not slow the next ones), then
    `reps` interleaved direct/HTTP runs."""
    out = []
    client = Client(server.port)
    for name, text in queries.items():
        kind = "graph" if query_form(text) in ("CONSTRUCT", "DESCRIBE") else "select"
        accept = NT if kind == "graph" else SRJ
        t0 = time.perf_counter()
        status, body = client.sparql(text, accept)
        first = time.perf_counter() - t0
        if status != 200:
            out.append({"query": name, "error": f"HTTP {status}: {body[:160].decode(errors='replace').strip()}"})
            print(f"  {name:24} {out[-1]['error']}", flush=True)
            if status == 503:
                server.restart()
                client = Client(server.port)
            continue
        kind, _ = direct(store, text)  # warm-up of the direct side
        n = reps if first < 5 else max(2, reps // 2)
        d_times, h_times = [], []
        for _ in range(n):  # interleaved, so drift hits both sides alike
            t = time.perf_counter()
            direct(store, text)
            d_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            status, body = client.sparql(text, accept)
            h_times.append(time.perf_counter() - t)
            if status != 200:
                raise RuntimeError(f"{name}: HTTP {status}")
        d, h = median_ms(d_times), median_ms(h_times)
        out.append({"query": name, "kind": kind, "rows": rows_of(kind, body), "reps": n,
                     "direct_ms": d, "http_ms": h, "ratio": round(h / d, 2) if d else None})
        print(f"  {name:24} {out[-1]['rows']:>8} rows  direct {d:9.2f} ms  http {h:9.2f} ms  "
              f"x{out[-1]['ratio']}", flush=True)
    return out


# ----------------------------------------------------------------------------- rdflib

def _rdflib_worker(trig: str, conn) -> None:
    """Child process: load the graph into rdflib once, then answer queries sent over `conn`."""
    from rdflib import Dataset

    t = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(trig, format="trig")
    conn.send(("loaded", time.perf_counter() - t, len(ds)))
    while True:
        text = conn.recv()
        if text is None:
            return
        t = time.perf_counter()
        try:
            result = ds.query(text)
            n = 1 if result.type == "ASK" else sum(1 for _ in result)
            conn.send(("ok", time.perf_counter() - t, n))
        except Exception as exc:  # noqa: BLE001 - reported to the parent as text
            conn.send(("error", time.perf_counter() - t, f"{type(exc).__name__}: {exc}"))


class Rdflib:
    """An rdflib worker process that can be killed when a query overruns."""

    def __init__(self, trig: Path) -> None:
        self.trig = trig
        self.ctx = mp.get_context("spawn")
        self.load_seconds = None
        self.triples = None
        self._start()

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_rdflib_worker, args=(str(self.trig), child), daemon=True)
        self.proc.start()
        _, self.load_seconds, self.triples = self.conn.recv()

    def run(self, text: str, timeout: float) -> tuple[str, float, object]:
        self.conn.send(text)
        if not self.conn.poll(timeout):
            self.proc.kill()
            self.proc.join()
            self._start()
            return "timeout", timeout, None
        return self.conn.recv()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()


def bench_rdflib(small: Path, queries: dict[str, str], reps: int, timeout: float) -> dict:
    store = open_store(small / "store")
    worker = Rdflib(small / "graph.trig")
    out = {"articles_file": str(small / "graph.trig"), "rdflib_load_s": round(worker.load_seconds, 2),
           "triples": worker.triples, "timeout_s": timeout, "queries": []}
    print(f"  rdflib loaded {worker.triples} triples in {worker.load_seconds:.1f} s", flush=True)
    try:
        for name, text in queries.items():
            direct(store, text)
            ox_times = []
            for _ in range(reps):
                t = time.perf_counter()
                direct(store, text)
                ox_times.append(time.perf_counter() - t)
            r_times, status, detail = [], "ok", None
            for _ in range(2):
                status, seconds, detail = worker.run(text, timeout)
                if status != "ok":
                    break
                r_times.append(seconds)
            o = median_ms(ox_times)
            row = {"query": name, "oxigraph_ms": o}
            if status == "ok":
                r = median_ms(r_times)
                row.update(rdflib_ms=r, speedup=round(r / o, 1) if o else None, rows=detail)
            else:
                at_least = round(timeout * 1000 / o, 1) if status == "timeout" and o else None
                row.update(rdflib_ms=None, rdflib=status if status == "timeout" else f"error: {detail}",
                           speedup_at_least=at_least)
            out["queries"].append(row)
            shown = row.get("speedup") or f">= {row.get('speedup_at_least')} ({row.get('rdflib')})"
            print(f"  {name:24} oxigraph {o:9.2f} ms  rdflib {row.get('rdflib_ms')} ms  speed-up {shown}",
                  flush=True)
    finally:
        worker.stop()
    return out


# ----------------------------------------------------------------------------- load

def entity_paths(store: ox.Store, rng: random.Random, n: int = 60) -> list[str]:
    """Pages of popular and random actors, deployments and statements."""
    base = "https://w3id.org/kg-news/id/"
    picks: list[str] = []
    for sparql in (
        "SELECT ?x WHERE { ?x kg:mentionCount ?c } ORDER BY DESC(?c) LIMIT 10",
        "SELECT ?x WHERE { ?x a kg:Person } LIMIT 2000",
        "SELECT ?x WHERE { ?x a kg:Deployment } LIMIT 200",
        "SELECT ?x WHERE { ?x a kg:Statement } LIMIT 2000",
    ):
        xs = [r["x"].value for r in run_query(store, sparql)]
        picks += xs if len(xs) <= 10 else rng.sample(xs, min(len(xs), n // 3))
    return ["/id/" + x[len(base):] for x in picks if x.startswith(base)]


def load_test(port: int, queries: dict[str, str], kinds: dict[str, str], pages: list[str],
              clients: int, duration: float) -> dict:
    """`clients` threads, each with its own keep-alive connection, until the deadline."""
    work: list[tuple[str, str, str]] = [("query:" + n, t, NT if kinds[n] == "graph" else SRJ)
                                        for n, t in queries.items()]
    work += [("page", p, "text/html") for p in pages]
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[list[str]] = [[] for _ in range(clients)]
    counts: list[dict[str, int]] = [{} for _ in range(clients)]
    deadline = time.perf_counter() + duration
    max_requests = 1_000_000  # a bound on every loop, whatever the speed

    def client_loop(i: int) -> None:
        rng = random.Random(i)
        c = Client(port, timeout=60)
        for _ in range(max_requests):
            if time.perf_counter() >= deadline:
                break
            label, target, accept = rng.choice(work)
            t = time.perf_counter()
            try:
                if label == "page":
                    status, _ = c.request("GET", target, headers={"Accept": accept})
                else:
                    status, _ = c.sparql(target, accept)
            except (OSError, http.client.HTTPException) as exc:
                errors[i].append(f"{label}: {type(exc).__name__}: {exc}")
                continue
            latencies[i].append(time.perf_counter() - t)
            kind = "page" if label == "page" else "query"
            counts[i][kind] = counts[i].get(kind, 0) + 1
            if status != 200:
                errors[i].append(f"{label} {target[:60]!r}: HTTP {status}")

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    lat = sorted(x for per in latencies for x in per)
    errs = [e for per in errors for e in per]
    by_kind: dict[str, int] = {}
    for per in counts:
        for k, v in per.items():
            by_kind[k] = by_kind.get(k, 0) + v

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 2) if lat else 0.0

    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(lat) + len(errs),
            "by_kind": by_kind, "errors": len(errs), "error_samples": errs[:10],
            "throughput_rps": round(len(lat) / elapsed, 1), "p50_ms": pct(0.50), "p90_ms": pct(0.90),
            "p99_ms": pct(0.99), "max_ms": round(lat[-1] * 1000, 2) if lat else 0.0}


# ----------------------------------------------------------------------------- main

def saved(folder: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """Every saved query with its parameters at their defaults (those without defaults are skipped)."""
    out, skipped = {}, {}
    for q in saved_queries.load_all(folder):
        try:
            out[q.name] = saved_queries.bind(q, {})
        except saved_queries.SavedQueryError as exc:
            skipped[q.name] = str(exc)
    return out, skipped


def write_results(data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"server-{time.strftime('%Y%m%d-%H%M%S')}.json"
    fd, tmp = tempfile.mkstemp(dir=RESULTS, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=2)
    os.replace(tmp, path)
    return path


def print_table(data: dict) -> None:
    print("\nSaved queries on", data["store"]["articles"], "articles: HTTP endpoint vs pyoxigraph direct")
    print(f"{'query':26}{'rows':>9}{'direct ms':>12}{'http ms':>12}{'ratio':>8}")
    for r in data["http_vs_direct"]:
        if "error" in r:
            print(f"{r['query']:26} {r['error']}")
            continue
        print(f"{r['query']:26}{r['rows']:>9}{r['direct_ms']:>12.2f}{r['http_ms']:>12.2f}{r['ratio']:>8.2f}")
    if data.get("rdflib"):
        rd = data["rdflib"]
        print(f"\nrdflib vs pyoxigraph on {rd['articles']} articles ({rd['triples']} triples; "
              f"rdflib timeout {rd['timeout_s']} s)")
        print(f"{'query':26}{'oxigraph ms':>13}{'rdflib ms':>12}{'speed-up':>12}")
        for r in rd["queries"]:
            sp = f"{r['speedup']:.1f}x" if r.get("speedup") else f">={r.get('speedup_at_least')}x"
            rms = f"{r['rdflib_ms']:.1f}" if r.get("rdflib_ms") is not None else r.get("rdflib", "")[:12]
            print(f"{r['query']:26}{r['oxigraph_ms']:>13.2f}{rms:>12}{sp:>12}")
    lt = data.get("load")
    if lt:
        print(f"\nLoad: {lt['clients']} clients for {lt['seconds']} s: {lt['requests']} requests "
              f"{lt['by_kind']}, {lt['errors']} errors, {lt['throughput_rps']} req/s, "
              f"p50 {lt['p50_ms']} ms, p99 {lt['p99_ms']} ms, max {lt['max_ms']} ms")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=20000, help="size of the generated graph")
    ap.add_argument("--rdflib-articles", type=int, default=300, help="size of the graph rdflib is run on")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench",
                    help="where generated graphs are kept (reused between runs)")
    ap.add_argument("--queries", help="saved-query folder (default: the shipped queries/)")
    ap.add_argument("--reps", type=int, default=5, help="timed runs per query and side")
    ap.add_argument("--workers", type=int, default=4, help="the server's query worker processes")
    ap.add_argument("--timeout", type=float, default=60.0, help="server query timeout, seconds")
    ap.add_argument("--rdflib-timeout", type=float, default=30.0,
                    help="seconds before an rdflib query is cut")
    ap.add_argument("--clients", type=int, default=16, help="load test: concurrent clients")
    ap.add_argument("--duration", type=float, default=60.0, help="load test: seconds")
    ap.add_argument("--load-max-ms", type=float, default=500.0,
                    help="load test: only saved queries whose HTTP median is below this join the mix")
    ap.add_argument("--load-queries", help="load test: comma-separated saved queries for the mix "
                    "(default: those under --load-max-ms in the comparison)")
    ap.add_argument("--skip-compare", action="store_true", help="skip the HTTP vs direct comparison")
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument("--skip-load", action="store_true")
    args = ap.parse_args(argv)

    queries, skipped = saved(args.queries)
    if not queries:
        print("bench_server: no saved queries found", file=sys.stderr)
        return 2
    big = ensure_data(args.articles, args.seed, args.data / f"articles-{args.articles}-seed-{args.seed}")
    data: dict = {
        "bench": "server", "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform(), "pyoxigraph": getattr(ox, "__version__", None)},
        "store": json.loads((big / "generate.json").read_text()),
        "skipped_queries": skipped,
    }
    store = open_store(big / "store")
    server = Server(big / "store", args.workers, args.timeout)
    try:
        data["http_vs_direct"] = []
        if not args.skip_compare:
            print(f"HTTP vs direct ({args.reps} reps, server on 127.0.0.1:{server.port})", flush=True)
            data["http_vs_direct"] = bench_queries(store, server, queries, args.reps)
        ratios = [r["ratio"] for r in data["http_vs_direct"] if r.get("ratio")]
        data["ratio_median"] = round(statistics.median(ratios), 2) if ratios else None
        data["ratio_max"] = max(ratios) if ratios else None
        if not args.skip_load:
            if args.load_queries:
                fast = {n: queries[n] for n in args.load_queries.split(",") if n in queries}
            else:
                fast = {r["query"]: queries[r["query"]] for r in data["http_vs_direct"]
                        if r.get("http_ms") is not None and r["http_ms"] <= args.load_max_ms}
            kinds = {n: "graph" if query_form(t) in ("CONSTRUCT", "DESCRIBE") else "select" for n, t in fast.items()}
            pages = entity_paths(store, random.Random(args.seed))
            print(f"load test: {args.clients} clients, {args.duration:g} s, {len(fast)} queries + "
                  f"{len(pages)} entity pages in the mix", flush=True)
            data["load"] = load_test(server.port, fast, kinds, pages, args.clients, args.duration)
            data["load"]["queries_in_mix"] = sorted(fast)
    finally:
        server.stop()
    del store
    if not args.skip_rdflib:
        small = ensure_data(args.rdflib_articles, args.seed,
                            args.data / f"articles-{args.rdflib_articles}-seed-{args.seed}")
        print(f"rdflib vs pyoxigraph on {args.rdflib_articles} articles", flush=True)
        data["rdflib"] = bench_rdflib(small, queries, 3, args.rdflib_timeout)
        data["rdflib"]["articles"] = args.rdflib_articles
    path = write_results(data)
    print_table(data)
    print(f"\nwritten {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
