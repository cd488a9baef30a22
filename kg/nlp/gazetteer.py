"""Names the world already knows: countries, regions, cities, organisations, news outlets, well-known people.

Lookups go by normalised token runs (so "Nur-Sultan", "Nur Sultan" and
"Nursultan" are one name) against indexes built once from pycountry, CLDR,
GeoNames and our data files. A city name is only taken where the text treats it
as a place (a locative word before it, a country after it, or a large city
mid-sentence), because many city names are also common words or given names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import keys, lexicon
from kg.facts import Mention
from kg.kinds import Kind
from kg.nlp import extensions  # noqa: F401  (registers the Doc layers)
from kg.nlp.names import NAME_WORD_FILES, SOURCE, ModelNames, model_mention

MAX_TOKENS = 6

#: the data files a gazetteer reads, by config key
DATA_FILES = {
    "patterns_file": "patterns/gazetteer.tsv",
    "countries_file": "countries_extra.tsv",
    "regions_file": "regions_extra.tsv",
    "organisations_file": "organisations.tsv",
    "outlets_file": "outlets.tsv",
    "people_file": "people.tsv",
    "territories_file": "territories.tsv",
    "place_cues_file": "place_cues.txt",
    "nationality_words_file": "nationality_words.txt",
    "compass_words_file": "compass_words.txt",
    "subdivision_types_file": "subdivision_types.txt",
    "subdivision_names_file": "subdivision_names.tsv",
    "roles_file": "roles.tsv",
    "name_words": NAME_WORD_FILES,
}


@Language.factory("kg_gazetteer", default_config={"city_min_population": 300_000, **DATA_FILES},
                  requires=["doc.ents", "token.is_sent_start"], assigns=["doc._.kg_candidates"])
def make_gazetteer(nlp: Language, name: str, city_min_population: int, patterns_file: str, countries_file: str,
                   regions_file: str, organisations_file: str, outlets_file: str, people_file: str,
                   territories_file: str, place_cues_file: str, nationality_words_file: str,
                   compass_words_file: str, subdivision_types_file: str, subdivision_names_file: str,
                   roles_file: str, name_words: dict[str, str]) -> Gazetteer:
    return Gazetteer(city_min_population, patterns_file, countries_file, regions_file, organisations_file,
                     outlets_file, people_file, territories_file, place_cues_file, nationality_words_file,
                     compass_words_file, subdivision_types_file, subdivision_names_file, roles_file,
                     ModelNames(**name_words))


class Gazetteer:
    def __init__(self, city_min_population: int, patterns_file: str, countries_file: str, regions_file: str,
                 organisations_file: str, outlets_file: str, people_file: str, territories_file: str,
                 place_cues_file: str, nationality_words_file: str, compass_words_file: str,
                 subdivision_types_file: str, subdivision_names_file: str, roles_file: str,
                 model_names: ModelNames) -> None:
        self.city_min_population = city_min_population
        self.name_token = re.compile(lexicon.patterns(patterns_file)["name_token"])
        self.speaker_before = re.compile(lexicon.patterns(patterns_file)["speaker_before"])
        self.countries, self.country_label, self.country_en = lexicon.countries(countries_file)
        self.regions = lexicon.regions(regions_file)
        self.subdivisions, self.subdivision_records = lexicon.subdivisions(subdivision_types_file,
                                                                                   subdivision_names_file)
        self.orgs, self.org_records = lexicon.organisations(organisations_file, outlets_file)
        self.people, _ = lexicon.people(people_file)
        self.territories = lexicon.territories(territories_file)
        self.cities = lexicon.cities()
        place_cues = lexicon.rows(place_cues_file)
        self.cues = {row[1].lower() for row in place_cues}
        self.locatives = {row[1] for row in place_cues if row[0] == "locative"}
        prefixes = [row[1] for row in place_cues if row[0] == "prefix"]
        self.facilities = {row[1].split()[0] for row in place_cues if row[0] == "facility"}
        self.prefix_rx = re.compile(rf"^(?:{lexicon.alternation(prefixes)})[ \t]+")
        waters = [row[1] for row in place_cues if row[0] == "water"]
        self.water_rx = re.compile(rf"^(?:{lexicon.alternation(waters)})[ \t]+")
        forms = [row[1] for row in place_cues if row[0] == "state_form"]
        self.state_form_rx = re.compile(rf"^(?:{lexicon.alternation(forms)})[ \t]+")
        self.english_org = {row[1] for row in place_cues if row[0] == "english_org"}
        self.nationality_words = lexicon.word_set(nationality_words_file)
        self.compass = lexicon.word_set(compass_words_file)
        self.model_names = model_names
        #: one-word titles and ranks ("Mayjen", "Presiden"): a place's name never runs into one
        self.title_words = frozenset(w for w in lexicon.roles(roles_file)[1] if " " not in w)

    def lookup(self, toks: Tokens, a: int, b: int) -> Mention | None:
        """What the known-names indexes say of tokens [a, b), if anything."""
        start, end = toks.start(a), toks.end(b - 1)
        surface = toks.text[start:end]
        iso = self.countries.get(surface)
        if iso is None and (form := self.state_form_rx.match(surface)) \
                and not (a and toks.words[a - 1][:1].isupper() and not toks.sent_start[a]):
            # "Kerajaan Yordania": Jordan (not inside a longer name: "Kepolisian Kerajaan Kepulauan Solomon")
            iso = self.countries.get(surface[form.end():])
        if iso and a and toks.lower[a - 1] in self.nationality_words:
            return None  # "beretnis Albania", "bahasa Inggris": a people or a language, not the state
        if iso in self.territories:  # "Kaledonia Baru": a place of France, though ISO gives it a code
            state, english = self.territories[iso]
            english = english or self.country_en.get(iso, surface)
            return Mention(start, end, surface, Kind.PLACE, keys.place(english), surface, "gazetteer",
                           aliases=(english,) if english != surface else (), country=keys.country(state))
        if iso:
            return Mention(start, end, surface, Kind.COUNTRY, keys.country(iso),
                           self.country_label.get(iso, surface), "gazetteer",
                           aliases=tuple(a for a in {self.country_en.get(iso)} if a), iso=iso)
        region = self.regions.get(surface)
        if region:
            return Mention(start, end, surface, Kind.PLACE, keys.place(region), region, "gazetteer")
        org_key = self.orgs.get(surface) or self.orgs.get(lexicon.outlet_key(surface))
        if org_key:
            rec = self.org_records[org_key]
            if rec.outlet and b < len(toks) and toks.words[b][:1].isupper() and toks.is_alpha[b] \
                    and toks.lower[b] not in lexicon.day_names():
                return None  # "CNN Turk" is not CNN
            return Mention(start, end, surface, Kind.ORGANISATION, org_key,
                           rec.name, "gazetteer", aliases=rec.aliases, acronym=rec.acronym,
                           country=keys.country(rec.country) if rec.country else None)
        person = self.people.get(surface)
        if person and not self._inside_a_name(toks, a):
            # "Putin", "Lu-Olo": a name every reader knows, whatever the model made of it
            return Mention(start, end, surface, Kind.PERSON, keys.person(surface), surface, "people",
                           aliases=(person,) if person != surface else ())
        city = self.cities.get(lexicon.normkey(surface))
        sub = self.subdivisions.get(surface)
        capital = city is not None and city.geonames_id in lexicon.capitals() and _own_name(surface, city)
        if sub and not surface.isupper() and not capital:
            # "Kapolda Jawa Barat", "negara bagian Texas": a province or state of the world, a place of its
            # country; a capital's own name is the capital ("Washington menduga": the state is rarely news),
            # not a province's name that GeoNames also gives the city ("DKI Jakarta")
            rec = self.subdivision_records[sub]
            return Mention(start, end, surface, Kind.PLACE, keys.place(rec.name), rec.name, "gazetteer",
                           aliases=(surface,) if surface != rec.name else (), country=keys.country(rec.country))
        if city and not surface.isupper() and self._placelike(toks, a, b, city):
            return Mention(start, end, surface, Kind.PLACE,
                           keys.geonames_place(city.geonames_id), surface, "gazetteer",
                           aliases=(city.name,), geonames_id=city.geonames_id,
                           country=keys.country(city.country))
        return None

    def _with_compass(self, hit: Mention, text: str) -> Mention:
        """'Balkan Barat', 'Kivu Utara': a compass word after a place name is part of another place."""
        m = re.match(r"[ \t]+([A-Z][a-z]+(?: [A-Z][a-z]+)?)", text[hit.end:hit.end + 40])
        if not m:
            return hit
        word = m.group(1) if m.group(1) in self.compass else m.group(1).split()[0]
        if word not in self.compass:
            return hit
        end = hit.end + m.start(1) + len(word)
        name = text[hit.start:end]
        return Mention(hit.start, end, name, Kind.PLACE, keys.place(name), name, "gazetteer",
                       country=hit.country)

    def _inside_a_name(self, toks: Tokens, a: int) -> bool:
        """Does a capitalised word of a longer name come right before token `a`? "Bandara Internasional Hamid
        Karzai" is an airport; after a title or an acronym ("Sekjen PBB X") the title rule reads the person."""
        prev = toks.words[a - 1] if a and not toks.sent_start[a] else ""
        return prev[:1].isupper() and toks.is_alpha[a - 1] and not prev.isupper() \
            and prev.lower() not in lexicon.stop_words() and prev.lower() not in self.model_names.common

    def _listed_after_cue(self, toks: Tokens, a: int) -> bool:
        """Is token `a` a later item of a list of single names that a place cue opens ("di X, Y dan Z")?"""
        i = a - 1
        for _ in range(4):
            if i < 1 or toks.lower[i] not in (",", "dan", "serta") or not toks.words[i - 1][:1].isupper():
                return False
            i -= 2  # over "X ," back to the word before X
            if i >= 0 and toks.lower[i] in self.cues:
                return True
        return False

    def _country_pair(self, text: str, start: int, end: int) -> bool:
        """'AS-China', 'Ukraina-Belarus': a country glued by a hyphen to another country."""
        after = re.match(r"-([A-Z][\w'’]*)", text[end:end + 40])
        before = re.search(r"([A-Z][\w'’]*)-$", text[max(0, start - 40):start])
        other = (after or before).group(1) if (after or before) else None
        return bool(other and self.countries.get(other) and self.countries.get(text[start:end]))

    def _known_town(self, word: str) -> bool:
        """A country or a city of the gazetteers (one word: the neighbour in a list)."""
        return bool(self.countries.get(word)) or (word[:1].isupper() and lexicon.normkey(word) in self.cities)

    def _craft_before(self, toks: Tokens, a: int) -> bool:
        """Does a craft's noun come before token `a`, over at most three lower-case words of its description
        and no locative ("kapal selam bertenaga nuklir [Kazan]"; not "kapal itu tiba di [Kazan]")?"""
        for i in range(a - 1, max(-1, a - 5), -1):
            word = toks.lower[i]
            if word in self.model_names.object_nouns:
                return True
            if not toks.words[i].islower() or not toks.is_alpha[i] or word in self.locatives or word in self.cues:
                return False
        return False

    def _placelike(self, toks: Tokens, a: int, b: int, city: lexicon.City) -> bool:
        """Does the text use this city name as a place?"""
        words = toks.words
        if a and toks.is_alpha[a - 1] and words[a - 1][:1].isupper() and not words[a - 1].isupper() \
                and not toks.sent_start[a] \
                and toks.lower[a - 1] not in self.cues and toks.lower[a - 1] not in lexicon.stop_words() \
                and not self.countries.get(words[a - 1]):
            return False  # "Lloyd Austin", "Rina Sari": a family name, not the city
        if self._craft_before(toks, a):
            return False  # "fregat Jingzhou", "kapal selam bertenaga nuklir Kazan": a ship named after the city
        own_name = _own_name(toks.text[toks.start(a):toks.end(b - 1)], city)
        if a and self.speaker_before.match(toks.lower[a - 1]) and not own_name:
            return False  # "kata Vena": a speaker who shares a city's name in some language, not Vienna
        before = " ".join(toks.lower[max(a - 2, 0):a])
        if any(before == c or before.endswith(" " + c) for c in self.cues):
            return True  # "Wali Kota Surabaya Eri Cahyadi": after "kota" the city, whatever follows
        if b < len(toks) and words[b][:1].isupper() and toks.is_alpha[b]:
            if not self.countries.get(words[b]) and words[b].lower() not in lexicon.day_names():
                return False  # "Nursultan Nazarbayev": a given name, not the city
        if b + 1 < len(toks) and words[b] == ",":
            two = toks.text[toks.start(b + 1):toks.end(min(b + 2, len(toks) - 1))]
            if self.countries.get(words[b + 1]) or self.countries.get(two) or toks.lower[b + 1] in self.cues:
                return True  # "Goma, Kongo", "Sake, kota kecil di ...": the apposition says it is a place
        if b + 1 < len(toks) and toks.lower[b] in ("dan", "serta") and self._known_town(words[b + 1]):
            return True  # "Sderot dan Ashkelon": listed with a place
        if a > 1 and toks.lower[a - 1] in ("dan", "serta") and self._known_town(words[a - 2]):
            return True
        if self._listed_after_cue(toks, a):
            return True  # "di Provinsi Cagayan, Isabela dan Palawan": a list the cue opened
        if city.geonames_id in lexicon.capitals():
            return True  # "Moskwa membantah ...": a capital opens a sentence as the place, or its government
        if not own_name:
            return False  # "Rasyid" (Rosetta in Arabic): a large city's other name alone is more often a person's
        return city.population >= self.city_min_population and not toks.sent_start[a]

    def __call__(self, doc: Doc) -> Doc:
        found: list[Mention] = list(doc._.kg_candidates or [])
        toks = Tokens(doc)
        words, n_toks = toks.words, len(toks)
        namelike = [not sp and bool(self.name_token.match(w)) for w, sp in zip(words, toks.is_space, strict=True)]
        i = 0
        while i < n_toks:
            w = words[i]
            if not (w[:1].isupper() or w[:1].isdigit()) or toks.is_space[i]:
                i += 1
                continue
            hit = None
            longest = 0
            while longest < min(MAX_TOKENS, n_toks - i) and namelike[i + longest]:
                longest += 1
            for n in range(longest, 0, -1):
                if not words[i + n - 1][:1].isalnum():
                    continue
                if _hyphen_joined(toks.text, toks.start(i), toks.end(i + n - 1)) \
                        and not self._country_pair(toks.text, toks.start(i), toks.end(i + n - 1)):
                    continue  # "Port" of "Port-Bouet" is not a name of its own ("AS-China" is two countries)
                hit = self.lookup(toks, i, i + n)
                if hit:
                    break
            if hit:
                if hit.kind == Kind.PLACE:
                    hit = self._with_compass(hit, toks.text)
                found.append(hit)
                i = max(i + 1, toks.index_after(hit.end))
            else:
                i += 1
        found.extend(self._model_places(doc, toks, found))
        doc._.kg_candidates = found
        return doc

    def _model_places(self, doc: Doc, toks: Tokens, found: list[Mention]) -> list[Mention]:
        """The model's LOC names, typed by the gazetteers: a Country, a known region or city, else a Place;
        and the model's persons and organisations that the text or a gazetteer makes places."""
        known = {(m.start, m.end) for m in found}
        out = []
        for span in self.model_names(doc, "LOC"):
            cut = next((i for i, t in enumerate(span) if i and t.text in self.title_words
                        and span[i - 1].whitespace_), None)  # (not "Nur-Sultan")
            if span[0].text in self.title_words:
                continue  # "di bawah [Komodor Vasileios Gryparis]": a person after the rank, no place
            if cut is not None:
                span = span[:cut]  # "di Lebanon Mayjen Aroldo Lazaro": the place ends before the rank
            if (span.start_char, span.end_char) in known or span[0].text in self.facilities:
                continue  # "Lapangan Mabes", "Bandara Halim", "Rumah Sakit X": a facility, not a place
            if self._craft_before(toks, span.start):
                continue  # "kapal selam bertenaga nuklir Kazan": a ship, not the city
            if len(span) > 1 and span[-1].text in self.english_org:
                # "New Development Bank": an organisation's English name, not a place
                out.append(model_mention(span, Kind.ORGANISATION, keys.organisation(span.text), span.text))
                continue
            surface = span.text
            hit = self.lookup(toks, span.start, span.end)
            if hit is not None and hit.kind != Kind.ORGANISATION:
                out.append(replace(hit, source=SOURCE))
                continue
            if hit is not None or self.orgs.get(surface) or self.countries.get(surface) \
                    or not any(c.isalpha() for c in surface):
                continue  # an organisation the model took for a place ("PBB"), a language ("bahasa Inggris")
            city = self.cities.get(lexicon.normkey(surface))
            if city:
                out.append(model_mention(span, Kind.PLACE, keys.geonames_place(city.geonames_id), surface,
                                         aliases=(city.name,), geonames_id=city.geonames_id,
                                         country=keys.country(city.country)))
            else:
                out.append(self._named_place(span))
        places = {m.start: m for m in [*found, *out] if m.kind == Kind.PLACE}
        for span in [*self.model_names(doc, "PER"), *self.model_names(doc, "ORG")]:
            if (span.start_char, span.end_char) in known:
                continue
            # "menuju Nairobi", "Di Yerevan": a known city the model took for a person or an organisation
            city = self.cities.get(lexicon.normkey(span.text))
            if city and not span.text.isupper() and self._placelike(toks, span.start, span.end, city):
                out.append(Mention(span.start_char, span.end_char, span.text, Kind.PLACE,
                                   keys.geonames_place(city.geonames_id), span.text, "gazetteer",
                                   aliases=(city.name,), geonames_id=city.geonames_id,
                                   country=keys.country(city.country)))
            elif span.label_ == "PER" and len(span) > 1 and span[-1].text in self.english_org:
                # "Charles Darwin University": an organisation's English name, not a person
                out.append(model_mention(span, Kind.ORGANISATION, keys.organisation(span.text), span.text))
            elif span.label_ == "PER" and (country := self._placed(toks, span.start, span.end, places)) is not None:
                out.append(replace(self._named_place(span), source="gazetteer", country=country or None))
        return out

    def _named_place(self, span: Span) -> Mention:
        """A place no gazetteer knows, named as kg_places names it ("Provinsi Cabo Delgado": Cabo Delgado)."""
        name = span.text if self.water_rx.match(span.text) else self.prefix_rx.sub("", span.text) or span.text
        aliases = (span.text,) if name != span.text else ()
        return model_mention(span, Kind.PLACE, keys.place(name), name, aliases=aliases)

    def _placed(self, toks: Tokens, a: int, b: int, places: dict[int, Mention]) -> str | None:
        """Does the text make the model's person at tokens [a, b) a place? "" when it does (or the country
        of the place beside it), None when not: a place word opens it ("Semenanjung Krimea"), a locative
        comes right before it ("di Badung"), or a place (`places`, by start) follows it in apposition
        ("Dabo Singkep, Kepulauan Riau")."""
        if toks.is_space[a] or "\n" in toks.text[toks.start(a):toks.end(b - 1)]:
            return None
        if b - a >= 2 and self.prefix_rx.match(toks.text[toks.start(a):toks.end(b - 1)]):
            return ""
        if a and toks.lower[a - 1] in self.locatives and not toks.sent_start[a]:
            return ""
        if a >= 2 and toks.words[a - 1] == "," and b < len(toks) and toks.words[b] == "," \
                and self._after_locative(toks, a - 1, places):
            return ""  # "di Nusa Dua, Badung, pada ...": the region the place lies in, named in apposition
        nxt = places.get(toks.start(b + 1)) if b + 1 < len(toks) and toks.words[b] == "," else None
        if nxt is not None and nxt.kind == Kind.PLACE:  # a country after a speaker begins what was said:
            return nxt.country or ""  # "Menurut juru bicara Kemlu X, Indonesia tetap ..."
        return None  # never after one: "Duta Besar Cina untuk Indonesia, Xiao Qian, ..." names a person

    def _after_locative(self, toks: Tokens, comma: int, places: dict[int, Mention]) -> bool:
        """Does a place (not a country) end at the token before `comma`, right after a mid-sentence locative
        ("... digelar di Nusa Dua, ")?"""
        end = toks.end(comma - 1)
        place = next((m for m in places.values() if m.end == end and m.kind == Kind.PLACE), None)
        if place is None:
            return False
        first = bisect.bisect_left(toks.idx, place.start)
        return 0 < first < len(toks) and toks.words[first - 1] in self.locatives and not toks.sent_start[first - 1]


class Tokens:
    """The doc's tokens read once into plain lists: spaCy builds a Token object per access."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc._.kg_text
        rows = [(t.text, t.idx, t.is_space, t.is_alpha) for t in doc]
        self.words = [r[0] for r in rows]
        self.lower = [w.lower() for w in self.words]
        self.idx = [r[1] for r in rows]
        self.is_space = [r[2] for r in rows]
        self.is_alpha = [r[3] for r in rows]
        self.sent_start = [False] * len(rows)
        for sent in doc.sents:
            self.sent_start[sent.start] = True

    def __len__(self) -> int:
        return len(self.words)

    def start(self, i: int) -> int:
        return self.idx[i]

    def end(self, i: int) -> int:
        return self.idx[i] + len(self.words[i])

    def index_after(self, char: int) -> int:
        """The first token that starts at or after a character offset."""
        return bisect.bisect_left(self.idx, char)


def _own_name(surface: str, city: lexicon.City) -> bool:
    """Is the city named by its own GeoNames name, not by one of its other names ("Vena", "Rasyid")?"""
    return lexicon.normkey(surface) == lexicon.normkey(city.name)


def _hyphen_joined(text: str, start: int, end: int) -> bool:
    """Is the span glued by a hyphen to a capitalised word outside it?"""
    after = text[end:end + 2]
    before = text[max(0, start - 2):start]
    return (len(after) == 2 and after[0] == "-" and after[1].isupper()) or (
        len(before) == 2 and before[1] == "-" and before[0].isalpha())
