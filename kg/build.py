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

import pyoxigraph as ox

from kg import exit_codes, generations
from kg.articles import Article, ArticleError
from kg.kinds import Kind

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


class InputChanged(BuildError):
    """An article's file changed (or went) between reading it and extracting it."""

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
    #: articles run through the pipeline (the others came from OUT/cache/)
    extracted: int = 0
    #: kept article id -> every file with its text (syndicated copies)
    copies: dict[str, list[str]] = field(default_factory=dict)
    #: nothing changed since the current generation: nothing was written
    unchanged: bool = False
    #: stage -> seconds (read, extract, resolve, write, validate, report, load, switch)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"Built {self.articles} article(s) into {self.out}/: "
            f"{c['Person']} people, {c['Organisation']} organisations, {c['Country']} countries, "
            f"{c['Place']} places, {c['Deployment']} deployments, {c['Statement']} statements "
            f"({c['triples']} triples).",
            f"Validation: {'conforms' if self.conforms else 'VIOLATIONS, see ' + str(self.out / 'validation.ttl')}.",
        ]
        if self.unchanged:
            lines.append(f"Nothing changed since generation {self.generation}: nothing was written.")
        else:
            lines.append(f"Wrote generation {self.generation}: " + ", ".join(self.files) + " (linked from the folder).")
            cached = self.articles - self.extracted
            lines.append(f"Extracted {self.extracted} article(s); {cached} came from the cache.")
        if self.copies:
            n = sum(len(v) - 1 for v in self.copies.values())
            lines.append(f"{n} file(s) repeat the text of another: {len(self.copies)} article(s) kept once with "
                         "every file listed in build.json (duplicates):")
            lines += [f"  {k}: {', '.join(v)}" for k, v in sorted(self.copies.items())[:10]]
            if len(self.copies) > 10:
                lines.append(f"  ... and {len(self.copies) - 10} more")
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
    from kg.articles import discover, read_article

    files, problems = discover(paths)
    articles = []
    for f in files:
        try:
            article = read_article(f)
        except ArticleError as exc:
            problems.append(str(exc))
            continue
        article.release_text()  # read again when a stage needs it: memory holds no corpus of texts
        articles.append(article)
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        for a in articles:
            a.id = str(a.path.with_suffix("")).lstrip("./").replace("/", "_")
    pause_point("read")
    return articles, problems


@dataclass
class Plan:
    """How to run a build: where extraction runs and what is shown."""

    jobs: int = 1
    executor: str = "processes"
    scheduler: str | None = None
    pos: bool = False
    progress: bool = False
    with_store: bool = True
    #: consecutive articles per extraction task (fixed, so every executor feeds the model the same batches)
    batch: int = 16


class Workers:
    """The executor of a build, started only when some work is not in the cache."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.executor = None

    def get(self):
        from kg.executors import ExecutorError, make_executor

        if self.executor is None:
            try:
                self.executor = make_executor(self.plan.executor, self.plan.jobs, self.plan.scheduler)
            except ExecutorError as exc:
                raise BuildError(str(exc)) from None
        return self.executor

    def close(self) -> None:
        if self.executor is not None:
            self.executor.close()
            self.executor = None


def dedupe(articles: list[Article]) -> tuple[list[Article], dict[str, list[str]]]:
    """Identical texts (syndicated copies) are one article: the first; each kept id -> every file."""
    first: dict[str, Article] = {}
    files: dict[str, list[str]] = {}
    for a in articles:
        kept = first.setdefault(a.sha256, a)
        files.setdefault(kept.id, []).append(str(a.path))
    unique = list(first.values())
    return unique, {k: v for k, v in files.items() if len(v) > 1}


def extract_facts(articles: list[Article], keys: list[str], cache, workers: Workers, progress) -> int:
    """Put the facts of every article not in the cache into it; how many were extracted."""
    from kg.extract import extract_batch

    missing = [(a, k) for a, k in zip(articles, keys, strict=True) if not cache.has(k)]
    progress.stage("extract", len(missing))
    if not missing:
        return 0
    size = workers.plan.batch
    batches = [missing[i:i + size] for i in range(0, len(missing), size)]
    executor = workers.get()
    tasks = (([a.loaded() for a, _ in b], workers.plan.pos) for b in batches)  # texts read as tasks are sent
    for batch, facts in zip(batches, executor.map(extract_batch, tasks), strict=True):
        with _caching(cache):
            for (_, key), f in zip(batch, facts, strict=True):
                cache.put(key, f)
        progress.advance(len(batch))
        pause_point("extract")
    return len(missing)


def _cached(cache, key: str):
    facts = cache.get(key)
    if facts is None:
        raise BuildError(f"{cache.root}: the cached facts {key} cannot be read; remove {cache.root} and build again")
    return facts


def resolve_entities(articles: list[Article], keys: list[str], cache, progress):
    """Two passes over the cached facts: the names that tie keys, then the entities and deployments."""
    from kg.resolve import Resolver

    resolver = Resolver()
    progress.stage("resolve", 2 * len(keys))
    for key in keys:
        resolver.learn(_cached(cache, key))
        progress.advance()
    for key in keys:
        resolver.absorb(_cached(cache, key))
        progress.advance()
    resolver.finish()
    return resolver


def write_graphs(gen: generations.Generation, articles: list[Article], keys: list[str], cache, resolver,
                 spool, progress, store=None) -> tuple[list, int, int]:
    """graph.trig and graph.ttl, graph by graph, with the validation parts not known to conform (each
    article's graph, the entity graph in pieces) into `spool` and every quad into `store` (a StoreFeeder,
    or None); returns the entity graph's quads (for the one-node-per-key shapes), the triple and statement
    counts."""
    from kg import rdf
    from kg.serialize import GraphWriter
    from kg.validate import part_of_quads

    iri = rdf.Minter(resolver.entities)
    evidence = rdf.deployment_evidence(resolver.deployments)
    reports = rdf.troop_reports(resolver.deployments, iri)
    entity = rdf.entity_triples(resolver.entities, resolver.relations, resolver.deployments, iri)
    context = _context(entity, articles, resolver.deployments)
    graphs = sorted([(rdf.graph_iri(a.id).value, i) for i, a in enumerate(articles)] + [(rdf.ENTITIES.value, -1)])
    statements = 0

    def keep(part: tuple[str, bytes, list[str]]) -> None:
        if not cache.conformed(part[0]):  # the others need neither validating nor their bytes kept
            spool.add(*part)

    progress.stage("write", len(articles))
    files = (gen.file("graph.trig"), gen.file("graph.ttl"))
    with _writing(gen, "graph.trig and graph.ttl"), GraphWriter(*files, store=store) as writer:
        for name, i in graphs:
            g = ox.NamedNode(name)
            if i < 0:
                keyed = writer.graph(g, entity)
                for chunk in _by_subjects(keyed):
                    keep(part_of_quads(chunk, context))
                continue
            facts = _cached(cache, keys[i])
            said = resolver.statements(facts)
            statements += len(said)
            mentioned = sorted({resolver.canon(m.key) for m in facts.mentions})
            triples = rdf.article_triples(facts, said, evidence.get(facts.article_id, []), iri, mentioned,
                                          resolver.spans(facts), reports.get(facts.article_id, []))
            keep(part_of_quads(writer.graph(g, triples), context))
            progress.advance()
        pause_point("write")
    return keyed, writer.triples, statements


def _by_subjects(quads: list) -> list[list]:
    """The entity graph in parts of about ENTITY_PART subjects (sorted quads: a subject's are together);
    a part ends where a subject's IRI hashes to 0, so one changed entity leaves the other parts as they were."""
    import hashlib

    chunks: list[list] = [[]]
    last = None
    for q in quads:
        subject = q.subject.value
        if subject != last and last is not None and chunks[-1] and (
                int(hashlib.sha256(last.encode()).hexdigest()[:8], 16) % ENTITY_PART == 0):
            chunks.append([])
        chunks[-1].append(q)
        last = subject
    return [c for c in chunks if c]


#: subjects per part of the entity graph, on average
ENTITY_PART = 200


def _context(entity: list, articles: list[Article], deployments: list) -> dict[str, list]:
    """What a part's shapes read about nodes outside it (kg.validate.part): the rdf:type of entities and
    articles, and the type and kg:source of the evidence of deployments, known here without a second pass."""
    from kg import rdf

    context: dict[str, list] = {}
    for t in entity:
        if t.predicate == rdf.RDF_TYPE:
            context[t.subject.value] = [t]
    for a in articles:
        node = rdf.article_iri(a.id)
        context[node.value] = [ox.Triple(node, rdf.RDF_TYPE, rdf.kg("Article"))]
    for d in deployments:
        for ev in d.evidence:
            node = rdf.evidence_iri(ev)
            context[node.value] = [ox.Triple(node, rdf.RDF_TYPE, rdf.kg("Evidence")),
                                   ox.Triple(node, rdf.kg("source"), rdf.article_iri(ev.article_id))]
    return context


#: focus nodes per validation task: parts (an article's graph, a piece of the entity graph) are validated
#: together up to this many, as each part's verdicts do not depend on what it is validated with
BATCH_FOCUS = 2000


def validate_graphs(spool, keyed: list, triples: int, cache, workers: Workers, progress):
    """Validate the spooled parts in batches (in the workers), and the one-node-per-key shapes over the entity
    graph; combine the verdicts. A part none of whose nodes has a result is remembered as conforming, so a
    rebuild validates only the articles (and entities) whose graphs changed."""
    from kg.validate import ValidationResult, combine, focus_with_results, unique_key_results, validate_nquads

    progress.stage("validate", len(spool))
    pause_point("validate")
    results: list[ValidationResult] = []
    batches = _batches([p.focus_count for p in spool.index])
    if batches:
        run = workers.get().map if len(batches) > 1 else map
        tasks = (_task(spool.parts(batch)) for batch in batches)
        for batch, result in zip(batches, run(validate_nquads, tasks), strict=True):
            results.append(result)
            flagged = focus_with_results(result)
            with _caching(cache):
                for i in batch:
                    if flagged.isdisjoint(spool.focus(i)):
                        cache.mark_conformed(spool.index[i].digest)
            progress.advance(len(batch))
    return combine(results + [unique_key_results(keyed)], triples)


def _task(parts) -> tuple[bytes, list[str]]:
    """One validation task: the N-Quads of some parts and all their focus nodes."""
    data, focus = [], set()
    for _, d, f in parts:
        data.append(d)
        focus.update(f)
    return b"".join(data), sorted(focus)


def _batches(focus_counts: list[int]) -> list[list[int]]:
    """Consecutive parts (their indexes), up to BATCH_FOCUS focus nodes a batch (a bigger part alone)."""
    batches: list[list[int]] = []
    size = 0
    for i, n in enumerate(focus_counts):
        if not batches or size + n > BATCH_FOCUS:
            batches.append([])
            size = 0
        batches[-1].append(i)
        size += n
    return batches


def start_store(gen: generations.Generation, plan: Plan):
    """The generation's store, filled while graph.trig is written (a kg.store.StoreFeeder), or None."""
    if not plan.with_store:
        return None
    from kg.store import StoreFeeder

    with _writing(gen, "store"):
        return StoreFeeder(gen.file("store"))


def load_store(gen: generations.Generation, feeder) -> list[str]:
    """The Oxigraph store of the generation: what the feeder has left to load, compacted."""
    with _writing(gen, "store"):
        feeder.finish(on_loaded=lambda: pause_point("load"))
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
              skipped: list[str] | None = None, pos: bool = False, jobs: int = 1, executor: str = "processes",
              scheduler: str | None = None, batch: int = 16) -> BuildReport:
    """Build `articles` into a new generation of `out` and switch to it (see the module doc).

    `jobs` worker processes (or Dask tasks, with executor="dask") extract the articles the cache
    in OUT/cache/ does not hold, `batch` consecutive articles per task; the output is the same
    whatever runs it.
    """
    if not articles:
        raise NoArticles("no usable article to build (see the messages above)")
    plan = Plan(jobs=max(1, jobs), executor=executor, scheduler=scheduler, pos=pos, progress=progress,
                with_store=with_store, batch=max(1, batch))
    with output_lock(out):
        try:
            return _build_locked(articles, out, skipped=skipped or [], plan=plan)
        except ArticleError as exc:  # the text read again for a stage is not the one read at the start
            raise InputChanged(str(exc)) from None


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


#: articles from which the date stage runs in the workers (fewer are dated here sooner than workers start)
DATE_IN_WORKERS = 500


def _build_locked(articles: list[Article], out: Path, *, skipped: list[str], plan: Plan) -> BuildReport:
    from kg.cache import BuildCache, article_key, code_fingerprint
    from kg.progress import Progress
    from kg.spool import PartSpool

    n = len(articles)
    progress = Progress(plan.progress, {"date": n, "extract": n, "resolve": 2 * n, "write": n,
                                        "validate": n, "load": n})
    with _creating(out):
        generations.clean(out, keep=None)  # what dead builds left, before using any space
    progress.stage("date", n)
    articles, copies = dedupe(articles)
    inputs = _inputs_digest(articles, copies, skipped, plan)
    unchanged = _unchanged(out, inputs, len(articles), skipped, copies)
    if unchanged is not None:
        progress.close()
        unchanged.seconds = progress.seconds
        return unchanged
    from kg.extract import assign_dates  # spaCy's import: not needed when nothing changed

    workers = Workers(plan)
    try:
        if plan.jobs > 1 and len(articles) > DATE_IN_WORKERS:
            assign_dates(articles, workers.get().map, with_texts=plan.executor != "processes")
        else:
            assign_dates(articles)
    except BaseException:
        workers.close()
        raise
    fingerprint = code_fingerprint(plan.pos)
    keys = [article_key(a, fingerprint) for a in articles]
    progress.advance(n)
    cache = BuildCache(out / "cache")
    with _creating(out):
        gen = generations.begin(out)
    feeder = None
    try:
        try:
            extracted = extract_facts(articles, keys, cache, workers, progress)
            for a in articles:  # the cached facts hold the texts from here on
                a.release_text()
            resolver = resolve_entities(articles, keys, cache, progress)
            with _writing(gen, "the validation parts"):
                spool = PartSpool(gen.file(".validate-parts.tmp"))
            feeder = start_store(gen, plan)
            with spool:
                keyed, triples, statements = write_graphs(gen, articles, keys, cache, resolver, spool, progress,
                                                          feeder)
                result = validate_graphs(spool, keyed, triples, cache, workers, progress)
        finally:
            workers.close()
        progress.stage("report", 1)
        counts = _counts(resolver, statements, triples)
        record = build_record(articles, skipped, counts, result.conforms, gen.name, copies, inputs)
        files = ["graph.trig", "graph.ttl"] + write_report(gen, result, record)
        if feeder is not None:
            progress.stage("load", len(articles))
            files += load_store(gen, feeder)
            feeder = None
            progress.advance(len(articles))
        progress.stage("switch", 1)
        removed = switch_to(gen)
        cache.prune()
    except BaseException:
        if feeder is not None:
            feeder.abandon()  # its thread stops writing into the folder about to be removed
        generations.abandon(gen)
        raise
    finally:
        progress.close()
    text = ""
    if not result.conforms:
        from kg.validate import format_report

        text = format_report(result)
    return BuildReport(out, len(articles), counts, result.conforms, text, skipped, files, gen.name, removed,
                       extracted=extracted, copies=copies, seconds=progress.seconds)


def write_report(gen: generations.Generation, result, record: dict) -> list[str]:
    """validation.ttl and build.json into the new generation."""
    from kg.serialize import atomic_write

    with _writing(gen, "validation.ttl"):
        result.write_report(gen.file("validation.ttl"))
    with _writing(gen, "build.json"):
        atomic_write(gen.file("build.json"),
                     (json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    return ["validation.ttl", "build.json"]


def _inputs_digest(articles: list[Article], copies: dict[str, list[str]], skipped: list[str], plan: Plan) -> str:
    """What decides a build's outputs: each article's id, file and bytes, the copies, the skips, the store
    option, the extractor's code and the shapes. Dates are read from the texts, so they need not be read
    (the slowest part of an unchanged rebuild) to know that nothing changed."""
    import hashlib

    from kg.cache import code_fingerprint
    from kg.validate import shapes_digest

    h = hashlib.sha256(code_fingerprint(plan.pos).encode() + shapes_digest().encode())
    h.update(json.dumps([[(a.id, str(a.path), a.sha256) for a in articles], copies, skipped, plan.with_store],
                        sort_keys=True).encode())
    return h.hexdigest()


def _unchanged(out: Path, inputs: str, n: int, skipped: list[str], copies: dict) -> BuildReport | None:
    """The report of the current generation when it was built from exactly these inputs (nothing to do)."""
    name = generations.current_name(out)
    if name is None:
        return None
    try:
        record = json.loads((out / "generations" / name / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("inputs") != inputs:
        return None
    return BuildReport(out, n, record["counts"], record["conforms"], "" if record["conforms"] else
                       "the current generation does not conform: see its validation.ttl", skipped, [], name, [],
                       extracted=0, copies=copies, unchanged=True)


def build_record(articles: list[Article], skipped: list[str], counts: dict[str, int], conforms: bool,
                 generation: str, copies: dict[str, list[str]] | None = None, inputs: str = "") -> dict:
    """What build.json says: what was read and skipped, the copies, the counts, and the generation's name."""
    copies = copies or {}
    return {
        "articles": [{"id": a.id, "file": str(a.path), "date": a.date.isoformat() if a.date else None,
                      "date_borrowed_from": a.date_borrowed_from, "publisher": a.publisher,
                      "dateline_place": a.dateline_place, "dropped_lines": a.dropped_lines,
                      "headline": a.headline, "url": a.url,
                      **({"copies": copies[a.id]} if a.id in copies else {})}
                     for a in articles],
        "duplicates": [{"article": k, "files": v} for k, v in sorted(copies.items())],
        "skipped": skipped,
        "counts": counts,
        "conforms": conforms,
        "generation": generation,
        "inputs": inputs,
    }


def _counts(resolver, statements: int, triples: int) -> dict[str, int]:
    counts = {k: 0 for k in (Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.PLACE)}
    for e in resolver.entities.values():
        counts[e.kind] += 1
    counts["Deployment"] = len(resolver.deployments)
    counts["Statement"] = statements
    counts["triples"] = triples
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
def _caching(cache) -> Iterator[None]:
    """An OSError while writing OUT/cache/ as one line (the cache is rebuilt from the articles if lost)."""
    try:
        yield
    except OSError as exc:
        out = cache.root.parent
        raise WriteFailed(f"{cache.root}: {io_problem(exc)} while writing the build cache; {still_served(out)}") \
            from None


@contextmanager
def _creating(out: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise WriteFailed(f"{out}: cannot write the output folder: {io_problem(exc)}") from None


__all__ = ["EXIT_LOCKED", "EXIT_NO_ARTICLES", "EXIT_OK", "EXIT_UNUSABLE_INPUT", "EXIT_VIOLATION",
           "EXIT_WRITE_FAILED", "BuildError", "BuildReport", "read_inputs", "run_build"]
