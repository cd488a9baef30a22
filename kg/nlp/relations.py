"""Binary facts between actors: affiliation (from titles, and for well-known people from
data/people.tsv), ledBy, memberOf, locatedIn.

"Organisasi Traktat Keamanan Kolektif (CSTO) yang dipimpin Rusia" and "Organisasi
ini ... dipimpin oleh Rusia" both say CSTO ledBy Russia; "negara anggota X" and
"X, anggota Y" say memberOf.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg import keys, lexicon
from kg.facts import Relation
from kg.kinds import Kind
from kg.nlp import extensions  # noqa: F401
from kg.nlp.sentences_view import evidence, sentences


@Language.factory("kg_relations",
                  default_config={"patterns_file": "patterns/relations.tsv", "organisations_file": "organisations.tsv",
                                  "outlets_file": "outlets.tsv", "people_file": "people.tsv"},
                  requires=["doc._.kg_mentions", "doc._.kg_deployments", "doc._.kg_located", "token.is_sent_start"],
                  assigns=["doc._.kg_relations"])
def make_relations(nlp: Language, name: str, patterns_file: str, organisations_file: str,
                   outlets_file: str, people_file: str) -> RelationFinder:
    return RelationFinder(patterns_file, organisations_file, outlets_file, people_file)


class RelationFinder:
    def __init__(self, patterns_file: str, organisations_file: str, outlets_file: str, people_file: str) -> None:
        self.rx = lexicon.compiled(patterns_file)
        _, self.org_records = lexicon.organisations(organisations_file, outlets_file)
        self.people, self.serves = lexicon.people(people_file)
        self.missions = set(lexicon.missions())  # the record keys of peacekeeping missions and operations

    def __call__(self, doc: Doc) -> Doc:
        out: list[Relation] = []
        last_org = None
        located = doc._.kg_located or {}
        for sent in sentences(doc):
            for m in sent.mentions:
                if m.kind == Kind.PERSON and m.affiliation and m.source == "title":
                    out.append(Relation(m.key, "affiliation", m.affiliation, evidence(doc, sent)))
                country = located.get((m.start, m.end), m.country)
                if m.kind in (Kind.PLACE, Kind.ORGANISATION) and country and country != m.key:
                    out.append(Relation(m.key, "locatedIn" if m.kind == Kind.PLACE else "country", country,
                                        evidence(doc, sent)))
            orgs = [m for m in sent.mentions if m.kind == Kind.ORGANISATION and not self._outlet(m.key)]
            for m in sent.mentions:
                lead = sent.text[: sent.local(m.start)]
                led = self.rx.led.search(lead) if m.kind in (Kind.COUNTRY, Kind.PERSON) else None
                if led:
                    before = [o for o in orgs if o.end <= m.start
                              and self.rx.led_gap.fullmatch(sent.text[sent.local(o.end):led.start()])]
                    org = before[-1].key if before else None
                    if org is None and self.rx.org_anaphor.search(lead):
                        org = last_org
                    if org and org != m.key:
                        out.append(Relation(org, "ledBy", m.key, evidence(doc, sent)))
                if m.kind == Kind.ORGANISATION and not self._outlet(m.key):
                    out.extend(Relation(c.key, "memberOf", m.key, evidence(doc, sent))
                               for c in self._members(sent, m, lead))
            if last_org:
                out.extend(Relation(c.key, "memberOf", last_org, evidence(doc, sent)) for c in self._joiners(sent))
            if orgs:
                last_org = orgs[-1].key
        out.extend(self._known_people(doc, out))
        out.extend(self._home_offices(doc, out))
        doc._.kg_relations = out
        return doc

    def _members(self, sent, org, lead: str) -> list:
        """The member countries an organisation's mention names: the list just before "(menjadi) anggota
        ORG" or "bergabung dengan ORG", or the list after "ORG beranggotakan" / "anggota ORG, termasuk"."""
        countries = [c for c in sent.mentions if c.kind == Kind.COUNTRY and c.key != org.key]
        cue = self.rx.member.search(lead)
        after = [c for c in countries if c.start >= org.end]
        if after:
            opening = sent.text[sent.local(org.end):sent.local(after[0].start)]
            if self.rx.member_list.match(opening) or (cue and (self.rx.member_examples.match(opening)
                                                                or self.rx.member_next.match(opening))):
                return self._run(sent, after)
        if not cue:
            return []
        before = [c for c in countries if c.end <= org.start]
        if not before or not self.rx.member_gap.fullmatch(sent.text[sent.local(before[-1].end):cue.start()]):
            return []
        return self._run(sent, before[::-1])

    def _run(self, sent, countries: list) -> list:
        """The countries of one list, from the first given on: consecutive ones joined only by commas, dan, serta."""
        run = countries[:1]
        for c in countries[1:]:
            a, b = sorted((run[-1], c), key=lambda x: x.start)
            if not self.rx.list_gap.match(sent.text[sent.local(a.end):sent.local(b.start)]):
                break
            run.append(c)
        return run

    def _joiners(self, sent) -> list:
        """"Mesir, Etiopia, Iran dan Uni Emirat Arab turut bergabung." joins the organisation last named."""
        countries = [c for c in sent.mentions if c.kind == Kind.COUNTRY]
        for i, c in enumerate(countries):
            if self.rx.joined.match(sent.text[sent.local(c.end):]):
                return self._run(sent, countries[i::-1])
        return []

    def _known_people(self, doc: Doc, found: list[Relation]) -> list[Relation]:
        """"Presiden Emmanuel Macron" names no country, yet every reader knows whose president he is: a person
        of data/people.tsv whom the article gives no affiliation serves what the gazetteer says."""
        have = {r.subject for r in found if r.predicate == "affiliation"}
        out = []
        for sent in sentences(doc):
            for m in sent.mentions:
                if m.kind != Kind.PERSON or m.key in have:
                    continue
                known = self.people.get(m.name) or self.people.by_key.get(m.key.split(":", 1)[1])
                if known:
                    out.extend(Relation(m.key, "affiliation", k, evidence(doc, sent)) for k in self.serves[known])
                    have.add(m.key)
        return out

    def _home_offices(self, doc: Doc, found: list[Relation]) -> list[Relation]:
        """"Menteri Pertahanan Pete Hegseth" with no country, in an article on the troops a country sends:
        a minister or head of government named without a country serves the sending country; so does the
        commander of the force sent ("Komandan kontingen, Letnan Kolonel Martin Hudec")."""
        ops = doc._.kg_deployments or []
        located = doc._.kg_located or {}
        country_of = {m.key: c for m in doc._.kg_mentions or [] if (c := located.get((m.start, m.end), m.country))}
        # (a mission's own operation is no country's: UNMISS serves in South Sudan, its officers are not South Sudan's)
        senders = [d.sender if keys.is_country(d.sender) else country_of.get(d.sender)
                   for d in ops if d.sender and d.sender not in self.missions]
        senders = [s for s in senders if s]
        if len(set(senders)) != 1:
            return []
        home = senders[0]
        have = {r.subject for r in found if r.predicate == "affiliation"}
        out = []
        for sent in sentences(doc):
            for m in sent.mentions:
                if m.kind != Kind.PERSON or m.affiliation or m.key in have:
                    continue
                # "Komandan kontingen, Letnan Kolonel X": the commander of the force sent serves its country too
                commands = bool(self.rx.force_commander.search(doc._.kg_text, max(0, m.start - 70), m.start))
                if commands or (m.source == "title" and m.role and self.rx.minister.match(m.role)):
                    out.append(Relation(m.key, "affiliation", home, evidence(doc, sent)))
                    have.add(m.key)
        return out

    def _outlet(self, key: str) -> bool:
        rec = self.org_records.get(key)
        return bool(rec and rec.outlet)
