"""How validation and deterministic export scale with the number of articles.

The seed fixture (tests/fixtures/validate/good.trig, two articles) is replicated
N times under fresh article IRIs, then validated through rdflib and through an
Oxigraph store, and serialised to every export format. Run:
    .venv/bin/python -m bench.bench_validate [N ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kg.serialize import FORMATS, dataset_from_quads, to_bytes
from kg.validate import load_shapes, validate

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "validate" / "good.trig"
SLUGS = ("000-53b09ad841259d56", "001-f0df1e5d25b58775")
FILES = ("000_53b09ad841259d56", "001_f0df1e5d25b58775")


def replicated(copies: int) -> bytes:
    """N-Quads of the fixture with its article graphs copied `copies` times."""
    quads = list(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG))
    entity_lines, article_lines = [], []
    for q in quads:
        line = str(q) + " .\n"
        (article_lines if "/graph/article/" in str(q.graph_name) else entity_lines).append(line)
    out = list(entity_lines)
    for k in range(1, copies):
        for line in article_lines:
            for slug, name in zip(SLUGS, FILES, strict=True):
                line = line.replace(slug, f"{slug}-{k}").replace(name, f"{name}_{k}")
            out.append(line)
    out.extend(article_lines)
    return "".join(out).encode("utf-8")


def validate_unprepared(ds) -> bool:
    """pySHACL on a plain rdflib Graph: every SPARQL constraint re-parsed per focus node."""
    from pyshacl import validate as shacl_validate
    from rdflib import Graph

    merged = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    return shacl_validate(merged, shacl_graph=load_shapes(), inference="none", allow_warnings=True)[0]


def timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def main(sizes: list[int]) -> None:
    validate(dataset_from_quads(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG)))  # warm caches
    head = f"{'copies':>6} {'triples':>8} {'validate':>9} {'conforms':>8} {'unprepared':>10} {'ratio':>6} "
    print(head + " ".join(f"{f:>9}" for f in FORMATS))
    for n in sizes:
        data = replicated(n)
        ds = dataset_from_quads(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        secs, result = timed(lambda ds=ds: validate(ds))
        plain, _ = timed(lambda ds=ds: validate_unprepared(ds))
        exports = [timed(lambda f=f, ds=ds: to_bytes(ds, f))[0] for f in FORMATS]
        print(
            f"{n:>6} {len(ds):>8} {secs:>8.2f}s {str(result.conforms):>8} "
            f"{plain:>9.2f}s {plain / secs:>5.1f}x " + " ".join(f"{s:>8.2f}s" for s in exports)
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 10, 50])
