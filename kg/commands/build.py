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
  kg build news/ --out out --jobs 4         four worker processes (default: the cores)
  kg build news/ --out out --executor dask --scheduler tcp://HOST:8786
                                            extraction as tasks on a Dask cluster
\b
Each article's facts are kept in OUT/cache/: a rebuild extracts only new or
changed articles (and writes what a fresh build would); when nothing changed
it writes nothing. Files with identical text are one article (build.json lists
every file under "duplicates").
\b
Each build writes a new generation, OUT/generations/NAME/: graph.trig (a
named graph per article + id:graph/entities), graph.ttl (all merged),
validation.ttl (SHACL report), build.json (what was read and skipped) and
store/ (an Oxigraph store for `kg query` and `kg serve`). Only when all of it
is on disk does OUT/current-generation switch to it, in one rename;
OUT/graph.trig, OUT/store, ... are links that follow it. A killed or failed
build leaves the previous generation current; the next build removes what it
left and keeps the last two generations. A running `kg serve --store OUT`
serves the new one from its next request.
\b
Unusable inputs (empty, binary, not UTF-8, too large, not a regular file,
dangling or looping links, unreadable folders) are named with the reason,
listed in build.json, and skipped; the rest still builds.
\b
Exit status: 0 built and valid; 1 the graph violates the shapes (report
printed; the generation is still written); 2 no usable article (nothing
written); 3 with --strict, some input was unusable; 4 out of space or another
I/O error while writing (the previous generation stays current); 5 the output
folder is locked by a writable `kg serve` or another build; 6 the SPARQL
server of --store ENDPOINT is down, refuses the credentials or failed the load
(checked before extracting; the generation is complete, a new build finishes
the load); 130 interrupted (Ctrl-C; the previous generation stays current).
"""


@click.command(epilog=EXAMPLES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (created if missing).")
@click.option("--strict", is_flag=True, help="Exit 3 if any input file cannot be read as an article.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: only on a terminal).")
@click.option("--store", "endpoint", metavar="ENDPOINT", default=None,
              help="Load the graph into this SPARQL server instead of the generation's store/: its query URL "
                   "(credentials in KG_SPARQL_USER and KG_SPARQL_PASSWORD_FILE) or an endpoint .toml file; "
                   "see the README. Loaded in batches, each retried; our graphs there are replaced.")
@click.option("--no-store", "no_store", is_flag=True, help="Do not write the generation's store/.")
@click.option("--pos", is_flag=True,
              help="Tag parts of speech with the shipped Indonesian tagger (kg_pos) so that a lone proper "
                   "noun can be a speaker. Off by default: it did not raise the scores on our test corpora.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (or Dask workers) extracting articles (default: the cores). The output is "
                   "the same for any number.")
@click.option("--executor", type=click.Choice(["processes", "dask"]), default="processes", show_default=True,
              help="Where extraction runs: worker processes on this machine, or Dask tasks (a LocalCluster of "
                   "--jobs workers, or the cluster at --scheduler).")
@click.option("--scheduler", metavar="ADDRESS",
              help="A running Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --executor dask).")
def build(paths: tuple[Path, ...], out: Path, strict: bool, progress: bool | None, endpoint: str | None,
          no_store: bool, pos: bool, jobs: int | None, executor: str, scheduler: str | None) -> None:
    """Extract the articles at PATHS (.txt files or folders of them) into a knowledge graph."""
    from kg.executors import default_jobs

    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    with_store = not no_store and endpoint is None
    remote = _connect(endpoint) if endpoint is not None else None  # a bad endpoint is named before extracting
    from kg.build import (
        EXIT_INTERRUPTED,
        EXIT_UNUSABLE_INPUT,
        EXIT_VIOLATION,
        BuildError,
        read_inputs,
        run_build,
        still_served,
    )

    articles, problems = read_inputs(list(paths))
    for p in problems:
        click.secho(f"skipped: {p}", fg="yellow", err=True)
    try:
        report = run_build(articles, out, progress=sys.stderr.isatty() if progress is None else progress,
                           with_store=with_store, skipped=problems, pos=pos, jobs=jobs or default_jobs(),
                           executor=executor, scheduler=scheduler)
    except BuildError as exc:
        click.secho(f"kg build: {exc}", fg="red", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.secho(f"kg build: interrupted; {still_served(out)}", fg="red", err=True)
        sys.exit(EXIT_INTERRUPTED)
    click.echo(report.summary())
    if remote is not None:
        _load(remote, report, progress)
    if not report.conforms:
        click.secho(report.validation_text, fg="red", err=True)
        sys.exit(EXIT_VIOLATION)
    if strict and problems:
        sys.exit(EXIT_UNUSABLE_INPUT)


def _connect(endpoint: str):
    from kg.remote_store import RemoteStoreError, connect, is_remote

    if not is_remote(endpoint):
        raise click.BadParameter(f"{endpoint!r} is not a SPARQL endpoint: give its http(s) query URL or an "
                                 "endpoint .toml file (OUT/store/ is written unless --no-store)",
                                 param_hint="--store")
    from kg.build import EXIT_REMOTE_STORE

    try:
        remote = connect(endpoint)
        remote.query("ASK { }")  # a server that is down is reported before the extraction, not after it
        if remote.endpoint.update is not None:
            remote.update("INSERT DATA { }", doing="a test update (nothing is written)")  # and credentials
    except RemoteStoreError as exc:
        click.secho(f"kg build: {exc}", fg="red", err=True)
        sys.exit(EXIT_REMOTE_STORE)
    return remote


def _load(remote, report, progress: bool | None) -> None:
    """Replace our graphs on the SPARQL server with the build's (only a graph that conforms)."""
    from tqdm import tqdm

    from kg.build import EXIT_REMOTE_STORE
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
        bar.close()
        click.secho(f"kg build: {exc}\nThe files in {report.out}/ are complete; run the build again to finish "
                    "the load (each graph is replaced whole, so nothing is doubled).", fg="red", err=True)
        sys.exit(EXIT_REMOTE_STORE)
    bar.close()
    click.echo(loaded.summary())
    shown = remote.endpoint.source
    click.echo(f"Query it:  kg query {shown} deployments   |   kg serve --store {shown}")
