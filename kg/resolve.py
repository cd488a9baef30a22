"""One node per real actor and one Deployment per real operation, across all articles.

Within an article the pipeline already ties "Tokayev" to "Kassym-Jomart Tokayev"
and "CSTO" to its long name. Across articles this module merges what names the
same thing: a surname alone with the one full name that ends in it, an
organisation's name with the acronym another article defines for it, a city
named without its GeoNames entry with the one that has it, and deployments by
(sender, destination country), where a place destination counts as its country.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg import lexicon
from kg.facts import ArticleFacts, Deployment, Entity, Evidence, Mention, Relation, Statement
from kg.kinds import LOCATIONS, Kind
from kg.nlp.deployments import settle_withdrawal

KIND_ORDER = {Kind.PERSON: 0, Kind.COUNTRY: 1, Kind.ORGANISATION: 2, Kind.PLACE: 3}


@dataclass
class KnowledgeBase:
    """The resolved facts of a whole build, ready for RDF."""

    articles: list[ArticleFacts]
    entities: dict[str, Entity]
    deployments: list[Deployment]
    statements: list[Statement]
    relations: dict[tuple[str, str, str], list[Evidence]] = field(default_factory=dict)
    #: entity key -> article id -> mention count
    mentions: dict[str, Counter] = field(default_factory=dict)


class Aliases:
    """Union-find over entity keys; the canonical key of a set is its most specific member."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        while self.parent.get(key, key) != key:
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        keep, drop = sorted((ra, rb), key=_specificity)
        self.parent[drop] = keep


def _specificity(key: str) -> tuple[int, str]:
    """Prefer acronym and GeoNames keys, then longer person names, as the canonical one."""
    if key.startswith("place:geonames:"):
        return (0, key)
    if key.startswith("org:") and key[4:].isupper():
        return (0, key)
    return (1, f"{-len(key):05d}{key}")


def resolve(articles: list[ArticleFacts]) -> KnowledgeBase:
    """Resolve a whole build held in memory (the streaming build uses Resolver's passes directly)."""
    r = Resolver()
    for a in articles:
        r.learn(a)
    for a in articles:
        r.absorb(a)
    r.finish()
    statements = [s for a in articles for s in r.statements(a)]
    mentions: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        a.spans = r.spans(a)
        for m in a.mentions:
            mentions[r.canon(m.key)][a.article_id] += 1
    return KnowledgeBase(articles, r.entities, r.deployments, statements, r.relations, dict(mentions))


class Resolver:
    """Entity resolution in passes over the articles, holding only the entity index, never the corpus.

    Pass 1 (`learn`, each article) gathers the names that tie keys together; pass 2 (`absorb`,
    each article again, in the same order) merges mentions into entities, collects relations and
    deployments; `finish` settles them; `statements(article)` then resolves one article's statements.
    """

    def __init__(self) -> None:
        self.persons: dict[str, str] = {}
        self.by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._aliases: Aliases | None = None
        self.entities: dict[str, Entity] = {}
        self.relations: dict[tuple[str, str, str], list[Evidence]] = {}
        self._seen_evidence: dict[tuple[str, str, str], set[tuple[str, int]]] = {}
        self._deployments: list[Deployment] = []
        self.deployments: list[Deployment] = []
        self.dates: dict[str, object] = {}
        self.kinds: dict[str, str] = {}

    def learn(self, a: ArticleFacts) -> None:
        for m in a.mentions:
            if m.kind == Kind.PERSON:
                self.persons[m.key] = m.name  # the last name seen for a key, in article order
            elif m.kind in (Kind.ORGANISATION, Kind.PLACE):
                for n in (m.name, *m.aliases):
                    self.by_name[(m.kind, lexicon.normkey(n))].add(m.key)

    @property
    def aliases(self) -> Aliases:
        if self._aliases is None:
            self._aliases = _aliases(self.persons, self.by_name)
        return self._aliases

    def canon(self, key: str) -> str:
        return self.aliases.find(key)

    def absorb(self, a: ArticleFacts) -> None:
        canon = self.canon
        for m in a.mentions:
            key = canon(m.key)
            e = self.entities.get(key)
            if e is None:
                e = self.entities[key] = Entity(key=key, kind=m.kind, name=m.name)
            _absorb(e, m)
            e.mention_count += 1
            if m.role:
                e.roles.add(m.role)
        for r in a.relations:
            self._relate(Relation(canon(r.subject), r.predicate, canon(r.object), r.evidence))
        self.dates[a.article_id] = a.date
        for d in a.deployments:
            d.sender = canon(d.sender) if d.sender else None
            d.destinations = list(dict.fromkeys(canon(k) for k in d.destinations))
            d.contributors = list(dict.fromkeys(canon(k) for k in d.contributors))
            self._deployments.append(d)

    def _relate(self, r: Relation) -> None:
        key = (r.subject, r.predicate, r.object)
        ev = self.relations.setdefault(key, [])
        seen = self._seen_evidence.setdefault(key, set())
        if r.evidence is not None and (r.evidence.article_id, r.evidence.start) not in seen:
            seen.add((r.evidence.article_id, r.evidence.start))
            ev.append(r.evidence)

    def finish(self) -> None:
        """Countries of places and organisations, well-typed relations, merged deployments."""
        canon, entities = self.canon, self.entities
        for e in entities.values():
            if e.country:
                e.country = canon(e.country)
                self._relate(Relation(e.key, "locatedIn" if e.kind == Kind.PLACE else "country", e.country))
        self.relations = _well_typed(self.relations, entities)
        self._seen_evidence = {}
        self.deployments = _merge_deployments(self._deployments, entities)
        self._deployments = []
        self.kinds = {k: e.kind for k, e in entities.items()}
        _consistent_deployments(self.deployments, self.kinds)

    def spans(self, a: ArticleFacts) -> list[tuple[int, int, str]]:
        """Where each name stands in the article's file, by resolved entity key (kg:Mention nodes)."""
        return [(start, end, self.canon(key)) for start, end, key in a.spans]

    def statements(self, a: ArticleFacts) -> list[Statement]:
        """The article's statements with resolved keys, those without a known speaker or words dropped."""
        canon, kind = self.canon, self.kinds
        out = []
        for s in a.statements:
            s.speaker = canon(s.speaker)
            s.about = list(dict.fromkeys(canon(k) for k in s.about if canon(k) != s.speaker))
            s.responds_to = list(dict.fromkeys(canon(k) for k in s.responds_to))
            s.quoted_by = canon(s.quoted_by) if s.quoted_by else None
            if kind.get(s.speaker) in (Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY):
                out.append(s)
        _consistent_statements(out, a.date, kind)
        return out


#: relation -> (subject kinds, object kinds, at most one object)
RELATION_TYPES = {
    "affiliation": ({Kind.PERSON}, {Kind.COUNTRY, Kind.ORGANISATION}, False),
    "ledBy": ({Kind.ORGANISATION}, {Kind.COUNTRY, Kind.PERSON}, False),
    "memberOf": ({Kind.COUNTRY}, {Kind.ORGANISATION}, False),
    "country": ({Kind.ORGANISATION}, {Kind.COUNTRY}, True),
    "locatedIn": ({Kind.PLACE}, {Kind.COUNTRY}, True),
}


def _well_typed(relations: dict, entities: dict[str, Entity]) -> dict:
    """Only relations between the right kinds of entity, and one country per organisation or place
    (the entity's own, else the best-evidenced): text is messy, the graph must still conform."""
    out: dict = {}
    single: dict[tuple[str, str], tuple[str, str, str]] = {}
    ranked = sorted(relations.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for (s, p, o), ev in ranked:
        if s not in entities or o not in entities or s == o or p not in RELATION_TYPES:
            continue
        subjects, objects, one = RELATION_TYPES[p]
        if entities[s].kind not in subjects or entities[o].kind not in objects:
            continue
        if one:
            own = entities[s].country
            chosen = single.get((s, p))
            if chosen is not None and not (o == own and chosen[2] != own):
                continue
            if chosen is not None:
                out.pop(chosen)
            single[(s, p)] = (s, p, o)
        out[(s, p, o)] = ev
    return dict(sorted(out.items()))


def _consistent_deployments(deployments: list[Deployment], kind: dict[str, str]) -> None:
    """Drop what contradicts itself (a start after the withdrawal, a count below one)."""
    for d in deployments:
        d.destinations = [k for k in d.destinations if kind.get(k) in (Kind.COUNTRY, Kind.PLACE)]
        d.contributors = [k for k in d.contributors if kind.get(k) == Kind.COUNTRY]
        if d.troop_count is not None and d.troop_count < 1:
            d.troop_count = d.troop_qualifier = d.troop_text = None
        d.troop_reports = [r for r in d.troop_reports if r[1] >= 1]
        if d.withdrawal_start and d.withdrawal_end and d.withdrawal_end < d.withdrawal_start:
            d.withdrawal_end = None
        later = [x for x in (d.withdrawal_start, d.withdrawal_end) if x]
        if d.start_date and later and d.start_date > min(later):
            d.start_date = None


def _consistent_statements(statements: list[Statement], own, kind: dict[str, str]) -> None:
    """Drop what contradicts itself: a quote of nothing but punctuation, a date after the article's."""
    statements[:] = [s for s in statements if any(c.isalnum() for c in s.text)]
    for s in statements:
        if s.date and own and s.date > own:
            s.date = own
        s.about = [k for k in s.about if kind.get(k) in (Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.PLACE)]
        s.responds_to = [k for k in s.responds_to if kind.get(k) in (Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY)]
        if s.quoted_by and kind.get(s.quoted_by) not in (Kind.ORGANISATION, Kind.PERSON):
            s.quoted_by = None


def _absorb(e: Entity, m: Mention) -> None:
    """Merge one mention's names and identifiers into its entity."""
    if KIND_ORDER.get(m.kind, 9) < KIND_ORDER.get(e.kind, 9) and m.source in ("title", "gazetteer", "acronym"):
        e.kind = m.kind
    e.aliases.update(n for n in (m.name, m.text, *m.aliases) if n)
    if m.kind == Kind.PERSON and len(m.name.split()) > len(e.name.split()):
        e.aliases.add(e.name)
        e.name = m.name
    e.acronym = e.acronym or m.acronym
    e.iso = e.iso or m.iso
    e.geonames_id = e.geonames_id or m.geonames_id
    e.country = e.country or m.country
    e.aliases.discard(e.name)
    if e.acronym:
        e.aliases.discard(e.acronym)


def _aliases(persons: dict[str, str], by_name: dict[tuple[str, str], set[str]]) -> Aliases:
    """A surname alone joins the one full name that has it as a word (found through a word index);
    organisations and places sharing a name are one."""
    al = Aliases()
    owners_of: dict[str, set[str]] = defaultdict(set)
    for k, n in persons.items():
        words = n.split()
        if len(words) > 1:
            for w in words:
                owners_of[w].add(k)
    for key, name in persons.items():
        if len(name.split()) == 1:
            owners = owners_of.get(name, set())
            if len(owners) == 1:
                al.union(key, next(iter(owners)))
    for keys in by_name.values():
        keys = sorted(keys)
        for k in keys[1:]:
            al.union(keys[0], k)
    return al


def _merge_deployments(deployments: list[Deployment], entities: dict[str, Entity]) -> list[Deployment]:
    """One Deployment per (sender, destination country) across articles (keys already resolved).

    Operations are indexed by destination country, so no step compares every operation with every other.
    """

    def dest_country(d: Deployment) -> str | None:
        for k in d.destinations:
            e = entities.get(k)
            if e and e.kind == Kind.COUNTRY:
                return k
        for k in d.destinations:
            e = entities.get(k)
            if e and e.country:
                return e.country
        return d.destinations[0] if d.destinations else None

    merged: dict[tuple[str | None, str | None], Deployment] = {}
    pending: list[Deployment] = []
    for d in deployments:
        if d.sender is None:
            pending.append(d)
        else:
            _fold(merged.setdefault((d.sender, dest_country(d)), _empty(d)), d)
    by_country: dict[str | None, list[tuple[str | None, str | None]]] = defaultdict(list)
    for key in merged:
        by_country[key[1]].append(key)
    for d in pending:
        same = by_country.get(dest_country(d), [])
        if len(same) == 1:
            _fold(merged[same[0]], d)
    # a mission (data/missions.tsv) is an operation beside the national contingents serving in it; one led by
    # one country has that country's troops there as its core
    missions = lexicon.missions()
    for (s, dc), op in list(merged.items()):
        lead = missions[s].lead if s in missions else None
        mine = merged.get((f"country:{lead}", dc)) if lead else None
        if mine is not None:
            _fold(op, mine)
            del merged[(f"country:{lead}", dc)]
            by_country[dc].remove((f"country:{lead}", dc))
        if lead:
            op.contributors = [k for k in op.contributors if k != f"country:{lead}"]
    # a country that sends troops where an organisation's operation (not a mission) goes contributes to it
    for (s, dc), op in list(merged.items()):
        sender = entities.get(s)
        if sender is None or sender.kind != Kind.COUNTRY:
            continue
        host = [merged[k] for k in by_country[dc] if merged[k] is not op and k[0] not in missions
                and entities.get(k[0]) and entities[k[0]].kind == Kind.ORGANISATION and s in merged[k].contributors]
        if host:
            _fold(host[0], op)
            del merged[(s, dc)]
            by_country[dc].remove((s, dc))

    # one node per sender and first destination: two operations that only a place's unknown country kept
    # apart are one (their IRI is made of the two, kg.rdf.deployment_iri)
    by_node: dict[tuple[str, str], Deployment] = {}
    for op in merged.values():
        if op.sender not in entities or entities[op.sender].kind not in (Kind.ORGANISATION, Kind.COUNTRY):
            continue
        op.destinations = [k for k in op.destinations if k in entities and entities[k].kind in LOCATIONS]
        if not op.destinations:
            continue
        op.contributors = [k for k in op.contributors if k in entities and k != op.sender]
        node = (op.sender, op.destinations[0])
        if node in by_node:
            _fold(by_node[node], op)
        else:
            by_node[node] = op
    for op in by_node.values():
        settle_withdrawal(op)
    return list(by_node.values())


def _empty(d: Deployment) -> Deployment:
    return Deployment(sender=d.sender, destinations=[])


def _fold(op: Deployment, d: Deployment) -> None:
    for k in d.destinations:
        if k not in op.destinations and k != op.sender:
            op.destinations.append(k)
    for k in d.contributors:
        if k not in op.contributors:
            op.contributors.append(k)
    if op.troop_count is None and d.troop_count is not None:
        op.troop_count, op.troop_qualifier, op.troop_text = d.troop_count, d.troop_qualifier, d.troop_text
    for attr, pick in (("start_date", min), ("withdrawal_start", min), ("withdrawal_end", max)):
        mine, theirs = getattr(op, attr), getattr(d, attr)
        setattr(op, attr, pick(x for x in (mine, theirs) if x) if (mine or theirs) else None)
    op.withdrawal_days = op.withdrawal_days or d.withdrawal_days
    op.evidence.extend(d.evidence)
    op.articles.extend(a for a in d.articles if a not in op.articles)
    op.troop_reports.extend(r for r in d.troop_reports if r not in op.troop_reports)
