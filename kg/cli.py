"""The one `kg` command: build, validate, query, export, serve, graph, analyse.

Subcommands live in `kg/commands/<name>.py` and are imported only when run, so
`kg serve` never pays for loading spaCy and `kg --help` stays instant.
"""

from __future__ import annotations

import importlib

import click

#: subcommand name -> (module under kg.commands, one-line help shown by `kg --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("build", "Extract articles into a validated RDF graph, its exports and a store."),
    "validate": ("validate", "Check any RDF graph against the kg SHACL shapes."),
    "query": ("query", "Run SPARQL (a string, a file or a saved query name) on a built graph."),
    "export": ("export", "Write a built graph as Turtle, TriG, N-Quads or JSON-LD."),
    "serve": ("serve", "Serve the SPARQL endpoint, web UI and actor graph view."),
    "graph": ("graph", "Project the actors into a network and export or draw it."),
    "analyse": ("analyse", "Centrality, communities and paths in the actor network."),
}


class LazyGroup(click.Group):
    """A click group that imports each subcommand's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"kg.commands.{COMMANDS[name][0]}")
        return getattr(module, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_) for name, (_, help_) in COMMANDS.items()])


@click.group(cls=LazyGroup, name="kg", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg turns news articles (Indonesian first) into a knowledge graph of who did
    what, to whom, and who said what, every fact traceable to its sentence.

    \b
    Typical session:
      kg build seeds/ --out out          # extract, validate, export, load the store
      kg query out "SELECT * WHERE { ?s a kg:Deployment }"
      kg query out deployments           # a saved query from queries/
      kg serve --store out/store         # SPARQL endpoint and web UI
      kg analyse --store out/store       # who is central in the actor network

    \b
    Every command exits 0 when done, 1 when the graph fails its check (violations,
    no path), 2 when an option, input, store, query or output cannot be used (the
    message, `kg COMMAND: ...`, says which and why); `kg COMMAND --help` says more.
    """


if __name__ == "__main__":  # python -m kg.cli, as a checkout without the console script runs it
    main(prog_name="kg")
