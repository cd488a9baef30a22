"""Organisations named in the text itself.

Two signals generalise well in Indonesian news: a long name followed by its
acronym in brackets ("Organisasi Traktat Keamanan Kolektif (CSTO)"), which also
teaches that the acronym alone is the same organisation; and a capitalised
organisation head ("Kementerian", "Pasukan", "Dewan") followed by capitalised
words, ending after the country or organisation it belongs to
("Kementerian Luar Negeri Rusia", "Dewan Keamanan PBB").
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import keys, lexicon
from kg.facts import Mention
from kg.kinds import Kind
from kg.nlp import extensions  # noqa: F401
from kg.nlp.names import ACRONYM, NAME_WORD_FILES, SOURCE, ModelNames, model_mention, title_case_line
from kg.nlp.occurrences import occurrences

CAP = r"[A-Z](?:[\w'’.&-]*[\w'’&-])?"
CAP_RX = re.compile(CAP)
SPACED_CAP = re.compile(rf"[ \t]+{CAP}")
SPACE = re.compile(r"[ \t]+")
PAREN_ACRONYM = re.compile(r"[ \t]*\([A-Z][\w.&-]{1,11}\)")
#: an acronym defined in a headed name: at its end, else inside it ("Kementerian Pertahanan (Kemhan) RI")
END_ACRONYM = re.compile(r"\(([A-Z][\w.&-]{1,11})\)$")
INNER_ACRONYM = re.compile(r"\(([A-Z][\w.&-]{1,11})\) ")
PARENTHESES = re.compile(r"\s*\([^)]*\)")
#: a Roman numeral after a command's name numbers one of its units: "Kogabwilhan I", "Kodam XVII/Cenderawasih"
UNIT_NUMBER = re.compile(r"[ \t]+(?P<num>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))(?![\w-])")

#: the data files an organisation finder reads, by config key
DATA_FILES = {
    "patterns_file": "patterns/organisations.tsv",
    "org_heads_file": "org_heads.txt",
    "institutions_file": "institutions.tsv",
    "troop_nouns_file": "troop_nouns.txt",
    "roles_file": "roles.tsv",
    "countries_file": "countries_extra.tsv",
    "organisations_file": "organisations.tsv",
    "outlets_file": "outlets.tsv",
    "non_names_file": "non_names.txt",
    "document_heads_file": "document_heads.txt",
    "short_forms_file": "short_forms.tsv",
    "unit_heads_file": "unit_heads.txt",
    "unit_forms_file": "unit_forms.tsv",
    "regional_heads_file": "regional_heads.txt",
    "name_words": NAME_WORD_FILES,
}


@Language.factory("kg_organisations", default_config=DATA_FILES,
                  requires=["doc._.kg_candidates", "doc.ents", "token.is_sent_start"],
                  assigns=["doc._.kg_candidates"])
def make_organisations(nlp: Language, name: str, patterns_file: str, org_heads_file: str, institutions_file: str,
                       troop_nouns_file: str, roles_file: str, countries_file: str, organisations_file: str,
                       outlets_file: str, non_names_file: str, document_heads_file: str, short_forms_file: str,
                       unit_heads_file: str, unit_forms_file: str, regional_heads_file: str,
                       name_words: dict[str, str]) -> OrganisationFinder:
    return OrganisationFinder(patterns_file, org_heads_file, institutions_file, troop_nouns_file, roles_file,
                              countries_file, organisations_file, outlets_file, non_names_file, document_heads_file,
                              short_forms_file, unit_heads_file, unit_forms_file, regional_heads_file,
                              ModelNames(**name_words))


def abbreviates(acronym: str, words: list[str]) -> bool:
    """Is a word-like acronym made of pieces of the name's words, in order, the first from its first word
    ("Apindo": Asosiasi Pengusaha INDOnesia; "Gapki": GAbungan Pengusaha Kelapa sawit Indonesia)?"""
    acr, names = acronym.lower(), [w.lower() for w in words]

    def fits(i: int, j: int) -> bool:
        if i == len(acr):
            return True
        for k in range(j, len(names)):
            for n in range(min(len(names[k]), len(acr) - i), 0, -1):
                if names[k].startswith(acr[i:i + n]) and fits(i + n, k + 1):
                    return True
            if k == 0:
                return False  # the first piece comes from the first word
        return False

    return len(acr) >= 3 and len(names) >= 2 and fits(0, 0)


class OrganisationFinder:
    def __init__(self, patterns_file: str, org_heads_file: str, institutions_file: str, troop_nouns_file: str,
                 roles_file: str, countries_file: str, organisations_file: str, outlets_file: str,
                 non_names_file: str, document_heads_file: str, short_forms_file: str, unit_heads_file: str,
                 unit_forms_file: str, regional_heads_file: str, model_names: ModelNames) -> None:
        p = lexicon.patterns(patterns_file)
        self.acronym_def = re.compile(rf"(?P<long>{CAP}(?:[ \t]+(?:{CAP}|{p['link']}))*?[ \t]+{CAP}|{CAP})"
                                      rf"[ \t]*\((?:(?P<english>[A-Z][^()/]{{3,80}})/)?"
                                      rf"(?P<acr>[A-Za-z][A-Za-z0-9&.-]{{1,11}}(?: [A-Z]{{2,3}})?)\)")
        self.and_rx = re.compile(p["and"])
        #: heads of offices named by their region ("Polres Sleman"): no person's name follows them
        self.regional_heads = lexicon.word_set(regional_heads_file)
        #: a military unit's type, either form, -> its short form ("Komando Resor Militer" -> "Korem")
        self.unit_types = {form: row[0] for row in lexicon.rows(unit_forms_file) for form in row if form}
        self.unit_rx = re.compile(rf"\b(?P<type>{lexicon.alternation(self.unit_types)}){p['unit_number']}")
        self.group_rx = re.compile(p["group"])
        self.rx_facility_before = re.compile(p["facility_before"])
        self.rx_office_head = re.compile(p["office_head"])
        self.rx_unit_head = re.compile(rf"(?:{lexicon.alternation(lexicon.words(unit_heads_file))})[ \t]")
        self.heads = sorted(lexicon.words(org_heads_file), key=len, reverse=True)
        institutions = lexicon.words(institutions_file)
        self.institutions = {w.lower() for w in institutions}
        self.head_rx = re.compile(rf"\b(?P<head>{lexicon.alternation(self.heads)})(?=[ \t]+[A-Z])")
        # lower case only for heads of offices ("kementerian"): "tentara Jerman" is Germany's army, the country
        forces = self.institutions | {w.lower() for w in lexicon.words(troop_nouns_file)}
        lower_heads = lexicon.alternation([h.lower() for h in self.heads
                                           if not h.isupper() and h.lower() not in forces])
        _, self.titles, self.departments = lexicon.roles(roles_file)
        lower_departments = lexicon.alternation([d.lower() for d in self.departments])
        self.lower_head_rx = re.compile(rf"(?<![\w-])(?:{lower_heads})(?:[ \t]+(?:{lower_departments}))*[ \t]+")
        self.institution_rx = re.compile(rf"(?:{lexicon.alternation(institutions)})[ \t]+", re.I)
        self.stop = lexicon.stop_words()
        self.countries, self.country_label, _ = lexicon.countries(countries_file)
        self.org_index, self.org_records = lexicon.organisations(organisations_file, outlets_file)
        self.non_names = set(lexicon.words(non_names_file))
        self.title_end_rx = re.compile(rf"(?<![\w-])(?:{lexicon.title_pattern(roles_file)})[ \t]+$", re.I)
        self.documents = set(lexicon.words(document_heads_file))
        self.short_forms = {row[0]: row[1] for row in lexicon.rows(short_forms_file)}
        #: the full names the short forms stand for ("Kementerian Luar Negeri")
        self.expansions = frozenset(self.short_forms.values())
        self.model_names = model_names

    def __call__(self, doc: Doc) -> Doc:
        cands: list[Mention] = list(doc._.kg_candidates or [])
        text = doc._.kg_text
        defined: dict[str, Mention] = {}
        for m in self.acronym_def.finditer(text):
            long, acr = m.group("long"), m.group("acr")
            parts = self.and_rx.split(long)
            if len(parts) > 1 and self._headed_name(parts[-1]):
                long = parts[-1]  # "Jenderal ... al-Burhan dan Pasukan Dukungan Cepat (RSF)": the part after "dan"
            words = long.split()
            while words:
                skip = self._is_title(words) or (1 if words[0].lower() in self.stop else 0)
                if not skip:
                    break
                words = words[skip:]
            if not words or words[0] in self.documents:
                continue  # "Perjanjian ... (EDCA)" names a treaty, not an organisation
            if sum(1 for c in acr if c.isupper()) < 2 and not (
                    self._headed_name(" ".join(words)) and abbreviates(acr, words)):
                continue  # "(Senin)"; but "Asosiasi Pengusaha Indonesia (Apindo)" is written as a word
            lead = text[max(0, m.start("long") - 40):m.start("long")].lower().split()[-3:]
            if any(w in self.model_names.object_nouns for w in lead):
                continue  # "sistem pertahanan rudal Terminal High Altitude Area Defense (THAAD)": a thing
            long = " ".join(words)
            start = m.start("long") + m.group("long").rfind(long) if long in m.group("long") else m.start("long")
            if self.countries.get(long) or self.countries.get(acr):
                continue
            key = keys.organisation(long, acr)
            known = self.org_records.get(key)
            if known and known.outlet and lexicon.normkey(long) not in {
                    lexicon.normkey(n) for n in (known.name, *known.aliases)}:
                # "Polisi Federal Australia (AFP)" is not the news agency AFP
                key = f"{key}:{lexicon.normkey(long)}"
            inner = next((c for c in cands if c.kind == Kind.COUNTRY and start <= c.start and c.end <= m.end()), None)
            english = (m.group("english") or "").strip()
            mention = Mention(start, m.end(), text[start:m.end()], Kind.ORGANISATION, key,
                              long, "acronym", aliases=(long, english) if english else (long,), acronym=acr,
                              country=inner.key if inner else None)
            cands.append(mention)
            defined.setdefault(acr, mention)
        for acr, first in defined.items():
            for start, end in occurrences(text, acr, before="(", after=")"):
                cands.append(Mention(start, end, acr, Kind.ORGANISATION, first.key, first.name,
                                     "acronym", aliases=first.aliases, acronym=acr, country=first.country))
        cands.extend(self._model_orgs(doc, cands, defined))
        cands.extend(self._headed(doc, cands))
        cands.extend(self._lower_headed(doc, cands))
        cands.extend(self._groups(text, cands))
        ctx = doc._.kg_context
        cands.extend(self._short_forms(text, cands, ctx.home_country if ctx else None))
        cands.extend(self._numbered(text, cands))
        cands.extend(self._units(text, cands))
        doc._.kg_candidates = self._without_units(cands, text)
        return doc

    def _units(self, text: str, cands: list[Mention]) -> list[Mention]:
        """'Kodam IV/Diponegoro', 'Yonif 400/Banteng Raiders', 'Komando Resor Militer (Korem) 043/Garuda Hitam'
        (data: unit_forms.tsv, unit_number): Indonesian military units by their type, number and name, one
        organisation under its short form and number ("Korem 043") whichever form names it. A reading inside
        the unit's name gives way ("Komando Resor Militer (Korem)", "Garuda Hitam"); one across its edge wins."""
        # the model's readings and places compete ("Kodim 0733/Semarang" holds the city)
        taken = [(m.start, m.end) for m in cands if m.source != SOURCE and m.kind != Kind.PLACE]
        out = []
        for m in self.unit_rx.finditer(text):
            end = m.end()
            slash = text.find("/", m.end("num"), end)
            if slash > 0:
                words = list(re.finditer(r"\S+", text[slash + 1:end]))
                cut = next((w for w in words[1:] if self._is_title([w.group()]) or w.group().isupper()), None)
                if cut is not None:  # "Kodam IV/Diponegoro Mayjen TNI Deddy Suryadi": the name ends at the rank
                    end = slash + 1 + words[words.index(cut) - 1].end()
            if any(a < end and m.start() < b and not (m.start() <= a and b <= end) for a, b in taken):
                continue
            short = f"{self.unit_types[m.group('type')]} {m.group('num')}"
            name = PARENTHESES.sub("", text[m.start():end]).strip()
            # what lies inside the name gives way, and the model's readings across its edge ("[Banyumas Letkol
            # Inf Budi Santoso]" after "Kodim 0701/"): the model ran the unit's name into the person's
            inside = [c for c in cands if (m.start() <= c.start and c.end <= end)
                      or (c.source == SOURCE and c.start < end and m.start() < c.end)]
            unit = Mention(m.start(), end, text[m.start():end], Kind.ORGANISATION, keys.organisation(short),
                           name, "head", aliases=(short,) if short != name else ())
            for c in inside:
                cands.remove(c)
            for c in [c for c in inside if c.source == "acronym" and c.acronym == m.group("acr")]:
                # the acronym defined inside the unit's name ("Komando Resor Militer (Korem) 043"), used alone
                # later ("Korem membantah"), is that unit
                cands[:] = [replace(o, key=unit.key, name=name, aliases=unit.aliases) if o.key == c.key else o
                            for o in cands]
            out.append(unit)
        return out

    @staticmethod
    def _numbered(text: str, cands: list[Mention]) -> list[Mention]:
        """'Komando Gabungan Wilayah Pertahanan (Kogabwilhan) I': the numbered unit, an organisation of its own
        (Kogabwilhan I, II and III are three commands), read over the bare name."""
        out = []
        for m in cands:
            if m.kind != Kind.ORGANISATION:
                continue
            paren = PAREN_ACRONYM.match(text, m.end)
            n = UNIT_NUMBER.match(text, paren.end() if paren else m.end)
            if n is None or not n.group("num"):
                continue
            num = n.group("num")
            acronym = paren.group().strip(" \t()") if paren else m.acronym
            out.append(replace(m, end=n.end(), text=text[m.start:n.end()], key=f"{m.key}-{num}", name=f"{m.name} {num}",
                               aliases=tuple(f"{a} {num}" for a in {*m.aliases, *([acronym] if acronym else [])}),
                               acronym=f"{acronym} {num}" if acronym else None))
        return out

    def _without_units(self, cands: list[Mention], text: str) -> list[Mention]:
        """'Departemen Kerja Sama Militer Internasional Kementerian Pertahanan Belarus': a unit named with the
        organisation it belongs to, as one name or two, is that organisation acting; its own reading stands."""
        orgs = [(m.start, m.end) for m in cands if m.kind == Kind.ORGANISATION]

        def unit(m: Mention) -> bool:
            return m.kind == Kind.ORGANISATION and m.source != "acronym" and bool(self.rx_unit_head.match(m.text)) \
                and any((e == m.end and m.start < s) or (s > m.end and not text[m.end:s].strip()) for s, e in orgs)

        return [m for m in cands if not unit(m)]

    def _model_orgs(self, doc: Doc, known: list[Mention], defined: dict[str, Mention]) -> list[Mention]:
        """The model's ORG names: a known organisation or a defined acronym keeps its key."""
        index = self.org_index
        have = {(m.start, m.end) for m in known if m.kind == Kind.ORGANISATION}
        out = []
        text = doc._.kg_text
        for span in self.model_names(doc, "ORG"):
            span = self._without_named_person(doc, span, known, text)
            surface = span.text
            if (span.start_char, span.end_char) in have or self.countries.get(surface) or surface in self.non_names \
                    or not any(c.isupper() for c in surface) \
                    or (lexicon.cities().get(lexicon.normkey(surface)) and not surface.isupper()):
                continue
            titled = self._is_title(surface.split())
            rest = " ".join(surface.split()[titled:])
            if titled and not (self._headed_name(rest) or index.get(rest) or ACRONYM.fullmatch(rest)):
                continue  # "[Komodor Nikolaos Stavrou]": a person after the rank, no organisation
            inst = self.institution_rx.match(surface)
            c = next((c for c in known if c.kind == Kind.COUNTRY and c.end == span.end_char
                      and c.start == span.start_char + inst.end()), None) if inst else None
            if c is not None:  # "Pemerintah Rwanda", "militer Israel": the institution acts as its country
                out.append(Mention(span.start_char, span.end_char, surface, Kind.COUNTRY, c.key, c.name, "forces",
                                   iso=c.iso))
                continue
            key = index.get(surface) or index.get(lexicon.outlet_key(surface))
            rec = self.org_records.get(key) if key else None
            if rec is not None:
                out.append(model_mention(span, Kind.ORGANISATION, key, rec.name, aliases=rec.aliases,
                                         acronym=rec.acronym,
                                         country=keys.country(rec.country) if rec.country else None))
                continue
            if surface in defined:
                first = defined[surface]
                out.append(model_mention(span, Kind.ORGANISATION, first.key, first.name, aliases=first.aliases,
                                         acronym=surface, country=first.country))
                continue
            acronym = surface if ACRONYM.fullmatch(surface) else None
            inner = next((c for c in known if c.kind == Kind.COUNTRY and span.start_char <= c.start
                          and c.end <= span.end_char), None)
            out.append(model_mention(span, Kind.ORGANISATION, keys.organisation(surface, acronym), surface,
                                     acronym=acronym, country=inner.key if inner else None))
        return out

    def _without_named_person(self, doc: Doc, span: Span, known: list[Mention], text: str) -> Span:
        """'Kepala [MINUSCA Valentine Rugwabiza]': the organisation without the officer's name run into it."""
        ends = {m.end for m in known if m.kind in (Kind.COUNTRY, Kind.ORGANISATION) and m.source != SOURCE
                and span.start_char <= m.start and m.end < span.end_char}
        titled = bool(self.title_end_rx.search(text[max(0, span.start_char - 60):span.start_char]))
        cut = self.model_names.person_tail(span, ends, after_title=titled)
        if cut is None:
            return span
        return doc.char_span(span.start_char, cut, label=span.label_) or span

    def _groups(self, text: str, known: list[Mention]) -> list[Mention]:
        """'kelompok pemberontak M23', 'milisi Houthi': the name after a word for an armed group."""
        out = []
        taken = [(m.start, m.end) for m in known]
        for m in self.group_rx.finditer(text):
            group = "name" if m.group("name") else "code"
            s, e = m.start(group), m.end(group)
            name = m.group(group)
            if any(a <= s < b for a, b in taken) or name.lower() in self.stop or name in self.non_names:
                continue
            acronym = name if group == "code" and name.isupper() else None  # "misi UNIFIL": an acronym
            out.append(Mention(s, e, name, Kind.ORGANISATION, keys.organisation(name, acronym), name, "head",
                               acronym=acronym))
        return out

    def _short_forms(self, text: str, known: list[Mention], home: str | None) -> list[Mention]:
        """'Kemlu' alone after 'Kementerian Luar Negeri RI': the ministry named before; never named before,
        the ministry of the country the press is based in ("Kemlu menyatakan ...", in Indonesian news)."""
        home_label = self.country_label.get(home, home) if home else None
        out = []
        orgs = sorted((m for m in known if m.kind == Kind.ORGANISATION), key=lambda m: m.start)
        taken = [(m.start, m.end) for m in known if m.source != SOURCE]  # the model's readings compete later
        for short, expansion in self.short_forms.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                earlier = [o for o in orgs if o.start < m.start() and o.name.startswith(expansion)]
                if earlier:
                    o = earlier[-1]
                    out.append(Mention(m.start(), m.end(), short, Kind.ORGANISATION, o.key, o.name, "short",
                                       acronym=o.acronym, country=o.country))
                    continue
                after = re.match(r"[ \t]+([\w.]+)", text[m.end():m.end() + 40])
                if home and not (after and self.countries.get(after.group(1))):
                    # unnamed before and no country after it: the press's own country's ministry
                    named = any(self.countries.get(w) for w in expansion.split())  # "Mabes TNI" says whose
                    name = expansion if named else f"{expansion} {home_label}"
                    out.append(Mention(m.start(), m.end(), short, Kind.ORGANISATION, keys.organisation(name),
                                       name, "short", aliases=(short,), country=keys.country(home)))
        return out

    def _headed_name(self, name: str) -> bool:
        """Does a name begin with an organisation's head word ("Asosiasi Pengusaha Indonesia")? (head_rx wants a
        capitalised word after the head, so the name is given one.)"""
        return bool(self.head_rx.match(name + " X"))

    def _is_title(self, words: list[str]) -> int:
        """How many leading words form a person title ("Juru bicara"), else 0; a title alone ("Utusan Tinggi")
        counts too."""
        joined = " ".join(words).lower()
        for t in self.titles:
            if joined == t.lower() or joined.startswith(t.lower() + " "):
                return len(t.split())
        return 0

    def _lower_headed(self, doc: Doc, known: list[Mention]) -> list[Mention]:
        """'kementerian pertahanan Rusia': written in lower case, the same organisation as when capitalised,
        when a country ends it."""
        text = doc._.kg_text
        countries = {m.start: m for m in known if m.kind == Kind.COUNTRY and m.source == "gazetteer"}
        out = []
        for m in self.lower_head_rx.finditer(text):
            c = countries.get(m.end())
            if c is None:
                continue
            phrase = text[m.start():c.end]
            out.append(Mention(m.start(), c.end, phrase, Kind.ORGANISATION, keys.organisation(phrase),
                               phrase[0].upper() + phrase[1:], "head", country=c.key))
        return out

    def _headed(self, doc: Doc, known: list[Mention]) -> list[Mention]:
        """'Kementerian Luar Negeri Rusia': head, capitalised words, ending after a known actor."""
        text = doc._.kg_text
        home = doc._.kg_context.home_country if doc._.kg_context else None
        # the rules' readings end a headed name; the model's may run into a person's name after it
        starts = {m.start: m for m in known
                  if m.kind in (Kind.COUNTRY, Kind.ORGANISATION, Kind.PLACE) and m.source != SOURCE}
        people = {p.start_char for p in self.model_names(doc, "PER")}
        out = []
        for m in self.head_rx.finditer(text):
            if self.rx_facility_before.search(text, max(0, m.start() - 30), m.start()):
                continue  # "di Pangkalan Angkatan Laut Ream": a base, named after the unit
            if self.rx_office_head.match(m.group("head")) and self.head_rx.match(text, m.end() + 1):
                continue  # "Kantor Kementerian Luar Negeri": the ministry, found from its own head
            headline = title_case_line(text, m.start())
            pos = m.end()
            end = pos
            inner: Mention | None = None
            while True:
                ws = SPACE.match(text, pos)
                if not ws:
                    break
                nxt = ws.end()
                if nxt in people and not (nxt in starts and starts[nxt].kind == Kind.COUNTRY) \
                        and m.group("head") not in self.regional_heads:  # ("Polres [Sleman]": the region)
                    # (a country the model took for a person still ends the name: "Angkatan Bersenjata Slovakia")
                    break  # "Ketua Umum Partai Golkar Aburizal Bakrie": the name is not the party's
                if m.group("head") in self.short_forms and nxt not in starts:
                    break  # a short form is a whole name: "Kemlu RI", never "Kemlu Rolliansyah Soemirat"
                if nxt in starts:
                    inner = starts[nxt]
                    end = inner.end
                    paren = PAREN_ACRONYM.match(text, end)
                    if paren:
                        end = paren.end()
                    break
                dept = next((d for d in self.departments if text.startswith(d, nxt)
                             and not text[nxt + len(d):nxt + len(d) + 1].isalnum()), None)
                if dept:
                    pos = end = nxt + len(dept)
                    continue
                paren = PAREN_ACRONYM.match(text, pos)
                after = SPACE.match(text, paren.end()) if paren else None
                if after and after.end() in starts and starts[after.end()].kind == Kind.COUNTRY:
                    # "Kementerian Pertahanan (Kemhan) RI": the acronym defined inside the name of one country's office
                    inner = starts[after.end()]
                    end = inner.end
                    break
                word = CAP_RX.match(text, nxt)
                lone_stop_word = word is not None and word.group().lower() in self.stop \
                    and not SPACED_CAP.match(text, word.end())
                if not word or lone_stop_word or word.group().lower() in self.model_names.object_nouns:
                    break  # ... or a craft after the name ("TNI Angkatan Laut KRI Sultan Iskandar Muda")
                pos = end = word.end()
            if end == m.end() or (headline and inner is None):
                continue  # in a Title Case line every word is capitalised: only a known actor ends the name
            phrase = text[m.start():end]
            rest = text[m.end():end].strip()
            if inner is None and ACRONYM.fullmatch(rest) and m.group("head").lower() in self.institutions:
                # "Pasukan CSTO" before any definition of CSTO: the forces of the organisation of that acronym
                out.append(Mention(m.start(), end, phrase, Kind.ORGANISATION, keys.organisation(rest, rest), rest,
                                   "forces", acronym=rest))
                continue
            if inner is not None and rest == inner.text and inner.kind == Kind.ORGANISATION:
                # "Pasukan CSTO": the organisation's own forces act as the organisation
                out.append(Mention(m.start(), end, phrase, Kind.ORGANISATION, inner.key, inner.name, "forces",
                                   aliases=inner.aliases, acronym=inner.acronym))
                continue
            if inner is not None and rest == inner.text and inner.kind == Kind.COUNTRY \
                    and m.group("head").lower() in self.institutions:
                # "Pasukan Rusia", "Kontingen Rwanda": a country's forces act as the country
                out.append(Mention(m.start(), end, phrase, Kind.COUNTRY, inner.key, inner.name, "forces",
                                   iso=inner.iso))
                continue
            if self.countries.get(phrase):
                continue
            country = inner.key if inner is not None and inner.kind == Kind.COUNTRY else None
            acr = END_ACRONYM.search(phrase) or INNER_ACRONYM.search(phrase)
            inside = acr is not None and acr.end() < len(phrase)  # defined inside: weighs as that definition
            name = PARENTHESES.sub("", phrase)
            known_acronym = self.org_index.get(acr.group(1)) if inside else None
            if known_acronym:
                # "Tentara Pembebasan Rakyat (PLA) China": the organisation its acronym names
                key = known_acronym
            elif inside and not (country and
                                 PARENTHESES.sub("", text[m.start():inner.start]).strip() in self.expansions):
                # "Pasukan Polisi Bersenjata (APF) Nepal": the acronym defined here, under the key its later uses
                # take (a ministry keeps its one name with its country: "Kementerian Pertahanan (Kemhan) RI")
                key = keys.organisation(name, acr.group(1))
            elif country and inner.end == end and inner.iso:
                # "Kemlu RI", "Kementerian Luar Negeri Indonesia": one ministry, under one name
                base = PARENTHESES.sub("", text[m.start():inner.start]).strip()
                key = keys.organisation(f"{self.short_forms.get(base, base)} "
                                        f"{self.country_label.get(inner.iso, inner.text)}")
            elif inner is None and home and name in self.expansions:
                # "Kementerian Luar Negeri" with no country: the one named before in full, else the home one
                earlier = [o for o in [*known, *out] if o.kind == Kind.ORGANISATION and o.start < m.start()
                           and o.name.startswith(name + " ") and o.country]
                if earlier:
                    key, country = earlier[-1].key, earlier[-1].country
                else:
                    key = keys.organisation(f"{name} {self.country_label.get(home, home)}")
                    country = keys.country(home)
            elif (rec := self.org_records.get(self.org_index.get(name) or "")) is not None:
                # "Kementerian Koordinator Bidang Politik, Hukum, dan Keamanan": a known organisation in full
                key, country = rec.key, keys.country(rec.country) if rec.country else country
            else:
                key = keys.organisation(name, acr.group(1) if acr else None)
            out.append(Mention(m.start(), end, phrase, Kind.ORGANISATION, key, name, "acronym" if inside else "head",
                               acronym=acr.group(1) if acr else None, country=country))
        return out
