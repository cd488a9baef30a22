"""The whole build: articles -> facts -> resolved entities -> RDF -> SHACL -> files and store."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg.articles import Article
from kg.extract import extract
from kg.rdf import build_dataset
from kg.resolve import KnowledgeBase, resolve


@dataclass
class BuildReport:
    out: Path
    articles: int
    counts: dict[str, int]
    conforms: bool
    validation_text: str
    skipped: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"Built {self.articles} article(s) into {self.out}/: "
            f"{c['Person']} people, {c['Organisation']} organisations, {c['Country']} countries, "
            f"{c['Place']} places, {c['Deployment']} deployments, {c['Statement']} statements "
            f"({c['triples']} triples).",
            f"Validation: {'conforms' if self.conforms else 'VIOLATIONS, see ' + str(self.out / 'validation.ttl')}.",
            "Wrote " + ", ".join(self.files) + ".",
        ]
        if self.skipped:
            lines.append(f"Skipped {len(self.skipped)} input(s); see the messages above.")
        lines.append(f"Query it:  kg query {self.out} deployments   |   kg serve --store {self.out}")
        return "\n".join(lines)


def run_build(articles: list[Article], out: Path, *, progress: bool = False, with_store: bool = True,
              skipped: list[str] | None = None, pos: bool = False) -> BuildReport:
    from kg.serialize import atomic_write, write_trig, write_turtle
    from kg.validate import validate

    out.mkdir(parents=True, exist_ok=True)
    bar = tqdm(total=len(articles), desc="extracting", unit="article", disable=not progress)
    from kg.nlp.pipeline import make_nlp

    facts = extract(articles, make_nlp(pos=pos), on_article=lambda a: bar.update(1))
    bar.close()
    kb = resolve(facts)
    ds = build_dataset(kb)
    result = validate(ds)
    files = []
    write_trig(ds, out / "graph.trig")
    write_turtle(ds, out / "graph.ttl")
    result.write_report(out / "validation.ttl")
    files += ["graph.trig", "graph.ttl", "validation.ttl"]
    counts = _counts(kb, ds)
    record = {
        "articles": [{"id": a.id, "file": str(a.path), "date": a.date.isoformat() if a.date else None,
                      "date_borrowed_from": a.date_borrowed_from, "publisher": a.publisher,
                      "dateline_place": a.dateline_place, "dropped_lines": a.dropped_lines,
                      "headline": a.headline, "url": a.url}
                     for a in articles],
        "skipped": skipped or [],
        "counts": counts,
        "conforms": result.conforms,
    }
    atomic_write(out / "build.json", (json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
                 .encode("utf-8"))
    files.append("build.json")
    if with_store:
        from kg.store import write_store

        write_store(out / "store", out / "graph.trig")
        files.append("store/")
    text = ""
    if not result.conforms:
        from kg.validate import format_report

        text = format_report(result)
    return BuildReport(out, len(articles), counts, result.conforms, text, skipped or [], files)


def _counts(kb: KnowledgeBase, ds) -> dict[str, int]:
    counts = {k: 0 for k in ("Person", "Organisation", "Country", "Place")}
    for e in kb.entities.values():
        counts[e.kind] += 1
    counts["Deployment"] = len(kb.deployments)
    counts["Statement"] = len(kb.statements)
    counts["triples"] = sum(1 for _ in ds.quads((None, None, None, None)))
    return counts
