"""The plain facts between spaCy and RDF.

The NLP pipeline fills these dataclasses and never imports rdflib; the RDF
builder reads them and never sees a spaCy Doc. Tests can check extraction here,
without RDF, and RDF without spaCy.

Keys are canonical strings that name one real-world thing within a build:
"country:KZ", "org:CSTO", "person:kassymjomarttokayev", "place:geonames:1526384",
built by kg.keys; kinds are kg.kinds.Kind (a str enum: Kind.PERSON == "Person").
Resolution across articles (kg.resolve) merges keys that name the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Evidence:
    """A sentence a fact was read from, with offsets into the article file's text."""

    article_id: str
    text: str
    start: int
    end: int


@dataclass
class Mention:
    """One occurrence of an actor or place in an article (character offsets into the cleaned text)."""

    start: int
    end: int
    text: str
    kind: str
    key: str
    name: str
    #: how the mention was found (gazetteer, acronym, title, speech, ...): for debugging and tests
    source: str = ""
    role: str | None = None
    affiliation: str | None = None
    #: extra names this mention teaches (the long name of an acronym, a city's other spellings)
    aliases: tuple[str, ...] = ()
    acronym: str | None = None
    iso: str | None = None
    geonames_id: str | None = None
    #: the country a place or an organisation belongs to, when the text or a gazetteer says so
    country: str | None = None


@dataclass(slots=True)
class Entity:
    """One real-world actor or place, merged from every mention of it (slotted: a build of 100,000
    articles holds half a million of them; its relations are the resolver's, not the entity's)."""

    key: str
    kind: str
    name: str
    aliases: set[str] = field(default_factory=set)
    acronym: str | None = None
    iso: str | None = None
    geonames_id: str | None = None
    roles: set[str] = field(default_factory=set)
    country: str | None = None
    mention_count: int = 0


@dataclass
class Statement:
    """Something an actor said, quoted or reported, in one article."""

    article_id: str
    speaker: str
    text: str
    direct: bool
    evidence: list[Evidence]
    date: date | None = None
    verb: str | None = None
    quoted_by: str | None = None
    about: list[str] = field(default_factory=list)
    responds_to: list[str] = field(default_factory=list)


@dataclass
class Deployment:
    """One operation of troops sent to a destination, as one article (or, merged, every article) reports it."""

    sender: str | None
    destinations: list[str]
    contributors: list[str] = field(default_factory=list)
    troop_count: int | None = None
    troop_qualifier: str | None = None
    troop_text: str | None = None
    start_date: date | None = None
    withdrawal_start: date | None = None
    withdrawal_end: date | None = None
    #: "the withdrawal takes 10 days": gives withdrawal_end once withdrawal_start is known
    withdrawal_days: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    #: (article id, troop count, the count as written) for each article that gives a count,
    #: so that a merged operation keeps the numbers its sources disagree on
    troop_reports: list[tuple[str, int, str | None]] = field(default_factory=list)


@dataclass
class Relation:
    """A binary fact between actors: affiliation, ledBy, memberOf, locatedIn, country."""

    subject: str
    predicate: str
    object: str
    evidence: Evidence | None = None


@dataclass
class ArticleFacts:
    """Everything read from one article, before resolution across articles."""

    article_id: str
    file_name: str
    text: str
    sha256: str
    date: date | None
    date_borrowed_from: str | None
    publisher: str | None
    dateline_place: str | None
    agencies: list[str]
    mentions: list[Mention]
    statements: list[Statement]
    deployments: list[Deployment]
    relations: list[Relation]
    headline: str | None = None
    url: str | None = None
    #: (start in text, start in the file) for each kept run of the text (Article.segments)
    segments: list[tuple[int, int]] = field(default_factory=list)
    #: (start, end, entity key) of every mention in the text, offsets into the file's text
    spans: list[tuple[int, int, str]] = field(default_factory=list)
