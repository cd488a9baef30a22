"""The map: countries and places where the graph has coordinates (geo:lat/geo:long), sized by
the articles that mention them, and deployments drawn from sender to destination, over the
world outline shipped with the package (server.worldmap): no tiles, no network.

`/map.json` is the same as GeoJSON: Point features for actors, LineString features for
deployments. `?actor=` keeps the deployments an actor takes part in.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from kg.kinds import Kind
from server import worldmap
from server.browse import SHEETS, TABLE_EXT, actor_arg, formats, json_response, sheet_response
from server.catalogue import Actor, Catalogue, DeploymentRecord, catalogue, href_of, path_of
from server.timeline import involves

bp = Blueprint("mapview", __name__)


def point_of(cat: Catalogue, iri: str | None) -> tuple[float, float, str] | None:
    """(lat, long, IRI of the located node) for an actor: its own point, else its country's."""
    if iri is None or iri not in cat.actors:
        return None
    a = cat.actors[iri]
    if a.lat is not None and a.long is not None:
        return a.lat, a.long, a.iri
    for c in a.countries:
        ca = cat.actors.get(c)
        if ca is not None and ca.lat is not None and ca.long is not None:
            return ca.lat, ca.long, ca.iri
    return None


def sender_points(cat: Catalogue, d: DeploymentRecord) -> list[tuple[float, float, str]]:
    """Where a deployment comes from: the sender, else (an organisation without a country, such as
    the CSTO) every contributing country that has a point, so that each gets its own line."""
    p = point_of(cat, d.sender)
    if p is not None:
        return [p]
    out: list[tuple[float, float, str]] = []
    for c in d.contributors:
        q = point_of(cat, c)
        if q is not None and q[2] not in {x[2] for x in out}:
            out.append(q)
    return out


def destination_point(cat: Catalogue, d: DeploymentRecord) -> tuple[float, float, str] | None:
    """Where it goes: a destination place with coordinates first, else the destination country."""
    places = [x for x in d.destinations if x in cat.actors and cat.actors[x].kind == Kind.PLACE]
    for x in places + [x for x in d.destinations if x not in places]:
        p = point_of(cat, x)
        if p is not None:
            return p
    return None


def located(cat: Catalogue) -> list[Actor]:
    return [a for a in cat.actors.values() if a.kind in (Kind.COUNTRY, Kind.PLACE) and a.lat is not None]


def arc(x1: float, y1: float, x2: float, y2: float) -> str:
    """A gentle curve from (x1, y1) to (x2, y2), bending left of the direction of travel."""
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    cx, cy = mx - dy * 0.2, my + dx * 0.2
    return f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}"


def fit(points: list[tuple[float, float]], world: bool) -> tuple[float, float, float, float]:
    """The viewBox: the whole world, or the region holding the points with a margin (2:1)."""
    if world or not points:
        return 0.0, 0.0, worldmap.WIDTH, worldmap.HEIGHT
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    w = max(max(xs) - min(xs), 60.0) * 1.3
    h = max(max(ys) - min(ys), 30.0) * 1.3
    w, h = max(w, h * 2), max(h, w / 2)
    w, h = min(w, worldmap.WIDTH), min(h, worldmap.HEIGHT)
    x = min(max((min(xs) + max(xs)) / 2 - w / 2, 0.0), worldmap.WIDTH - w)
    y = min(max((min(ys) + max(ys)) / 2 - h / 2, 0.0), worldmap.HEIGHT - h)
    return x, y, w, h


@bp.get("/map")
@bp.get("/map." + TABLE_EXT)
def map_page(ext: str | None = None):
    """Where things happen: located actors and deployments sender -> destination."""
    cat = catalogue()
    actor = actor_arg(cat, "country/kz")
    lines, missing, drawn = [], [], []
    for d in sorted(cat.deployments.values(), key=lambda d: (d.start or "", d.iri)):
        if actor and not involves(d, actor):
            continue
        found, b = sender_points(cat, d), destination_point(cat, d)
        starts = [a for a in found if b is None or a[2] != b[2]]
        if not starts or b is None:
            missing.append({"label": d.label, "href": href_of(d.iri),
                            "why": "no coordinates for the sender" if not found else
                            "no coordinates for the destination" if b is None else "sender and destination meet"})
            continue
        own = point_of(cat, d.sender) is not None
        drawn.append({"label": d.label, "href": href_of(d.iri), "start": d.start,
                      "via": [] if own else [cat.label(a[2]) for a in starts]})
        for a in starts:
            lines.append({"iri": d.iri, "href": href_of(d.iri),
                          "label": d.label + ("" if own else f" (contributor {cat.label(a[2])})"), "from": a,
                          "to": b, "start": d.start, "troops": d.troops})
    points = []
    for a in located(cat):
        if actor and not any(p in (ln["from"][2], ln["to"][2]) for ln in lines for p in (a.iri,)) \
                and a.iri != actor:
            continue
        points.append({"iri": a.iri, "href": href_of(a.iri), "label": a.label, "type": a.kind,
                       "lat": a.lat, "long": a.long, "articles": len(a.articles)})
    if ext in SHEETS:
        rows = [{"kind": p["type"], "label": p["label"], "lat": p["lat"], "long": p["long"],
                 "articles": p["articles"], "iri": p["iri"]} for p in points]
        rows += [{"kind": "Deployment", "label": ln["label"], "lat": ln["from"][0], "long": ln["from"][1],
                  "to_lat": ln["to"][0], "to_long": ln["to"][1], "start": ln["start"], "troops": ln["troops"],
                  "iri": ln["iri"]} for ln in lines]
        return sheet_response(ext, (("kind", "Kind"), ("label", "Label"), ("lat", "Latitude"), ("long", "Longitude"),
                             ("to_lat", "To latitude"), ("to_long", "To longitude"), ("articles", "Articles"),
                             ("start", "Start"), ("troops", "Troops")), rows, "map")
    if ext == "json":
        features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["long"], p["lat"]]},
                     "properties": {k: p[k] for k in ("iri", "label", "type", "articles")}} for p in points]
        features += [{"type": "Feature",
                      "geometry": {"type": "LineString",
                                   "coordinates": [[ln["from"][1], ln["from"][0]], [ln["to"][1], ln["to"][0]]]},
                      "properties": {"iri": ln["iri"], "label": ln["label"], "start": ln["start"],
                                     "troops": ln["troops"], "from": ln["from"][2], "to": ln["to"][2]}}
                     for ln in lines]
        return json_response({"type": "FeatureCollection", "features": features, "not_drawn": missing})
    top = max((p["articles"] for p in points), default=1) or 1
    for p in points:
        p["x"], p["y"] = worldmap.project(p["long"], p["lat"])
        p["r"] = round(1.2 + 4.5 * (p["articles"] / top) ** 0.5, 2)
    for ln in lines:
        (x1, y1), (x2, y2) = worldmap.project(ln["from"][1], ln["from"][0]), worldmap.project(ln["to"][1], ln["to"][0])
        ln["d"], ln["x2"], ln["y2"] = arc(x1, y1, x2, y2), x2, y2
    world = request.args.get("world") == "1"
    box = fit([(p["x"], p["y"]) for p in points] + [(ln["x2"], ln["y2"]) for ln in lines], world)
    mentioned = {a.iri: len(a.articles) for a in cat.actors.values() if a.kind == Kind.COUNTRY}
    shades = {}
    by_numeric = country_numeric(cat)
    for c in worldmap.countries():
        iri = by_numeric.get(c.numeric.zfill(3)) if c.numeric else None
        shades[c.numeric] = iri
    outline = [{"d": worldmap.path_data(c), "name": c.name, "iri": shades.get(c.numeric),
                "href": href_of(shades[c.numeric]) if shades.get(c.numeric) else None,
                "mentioned": mentioned.get(shades.get(c.numeric) or "", 0)} for c in worldmap.countries()]
    scale = box[2] / worldmap.WIDTH
    return render_template("map.html", outline=outline, points=points, lines=lines, drawn=drawn, missing=missing,
                           box=box,
                           scale=scale, world=world, actor=cat.actors.get(actor) if actor else None,
                           actor_path=path_of(actor) if actor else None,
                           formats=formats("/map"))


def country_numeric(cat: Catalogue) -> dict[str, str]:
    """ISO 3166 numeric code -> our Country IRI, through the alpha-2 code in the IRI (id:country/kz)."""
    import pycountry

    out = {}
    for a in cat.actors.values():
        if a.kind != Kind.COUNTRY:
            continue
        code = path_of(a.iri).split("/")[-1].upper()
        c = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        if c is not None:
            out[c.numeric] = a.iri
    return out
