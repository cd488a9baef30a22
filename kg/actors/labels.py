"""The labels of a picture of the actor network, all in one language.

An actor can have names in Indonesian and in English ("Rusia" and "Russia", "Perserikatan
Bangsa-Bangsa" and "United Nations"), and which one a store's `rdfs:label` holds depends on
who built it and from what. A picture takes its labels from one language: countries by
their ISO code from CLDR (Babel), well-known organisations from the lexicon (their names in
`kg/data/organisations.tsv` and `missions.tsv`, their English ones in
`kg/data/english_names.tsv`), drawn by their acronym in that language when they have one
(PBB, UN). In English, the generic institutions news names by their country or organisation
("Kementerian Luar Negeri Rusia", "Markas Besar TNI") get their English names from the phrase
table `kg/data/english_institutions.tsv` ("Ministry of Foreign Affairs of Russia", "TNI
Headquarters"), but only when every word of the name is understood. People, and organisations
kg knows no other name of, keep the name the articles give them: kg does not guess.
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
        if lang == "en":
            english = _first(institution(n) for n in (data.get("label"), *data.get("names", ())) if n)
            if english:
                return english
    return data.get("short") or data.get("label") or data.get("iri", "")


def english_names(data: dict[str, Any]) -> list[str]:
    """The English names of one actor (country name, known organisation's name and acronym, an
    institution's translation), for search; [] when kg knows none."""
    out: list[str] = []
    if data.get("type") == "Country" and data.get("iso"):
        out.append(country_name(data["iso"], "en") or "")
    elif data.get("type") == "Organisation":
        record = _record(data)
        if record is not None and record.key in lexicon.english_names():
            out.extend(n for n in lexicon.english_names()[record.key] if n)
        elif record is None:
            out.append(_first(institution(n) for n in (data.get("label"), *data.get("names", ())) if n) or "")
    return [n for n in dict.fromkeys(out) if n]


def institution(name: str) -> str | None:
    """The English name of a generic institution ("Kementerian Luar Negeri Rusia" -> "Ministry of Foreign
    Affairs of Russia", "Pasukan Perdamaian PBB di Lebanon" -> "UN Peacekeeping Force in Lebanon"), or None
    unless every word is understood: a head of english_institutions.tsv, then optionally its owner (a
    country, city, known organisation or another institution), then optionally a preposition and a
    country or gazetteer city. An "abroad" head ("KBRI") takes a city directly: "... in Bangkok"."""
    table = lexicon.english_institutions()
    prepositions = table["preposition"]
    words = name.split()
    for n in range(len(words), 0, -1):
        key = lexicon.fold_words(" ".join(words[:n]))
        head, abroad = table["head"].get(key) or table["abroad"].get(key), key in table["abroad"]
        if head:
            break
    else:
        return None
    rest = words[n:]
    if abroad:
        where = _place(" ".join(rest)) if rest else None
        return f"{head} in {where}" if where else (None if rest else head)
    owner = place = ""
    if rest and lexicon.fold_words(rest[0]) not in prepositions:
        for k in range(len(rest), 0, -1):
            owner = _owner(" ".join(rest[:k]), head)
            if owner:
                rest = rest[k:]
                break
        else:
            return None
    if rest:
        preposition = prepositions.get(lexicon.fold_words(rest[0]))
        where = _place(" ".join(rest[1:])) if preposition and len(rest) > 1 else None
        if not where:
            return None
        place = f" {preposition} {where}"
    return (owner or head) + place


def _owner(name: str, head: str) -> str | None:
    """`head` of a country ("Ministry of Defence of the United States"), a city ("... of Gaza"), another
    institution ("... of the Ministry of Defence") or an organisation ("UN Peacekeeping Force"), or None."""
    iso = lexicon.countries()[0].get(name)
    if iso:
        return f"{head} of {_country_phrase(iso)}"
    record = _record({"label": name})
    if record is not None and not record.outlet:
        english = lexicon.english_names().get(record.key)
        short = (english[1] or record.acronym or english[0]) if english else (record.acronym or record.name)
        return f"{short} {head}"
    if record is None:
        inner = institution(name)
        if inner:
            return f"{head} of the {inner}"
        city = lexicon.cities().get(lexicon.normkey(name))
        if city and lexicon.normkey(city.name) == lexicon.normkey(name):
            return f"{head} of {city.name}"
    return None


def _place(name: str) -> str | None:
    """A country's English name ("the United States") or a gazetteer city's name, else None."""
    iso = lexicon.countries()[0].get(name)
    if iso:
        return _country_phrase(iso)
    city = lexicon.cities().get(lexicon.normkey(name))
    return city.name if city else None


def _country_phrase(iso: str) -> str:
    """A country's English name as it reads after "of" or "in": "Russia", "the United States"."""
    name = country_name(iso, "en") or iso
    _, _, the = lexicon.country_names().get(iso, ("", "", False))
    return f"the {name}" if the else name


def labels(graph: nx.MultiDiGraph, lang: str = DEFAULT) -> dict[str, str]:
    """Every node's label in `lang`."""
    return {v: label(d, lang) for v, d in graph.nodes(data=True)}


def note(lang: str = DEFAULT) -> str:
    """What the labels are, for a picture's caption."""
    institutions = " and institutions by kg's phrase table" if check(lang) == "en" else ""
    return (f"Labels in {LANGUAGES[lang]}: countries by their CLDR names, known organisations from "
            f"kg's lexicon{institutions}, other names as the articles give them")


def _record(data: dict[str, Any]) -> lexicon.OrgRecord | None:
    """The lexicon's record of a well-known organisation by any of its names, else None."""
    index, records = lexicon.organisations()
    key = _first(index.get(n) for n in (data.get("label"), data.get("short"), *data.get("names", ())) if n)
    return records.get(key) if key else None


def _organisation(data: dict[str, Any]) -> tuple[str, str] | None:
    """(English label or "", lexicon label) of a well-known organisation, else None."""
    record = _record(data)
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
