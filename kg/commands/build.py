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
@click.option("--store/--no-store", "with_store", default=True, help="Also load OUT/store/ (default: yes).")
@click.option("--pos", is_flag=True,
              help="Tag parts of speech with the shipped Indonesian tagger (kg_pos) so that a lone proper "
                   "noun can be a speaker. Off by default: it did not raise the scores on our test corpora.")
def build(paths: tuple[Path, ...], out: Path, strict: bool, progress: bool | None, with_store: bool,
          pos: bool) -> None:
    """Extract the articles at PATHS (.txt files or folders of them) into a knowledge graph."""
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
    if not report.conforms:
        click.secho(report.validation_text, fg="red", err=True)
        sys.exit(1)
    if strict and problems:
        sys.exit(3)
