"""Read the annotated Indonesian NER corpora in ../shared/data/ner as text with character spans.

Shared by scripts/train_ner.py and scripts/eval_ner.py, so that training and measurement see
the same sentences the same way. The corpora come pre-tokenized ("( Mdpl )", "2 . 000"); real
articles do not, so each sentence is detokenized with the spacing rules of written Indonesian and
every gold span is kept as character offsets into that text. Tag sets are mapped as the data
README says: PER/PERSON/PPL -> Person, ORG/ORGANISATION/IND -> Organisation, LOC/PLACE/PLC ->
Place (our Country is a Place here); NERP's EVT and FNB have no counterpart and are dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: ../shared/data beside the checkout; KG_SHARED_DATA overrides it
DATA = Path(os.environ.get("KG_SHARED_DATA", ROOT.parent / "shared" / "data"))

TYPES = ("Person", "Organisation", "Place")
TAG_TYPES = {
    "PER": "Person", "PERSON": "Person", "PPL": "Person",
    "ORG": "Organisation", "ORGANISATION": "Organisation", "IND": "Organisation",
    "LOC": "Place", "PLACE": "Place", "PLC": "Place",
}

#: corpus -> split -> file name; every corpus has train and test, the dev split's name differs
CORPORA = {
    "idner-news-2k": {"train": "train.txt", "dev": "dev.txt", "test": "test.txt"},
    "nergrit": {"train": "train.txt", "dev": "valid.txt", "test": "test.txt"},
    "nerp": {"train": "train.txt", "dev": "valid.txt", "test": "test.txt"},
}

NO_SPACE_BEFORE = set(",.:;?!)]}%…")
NO_SPACE_AFTER = set("([{")
OPEN_QUOTES, CLOSE_QUOTES, TOGGLE_QUOTES = set("“‘«"), set("”’»"), {'"'}


@dataclass(frozen=True)
class Sentence:
    """One annotated sentence: detokenized text and its gold spans (start, end, type)."""

    corpus: str
    index: int
    text: str
    spans: tuple[tuple[int, int, str], ...]


def corpus_path(corpus: str, split: str) -> Path:
    if corpus not in CORPORA:
        raise SystemExit(f"unknown corpus {corpus!r}: choose from {', '.join(CORPORA)}")
    path = DATA / "ner" / corpus / CORPORA[corpus][split]
    if not path.is_file():
        raise SystemExit(f"{path}: not found. The annotated corpora live in ../shared/data beside the "
                         "checkout (or set KG_SHARED_DATA to that folder).")
    return path


def read_tokens(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Sentences as (token, IOB tag) lists; the tag is the last column (idner has UPOS between)."""
    sent: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line_no, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if sent:
                    yield sent
                sent = []
                continue
            parts = line.split("\t") if "\t" in line else line.split(" ")
            if len(parts) < 2:
                raise SystemExit(f"{path}:{line_no}: expected 'token ... tag', got {line!r}")
            sent.append((parts[0], parts[-1]))
    if sent:
        yield sent


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens as written text; returns the text and each token's character offsets."""
    out: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    quote_open = False
    prev = ""
    for tok in tokens:
        glue = False
        if not out:
            glue = True
        elif tok[:1] in NO_SPACE_BEFORE or tok[:1] in CLOSE_QUOTES or prev[-1:] in NO_SPACE_AFTER \
                or prev[-1:] in OPEN_QUOTES:
            glue = True
        elif tok in TOGGLE_QUOTES:
            glue = quote_open  # a closing straight quote sticks to the word before it
        elif prev in TOGGLE_QUOTES and quote_open:
            glue = True  # the word after an opening straight quote
        if tok in TOGGLE_QUOTES:
            quote_open = not quote_open
        if not glue:
            out.append(" ")
            pos += 1
        offsets.append((pos, pos + len(tok)))
        out.append(tok)
        pos += len(tok)
        prev = tok
    return "".join(out), offsets


def spans_of(tags: list[str]) -> list[tuple[int, int, str]]:
    """IOB tags -> token spans (start, end, type); an I- without its B- opens a span (lenient IOB)."""
    spans: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        label_type = TAG_TYPES.get(label) if label else None
        if start is not None and (prefix != "I" or label_type != kind):
            spans.append((start, i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and label_type and start is None:
            start, kind = i, label_type
    return spans


def sentences(corpus: str, split: str) -> list[Sentence]:
    out = []
    for i, sent in enumerate(read_tokens(corpus_path(corpus, split))):
        tokens = [t for t, _ in sent]
        text, offsets = detokenize(tokens)
        spans = tuple((offsets[a][0], offsets[b - 1][1], kind) for a, b, kind in spans_of([t for _, t in sent]))
        out.append(Sentence(corpus, i, text, spans))
    return out
