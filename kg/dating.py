"""Which dated article lends its year to an undated one, through an index instead of all pairs.

An article whose dates name no year borrows the year of the dated article it shares most
capitalised names with (ties: the larger article id). Comparing every undated article with
every dated one is quadratic; an inverted index from name to the dated articles that use it
visits only the articles that share at least one name, with the same answer.
"""

from __future__ import annotations

import re
import sys
from array import array
from datetime import date

import numpy as np

from kg import lexicon

_NAME = re.compile(r"\b[A-Z][\w-]{3,}")


def article_names(text: str) -> frozenset[str]:
    """The capitalised words (4+ letters, not stop words) that tie articles about the same events."""
    stop = lexicon.stop_words()
    return frozenset(sys.intern(w) for w in _NAME.findall(text) if w.lower() not in stop)


class YearLenders:
    """An inverted index from capitalised name to the dated articles that contain it.

    The shared names are counted in numpy (one bincount over the postings of an article's names), as a
    name such as "Jakarta" is in most articles: counting in Python made year borrowing the slowest stage
    of a 100,000-article build.
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.dates: list[date] = []
        #: name -> the dated articles' indexes, 8 bytes each (a list of ints took 36: 180 MB at 100,000 articles)
        self.postings: dict[str, array] = {}
        self._arrays: dict[str, np.ndarray] | None = None
        self._id_rank: np.ndarray | None = None

    def add(self, article_id: str, day: date, names: frozenset[str]) -> None:
        self._arrays = self._id_rank = None  # the arrays view the postings: let go of them before these grow
        i = len(self.ids)
        self.ids.append(article_id)
        self.dates.append(day)
        for n in names:
            posting = self.postings.get(n)
            if posting is None:
                posting = self.postings[n] = array("q")
            posting.append(i)

    def _freeze(self) -> None:
        self._arrays = {n: np.frombuffer(p, dtype=np.int64) for n, p in self.postings.items()}
        order = sorted(set(self.ids))
        rank = {k: r for r, k in enumerate(order)}
        self._id_rank = np.asarray([rank[k] for k in self.ids], dtype=np.int64)

    def best(self, names: frozenset[str]) -> int | None:
        """The index of the dated article sharing most names (larger id on ties, earlier on equal ids),
        or None when none shares a name."""
        if self._arrays is None:
            self._freeze()
        found = [self._arrays[n] for n in names if n in self._arrays]
        if not found:
            return None
        shared = np.bincount(np.concatenate(found), minlength=len(self.ids))
        most = shared.max()
        tied = np.flatnonzero(shared == most)
        ranks = self._id_rank[tied]
        return int(tied[np.flatnonzero(ranks == ranks.max())[0]])

