"""`kg validate FILE`: check any RDF graph (or a kg output folder) against the kg SHACL shapes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.commands.exits import CHECK_FAILED, OK, epilog, fail

EXAMPLES = epilog("""
\b
Examples:
  kg validate out                      the graph.trig of a kg output folder
  kg validate graph.ttl --json         machine-readable results
  kg validate data.nq --shapes my-shapes.ttl
\b
FILE is a kg output folder, an Oxigraph store folder or an RDF file
(.ttl .trig .nq .nt .jsonld .rdf). Named graphs are merged before checking, so
links between graphs (a statement's speaker in the entities graph) are checked.
Warnings alone still exit 0; violations exit 1 with the report printed.
""")


def _data_path(path: Path) -> Path:
    """An output folder's graph.trig is what the build validated; prefer it to the store."""
    if path.is_dir() and (path / "graph.trig").is_file():
        return path / "graph.trig"
    return path


@click.command(epilog=EXAMPLES)
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--shapes",
    type=click.Path(path_type=Path),
    default=None,
    help="SHACL shapes in Turtle (default: the kg shapes, ontology/shapes.ttl).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON instead of a report.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Show at most this many results in the report."
)
def validate(file: Path, shapes: Path | None, as_json: bool, limit: int | None) -> None:
    """Check FILE against the kg SHACL shapes and say what is wrong, where, and in which article."""
    from kg.serialize import read_dataset
    from kg.store import StoreError
    from kg.validate import ShapesError, format_report, load_shapes
    from kg.validate import validate as check

    try:
        shapes_graph = load_shapes(shapes)
        data = read_dataset(_data_path(file))
    except (StoreError, ShapesError) as exc:
        fail(str(exc))
    if len(data) == 0:
        fail(f"{file}: holds no triples, nothing to validate")
    result = check(data, shapes=shapes_graph)
    click.echo(result.to_json() if as_json else format_report(result, limit=limit).rstrip("\n"))
    sys.exit(OK if result.conforms else CHECK_FAILED)
