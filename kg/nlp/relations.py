"""Binary facts between actors: affiliation (from titles), ledBy, memberOf, locatedIn.

"Organisasi Traktat Keamanan Kolektif (CSTO) yang dipimpin Rusia" and "Organisasi
ini ... dipimpin oleh Rusia" both say CSTO ledBy Russia; "negara anggota X" and
"X, anggota Y" say memberOf.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg import lexicon
from kg.facts import Relation
from kg.nlp import extensions  # noqa: F401
from kg.nlp.sentences_view import evidence, sentences

LED = re.compile(r"\b(?:dipimpin[ \t]+(?:oleh[ \t]+)?|pimpinan[ \t]+)(?:[A-Z][a-z]+[ \t]+){0,3}$")
MEMBER = re.compile(r"\b(?:negara[ \t]+)?anggota[ \t]+$", re.I)
#: offices named without their country in an article about a country's troops: that country's ministers
MINISTER = re.compile(r"^(?:wakil )?(?:menteri|menhan|menlu|kepala sekretaris kabinet|sekretaris kabinet)", re.I)
ORG_ANAPHOR = re.compile(
    r"\b(?:organisasi|aliansi|blok(?:[ \t]+militer)?|pakta|koalisi)[ \t]+(?:ini|itu|tersebut)\b", re.I)


@Language.factory("kg_relations")
def make_relations(nlp: Language, name: str) -> RelationFinder:
    return RelationFinder()


class RelationFinder:
    def __init__(self) -> None:
        _, self.org_records = lexicon.organisations()

    def __call__(self, doc: Doc) -> Doc:
        out: list[Relation] = []
        last_org = None
        for sent in sentences(doc):
            for m in sent.mentions:
                if m.kind == "Person" and m.affiliation and m.source == "title":
                    out.append(Relation(m.key, "affiliation", m.affiliation, evidence(doc, sent)))
                if m.kind in ("Place", "Organisation") and m.country and m.country != m.key:
                    out.append(Relation(m.key, "locatedIn" if m.kind == "Place" else "country", m.country,
                                        evidence(doc, sent)))
            orgs = [m for m in sent.mentions if m.kind == "Organisation" and not self._outlet(m.key)]
            for m in sent.mentions:
                lead = sent.text[: sent.local(m.start)]
                if m.kind in ("Country", "Person") and LED.search(lead):
                    led = LED.search(lead)
                    before = [o for o in orgs if o.end <= m.start and re.fullmatch(
                        r"[ \t]*(?:\([^)]*\))?[ \t]*,?[ \t]*(?:yang[ \t]+)?", sent.text[sent.local(o.end):led.start()])]
                    org = before[-1].key if before else None
                    if org is None and ORG_ANAPHOR.search(lead):
                        org = last_org
                    if org and org != m.key:
                        out.append(Relation(org, "ledBy", m.key, evidence(doc, sent)))
                if m.kind == "Organisation" and MEMBER.search(lead):
                    for c in sent.mentions:
                        if c.kind == "Country" and c.end <= m.start:
                            out.append(Relation(c.key, "memberOf", m.key, evidence(doc, sent)))
            if orgs:
                last_org = orgs[-1].key
        out.extend(self._home_offices(doc, out))
        doc._.kg_relations = out
        return doc

    @staticmethod
    def _home_offices(doc: Doc, found: list[Relation]) -> list[Relation]:
        """"Menteri Pertahanan Pete Hegseth" with no country, in an article on the troops a country sends:
        a minister or head of government named without a country serves the sending country."""
        ops = doc._.kg_deployments or []
        country_of = {m.key: m.country for m in doc._.kg_mentions or [] if m.country}
        senders = [d.sender if d.sender.startswith("country:") else country_of.get(d.sender)
                   for d in ops if d.sender]
        senders = [s for s in senders if s]
        if len(set(senders)) != 1:
            return []
        home = senders[0]
        have = {r.subject for r in found if r.predicate == "affiliation"}
        out = []
        for sent in sentences(doc):
            for m in sent.mentions:
                if m.kind == "Person" and m.source == "title" and not m.affiliation and m.role \
                        and MINISTER.match(m.role) and m.key not in have:
                    out.append(Relation(m.key, "affiliation", home, evidence(doc, sent)))
                    have.add(m.key)
        return out

    def _outlet(self, key: str) -> bool:
        rec = self.org_records.get(key)
        return bool(rec and rec.outlet)
