"""People, found from the text itself rather than from a list of names.

A person is named after a title ("Presiden Kazakhstan Kassym-Jomart Tokayev",
"Juru bicara Kementerian Luar Negeri India Randhir Jaiswal"), which also gives
their role and affiliation; or as the speaker of a quote ("...," kata X) or of
reported speech (X mengatakan ...). Once a full name is known, its surname or
given name alone ("Tokayev") is the same person.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from kg import keys, lexicon
from kg.facts import Mention
from kg.kinds import Kind
from kg.nlp import extensions  # noqa: F401
from kg.nlp.names import ACRONYM, NAME_WORD_FILES, SOURCE, ModelNames, title_case_line
from kg.nlp.occurrences import occurrences

#: a city this large is a place when the model calls it a person, unless the text makes it speak
BIG_CITY = 500_000
SPACE = re.compile(r"[ \t]+")
CAPITALISED = re.compile(r"[A-Z][a-z]+")
#: capitalised words in a row: where a name may run
NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*")
#: two capitalised words next: a name of its own after a town ("Cianjur [Herman Suherman]")
NAME_AFTER = re.compile(r"[ \t]+(?P<name>[A-Z][a-z][\w'’-]*[ \t]+[A-Z][a-z])")
PAREN_ACRONYM = re.compile(r"[ \t]*\([A-Z][\w.&-]{1,11}\)")

#: the data files a person finder reads, by config key
DATA_FILES = {
    "patterns_file": "patterns/persons.tsv",
    "name_starts_file": "name_starts.txt",
    "roles_file": "roles.tsv",
    "speech_verbs_file": "speech_verbs.tsv",
    "institutions_file": "institutions.tsv",
    "place_cues_file": "place_cues.txt",
    "org_heads_file": "org_heads.txt",
    "countries_file": "countries_extra.tsv",
    "regions_file": "regions_extra.tsv",
    "title_organisations_file": "title_organisations.tsv",
    "unit_heads_file": "unit_heads.txt",
    "relatives_file": "relatives.txt",
    "people_file": "people.tsv",
    "name_words": NAME_WORD_FILES,
}


@Language.factory("kg_persons", default_config=DATA_FILES,
                  requires=["doc._.kg_candidates", "doc.ents", "token.is_sent_start"],
                  assigns=["doc._.kg_candidates"])
def make_persons(nlp: Language, name: str, patterns_file: str, name_starts_file: str, roles_file: str,
                 speech_verbs_file: str, institutions_file: str, place_cues_file: str, org_heads_file: str,
                 countries_file: str, regions_file: str, title_organisations_file: str, unit_heads_file: str,
                 relatives_file: str, people_file: str, name_words: dict[str, str]) -> PersonFinder:
    return PersonFinder(patterns_file, name_starts_file, roles_file, speech_verbs_file, institutions_file,
                        place_cues_file, org_heads_file, countries_file, regions_file, title_organisations_file,
                        unit_heads_file, relatives_file, people_file,
                        ModelNames(**name_words))


class PersonFinder:
    def __init__(self, patterns_file: str, name_starts_file: str, roles_file: str, speech_verbs_file: str,
                 institutions_file: str, place_cues_file: str, org_heads_file: str, countries_file: str,
                 regions_file: str, title_organisations_file: str, unit_heads_file: str, relatives_file: str,
                 people_file: str, model_names: ModelNames) -> None:
        p = lexicon.patterns(patterns_file)
        #: people the world knows: whom they serve is kg_relations' to say, not a guess from the dateline
        self.known_people, _ = lexicon.people(people_file)
        org_index, _ = lexicon.organisations()
        #: titles that name their own organisation ("Kapolri": Polri), lower-cased
        self.title_orgs = {t.lower(): org_index.get(o) for t, o in lexicon.rows(title_organisations_file)}
        if unknown := [t for t, o in self.title_orgs.items() if o is None]:
            raise ValueError(f"{title_organisations_file}: no organisation in organisations.tsv for {unknown}")
        word = rf"(?:{p['name_prefix']}-)?[A-Z][\w'’-]*(?:\.[A-Z]\.?)?"
        name = rf"{word}(?:[ \t]+(?:{p['particle']}[ \t]+){{0,2}}{word}){{0,4}}"  # "Ursula von der Leyen"
        #: a capitalised run that may be a person's name: "Kassym-Jomart Tokayev", "Mohammed bin Salman"
        self.name_rx = re.compile(name)
        self.name_before = re.compile(rf"(?<![\w'’-])(?:{name})$")
        # "Juru bicara MINUSMA, Fatoumata Kaba, mengatakan", "..., tegas juru bicara pemerintah Rwanda, Yolande Makolo."
        self.english_link = re.compile(p["english_link"])
        self.comma_name = re.compile(rf",[ \t]*(?={name}(?:,|\.?[ \t]*$|\.[ \t]))", re.M)
        #: name particles the tokenizer splits off: " al-Burhan", " bin Salman"
        self.particle_tail = re.compile(rf"(?:-|[ \t]+){p['split_particle']}(?:-|[ \t]+)[A-Z][\w'’-]*")
        #: capitalised words between an office and its organisation: "Kepala Staf Umum [Angkatan Bersenjata] Chad"
        self.bridges = [re.compile(rf"(?:[A-Z][a-z]+[ \t]+){{{n}}}{p['bridge_tail']}") for n in (0, 1, 2)]
        self.post_area = re.compile(p["post_area"])
        self.from_after = re.compile(p["from_after"])
        self.led_by = re.compile(rf"{p['led_by']}(?P<name>{name})")
        self.late = re.compile(rf"{p['late']}(?P<name>{name})")
        self.aged = re.compile(rf"(?<![\w-])(?P<name>{name}){p['aged']}")
        #: "Seorang istri prajurit, Nurhasanah, mengaku": a person introduced by a lower-case description
        self.introduced = re.compile(rf"{p['introduced']}(?P<name>{name})(?=[ \t]*,)")
        self.government_title = re.compile(p["government_title"])
        self.title_after = re.compile(p["title_after"])
        self.name_starts = lexicon.word_set(name_starts_file)
        self.model_names = model_names
        title = lexicon.title_pattern(roles_file)
        self.title_rx = re.compile(rf"(?<![\w-])(?P<title>{title})(?=[ \t]|,[ \t])", re.I)
        speech = lexicon.verb_table(speech_verbs_file)
        after = [w for w, k in speech.items() if k == "after"]
        reported = [w for w, k in speech.items() if k == "reported"]
        self.after_rx = re.compile(
            rf"[”\"’][ \t]*,?[ \t]*(?:{lexicon.alternation(after)})[ \t]+(?P<name>{name})")
        self.reported_rx = re.compile(
            rf"{p['speaker_opening']}(?P<name>{name})"
            rf"(?={p['speaker_gap']}(?:{lexicon.alternation(reported)})\b|,[ \t])", re.M)
        self.menurut_rx = re.compile(rf"{p['menurut']}(?P<name>{name})[ \t]*,")
        self.stop = lexicon.stop_words()
        self.blocked = lexicon.vocabulary_words()
        self.connectors = model_names.connectors
        self.common = model_names.common
        self.place_names = (lexicon.countries(countries_file)[0], lexicon.regions(regions_file))
        self.speech_near = re.compile(
            rf"(?:\b(?:{lexicon.alternation(after)})[ \t]+$)|(?:^[ \t]*,?[ \t]*(?:{lexicon.alternation(reported)})\b)")
        institutions = lexicon.alternation(lexicon.words(institutions_file))
        self.institution_rx = re.compile(rf"(?:{institutions})[ \t]+", re.I)
        self.corps_rx = re.compile(rf"(?:{lexicon.alternation(lexicon.corps(roles_file))})[ \t]+")
        cues = [row[1] for row in lexicon.rows(place_cues_file) if row[0] == "cue"]
        #: the last words of organisations' English names ("Charles Darwin University"): no person's
        self.english_org = {row[1] for row in lexicon.rows(place_cues_file) if row[0] == "english_org"}
        #: words that begin a place's name ("Kabupaten Sukoharjo", "Pulau Seram") begin no person's
        self.place_prefixes = {row[1].split()[0] for row in lexicon.rows(place_cues_file) if row[0] == "prefix"}
        self.place_cue = re.compile(rf"(?<![\w-])(?:{lexicon.alternation(cues)})[ \t]+$", re.I)
        self.title_only = re.compile(title, re.I)
        self.org_heads = {w for w in lexicon.words(org_heads_file) if " " not in w}
        self.title_end_rx = re.compile(rf"(?<![\w-])(?:{title})[ \t]+$", re.I)
        self.rank_rx = re.compile(rf",?[ \t]*(?:{title})[ \t]+", re.I)
        #: a unit before the organisation it belongs to: "juru bicara [Biro Humas Kerja Sama] Kementerian ..."
        self.unit_rx = re.compile(rf"(?:{lexicon.alternation(lexicon.words(unit_heads_file))})"
                                  rf"(?:[ \t]+(?:[A-Z][\w'’-]*|dan))+")
        self.relatives = {w.lower() for w in lexicon.word_set(relatives_file)}
        self.appositive_rx = re.compile(rf"{p['appositive_lead']}[ \t]+(?P<title>{title})[ \t]+", re.I)

    @staticmethod
    def _office_city(text: str, at: int) -> int:
        """Past the city an office known by its acronym sits in, when a name follows ("KDEI [Taipei] Arif")."""
        city = CAPITALISED.match(text, at)
        gap = SPACE.match(text, city.end()) if city else None
        if gap and lexicon.cities().get(lexicon.normkey(city.group())) and text[gap.end():gap.end() + 1].isupper():
            return gap.end()
        return at

    def _office_town(self, text: str, at: int) -> tuple[lexicon.City, int] | None:
        """The town after a title, by its own name, when a name of two or more words follows and the town's name
        is no given name ("Bupati Cianjur Herman Suherman"; not "Presiden Joko Widodo"): the town and where the
        name begins."""
        word = CAPITALISED.match(text, at)
        if word is None:
            return None
        rest = NAME_AFTER.match(text, word.end())
        start = rest.start("name") if rest else None
        if rest is None and (rank := self._rank_second(text, at)) and CAPITALISED.match(text, rank.end()):
            start = rank.start()  # "Kapolres Bantul AKBP Ihsan Wijaya": a rank, then the name
        city = lexicon.cities().get(lexicon.normkey(word.group())) if start is not None else None
        if city is None or lexicon.normkey(city.name) != lexicon.normkey(word.group()) \
                or word.group() in self.model_names.given_names:
            return None
        return city, start

    def _rank_second(self, text: str, at: int) -> re.Match | None:
        """The rank that follows the first capitalised word at `at`, if one does ("Sleman [Letkol] Inf Budi
        Santoso")."""
        word = CAPITALISED.match(text, at)
        gap = SPACE.match(text, word.end()) if word else None
        rank = self.rank_rx.match(text, gap.end()) if gap else None
        return rank if rank and rank.end() > rank.start() else None

    def _clean_name(self, raw: str, start: int, blocked_spans: list[tuple[int, int]]) -> tuple[str, int] | None:
        """Trim a capitalised run to the person's name: no day names, verbs, or known actors inside."""
        words = []
        for m in re.finditer(r"\S+", raw):
            w = m.group()
            s = start + m.start()
            if any(a <= s < b for a, b in blocked_spans):
                break
            if not words and w in self.name_starts and len(raw.split()) > 2:
                words.append(w)  # "Lalu Muhamad Iqbal": a Sasak name title, not "then"
                continue
            if lexicon.normkey(w) in self.blocked or w.lower() in self.stop or w.lower() in self.connectors:
                break  # "Terpisah, juru bicara ...": a connector, not a name
            if not words and (w in self.place_prefixes or w.lower() in self.model_names.object_nouns):
                return None  # ", Kabupaten Sukoharjo, dan", "dipimpin HMS Queen Elizabeth": a place's, a ship's name
            words.append(w)
        name = " ".join(words)
        if not words or len(name) < 3 or not re.search(r"[a-z]", name):
            return None
        return name, start + len(" ".join(words))

    def __call__(self, doc: Doc) -> Doc:
        cands: list[Mention] = list(doc._.kg_candidates or [])
        text = doc._.kg_text
        actors = [m for m in cands if m.kind in (Kind.COUNTRY, Kind.ORGANISATION, Kind.PLACE)]
        # what the rules found blocks a name; the model's readings compete with names in kg_entities instead
        ruled = [m for m in actors if m.source != SOURCE]
        spans = [(m.start, m.end) for m in ruled]
        by_start: dict[int, Mention] = {}
        # the longest reading starting at each place, the rules' before the model's: the model may run
        # an organisation into the name after it ("Kementerian Luar Negeri India Randhir Jaiswal")
        for m in sorted(actors, key=lambda m: (m.source != SOURCE, m.end - m.start)):
            by_start[m.start] = m
        people: list[Mention] = []
        home = _home_country(doc)
        if home and not _leading_country(actors, home):
            home = None  # a foreign story datelined at home: its officials are not ours
        actor_spans = [(m.start, m.end) for m in ruled if m.kind != Kind.PLACE]
        # one sense per article: a name the rules read as a place somewhere ("menuju Goma") is that place
        places = {m.text for m in ruled if m.kind in (Kind.PLACE, Kind.COUNTRY)}
        model = self._model_people(doc, actor_spans, places) + self._tails(doc, ruled)
        model_at = {p.start: p for p in model}
        for t in self.title_rx.finditer(text):
            title = t.group("title")
            before = text[max(0, t.start() - 5):t.start()].strip()
            last = text[max(0, t.start() - 20):t.start()].split()[-1:]
            if last and last[0].lower() in self.model_names.object_nouns:
                continue  # "KRI Sultan Iskandar Muda": a ship named after a sultan
            capitalised = title[0].isupper() or bool(self.title_after.search(before))
            pos = t.end()
            affiliation = place_country = None
            ws = SPACE.match(text, pos)
            nxt = ws.end() if ws else pos
            inst = self.institution_rx.match(text, nxt)
            if inst and inst.end() in by_start:
                nxt = inst.end()  # "juru bicara militer Israel Daniel Hagari"
            # the office's organisation or country, then maybe a rank and another organisation:
            # "Panglima TNI Jenderal TNI Agus Subiyanto", "Juru bicara Pentagon Mayor Jenderal Pat Ryder"
            for _ in range(4):
                if nxt in by_start and not (by_start[nxt].source == SOURCE and self._ends_title(text, by_start[nxt])):
                    aff = by_start[nxt]
                    if aff.kind == Kind.PLACE:  # "Gubernur Texas", "Kapolda Jawa Barat": an office of the place's state
                        place_country = place_country or aff.country
                    else:
                        affiliation = affiliation or aff.key
                    nxt = aff.end
                    paren = PAREN_ACRONYM.match(text, nxt)
                    nxt = paren.end() if paren else nxt
                    ws = SPACE.match(text, nxt)
                    nxt = ws.end() if ws else nxt
                    continue
                post = self.post_area.match(text, nxt) if affiliation or place_country else None
                if post and post.end() in by_start and by_start[post.end()].kind != Kind.ORGANISATION:
                    # "Duta Besar Cina untuk Indonesia, Xiao Qian": the post's area, then the name
                    nxt = by_start[post.end()].end
                    ws = SPACE.match(text, nxt)
                    nxt = ws.end() if ws else nxt
                    continue
                unit = self._unit_end(text, nxt, by_start) if affiliation is None else None
                if unit:
                    nxt = unit  # "Kepala Biro Informasi Pertahanan Kementerian Pertahanan": the unit's organisation
                    continue
                bridges = [rx.match(text, nxt) for rx in self.bridges] if affiliation is None else []
                bridge = next((b for b in bridges if b and b.end() > nxt
                               and b.end() in by_start and by_start[b.end()].kind != Kind.PLACE), None)
                if bridge:
                    # "Kepala Staf Umum Angkatan Bersenjata Chad", "Juru bicara Balikatan dari pihak Filipina"
                    nxt = bridge.end()
                    continue
                rank = self.rank_rx.match(text, nxt)
                if rank and rank.group().strip(", \t")[:1].isupper():
                    nxt = rank.end()
                    corps = self.corps_rx.match(text, nxt)  # "Letkol Czi Bayu Pramono"
                    nxt = corps.end() if corps else nxt
                    continue
                acronym = ACRONYM.match(text, nxt) if affiliation is None and not place_country else None
                if acronym and SPACE.match(text, acronym.end()) and text[acronym.end():].lstrip()[:1].isupper() \
                        and not text[acronym.end():acronym.end() + 1].isalnum():
                    # "Kepala KDEI Taipei Arif Sulistiyo": an office no list knows, by its acronym, and its city
                    nxt = self._office_city(text, SPACE.match(text, acronym.end()).end())
                    continue
                region = ACRONYM.match(text, nxt) if affiliation else None
                after = NAME_AFTER.match(text, region.end()) if region else None
                if after and region.group() not in self.model_names.given_names:
                    nxt = after.start("name")  # "Kepala Pelaksana BPBD [DIY] Biwara Yuswantana": the office's area
                    continue
                town = self._office_town(text, nxt) if affiliation is None and not place_country \
                    and (nxt not in model_at or self._rank_second(text, nxt)) else None
                # ("Kapolri [Bambang Hendarso Danuri]": the model's name; but "Dandim [Sleman Letkol Inf Budi
                # Santoso]": the model ran the town into the rank and the name)
                if town:  # "Bupati [Cianjur] Herman Suherman": the town the office serves, then the name
                    place_country, nxt = keys.country(town[0].country), town[1]
                    continue
                comma = self.comma_name.match(text, nxt) if affiliation else None
                if comma:  # "Juru bicara MINUSMA, Fatoumata Kaba, mengatakan"
                    nxt = comma.end()
                break
            if nxt in model_at:
                # the model found the name the title introduces, lower-case titles too ("mantan presiden X"),
                # unless it cut short a name every reader knows ("Menteri Pertahanan Rusia [Sergei] Shoigu")
                name, end = self._known_longer(text, nxt, model_at[nxt].end) or (model_at[nxt].name, model_at[nxt].end)
            elif (capitalised or affiliation) and not title_case_line(text, nxt) \
                    and (m := self.name_rx.match(text, nxt)):  # in a headline every word is capitalised
                inside = next((p for p in model if nxt < p.start < m.end()), None)
                between = text[nxt:inside.start].split() if inside is not None else []
                if inside is not None and len(between) <= 2 and all(w.lower() in self.common for w in between):
                    # "Presiden Terpilih Joko Widodo": the words before the model's name belong to the title
                    title = f"{title} {text[nxt:inside.start].strip()}"
                    nxt, name, end = inside.start, inside.name, inside.end
                else:
                    # after a title a city name is part of the person's name ("Presiden Senegal Bassirou Diomaye Faye")
                    cleaned = self._clean_name(m.group(), m.start(), actor_spans)
                    if not cleaned or " " not in cleaned[0] and cleaned[0].lower() in self.common:
                        continue  # "Direktur Pemasaran dan Niaga": an ordinary word names the office's field
                    name, end = cleaned
            else:
                continue
            gap = SPACE.match(text, end)
            if gap and self.english_link.match(text, gap.end()):
                continue  # "Direktur Eksekutif Center of Economic ...": an English name of an organisation
            if gap and gap.end() in by_start and by_start[gap.end()].kind != Kind.PLACE:
                continue  # "Sekretaris Pers Pentagon": the capitalised word belongs to the title
            affiliation = affiliation or self.title_orgs.get(title.lower()) or place_country
            if affiliation is None and self.government_title.match(title) and not self.known_people.get(name):
                # a person the world knows serves whom data/people.tsv says: "Perdana Menteri Fumio Kishida"
                # in a story datelined Jakarta is not Indonesia's
                affiliation = home  # a domestic office in a domestic article: "Menteri Luar Negeri Retno Marsudi"
            people.append(Mention(nxt, end, name, Kind.PERSON, keys.person(name), name, "title",
                                  role=_role_case(title), affiliation=affiliation))
        people = _best_reading_per_span(people)
        for i, person in enumerate(people):
            of = self.from_after.match(text, person.end) if person.affiliation is None else None
            if of and of.end() in by_start and by_start[of.end()].kind in (Kind.ORGANISATION, Kind.COUNTRY):
                # "Jenderal Budi Santoso dari Angkatan Darat Filipina": the titled person serves it
                people[i] = replace(person, affiliation=by_start[of.end()].key)
        # a model name that starts inside a person's title ("Keamanan [Budi Santoso]") takes the title's end
        people.extend(p for p in model if not any(q.start <= p.start < q.end or p.start < q.start < p.end
                                                  for q in people))
        people.extend(self._led_by(text, people, spans))
        people.extend(self._aged(text, people, spans))
        people.extend(self._appositives(text, people, spans, by_start))
        for rx, source in ((self.after_rx, "speech"), (self.reported_rx, "speech"), (self.menurut_rx, "speech")):
            for m in rx.finditer(text):
                s = m.start("name")
                if any(a <= s < b for a, b in spans) or any(p.start <= s < p.end for p in people) \
                        or title_case_line(text, s):  # "Mengenal Kataib Hizbullah, Milisi yang Serang ...": a headline
                    continue
                cleaned = self._clean_name(m.group("name"), s, spans)
                if not cleaned:
                    continue
                name, end = cleaned
                if any(s <= p.start < end for p in model):
                    continue  # the model found the name inside this run ("Menko Perekonomian Boediono")
                if source == "speech" and len(name.split()) == 1 and not self._known_surname(name, people):
                    if rx is not self.after_rx and not _proper_noun(doc, s, end):
                        continue
                people.append(Mention(s, end, name, Kind.PERSON, keys.person(name), name, source))
        not_places = [(m.start, m.end) for m in ruled if m.kind != Kind.PLACE]
        people.extend(self._short_forms(text, people, not_places))
        doc._.kg_candidates = cands + people
        return doc

    def _model_people(self, doc: Doc, taken: list[tuple[int, int]], places: set[str]) -> list[Mention]:
        """The model's PER names, trimmed of words that never begin or end a name ("Terpisah", "pun")."""
        out = []
        for span in self.model_names(doc, "PER"):
            if len(span) > 1 and span[-1].text in self.english_org:
                continue  # "Charles Darwin University": an organisation named after a person
            if self.title_only.fullmatch(span.text):
                continue  # "Laksamana Muda" before "(Purn) Hendra Wicaksana": a rank, no name
            words = [(span.start_char + w.start(), span.start_char + w.end(), w.group())
                     for w in re.finditer(r"[^ \t]+", span.text)]
            while words and (words[0][2].lower() in self.connectors or words[0][2].lower() in self.relatives
                             or not words[0][2][:1].isupper()):
                words = words[1:]  # "Terpisah, ...", "Ayah Mahamat": no part of the name
            if words:  # "Letkol Czi Bayu Pramono", "Laksamana Muda Daniel Hagari": ranks belong to the title
                after = self._after_ranks(doc._.kg_text, words[0][0], words[-1][1])
                words = [w for w in words if w[0] >= after]
            while words and not words[-1][2][:1].isupper():
                words = words[:-1]
            if not words or "\n" in span.text:
                continue
            head = re.search(r"(\S+)[ \t]+$", doc._.kg_text[max(0, words[0][0] - 30):words[0][0]])
            if head and head.group(1) in self.org_heads:
                continue  # "Korps Marinir", "Partai Golkar": the name of an organisation, not a person
            start, end = words[0][0], words[-1][1]
            text = doc._.kg_text
            particle = self.particle_tail.match(text, end)
            if particle:  # "Abdel Fattah al-Burhan": the tokenizer split the name at the hyphen
                end = particle.end()
            name = text[start:end]
            if (name in places or self._known_place(name, text[max(0, start - 20):start])) \
                    and not (self.speech_near.search(text[max(0, start - 12):start])
                                                or self.speech_near.match(text[end:end + 30])):
                continue  # "Almaty", "Baghdad": a place unless the text makes it a speaker
            if len(name) < 3 or any(a <= start < b for a, b in taken) or self.title_only.fullmatch(name):
                continue  # "Presiden" alone is a title, not a name ("Agung" is a name, though "Jaksa Agung" a title)
            out.append(Mention(start, end, name, Kind.PERSON, keys.person(name), name, SOURCE))
        return out

    def _tails(self, doc: Doc, ruled: list[Mention]) -> list[Mention]:
        """The person whose name the model ran into an organisation ("... Jepang [Yoko Kamikawa]")."""
        text = doc._.kg_text
        out = []
        for span in self.model_names(doc, "ORG"):
            ends = {m.end for m in ruled if m.kind in (Kind.COUNTRY, Kind.ORGANISATION)
                    and span.start_char <= m.start and m.end < span.end_char}
            titled = bool(self.title_end_rx.search(text[max(0, span.start_char - 60):span.start_char]))
            cut = self.model_names.person_tail(span, ends, after_title=titled)
            if cut is not None:
                start = cut + len(text[cut:span.end_char]) - len(text[cut:span.end_char].lstrip())
                if self.title_only.fullmatch(text[start:span.end_char]):
                    continue  # "Basarnas [Marsekal Madya]": a rank, not a name
                start = self._after_ranks(text, start, span.end_char)  # "... Kamboja [Jenderal] Chhum Socheat"
                name = text[start:span.end_char]
                if not name.strip() or self.title_only.fullmatch(name):
                    continue  # "... Kamboja [Jenderal]": a rank, not a name
                if self._known_place(name, text[max(0, start - 30):start]):
                    continue  # "[KBRI Phnom Penh]": the embassy in a city, not an organisation and a person
                out.append(Mention(start, span.end_char, name, Kind.PERSON, keys.person(name), name, SOURCE))
        return out

    def _after_ranks(self, text: str, start: int, end: int) -> int:
        """Where a name begins after the ranks and corps that open text[start:end] (they belong to the title)."""
        while (lead := self.rank_rx.match(text, start, end) or self.corps_rx.match(text, start, end)) \
                and lead.end() > start:
            start = lead.end()
        return start

    def _ends_title(self, text: str, m: Mention) -> bool:
        """A model organisation right after a title with no name after it is the name itself, misread
        ("Presiden Prancis [Emmanuel Macron] tiba")."""
        gap = SPACE.match(text, m.end)
        return m.kind == Kind.ORGANISATION and not (gap and self.name_rx.match(text, gap.end())) \
            and len(m.text.split()) <= 4

    def _known_place(self, name: str, before: str) -> bool:
        """A country, a region, a large city, or a town named where a place is expected ("di Goma"):
        many small towns share their names with people ("orangtua Laila")."""
        countries, regions = self.place_names
        city = lexicon.cities().get(lexicon.normkey(name))
        return bool(countries.get(name) or regions.get(name)
                    or (city and (city.population >= BIG_CITY or self.place_cue.search(before))))

    def _appositives(self, text: str, people: list[Mention], spans: list[tuple[int, int]],
                     by_start: dict[int, Mention]) -> list[Mention]:
        """'Ned Price, juru bicara Departemen Luar Negeri AS, mengatakan ...': name, then title."""
        out = []
        for m in self.appositive_rx.finditer(text):
            # the name that ends at the comma: search back from it (a forward scan is slow on long texts)
            window = max(0, m.start() - 120)
            found = self.name_before.search(text, window, m.start())
            if not found:
                continue
            s = found.start()
            if any(a <= s < b for a, b in spans) or any(p.start <= s < p.end for p in people if p.source != SOURCE):
                continue
            cleaned = self._clean_name(found.group(), s, spans)
            if not cleaned or not cleaned[0][0].isupper():
                continue
            name, end = cleaned
            if end != m.start():
                continue
            nxt = m.end()
            inst = self.institution_rx.match(text, nxt)
            if inst and inst.end() in by_start:
                nxt = inst.end()
            unit = None if nxt in by_start else self._unit_end(text, nxt, by_start)
            aff = by_start.get(unit or nxt)
            out.append(Mention(s, end, name, Kind.PERSON, keys.person(name), name, "title",
                               role=_role_case(m.group("title")), affiliation=aff.key if aff else None))
        return out

    def _unit_end(self, text: str, at: int, by_start: dict[int, Mention]) -> int | None:
        """Where the organisation starts after a unit's name at `at` ("Departemen Kerja Sama Militer
        Internasional [Kementerian Pertahanan Belarus]"), if one does."""
        unit = self.unit_rx.match(text, at)
        if not unit:
            return None
        pos = at
        while (nxt := text.find(" ", pos, unit.end() + 1)) != -1:
            pos = nxt + 1
            if pos in by_start and by_start[pos].kind == Kind.ORGANISATION:
                return pos
        return None

    def _led_by(self, text: str, people: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
        """'(yang) dipimpin Khalifa Haftar', 'pimpinan Fayez al-Sarraj': a leader named by full name; 'mendiang
        Idriss Deby Itno': the late person, read as after a title (over the model's organisation)."""
        out = []
        for rx, source in ((self.led_by, "speech"), (self.late, "title")):
            for m in rx.finditer(text):
                s = m.start("name")
                if any(a <= s < b for a, b in spans) or any(p.start <= s < p.end for p in people):
                    continue
                cleaned = self._clean_name(m.group("name"), s, spans)
                if cleaned and len(cleaned[0].split()) > 1:
                    name, end = cleaned
                    out.append(Mention(s, end, name, Kind.PERSON, keys.person(name), name, source))
        return out

    @staticmethod
    def _known_longer(text: str, start: int, end: int) -> tuple[str, int] | None:
        """A well-known person's name (data/people.tsv) that begins at `start` and runs past `end`."""
        run = NAME_RUN.match(text, start)
        words = run.group().split() if run else []
        index, _ = lexicon.people()
        for n in range(min(len(words), 4), 1, -1):
            name = " ".join(words[:n])
            if start + len(name) > end and index.get(name):
                return name, start + len(name)
        return None

    def _aged(self, text: str, people: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
        """'Nurhayati (34), istri salah seorang prajurit': a name with an age after it is a person's; so is
        the name a lower-case description introduces between commas ('Seorang istri prajurit, Nurhasanah,')."""
        out = []
        for m in [*self.aged.finditer(text), *self.introduced.finditer(text)]:
            s = m.start("name")
            if any(a <= s < b for a, b in spans) or any(p.start <= s < p.end for p in people) \
                    or title_case_line(text, s):
                continue
            cleaned = self._clean_name(m.group("name"), s, spans)
            if cleaned and cleaned[1] == m.end("name"):
                name, end = cleaned
                out.append(Mention(s, end, name, Kind.PERSON, keys.person(name), name, "title"))
        return out

    @staticmethod
    def _known_surname(word: str, people: list[Mention]) -> bool:
        return any(word in p.name.split() for p in people)

    def _short_forms(self, text: str, people: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
        """'Tokayev' after 'Kassym-Jomart Tokayev': the same person, under the full name's key."""
        full = [p for p in people if len(p.name.split()) > 1]
        out = []
        parts: dict[str, Mention] = {}
        for p in full:
            for part in {p.name.split()[-1], p.name.split()[0]}:
                if len(part) > 2 and lexicon.normkey(part) not in self.blocked and part not in self.place_prefixes:
                    parts.setdefault(part, p)
        for part, p in parts.items():
            for start, end in occurrences(text, part):
                if any(q.start <= start < q.end for q in people) or any(a <= start < b for a, b in spans):
                    continue
                out.append(Mention(start, end, part, Kind.PERSON, p.key, p.name, "short"))
        for p in people:
            if len(p.name.split()) == 1:
                owner = next((q for q in full if p.name in q.name.split()), None)
                if owner:
                    p.key, p.name = owner.key, owner.name
        return out


def _best_reading_per_span(people: list[Mention]) -> list[Mention]:
    """A name read after two titles ("Kepala Staf ... Chad, Jenderal X"): keep the reading with an affiliation."""
    best: dict[tuple[int, int], Mention] = {}
    for p in people:
        other = best.get((p.start, p.end))
        if other is None or (p.affiliation and not other.affiliation):
            best[(p.start, p.end)] = p
    return sorted(best.values(), key=lambda p: p.start)


def _leading_country(actors: list[Mention], home: str) -> bool:
    """Is the home country named at least as often as any other country (itself, or through its
    organisations)? A story datelined Jakarta on Japan's earthquake is Japan's story."""
    counts: Counter[str] = Counter()
    for m in actors:
        country = m.key if m.kind == Kind.COUNTRY else m.country if m.kind == Kind.ORGANISATION else None
        if country:
            counts[country] += 1
    return counts[home] > 0 and counts[home] >= max(counts.values())


def _home_country(doc: Doc) -> str | None:
    """The country of the article's dateline place, whose own officials news names without it."""
    ctx = doc._.kg_context
    if ctx is None:
        return None
    country = ctx.dateline_country()
    return country if country == keys.country(ctx.home_country) else None


def _proper_noun(doc: Doc, start: int, end: int) -> bool:
    """Tagged PROPN by the optional kg_pos tagger (False when the pipeline has no tagger)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and doc.has_annotation("POS") and all(t.pos_ == "PROPN" for t in span)


def _role_case(title: str) -> str:
    """Titles as newspapers write them: first letter up, the rest as matched."""
    return title[0].upper() + title[1:]
