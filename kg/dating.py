"""Which dated article lends its year to an undated one, through an index instead of all pairs.

An article whose dates name no year borrows the year of the dated article it shares most
capitalised names with (ties: the larger article id). Comparing every undated article with
every dated one is quadratic; an inverted index from name to the dated articles that use it
visits only the articles that share at least one name, with the same answer.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date

from kg import lexicon

_NAME = re.compile(r"\b[A-Z][\w-]{3,}")


def article_names(text: str) -> frozenset[str]:
    """The capitalised words (4+ letters, not stop words) that tie articles about the same events."""
    stop = lexicon.stop_words()
    return frozenset(sys.intern(w) for w in _NAME.findall(text) if w.lower() not in stop)


class YearLenders:
    """An inverted index from capitalised name to the dated articles that contain it."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.dates: list[date] = []
        self.postings: dict[str, list[int]] = {}

    def add(self, article_id: str, day: date, names: frozenset[str]) -> None:
        i = len(self.ids)
        self.ids.append(article_id)
        self.dates.append(day)
        for n in names:
            self.postings.setdefault(n, []).append(i)

    def best(self, names: frozenset[str]) -> int | None:
        """The index of the dated article sharing most names (larger id on ties, earlier on equal ids),
        or None when none shares a name."""
        shared: Counter[int] = Counter()
        for n in names:
            shared.update(self.postings.get(n, ()))
        if not shared:
            return None
        return max(shared, key=lambda i: (shared[i], self.ids[i], -i))


def lenders(items: Sequence[tuple[str, date | None, frozenset[str]]]) -> list[tuple[str, date] | None]:
    """For each (id, own date, names): None when dated or when no dated article shares a name,
    else the (id, date) of the article it borrows its year from."""
    index = YearLenders()
    for article_id, day, names in items:
        if day is not None:
            index.add(article_id, day, names)
    out: list[tuple[str, date] | None] = []
    for _, day, names in items:
        best = None if day is not None or not index.ids else index.best(names)
        out.append(None if best is None else (index.ids[best], index.dates[best]))
    return out
