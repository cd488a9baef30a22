"""Shared fixtures: one pipeline per test session (building it reads the gazetteers)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.nlp.context import ArticleContext
from kg.nlp.pipeline import make_nlp


@pytest.fixture(scope="session")
def nlp():
    return make_nlp()


@pytest.fixture(scope="session")
def read(nlp):
    """read(text, ref=date) -> the processed Doc."""

    def run(text: str, ref: date | None = date(2024, 3, 5), article_id: str = "t"):
        doc = nlp.make_doc(text)
        doc._.kg_context = ArticleContext(article_id, ref)
        return nlp(doc)

    return run

