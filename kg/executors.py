"""Where the build's batches run: in this process, in worker processes, or as Dask tasks.

The build only needs `map(fn, items)`: results in the order of the items, computed
while later items are still being handed out, with a bounded number in flight so
that memory holds a few batches, never the corpus. `fn` must be a module-level
function (it is pickled to the workers); its module may keep per-process state, such
as one loaded spaCy pipeline per worker (kg.extract.pipeline).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

EXECUTORS = ("processes", "dask")


class ExecutorError(Exception):
    """An executor that cannot start (Dask missing, a scheduler that does not answer)."""


class Executor(Protocol):
    name: str
    workers: int

    def map(self, fn: Callable[..., Any], items: Iterable[Any]) -> Iterator[Any]: ...

    def close(self) -> None: ...


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Serial:
    """Everything in this process (`--jobs 1`)."""

    name = "serial"
    workers = 1

    def map(self, fn: Callable[..., Any], items: Iterable[Any]) -> Iterator[Any]:
        return map(fn, items)

    def close(self) -> None:
        pass


def _windowed(submit: Callable[[Any], Any], result: Callable[[Any], Any], items: Iterable[Any],
              window: int) -> Iterator[Any]:
    """Submit ahead up to `window` items, yield the results in item order."""
    pending: deque = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _exit_with(build_pid: int) -> None:
    """In a worker: leave as soon as the build that started it is gone (killed builds leave no workers)."""
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(build_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


class Processes:
    """One worker process per job (`--jobs N`), each keeping its own pipeline.

    Workers come from a fork server (a fresh process with kg.extract imported), never forked from the
    build itself: a process with the threads of an open store or of RocksDB cannot be forked safely,
    and so they hold none of the build's open files (its lock dies with it). Each watches the build
    and exits when it is gone. As with any multiprocessing, a script calling the build needs an
    `if __name__ == "__main__":` guard.
    """

    name = "processes"

    def __init__(self, jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = jobs
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kg.extract", "kg.validate"])
        self.pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_exit_with,
                                        initargs=(os.getpid(),))

    def map(self, fn: Callable[..., Any], items: Iterable[Any]) -> Iterator[Any]:
        return _windowed(lambda item: self.pool.submit(fn, item), lambda f: f.result(), items, 2 * self.workers)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class Dask:
    """Dask tasks: on a LocalCluster of `jobs` worker processes, or on the cluster at `scheduler`."""

    name = "dask"

    def __init__(self, jobs: int, scheduler: str | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise ExecutorError("--executor dask needs dask[distributed] (pip install 'dask[distributed]')") from exc
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=40)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise ExecutorError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from exc
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or jobs)

    def map(self, fn: Callable[..., Any], items: Iterable[Any]) -> Iterator[Any]:
        return _windowed(lambda item: self.client.submit(fn, item, pure=False), lambda f: f.result(), items,
                         2 * self.workers)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(kind: str, jobs: int, scheduler: str | None = None) -> Executor:
    """`processes` with jobs > 1 gives worker processes, with 1 this process; `dask` gives Dask."""
    if kind == "dask":
        return Dask(jobs, scheduler)
    if kind != "processes":
        raise ExecutorError(f"unknown executor {kind!r}; use one of {', '.join(EXECUTORS)}")
    return Processes(jobs) if jobs > 1 else Serial()
