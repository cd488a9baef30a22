"""`kg query SRC QUERY`: SPARQL on a built graph, from a string, a .rq file or a saved query name."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

FORMATS = ("table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def resolve_query(query: str, queries_dir: str | None = None):
    """A SavedQuery for QUERY: a .rq file path, a saved query name, else SPARQL text."""
    from kg import saved_queries

    path = Path(query)
    if query.endswith(".rq") or (len(query) < 4096 and "\n" not in query and path.is_file()):
        if not path.is_file():
            raise click.ClickException(f"{query}: no such query file")
        return saved_queries.load_file(path)
    if _NAME.match(query):
        try:
            return saved_queries.get(query, queries_dir)
        except saved_queries.SavedQueryError as exc:
            raise click.ClickException(
                f"{exc}\n(QUERY is a SPARQL string, a .rq file or one of those names)") from exc
    return saved_queries.parse(query, "query")


def parse_params(params: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{p!r} is not NAME=VALUE", param_hint="--param")
        out[key.strip()] = value
    return out


def short(term, prefixes: dict[str, str]) -> str:
    """A term as people read it: prefixed IRIs, bare literal values, _:blank nodes."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max((ns for ns in prefixes.values() if term.value.startswith(ns)), key=len, default=None)
        if best is not None:
            name = next(p for p, ns in prefixes.items() if ns == best)
            return f"{name}:{term.value[len(best):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return str(term)


def render_table(variables: list[str], rows: list[tuple], prefixes: dict[str, str], width: int = 60) -> str:
    cells = [[short(t, prefixes).replace("\n", " ") for t in row] for row in rows]
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(out)


@click.command()
@click.argument("src", type=click.Path())
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of a saved query (repeatable), e.g. --param actor=Tokayev.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format (table for people; json/xml/csv/tsv for SELECT and ASK; "
                   "turtle/ntriples/jsonld for CONSTRUCT and DESCRIBE).")
@click.option("--queries-dir", type=click.Path(file_okay=False), default=None,
              help="Folder of saved queries (default: the shipped queries/).")
def query(src: str, query: str, params: tuple[str, ...], fmt: str, queries_dir: str | None) -> None:
    """Run QUERY on SRC (a kg output folder, an Oxigraph store, an RDF file, or a SPARQL
    endpoint: its query URL or an endpoint .toml file).

    \b
    QUERY is SPARQL text, a .rq file, or a saved query name:
      kg query out "SELECT ?d WHERE { ?d a kg:Deployment }"
      kg query out deployments
      kg query out actor-statements --param actor=Tokayev --format csv
    Our prefixes (kg:, id:, schema:, rdfs:, skos:, ...) are predeclared.
    """
    import pyoxigraph as ox

    from kg import saved_queries
    from kg.ns import PREFIXES
    from kg.store import StoreError, open_store
    from server.safety import analyse

    saved = resolve_query(query, queries_dir)
    try:
        text = saved_queries.bind(saved, parse_params(params))
    except saved_queries.SavedQueryError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        store = open_store(src)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    kwargs = {"prefixes": PREFIXES}
    if not analyse(text).dataset:
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(text, **kwargs)
    except SyntaxError as exc:
        raise click.ClickException(f"malformed SPARQL in {saved.name}: {exc}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise click.ClickException(f"{saved.name} could not be evaluated: {exc}") from exc
    out = sys.stdout.buffer
    rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    tabular = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    if isinstance(result, ox.QueryTriples):
        if fmt in tabular:
            raise click.ClickException(
                f"{saved.name} builds a graph; use --format turtle, ntriples or jsonld")
        kw = {"prefixes": PREFIXES} if fmt in ("turtle", "table") else {}
        out.write(ox.serialize(list(result), format=rdf.get(fmt, ox.RdfFormat.TURTLE), **kw))
        return
    if fmt in rdf:
        raise click.ClickException(f"{saved.name} returns a table; use --format table, json, xml, csv or tsv")
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            click.echo("true" if bool(result) else "false")
        else:
            out.write(result.serialize(format=tabular[fmt]))
        return
    if fmt in tabular:
        out.write(result.serialize(format=tabular[fmt]))
        return
    variables = [v.value for v in result.variables]
    rows = [tuple(s[i] for i in range(len(variables))) for s in result]
    click.echo(render_table(variables, rows, PREFIXES))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)
