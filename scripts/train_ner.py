"""Train kg's Indonesian name finder (tok2vec + ner) into kg/models/ner_id.

    .venv/bin/python scripts/train_ner.py                       # idner-news-2k + NERGrit, the shipped recipe
    .venv/bin/python scripts/train_ner.py --corpus nerp --out /tmp/ner-nerp   # an experiment

Reads the train and dev splits from ../shared/data/ner (scripts/ner_corpora.py: detokenized text,
gold character spans, tag sets mapped to PER/ORG/LOC), tokenizes with kg's own tokenizer so the
model sees the tokens it will meet in articles, trains on the CPU with scripts/ner_config.cfg
(fixed seed: a rerun gives the same model), keeps the best model on the dev splits, and scores
the untouched test splits. The output folder gets meta.json with sources and licences and
scores.json with the test figures per corpus. NERP is lower-cased; `--corpus nerp` restores case
from the cased corpora's own spellings (a truecaser, see `Truecaser`) before training on it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # determinism: one BLAS thread
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import spacy  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

from kg.nlp import tokenizer as _tokenizer  # noqa: E402,F401  (registers kg.indonesian_news_tokenizer.v1)
from scripts.ner_corpora import CORPORA, DATA, ROOT, Sentence, sentences  # noqa: E402

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "ner_config.cfg"
DEFAULT_OUT = ROOT / "kg" / "models" / "ner_id"
DEFAULT_CORPORA = ("idner-news-2k", "nergrit")
LABELS = {"Person": "PER", "Organisation": "ORG", "Place": "LOC"}
SOURCES = {
    "idner-news-2k": {"name": "idner-news-2k", "repository": "https://github.com/khairunnisaor/idner-news-2k",
                      "commit": "625ff40", "license": "MIT",
                      "note": "re-annotation of Syaifudin & Nurwidyantoro (2016)"},
    "nergrit": {"name": "NERGrit (IndoNLU)", "repository": "https://github.com/IndoNLP/indonlu",
                "commit": "ce728f6", "license": "Apache-2.0", "path": "dataset/nergrit_ner-grit"},
    "nerp": {"name": "NERP (IndoNLU, PROSA news)", "repository": "https://github.com/IndoNLP/indonlu",
             "commit": "ce728f6", "license": "Apache-2.0", "path": "dataset/nerp_ner-prosa"},
}


class Truecaser:
    """Restores the case of lower-cased text from the spellings the cased corpora use.

    A word takes its most frequent cased spelling in the cased training text when that spelling is
    the majority one; a sentence starts with a capital; other words stay lower-case. So "jokowi"
    becomes "Jokowi" and "kpk" becomes "KPK" only because the cased corpora write them so.
    """

    def __init__(self, texts: list[str]) -> None:
        forms: dict[str, Counter] = defaultdict(Counter)
        for text in texts:
            for i, word in enumerate(text.split()):
                if i:  # a sentence's first word is capitalised whatever it is
                    forms[word.lower()][word] += 1
        self.best = {}
        for low, counts in forms.items():
            form, n = counts.most_common(1)[0]
            if form != low and n * 2 > sum(counts.values()):
                self.best[low] = form

    def __call__(self, s: Sentence) -> Sentence:
        out, pos = [], 0
        for i, word in enumerate(s.text.split(" ")):
            cased = self.best.get(word, word)
            if i == 0:
                cased = cased[:1].upper() + cased[1:]
            out.append(cased)
            pos += len(word) + 1
        return Sentence(s.corpus, s.index, " ".join(out), s.spans)


def to_docs(nlp, sents: list[Sentence]) -> tuple[list[Doc], int]:
    """Docs with gold entities on kg's tokens; spans that cut a token are counted and dropped."""
    docs, misaligned = [], 0
    for s in sents:
        doc = nlp.make_doc(s.text)
        ents = []
        for a, b, kind in s.spans:
            span = doc.char_span(a, b, label=LABELS[kind], alignment_mode="strict")
            if span is None:
                misaligned += 1
                continue
            ents.append(span)
        doc.ents = ents
        docs.append(doc)
    return docs, misaligned


def evaluate(nlp, docs: list[Doc]) -> dict:
    from spacy.training import Example

    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    scores = nlp.evaluate(examples)
    per = {k: {m: round(v, 4) for m, v in vals.items()} for k, vals in (scores.get("ents_per_type") or {}).items()}
    return {"p": round(scores["ents_p"], 4), "r": round(scores["ents_r"], 4), "f1": round(scores["ents_f"], 4),
            "per_type": per, "words_per_second": int(scores.get("speed", 0))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", choices=sorted(CORPORA),
                    help=f"train on these corpora (default: {', '.join(DEFAULT_CORPORA)})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--work", type=Path, help="keep the DocBins and training output here")
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a config value, e.g. --set training.max_epochs=5")
    args = ap.parse_args(argv)
    corpora = args.corpus or list(DEFAULT_CORPORA)

    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": "kg.indonesian_news_tokenizer.v1"}}})
    cased_train = [s.text for c in corpora if c != "nerp" for s in sentences(c, "train")]
    truecase = Truecaser(cased_train) if "nerp" in corpora else None
    splits: dict[str, list[Doc]] = {"train": [], "dev": []}
    sizes: dict[str, dict] = {}
    for corpus in corpora:
        for split in ("train", "dev"):
            sents = sentences(corpus, split)
            if corpus == "nerp" and truecase:
                sents = [truecase(s) for s in sents]
            docs, bad = to_docs(nlp, sents)
            splits[split] += docs
            sizes.setdefault(corpus, {})[split] = {"sentences": len(docs), "tokens": sum(len(d) for d in docs),
                                                   "entities": sum(len(d.ents) for d in docs), "misaligned": bad}
    print(f"data from {DATA}: {json.dumps(sizes)}", flush=True)

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-ner-"))
    work.mkdir(parents=True, exist_ok=True)
    paths = {}
    for split, docs in splits.items():
        paths[split] = work / f"{split}.spacy"
        DocBin(attrs=["ENT_IOB", "ENT_TYPE"], docs=docs).to_disk(paths[split])

    from spacy.cli.train import train  # imported late: pulls in the CLI machinery

    overrides: dict = {"paths.train": str(paths["train"]), "paths.dev": str(paths["dev"])}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value) if value[:1] in "[{0123456789-tfn\"" else value
    started = time.perf_counter()
    train(args.config, work / "output", overrides=overrides, use_gpu=-1)
    train_seconds = round(time.perf_counter() - started)

    model = spacy.load(work / "output" / "model-best")
    test = {}
    for corpus in sorted(set(corpora) | set(DEFAULT_CORPORA)):
        sents = sentences(corpus, "test")
        if corpus == "nerp" and truecase:
            sents = [truecase(s) for s in sents]
        test[corpus] = evaluate(model, to_docs(nlp, sents)[0])
        print(f"test {corpus}: P {test[corpus]['p']:.3f} R {test[corpus]['r']:.3f} F1 {test[corpus]['f1']:.3f}")
    model.meta.update({
        "name": "ner_id", "version": "0.1.0",
        "description": "Indonesian name finder for kg: tok2vec + ner (PER, ORG, LOC) on kg's news tokenizer.",
        "license": "MIT (model); training data licences in meta.json sources",
        "sources": [SOURCES[c] for c in corpora],
        "kg": {"corpora": corpora, "splits": sizes, "train_seconds": train_seconds, "test": test,
               "overrides": overrides | {"paths.train": "train.spacy", "paths.dev": "dev.spacy"}},
    })
    tmp = args.out.with_name(args.out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.to_disk(tmp)
    (tmp / "scores.json").write_text(json.dumps({"test": test, "splits": sizes, "train_seconds": train_seconds},
                                                indent=2, sort_keys=True) + "\n", encoding="utf-8")
    shutil.rmtree(args.out, ignore_errors=True)
    tmp.rename(args.out)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB) after {train_seconds} s of training")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
