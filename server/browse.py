"""Find and browse: the overview, search, and one list per kind, each also as .json and .csv.

Lists are datasette-style: `?sort=`, `?offset=`/`?limit=` paging, facets that narrow the
list (`?country=`, `?article=`, `?type=`, `?publisher=`, `?speaker=`, `?from=`/`?to=` dates,
`?q=` within the list), and the same rows as JSON (`/persons.json`) and CSV
(`/persons.csv`, every matching row). Everything is read from the per-generation
catalogue (server.catalogue), so a page costs no SPARQL.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request

from kg import spreadsheet
from kg.formats import CSV, TABLE_FORMATS, XLSX, by_name
from kg.kinds import Kind
from server.catalogue import ID_BASE, KINDS, LISTS, PLURAL, Catalogue, catalogue, fold, href_of, path_of
from server.errors import error_response, wants_html

bp = Blueprint("browse", __name__)

PAGE = 50
MAX_PAGE = 1000
#: A facet lists at most this many values.
FACET_VALUES = 12


def refuse(status: int, message: str):
    """Stop the request: the HTML error page for a browser, the JSON error otherwise."""
    if wants_html():
        title = "Not found" if status == 404 else "Cannot show this page"
        abort(Response(render_template("error.html", title=title, message=message), status))
    abort(error_response(status, message))


# ----------------------------------------------------------------------------- rows

def actor_row(cat: Catalogue, iri: str) -> dict:
    a = cat.actors[iri]
    dates = sorted(cat.articles[x].date for x in a.articles if x in cat.articles and cat.articles[x].date)
    return {"iri": a.iri, "href": href_of(a.iri), "type": a.kind, "label": a.label,
            "names": [n for n in a.names if n != a.label],
            "countries": [cat.label(c) for c in a.countries], "country_iris": a.countries,
            "articles": len(a.articles), "statements": a.statements,
            "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
            "lat": a.lat, "long": a.long}


def article_row(cat: Catalogue, iri: str) -> dict:
    a = cat.articles[iri]
    return {"iri": a.iri, "href": href_of(a.iri), "title": a.title, "headline": a.headline, "date": a.date,
            "publisher": cat.label(a.publisher) if a.publisher else None, "publisher_iri": a.publisher,
            "place": cat.label(a.place) if a.place else None, "place_iri": a.place,
            "url": a.url, "file": a.file, "mentions": len(a.mentions), "statements": a.statements}


def deployment_row(cat: Catalogue, iri: str) -> dict:
    d = cat.deployments[iri]
    return {"iri": d.iri, "href": href_of(d.iri), "label": d.label,
            "sender": cat.label(d.sender) if d.sender else None, "sender_iri": d.sender,
            "destinations": [cat.label(x) for x in d.destinations], "destination_iris": d.destinations,
            "contributors": [cat.label(x) for x in d.contributors], "contributor_iris": d.contributors,
            "start": d.start, "withdrawal_start": d.withdrawal_start, "withdrawal_end": d.withdrawal_end,
            "troops": d.troops, "troop_text": d.troop_text, "qualifier": d.qualifier,
            "articles": len(d.articles), "article_iris": d.articles}


def statement_row(cat: Catalogue, iri: str) -> dict:
    s = cat.statements[iri]
    return {"iri": s.iri, "href": href_of(s.iri), "text": s.text, "date": s.date,
            "speaker": cat.label(s.speaker) if s.speaker else None, "speaker_iri": s.speaker,
            "speaker_href": href_of(s.speaker) if s.speaker else None,
            "speaker_type": cat.kind(s.speaker) if s.speaker else None,
            "article": cat.label(s.article) if s.article else None, "article_iri": s.article,
            "article_href": href_of(s.article) if s.article else None,
            "in_article": (href_of(s.article) + f"#at-{s.evidence[0][0]}") if s.article and s.evidence else None,
            "quote": s.quote}


# ----------------------------------------------------------------------------- lists

@dataclass(frozen=True)
class ListSpec:
    """How one kind is listed: its rows, what a facet or filter looks at, how it sorts."""

    kind: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (row key, heading) for the table and the CSV
    sorts: dict[str, Callable[[dict], object]]
    default_sort: str
    facets: tuple[str, ...]


def _actor_sorts() -> dict[str, Callable[[dict], object]]:
    return {"name": lambda r: fold(r["label"]), "articles": lambda r: (-r["articles"], fold(r["label"])),
            "statements": lambda r: (-r["statements"], fold(r["label"])),
            "latest": lambda r: (r["last"] or "",)}


ACTOR_COLUMNS = (("label", "Name"), ("names", "Also called"), ("countries", "Country"),
                 ("articles", "Articles"), ("statements", "Statements"), ("first", "First"), ("last", "Last"))

SPECS: dict[str, ListSpec] = {
    Kind.PERSON: ListSpec(Kind.PERSON, "People", ACTOR_COLUMNS, _actor_sorts(), "articles", ("country", "article")),
    Kind.ORGANISATION: ListSpec(Kind.ORGANISATION, "Organisations", ACTOR_COLUMNS, _actor_sorts(), "articles",
                             ("country", "article")),
    Kind.COUNTRY: ListSpec(Kind.COUNTRY, "Countries", ACTOR_COLUMNS, _actor_sorts(), "articles", ("article",)),
    Kind.PLACE: ListSpec(Kind.PLACE, "Places", ACTOR_COLUMNS, _actor_sorts(), "articles", ("country", "article")),
    "Article": ListSpec(
        "Article", "Articles",
        (("title", "Headline"), ("date", "Date"), ("publisher", "Publisher"), ("place", "Dateline"),
         ("mentions", "Actors"), ("statements", "Statements"), ("url", "URL"), ("file", "File")),
        {"date": lambda r: (r["date"] or "",), "title": lambda r: fold(r["title"]),
         "statements": lambda r: (-r["statements"], r["date"] or "")},
        "-date", ("publisher", "country", "mentions")),
    "Deployment": ListSpec(
        "Deployment", "Deployments",
        (("label", "Deployment"), ("sender", "Sent by"), ("destinations", "To"), ("contributors", "Contributors"),
         ("start", "Start"), ("withdrawal_start", "Withdrawal start"), ("withdrawal_end", "Withdrawal end"),
         ("troops", "Troops"), ("troop_text", "As written"), ("articles", "Articles")),
        {"start": lambda r: (r["start"] or "",), "troops": lambda r: (-(r["troops"] or 0), r["label"]),
         "name": lambda r: fold(r["label"])},
        "-start", ("country", "article")),
    "Statement": ListSpec(
        "Statement", "Statements",
        (("text", "Statement"), ("speaker", "Speaker"), ("date", "Date"), ("quote", "Direct quote"),
         ("article", "Article")),
        {"date": lambda r: (r["date"] or "",), "speaker": lambda r: (fold(r["speaker"] or ""), r["date"] or "")},
        "-date", ("type", "speaker", "country", "article")),
}


def records(cat: Catalogue, kind: str) -> list[dict]:
    if kind in KINDS:
        return [actor_row(cat, i) for i, a in cat.actors.items() if a.kind == kind]
    if kind == "Article":
        return [article_row(cat, i) for i in cat.articles]
    if kind == "Deployment":
        return [deployment_row(cat, i) for i in cat.deployments]
    return [statement_row(cat, i) for i in cat.statements]


def facet_values(cat: Catalogue, kind: str, facet: str, row: dict) -> list[tuple[str, str]]:
    """(value, label) pairs a row has for a facet; the value is what `?facet=` takes."""
    iri = row["iri"]
    if facet == "country":
        if kind in KINDS:
            iris = cat.actors[iri].countries
        elif kind == "Deployment":
            iris = [x for x in [row["sender_iri"], *row["destination_iris"], *row["contributor_iris"]]
                    if x and cat.kind(x) == Kind.COUNTRY]
        elif kind == "Article":
            iris = [x for x in cat.articles[iri].mentions if cat.kind(x) == Kind.COUNTRY]
        else:
            sp = row["speaker_iri"]
            iris = ([sp] if sp and cat.kind(sp) == Kind.COUNTRY else cat.actors[sp].countries if sp in cat.actors
                    else [])
        return [(path_of(x), cat.label(x)) for x in dict.fromkeys(iris)]
    if facet in ("article", "mentions"):
        if kind in KINDS:
            iris = sorted(cat.actors[iri].articles)
        elif kind == "Deployment":
            iris = row["article_iris"]
        elif kind == "Article":
            iris = sorted(cat.articles[iri].mentions)
        else:
            iris = [row["article_iri"]] if row["article_iri"] else []
        return [(path_of(x), cat.label(x)) for x in iris]
    if facet == "publisher":
        return [(path_of(row["publisher_iri"]), row["publisher"])] if row["publisher_iri"] else []
    if facet == "speaker":
        return [(path_of(row["speaker_iri"]), row["speaker"])] if row["speaker_iri"] else []
    if facet == "type":
        kinds = [("quote", "direct quote") if row["quote"] else ("reported", "reported speech")]
        if row["speaker_type"]:
            kinds.append((row["speaker_type"].lower(), f"said by a {row['speaker_type'].lower()}"))
        return kinds
    return []


#: Sorts whose plain key already puts the largest first (`?sort=-articles` puts the smallest first).
COUNT_SORTS = {"articles", "statements", "troops"}

FACET_TITLES = {"country": "Country", "article": "Mentioned in", "mentions": "Mentions", "publisher": "Publisher",
                "speaker": "Speaker", "type": "Type"}


def row_dates(kind: str, row: dict) -> list[str]:
    if kind in KINDS:
        return [d for d in (row["first"], row["last"]) if d]
    if kind == "Article":
        return [row["date"]] if row["date"] else []
    if kind == "Deployment":
        return [d for d in (row["start"], row["withdrawal_start"], row["withdrawal_end"]) if d]
    return [row["date"]] if row["date"] else []


def text_of(kind: str, row: dict) -> str:
    if kind in KINDS:
        return " ".join([row["label"], *row["names"]])
    if kind == "Article":
        return " ".join(filter(None, [row["title"], row["publisher"], row["file"]]))
    if kind == "Deployment":
        return " ".join(filter(None, [row["label"], row["sender"], *row["destinations"], *row["contributors"]]))
    return " ".join(filter(None, [row["text"], row["speaker"]]))


@dataclass
class Listing:
    kind: str
    spec: ListSpec
    rows: list[dict]
    total: int
    offset: int
    limit: int
    sort: str
    filters: dict[str, str]
    facets: dict[str, list[dict]]


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        refuse(400, f"?{name}= must be a whole number, not {raw!r}")
    if not low <= value <= high:
        refuse(400, f"?{name}= must be between {low} and {high}, not {value}")
    return value


def date_arg(name: str) -> str | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    import re

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", raw):
        refuse(400, f"?{name}= must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not {raw!r}")
    return raw


def actor_arg(cat: Catalogue, example: str) -> str | None:
    """The actor `?actor=` names (its IRI or its path under the id base), or a 404 that says how to name one."""
    raw = request.args.get("actor", "").strip()
    if not raw:
        return None
    actor = raw if raw.startswith(ID_BASE) else ID_BASE + raw
    if actor not in cat.actors:
        refuse(404, f"no actor {raw!r} in the graph (give its path, e.g. {example})")
    return actor


def listing(cat: Catalogue, kind: str, *, paged: bool = True) -> Listing:
    spec = SPECS[kind]
    rows = records(cat, kind)
    filters: dict[str, str] = {}
    for facet in spec.facets:
        value = request.args.get(facet, "").strip()
        if value:
            filters[facet] = value
            rows = [r for r in rows if value in {v for v, _ in facet_values(cat, kind, facet, r)}]
    lo, hi = date_arg("from"), date_arg("to")
    if lo:
        filters["from"] = lo
        rows = [r for r in rows if any(d >= lo for d in row_dates(kind, r))]
    if hi:
        filters["to"] = hi
        rows = [r for r in rows if any(d[:len(hi)] <= hi for d in row_dates(kind, r))]
    q = request.args.get("q", "").strip()
    if q:
        filters["q"] = q
        needle = fold(q)
        rows = [r for r in rows if needle in fold(text_of(kind, r))]
    sort = request.args.get("sort", spec.default_sort)
    key = sort.lstrip("-")
    if key not in spec.sorts:
        refuse(400, f"cannot sort {PLURAL[kind]} by {sort!r}; use one of: "
               + ", ".join(f"{k}, -{k}" for k in spec.sorts))
    rows.sort(key=lambda r: str(r["iri"]))
    rows.sort(key=spec.sorts[key], reverse=sort.startswith("-"))
    facets = {}
    for facet in spec.facets:
        counts: Counter[tuple[str, str]] = Counter()
        for r in rows:
            counts.update(set(facet_values(cat, kind, facet, r)))
        facets[facet] = [{"value": v, "label": label, "count": n, "selected": filters.get(facet) == v}
                         for (v, label), n in sorted(counts.items(), key=lambda t: (-t[1], fold(t[0][1] or "")))
                         [:FACET_VALUES]]
    total = len(rows)
    offset = int_arg("offset", 0, 0, 10**9) if paged else 0
    limit = int_arg("limit", PAGE, 1, MAX_PAGE) if paged else total
    return Listing(kind, spec, rows[offset:offset + limit], total, offset, limit, sort, filters, facets)


def link(path: str, args: dict[str, object]) -> str:
    """`path?args` without empty values."""
    clean = {k: v for k, v in args.items() if v not in (None, "")}
    return path + ("?" + urlencode(clean) if clean else "")


def current_args(**changes: object) -> dict[str, object]:
    args: dict[str, object] = {k: v for k, v in request.args.items()}
    args.update(changes)
    return args


def cell(value: object) -> str:
    """A value as a CSV cell: lists joined with '; ', None empty, booleans as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


#: the download extensions of every table (kg.formats.TABLE_FORMATS), as a route converter
TABLE_EXT = "<any(" + ",".join(f.extension.lstrip(".") for f in TABLE_FORMATS) + "):ext>"
#: the downloads that are the table itself (every matching row), not the page's JSON
SHEETS = tuple(f.name for f in (CSV, XLSX))


def sheet_response(ext: str, columns: Iterable[tuple[str, str]], rows: Iterable[dict], name: str) -> Response:
    """Every row as a CSV or XLSX download, with the IRI last."""
    from server.protocol import content_type

    fmt = by_name(ext, TABLE_FORMATS)
    cols = list(columns) + [("iri", "IRI")]
    if fmt is XLSX:
        body: bytes | str = spreadsheet.workbook([h for _, h in cols], ([r.get(k) for k, _ in cols] for r in rows),
                                                 sheet=name)
    else:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow([h for _, h in cols])
        for r in rows:
            w.writerow([cell(r.get(k)) for k, _ in cols])
        body = buf.getvalue()
    resp = Response(body, content_type=content_type(fmt))
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}{fmt.extension}"'
    return resp


def json_response(obj: object) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False),
                    content_type="application/json; charset=utf-8")


def formats(path: str) -> list[dict]:
    """The .json, .csv and .xlsx links of a page, keeping its query string."""
    qs = request.query_string.decode("utf-8", "replace")
    return [{"label": f.label, "href": f"{path}{f.extension}" + (f"?{qs}" if qs else "")} for f in TABLE_FORMATS]


# ----------------------------------------------------------------------------- routes

LIST_NAMES = "|".join(LISTS)


@bp.get("/<any(" + ",".join(LISTS) + "):name>")
@bp.get("/<any(" + ",".join(LISTS) + "):name>." + TABLE_EXT)
def list_page(name: str, ext: str | None = None):
    """One list of a kind, with facets and paging (HTML, JSON, CSV or XLSX)."""
    kind = LISTS[name]
    cat = catalogue()
    lst = listing(cat, kind, paged=ext not in SHEETS)
    if ext in SHEETS:
        return sheet_response(ext, lst.spec.columns, lst.rows, name)
    base = "/" + name
    nxt = link(base, current_args(offset=lst.offset + lst.limit)) if lst.offset + lst.limit < lst.total else None
    prev = link(base, current_args(offset=max(0, lst.offset - lst.limit))) if lst.offset else None
    if ext == "json":
        return json_response({"kind": kind, "total": lst.total, "offset": lst.offset, "limit": lst.limit,
                              "sort": lst.sort, "filters": lst.filters, "facets": lst.facets, "rows": lst.rows,
                              "next": nxt and nxt.replace(base, base + ".json", 1)})
    facet_links = {
        f: [dict(v, href=link(base, current_args(**{f: None if v["selected"] else v["value"], "offset": None})))
            for v in values] for f, values in lst.facets.items()}
    sort_links = {k: link(base, current_args(sort=(k if lst.sort == "-" + k else "-" + k), offset=None))
                  for k in lst.spec.sorts}
    shown = {k: (cat.label(ID_BASE + v) if k in ("country", "article", "mentions", "publisher", "speaker") else v)
             for k, v in lst.filters.items()}
    arrows = {}
    for k in lst.spec.sorts:
        if lst.sort.lstrip("-") == k:
            descending = lst.sort.startswith("-") != (k in COUNT_SORTS)  # count sorts put the most first
            arrows[k] = "▼" if descending else "▲"
    return render_template("list.html", lst=lst, name=name, facet_links=facet_links, facet_titles=FACET_TITLES,
                           shown=shown, arrows=arrows,
                           sort_links=sort_links, next=nxt, prev=prev, formats=formats(base),
                           clear={k: link(base, current_args(**{k: None, "offset": None})) for k in lst.filters})


# ----------------------------------------------------------------------------- search

#: How much each kind of match weighs; ties go to the node mentioned in more articles.
WEIGHTS = {"exact": 100, "prefix": 70, "words": 50, "substring": 30}
FIELD_WEIGHT = {"label": 1.0, "alternative name": 0.9, "acronym": 1.0, "English name": 0.9, "English acronym": 0.9,
                "headline": 0.8, "statement": 0.5}


def match_score(needle: str, hay: str) -> str | None:
    if not needle or not hay:
        return None
    if hay == needle:
        return "exact"
    if hay.startswith(needle):
        return "prefix"
    words = hay.split()
    if all(any(w.startswith(t) for w in words) for t in needle.split()):
        return "words"
    if needle in hay:
        return "substring"
    return None


def search(cat: Catalogue, q: str, kind: str | None = None, limit: int = 50) -> dict:
    """Ranked hits for `q` over names, other names, acronyms, headlines and statement texts."""
    needle = fold(q)
    hits: dict[str, dict] = {}

    def offer(iri: str, kind_: str, fld: str, text: str, weight_extra: float) -> None:
        how = match_score(needle, fold(text))
        if how is None:
            return
        score = WEIGHTS[how] * FIELD_WEIGHT[fld] + weight_extra
        best = hits.get(iri)
        if best is None or score > best["score"]:
            hits[iri] = {"iri": iri, "href": href_of(iri), "type": kind_, "label": cat.label(iri),
                         "matched": text, "field": fld, "match": how, "score": round(score, 2)}

    if needle:
        for a in cat.actors.values():
            pop = min(len(a.articles), 50) / 10
            offer(a.iri, a.kind, "label", a.label, pop)
            for n in a.names:
                offer(a.iri, a.kind, "acronym" if n.isupper() and len(n) <= 8 else "alternative name", n, pop)
            for n in a.english:  # kg's English names: "United Nations", "UN", "Ministry of Defence of Russia"
                offer(a.iri, a.kind, "English acronym" if n.isupper() and len(n) <= 8 else "English name", n, pop)
        for art in cat.articles.values():
            if art.headline:
                offer(art.iri, "Article", "headline", art.headline, 0)
        for s in cat.statements.values():
            offer(s.iri, "Statement", "statement", s.text, 0)
    ranked = sorted(hits.values(), key=lambda h: (-h["score"], fold(h["label"]), h["iri"]))
    for h in ranked:
        if h["type"] == "Statement":
            s = cat.statements[h["iri"]]
            h["speaker"] = cat.label(s.speaker) if s.speaker else None
            h["date"] = s.date
            h["label"] = s.text
    types = Counter(h["type"] for h in ranked)
    if kind:
        ranked = [h for h in ranked if h["type"] == kind]
    return {"q": q, "total": len(ranked), "types": dict(sorted(types.items())), "results": ranked[:limit]}


@bp.get("/search")
@bp.get("/search." + TABLE_EXT)
def search_page(ext: str | None = None):
    """Search everything by name or words (`?q=`, `?type=` narrows to one kind)."""
    q = request.args.get("q", "").strip()
    kind = request.args.get("type", "").strip() or None
    known = set(KINDS) | {"Article", "Statement"}
    if kind and kind not in known:
        refuse(400, f"?type= must be one of {', '.join(sorted(known))}, not {kind!r}")
    if len(q) > 200:
        refuse(400, "?q= is longer than 200 characters")
    limit = int_arg("limit", 50, 1, MAX_PAGE)
    result = search(catalogue(), q, kind, limit)
    if ext == "json":
        return json_response(result)
    if ext in SHEETS:
        return sheet_response(ext, (("label", "Label"), ("type", "Type"), ("matched", "Matched"), ("field", "Field"),
                             ("score", "Score")), result["results"], "search")
    type_links = [{"type": t, "count": n, "selected": t == kind,
                   "href": link("/search", {"q": q, "type": None if t == kind else t})}
                  for t, n in result["types"].items()]
    return render_template("search.html", r=result, kind=kind, type_links=type_links, formats=formats("/search"))


# ----------------------------------------------------------------------------- overview

def overview(cat: Catalogue) -> dict:
    counts = Counter(a.kind for a in cat.actors.values())
    dates = cat.dates()
    top = sorted(cat.actors.values(), key=lambda a: (-len(a.articles), fold(a.label)))
    top = [actor_row(cat, a.iri) for a in top if a.kind != Kind.PLACE][:12]
    deps = sorted(cat.deployments, key=lambda i: (cat.deployments[i].start or "", i), reverse=True)[:8]
    stmts = sorted(cat.statements, key=lambda i: (cat.statements[i].date or "", i), reverse=True)[:8]
    return {
        "counts": {"articles": len(cat.articles), "persons": counts[Kind.PERSON],
                   "organisations": counts[Kind.ORGANISATION], "countries": counts[Kind.COUNTRY],
                   "places": counts[Kind.PLACE], "deployments": len(cat.deployments),
                   "statements": len(cat.statements)},
        "date_range": [dates[0], dates[-1]] if dates else None,
        "top_actors": top,
        "latest_deployments": [deployment_row(cat, i) for i in deps],
        "latest_statements": [statement_row(cat, i) for i in stmts],
    }


@bp.get("/")
@bp.get("/index.<any(json):ext>")
def home(ext: str | None = None):
    """What the graph holds, who is in it most, what happened last, and a search box."""
    data = overview(catalogue())
    if ext == "json":
        return json_response(data)
    return render_template("home.html", o=data, lists=LISTS, formats=[{"label": "JSON", "href": "/index.json"}])
