"""The kinds of things the graph is about, named once.

A Kind is a str (StrEnum), so `Kind.PERSON == "Person"` and it travels through JSON, spaCy
extensions and dataclasses unchanged; its value is the ontology's class name (kg:Person),
and `path` is the IRI segment entities of that kind are minted under (id:person/...).
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    PERSON = "Person"
    ORGANISATION = "Organisation"
    COUNTRY = "Country"
    PLACE = "Place"

    @property
    def path(self) -> str:
        """The segment of the entity IRIs of this kind: id:person/..., id:country/..."""
        return self.value.lower()


#: every kind, in the order reports list them
KINDS: tuple[Kind, ...] = tuple(Kind)
#: who can act: speak, send troops, lead, be a member (the actor network's nodes)
ACTORS: tuple[Kind, ...] = (Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY)
#: where troops can go
LOCATIONS: tuple[Kind, ...] = (Kind.COUNTRY, Kind.PLACE)
