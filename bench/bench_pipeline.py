"""The extraction pipeline's speed in tokens per second, against a bare spaCy tokenizer.

    python -m bench.bench_pipeline                  # real annotated news + our corpora, 3 rounds
    python -m bench.bench_pipeline --rounds 1 --limit 300
    python -m bench.bench_pipeline --other /path/to/older/checkout   # the same run on an older kg too

The text is real Indonesian news: the sentences of the NER and UD corpora in ../shared/data
(read there, never copied), grouped into articles of 15 sentences, plus every article of
seeds/ and tests/corpus/. Each round times, on the same Docs, (1) `spacy.blank("id")` with
the rule-based sentencizer, the reference, and (2) `make_nlp()` through `nlp.pipe`, the full
pipeline with its trained model; rounds interleave the two so the machine's load falls on
both alike. The figure is the ratio of the medians: pipeline seconds per token over the
reference's. `--other` times another checkout's pipeline in a subprocess in the same run.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SHARED = ROOT.parent / "shared" / "data"
ARTICLE_SENTENCES = 15


def real_articles(limit: int | None) -> list[str]:
    """Articles of real news text: corpus sentences in groups, then our own corpora."""
    sys.path.insert(0, str(ROOT))
    from scripts.ner_corpora import CORPORA, sentences

    texts: list[str] = []
    for corpus in CORPORA:
        if corpus == "nerp":
            continue  # lower-cased: not how articles are written
        for split in ("train", "dev", "test"):
            texts += [s.text for s in sentences(corpus, split)]
    for conllu in sorted((SHARED / "ud").glob("*/*.conllu")):
        texts += [line[len("# text = "):].strip() for line in conllu.read_text(encoding="utf-8").splitlines()
                  if line.startswith("# text = ")]
    articles = ["\n".join(texts[i:i + ARTICLE_SENTENCES]) for i in range(0, len(texts), ARTICLE_SENTENCES)]
    for path in sorted([*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/corpus/*/*.txt")]):
        articles.append(path.read_text(encoding="utf-8"))
    return articles[:limit] if limit else articles


def time_reference(texts: list[str]) -> tuple[float, int]:
    import spacy

    nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer")
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
    return time.perf_counter() - start, tokens


def time_pipeline(texts: list[str]) -> tuple[float, int]:
    from kg.nlp.context import ArticleContext
    from kg.nlp.pipeline import make_nlp

    nlp = make_nlp()
    nlp(texts[0])  # load lazily built indexes outside the timing
    start = time.perf_counter()
    docs = []
    for i, text in enumerate(texts):
        doc = nlp.make_doc(text)
        doc._.kg_context = ArticleContext(f"a{i}")
        docs.append(doc)
    tokens = sum(len(doc) for doc in nlp.pipe(docs, batch_size=16))
    return time.perf_counter() - start, tokens


def _child(kind: str, texts_file: Path) -> None:
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    seconds, tokens = (time_reference if kind == "reference" else time_pipeline)(texts)
    print(json.dumps({"seconds": seconds, "tokens": tokens}))


def run(kind: str, texts_file: Path, cwd: Path) -> dict:
    """One timing in a fresh process (so caches and memory of one never help the other)."""
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", kind, str(texts_file)],
                         cwd=cwd, capture_output=True, text=True, check=False,
                         env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})
    if out.returncode != 0:
        raise SystemExit(f"bench_pipeline: the {kind} run in {cwd} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, help="use only the first N articles")
    ap.add_argument("--other", type=Path, help="also time the pipeline of this other kg checkout")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.child[0], Path(args.child[1]))
        return 0
    texts = real_articles(args.limit)
    RESULTS.mkdir(parents=True, exist_ok=True)
    texts_file = RESULTS / ".pipeline-texts.json"
    texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    subjects = {"reference": ("reference", ROOT), "pipeline": ("pipeline", ROOT)}
    if args.other:
        subjects["other pipeline"] = ("pipeline", args.other.resolve())
    times: dict[str, list[float]] = {k: [] for k in subjects}
    tokens: dict[str, int] = {}
    try:
        for _ in range(args.rounds):
            for name, (kind, cwd) in subjects.items():
                r = run(kind, texts_file, cwd)
                times[name].append(r["seconds"])
                tokens[name] = r["tokens"]
    finally:
        texts_file.unlink(missing_ok=True)
    ref = statistics.median(times["reference"]) / tokens["reference"]
    rows = []
    print(f"{len(texts)} articles, {tokens['reference']} reference tokens, {args.rounds} rounds")
    print(f"{'subject':<16} {'median s':>9} {'tokens/s':>10} {'x reference':>12}")
    for name in subjects:
        per_token = statistics.median(times[name]) / tokens[name]
        rows.append({"subject": name, "seconds": times[name], "tokens": tokens[name],
                     "tokens_per_second": round(1 / per_token), "ratio": round(per_token / ref, 2)})
        print(f"{name:<16} {statistics.median(times[name]):9.2f} {1 / per_token:10.0f} {per_token / ref:12.2f}")
    record = {"benchmark": "pipeline", "date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "cpu_count": __import__("os").cpu_count(),
                          "platform": platform.platform()},
              "articles": len(texts), "rounds": args.rounds, "other": str(args.other) if args.other else None,
              "rows": rows}
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"pipeline-{stamp}.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
