"""What a component needs to know about the article around a Doc."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kg import keys, lexicon


@dataclass
class ArticleContext:
    """Passed with each text to `nlp.pipe(..., as_tuples=True)` and stored on `doc._.kg_context`."""

    article_id: str = "doc"
    ref_date: date | None = None
    dateline_place: str | None = None
    publisher: str | None = None
    #: where the press is based: its own officials go unnamed by country ("Menteri Luar Negeri Retno Marsudi")
    home_country: str = "ID"

    def dateline_city(self) -> lexicon.City | None:
        """The GeoNames city of the dateline ("jpnn.com, PHNOM PENH -": Phnom Penh), if it names one."""
        return lexicon.cities().get(lexicon.normkey(self.dateline_place)) if self.dateline_place else None

    def dateline_country(self) -> str | None:
        """The country key of the dateline's city ("jpnn.com, PHNOM PENH -": country:KH), if a gazetteer knows it."""
        if not self.dateline_place:
            return None
        city = self.dateline_city()
        iso = city.country if city else lexicon.countries()[0].get(self.dateline_place)
        return keys.country(iso) if iso else None
