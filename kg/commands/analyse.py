"""`kg analyse`: centrality, communities and paths in the actor network."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.commands.exits import CHECK_FAILED, WRITE_FAILED, epilog, fail
from kg.commands.graph import filter_options, load_filtered


@click.command(epilog=epilog())
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--path", "path", nargs=2, metavar="A B",
              help="Shortest paths between two actors, with the evidence for each hop.")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True,
              help="Most shortest paths to show with --path.")
@click.option("--top", type=click.IntRange(min=0), default=0,
              help="Show only the N most central actors (0: all).")
@click.option("--write-back", is_flag=True,
              help="Store the figures in the named graph id:graph/analysis of --store (opened writable).")
@click.option("--rdf-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the figures as RDF to this file (.trig, .ttl, .nq, .nt).")
def analyse(store, relations, types, date_from, date_to, min_weight, ego, radius, isolates, as_json,
            path, limit, top, write_back, rdf_out) -> None:
    """Who is central in the actor network, who groups with whom, and how actors connect.

    \b
    Per actor: degree (distinct neighbours), weighted degree (supporting articles of
    its edges), betweenness (hops, undirected, normalised), PageRank (directed,
    weighted), eigenvector centrality (per connected component) and a Louvain
    community (fixed seed, so reruns agree).

    \b
    Examples:
      kg analyse --store out
      kg analyse --store out --json --top 10
      kg analyse --store out --path Tokayev Blinken
      kg analyse --store out --write-back      # then: kg query out "SELECT ?a ?r WHERE { ?a kg:pagerank ?r }"
    """
    from kg.actors import analyses
    from kg.actors.filters import FilterError, find_actor

    _, net = load_filtered(store, relations, types, date_from, date_to, min_weight, ego, radius, isolates)
    if path:
        try:
            a, b = find_actor(net, path[0]), find_actor(net, path[1])
            paths = analyses.shortest_paths(net, a, b, limit=limit)
        except (FilterError, analyses.AnalysisError) as exc:
            fail(str(exc))
        _print_paths(net, a, b, paths, as_json)
        if not paths:
            raise SystemExit(CHECK_FAILED)
        return

    rows = analyses.figures(net)
    if write_back or rdf_out:
        _write_back(store, rows, write_back, rdf_out)
    shown = rows[:top] if top else rows
    if as_json:
        click.echo(json.dumps({"actors": len(rows), "relations": net.number_of_edges(),
                               "figures": [r.as_dict() for r in shown]}, ensure_ascii=False, indent=1))
        return
    _print_table(shown, len(rows), net.number_of_edges())


def _write_back(store: str, rows, to_store: bool, rdf_out: Path | None) -> None:
    from kg.actors import writeback
    from kg.remote_store import is_remote
    from kg.store import StoreError, locate, open_store

    if rdf_out:
        try:
            n = writeback.write_to_file(rdf_out, rows)
        except OSError as exc:
            fail(f"{rdf_out}: cannot write: {exc.strerror or exc}", WRITE_FAILED)
        except ValueError as exc:
            fail(f"{rdf_out}: {exc}")
        click.echo(f"{rdf_out}: {n} triples of analysis figures", err=True)
    if to_store and is_remote(store):
        try:
            n = writeback.write_to_store(open_store(store, read_only=False), rows)
        except StoreError as exc:
            raise click.ClickException(f"cannot write the figures: {exc}") from exc
        click.echo(f"{store}: {n} triples written to the graph {writeback.ANALYSIS_GRAPH.value}", err=True)
    elif to_store:
        try:
            where = locate(store)
            if not where.is_dir():
                fail(
                    f"{store}: is an RDF file, not a store; write the figures with --rdf-out FILE instead")
            n = writeback.write_to_store(open_store(where, read_only=False), rows)
        except (StoreError, OSError) as exc:
            fail(f"{store}: cannot write the figures ({exc}); is a server holding the store open?")
        click.echo(f"{where}: {n} triples written to the graph {writeback.ANALYSIS_GRAPH.value}", err=True)


def _print_table(rows, actors: int, relations: int) -> None:
    header = ["actor", "type", "deg", "w.deg", "betweenness", "pagerank", "eigenvector", "comm"]
    body = [[_cut(r.label, 36), r.type, str(r.degree), str(r.weighted_degree), f"{r.betweenness:.4f}",
             f"{r.pagerank:.4f}", f"{r.eigenvector:.4f}", str(r.community)] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(header, *body, strict=False)]
    numeric = [False, False, True, True, True, True, True, True]

    def line(cells):
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric,
                                                                              strict=True)).rstrip()

    click.echo(f"{actors} actors, {relations} relations (most central first, by PageRank)")
    click.echo(line(header))
    click.echo(line(["-" * w for w in widths]))
    for cells in body:
        click.echo(line(cells))


def _print_paths(net, a: str, b: str, paths, as_json: bool) -> None:
    label = lambda n: net.nodes[n]["label"]  # noqa: E731
    if as_json:
        click.echo(json.dumps({"from": a, "to": b, "paths": paths}, ensure_ascii=False, indent=1))
        return
    if not paths:
        click.echo(f"No path between {label(a)} and {label(b)} in this network.")
        return
    hops = len(paths[0]["actors"]) - 1
    click.echo(f"{len(paths)} shortest path(s) of {hops} hop(s) from {label(a)} to {label(b)}:")
    articles = net.graph.get("articles", {})
    for i, p in enumerate(paths, start=1):
        click.echo(f"\n{i}. " + " → ".join(label(n) for n in p["actors"]))
        for hop in p["hops"]:
            for rel in hop["relations"]:
                click.echo(f"   {label(rel['source'])} —{rel['relation']}→ {label(rel['target'])}"
                           f"  ({rel['weight']} article(s))")
                for item in rel["evidence"][:3]:
                    for s in item["sentences"][:2]:
                        art = articles.get(s["article"], {}).get("label", s["article"])
                        click.echo(f"      › {_cut(s['text'], 140)}  [{art}]")
                    if not item["sentences"] and item["articles"]:
                        names = ", ".join(x.get("label", x["iri"]) for x in item["articles"][:3])
                        click.echo(f"      (named together in {names})")


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
