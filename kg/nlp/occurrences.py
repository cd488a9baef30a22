"""Where a word stands whole in a text: the search each component runs for names found once.

A name read somewhere in an article ("Tokayev", "KDEI", "Cabo Delgado") is looked for again
everywhere else in it. A regex per name would be compiled per article (names differ from one
article to the next, so Python's pattern cache misses); `str.find` with the same boundary test
costs nothing to set up.
"""

from __future__ import annotations

from collections.abc import Iterator


def _joins(char: str, joiners: str) -> bool:
    """Does this character continue a word (as regex \\w does) or join one (a hyphen, a bracket)?"""
    return char.isalnum() or char == "_" or char in joiners


def occurrences(text: str, word: str, before: str = "-", after: str = "-") -> Iterator[tuple[int, int]]:
    """(start, end) of each non-overlapping occurrence of `word` in `text` that no word character, nor a
    character of `before` / `after`, touches: what `(?<![\\w-])WORD(?![\\w-])` finds with `finditer`."""
    if not word:
        return
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not _joins(text[at - 1], before)) and (end == len(text) or not _joins(text[end], after)):
            yield at, end
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)
