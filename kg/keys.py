"""Canonical keys: the strings that name one real-world thing within a build, built here only.

"country:KZ", "org:CSTO", "person:kassymjomarttokayev", "place:geonames:1526384",
"place:guadalcanal". Resolution across articles (kg.resolve) merges keys that name the
same thing; kg.rdf mints the entity IRIs from them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.kinds import Kind

#: the key prefix of each kind
PREFIX: dict[Kind, str] = {Kind.PERSON: "person", Kind.ORGANISATION: "org", Kind.COUNTRY: "country",
                           Kind.PLACE: "place"}
NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)
def normkey(text: str) -> str:
    """Comparison key for names: no accents, no case, no spaces or punctuation ("Nur-Sultan" = "Nursultan")."""
    if text.isascii():  # NFKD leaves ASCII as it is
        return NON_WORD.sub("", text.casefold())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return NON_WORD.sub("", text)


def outlet_key(name: str) -> str:
    """Outlet names without their web suffix: "SuaraJogja.id" = "SuaraJogja", "KOMPAS.TV" = "KompasTV"."""
    return re.sub(r"\.(co\.id|com|id|net|org|co)$", "", name.strip(), flags=re.I)


def person(name: str) -> str:
    return f"person:{normkey(name)}"


def organisation(name: str, acronym: str | None = None) -> str:
    """An organisation's key: its acronym when it has one, else its normalised name."""
    return f"org:{acronym.upper()}" if acronym else f"org:{normkey(outlet_key(name))}"


def country(iso: str) -> str:
    """A country's key from its ISO 3166 alpha-2 code."""
    return f"country:{iso}"


def place(name: str) -> str:
    """A place known only by its name."""
    return f"place:{normkey(name)}"


def geonames_place(geonames_id: int | str) -> str:
    """A place the GeoNames gazetteer knows."""
    return f"place:geonames:{geonames_id}"


def kind_of(key: str) -> Kind | None:
    """The kind a key names, or None for a key of no kind."""
    prefix = key.split(":", 1)[0]
    return next((k for k, p in PREFIX.items() if p == prefix), None)


def is_country(key: str) -> bool:
    return key.startswith(PREFIX[Kind.COUNTRY] + ":")
