"""`kg export SRC`: a built graph as Turtle, TriG, N-Quads, N-Triples, JSON-LD or RDF/XML, reproducibly."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.commands.exits import WRITE_FAILED, epilog, fail
from kg.formats import GRAPH_FORMATS, FormatError, by_extension, names

EXAMPLES = epilog("""
\b
Examples:
  kg export out --format trig --output graph.trig
  kg export out/store --format jsonld > graph.jsonld
  kg export out --output graph.nq              format taken from the suffix
\b
SRC is a kg output folder, an Oxigraph store folder or an RDF file. Turtle,
N-Triples and RDF/XML merge the named graphs into one; TriG, N-Quads and JSON-LD
keep them. JSON-LD is compact: a @context names our terms (label, speaker, ...)
and IRIs are written as id:..., kg:... The same statements always give the same
bytes (sorted, blank nodes labelled from content). --output is written through a
temporary file and renamed, so it is never left half-written; its suffix must
name a format (.ttl .nt .jsonld .json .rdf .owl .xml .trig .nq) unless --format
is given.
""")

@click.command(epilog=EXAMPLES)
@click.argument("src", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(names(GRAPH_FORMATS), case_sensitive=False),
    default=None,
    help="Output format (default: from --output's suffix, else turtle).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write here (atomically) instead of to standard output.",
)
def export(src: Path, fmt: str | None, output: Path | None) -> None:
    """Write the graph at SRC in a standard RDF format."""
    from kg.atomic_files import atomic_write
    from kg.serialize import read_dataset, to_bytes
    from kg.store import StoreError

    if output is not None and output.is_dir():
        raise click.BadParameter(f"{output} is a folder; name a file", param_hint="--output")
    if fmt is None:
        try:
            fmt = by_extension(output, GRAPH_FORMATS).name if output is not None else "turtle"
        except FormatError as exc:
            raise click.BadParameter(f"{exc}; or give --format", param_hint="--output") from None
    try:
        data = read_dataset(src)
    except StoreError as exc:
        fail(str(exc))
    payload = to_bytes(data, fmt)
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    else:
        try:
            atomic_write(output, payload)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}", WRITE_FAILED)
        click.echo(f"Wrote {len(data)} statements as {fmt} to {output}", err=True)
