"""What a component needs to know about the article around a Doc."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass
class ArticleContext:
    """Passed with each text to `nlp.pipe(..., as_tuples=True)` and stored on `doc._.kg_context`."""

    article_id: str = "doc"
    ref_date: date | None = None
    dateline_place: str | None = None
    publisher: str | None = None
    #: where the press is based: its own officials go unnamed by country ("Menteri Luar Negeri Retno Marsudi")
    home_country: str = "ID"
