"""Names the world already knows: countries, regions, cities, organisations, news outlets.

Lookups go by normalised token runs (so "Nur-Sultan", "Nur Sultan" and
"Nursultan" are one name) against indexes built once from pycountry, CLDR,
GeoNames and our data files. A city name is only taken where the text treats it
as a place (a locative word before it, a country after it, or a large city
mid-sentence), because many city names are also common words or given names.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import lexicon
from kg.facts import Mention
from kg.nlp import extensions  # noqa: F401  (registers the Doc layers)

MAX_TOKENS = 6
NOT_A_COUNTRY_AFTER = {"etnis", "beretnis", "suku", "keturunan", "berdarah", "bahasa", "berbahasa", "bangsa"}
COMPASS = {"Barat", "Timur", "Utara", "Selatan", "Tengah", "Raya", "Tenggara", "Barat Daya", "Barat Laut", "Timur Laut"}
NAME_TOKEN = re.compile(r"^[A-Z0-9][\w'’.&-]*$|^[-'’&.]$|^(?:de|la|of|the|au|du|al|el|da|do|dos)$")


@Language.factory("kg_gazetteer", default_config={"city_min_population": 300_000})
def make_gazetteer(nlp: Language, name: str, city_min_population: int) -> Gazetteer:
    return Gazetteer(city_min_population)


class Gazetteer:
    def __init__(self, city_min_population: int) -> None:
        self.city_min_population = city_min_population
        self.countries, self.country_label, self.country_en = lexicon.countries()
        self.regions = lexicon.regions()
        self.orgs, self.org_records = lexicon.organisations()
        self.cities = lexicon.cities()
        self.cues = {row[1].lower() for row in lexicon.rows("place_cues.txt")}

    def lookup(self, span: Span, doc: Doc) -> Mention | None:
        surface = span.text
        iso = self.countries.get(surface)
        if iso and span.start and doc[span.start - 1].lower_ in NOT_A_COUNTRY_AFTER:
            return None  # "beretnis Albania", "bahasa Inggris": a people or a language, not the state
        if iso:
            return Mention(span.start_char, span.end_char, surface, "Country", f"country:{iso}",
                           self.country_label.get(iso, surface), "gazetteer",
                           aliases=tuple(a for a in {self.country_en.get(iso)} if a), iso=iso)
        region = self.regions.get(surface)
        if region:
            return Mention(span.start_char, span.end_char, surface, "Place",
                           f"place:{lexicon.normkey(region)}", region, "gazetteer")
        org_key = self.orgs.get(surface) or self.orgs.get(lexicon.outlet_key(surface))
        if org_key:
            rec = self.org_records[org_key]
            after = doc[span.end] if span.end < len(doc) else None
            if rec.outlet and after is not None and after.text[:1].isupper() and after.is_alpha \
                    and after.lower_ not in lexicon.day_names():
                return None  # "CNN Turk" is not CNN
            return Mention(span.start_char, span.end_char, surface, "Organisation", org_key,
                           rec.name, "gazetteer", aliases=rec.aliases, acronym=rec.acronym,
                           country=f"country:{rec.country}" if rec.country else None)
        city = self.cities.get(lexicon.normkey(surface))
        if city and not surface.isupper() and self._placelike(span, doc, city.population):
            return Mention(span.start_char, span.end_char, surface, "Place",
                           f"place:geonames:{city.geonames_id}", surface, "gazetteer",
                           aliases=(city.name,), geonames_id=city.geonames_id,
                           country=f"country:{city.country}")
        return None

    @staticmethod
    def _with_compass(hit: Mention, doc: Doc) -> Mention:
        """'Balkan Barat', 'Kivu Utara': a compass word after a place name is part of another place."""
        m = re.match(r"[ \t]+([A-Z][a-z]+(?: [A-Z][a-z]+)?)", doc.text[hit.end:])
        if not m:
            return hit
        word = m.group(1) if m.group(1) in COMPASS else m.group(1).split()[0]
        if word not in COMPASS:
            return hit
        end = hit.end + m.start(1) + len(word)
        name = doc.text[hit.start:end]
        return Mention(hit.start, end, name, "Place", f"place:{lexicon.normkey(name)}", name, "gazetteer",
                       country=hit.country)

    def _placelike(self, span: Span, doc: Doc, population: int) -> bool:
        """Does the text use this city name as a place?"""
        prev = doc[span.start - 1] if span.start else None
        if prev is not None and prev.is_alpha and prev.text[:1].isupper() and not span[0].is_sent_start \
                and prev.lower_ not in self.cues and prev.lower_ not in lexicon.stop_words() \
                and not self.countries.get(prev.text):
            return False  # "Lloyd Austin", "Rina Sari": a family name, not the city
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.text[:1].isupper() and after.is_alpha:
            if not self.countries.get(after.text) and after.text.lower() not in lexicon.day_names():
                return False  # "Nursultan Nazarbayev": a given name, not the city
        before = " ".join(t.text.lower() for t in doc[max(span.start - 2, 0):span.start])
        if any(before == c or before.endswith(" " + c) for c in self.cues):
            return True
        if after is not None and after.text == "," and span.end + 1 < len(doc):
            nxt = doc[span.end + 1]
            if self.countries.get(nxt.text) or self.countries.get(doc[span.end + 1:span.end + 3].text):
                return True
        return population >= self.city_min_population and not span[0].is_sent_start

    def __call__(self, doc: Doc) -> Doc:
        found: list[Mention] = list(doc._.kg_candidates or [])
        i = 0
        while i < len(doc):
            tok = doc[i]
            if not (tok.text[:1].isupper() or tok.text[:1].isdigit()) or tok.is_space:
                i += 1
                continue
            hit = None
            for n in range(min(MAX_TOKENS, len(doc) - i), 0, -1):
                span = doc[i:i + n]
                if any(t.is_space or not NAME_TOKEN.match(t.text) for t in span) or not span[-1].text[:1].isalnum():
                    continue
                if _hyphen_joined(doc, span):
                    continue  # "Port" of "Port-Bouet" is not a name of its own
                hit = self.lookup(span, doc)
                if hit:
                    break
            if hit:
                if hit.kind == "Place":
                    hit = self._with_compass(hit, doc)
                found.append(hit)
                i += max(1, len(doc.char_span(hit.start, hit.end, alignment_mode="expand")))
            else:
                i += 1
        doc._.kg_candidates = found
        return doc


def _hyphen_joined(doc: Doc, span: Span) -> bool:
    """Is the span glued by a hyphen to a capitalised word outside it?"""
    text = doc.text
    after = text[span.end_char:span.end_char + 2]
    before = text[max(0, span.start_char - 2):span.start_char]
    return (len(after) == 2 and after[0] == "-" and after[1].isupper()) or (
        len(before) == 2 and before[1] == "-" and before[0].isalpha())
