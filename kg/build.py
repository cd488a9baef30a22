"""The whole build, one small function per stage: read, extract, resolve, validate, write, load, switch.

`run_build` holds the output folder's write lock for the whole build and writes a new
generation (kg/generations.py): whatever stops it (a kill, a full disk, a shape
error in our own code) leaves the previous generation current and whole.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg import exit_codes, generations
from kg.articles import Article

#: Exit statuses of `kg build`, from the one table of every command's (kg/exit_codes.py).
EXIT_OK = exit_codes.OK
EXIT_VIOLATION = exit_codes.CHECK_FAILED  # the graph violates the shapes (the generation is written)
EXIT_NO_ARTICLES = exit_codes.UNUSABLE  # no usable article among the inputs: nothing written
EXIT_UNUSABLE_INPUT = exit_codes.PARTIAL  # with --strict: some input was skipped
EXIT_WRITE_FAILED = exit_codes.WRITE_FAILED  # out of space or another I/O error: the previous generation stays
EXIT_LOCKED = exit_codes.LOCKED  # the output folder is locked by a writable `kg serve` or another build
EXIT_REMOTE_STORE = exit_codes.REMOTE_STORE  # the SPARQL server of --store is down, refuses us, or failed the load
EXIT_INTERRUPTED = exit_codes.INTERRUPTED  # Ctrl-C (128 + SIGINT), the previous generation stays

#: Environment variable naming a stage at which the build prints `kg-test: paused at STAGE`
#: on stderr and sleeps, so that tests can kill it at a known moment (tests/reliability).
PAUSE_AT = "KG_TEST_PAUSE_AT"
STAGES = ("read", "extract", "validate", "write", "load", "seal", "switch", "clean")


class BuildError(Exception):
    """A build that cannot finish; the message is one line for the terminal."""

    exit_code = EXIT_WRITE_FAILED


class NoArticles(BuildError):
    exit_code = EXIT_NO_ARTICLES


class OutputLocked(BuildError):
    exit_code = EXIT_LOCKED


class WriteFailed(BuildError):
    exit_code = EXIT_WRITE_FAILED


@dataclass
class BuildReport:
    out: Path
    articles: int
    counts: dict[str, int]
    conforms: bool
    validation_text: str
    skipped: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    generation: str = ""
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"Built {self.articles} article(s) into {self.out}/: "
            f"{c['Person']} people, {c['Organisation']} organisations, {c['Country']} countries, "
            f"{c['Place']} places, {c['Deployment']} deployments, {c['Statement']} statements "
            f"({c['triples']} triples).",
            f"Validation: {'conforms' if self.conforms else 'VIOLATIONS, see ' + str(self.out / 'validation.ttl')}.",
            f"Wrote generation {self.generation}: " + ", ".join(self.files) + " (linked from the folder).",
        ]
        if self.skipped:
            lines.append(f"Skipped {len(self.skipped)} input(s); see the messages above.")
        lines.append(f"Query it:  kg query {self.out} deployments   |   kg serve --store {self.out}")
        return "\n".join(lines)


def pause_point(stage: str) -> None:
    """Stop here when $KG_TEST_PAUSE_AT names `stage` (only the kill tests set it)."""
    if os.environ.get(PAUSE_AT) == stage:
        print(f"kg-test: paused at {stage}", file=sys.stderr, flush=True)
        time.sleep(3600)


# --------------------------------------------------------------------------- stages


def read_inputs(paths: list[Path]) -> tuple[list[Article], list[str]]:
    """Read every article under `paths`; the articles, and a message naming each input skipped."""
    from kg.articles import ArticleError, discover, read_article

    files, problems = discover(paths)
    articles = []
    for f in files:
        try:
            articles.append(read_article(f))
        except ArticleError as exc:
            problems.append(str(exc))
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        for a in articles:
            a.id = str(a.path.with_suffix("")).lstrip("./").replace("/", "_")
    pause_point("read")
    return articles, problems


def extract_facts(articles: list[Article], *, pos: bool, progress: bool):
    """Run the spaCy pipeline over the articles."""
    from tqdm import tqdm

    from kg.extract import extract
    from kg.nlp.pipeline import make_nlp

    bar = tqdm(total=len(articles), desc="extracting", unit="article", disable=not progress)

    def done(article: Article) -> None:
        bar.update(1)
        pause_point("extract")

    facts = extract(articles, make_nlp(pos=pos), on_article=done)
    bar.close()
    return facts


def resolve_graph(facts):
    """One entity per actor, then the RDF dataset."""
    from kg.rdf import build_dataset
    from kg.resolve import resolve

    kb = resolve(facts)
    return kb, build_dataset(kb)


def validate_graph(ds):
    from kg.validate import validate

    pause_point("validate")
    return validate(ds)


def write_graphs(gen: generations.Generation, ds, result, record: dict) -> list[str]:
    """graph.trig, graph.ttl, validation.ttl and build.json into the new generation."""
    from kg.serialize import atomic_write, write_trig, write_turtle

    with _writing(gen, "graph.trig"):
        write_trig(ds, gen.file("graph.trig"))
    pause_point("write")
    with _writing(gen, "graph.ttl"):
        write_turtle(ds, gen.file("graph.ttl"))
    with _writing(gen, "validation.ttl"):
        result.write_report(gen.file("validation.ttl"))
    with _writing(gen, "build.json"):
        atomic_write(gen.file("build.json"),
                     (json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    return ["graph.trig", "graph.ttl", "validation.ttl", "build.json"]


def load_store(gen: generations.Generation) -> list[str]:
    """The Oxigraph store of the generation, from its graph.trig."""
    from kg.store import load_store as load

    with _writing(gen, "store"):
        load(gen.file("store"), gen.file("graph.trig"), on_loaded=lambda: pause_point("load"))
    return ["store/"]


def switch_to(gen: generations.Generation) -> list[str]:
    """Seal the generation, point OUT at it, and remove what is no longer needed."""
    with _writing(gen, None):
        pause_point("seal")
        generations.seal(gen)
        pause_point("switch")
        generations.switch(gen)
    pause_point("clean")
    try:
        return generations.clean(gen.out)
    except OSError as exc:  # the build is done and current; the next one cleans up again
        print(f"kg build: could not remove old generations: {io_problem(exc)}", file=sys.stderr)
        return []


# --------------------------------------------------------------------------- the build


def run_build(articles: list[Article], out: Path, *, progress: bool = False, with_store: bool = True,
              skipped: list[str] | None = None, pos: bool = False) -> BuildReport:
    """Build `articles` into a new generation of `out` and switch to it (see the module doc)."""
    if not articles:
        raise NoArticles("no usable article to build (see the messages above)")
    with output_lock(out):
        return _build_locked(articles, out, progress=progress, with_store=with_store,
                             skipped=skipped or [], pos=pos)


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold OUT's write lock (a writable `kg serve` holds the same one), as build errors."""
    from kg.store import StoreLocked, store_lock

    try:
        with _creating(out):
            lock = store_lock(out, "kg build")
            lock.__enter__()
    except StoreLocked as exc:
        raise OutputLocked(f"{exc}; nothing was built") from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def _build_locked(articles: list[Article], out: Path, *, progress: bool, with_store: bool,
                  skipped: list[str], pos: bool) -> BuildReport:
    with _creating(out):
        generations.clean(out, keep=None)  # what dead builds left, before using any space
    facts = extract_facts(articles, pos=pos, progress=progress)
    kb, ds = resolve_graph(facts)
    result = validate_graph(ds)
    counts = _counts(kb, ds)
    with _creating(out):
        gen = generations.begin(out)
    try:
        record = build_record(articles, skipped, counts, result.conforms, gen.name)
        files = write_graphs(gen, ds, result, record)
        if with_store:
            files += load_store(gen)
        removed = switch_to(gen)
    except BaseException:
        generations.abandon(gen)
        raise
    text = ""
    if not result.conforms:
        from kg.validate import format_report

        text = format_report(result)
    return BuildReport(out, len(articles), counts, result.conforms, text, skipped, files, gen.name, removed)


def build_record(articles: list[Article], skipped: list[str], counts: dict[str, int], conforms: bool,
                 generation: str) -> dict:
    """What build.json says: what was read and skipped, the counts, and the generation's name."""
    return {
        "articles": [{"id": a.id, "file": str(a.path), "date": a.date.isoformat() if a.date else None,
                      "date_borrowed_from": a.date_borrowed_from, "publisher": a.publisher,
                      "dateline_place": a.dateline_place, "dropped_lines": a.dropped_lines,
                      "headline": a.headline, "url": a.url}
                     for a in articles],
        "skipped": skipped,
        "counts": counts,
        "conforms": conforms,
        "generation": generation,
    }


def _counts(kb, ds) -> dict[str, int]:
    counts = {k: 0 for k in ("Person", "Organisation", "Country", "Place")}
    for e in kb.entities.values():
        counts[e.kind] += 1
    counts["Deployment"] = len(kb.deployments)
    counts["Statement"] = len(kb.statements)
    counts["triples"] = sum(1 for _ in ds.quads((None, None, None, None)))
    return counts


# --------------------------------------------------------------------------- I/O errors

_SPACE = (errno.ENOSPC, errno.EDQUOT)


def io_problem(exc: BaseException) -> str:
    """'out of space' or the I/O error's own words, without a traceback."""
    text = str(exc)
    if getattr(exc, "errno", None) in _SPACE or "No space left" in text or "Disk quota" in text:
        return "out of space (No space left on device)"
    if getattr(exc, "strerror", None):
        return exc.strerror
    return text.splitlines()[0] if text else type(exc).__name__


def still_served(out: Path) -> str:
    """What OUT serves now, for messages after a build that did not finish."""
    name = generations.current_name(out)
    return f"{out} still serves generation {name}" if name else "nothing was switched"


@contextmanager
def _writing(gen: generations.Generation, name: str | None) -> Iterator[None]:
    """Turn an OSError while writing `name` into one line naming it and what is still served."""
    try:
        yield
    except OSError as exc:
        what = f"writing {name} of generation {gen.name}" if name else f"switching to generation {gen.name}"
        raise WriteFailed(f"{gen.out}: {io_problem(exc)} while {what}; {still_served(gen.out)}") from None


@contextmanager
def _creating(out: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise WriteFailed(f"{out}: cannot write the output folder: {io_problem(exc)}") from None


__all__ = ["EXIT_LOCKED", "EXIT_NO_ARTICLES", "EXIT_OK", "EXIT_UNUSABLE_INPUT", "EXIT_VIOLATION",
           "EXIT_WRITE_FAILED", "BuildError", "BuildReport", "read_inputs", "run_build"]
