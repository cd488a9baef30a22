"""`kg build`: articles in, a validated knowledge graph out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXAMPLES = """
\b
Examples:
  kg build seeds/ --out out                 every .txt under seeds/
  kg build a.txt b.txt --out out --strict   fail if any input is unusable
\b
Writes OUT/graph.trig (a named graph per article + id:graph/entities),
OUT/graph.ttl (all merged), OUT/validation.ttl (SHACL report), OUT/build.json
(what was read and skipped) and OUT/store/ (an Oxigraph store for `kg query`
and `kg serve`). Every file is replaced atomically: an interrupted build leaves
the previous output intact.
\b
Exit status: 0 built and valid; 1 the graph violates the shapes (report printed);
2 no usable article; 3 with --strict, some input was unusable.
"""


@click.command(epilog=EXAMPLES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (created if missing).")
@click.option("--strict", is_flag=True, help="Exit 3 if any input file cannot be read as an article.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: only on a terminal).")
@click.option("--store", "endpoint", metavar="ENDPOINT", default=None,
              help="Load the graph into this SPARQL server instead of OUT/store/: its query URL "
                   "(credentials in KG_SPARQL_USER and KG_SPARQL_PASSWORD_FILE) or an endpoint .toml file; "
                   "see the README. Loaded in batches, each retried; our graphs there are replaced.")
@click.option("--no-store", "no_store", is_flag=True, help="Do not write OUT/store/.")
@click.option("--pos", is_flag=True,
              help="Tag parts of speech with the shipped Indonesian tagger (kg_pos) so that a lone proper "
                   "noun can be a speaker. Off by default: it did not raise the scores on our test corpora.")
def build(paths: tuple[Path, ...], out: Path, strict: bool, progress: bool | None, endpoint: str | None,
          no_store: bool, pos: bool) -> None:
    """Extract the articles at PATHS (.txt files or folders of them) into a knowledge graph."""
    with_store = not no_store and endpoint is None
    remote = _connect(endpoint) if endpoint is not None else None  # a bad endpoint is named before extracting
    from kg.articles import ArticleError, discover, read_article

    files, problems = discover(list(paths))
    articles = []
    for f in files:
        try:
            articles.append(read_article(f))
        except ArticleError as exc:
            problems.append(str(exc))
    for p in problems:
        click.secho(f"skipped: {p}", fg="yellow", err=True)
    if not articles:
        raise click.ClickException("no usable article to build (see the messages above)") from None
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        for a in articles:
            a.id = str(a.path.with_suffix("")).lstrip("./").replace("/", "_")

    from kg.build import run_build

    report = run_build(articles, out, progress=sys.stderr.isatty() if progress is None else progress,
                       with_store=with_store, skipped=problems, pos=pos)
    click.echo(report.summary())
    if remote is not None:
        _load(remote, report, progress)
    if not report.conforms:
        click.secho(report.validation_text, fg="red", err=True)
        sys.exit(1)
    if strict and problems:
        sys.exit(3)


def _connect(endpoint: str):
    from kg.remote_store import RemoteStoreError, connect, is_remote

    if not is_remote(endpoint):
        raise click.BadParameter(f"{endpoint!r} is not a SPARQL endpoint: give its http(s) query URL or an "
                                 "endpoint .toml file (OUT/store/ is written unless --no-store)",
                                 param_hint="--store")
    try:
        remote = connect(endpoint)
        remote.query("ASK { }")  # a server that is down is reported before the extraction, not after it
        if remote.endpoint.update is not None:
            remote.update("INSERT DATA { }", doing="a test update (nothing is written)")  # and credentials
    except RemoteStoreError as exc:
        raise click.ClickException(str(exc)) from exc
    return remote


def _load(remote, report, progress: bool | None) -> None:
    """Replace our graphs on the SPARQL server with the build's (only a graph that conforms)."""
    from tqdm import tqdm

    from kg.remote_store import load_dataset
    from kg.store import StoreError

    if not report.conforms:
        click.secho(f"Not loaded into {remote.endpoint.query}: the graph violates the shapes.", fg="red", err=True)
        return
    bar = tqdm(total=report.counts["triples"], desc="loading", unit="triple",
               disable=not (sys.stderr.isatty() if progress is None else progress))
    try:
        loaded = load_dataset(remote, report.out / "graph.trig", on_batch=bar.update)
    except StoreError as exc:
        raise click.ClickException(f"{exc}\nThe files in {report.out}/ are complete; run the build again to "
                                   "finish the load (each graph is replaced whole, so nothing is doubled).") from exc
    finally:
        bar.close()
    click.echo(loaded.summary())
    shown = remote.endpoint.source
    click.echo(f"Query it:  kg query {shown} deployments   |   kg serve --store {shown}")
