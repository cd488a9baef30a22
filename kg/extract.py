"""Articles in, ArticleFacts out: dating, the spaCy pipeline, and offsets back to the files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from spacy.language import Language

from kg import keys, lexicon
from kg.articles import Article
from kg.dating import YearLenders, article_names
from kg.facts import ArticleFacts, Evidence, Mention
from kg.kinds import Kind
from kg.nlp.context import ArticleContext
from kg.nlp.pipeline import make_nlp
from kg.nlp.temporal import article_date, find_times


def own_dates(articles: list[Article]) -> list[tuple[date | None, frozenset[str]]]:
    """One task of the date stage (kg.executors): each article's own date (None: its dates lack a year)
    and the names that tie it to other articles."""
    found = []
    for a in articles:
        with a.opened():  # a build's articles hold no text: each is read again, one at a time
            found.append((a.published or article_date(a.text), article_names(a.text)))
    return found


#: articles per task of the date stage
DATE_BATCH = 64


def assign_dates(articles: list[Article], run: Callable = map, *, with_texts: bool = False) -> None:
    """Give each article its own date; an article whose dates lack a year borrows the year
    from the dated article it shares most names with (kg.dating), then reads its own dates with it.

    `run` maps `own_dates` over batches of articles (an executor's map reads and dates them in its
    workers); `with_texts` sends each batch with its texts, for workers that cannot read the files."""
    index, undated = YearLenders(), []
    batches = [articles[i:i + DATE_BATCH] for i in range(0, len(articles), DATE_BATCH)]
    tasks = ([a.loaded() for a in b] if with_texts else b for b in batches)
    for batch, found in zip(batches, run(own_dates, tasks), strict=True):
        for a, (day, names) in zip(batch, found, strict=True):
            a.date = day
            if day is not None:
                index.add(a.id, day, names)
            else:
                undated.append((a, names))  # only these keep their names until every dated one is indexed
    for a, names in undated:
        if (best := index.best(names)) is not None:  # None too when nothing is dated
            with a.opened():
                borrow_date(a, index.ids[best], index.dates[best])


def borrow_date(article: Article, lender_id: str, lender_date: date) -> None:
    """Date an undated article by its own weekday dates read against the lender's date (else that date)."""
    own = [t.date for t in find_times(article.text, lender_date) if t.weekday and t.date]
    article.date = max(own) if own else lender_date
    article.date_borrowed_from = lender_id


def extract(articles: list[Article], nlp: Language | None = None, *, batch_size: int = 16,
            on_article: Callable[[Article], None] | None = None) -> list[ArticleFacts]:
    """Date the articles, run the pipeline over them (with nlp.pipe) and collect their facts."""
    assign_dates(articles)
    return extract_dated(articles, nlp or make_nlp(), batch_size=batch_size, on_article=on_article)


def extract_dated(articles: list[Article], nlp: Language, *, batch_size: int = 16,
                  on_article: Callable[[Article], None] | None = None) -> list[ArticleFacts]:
    """The facts of articles already dated (`assign_dates`), in their order."""
    docs = (_doc(nlp, a) for a in articles)
    out = []
    for a, doc in zip(articles, nlp.pipe(docs, batch_size=batch_size), strict=True):
        out.append(facts_of(a, doc))
        if on_article:
            on_article(a)
    return out


def _doc(nlp: Language, a: Article):
    doc = nlp.make_doc(a.text)
    doc._.kg_context = ArticleContext(a.id, a.date, a.dateline_place, a.publisher)
    return doc


#: one loaded pipeline per process and option set: a worker loads it for its first batch and keeps it
_PIPELINES: dict[bool, Language] = {}


def pipeline(pos: bool = False) -> Language:
    if pos not in _PIPELINES:
        _PIPELINES[pos] = make_nlp(pos=pos)
    return _PIPELINES[pos]


def extract_batch(batch: tuple[list[Article], bool]) -> list[ArticleFacts]:
    """One task of a parallel build: a batch of dated articles with their texts in, their facts out
    (kg.executors)."""
    articles, pos = batch
    return extract_dated(articles, pipeline(pos))


def facts_of(article: Article, doc) -> ArticleFacts:
    """The doc's layers as plain facts, with evidence offsets moved into the file's own text."""

    def moved(e: Evidence) -> Evidence:
        return replace(e, start=article.raw_offset(e.start), end=article.raw_offset(e.end - 1) + 1)

    statements = [replace(s, evidence=[moved(e) for e in s.evidence]) for s in doc._.kg_statements]
    deployments = [replace(d, evidence=[moved(e) for e in d.evidence], articles=[article.id],
                           troop_reports=[(article.id, d.troop_count, d.troop_text)] if d.troop_count else [])
                   for d in doc._.kg_deployments]
    relations = [replace(r, evidence=moved(r.evidence) if r.evidence else None) for r in doc._.kg_relations]
    located = doc._.kg_located or {}  # the country kg_deployments found for a place its maker left unlocated
    mentions = [replace(m, country=located[(m.start, m.end)]) if (m.start, m.end) in located else m
                for m in doc._.kg_mentions] + list(_metadata_mentions(article))
    return ArticleFacts(
        article_id=article.id, file_name=article.path.name, text=article.text, sha256=article.sha256,
        date=article.date, date_borrowed_from=article.date_borrowed_from,
        publisher=_org_key(article.publisher) if article.publisher else None,
        dateline_place=_place_key(article.dateline_place) if article.dateline_place else None,
        agencies=[_org_key(a) for a in article.agencies],
        mentions=mentions, statements=statements, deployments=deployments, relations=relations,
        headline=article.headline, url=article.url, segments=article.file_runs(),
        spans=[(article.raw_offset(m.start), article.raw_offset(m.end - 1) + 1, m.key)
               for m in mentions if 0 <= m.start < m.end])


def _org_key(name: str) -> str:
    index, records = lexicon.organisations()
    return index.get(name) or index.get(lexicon.outlet_key(name)) or keys.organisation(lexicon.outlet_key(name))


def _place_key(name: str) -> str:
    iso = lexicon.countries()[0].get(name)
    if iso:
        return keys.country(iso)
    city = lexicon.cities().get(lexicon.normkey(name))
    return keys.geonames_place(city.geonames_id) if city else keys.place(name)


def _metadata_mentions(article: Article) -> Iterable[Mention]:
    """The dateline's place and publisher and the wire agencies, which stand outside the text."""
    _, records = lexicon.organisations()
    for name in ([article.publisher] if article.publisher else []) + article.agencies:
        key = _org_key(name)
        rec = records.get(key)
        yield Mention(-1, -1, name, Kind.ORGANISATION, key, rec.name if rec else lexicon.outlet_key(name),
                      "metadata", aliases=(name, *(rec.aliases if rec else ())),
                      acronym=rec.acronym if rec else None)
    if article.dateline_place:
        name = article.dateline_place
        iso = lexicon.countries()[0].get(name)
        if iso:  # "JEPANG -": the dateline names a country
            label = lexicon.countries()[1].get(iso, name)
            yield Mention(-1, -1, name, Kind.COUNTRY, keys.country(iso), label, "metadata", iso=iso,
                          aliases=tuple(a for a in {lexicon.countries()[2].get(iso)} if a))
            return
        city = lexicon.cities().get(lexicon.normkey(name))
        yield Mention(-1, -1, name, Kind.PLACE, _place_key(name), name, "metadata",
                      aliases=(city.name,) if city else (), geonames_id=city.geonames_id if city else None,
                      country=keys.country(city.country) if city else None)
