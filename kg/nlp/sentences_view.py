"""A light view of one sentence with the layers that fall inside it, for rule components."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.facts import Evidence, Mention

ACTOR_KINDS = ("Person", "Organisation", "Country")


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
    mentions = doc._.kg_mentions or []
    times = doc._.kg_times or []
    quantities = doc._.kg_quantities or []
    for i, sent in enumerate(doc.sents):
        text = sent.text.rstrip()
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        end = sent.start_char + len(text)
        text = doc.text[start:end]
        if not text:
            continue
        out.append(Sentence(i, sent, start, end, text,
                            [m for m in mentions if start <= m.start < end],
                            [t for t in times if start <= t.start < end],
                            [q for q in quantities if start <= q.start < end]))
    return out


def evidence(doc: Doc, sent: Sentence) -> Evidence:
    """Evidence for a sentence; offsets are into the cleaned text here and mapped to the file later."""
    ctx = doc._.kg_context
    return Evidence(ctx.article_id if ctx else "doc", sent.text, sent.start, sent.end)
