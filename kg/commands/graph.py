"""`kg graph`: project the actors into a network and export or draw it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from kg.actors.labels import DEFAULT as DEFAULT_LANGUAGE
from kg.actors.labels import LANGUAGES
from kg.commands.exits import WRITE_FAILED, epilog, fail
from kg.formats import NETWORK_FORMATS, FormatError, by_extension

FORMATS = tuple(f.name for f in NETWORK_FORMATS)


def filter_options(func: Callable) -> Callable:
    """The filters shared by `kg graph` and `kg analyse`."""
    options = [
        click.option("--store", "store", default="out", show_default=True, metavar="DIR",
                     help="kg output folder, Oxigraph store folder or RDF file, or a SPARQL endpoint "
                          "(its query URL, or an endpoint .toml file)."),
        click.option("--relation", "relations", multiple=True, metavar="REL",
                     help="Keep only these relations (repeat, or comma-separate): sends_troops_to, "
                          "contributes_to, leads, member_of, affiliated_with, based_in, speaks_about, "
                          "responds_to."),
        click.option("--type", "types", multiple=True, metavar="TYPE",
                     help="Keep only these actor types: Person, Organisation, Country."),
        click.option("--from", "date_from", metavar="DATE",
                     help="Keep evidence dated on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)."),
        click.option("--to", "date_to", metavar="DATE", help="Keep evidence dated on or before DATE."),
        click.option("--min-weight", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Keep edges supported by at least this many articles."),
        click.option("--ego", metavar="ACTOR",
                     help="Only ACTOR (a name, acronym or IRI) and its neighbourhood."),
        click.option("--radius", type=click.IntRange(min=0), default=1, show_default=True,
                     help="Hops around --ego."),
        click.option("--isolates/--no-isolates", default=False, show_default=True,
                     help="Keep actors that no (remaining) edge touches."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def load_filtered(store: str, relations, types, date_from, date_to, min_weight, ego, radius, isolates):
    """The projected network after the filters; stops the command (exit 2) saying what is wrong."""
    from kg.actors.filters import FilterError, Filters
    from kg.actors.projection import ProjectionError, project_path
    from kg.store import StoreError

    split = lambda values: [v for value in values for v in value.split(",") if v.strip()]  # noqa: E731
    try:
        graph = project_path(store)
        filters = Filters(relations=split(relations), types=split(types), date_from=date_from,
                          date_to=date_to, min_weight=min_weight, ego=ego, radius=radius,
                          isolates=isolates)
        return graph, filters.apply(graph)
    except (StoreError, ProjectionError, FilterError) as exc:
        fail(str(exc))


@click.command(epilog=epilog())
@filter_options
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output format (default: from the --output suffix).")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (written whole or not at all).")
@click.option("--title", default=None, help="Title of the picture or page.")
@click.option("--lang", type=click.Choice(tuple(LANGUAGES)), default=DEFAULT_LANGUAGE, show_default=True,
              help="Language of a picture's labels (png, svg): countries and well-known organisations "
                   "named in Indonesian (id) or English (en); other names as the articles give them.")
def graph(store, relations, types, date_from, date_to, min_weight, ego, radius, isolates, fmt, output,
          title, lang) -> None:
    """Project the actors (people, organisations, countries) into a network and export it.

    \b
    Nodes are actors; edges are sends_troops_to, contributes_to, leads, member_of,
    affiliated_with, based_in, speaks_about and responds_to, weighted by the number
    of articles that support them, each keeping its evidence.

    \b
    Formats: graphml and gexf (Gephi), json (Cytoscape.js, with evidence), csv (edge
    list), png and svg (a picture), html (the interactive view as one file).

    \b
    Examples:
      kg graph --store out --output out/actors.png
      kg graph --store out --output out/actors-en.svg --lang en
      kg graph --store out --format gexf --output actors.gexf --min-weight 2
      kg graph --store out --ego Tokayev --radius 2 --output tokayev.html
      kg graph --store out --relation speaks_about,responds_to --from 2022-01-10 -o talk.svg
    """
    from kg.actors.export import write

    if fmt is None:
        try:
            fmt = by_extension(output, NETWORK_FORMATS).name
        except FormatError as exc:
            raise click.BadParameter(f"{exc}; or add --format", param_hint="--output") from None
    _, net = load_filtered(store, relations, types, date_from, date_to, min_weight, ego, radius, isolates)
    title = title or _default_title(ego, relations, date_from, date_to)
    try:
        write(net, fmt, output, title=title, lang=lang)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}", WRITE_FAILED)
    except ValueError as exc:
        fail(f"{output}: {exc}")
    click.echo(f"{output}: {net.number_of_nodes()} actors, {net.number_of_edges()} relations ({fmt})",
               err=True)


def _default_title(ego, relations, date_from, date_to) -> str:
    parts = ["Actor network"]
    if ego:
        parts.append(f"around {ego}")
    if relations:
        names = [r.strip() for value in relations for r in value.split(",") if r.strip()]
        parts.append("· " + ", ".join(names).replace("_", " "))
    if date_from or date_to:
        parts.append(f"· {date_from or '…'} to {date_to or '…'}")
    return " ".join(parts)
