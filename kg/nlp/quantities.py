"""Counts of people, with how exact they are: "Sekitar 2.500 pasukan" is about 2500 troops."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg import lexicon
from kg.nlp import extensions  # noqa: F401
from kg.nlp.numbers import number_pattern, parse_number


@dataclass
class Quantity:
    start: int
    end: int
    text: str
    value: int
    #: approximately | more than | almost | at least | ... (None: as stated)
    qualifier: str | None = None
    #: the troop noun it counts ("pasukan", "personel"), None for anything else
    noun: str | None = None


@Language.factory("kg_quantities")
def make_quantities(nlp: Language, name: str) -> QuantityTagger:
    return QuantityTagger()


class QuantityTagger:
    def __init__(self) -> None:
        quals = {w: v for k, w, v in lexicon.rows("quantities.tsv") if k == "qualifier"}
        self.qualifiers = quals
        nouns = lexicon.words("troop_nouns.txt")
        self.rx = re.compile(
            rf"(?:\b(?P<q>{lexicon.alternation(quals)})[ \t]+)?(?<![\w.,])(?P<n>{number_pattern()})(?![\w.,]\d)"
            rf"(?:[ \t]+(?:orang[ \t]+)?(?P<noun>{lexicon.alternation(nouns)})\b)?", re.I)

    def __call__(self, doc: Doc) -> Doc:
        out = []
        for m in self.rx.finditer(doc.text):
            value = parse_number(m.group("n"))
            if value is None:
                continue
            q = (m.group("q") or "").lower()
            out.append(Quantity(m.start(), m.end(), m.group(), value, self.qualifiers.get(q),
                                (m.group("noun") or "").lower() or None))
        doc._.kg_quantities = out
        return doc
