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

from spacy.language import Language
from spacy.tokens import Doc

from kg import lexicon
from kg.facts import Mention
from kg.nlp import extensions  # noqa: F401

CAP = r"[A-Z][\w'’.&-]*"
LINK = r"(?:dan|untuk|bagi|dari|atas|di|de|la|of|the|for|&)"
ACRONYM_DEF = re.compile(rf"(?P<long>{CAP}(?:[ \t]+(?:{CAP}|{LINK}))*?[ \t]+{CAP}|{CAP})"
                         rf"[ \t]*\((?:(?P<english>[A-Z][^()/]{{3,80}})/)?"
                         rf"(?P<acr>[A-Za-z][A-Za-z0-9&.-]{{1,11}}(?: [A-Z]{{2,3}})?)\)")


@Language.factory("kg_organisations")
def make_organisations(nlp: Language, name: str) -> OrganisationFinder:
    return OrganisationFinder()


class OrganisationFinder:
    def __init__(self) -> None:
        self.heads = sorted(lexicon.words("org_heads.txt"), key=len, reverse=True)
        self.head_rx = re.compile(rf"\b(?P<head>{lexicon.alternation(self.heads)})(?=[ \t]+[A-Z])")
        self.institutions = {w.lower() for w in lexicon.words("institutions.tsv")}
        self.departments = lexicon.roles()[2]
        self.stop = lexicon.stop_words()
        _, self.titles, _ = lexicon.roles()
        self.countries, _, _ = lexicon.countries()
        _, self.org_records = lexicon.organisations()
        self.non_names = set(lexicon.words("non_names.txt"))
        self.documents = set(lexicon.words("document_heads.txt"))
        self.short_forms = {row[0]: row[1] for row in lexicon.rows("short_forms.tsv")}
        self.group_rx = re.compile(
            r"\b(?:(?i:kelompok|gerakan|milisi|faksi|organisasi)"
            r"(?:[ \t]+(?:pemberontak|militan|bersenjata|separatis"
            r"|teroris|jihadis|ekstremis))?[ \t]+(?P<name>(?:[A-Z][\w'’-]*|[A-Z0-9]{2,}[\w-]*)"
            r"(?:[ \t]+[A-Z][\w'’-]*){0,3})"
            # "pemberontak M23", "misi UNIFIL": after these words only a code name, not a people (Tuareg)
            r"|\b(?:pemberontak|misi|operasi|kontingen|satgas)[ \t]+"
            r"(?P<code>[A-Z][A-Z0-9-]*\d[A-Z0-9-]*|[A-Z]{3,8})\b)")

    def __call__(self, doc: Doc) -> Doc:
        cands: list[Mention] = list(doc._.kg_candidates or [])
        text = doc.text
        defined: dict[str, Mention] = {}
        for m in ACRONYM_DEF.finditer(text):
            long, acr = m.group("long"), m.group("acr")
            parts = re.split(r"[ \t]+dan[ \t]+", long)
            if len(parts) > 1 and self.head_rx.match(parts[-1] + " X"):
                long = parts[-1]  # "Jenderal ... al-Burhan dan Pasukan Dukungan Cepat (RSF)": the part after "dan"
            words = long.split()
            while words:
                skip = self._is_title(words) or (1 if words[0].lower() in self.stop else 0)
                if not skip:
                    break
                words = words[skip:]
            if not words or sum(1 for c in acr if c.isupper()) < 2 or words[0] in self.documents:
                continue  # "Perjanjian ... (EDCA)" names a treaty, not an organisation
            long = " ".join(words)
            start = m.start("long") + m.group("long").rfind(long) if long in m.group("long") else m.start("long")
            if self.countries.get(long) or self.countries.get(acr):
                continue
            key = lexicon.org_key(long, acr)
            known = self.org_records.get(key)
            if known and known.outlet and lexicon.normkey(long) not in {
                    lexicon.normkey(n) for n in (known.name, *known.aliases)}:
                # "Polisi Federal Australia (AFP)" is not the news agency AFP
                key = f"{key}:{lexicon.normkey(long)}"
            inner = next((c for c in cands if c.kind == "Country" and start <= c.start and c.end <= m.end()), None)
            english = (m.group("english") or "").strip()
            mention = Mention(start, m.end(), text[start:m.end()], "Organisation", key,
                              long, "acronym", aliases=(long, english) if english else (long,), acronym=acr,
                              country=inner.key if inner else None)
            cands.append(mention)
            defined.setdefault(acr, mention)
        for acr, first in defined.items():
            for m in re.finditer(rf"(?<![\w(]){re.escape(acr)}(?![\w)])", text):
                cands.append(Mention(m.start(), m.end(), acr, "Organisation", first.key, first.name,
                                     "acronym", aliases=first.aliases, acronym=acr, country=first.country))
        cands.extend(self._headed(doc, cands))
        cands.extend(self._groups(text, cands))
        cands.extend(self._short_forms(text, cands))
        doc._.kg_candidates = cands
        return doc

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
            out.append(Mention(s, e, name, "Organisation", lexicon.org_key(name, acronym), name, "head",
                               acronym=acronym))
        return out

    def _short_forms(self, text: str, known: list[Mention]) -> list[Mention]:
        """'Kemlu' alone after 'Kementerian Luar Negeri RI': the ministry named before."""
        out = []
        orgs = sorted((m for m in known if m.kind == "Organisation"), key=lambda m: m.start)
        taken = [(m.start, m.end) for m in known]
        for short, expansion in self.short_forms.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                earlier = [o for o in orgs if o.start < m.start() and o.name.startswith(expansion)]
                if earlier:
                    o = earlier[-1]
                    out.append(Mention(m.start(), m.end(), short, "Organisation", o.key, o.name, "short",
                                       acronym=o.acronym, country=o.country))
        return out

    def _is_title(self, words: list[str]) -> int:
        """How many leading words form a person title ("Juru bicara"), else 0."""
        joined = " ".join(words).lower()
        for t in self.titles:
            if joined.startswith(t.lower() + " "):
                return len(t.split())
        return 0

    def _headed(self, doc: Doc, known: list[Mention]) -> list[Mention]:
        """'Kementerian Luar Negeri Rusia': head, capitalised words, ending after a known actor."""
        text = doc.text
        starts = {m.start: m for m in known if m.kind in ("Country", "Organisation", "Place")}
        out = []
        for m in self.head_rx.finditer(text):
            pos = m.end()
            end = pos
            inner: Mention | None = None
            while True:
                ws = re.match(r"[ \t]+", text[pos:])
                if not ws:
                    break
                nxt = pos + ws.end()
                if nxt in starts:
                    inner = starts[nxt]
                    end = inner.end
                    paren = re.match(r"[ \t]*\([A-Z][\w.&-]{1,11}\)", text[end:])
                    if paren:
                        end += paren.end()
                    break
                dept = next((d for d in self.departments if text.startswith(d, nxt)
                             and not text[nxt + len(d):nxt + len(d) + 1].isalnum()), None)
                if dept:
                    pos = end = nxt + len(dept)
                    continue
                word = re.match(rf"{CAP}", text[nxt:])
                lone_stop_word = word is not None and word.group().lower() in self.stop \
                    and not re.match(rf"[ \t]+{CAP}", text[nxt + word.end():])
                if not word or lone_stop_word:
                    break
                pos = end = nxt + word.end()
            if end == m.end():
                continue
            phrase = text[m.start():end]
            rest = text[m.end():end].strip()
            if inner is not None and rest == inner.text and inner.kind == "Organisation":
                # "Pasukan CSTO": the organisation's own forces act as the organisation
                out.append(Mention(m.start(), end, phrase, "Organisation", inner.key, inner.name, "forces",
                                   aliases=inner.aliases, acronym=inner.acronym))
                continue
            if inner is not None and rest == inner.text and inner.kind == "Country" \
                    and m.group("head").lower() in self.institutions:
                # "Pasukan Rusia", "Kontingen Rwanda": a country's forces act as the country
                out.append(Mention(m.start(), end, phrase, "Country", inner.key, inner.name, "forces",
                                   iso=inner.iso))
                continue
            if self.countries.get(phrase):
                continue
            country = inner.key if inner is not None and inner.kind == "Country" else None
            acr = re.search(r"\(([A-Z][\w.&-]{1,11})\)$", phrase)
            name = re.sub(r"\s*\([^)]*\)$", "", phrase)
            out.append(Mention(m.start(), end, phrase, "Organisation",
                               lexicon.org_key(name, acr.group(1) if acr else None), name, "head",
                               acronym=acr.group(1) if acr else None, country=country))
        return out
