"""Year borrowing through the name index gives exactly what comparing all pairs gave."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg import lexicon
from kg.articles import Article
from kg.extract import assign_dates
from kg.nlp.temporal import article_date, find_times

NAMES = ["Tokayev", "Almaty", "Kazakhstan", "Rusia", "Blinken", "Putin", "Jakarta", "Haiti", "Kenya", "Biden"]
DATED = ["Selasa (11/1/2022)", "Kamis (13/1/2022)", "Senin (3/4/2023)", "Jumat (7/7/2021)"]
UNDATED = ["pada Kamis (13/1)", "Rabu (5/4)", "hari Minggu", "kemarin"]


def old_assign_dates(articles: list[Article]) -> None:
    """The quadratic algorithm this replaced, kept here as the reference."""
    def names(text: str) -> set[str]:
        stop = lexicon.stop_words()
        return {w for w in re.findall(r"\b[A-Z][\w-]{3,}", text) if w.lower() not in stop}

    for a in articles:
        a.date = a.published or article_date(a.text)
    dated = [a for a in articles if a.date]
    for a in articles:
        if a.date or not dated:
            continue
        mine = names(a.text)
        best = max(dated, key=lambda b: (len(mine & names(b.text)), b.id))
        if not mine & names(best.text):
            continue
        own = [t.date for t in find_times(a.text, best.date) if t.weekday and t.date]
        a.date = max(own) if own else best.date
        a.date_borrowed_from = best.id


def article(i: int, text: str, ident: str | None = None) -> Article:
    return Article(id=ident or f"a{i:03d}", path=Path(f"a{i}.txt"), raw=text, text=text, segments=[(0, 0)])


corpus = st.lists(
    st.tuples(st.lists(st.sampled_from(NAMES), max_size=5), st.sampled_from(DATED + UNDATED),
              st.sampled_from(["a", "b", "c", None])),
    min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(corpus)
def test_indexed_borrowing_equals_all_pairs(rows):
    texts = [f"{' '.join(names)} berkata {when} bahwa {' dan '.join(names[::-1])}." for names, when, _ in rows]
    ids = [f"{tag}{i % 3}" if tag else None for i, (_, _, tag) in enumerate(rows)]  # repeated ids on purpose
    new = [article(i, t, ids[i]) for i, t in enumerate(texts)]
    old = [article(i, t, ids[i]) for i, t in enumerate(texts)]
    assign_dates(new)
    old_assign_dates(old)
    assert [(a.date, a.date_borrowed_from) for a in new] == [(a.date, a.date_borrowed_from) for a in old]


def test_an_undated_article_borrows_from_the_one_sharing_most_names():
    arts = [article(0, "Tokayev di Almaty, Selasa (11/1/2022)."), article(1, "Putin di Moskwa, Senin (3/4/2023)."),
            article(2, "Tokayev kembali ke Almaty pada Kamis (13/1)."), article(3, "Seseorang berkata kemarin.")]
    assign_dates(arts)
    assert arts[2].date_borrowed_from == "a000" and arts[2].date.isoformat() == "2022-01-13"
    assert arts[3].date is None and arts[3].date_borrowed_from is None


def test_dating_in_worker_processes_gives_the_dates_of_dating_here(monkeypatch):
    """The date stage as a build with --jobs runs it: batches read and dated in the workers (from the files,
    or sent with their texts), the year lent here; the same dates and lenders as in one process."""
    from kg.build import read_inputs
    from kg.executors import Processes

    monkeypatch.setattr("kg.extract.DATE_BATCH", 8)  # many tasks
    root = Path(__file__).resolve().parents[2]
    paths = [root / "seeds", *sorted((root / "tests/corpus").glob("*/"))]

    def dated(run=map, **options):
        articles, _ = read_inputs(paths)
        assert len(articles) > 5 * 8
        assign_dates(articles, run, **options)
        return [(a.id, a.date, a.date_borrowed_from) for a in articles]

    here = dated()
    workers = Processes(2)
    try:
        assert dated(workers.map) == here
        assert dated(workers.map, with_texts=True) == here
    finally:
        workers.close()
    assert sum(d is not None for _, d, _ in here) > 50
