"""Train the small Indonesian POS tagger shipped in kg/models/pos_id.

The corpus is nlp-id's (kumparan, MIT) ``nlp_id/data/dataset_postag.txt``, read straight out of
the nlp-id wheel or sdist so nlp-id never becomes a dependency:

    pip download --no-deps nlp-id==0.1.23.0 -d /tmp/nlpid
    .venv/bin/python scripts/train_pos.py /tmp/nlpid/nlp_id-0.1.23.0-py3-none-any.whl

Steps, all deterministic: parse the tab-separated corpus, rebuild each sentence's text (re-attaching
the clitics the corpus splits off, since spaCy's Indonesian tokenizer keeps them attached), project
the gold tags onto spaCy's own tokens, split train/dev/test by a hash of each group of near-duplicate
variants, train with ``scripts/pos_config.cfg``, score the test split, and write the pipeline
(tok2vec + tagger only, blank Indonesian tokenizer) with meta.json, scores.json, the tag map and the
corpus licence.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tarfile
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import load_model_from_config

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_OUT = ROOT / "kg" / "models" / "pos_id"
CONFIG = HERE / "pos_config.cfg"
TAG_MAP = HERE / "pos_tag_map.json"
CORPUS_MEMBER = "nlp_id/data/dataset_postag.txt"
LICENSE_SUFFIXES = ("dist-info/licenses/LICENSE", "dist-info/LICENSE", "/LICENSE")

CLITICS = {"nya", "ku", "mu", "lah", "kah"}
NO_SPACE_BEFORE = set(",.:;?!)]}%…")
NO_SPACE_AFTER = set("([{")
OPEN_QUOTES = set("“‘«")
CLOSE_QUOTES = set("”’»")
TOGGLE_QUOTES = {'"', "'", "`"}
GROUP_KEY_WORDS = 5


@dataclass
class Corpus:
    """The corpus text and licence read from the nlp-id distribution."""

    source: str
    version: str
    text: str
    license_text: str


@dataclass
class ParseStats:
    sentences: int = 0
    tokens: int = 0
    extra_columns: int = 0
    aliased_tags: Counter = field(default_factory=Counter)
    dropped_blank_words: int = 0


def read_distribution(path: Path) -> Corpus:
    """Read dataset_postag.txt and the licence out of an nlp-id wheel (.whl) or sdist (.tar.gz)."""
    if not path.is_file():
        raise SystemExit(f"{path}: no such file (give the nlp-id wheel or sdist)")
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            corpus = _pick(names, lambda n: n.endswith(CORPUS_MEMBER), path, CORPUS_MEMBER)
            lic = _pick(names, lambda n: n.endswith(LICENSE_SUFFIXES), path, "LICENSE")
            text = zf.read(corpus).decode("utf-8")
            license_text = zf.read(lic).decode("utf-8")
    elif path.name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(path) as tf:
            names = tf.getnames()
            corpus = _pick(names, lambda n: n.endswith(CORPUS_MEMBER), path, CORPUS_MEMBER)
            lic = _pick(names, lambda n: n.endswith("LICENSE"), path, "LICENSE")
            text = tf.extractfile(corpus).read().decode("utf-8")  # type: ignore[union-attr]
            license_text = tf.extractfile(lic).read().decode("utf-8")  # type: ignore[union-attr]
    else:
        raise SystemExit(f"{path}: expected an nlp-id wheel (.whl) or sdist (.tar.gz)")
    version = _version_from_name(path.name)
    return Corpus(source=path.name, version=version, text=text, license_text=license_text)


def _pick(names: list[str], pred, path: Path, what: str) -> str:
    hits = sorted(n for n in names if pred(n))
    if not hits:
        raise SystemExit(f"{path}: no {what} inside (is this the nlp-id distribution?)")
    return hits[0]


def _version_from_name(name: str) -> str:
    # nlp_id-0.1.23.0-py3-none-any.whl / nlp_id-0.1.23.0.tar.gz
    stem = name.removesuffix(".tar.gz").removesuffix(".tgz").removesuffix(".whl")
    parts = stem.split("-")
    return parts[1] if len(parts) > 1 else "unknown"


def parse_corpus(text: str, tag_map: dict) -> tuple[list[list[tuple[str, str]]], ParseStats]:
    """Blank-line separated sentences of ``word<TAB>tag`` lines.

    Lines with a third column take the second as the tag, as nlp-id's own reader does.
    """
    known = set(tag_map["tag_to_upos"])
    aliases = tag_map["tag_aliases"]
    stats = ParseStats()
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise SystemExit(f"{CORPUS_MEMBER} line {lineno}: expected 'word<TAB>tag', got {line!r}")
        if len(cols) > 2:
            stats.extra_columns += 1
        word, tag = cols[0], cols[1].strip()
        if tag in aliases:
            stats.aliased_tags[tag] += 1
            tag = aliases[tag]
        if tag not in known:
            raise SystemExit(
                f"{CORPUS_MEMBER} line {lineno}: tag {tag!r} is not in {TAG_MAP.name} "
                "(add it to tag_to_upos or tag_aliases)"
            )
        word = "".join(ch for ch in word if not ch.isspace() and unicodedata.category(ch) != "Cf")
        if not word:
            stats.dropped_blank_words += 1
            continue
        current.append((word, tag))
    if current:
        sentences.append(current)
    stats.sentences = len(sentences)
    stats.tokens = sum(len(s) for s in sentences)
    return sentences, stats


def detokenize(words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Rebuild running text from corpus tokens; return it with each token's character span."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    open_toggle: dict[str, bool] = {}
    glue_next = False
    for i, word in enumerate(words):
        space = i > 0 and not glue_next
        if word in NO_SPACE_BEFORE or word in CLOSE_QUOTES:
            space = False
        elif word.lower() in CLITICS and i > 0 and words[i - 1][-1].isalnum():
            space = False
        glue_next = False
        if word in TOGGLE_QUOTES:
            closing = open_toggle.get(word, False)
            open_toggle[word] = not closing
            if closing:
                space = False
            else:
                glue_next = True
        elif word in NO_SPACE_AFTER or word in OPEN_QUOTES:
            glue_next = True
        if space:
            out.append(" ")
            pos += 1
        spans.append((pos, pos + len(word)))
        out.append(word)
        pos += len(word)
    return "".join(out), spans


def project(doc: Doc, spans: list[tuple[int, int]], tags: list[str]) -> tuple[list[str], int]:
    """Give each spaCy token the tag of the gold token(s) it covers.

    A token covering several gold tokens (host + clitic) takes the first non-SYM tag; a punctuation
    piece split out of a larger gold token (the hyphen of ``men-declare``) is SYM.
    Returns the tags and how many tokens differ from the corpus tokenization.
    """
    out: list[str] = []
    changed = 0
    g = 0
    for tok in doc:
        start, end = tok.idx, tok.idx + len(tok.text)
        while g < len(spans) and spans[g][1] <= start:
            g += 1
        covered = []
        k = g
        while k < len(spans) and spans[k][0] < end:
            covered.append(k)
            k += 1
        if not covered:
            raise ValueError(f"token {tok.text!r} at {start} covers no corpus token in {doc.text!r}")
        exact = len(covered) == 1 and spans[covered[0]] == (start, end)
        changed += not exact
        cover_tags = [tags[c] for c in covered]
        if not exact and tok.is_punct:
            out.append("SYM")
        else:
            out.append(next((t for t in cover_tags if t != "SYM"), "SYM"))
    return out, changed


def split_of(key: str) -> str:
    """Deterministic split by content hash: the same key always lands in the same split."""
    bucket = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


def variant_groups(sentences: list[list[tuple[str, str]]], k: int = GROUP_KEY_WORDS) -> list[str]:
    """A group key per sentence, shared by near-duplicate variants.

    The corpus holds many sentences two or three times with one word swapped (``menghargai`` /
    ``hargai``); splitting those apart would leak test sentences into training. Sentences sharing
    their first or last ``k`` words (lowercased, punctuation ignored) are joined (union-find); the
    group's key is its smallest member text, so the grouping does not depend on corpus order.
    """
    parent = list(range(len(sentences)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple, int] = {}
    texts = [" ".join(w for w, _ in sent) for sent in sentences]
    for i, sent in enumerate(sentences):
        words = [w.lower() for w, _ in sent if any(ch.isalnum() for ch in w)]
        if len(words) >= k:
            keys = [("head", *words[:k]), ("tail", *words[-k:])]
        else:
            keys = [("all", texts[i])]
        for key in keys:
            j = owner.setdefault(key, i)
            if j != i:
                parent[find(i)] = find(j)
    smallest: dict[int, str] = {}
    for i, text in enumerate(texts):
        root = find(i)
        if root not in smallest or text < smallest[root]:
            smallest[root] = text
    return [smallest[find(i)] for i in range(len(sentences))]


def build_docs(nlp: Language, sentences: list[list[tuple[str, str]]]) -> tuple[dict[str, list[Doc]], int]:
    docs: dict[str, list[Doc]] = {"train": [], "dev": [], "test": []}
    changed = 0
    groups = variant_groups(sentences)
    for sent, group in zip(sentences, groups, strict=True):
        words = [w for w, _ in sent]
        tags = [t for _, t in sent]
        text, spans = detokenize(words)
        doc = nlp.make_doc(text)
        doc_tags, n = project(doc, spans, tags)
        changed += n
        for tok, tag in zip(doc, doc_tags, strict=True):
            tok.tag_ = tag
        docs[split_of(group)].append(doc)
    return docs, changed


def upos_of(tag: str, is_punct: bool, tag_map: dict) -> str:
    rule = tag_map["punct_rule"]
    if tag == rule["tag"] and is_punct:
        return rule["upos"]
    return tag_map["tag_to_upos"][tag]


def evaluate(nlp: Language, gold_docs: list[Doc], tag_map: dict) -> dict:
    """Token-level tag and UPOS accuracy plus per-UPOS precision/recall/F on spaCy's tokenization."""
    texts = [d.text for d in gold_docs]
    start = time.perf_counter()
    predicted = list(nlp.pipe(texts, batch_size=256))
    seconds = time.perf_counter() - start
    n = tag_ok = pos_ok = 0
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for gold, pred in zip(gold_docs, predicted, strict=True):
        if [t.text for t in gold] != [t.text for t in pred]:
            raise ValueError(f"tokenization changed between gold and prediction: {gold.text!r}")
        for g, p in zip(gold, pred, strict=True):
            n += 1
            tag_ok += g.tag_ == p.tag_
            gp, pp = upos_of(g.tag_, g.is_punct, tag_map), upos_of(p.tag_, p.is_punct, tag_map)
            if gp == pp:
                pos_ok += 1
                tp[gp] += 1
            else:
                fp[pp] += 1
                fn[gp] += 1
    per_pos = {}
    for label in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_pos[label] = {
            "p": round(p, 4),
            "r": round(r, 4),
            "f": round(f, 4),
            "support": tp[label] + fn[label],
        }
    return {
        "tokens": n,
        "tag_acc": round(tag_ok / n, 4),
        "pos_acc": round(pos_ok / n, 4),
        "pos_per_type": per_pos,
        "words_per_second": round(n / seconds),
    }


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def write_atomically(nlp: Language, out: Path, extra_files: dict[str, str]) -> None:
    """Save into a sibling temp dir, then swap it in, so a reader never sees half a model."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the model is package data
    try:
        nlp.to_disk(tmp)
        for name, content in extra_files.items():
            (tmp / name).write_text(content, encoding="utf-8")
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            if old.exists():
                shutil.rmtree(old)
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def slim_copy(trained: Language) -> Language:
    """A fresh blank("id") pipeline carrying only the trained tok2vec + tagger weights.

    The trained pipeline's StringStore holds every corpus word (MBs); the hash-embedding model
    needs none of them, only the tag labels.
    """
    slim = load_model_from_config(trained.config, auto_fill=True)
    if slim.pipe_names != ["tok2vec", "tagger"]:
        raise ValueError(f"expected a tok2vec + tagger pipeline, got {slim.pipe_names}")
    for label in trained.get_pipe("tagger").labels:
        slim.vocab.strings.add(label)
    for name in slim.pipe_names:
        slim.get_pipe(name).from_bytes(trained.get_pipe(name).to_bytes(exclude=["vocab"]), exclude=["vocab"])
    return slim


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("distribution", type=Path, help="nlp-id wheel (.whl) or sdist (.tar.gz)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"pipeline directory (default {DEFAULT_OUT})")
    ap.add_argument("--work", type=Path, default=None, help="scratch dir for DocBins and checkpoints")
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    ap.add_argument("--max-epochs", type=int, default=None, help="override training.max_epochs")
    args = ap.parse_args(argv)

    tag_map = json.loads(TAG_MAP.read_text(encoding="utf-8"))
    corpus = read_distribution(args.distribution)
    sentences, stats = parse_corpus(corpus.text, tag_map)
    print(
        f"corpus {corpus.source}: {stats.sentences} sentences, {stats.tokens} tokens, "
        f"{stats.extra_columns} lines with a 3rd column, aliased tags {dict(stats.aliased_tags)}, "
        f"{stats.dropped_blank_words} blank words dropped",
        flush=True,
    )

    nlp = spacy.blank("id")
    docs, changed = build_docs(nlp, sentences)
    sizes = {k: {"sentences": len(v), "tokens": sum(len(d) for d in v)} for k, v in docs.items()}
    n_tokens = sum(s["tokens"] for s in sizes.values())
    print(
        f"spaCy tokens: {n_tokens} ({changed} differ from the corpus tokenization); splits {sizes}",
        flush=True,
    )

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-pos-"))
    work.mkdir(parents=True, exist_ok=True)
    paths = {}
    for split, split_docs in docs.items():
        paths[split] = work / f"{split}.spacy"
        DocBin(attrs=["TAG"], docs=split_docs).to_disk(paths[split])

    from spacy.cli.train import train  # imported late: pulls in the CLI machinery

    overrides: dict = {"paths.train": str(paths["train"]), "paths.dev": str(paths["dev"])}
    if args.max_steps is not None:
        overrides["training.max_steps"] = args.max_steps
    if args.max_epochs is not None:
        overrides["training.max_epochs"] = args.max_epochs
    started = time.perf_counter()
    train(CONFIG, work / "output", overrides=overrides, use_gpu=-1)
    train_seconds = round(time.perf_counter() - started)

    trained = spacy.load(work / "output" / "model-best")
    final = slim_copy(trained)
    scores = evaluate(final, docs["test"], tag_map)
    dev_scores = evaluate(final, docs["dev"], tag_map)
    print(
        f"test: tag_acc {scores['tag_acc']} pos_acc {scores['pos_acc']}",
        f"({scores['words_per_second']} words/s)",
    )

    attribution = {
        "name": "nlp-id POS-tagged corpus (dataset_postag.txt)",
        "author": "kumparan.com (nlp-id, Zavli Juwantara et al.)",
        "url": "https://pypi.org/project/nlp-id/",
        "repository": "https://github.com/kumparan/NLP-ID",
        "doi": "10.5281/zenodo.4556870",
        "license": "MIT",
        "distribution": corpus.source,
        "version": corpus.version,
    }
    final.meta.update(
        {
            "name": "pos_id",
            "version": "0.1.0",
            "description": (
                "Indonesian POS tagger for kg (tok2vec + tagger on spaCy's blank Indonesian tokenizer). "
                "token.tag_ is the nlp-id tag; kg.nlp.pos maps it to Universal POS with pos_tag_map.json."
            ),
            "license": "MIT (model); trained on the MIT-licensed nlp-id corpus, see LICENSE-corpus",
            "sources": [attribution],
            "performance": {"tag_acc": scores["tag_acc"], "pos_acc": scores["pos_acc"]},
            "kg": {
                "splits": sizes,
                "split_rule": (
                    "near-duplicate variants (same first or last 5 words) grouped; sha1(group key) "
                    "first 8 hex digits mod 10: 0 test, 1 dev, else train"
                ),
                "tokens_retokenized": changed,
                "train_seconds": train_seconds,
                "test": scores,
                "dev": dev_scores,
            },
        }
    )
    license_file = (
        "The training data of this model is the POS-tagged corpus nlp_id/data/dataset_postag.txt\n"
        f"from nlp-id {corpus.version} by kumparan.com ({attribution['repository']},\n"
        f"DOI {attribution['doi']}), distributed under the MIT licence reproduced below.\n\n"
        + corpus.license_text.strip()
        + "\n"
    )
    extra = {
        "LICENSE-corpus": license_file,
        "pos_tag_map.json": TAG_MAP.read_text(encoding="utf-8"),
        "scores.json": json.dumps({"test": scores, "dev": dev_scores, "splits": sizes}, indent=2) + "\n",
    }
    write_atomically(final, args.out, extra)
    size = dir_size(args.out)
    print(f"wrote {args.out} ({size / 1e6:.2f} MB) in {train_seconds} s of training")
    return 0


if __name__ == "__main__":
    sys.exit(main())
