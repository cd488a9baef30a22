"""Property tests: no text, however odd, crashes the extractor or breaks its invariants."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.nlp.context import ArticleContext
from kg.nlp.pipeline import make_nlp
from kg.nlp.temporal import find_times

NLP = make_nlp()

newsy = st.lists(
    st.sampled_from(["Presiden", "Kazakhstan", "“", "”", '"', ",", ".", "kata", "mengatakan", "bahwa", "(CSTO)",
                     "Selasa", "(11/1/2022)", "2.500", "pasukan", "ke", "di", "Rusia", "Menurut", "Ia", "Hal ini",
                     "disampaikan oleh", "Juru bicara", "Sekitar", "dikerahkan", "meninggalkan", "\n", "10 hari",
                     "Nur-Sultan", "Organisasi", "Baca Juga:", "(", ")", "-", "Tokayev", "AS", "setelah 23 Januari"]),
    max_size=60,
).map(" ".join)


def run(text: str):
    doc = NLP.make_doc(text)
    doc._.kg_context = ArticleContext("p", date(2022, 1, 11))
    return NLP(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), newsy))
@example("“ ”KATA A0P")  # an empty quotation said by someone: no statement with empty words
def test_any_text_is_processed_and_mentions_are_well_formed(text):
    doc = run(text)
    for m in doc._.kg_mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
    starts = [m.start for m in doc._.kg_mentions]
    assert starts == sorted(starts)
    for s in doc._.kg_statements:
        assert s.text and s.evidence and s.speaker
    for d in doc._.kg_deployments:
        assert d.evidence and (d.sender or d.destinations)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)))
def test_dates_never_crash(text, ref):
    for t in find_times(text, ref):
        assert 0 <= t.start < t.end <= len(text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(newsy, min_size=1, max_size=3))
def test_any_articles_give_a_graph_that_conforms(texts):
    """Text is messy; the graph the build writes must still satisfy every shape."""
    from pathlib import Path

    from kg.articles import Article
    from kg.extract import extract
    from kg.rdf import build_dataset
    from kg.resolve import resolve
    from kg.validate import validate

    articles = []
    for i, text in enumerate(texts):
        body = text.strip() or "x"
        articles.append(Article(id=f"a{i}", path=Path(f"a{i}.txt"), raw=body, text=body, segments=[(0, 0)]))
    result = validate(build_dataset(resolve(extract(articles, NLP))))
    assert result.conforms, result.text


@settings(max_examples=300, deadline=None)
@given(words=st.sets(st.text(alphabet="abC .-", min_size=1, max_size=5), min_size=1, max_size=8),
       text=st.text(alphabet="abcC .-x", max_size=40), suffix=st.sampled_from(["", r"(?=[ \t])", "b", r"\b"]))
def test_the_trie_alternation_matches_what_longest_first_matches(words, text, suffix):
    # lexicon.alternation writes word lists as a trie for speed; it must find what "longest first" finds
    import re

    from kg.lexicon import alternation

    longest_first = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    for flags in (0, re.I):
        want = [m.span() for m in re.finditer(f"(?:{longest_first}){suffix}", text, flags)]
        assert [m.span() for m in re.finditer(f"(?:{alternation(words)}){suffix}", text, flags)] == want
