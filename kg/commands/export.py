"""`kg export SRC`: a built graph as Turtle, TriG, N-Quads, N-Triples or JSON-LD, reproducibly."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXAMPLES = """
\b
Examples:
  kg export out --format trig --output graph.trig
  kg export out/store --format jsonld > graph.jsonld
  kg export out --output graph.nq              format taken from the suffix
\b
SRC is a kg output folder, an Oxigraph store folder or an RDF file. Turtle and
N-Triples merge the named graphs into one; TriG, N-Quads and JSON-LD keep them.
The same statements always give the same bytes (sorted, blank nodes labelled
from content). --output is written through a temporary file and renamed, so it
is never left half-written.
"""

_BY_SUFFIX = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}


@click.command(epilog=EXAMPLES)
@click.argument("src", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]),
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
    from kg.serialize import atomic_write, read_dataset, to_bytes
    from kg.store import StoreError

    if fmt is None:
        fmt = _BY_SUFFIX.get(output.suffix.lower(), "turtle") if output is not None else "turtle"
    if output is not None and output.is_dir():
        raise click.BadParameter(f"{output} is a folder; name a file", param_hint="--output")
    try:
        data = read_dataset(src)
    except StoreError as exc:
        click.echo(f"kg export: {exc}", err=True)
        sys.exit(2)
    payload = to_bytes(data, fmt)
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    else:
        atomic_write(output, payload)
        click.echo(f"Wrote {len(data)} statements as {fmt} to {output}", err=True)
