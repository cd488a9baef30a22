"""Counts of people, with how exact they are: "Sekitar 2.500 pasukan" is about 2500 troops."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg import lexicon
from kg.nlp import extensions  # noqa: F401
from kg.nlp.numbers import NUMBER_FILES, numbers


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
    #: a total strength ("Jumlah petempurnya ... mencapai 1.500 orang") rather than a number sent
    total: bool = False


#: the data files a quantity tagger reads, by config key
DATA_FILES = {
    "patterns_file": "patterns/quantities.tsv",
    "qualifiers_file": "quantities.tsv",
    "troop_nouns_file": "troop_nouns.txt",
    "casualty_words_file": "casualty_words.txt",
    **NUMBER_FILES,
}


@Language.factory("kg_quantities", default_config=DATA_FILES, assigns=["doc._.kg_quantities"])
def make_quantities(nlp: Language, name: str, patterns_file: str, qualifiers_file: str, troop_nouns_file: str,
                    casualty_words_file: str, numbers_file: str, numbers_patterns_file: str) -> QuantityTagger:
    return QuantityTagger(patterns_file, qualifiers_file, troop_nouns_file, casualty_words_file,
                          numbers_file, numbers_patterns_file)


class QuantityTagger:
    def __init__(self, patterns_file: str, qualifiers_file: str, troop_nouns_file: str, casualty_words_file: str,
                 numbers_file: str, numbers_patterns_file: str) -> None:
        p = lexicon.patterns(patterns_file)
        self.numbers = numbers(numbers_file, numbers_patterns_file)
        quals = {w: v for k, w, v in lexicon.rows(qualifiers_file) if k == "qualifier"}
        self.qualifiers = quals
        nouns = lexicon.words(troop_nouns_file)
        self.casualty = re.compile(
            rf"[ \t]+(?:\w+[ \t]+)?(?:{lexicon.alternation(lexicon.words(casualty_words_file))})\b", re.I)
        self.total_rx = re.compile(
            rf"{p['total_head']}(?P<noun>{lexicon.alternation(nouns)}){p['possessive']}\b[^.]{{0,60}}?"
            rf"{p['total_verb']}(?:(?P<q>{lexicon.alternation(quals)})[ \t]+)?"
            rf"(?P<n>{self.numbers.pattern}){p['people_after']}", re.I)
        self.strength_rx = re.compile(
            rf"{p['strength_head']}(?:(?P<q>{lexicon.alternation(quals)})[ \t]+)?(?P<n>{self.numbers.pattern})"
            rf"[ \t]+{p['people_before']}(?P<noun>{lexicon.alternation(nouns)})\b", re.I)
        self.year = re.compile(p["year"])
        self.rx = re.compile(
            rf"(?:\b(?P<q>{lexicon.alternation(quals)})[ \t]+)?(?<![\w.,])(?<!ke-)"  # not an ordinal ("ke-13")
            rf"(?P<n>{self.numbers.pattern})(?![\w.,]\d)"
            rf"(?:[ \t]+{p['people_before']}(?P<noun>{lexicon.alternation(nouns)})\b)?", re.I)

    def __call__(self, doc: Doc) -> Doc:
        out = []
        text = doc._.kg_text
        parse_number = self.numbers.parse
        for m in self.rx.finditer(text):
            value = parse_number(m.group("n"))
            if value is None:
                continue
            q = (m.group("q") or "").lower()
            noun = (m.group("noun") or "").lower() or None
            if noun and not q and self.year.fullmatch(m.group("n")):
                noun = None  # "sejak 2006 gugus tugas itu ...": a year (counts of thousands are written "2.006")
            if noun and self.casualty.match(text, m.end()):
                noun = None  # "dua prajurit TNI terluka": casualties, not troops sent
            out.append(Quantity(m.start(), m.end(), m.group(), value, self.qualifiers.get(q), noun))
        for m in [*self.total_rx.finditer(text), *self.strength_rx.finditer(text)]:
            # "Jumlah petempurnya diperkirakan mencapai sekitar 1.500 orang", "batalion berkekuatan 700 personel"
            value = parse_number(m.group("n"))
            if value:
                q = (m.group("q") or "").lower()
                out.append(Quantity(m.start("n"), m.end(), m.group(), value, self.qualifiers.get(q),
                                    m.group("noun").lower(), total=True))
        out.sort(key=lambda q: q.start)
        doc._.kg_quantities = out
        return doc
