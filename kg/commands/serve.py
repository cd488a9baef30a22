"""`kg serve`: the SPARQL endpoint, web UI and actor view, served by waitress."""

from __future__ import annotations

import sys

import click

from kg.commands.exits import LOCKED, epilog, fail


@click.command(epilog=epilog())
@click.option("--store", "store", default="out", show_default=True,
              help="kg output folder, Oxigraph store folder or RDF file to serve, or a SPARQL endpoint "
                   "(its query URL, or an endpoint .toml file; see the README).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Query worker processes (default: the cores plus two).")
@click.option("--threads", default=16, show_default=True, type=click.IntRange(1, 512),
              help="HTTP threads (they mostly wait on the query workers).")
@click.option("--token-file", type=click.Path(dir_okay=False),
              help="File holding a bearer token; enables SPARQL Update and Graph Store writes.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Seconds a query may run before its worker is killed (503).")
@click.option("--memory", "memory_mb", default=1024, show_default=True, type=click.IntRange(min=16),
              help="MB of memory one query may use before its worker is stopped (503).")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(min=1),
              help="Result rows above which a query is refused (413).")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Origin allowed to call the service from a browser ('*' for any); repeatable.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Host header value to answer besides localhost and --host ('*' for any); repeatable.")
@click.option("--access-log", default="-", show_default=True,
              help="Where the access log goes (one JSON line per request, static assets skipped): "
                   "'-' (stderr), a file, or '' for none.")
def serve(store: str, host: str, port: int, workers: int | None, threads: int, token_file: str | None,
          timeout: float, memory_mb: int, max_rows: int, cors: tuple[str, ...], allow_hosts: tuple[str, ...],
          access_log: str) -> None:
    """Serve the SPARQL 1.1 endpoint (/sparql), Graph Store (/data), VoID (/void), saved
    queries (/queries), entity pages (/id/...) and the actor graph (/graph).

    Read-only unless --token-file is given; writes then need 'Authorization: Bearer TOKEN',
    and the output folder is locked against builds while the service runs. Queries run in
    worker processes that are killed at the deadline or past their memory; a new build
    of the served folder is picked up between requests.
    """
    import logging

    from kg.remote_store import is_remote
    from kg.store import StoreError, StoreLocked, locate
    from server.app import create_app
    from server.config import Config, ConfigError, query_pool, served, shutdown
    from server.http import make_server

    logging.basicConfig(level=logging.WARNING, format="kg: %(name)s: %(message)s")
    try:
        config = Config.from_options(store=store, token_file=token_file, timeout=timeout, cors=cors,
                                     workers=workers, max_rows=max_rows, access_log=access_log, host=host,
                                     allowed_hosts=allow_hosts, threads=threads, memory_mb=memory_mb)
        if not is_remote(store):
            locate(store)  # a wrong path is reported before anything else is loaded
        app = create_app(config)
        state = served(app)  # open it now: a wrong path or a locked store is reported before serving
        if is_remote(store):
            state.store.query("ASK { }")  # a SPARQL server that does not answer is reported now
    except StoreLocked as exc:
        fail(str(exc), LOCKED)
    except (ConfigError, StoreError) as exc:
        fail(str(exc))
    try:
        server = make_server(app, config, host, port)
    except OSError as exc:
        shutdown(app)
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc} (pick another --port, or 0 for any free one)")
    from server import warm

    warm.start(app)  # the catalogue of the overview, lists and search, before the first visitor asks
    pool = query_pool(app)
    pool.wait_ready(30)
    actual_port = server.effective_port
    shown = f"[{host}]" if ":" in host else host
    if is_remote(store):
        mode = "a SPARQL server; writable with the token" if config.TOKEN else "a SPARQL server; read-only"
    elif state.is_file:
        mode = "read-only: an RDF file is never written back" if config.TOKEN else "read-only"
    else:
        mode = "writable with the token; builds are locked out" if config.TOKEN else "read-only"
    click.echo(f"kg: serving {config.STORE} ({mode}) at http://{shown}:{actual_port}/", err=False)
    click.echo(f"kg: SPARQL endpoint http://{shown}:{actual_port}/sparql  ({pool.size} query workers; "
               "Ctrl-C stops)")
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        shutdown(app)
