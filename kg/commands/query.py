"""`kg query SRC QUERY`: SPARQL on a built graph, from a string, a .rq file or a saved query name."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from kg.commands.exits import epilog, fail
from kg.formats import GRAPH_FORMATS, RESULT_FORMATS, XLSX, by_name, names

FORMATS = ("table", *names(RESULT_FORMATS), *names(GRAPH_FORMATS))
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def resolve_query(query: str, queries_dir: str | None = None):
    """A SavedQuery for QUERY: a .rq file path, a saved query name, else SPARQL text."""
    from kg import saved_queries

    path = Path(query)
    if query.endswith(".rq") or (len(query) < 4096 and "\n" not in query and path.is_file()):
        if not path.is_file():
            fail(f"{query}: no such query file")
        return saved_queries.load_file(path)
    if _NAME.match(query):
        try:
            return saved_queries.get(query, queries_dir)
        except saved_queries.SavedQueryError as exc:
            fail(f"{exc}\n(QUERY is a SPARQL string, a .rq file or one of those names; see kg query --help)")
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


class SavedQueriesHelp(click.Command):
    """--help ends with the saved queries there are (read when help is asked for, not at import)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from kg import saved_queries

        try:
            shown = [q for q in saved_queries.load_all(ctx.params.get("queries_dir")) if not q.internal]
        except saved_queries.SavedQueryError as exc:
            shown, problem = [], str(exc)
        else:
            problem = ""
        with formatter.section("Saved queries (QUERY may be one of these names)"):
            if shown:
                rows = []
                for q in shown:
                    params = ", ".join(f"{p.name}={p.default}" if p.default else p.name for p in q.params)
                    rows.append((q.name, q.title + (f"  [--param {params}]" if params else "")))
                formatter.write_dl(rows)
            else:
                formatter.write_text(problem or "none found")
        super().format_epilog(ctx, formatter)


@click.command(cls=SavedQueriesHelp, epilog=epilog())
@click.argument("src", type=click.Path())
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of a saved query (repeatable), e.g. --param actor=Tokayev.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS, case_sensitive=False), default="table",
              show_default=True,
              help="Output format: table for people; json, xml, csv, tsv or xlsx (a workbook) for SELECT and ASK; "
                   "turtle, ntriples, jsonld, rdfxml, trig or nquads for CONSTRUCT and DESCRIBE.")
@click.option("--queries-dir", type=click.Path(file_okay=False), default=None, is_eager=True,
              help="Folder of saved queries (default: the shipped queries/, or $KG_QUERIES_DIR).")
def query(src: str, query: str, params: tuple[str, ...], fmt: str, queries_dir: str | None) -> None:
    """Run QUERY on SRC (a kg output folder, an Oxigraph store, an RDF file, or a SPARQL
    endpoint: its query URL or an endpoint .toml file).

    \b
    QUERY is SPARQL text, a .rq file, or a saved query name:
      kg query out "SELECT ?d WHERE { ?d a kg:Deployment }"
      kg query out deployments
      kg query out actor-statements --param actor=tokayev --format csv
    Our prefixes (kg:, id:, schema:, rdfs:, skos:, ...) are predeclared.
    """
    import pyoxigraph as ox

    from kg import saved_queries, spreadsheet
    from kg.ns import PREFIXES
    from kg.store import StoreError, open_store
    from server.safety import analyse

    saved = resolve_query(query, queries_dir)
    try:
        text = saved_queries.bind(saved, parse_params(params))
    except saved_queries.SavedQueryError as exc:
        fail(str(exc))
    try:
        store = open_store(src)
    except StoreError as exc:
        fail(str(exc))
    kwargs = {"prefixes": PREFIXES}
    if not analyse(text).dataset:
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(text, **kwargs)
    except SyntaxError as exc:
        fail(f"malformed SPARQL in {saved.name}: {exc}")
    except (OSError, ValueError, RuntimeError) as exc:
        fail(f"{saved.name} could not be evaluated: {exc}")
    out = sys.stdout.buffer
    fmt = fmt.lower()
    if isinstance(result, ox.QueryTriples):
        if fmt == "table":
            fmt = "turtle"
        if fmt not in names(GRAPH_FORMATS):
            fail(f"{saved.name} builds a graph; use --format {', '.join(names(GRAPH_FORMATS))}")
        graph_format = by_name(fmt, GRAPH_FORMATS)
        kw = {"prefixes": PREFIXES} if graph_format.takes_prefixes else {}
        triples = list(result)
        data = [ox.Quad(t.subject, t.predicate, t.object) for t in triples] if graph_format.datasets else triples
        if graph_format.rdf == ox.RdfFormat.JSON_LD:
            from kg import jsonld

            out.write(jsonld.dumps(triples))
        else:
            out.write(ox.serialize(data, format=graph_format.rdf, **kw))
        return
    if fmt in names(GRAPH_FORMATS):
        fail(f"{saved.name} returns a table; use --format table, {', '.join(names(RESULT_FORMATS))}")
    table = by_name(fmt, RESULT_FORMATS) if fmt != "table" else None
    if table is XLSX and sys.stdout.isatty():
        fail("a workbook is not for a terminal: send it to a file (--format xlsx > results.xlsx)")
    if isinstance(result, ox.QueryBoolean):
        if table is None:
            click.echo("true" if bool(result) else "false")
        elif table is XLSX:
            out.write(spreadsheet.workbook(["_askResult"], [[bool(result)]]))
        else:
            out.write(result.serialize(format=table.results))
        return
    if table is not None and table is not XLSX:
        out.write(result.serialize(format=table.results))
        return
    variables = [v.value for v in result.variables]
    rows = [tuple(s[i] for i in range(len(variables))) for s in result]
    if table is XLSX:
        out.write(spreadsheet.results_workbook(variables, rows))
        return
    click.echo(render_table(variables, rows, PREFIXES))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)
