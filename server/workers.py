"""Supervised worker processes: where every SPARQL query and the actor projection run.

A query that crashes the engine (pyoxigraph's parser segfaults on deep nesting), runs
past its deadline or asks for unbounded memory must cost one process, never the
server. So the service process never evaluates user SPARQL itself: a `WorkerPool`
keeps a few spawned processes, each with the store opened read-only and its address
space capped (RLIMIT_AS = what it uses after opening the store + the memory budget).

* Deadline: the supervisor waits on the worker's pipe; at the deadline it SIGKILLs the
  worker (pyoxigraph cannot be interrupted) and starts a replacement in the background.
* Memory: past the cap Rust's allocator aborts the worker (SIGABRT) or Python raises
  MemoryError; either way the request is answered and the worker replaced.
* Crash: any other death (SIGSEGV) is reported as such and the worker replaced.
* CPU: a query still running after `demote_after` seconds is reniced to 19, so a
  runaway only gets the CPU that normal queries leave; after its answer the worker gets
  its priority back, or is replaced where the service may not raise priorities.
* Slow queries per client: one client (`run(..., client=)`) may have at most
  `slow_per_client` queries running past `demote_after`; a further one is stopped there
  (503 too_many_slow_queries), so a client sending runaways in parallel holds that many
  workers for the deadline, never the whole pool.
* Store switches: `set_store()` points the pool at a new store folder (a new build
  generation, or a snapshot after a write); idle workers are replaced at once, busy
  ones after their current task.

Workers answer with finished bytes (serialised results), so the service process only
copies them to the socket: its GIL is never held by a big result.
"""

from __future__ import annotations

import logging
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

log = logging.getLogger("kg.workers")


class WorkerFailure(Exception):
    """A task the pool could not complete: `status` and `message` are for the HTTP answer."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


# --------------------------------------------------------------------------- tasks (picklable)

@dataclass
class QueryTask:
    """Evaluate `text` and serialise the result: SELECT/ASK as `result_type`, graphs as `graph_type`."""

    text: str
    options: dict[str, Any]
    result_type: str
    graph_type: str
    max_rows: int
    offset: int = 0
    limit: int | None = None  # a page: rows after `offset`; None = all (up to max_rows)


@dataclass
class ActorsTask:
    """Project the store onto the actor network and lay it out (cached in the worker)."""


@dataclass
class ViewTask:
    """A filtered, paged Cytoscape JSON view of the worker's cached actor network."""

    filters: dict[str, Any]
    evidence: bool
    offset: int
    limit: int | None


@dataclass
class EdgeTask:
    """One edge's evidence, or its figures (`kind` "evidence" or "analysis")."""

    kind: str
    args: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- the worker side

def _vm_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def worker_main(conn: Connection, store_path: str, memory_bytes: int) -> None:
    """The body of one worker process: open the store, cap memory, answer tasks until EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the supervisor, which stops us
    import pyoxigraph as ox

    import server.protocol  # noqa: F401 - imported before "ready", so a first query pays no import time
    from kg.remote_store import connect, is_remote

    remote = is_remote(store_path)
    try:
        store = connect(store_path) if remote else ox.Store.read_only(store_path)
    except (OSError, RuntimeError) as exc:  # RocksDB reports a store missing files as RuntimeError
        conn.send(("failed", f"cannot open the store: {exc}"))
        return
    if memory_bytes > 0:
        cap = _vm_bytes() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    state: dict[str, Any] = {"store": store}
    if not remote:  # a SPARQL server is asked nothing until a query comes (it may be down for now)
        bool(store.query("ASK { ?s ?p ?o }"))  # open the store's files now, not in the first query's time
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", _run(task, state))
        except MemoryError:
            state.pop("actors", None)
            reply = ("memory", None)
        except _Refused as exc:
            reply = ("refused", (exc.status, exc.code, exc.message))
        except Exception as exc:  # noqa: BLE001 - becomes a JSON error for the client
            reply = ("refused", _classify(exc))
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", None))


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _classify(exc: Exception) -> tuple[int, str, str]:
    if type(exc).__name__ == "RemoteUnavailable":
        logging.getLogger("kg.workers").error("%s", exc)
        return 503, "store_unavailable", "the SPARQL server holding the data does not answer; try again later"
    if type(exc).__name__ == "RemoteRejected":
        return 400, "evaluation_error", f"the SPARQL server could not evaluate the query: {exc.detail}"
    if isinstance(exc, SyntaxError):
        return 400, "malformed_query", f"malformed SPARQL: {exc}"
    if isinstance(exc, OSError):
        logging.getLogger("kg.workers").error("store error in a worker: %s", exc)
        return 500, "store_error", "the store could not answer (an I/O error; see the server log)"
    if type(exc).__name__ in ("ProjectionError", "FilterError"):
        return 400, "bad_filter", str(exc)
    if isinstance(exc, LookupError | ValueError | TypeError) or type(exc).__module__ == "pyoxigraph":
        return 400, "evaluation_error", f"the query could not be evaluated: {exc}"
    logging.getLogger("kg.workers").error("worker task failed:\n%s", traceback.format_exc())
    return 500, "internal_error", "the query failed inside the service (see the server log)"


def _run(task: Any, state: dict[str, Any]) -> Any:
    if isinstance(task, QueryTask):
        return run_query(state["store"], task)
    if isinstance(task, ActorsTask):
        return _actors(state)[2]
    if isinstance(task, ViewTask):
        return actor_view(_actors(state), task)
    if isinstance(task, EdgeTask):
        return actor_edge(_actors(state), task)
    raise TypeError(f"unknown task {type(task).__name__}")


class _TooManyRows(Exception):
    pass


def run_query(store: Any, task: QueryTask) -> dict[str, Any]:
    """Evaluate, page and serialise one query; the reply the service sends on as it is."""
    import pyoxigraph as ox

    from server.protocol import (
        GRAPH_FORMATS,
        RESULT_FORMATS,
        content_type,
        serialize_ask,
        serialize_rdf,
        serialize_select,
    )

    started = time.perf_counter()
    result = store.query(task.text, **task.options)
    stop = None if task.limit is None else task.offset + task.limit
    if isinstance(result, ox.QueryBoolean):
        fmt = next(f for f in RESULT_FORMATS if f.media_type == task.result_type)
        body, kind, n, more = serialize_ask(fmt, bool(result)), "ask", 1, False
    elif isinstance(result, ox.QuerySolutions):
        fmt = next(f for f in RESULT_FORMATS if f.media_type == task.result_type)
        variables = [v.value for v in result.variables]
        rows, more = _page(((sol[i] for i in range(len(variables))) for sol in result),
                           task.offset, stop, task.max_rows, tuple)
        body, kind, n = serialize_select(fmt, variables, rows), "select", len(rows)
    else:
        fmt = next(f for f in GRAPH_FORMATS if f.media_type == task.graph_type)
        triples, more = _page(iter(result), task.offset, stop, task.max_rows, None)
        body, kind, n = serialize_rdf(fmt, triples), "graph", len(triples)
    return {"kind": kind, "body": body, "content_type": content_type(fmt), "rows": n, "more": more,
            "seconds": time.perf_counter() - started}


def _page(items, offset: int, stop: int | None, max_rows: int, convert) -> tuple[list, bool]:
    """Rows offset..stop of a lazy result (dropping it ends the evaluation), and whether more follow."""
    out: list = []
    for i, item in enumerate(items):
        if stop is not None and i >= stop:
            return out, True
        if i < offset:
            continue
        if len(out) >= max_rows:
            raise _Refused(413, "too_many_rows",
                           f"the query returns more than {max_rows} rows, the limit of this service; "
                           "add LIMIT (and OFFSET to page through the results)")
        out.append(convert(item) if convert else item)
    return out, False


def _actors(state: dict[str, Any]) -> tuple[Any, dict, dict[str, int]]:
    """The projected network and its layout, computed once per worker (per store)."""
    cached = state.get("actors")
    if cached is None:
        from kg.actors.filters import Filters
        from kg.actors.layout import positions
        from kg.actors.projection import project

        graph = project(state["store"])
        pos = positions(Filters().apply(graph))
        cached = state["actors"] = (graph, pos, {"actors": graph.number_of_nodes(),
                                                 "relations": graph.number_of_edges()})
    return cached


def actor_view(cached: tuple[Any, dict, dict], task: ViewTask) -> bytes:
    """Cytoscape JSON of the filtered network, paged over actors (most mentioned first)."""
    import json

    from kg.actors.cytoscape import cytoscape
    from kg.actors.filters import Filters

    graph, pos, _ = cached
    view = Filters(**task.filters).apply(graph)
    total = view.number_of_nodes()
    if task.limit is not None or task.offset:
        order = sorted(view.nodes, key=lambda n: (-int(view.nodes[n].get("mentions") or 0),
                                                  -view.degree(n), n))
        end = None if task.limit is None else task.offset + task.limit
        view = view.subgraph(order[task.offset:end]).copy()
    data = cytoscape(view, pos=pos, evidence=task.evidence)
    data.setdefault("data", {})["page"] = {
        "offset": task.offset, "limit": task.limit, "actors": view.number_of_nodes(), "total_actors": total,
        "more": task.limit is not None and task.offset + view.number_of_nodes() < total,
    }
    return json.dumps(data, ensure_ascii=False).encode()


def actor_edge(cached: tuple[Any, dict, dict], task: EdgeTask) -> dict[str, Any]:
    """The evidence of one edge (`kind` "evidence") or the figures of a filtered view ("analysis")."""
    from kg.actors import analyses
    from kg.actors.filters import Filters

    graph = cached[0]
    if task.kind == "analysis":
        view = Filters(**task.args["filters"]).apply(graph)
        return {"actors": view.number_of_nodes(), "relations": view.number_of_edges(),
                "figures": [r.as_dict() for r in analyses.figures(view)]}
    a = task.args
    view = Filters(date_from=a.get("from"), date_to=a.get("to"), isolates=True).apply(graph)
    edge = view.get_edge_data(a["source"], a["target"], a["relation"])
    if edge is None:
        where = " in this date range" if graph.has_edge(a["source"], a["target"], a["relation"]) else ""
        raise _Refused(404, "no_such_edge", f"no {a['relation']} edge from {a['source']} to {a['target']}{where}")
    return {"source": a["source"], "target": a["target"], "relation": a["relation"], "weight": edge["weight"],
            "first_date": edge["first_date"], "last_date": edge["last_date"],
            "evidence": analyses.evidence(view, edge)}


# --------------------------------------------------------------------------- the supervisor side

class PathUser:
    """Told when a pool starts and stops using a store folder (so snapshots can be deleted)."""

    def acquire(self, path: str) -> None: ...

    def release(self, path: str) -> None: ...


class _Process:
    """A worker started as `python -m server.workers FD PATH BYTES` (never a re-import of __main__)."""

    def __init__(self, popen: subprocess.Popen) -> None:
        self.popen = popen

    @classmethod
    def start(cls, path: str, memory_bytes: int, name: str) -> tuple[_Process, Connection]:
        parent, child = socket.socketpair()
        try:
            popen = subprocess.Popen([sys.executable, "-m", "server.workers", str(child.fileno()), path,
                                      str(memory_bytes), name], pass_fds=(child.fileno(),),
                                     stdin=subprocess.DEVNULL, cwd=_ROOT, env=_worker_env())
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        return cls(popen), Connection(parent.detach())

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()

    def join(self, timeout: float | None = None) -> None:
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            pass

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()


_ROOT = str(Path(__file__).resolve().parent.parent)


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH")) if p)
    return env


@dataclass(eq=False)
class _Worker:
    proc: Any
    conn: Connection
    path: str
    key: str
    pid: int = 0
    demoted: bool = False


class WorkerPool:
    """`size` worker processes over one store folder, each task under a deadline."""

    def __init__(self, name: str, size: int, memory_mb: int, *, demote_after: float | None = 2.0,
                 nice: int = 0, start_timeout: float = 60.0, slow_per_client: int | None = None,
                 paths: PathUser | None = None) -> None:
        self.name, self.size = name, max(1, int(size))
        self.slow_per_client = slow_per_client
        self._slow: Counter[str] = Counter()  # queries past demote_after, by client
        self.memory_bytes = int(memory_mb) * 2**20
        self.demote_after, self.nice, self.start_timeout = demote_after, nice, start_timeout
        self.paths_user = paths
        self._path: str | None = None
        self._key: str | None = None
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._starting = 0
        self._paths: Counter[str] = Counter()  # workers alive or starting, by store folder
        self._pending: set[_Worker] = set()  # started, not yet ready
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self.started = 0  # workers started in all (replacements included)
        self.replaced: Counter[str] = Counter()  # why workers were replaced
        self._thread = threading.Thread(target=self._maintain, name=f"kg-{name}-pool", daemon=True)
        self._thread.start()

    # -- store -------------------------------------------------------------------------------

    def set_store(self, path: str, key: str | None = None) -> None:
        """Serve `path` from now on: idle workers on another store are replaced at once.

        `key` names the store generation; it differs from the path when a rebuild put a new
        store at the same path (the older layout's `OUT/store/` swap).
        """
        key = key or path
        with self._lock:
            if key == self._key:
                return
            self._key = key
            old, self._path = self._path, path
            old_unused = old is not None and self._paths[old] <= 0
        if self.paths_user is not None:
            self.paths_user.acquire(path)
            if old_unused:
                self.paths_user.release(old)
        drained = []
        while True:
            try:
                drained.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for w in drained:
            if w.key == key:
                self._idle.put(w)
            else:
                self._retire(w, "store switched")
        self._wake.set()

    @property
    def path(self) -> str | None:
        return self._path

    # -- running a task ----------------------------------------------------------------------

    def run(self, task: Any, *, timeout: float, wait: float, client: str | None = None) -> Any:
        """Run `task` in a worker within `timeout` seconds, after waiting at most `wait` for one."""
        slow: list[str] = []  # the client, once this task counts as one of its slow queries
        try:
            return self._run(task, timeout, wait, client, slow)
        finally:
            if slow:
                with self._lock:
                    self._slow[slow[0]] -= 1
                    if self._slow[slow[0]] <= 0:
                        del self._slow[slow[0]]

    def _run(self, task: Any, timeout: float, wait: float, client: str | None, slow: list[str]) -> Any:
        if self._closed:
            raise WorkerFailure(503, "shutting_down", "the service is shutting down")
        worker = self._acquire(wait)
        started = time.monotonic()
        deadline = started + timeout
        try:
            worker.conn.send(task)
        except (OSError, ValueError):
            self._retire(worker, "died")
            raise WorkerFailure(503, "worker_lost", "the query worker was lost before it got the query; "
                                "try again", {"Retry-After": "1"}) from None
        while True:
            now = time.monotonic()
            remaining = deadline - now
            if remaining <= 0:
                self._retire(worker, "deadline")
                raise WorkerFailure(503, "timeout", f"the query ran longer than the {timeout:g} s limit and "
                                    "was stopped; narrow it down or add LIMIT", {"Retry-After": "5"})
            step = remaining
            if self.demote_after is not None and not worker.demoted:
                step = min(step, max(0.0, started + self.demote_after - now))
            try:
                ready = worker.conn.poll(step)
            except (OSError, ValueError):
                ready = True
            if not ready:
                if self.demote_after is not None and not worker.demoted \
                        and time.monotonic() >= started + self.demote_after:
                    if client is not None and not self._count_slow(client, slow):
                        self._retire(worker, "slow limit")
                        raise WorkerFailure(503, "too_many_slow_queries",
                                            f"this client already has {self.slow_per_client} queries running "
                                            f"longer than {self.demote_after:g} s, the most this service allows; "
                                            "this one was stopped: wait for those to finish, or narrow them down",
                                            {"Retry-After": "5"})
                    self._demote(worker)
                continue
            try:
                status, payload = worker.conn.recv()
            except (EOFError, OSError):
                raise self._died(worker) from None
            break
        if status == "memory":
            self._retire(worker, "memory")
            raise WorkerFailure(503, "out_of_memory", self._memory_message())
        if worker.demoted and not self._promote(worker):
            self._retire(worker, "demoted")
        else:
            self._release(worker)
        if status == "refused":
            code, kind, message = payload
            raise WorkerFailure(code, kind, message)
        return payload

    def _count_slow(self, client: str, slow: list[str]) -> bool:
        """Count a task of `client` as slow; False when the client already has its most slow tasks."""
        with self._lock:
            if self.slow_per_client is not None and self._slow[client] >= self.slow_per_client:
                return False
            self._slow[client] += 1
            slow.append(client)
            return True

    def _memory_message(self) -> str:
        return (f"the query needed more than the {self.memory_bytes // 2**20} MB of memory a query may use "
                "and was stopped; narrow it down or add LIMIT")

    def _died(self, worker: _Worker) -> WorkerFailure:
        worker.proc.join(timeout=2)
        code = worker.proc.exitcode
        if code == -signal.SIGABRT or code == -signal.SIGKILL:
            self._retire(worker, "memory")
            return WorkerFailure(503, "out_of_memory", self._memory_message())
        self._retire(worker, "crashed")
        log.error("%s worker %s died with exit code %s", self.name, worker.pid, code)
        return WorkerFailure(500, "worker_crashed", "the query engine crashed on this query; the service "
                             "replaced it and goes on (please report the query)")

    def _demote(self, worker: _Worker) -> None:
        worker.demoted = True
        try:
            os.setpriority(os.PRIO_PROCESS, worker.pid, 19)
        except OSError:
            pass

    def _promote(self, worker: _Worker) -> bool:
        """Give a demoted worker its priority back (needs CAP_SYS_NICE; else it is replaced)."""
        try:
            os.setpriority(os.PRIO_PROCESS, worker.pid, self.nice)
        except OSError:
            return False
        worker.demoted = False
        return True

    def _acquire(self, wait: float) -> _Worker:
        deadline = time.monotonic() + wait
        while True:
            remaining = deadline - time.monotonic()
            try:
                w = self._idle.get(timeout=max(0.0, remaining)) if remaining > 0 else self._idle.get_nowait()
            except queue.Empty:
                raise WorkerFailure(503, "busy", f"all {self.size} {self.name} workers are busy; try again "
                                    "shortly", {"Retry-After": "2"}) from None
            if w.key != self._key or not w.proc.is_alive():
                self._retire(w, "store switched" if w.proc.is_alive() else "died")
                continue
            return w

    def _release(self, worker: _Worker) -> None:
        if worker.key != self._key or self._closed:
            self._retire(worker, "store switched")
        else:
            self._idle.put(worker)

    def _retire(self, worker: _Worker, why: str) -> None:
        """Kill a worker (it may be mid-query) and have the maintenance thread replace it."""
        with self._lock:
            if worker not in self._all:
                return
            self._all.discard(worker)
            released = self._forget_path(worker.path)
            self.replaced[why] += 1
        try:
            worker.proc.kill()
        except (OSError, ValueError):
            pass
        worker.conn.close()
        threading.Thread(target=worker.proc.join, daemon=True).start()
        if released and self.paths_user is not None:
            self.paths_user.release(worker.path)
        self._wake.set()

    def _forget_path(self, path: str) -> bool:
        """One worker less on `path` (under the lock); True when no worker uses it and it is not current."""
        self._paths[path] -= 1
        released = self._paths[path] <= 0 and path != self._path
        if released:
            del self._paths[path]
        return released

    def _unstart(self, path: str) -> None:
        """A worker that never became ready no longer holds `path`."""
        with self._lock:
            self._starting -= 1
            released = self._forget_path(path)
        if released and self.paths_user is not None:
            self.paths_user.release(path)

    # -- keeping `size` workers --------------------------------------------------------------

    def _maintain(self) -> None:
        while not self._closed:
            self._wake.wait(timeout=1.0)
            self._wake.clear()
            if self._closed or self._path is None:
                continue
            with self._lock:
                missing = self.size - len(self._all) - self._starting
                self._starting += max(0, missing)
                path, key = self._path, self._key
                # a starting worker holds its store folder too: a store switch must not delete it
                self._paths[path] += max(0, missing)
            if missing > 0:
                self._spawn(missing, path, key)

    def _spawn(self, n: int, path: str, key: str) -> None:
        pending = []
        for _ in range(n):
            try:
                proc, conn = _Process.start(path, self.memory_bytes, self.name)
            except OSError as exc:
                log.error("cannot start a %s worker: %s", self.name, exc)
                self._unstart(path)
                continue
            w = _Worker(proc, conn, path, key)
            with self._lock:
                self._pending.add(w)
            pending.append(w)
        for w in pending:
            ok = False
            try:
                if w.conn.poll(self.start_timeout):
                    status, payload = w.conn.recv()
                    ok = status == "ready"
                    if ok:
                        w.pid = payload
                    elif not self._closed:
                        log.error("%s worker could not start: %s", self.name, payload)
            except (EOFError, OSError):
                pass
            with self._lock:
                self._pending.discard(w)
                ok = ok and not self._closed
                if ok:
                    self._starting -= 1
                    self._all.add(w)
                    self.started += 1
            if not ok:
                w.proc.kill()
                w.proc.join(timeout=5)
                w.conn.close()
                self._unstart(w.path)
                if not self._closed:
                    time.sleep(0.5)  # a store that cannot be opened: do not spin
                    self._wake.set()
                continue
            if self.nice:
                try:
                    os.setpriority(os.PRIO_PROCESS, w.pid, self.nice)
                except OSError:
                    pass
            if w.key == self._key:
                self._idle.put(w)
            else:
                self._retire(w, "store switched")

    def wait_ready(self, timeout: float) -> bool:
        """Block until every worker has started (for start-up and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._idle.qsize() >= self.size:
                return True
            time.sleep(0.02)
        return False

    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._all]

    def close(self) -> None:
        """Stop every worker (the service is shutting down)."""
        self._closed = True
        self._wake.set()
        with self._lock:
            workers, starting = list(self._all), list(self._pending)
        for w in starting:  # stopped before they open a store that is about to be removed
            w.proc.kill()
        for w in workers:
            self._retire(w, "closed")


if __name__ == "__main__":
    # python -m server.workers FD STORE_PATH MEMORY_BYTES NAME (started by WorkerPool). The tasks
    # are unpickled as server.workers.*, so run that module's loop, not this __main__ copy's.
    from server.workers import worker_main as _main

    _main(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]))
