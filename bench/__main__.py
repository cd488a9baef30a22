"""`python -m bench` (or `make bench`): run every benchmark in the registry, one after another.

Each entry is a module under bench/ run as `python -m MODULE ARGS` in its own process
(so one benchmark's memory and threads never colour the next one's figures). A module
that is not there yet (another part of the project adds it) is reported and skipped.
Names on the command line select benchmarks: `python -m bench server`.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: name -> (module, arguments, what it measures)
REGISTRY: dict[str, tuple[str, list[str], str]] = {
    "validate": ("bench.bench_validate", [], "SHACL validation and deterministic export vs graph size"),
    "server": ("bench.bench_server", [],
               "saved queries over HTTP vs pyoxigraph vs rdflib, and a 60 s load at 16 clients"),
    "actors": ("bench.bench_actors", [], "the actor-graph projection and analyses on a 10,000-article corpus"),
    "load": ("bench.bench_load", [], "60 s at 16 and 64 clients on a 10,000-article store, with and without "
             "two hostile queries: errors, p50/p99, RSS"),
    "pipeline": ("bench.bench_pipeline", [], "extraction tokens/s against a bare spaCy tokenizer + sentencizer"),
    "remote": ("bench.bench_remote", [], "loading and querying the Oxigraph server and Virtuoso against the "
               "embedded store"),
    "pages": ("bench.bench_pages", [], "the web UI's catalogue (cold) and its pages (warm) on a 2,000-article "
              "store, the people list against the one SPARQL query that lists them"),
    "build": ("bench.bench_build", [], "kg build at 1,000 and 10,000 articles: time, peak RSS, the time exponent, "
              "unchanged and 1%-changed rebuilds, --jobs 2 vs --jobs 1"),
}


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or list(REGISTRY)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        print(f"bench: unknown benchmark {', '.join(unknown)}; there are: {', '.join(REGISTRY)}",
              file=sys.stderr)
        return 2
    failed = []
    for name in names:
        module, args, what = REGISTRY[name]
        if importlib.util.find_spec(module) is None:
            print(f"== {name}: skipped ({module} is not there)", flush=True)
            continue
        print(f"== {name}: {what}", flush=True)
        if subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT).returncode != 0:
            failed.append(name)
    if failed:
        print(f"bench: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
