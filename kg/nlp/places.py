"""Places the gazetteer does not know, named with a place word: "Provinsi Cabo Delgado".

Once the text has called a name a place, its other mentions ("di Cabo Delgado")
are that place too.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg import lexicon
from kg.facts import Mention
from kg.nlp import extensions  # noqa: F401

CAP_RUN = r"[A-Z][\w'’-]*(?:[ \t]+(?:de|del|da|do|la|al)?[ \t]*[A-Z][\w'’-]*){0,3}"


@Language.factory("kg_places")
def make_places(nlp: Language, name: str) -> PlaceFinder:
    return PlaceFinder()


class PlaceFinder:
    def __init__(self) -> None:
        prefixes = [row[1] for row in lexicon.rows("place_cues.txt") if row[0] == "prefix"]
        self.rx = re.compile(rf"\b(?P<prefix>{lexicon.alternation(prefixes)})[ \t]+(?P<name>{CAP_RUN})")
        self.stop = lexicon.stop_words()
        self.blocked = lexicon.vocabulary_words()

    def __call__(self, doc: Doc) -> Doc:
        cands: list[Mention] = list(doc._.kg_candidates or [])
        text = doc.text
        taken = [(m.start, m.end) for m in cands]
        new: dict[str, Mention] = {}
        for m in self.rx.finditer(text):
            words = []
            for w in m.group("name").split():
                if w.lower() in self.stop or lexicon.normkey(w) in self.blocked:
                    break
                words.append(w)
            if not words:
                continue
            name = " ".join(words)
            end = m.start("name") + len(name)
            if any(a <= m.start("name") < b for a, b in taken):
                continue  # already a country, organisation or known city
            key = f"place:{lexicon.normkey(name)}"
            mention = Mention(m.start(), end, text[m.start():end], "Place", key, name, "prefix",
                              aliases=(text[m.start():end],))
            cands.append(mention)
            new.setdefault(name, mention)
        for name, first in new.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                cands.append(Mention(m.start(), m.end(), name, "Place", first.key, first.name, "prefix"))
        doc._.kg_candidates = cands
        return doc
