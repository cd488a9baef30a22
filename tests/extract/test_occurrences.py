"""occurrences() finds a word exactly where the boundary regex it replaces would."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.nlp.occurrences import occurrences

ALPHABET = st.sampled_from(list("ab-()_ .é1\n"))


def regex(text: str, word: str, before: str, after: str) -> list[tuple[int, int]]:
    left = "".join(re.escape(c) for c in before)
    right = "".join(re.escape(c) for c in after)
    return [m.span() for m in re.finditer(rf"(?<![\w{left}]){re.escape(word)}(?![\w{right}])", text)]


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=30), st.text(ALPHABET, min_size=1, max_size=4),
       st.sampled_from([("-", "-"), ("(", ")")]))
def test_same_spans_as_the_boundary_regex(text, word, joiners):
    before, after = joiners
    assert list(occurrences(text, word, before, after)) == regex(text, word, before, after)


def test_a_name_inside_a_longer_word_or_hyphenated_is_not_found():
    text = "Tokayev-Putin, Tokayevs dan Tokayev; (KDEI) KDEI."
    assert list(occurrences(text, "Tokayev")) == [(28, 35)]
    assert list(occurrences(text, "KDEI", before="(", after=")")) == [(44, 48)]
