"""The shipped world outline (Natural Earth via world-atlas, TopoJSON) as SVG paths.

The map page draws countries, places and deployments over this outline with no tiles
and no network: the file ships in `server/static/vendor/world-atlas/`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

OUTLINE = Path(__file__).with_name("static") / "vendor" / "world-atlas" / "countries-110m.json"
#: The drawing's size in SVG units: an equirectangular projection, 2 units a degree.
WIDTH, HEIGHT = 720.0, 360.0

Ring = list[tuple[float, float]]  # (longitude, latitude)


@dataclass(frozen=True)
class Country:
    """One country of the outline: its ISO 3166 numeric code, name and polygons (lists of rings)."""

    numeric: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]


def decode(topology: dict) -> list[Country]:
    """The TopoJSON `countries` object as polygons in degrees (delta-decoded, quantised arcs)."""
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        out: Ring = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return unwrap(out)

    countries = []
    for g in topology["objects"]["countries"]["geometries"]:
        if g.get("type") == "Polygon":
            polys = [g["arcs"]]
        elif g.get("type") == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        countries.append(Country(str(g.get("id", "")), g.get("properties", {}).get("name", ""),
                                 tuple(tuple(ring(r) for r in poly) for poly in polys)))
    return countries


def unwrap(r: Ring) -> Ring:
    """A ring cut at the antimeridian made continuous (longitudes may pass ±180)."""
    out: Ring = []
    for lon, lat in r:
        if out:
            prev = out[-1][0]
            while lon - prev > 180:
                lon -= 360
            while lon - prev < -180:
                lon += 360
        out.append((lon, lat))
    return out


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    return tuple(decode(json.loads(OUTLINE.read_text(encoding="utf-8"))))


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: longitude and latitude to SVG x, y."""
    return (lon + 180.0) * WIDTH / 360.0, (90.0 - lat) * HEIGHT / 180.0


def path_data(country: Country) -> str:
    """The SVG `d` of a country's polygons."""
    parts = []
    for poly in country.polygons:
        for r in poly:
            lons = [lon for lon, _ in r]
            shifts = [0] + ([-360] if max(lons) > 180 else []) + ([360] if min(lons) < -180 else [])
            for shift in shifts:  # the part past the antimeridian drawn again on the other side
                pts = [project(lon + shift, lat) for lon, lat in r]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def ring_area_centroid(r: Ring) -> tuple[float, float, float]:
    """Signed area and centroid (lon, lat) of one ring, in degrees (the shoelace formula)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return 0.0, r[0][0], r[0][1]
    return a / 2, cx / (3 * a), cy / (3 * a)


def centroid(country: Country) -> tuple[float, float]:
    """(lat, lon) of the centroid of the country's largest polygon (its mainland)."""
    best = max((ring_area_centroid(poly[0]) for poly in country.polygons), key=lambda t: abs(t[0]))
    lon = (best[1] + 180.0) % 360.0 - 180.0
    return best[2], lon
