"""Sentence boundaries for Indonesian news.

spaCy's rule-based sentencizer splits inside quotations ("A. B," kata X) and after
abbreviations; news needs a quotation kept whole with its attribution. Lines are
paragraphs, so a newline always ends a sentence.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg import lexicon

END = re.compile(r"[.!?]+[\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9\"“‘])")
GAP = re.compile(r"\s+")
OPEN, CLOSE = "“‘", "”’"


@Language.factory("kg_sentences", default_config={"abbreviations_file": "abbreviations.txt"},
                  assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str, abbreviations_file: str) -> SentenceSplitter:
    return SentenceSplitter(set(lexicon.words(abbreviations_file)))


class SentenceSplitter:
    def __init__(self, abbreviations: set[str]) -> None:
        self.abbreviations = {a.lower().rstrip(".") for a in abbreviations}

    def boundaries(self, text: str) -> set[int]:
        """Character offsets where a sentence starts."""
        starts = {0}
        for line in re.finditer(r"[^\n]+", text):
            starts.add(line.start())
            body = line.group()
            for m in END.finditer(body):
                before = body[: m.start()]
                word = re.search(r"(\S+)$", before)
                if word and "." in m.group() and m.group().startswith("."):
                    w = word.group(1).lower()
                    if w in self.abbreviations or re.fullmatch(r"[a-z](?:\.[a-z])*", w):
                        continue  # "H.", "M.R. Stefanik": initials
                if self._inside_quote(before + m.group()):
                    continue
                nxt = GAP.match(body, m.end())
                starts.add(line.start() + (nxt.end() if nxt else m.end()))
        return starts

    @staticmethod
    def _inside_quote(prefix: str) -> bool:
        curly = sum(prefix.count(c) for c in OPEN) - sum(prefix.count(c) for c in CLOSE)
        return curly > 0 or prefix.count('"') % 2 == 1

    def __call__(self, doc: Doc) -> Doc:
        starts = self.boundaries(doc._.kg_text)
        # one array write instead of a Token per word: 1 starts a sentence, -1 does not (spaCy's uint64 form)
        flags = numpy.array([1 if i == 0 or idx in starts else -1 for i, idx in enumerate(doc.to_array(IDX))],
                            dtype="int64").astype("uint64")
        if len(doc):
            doc.from_array([SENT_START], flags.reshape(-1, 1))
        return doc
