"""A light view of one sentence with the layers that fall inside it, for rule components."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.facts import Evidence, Mention
from kg.kinds import ACTORS

ACTOR_KINDS = ACTORS


@dataclass
class Sentence:
    index: int
    span: Span
    start: int
    end: int
    text: str
    mentions: list[Mention]
    times: list
    quantities: list

    def local(self, pos: int) -> int:
        """Offset in the sentence of a document offset."""
        return pos - self.start

    def actors(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind in ACTOR_KINDS]

    def mentions_between(self, a: int, b: int, kinds: tuple[str, ...] = ACTOR_KINDS) -> list[Mention]:
        """Mentions inside document offsets [a, b)."""
        return [m for m in self.mentions if a <= m.start and m.end <= b and m.kind in kinds]


def sentences(doc: Doc) -> list[Sentence]:
    """The doc's sentences with their mentions, times and quantities (trailing newlines trimmed)."""
    out = []
    doc_text = doc._.kg_text  # spaCy rebuilds Doc.text from the tokens on every access
    layers = [doc._.kg_mentions or [], doc._.kg_times or [], doc._.kg_quantities or []]
    starts = [[x.start for x in layer] for layer in layers]
    for i, sent in enumerate(doc.sents):
        raw = doc_text[sent.start_char:sent.end_char]
        text = raw.rstrip()
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        end = sent.start_char + len(text)
        text = doc_text[start:end]
        if not text:
            continue
        inside = []
        for layer, at in zip(layers, starts, strict=True):
            inside.append([x for x in layer[bisect_left(at, start):bisect_left(at, end)]
                           if start <= x.start < end])
        out.append(Sentence(i, sent, start, end, text, *inside))
    return out


def evidence(doc: Doc, sent: Sentence) -> Evidence:
    """Evidence for a sentence; offsets are into the cleaned text here and mapped to the file later."""
    ctx = doc._.kg_context
    return Evidence(ctx.article_id if ctx else "doc", sent.text, sent.start, sent.end)
