"""Places the gazetteer does not know, named with a place word: "Provinsi Cabo Delgado".

Once the text has called a name a place, its other mentions ("di Cabo Delgado")
are that place too.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg import keys, lexicon
from kg.facts import Mention
from kg.kinds import Kind
from kg.nlp import extensions  # noqa: F401
from kg.nlp.occurrences import occurrences


@Language.factory("kg_places",
                  default_config={"patterns_file": "patterns/places.tsv", "place_cues_file": "place_cues.txt",
                                  "things_file": "things.txt"},
                  requires=["doc._.kg_candidates"], assigns=["doc._.kg_candidates"])
def make_places(nlp: Language, name: str, patterns_file: str, place_cues_file: str, things_file: str) -> PlaceFinder:
    return PlaceFinder(patterns_file, place_cues_file, things_file)


class PlaceFinder:
    def __init__(self, patterns_file: str, place_cues_file: str, things_file: str) -> None:
        p = lexicon.patterns(patterns_file)
        #: a capitalised run of up to four words: "Cabo Delgado", "Kivu Utara"
        cap_run = rf"[A-Z][\w'’-]*(?:[ \t]+{p['particle']}?[ \t]*[A-Z][\w'’-]*){{0,3}}"
        place_cues = lexicon.rows(place_cues_file)
        prefixes = [row[1] for row in place_cues if row[0] == "prefix"]
        self.waters = {row[1] for row in place_cues if row[0] == "water"}
        self.rx = re.compile(rf"\b(?P<prefix>{lexicon.alternation(prefixes)})[ \t]+(?P<name>{cap_run})"
                             rf"(?:{p['and']}(?P<also>{cap_run}))?")
        ports = [row[1] for row in place_cues if row[0] == "port"]
        self.port_rx = re.compile(rf"\b(?:{lexicon.alternation(ports)}){p['port_qualifier']}[ \t]+(?P<name>{cap_run})")
        bases = [row[1] for row in place_cues if row[0] == "base"]
        self.base_rx = re.compile(rf"\b(?:{lexicon.alternation(bases)})[ \t]+(?P<name>{cap_run})")
        self.stop = lexicon.stop_words()
        self.blocked = lexicon.vocabulary_words()
        self.cue_rx = re.compile(rf"(?<![\w-]){p['cue']}[ \t]+(?P<name>{cap_run})(?![\w(-]|[ \t]*\()")
        self.list_goes_on = re.compile(rf"{p['list_goes_on']}(?P<name>{cap_run})")
        #: platforms and systems are where words are posted or what fires, never where ("unggahan di X")
        self.things = lexicon.things(things_file)

    def _trim(self, run: str) -> str:
        """The leading words of a capitalised run that are not common or vocabulary words; nothing when
        those words name a thing (a platform, a weapon system)."""
        words = []
        for w in run.split():
            if w.lower() in self.stop or lexicon.normkey(w) in self.blocked:
                break
            words.append(w)
        name = " ".join(words)
        return "" if lexicon.normkey(name) in self.things else name

    def __call__(self, doc: Doc) -> Doc:
        cands: list[Mention] = list(doc._.kg_candidates or [])
        text = doc._.kg_text
        taken = [(m.start, m.end) for m in cands]
        model = {(m.start, m.end) for m in cands if m.source == "model" and m.kind != Kind.PLACE}
        new: dict[str, Mention] = {}
        for m in self.rx.finditer(text):
            name = self._trim(m.group("name"))
            if not name:
                continue
            end = m.start("name") + len(name)
            if any(a <= m.start("name") < b and not ((a, b) in model and a == m.start() and b <= end)
                   for a, b in taken):
                continue  # already a country, organisation or known city (the model's name from the place word
                # on, "Beting Second Thomas" read as an organisation, is the place the word says it is)
            if m.group("prefix") in self.waters:
                name = f"{m.group('prefix')} {name}"  # "Selat Lombok": the strait, not the island
            key = keys.place(name)
            mention = Mention(m.start(), end, text[m.start():end], Kind.PLACE, key, name, "prefix",
                              aliases=(text[m.start():end],))
            cands.append(mention)
            new.setdefault(name, mention)
            also = self._trim(m.group("also") or "")
            if also and not any(a <= m.start("also") < b for a, b in taken):
                # "Provinsi Kivu Utara dan Ituri": the place word covers both names
                s = m.start("also")
                cands.append(Mention(s, s + len(also), also, Kind.PLACE, keys.place(also), also,
                                     "prefix"))
                new.setdefault(also, cands[-1])
        for m in self.port_rx.finditer(text):
            # "Bandara Internasional Tribhuvan": an airport or a seaport, named whole (not the town "Hang")
            name = self._trim(m.group("name"))
            full = text[m.start():m.start("name") + len(name)]
            if name and not any(a <= m.start() < b for a, b in taken):
                cands.append(Mention(m.start(), m.start() + len(full), full, Kind.PLACE, keys.place(full), full,
                                     "prefix", aliases=(name,)))
                taken.append((m.start(), m.start() + len(full)))
        for m in self.base_rx.finditer(text):
            # "pangkalan militer Tapa": a base is named after its place
            name = self._trim(m.group("name"))
            s = m.start("name")
            if name and not any(a <= s < b for a, b in taken) and name not in new:
                new[name] = Mention(s, s + len(name), name, Kind.PLACE, keys.place(name), name, "cue")
                cands.append(new[name])
                taken.append((s, s + len(name)))
        for m in self.cue_rx.finditer(text):
            # "dekat Agadez", "di Tinzaouaten": an unknown name where a place is expected
            name = self._trim(m.group("name"))
            s = m.start("name")
            if not name or any(a <= s < b for a, b in taken) or name in new:
                continue
            if re.fullmatch(r"[A-Z0-9-]{2,6}", name.split()[0]):
                continue  # an acronym: an organisation more often than a place
            if "-" in name and all(lexicon.countries()[0].get(part) for part in name.split("-")):
                continue  # "perbatasan Ukraina-Belarus": two countries, which the gazetteer names
            taken.append((s, s + len(name)))
            new[name] = Mention(s, s + len(name), name, Kind.PLACE, keys.place(name), name, "cue")
            cands.append(new[name])
        # a list goes on with places: "wilayah Rutshuru dan Masisi", "Provinsi Cagayan, Isabela dan Palawan"
        # ... but only a list that ends with "dan": "Di Bangkok, Phumtham menyatakan" is no list
        for p in sorted((c for c in cands if c.kind == Kind.PLACE), key=lambda c: c.start):
            edge = p.end
            chain: list[tuple[str, int]] = []
            for _ in range(4):
                nxt = self.list_goes_on.match(text, edge)
                if not nxt:
                    break
                name = self._trim(nxt.group("name"))
                s = nxt.start("name")
                if not name or any(a <= s < b for a, b in taken) or name in new or name in (n for n, _ in chain):
                    break
                chain.append((name, s))
                edge = s + len(name)
                if "dan" in text[nxt.start():s]:
                    break
            if not chain or "dan" not in text[p.end:chain[-1][1]]:
                continue
            for name, s in chain:
                new[name] = Mention(s, s + len(name), name, Kind.PLACE, keys.place(name), name, "cue")
                cands.append(new[name])
                taken.append((s, s + len(name)))
        for name, first in new.items():
            for start, end in occurrences(text, name):
                cands.append(Mention(start, end, name, Kind.PLACE, first.key, first.name, "prefix"))
        doc._.kg_candidates = cands
        return doc
