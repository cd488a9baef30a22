"""The labels of a picture of the actor network, all in one language.

An actor can have names in Indonesian and in English ("Rusia" and "Russia", "Perserikatan
Bangsa-Bangsa" and "United Nations"), and which one a store's `rdfs:label` holds depends on
who built it and from what. A picture takes its labels from one language: countries by
their ISO code from CLDR (Babel), well-known organisations from the lexicon (their names in
`kg/data/organisations.tsv` and `missions.tsv`, their English ones in
`kg/data/english_names.tsv`), drawn by their acronym in that language when they have one
(PBB, UN). People, and organisations kg knows no other name of, keep the name the articles
give them: kg does not translate.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg import lexicon

if TYPE_CHECKING:
    import networkx as nx

#: the languages a picture can be labelled in, by code
LANGUAGES: dict[str, str] = {"id": "Indonesian", "en": "English"}
#: the articles kg reads are Indonesian, so their names are too
DEFAULT = "id"


def check(lang: str) -> str:
    """`lang` when it is one of LANGUAGES, else a ValueError naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown label language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


def country_name(iso: str, lang: str = DEFAULT) -> str | None:
    """A country's CLDR name in `lang` ("RU": "Rusia" or "Russia"), None for an unknown code."""
    _, indonesian, english = lexicon.countries()
    return (indonesian if check(lang) == "id" else english).get(iso.upper())


def label(data: dict[str, Any], lang: str = DEFAULT) -> str:
    """The label of one actor node (its projection attributes) in `lang`."""
    check(lang)
    if data.get("type") == "Country" and data.get("iso"):
        name = country_name(data["iso"], lang)
        if name:
            return name
    if data.get("type") == "Organisation":
        known = _organisation(data)
        if known:
            return known[0] if lang == "en" and known[0] else known[1]
    return data.get("short") or data.get("label") or data.get("iri", "")


def labels(graph: nx.MultiDiGraph, lang: str = DEFAULT) -> dict[str, str]:
    """Every node's label in `lang`."""
    return {v: label(d, lang) for v, d in graph.nodes(data=True)}


def note(lang: str = DEFAULT) -> str:
    """What the labels are, for a picture's caption."""
    return (f"Labels in {LANGUAGES[check(lang)]}: countries by their CLDR names, known organisations from "
            "kg's lexicon, other names as the articles give them")


def _organisation(data: dict[str, Any]) -> tuple[str, str] | None:
    """(English label or "", lexicon label) of a well-known organisation, else None."""
    index, records = lexicon.organisations()
    key = _first(index.get(n) for n in (data.get("label"), data.get("short"), *data.get("names", ())) if n)
    record = records.get(key) if key else None
    if record is None:
        return None
    english = lexicon.english_names().get(record.key)
    own = record.acronym or record.name
    if english is None:
        return "", own
    name, acronym = english
    return acronym or record.acronym or name, own


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)
