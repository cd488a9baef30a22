"""The analyst's pages on a large synthetic store: the catalogue they share, and each page.

Generates a corpus with `bench.generate`, opens the service on its store (Flask test
client, no sockets) and measures, in one run:

* building the per-generation catalogue (the queries in queries/ui/), once, cold;
* each page warm (median of --repeat requests): the overview, a list with a facet, its
  CSV, search, the timeline and the map;
* the reference: the one SPARQL query that lists people with their article counts,
  sorted, straight on pyoxigraph, against `/persons.json` doing the same from the catalogue.

    python -m bench.bench_pages --articles 2000
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate
from kg.store import open_store, query

REFERENCE = """
SELECT ?p ?label (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?p a kg:Person ; rdfs:label ?label . OPTIONAL { ?a schema:mentions ?p }
} GROUP BY ?p ?label ORDER BY DESC(?n) ?label LIMIT 50
"""


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def measure(articles: int, seed: int, work: Path, repeat: int) -> dict:
    out = work / f"corpus-{articles}"
    info = generate(articles, seed, out)
    from server.app import create_app
    from server.config import Config, shutdown

    app = create_app(Config(STORE=str(out / "store"), ACCESS_LOG=None, WORKERS=1))
    client = app.test_client()
    try:
        from server.catalogue import catalogue

        with app.app_context():
            t0 = time.perf_counter()
            cat = catalogue()
            cold = time.perf_counter() - t0
        country = next(iter(a.iri for a in cat.actors.values() if a.kind == "Country"))
        country_path = country.split("/id/", 1)[1]
        pages = {
            "overview": "/index.json",
            "persons": "/persons.json",
            "persons_by_country": f"/persons.json?country={country_path}",
            "statements_csv": "/statements.csv",
            "search": "/search.json?q=mi",
            "timeline": "/timeline.json",
            "map": "/map.json",
        }
        figures: dict[str, float] = {}
        for name, url in pages.items():
            def get(url: str = url) -> None:
                r = client.get(url)
                assert r.status_code == 200, (url, r.status_code)
            figures[name + "_s"] = round(timed(get, repeat), 4)
        st = open_store(out / "store")
        reference = timed(lambda: list(query(st, REFERENCE)), repeat)
    finally:
        shutdown(app)
    return {
        "articles": articles, "actors": len(cat.actors), "statements": len(cat.statements),
        "deployments": len(cat.deployments), "trig_bytes": info["trig_bytes"],
        "catalogue_cold_s": round(cold, 3), **figures, "reference_sparql_persons_s": round(reference, 4),
        "persons_page_vs_sparql": round(figures["persons_s"] / reference, 2) if reference else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--work", type=Path, help="keep the generated corpus here (default: a temp folder)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(args.articles, args.seed, args.work or Path(tmp), args.repeat)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
