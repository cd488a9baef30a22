"""Choose one reading for every stretch of text, and expose it the spaCy way.

Candidates from the trained model and the gazetteer, organisation, place and person
components overlap ("Komunitas Pembangunan Afrika Selatan (SADC)" holds a country name;
the model may read "Juru bicara Kementerian Luar Negeri India Randhir Jaiswal" as one
organisation where the rules see an organisation and a person). Each candidate weighs its
source's weight per word, and the chooser keeps the non-overlapping set that weighs most.
The chosen mentions become `doc._.kg_mentions` and `doc.spans["kg"]`; doc.ents stays the
trained model's own proposals.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import lexicon
from kg.facts import Mention
from kg.kinds import Kind
from kg.nlp import extensions  # noqa: F401

#: how much one word of a candidate from each source is worth when readings compete for text.
#: Sources with evidence beyond the name itself (an acronym definition, a title, a known name)
#: weigh more than the trained model, which weighs more than a bare capitalised run. A city of
#: the same name as a person the model found ("ujar Vena") weighs less than that person.
DEFAULT_WEIGHTS = {"acronym": 1.3, "title": 1.2, "forces": 1.1, "gazetteer": 1.1, "city": 0.85, "head": 1.0,
                   "short": 1.0, "prefix": 0.95, "model": 0.9, "speech": 0.8, "cue": 0.7, "metadata": 1.0}


LABELS = {Kind.PERSON: "PERSON", Kind.ORGANISATION: "ORG", Kind.COUNTRY: "GPE", Kind.PLACE: "LOC"}


@Language.factory("kg_entities", default_config={"weights": DEFAULT_WEIGHTS, "patterns_file": "patterns/places.tsv"},
                  requires=["doc._.kg_candidates"], assigns=["doc._.kg_mentions", "doc.spans"])
def make_entities(nlp: Language, name: str, weights: dict[str, float], patterns_file: str) -> EntityChooser:
    return EntityChooser(weights, patterns_file)


class EntityChooser:
    """Weighted interval scheduling: the non-overlapping candidates with the most weight in all."""

    def __init__(self, weights: dict[str, float], patterns_file: str = "patterns/places.tsv") -> None:
        self.weights = dict(weights)
        #: other_name: the words between a place and another name of the same place; state_form: the words of a
        #: state's form before its country's short name ("Republik Demokratik" Kongo)
        self.rx = lexicon.compiled(patterns_file)

    def weight(self, m: Mention) -> float:
        source = "city" if m.kind == Kind.PLACE and m.source == "gazetteer" and m.geonames_id \
            and m.geonames_id not in lexicon.capitals() else m.source  # "Moskwa" is no given name
        return self.weights.get(source, 0.5) * max(1, len(m.text.split()))

    def choose(self, cands: list[Mention]) -> list[Mention]:
        """The best non-overlapping set; ties go to the longer candidate, then to the earlier one."""
        items = sorted((m for m in cands if m.end > m.start), key=lambda m: (m.end, -(m.end - m.start), m.start,
                                                                           -self.weight(m), m.key))
        ends = [m.end for m in items]
        best: list[tuple[float, int]] = [(0.0, 0)]  # (weight, covered characters) of items[:i]
        take: list[bool] = []
        for i, m in enumerate(items):
            j = bisect_right(ends, m.start, 0, i)  # items[:j] end at or before m starts
            with_m = (best[j][0] + self.weight(m), best[j][1] + m.end - m.start)
            take.append(with_m > best[i])
            best.append(max(best[i], with_m))
        chosen, i = [], len(items)
        while i > 0:
            if take[i - 1]:
                m = items[i - 1]
                chosen.append(m)
                i = bisect_right(ends, m.start, 0, i - 1)
            else:
                i -= 1
        return chosen[::-1]

    @staticmethod
    def one_sense(chosen: list[Mention]) -> list[Mention]:
        """A name the article uses as a place keeps that sense everywhere in it: "wilayah Kherson, Ukraina"
        makes "mengatakan Kherson tetap ..." the place too, where the model alone read a person. A person
        whose full name the article gives ("Lloyd Austin") keeps the bare family name ("kata Austin")."""
        places = {m.text: m for m in chosen if m.kind in (Kind.PLACE, Kind.COUNTRY) and m.source != "model"}
        full_names = {w for m in chosen if m.kind == Kind.PERSON and len(m.text.split()) > 1 for w in m.text.split()}
        #: the first and last words of the people named in full so far ("Ousmane Sonko", "Wang Wenbin")
        named: dict[str, Mention] = {}
        shortened = EntityChooser.shortened_names(chosen)
        out = []
        for m in chosen:
            place = places.get(m.text) if m.kind == Kind.PERSON and m.source == "model" else None
            full = shortened.get(m.text) if m.kind == Kind.ORGANISATION and m.source in ("head", "model") else None
            if place is not None and not set(m.text.split()) & full_names:
                m = replace(place, start=m.start, end=m.end)
            elif full is not None:
                # "anggota tetap Dewan Keamanan" in an article about "Dewan Keamanan PBB": that council
                m = replace(full, start=m.start, end=m.end, text=m.text, source=m.source)
            elif m.text in named and (m.kind in (Kind.ORGANISATION, Kind.PLACE) and m.source == "model" or (
                    m.kind == Kind.PLACE and m.geonames_id and m.geonames_id not in lexicon.capitals())):
                # "Sonko menyatakan ...", "ujar Wang di Beijing" after the full name: that person, not an actor;
                # "kata Kamikawa" after "Yoko Kamikawa": the minister, not the town in Hokkaido
                m = replace(named[m.text], start=m.start, end=m.end, text=m.text, source=m.source)
            if m.kind == Kind.PERSON and len(words := m.text.split()) > 1:
                named.update((w, m) for w in (words[0], words[-1]) if len(w) > 2 and w[:1].isupper())
            out.append(m)
        return out

    def short_states(self, chosen: list[Mention]) -> list[Mention]:
        """A country the article names by its state's full name ("Republik Afrika Tengah", "Republik Demokratik
        Kongo") is that country in the name without the state's form too ("Afrika Tengah", "Kongo"), which
        alone could be a region or a neighbour."""
        states: dict[str, Mention] = {}
        for m in chosen:
            if m.kind == Kind.COUNTRY and (form := self.rx.state_form.match(m.text)) and m.text[form.end():]:
                states.setdefault(m.text[form.end():], m)
        if not states:
            return chosen
        return [replace(states[m.text], start=m.start, end=m.end, text=m.text, source=m.source)
                if m.kind in (Kind.COUNTRY, Kind.PLACE) and m.text in states and m.key != states[m.text].key else m
                for m in chosen]

    def other_names(self, text: str, chosen: list[Mention]) -> list[Mention]:
        """A place followed by another name of it ("Kepulauan Nansha, sebutan Cina untuk Kepulauan Spratly")
        is one place: the second name takes the first's key, so both become names of one node."""
        out = list(chosen)
        last: Mention | None = None  # the place before, whatever stands between ("sebutan Cina untuk")
        for i, m in enumerate(out):
            if m.kind != Kind.PLACE or m.start < 0:
                continue
            if last is not None and last.key != m.key and m.start - last.end <= 60 \
                    and self.rx.other_name.match(text[last.end:m.start]):
                m = out[i] = replace(last, start=m.start, end=m.end, text=m.text, source=m.source,
                                     aliases=tuple(dict.fromkeys((*last.aliases, m.text))))
            last = m
        return out

    @staticmethod
    def shortened_names(chosen: list[Mention]) -> dict[str, Mention]:
        """Organisations the article names in full with a last word that says whose they are, an acronym or a
        country ("Dewan Keamanan PBB", "Kementerian Luar Negeri China"), by the name without it, where only
        one organisation of the article shortens so: news writes the short form once the full one is known."""
        countries = lexicon.countries()[0]
        found: dict[str, dict[str, Mention]] = {}
        for m in chosen:
            words = m.text.split()
            if m.kind != Kind.ORGANISATION or len(words) < 3 or m.source not in ("gazetteer", "acronym", "head"):
                continue
            owner = words[-1]
            if (owner.isupper() and owner.isalpha()) or countries.get(owner):
                found.setdefault(" ".join(words[:-1]), {}).setdefault(m.key, m)
        return {short: next(iter(full.values())) for short, full in found.items() if len(full) == 1}

    def __call__(self, doc: Doc) -> Doc:
        cands = doc._.kg_candidates or []
        # "Menurut Teodoro" after "Gilberto Teodoro": the person's short name, not a place no gazetteer knows
        shorts = {(m.start, m.end) for m in cands if m.kind == Kind.PERSON and m.source == "short"}
        chosen = self.other_names(doc.text, self.short_states(self.one_sense(self.choose([m for m in cands if not (
            m.kind == Kind.PLACE and m.geonames_id is None and (m.start, m.end) in shorts)]))))
        doc._.kg_mentions = chosen
        spans: list[Span] = []
        for m in chosen:
            span = doc.char_span(m.start, m.end, label=LABELS[m.kind], alignment_mode="expand")
            if span is not None and (not spans or span.start >= spans[-1].end):
                spans.append(span)
        doc.spans["kg"] = spans
        return doc
