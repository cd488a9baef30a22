"""The timeline: deployments (start, withdrawal start and end, troop counts per source) and
statements in date order, overall or for one actor (`/timeline?actor=person/x`), drawn as
an SVG chart with the same events as a table, `.json` and `.csv`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Blueprint, render_template

from server.browse import SHEETS, TABLE_EXT, actor_arg, date_arg, formats, json_response, sheet_response
from server.catalogue import Catalogue, DeploymentRecord, catalogue, href_of, path_of

bp = Blueprint("timeline", __name__)

#: The chart's geometry, in SVG units.
WIDTH, LABEL_W, LANE_H, TOP, RIGHT = 1100, 300, 30, 34, 110
#: room between the lane labels and the first date, more than the largest statement dot's radius
PAD = 16
EVENT_NAMES = {"start": "deployment start", "withdrawal_start": "withdrawal start",
               "withdrawal_end": "withdrawal end", "statement": "statement"}


def involves(d: DeploymentRecord, actor: str) -> bool:
    return actor in (d.sender, *d.destinations, *d.contributors)


def troops(cat: Catalogue, d: DeploymentRecord) -> dict:
    """The deployment's count and each source's, with whether the sources disagree."""
    reports = [{"count": n, "text": text, "article": cat.label(a), "href": href_of(a), "iri": a}
               for n, text, a in sorted(d.reports, key=lambda r: (cat.articles[r[2]].date or "" if r[2] in
                                                                   cat.articles else "", r[2]))]
    counts = sorted({r["count"] for r in reports})
    return {"count": d.troops, "as_written": d.troop_text, "reports": reports, "conflict": len(counts) > 1,
            "counts": counts}


def events(cat: Catalogue, actor: str | None, lo: str | None, hi: str | None) -> list[dict]:
    """Every dated event, oldest first: deployment dates and statements."""
    out: list[dict] = []
    for d in cat.deployments.values():
        if actor and not involves(d, actor):
            continue
        t = troops(cat, d)
        for key in ("start", "withdrawal_start", "withdrawal_end"):
            when = getattr(d, key)
            if when:
                out.append({"date": when, "event": EVENT_NAMES[key], "iri": d.iri, "href": href_of(d.iri),
                            "label": d.label, "actor": cat.label(d.sender) if d.sender else None,
                            "troops": t["count"] if key == "start" else None,
                            "troop_sources": "; ".join(f"{r['count']} ({r['article']})" for r in t["reports"])
                            if key == "start" else None,
                            "text": None})
    for s in cat.statements.values():
        if not s.date or (actor and s.speaker != actor):
            continue
        out.append({"date": s.date, "event": "statement", "iri": s.iri, "href": href_of(s.iri),
                    "label": s.text, "actor": cat.label(s.speaker) if s.speaker else None,
                    "actor_href": href_of(s.speaker) if s.speaker else None,
                    "troops": None, "troop_sources": None, "text": s.text})
    if lo:
        out = [e for e in out if e["date"] >= lo]
    if hi:
        out = [e for e in out if e["date"][:len(hi)] <= hi]
    out.sort(key=lambda e: (e["date"], e["event"] != "deployment start", e["iri"]))
    return out


@dataclass
class Scale:
    first: date
    last: date

    def x(self, when: str) -> float:
        d = date.fromisoformat(when)
        span = max((self.last - self.first).days, 1)
        return LABEL_W + PAD + (d - self.first).days / span * (WIDTH - LABEL_W - PAD - RIGHT)

    def ticks(self) -> list[tuple[float, str]]:
        span = (self.last - self.first).days
        if span > 800:
            marks = [date(y, 1, 1) for y in range(self.first.year + 1, self.last.year + 1)]
            fmt = "%Y"
        elif span > 60:
            marks, m = [], date(self.first.year, self.first.month, 1)
            step = 1 if span < 400 else 3
            while m <= self.last:
                if m >= self.first:
                    marks.append(m)
                mo = m.month - 1 + step
                m = date(m.year + mo // 12, mo % 12 + 1, 1)
            fmt = "%b %Y"
        else:
            step = max(span // 8, 1)
            marks = [self.first + timedelta(days=i) for i in range(0, span + 1, step)]
            fmt = "%d %b"
        return [(self.x(m.isoformat()), m.strftime(fmt)) for m in marks]


def lane_label(cat: Catalogue, d: DeploymentRecord) -> str:
    """A deployment named short enough for its lane: sender and destinations by acronym when they have
    one ("CSTO → Kazakhstan", not "Organisasi Traktat Keamanan Kolektif …")."""
    def short(iri: str) -> str:
        a = cat.actors.get(iri)
        if a is None:
            return cat.label(iri)
        acronym = next((n for n in a.names if n.isupper() and 2 <= len(n) <= 8), None)
        return acronym if acronym and len(a.label) > 20 else a.label

    if not d.sender or not d.destinations:
        return d.label
    return f"{short(d.sender)} → {', '.join(short(x) for x in d.destinations)}"


def chart(cat: Catalogue, evs: list[dict]) -> dict | None:
    """Lanes for the SVG: one per deployment (its bar and dates), then one of statements by day."""
    if not evs:
        return None
    dates = [e["date"] for e in evs]
    first, last = date.fromisoformat(min(dates)), date.fromisoformat(max(dates))
    if (last - first).days < 10:
        first, last = first - timedelta(days=5), last + timedelta(days=5)
    scale = Scale(first, last)
    lanes = []
    seen: dict[str, dict] = {}
    for e in evs:
        if e["event"] == "statement":
            continue
        lane = seen.get(e["iri"])
        if lane is None:
            d = cat.deployments[e["iri"]]
            lane = seen[e["iri"]] = {"label": d.label, "short": lane_label(cat, d), "href": e["href"], "marks": [],
                                     "troops": troops(cat, d)}
            lanes.append(lane)
        lane["marks"].append({"x": round(scale.x(e["date"]), 1), "event": e["event"], "date": e["date"]})
    for i, lane in enumerate(lanes):
        lane["y"] = TOP + i * LANE_H
        xs = [m["x"] for m in lane["marks"]]
        lane["bar"] = (min(xs), max(xs))
    per_day: dict[str, int] = {}
    for e in evs:
        if e["event"] == "statement":
            per_day[e["date"]] = per_day.get(e["date"], 0) + 1
    top = max(per_day.values(), default=1)
    stmt_y = TOP + len(lanes) * LANE_H + 10
    dots = [{"x": round(scale.x(d), 1), "date": d, "n": n, "r": round(3 + 7 * (n / top) ** 0.5, 1)}
            for d, n in sorted(per_day.items())]
    height = stmt_y + (LANE_H if dots else 0) + 24
    return {"width": WIDTH, "height": height, "label_w": LABEL_W, "lanes": lanes, "dots": dots,
            "stmt_y": stmt_y, "ticks": scale.ticks(), "axis_y": height - 18, "first": first.isoformat(),
            "last": last.isoformat()}


COLUMNS = (("date", "Date"), ("event", "Event"), ("label", "What"), ("actor", "Actor"), ("troops", "Troops"),
           ("troop_sources", "Troops by source"))


@bp.get("/timeline")
@bp.get("/timeline." + TABLE_EXT)
def timeline_page(ext: str | None = None):
    """Deployments and statements in date order (`?actor=`, `?from=`, `?to=`)."""
    cat = catalogue()
    actor = actor_arg(cat, "person/…")
    lo, hi = date_arg("from"), date_arg("to")
    evs = events(cat, actor, lo, hi)
    if ext in SHEETS:
        return sheet_response(ext, COLUMNS, evs, "timeline")
    deps = []
    for iri in dict.fromkeys(e["iri"] for e in evs if e["event"] != "statement"):
        d = cat.deployments[iri]
        deps.append({"label": d.label, "href": href_of(iri), "iri": iri, "start": d.start,
                     "withdrawal_start": d.withdrawal_start, "withdrawal_end": d.withdrawal_end,
                     "troops": troops(cat, d)})
    if ext == "json":
        return json_response({"actor": actor, "from": lo, "to": hi, "events": evs, "deployments": deps})
    statements = [e for e in evs if e["event"] == "statement"]
    return render_template("timeline.html", chart=chart(cat, evs), deployments=deps, statements=statements,
                           actor=cat.actors.get(actor) if actor else None, actor_path=path_of(actor) if actor else None,
                           lo=lo, hi=hi, formats=formats("/timeline"), undated=sum(
                               1 for d in cat.deployments.values()
                               if not (d.start or d.withdrawal_start or d.withdrawal_end)
                               and (not actor or involves(d, actor))))
