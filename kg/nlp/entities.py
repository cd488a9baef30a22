"""Choose one reading for every stretch of text, and expose it the spaCy way.

Candidates from the gazetteer, organisation, place and person components overlap
("Komunitas Pembangunan Afrika Selatan (SADC)" holds a country name); the longest
candidate wins, ties go to the more specific source. The chosen mentions become
`doc._.kg_mentions`, `doc.ents` and `doc.spans["kg"]`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.facts import Mention
from kg.nlp import extensions  # noqa: F401

#: lower is preferred when two candidates cover the same characters
SOURCE_RANK = {"acronym": 0, "title": 1, "forces": 2, "gazetteer": 3, "head": 4, "prefix": 5,
               "speech": 6, "short": 7, "cue": 8}
def _rank(m: Mention) -> float:
    """A known person's surname ("kepada Faye") outranks a city of the same name."""
    if m.kind == "Person" and m.source == "short":
        return 2.5
    return SOURCE_RANK.get(m.source, 9)


LABELS = {"Person": "PERSON", "Organisation": "ORG", "Country": "GPE", "Place": "LOC"}


@Language.factory("kg_entities")
def make_entities(nlp: Language, name: str) -> EntityChooser:
    return EntityChooser()


class EntityChooser:
    def __call__(self, doc: Doc) -> Doc:
        cands: list[Mention] = doc._.kg_candidates or []
        order = sorted(cands, key=lambda m: (-(m.end - m.start), _rank(m), m.start))
        chosen: list[Mention] = []
        used = [False] * (len(doc.text) + 1)
        for m in order:
            if m.end <= m.start or any(used[m.start:m.end]):
                continue
            for i in range(m.start, m.end):
                used[i] = True
            chosen.append(m)
        chosen.sort(key=lambda m: m.start)
        doc._.kg_mentions = chosen
        spans: list[Span] = []
        for m in chosen:
            span = doc.char_span(m.start, m.end, label=LABELS[m.kind], alignment_mode="expand")
            if span is not None and (not spans or span.start >= spans[-1].end):
                spans.append(span)
        doc.ents = spans
        doc.spans["kg"] = spans
        return doc
