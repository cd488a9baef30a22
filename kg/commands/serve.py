"""`kg serve`: the SPARQL endpoint, web UI and actor view, served by waitress."""

from __future__ import annotations

import sys

import click


@click.command()
@click.option("--store", "store", default="out", show_default=True,
              help="kg output folder, Oxigraph store folder or RDF file to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 256),
              help="Server threads answering requests.")
@click.option("--token-file", type=click.Path(dir_okay=False),
              help="File holding a bearer token; enables SPARQL Update and Graph Store writes.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(min=1),
              help="Result rows above which a query is refused (413).")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Origin allowed to call the service from a browser ('*' for any); repeatable.")
@click.option("--access-log", default="-", show_default=True,
              help="Where the JSON access log goes: '-' (stderr), a file, or '' for none.")
def serve(store: str, host: str, port: int, workers: int, token_file: str | None, timeout: float,
          max_rows: int, cors: tuple[str, ...], access_log: str) -> None:
    """Serve the SPARQL 1.1 endpoint (/sparql), Graph Store (/data), VoID (/void), saved
    queries (/queries), entity pages (/id/...) and the actor graph (/graph).

    Read-only unless --token-file is given; writes then need 'Authorization: Bearer TOKEN'.
    """
    from waitress.server import create_server

    from kg.store import StoreError, locate
    from server.app import create_app
    from server.config import Config, ConfigError, get_store

    try:
        config = Config.from_options(store=store, token_file=token_file, timeout=timeout, cors=cors,
                                     workers=workers, max_rows=max_rows, access_log=access_log)
        locate(store)  # a wrong path is reported before anything else is loaded
        app = create_app(config)
        get_store(app)  # open it now: a wrong path or a locked store is reported before serving
    except (ConfigError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        server = create_server(app, host=host, port=port, threads=workers,
                               max_request_body_size=config.MAX_CONTENT_LENGTH, ident="kg")
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                                   "(pick another --port, or 0 for any free one)") from exc
    actual_port = server.effective_port
    shown = f"[{host}]" if ":" in host else host
    mode = "writable with the token" if config.TOKEN else "read-only"
    click.echo(f"kg: serving {config.STORE} ({mode}) at http://{shown}:{actual_port}/", err=False)
    click.echo(f"kg: SPARQL endpoint http://{shown}:{actual_port}/sparql  (Ctrl-C stops)")
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
