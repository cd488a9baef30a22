"""Score kg's name finding on real annotated Indonesian news: span-level P/R/F1 per type.

    .venv/bin/python scripts/eval_ner.py                      # the shipped pipeline on the test splits
    .venv/bin/python scripts/eval_ner.py --layer model        # the trained NER model alone
    .venv/bin/python scripts/eval_ner.py --split dev --save docs/ner/dev.json

A predicted name counts when its character span and its type equal a gold span's exactly
(Person, Organisation, Place; our Country is scored as Place, as the corpora label countries
LOC/PLACE). Sentences are run one Doc each, with no article around them, through `nlp.pipe`.
The corpora are read from ../shared/data (scripts/ner_corpora.py says how) and never copied.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.ner_corpora import TYPES, Sentence, sentences  # noqa: E402

DEFAULT_CORPORA = ("idner-news-2k", "nergrit")
KIND_TYPE = {"Person": "Person", "Organisation": "Organisation", "Country": "Place", "Place": "Place"}


def predict_mentions(nlp, sents: list[Sentence]) -> list[set[tuple[int, int, str]]]:
    """The pipeline's chosen mentions (doc._.kg_mentions) as typed spans."""
    from kg.nlp.context import ArticleContext

    docs = []
    for s in sents:
        doc = nlp.make_doc(s.text)
        doc._.kg_context = ArticleContext(f"{s.corpus}-{s.index}")
        docs.append(doc)
    return [{(m.start, m.end, KIND_TYPE[m.kind]) for m in doc._.kg_mentions or () if m.start >= 0}
            for doc in nlp.pipe(docs, batch_size=64)]


def predict_model(nlp, sents: list[Sentence]) -> list[set[tuple[int, int, str]]]:
    """The trained model's own entities (doc.ents of the NER pipeline), before any rule."""
    from kg.nlp.names import MODEL_TYPES

    return [{(e.start_char, e.end_char, MODEL_TYPES[e.label_]) for e in doc.ents}
            for doc in nlp.pipe((s.text for s in sents), batch_size=64)]


def score(sents: list[Sentence], predicted: list[set[tuple[int, int, str]]]) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    for s, pred in zip(sents, predicted, strict=True):
        gold = set(s.spans)
        for _, _, kind in pred & gold:
            tp[kind] += 1
        for _, _, kind in pred - gold:
            fp[kind] += 1
        for _, _, kind in gold - pred:
            fn[kind] += 1
    out = {}
    for kind in (*TYPES, "all"):
        t = sum(tp.values()) if kind == "all" else tp[kind]
        p_ = sum(fp.values()) if kind == "all" else fp[kind]
        n = sum(fn.values()) if kind == "all" else fn[kind]
        p = t / (t + p_) if t + p_ else 0.0
        r = t / (t + n) if t + n else 0.0
        out[kind] = {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
                     "tp": t, "fp": p_, "fn": n}
    return out


def load(layer: str):
    if layer == "model":
        from kg.nlp.names import load_ner_model

        return load_ner_model()
    from kg.nlp.pipeline import make_nlp

    return make_nlp()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    ap.add_argument("--corpus", action="append", help=f"corpus to score (default: {', '.join(DEFAULT_CORPORA)})")
    ap.add_argument("--layer", default="kg", choices=("kg", "model"),
                    help="kg: the whole pipeline's chosen mentions; model: the trained NER alone")
    ap.add_argument("--save", type=Path, help="write the figures as JSON here")
    args = ap.parse_args(argv)
    corpora = args.corpus or list(DEFAULT_CORPORA)
    t0 = time.perf_counter()
    nlp = load(args.layer)
    predict = predict_model if args.layer == "model" else predict_mentions
    results: dict[str, dict] = {}
    for corpus in corpora:
        sents = sentences(corpus, args.split)
        results[corpus] = score(sents, predict(nlp, sents))
        results[corpus]["sentences"] = len(sents)
    print(f"{'corpus':<15} {'type':<13} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn")
    for corpus, res in results.items():
        for kind in (*TYPES, "all"):
            r = res[kind]
            print(f"{corpus:<15} {kind:<13} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f}  {r['tp']}/{r['fp']}/{r['fn']}")
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        record = {"split": args.split, "layer": args.layer, "results": results}
        args.save.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    summary = ", ".join(f"{c} F1 {results[c]['all']['f1']:.3f}" for c in corpora)
    print(f"names on real news ({args.split} split, exact span and type, {args.layer} layer, "
          f"{time.perf_counter() - t0:.0f} s): {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
