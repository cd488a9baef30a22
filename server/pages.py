"""The human side of the service: the query editor, saved-query pages and entity pages.

Every IRI the extractor mints (`https://w3id.org/kg-news/id/<path>`) dereferences
here at `/id/<path>`: a browser gets a readable page that links on to the related
entities, statements, deployments and the sentences they were read from; an RDF
client gets Turtle, JSON-LD or N-Triples for the same node by content negotiation.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from kg import formats, jsonld, resources, saved_queries
from kg.actors import labels
from kg.kinds import Kind
from kg.ns import ID, KG, PREFIXES, RDF, RDFS, SCHEMA, SKOS
from kg.store import query as run_query
from server import safety
from server.articles import highlighted_body
from server.catalogue import article_title
from server.config import get_config, get_store, store_generation
from server.errors import error_response, scrub, wants_html
from server.page_cache import page_cache
from server.protocol import ProtocolError
from server.workers import WorkerFailure

bp = Blueprint("pages", __name__)

ID_BASE = str(ID)
STATIC = Path(__file__).with_name("static")
#: Rows an HTML page lists per section before saying "and N more".
SECTION_LIMIT = 50
#: Rows of a saved query shown as an HTML table.
TABLE_LIMIT = 1000

#: The editor page's policy: like every page's (server.safety), but YASGUI's table and
#: CodeMirror set inline style attributes, so inline *styles* (never scripts) are allowed.
EDITOR_CSP = ("default-src 'self'; connect-src 'self'; img-src 'self' data:; "
              "style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; "
              "form-action 'self'; "
              "frame-ancestors 'none'")

RDF_TYPE = ox.NamedNode(str(RDF.type))
RDFS_LABEL = ox.NamedNode(str(RDFS.label))
KG_EVIDENCE = ox.NamedNode(str(KG.evidence))
KG_TEXT = ox.NamedNode(str(KG.text))
KG_SENTENCE = ox.NamedNode(str(KG.sentence))
KG_HEADLINE = ox.NamedNode(str(KG.headline))
ARTICLE_BODY = ox.NamedNode(str(SCHEMA.articleBody))
MENTIONS = ox.NamedNode(str(SCHEMA.mentions))
KG_SOURCE = ox.NamedNode(str(KG.source))
KG_DEPLOYMENT = ox.NamedNode(str(KG.Deployment))
KG_START = ox.NamedNode(str(KG.startDate))
KG_TROOPS = ox.NamedNode(str(KG.troopCount))
DEPLOYMENT_ROLES = [ox.NamedNode(str(KG[p])) for p in ("deployedBy", "destination", "contributor")]

#: Outgoing properties the facts table leaves out because the page shows them elsewhere.
FACTS_HIDDEN = {str(RDF.type), str(RDFS.label), str(SKOS.altLabel), str(SCHEMA.articleBody), str(KG.textOffsets),
                str(SCHEMA.mentions), str(KG.evidence)}
#: Incoming properties the "linked from" box leaves out (they have their own sections).
INCOMING_HIDDEN = {
    str(KG[p]) for p in ("speaker", "about", "respondsTo", "source", "evidence", "deployedBy",
                         "destination", "contributor", "denotes")  # mentions: highlighted in their articles
} | {str(SCHEMA.mentions)}


# ----------------------------------------------------------------------------- store

def store() -> ox.Store:
    """The one store the app opened (see server.config)."""
    return get_store()


def store_terms(st: ox.Store) -> dict[str, list[str]]:
    """Classes and properties the store uses: one full scan per app (and per store write)."""
    key = ("kg_ui_terms", store_generation())
    cached = current_app.extensions.get("kg_ui_terms")
    if cached is None or cached[0] != key:
        classes = sorted({r["c"].value for r in select(st, page_query("used-classes"))})
        props = sorted({r["p"].value for r in select(st, page_query("used-properties"))})
        cached = current_app.extensions["kg_ui_terms"] = (key, {"classes": classes, "properties": props})
    return cached[1]


def shorten(iri: str) -> str:
    """`kg:Person` for an IRI in one of our namespaces, else the IRI itself."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and prefix != "id":
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def local_href(iri: str) -> str | None:
    """Our own IRIs link to their page on this server; others are not links."""
    if iri.startswith(ID_BASE):
        return "/id/" + iri[len(ID_BASE):]
    return None


def humanize(iri: str) -> str:
    """`troopCountQualifier` -> `troop count qualifier`, for properties we have no label for."""
    name = re.split(r"[#/]", iri)[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").lower()


@lru_cache(maxsize=1)
def predicate_labels() -> dict[str, dict[str, str]]:
    data = json.loads((STATIC / "predicates.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def predicate_label(iri: str, inverse: bool = False) -> str:
    entry = predicate_labels().get(iri, {})
    if inverse:
        return entry.get("inverse") or f"{entry.get('label') or humanize(iri)} (of)"
    return entry.get("label") or humanize(iri)


# ----------------------------------------------------------------------------- terms

@dataclass
class Term:
    """A value as an entity page shows it: a link with a name, or a literal."""

    value: str
    label: str
    href: str | None = None
    kind: str = "literal"  # iri | literal
    datatype: str | None = None
    lang: str | None = None

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"


class Labeller:
    """Names for IRIs, looked up once per request."""

    def __init__(self, st: ox.Store) -> None:
        self.st = st
        self.cache: dict[str, str] = {}

    def label(self, node: ox.NamedNode) -> str:
        key = node.value
        if key not in self.cache:
            self.cache[key] = self._lookup(node)
        return self.cache[key]

    def _lookup(self, node: ox.NamedNode) -> str:
        if node.value.startswith(ARTICLE_BASE):
            return article_label(self.st, node)
        for pred in (RDFS_LABEL, KG_TEXT, KG_SENTENCE):
            for q in self.st.quads_for_pattern(node, pred, None):
                text = q.object.value
                return text if len(text) <= 90 else text[:87] + "…"
        iri = node.value
        if iri.startswith(ID_BASE):
            return iri[len(ID_BASE):]
        return shorten(iri)

    def term(self, node) -> Term:
        if isinstance(node, ox.NamedNode):
            return Term(node.value, self.label(node), local_href(node.value), "iri")
        if isinstance(node, ox.Literal):
            dt = node.datatype.value if node.datatype else None
            return Term(node.value, node.value, None, "literal", shorten(dt) if dt else None, node.language)
        return Term(str(node), str(node), None, "literal")


ARTICLE_BASE = ID_BASE + "article/"


def article_label(st: ox.Store, node: ox.NamedNode) -> str:
    """An article as people know it: its headline, else the start of its text, else its id."""
    def first(pred: ox.NamedNode) -> str | None:
        q = next(iter(st.quads_for_pattern(node, pred, None)), None)
        return q.object.value if q else None

    headline = first(KG_HEADLINE)
    body = None if headline else first(ARTICLE_BODY)
    return article_title(headline, body[:200] if body else None, first(RDFS_LABEL) or node.value[len(ID_BASE):])


def node_for(path: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(ID_BASE + path)
    except ValueError:
        abort(404)


# ----------------------------------------------------------------------------- entity description

@dataclass
class Group:
    """One property with its values (and how many there are in all)."""

    predicate: str
    label: str
    values: list[Term]
    total: int


@dataclass
class Entity:
    iri: str
    path: str
    label: str
    types: list[str]
    names: list[str] = field(default_factory=list)
    facts: list[Group] = field(default_factory=list)
    incoming: list[Group] = field(default_factory=list)
    sections: dict = field(default_factory=dict)
    is_graph: bool = False
    #: English names kg knows for a country or organisation, when the store gives none of them
    english: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        for t in (Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.PLACE, "Deployment", "Statement", "Article",
                  "Evidence"):
            if t in self.types:
                return t
        return "Graph" if self.is_graph else (self.types[0] if self.types else "Resource")


def page_query(name: str) -> str:
    """An entity page's section query from queries/pages/ (a template: {{X}} is the node)."""
    return (resources.query_folder() / "pages" / f"{name}.rq").read_text(encoding="utf-8")


def bind_sparql(template: str, node: ox.NamedNode) -> str:
    """A section query with ?x bound to `node` (pyoxigraph validated the IRI)."""
    return template.replace("{{X}}", str(node))


def select(st: ox.Store, sparql: str) -> list[dict]:
    results = run_query(st, sparql)
    names = [v.value for v in results.variables]
    return [{n: row[n] for n in names} for row in results]


def count(st: ox.Store, sparql: str) -> int:
    rows = select(st, sparql)
    return int(rows[0]["n"].value) if rows and rows[0]["n"] is not None else 0


#: The entity pages' section queries, in queries/pages/ beside the saved ones (internal: never listed)
STATEMENT_ROWS = page_query("statements")
STATEMENT_COUNT = page_query("statement-count")
STATEMENT_LINKS = {
    "said": "?st kg:speaker ?x .",
    "about": "?st kg:about ?x .",
    "responses": "?st kg:respondsTo ?x .",
    "in_article": "?st kg:source ?x ; a kg:Statement .",
}

EVIDENCE = page_query("evidence")
MENTIONED_IN = page_query("mentioned-in")
MENTIONS_OF_ARTICLE = page_query("mentions-of-article")
CITED_BY = page_query("cited-by")


def statements(st: ox.Store, lab: Labeller, node: ox.NamedNode, link: str) -> dict:
    """Statements linked to `node`, newest first, each with its evidence sentence and article."""
    pattern = STATEMENT_LINKS[link]
    rows = select(st, bind_sparql(STATEMENT_ROWS % (pattern, SECTION_LIMIT), node))
    items: dict[str, dict] = {}
    for r in rows:
        key = r["st"].value
        item = items.get(key)
        if item is None:
            if len(items) >= SECTION_LIMIT:
                continue
            item = items[key] = {
                "node": lab.term(r["st"]),
                "text": r["text"].value,
                "date": r["date"].value if r["date"] else None,
                "quote": r["quote"] is not None and r["quote"].value == "true",
                "speaker": lab.term(r["speaker"]) if r["speaker"] else None,
                "article": lab.term(r["article"]) if r["article"] else None,
                "article_date": r["adate"].value if r["adate"] else None,
                "sentences": [],
                "at": None,
            }
        if r["sentence"] is not None and r["sentence"].value not in item["sentences"]:
            item["sentences"].append(r["sentence"].value)
        if r["at"] is not None and item["at"] is None:
            item["at"] = int(r["at"].value)
    total = count(st, bind_sparql(STATEMENT_COUNT % pattern, node))
    return {"items": list(items.values()), "total": total}


def deployments(st: ox.Store, lab: Labeller, node: ox.NamedNode, *, of_article: bool = False) -> list[dict]:
    """Deployments an actor sent, received or joined (or an article reports), with start and troops.

    Read straight from the store's indexes: one lookup per role, then per deployment.
    """
    roles: dict[str, list[str]] = {}
    links = [KG_SOURCE] if of_article else DEPLOYMENT_ROLES
    for pred in links:
        for q in st.quads_for_pattern(None, pred, node):
            if isinstance(q.subject, ox.NamedNode) and is_a(st, q.subject, KG_DEPLOYMENT):
                names = roles.setdefault(q.subject.value, [])
                label = "" if of_article else predicate_label(pred.value)
                if label and label not in names:
                    names.append(label)
    out = []
    for iri, names in roles.items():
        d = ox.NamedNode(iri)
        start = next(iter(st.quads_for_pattern(d, KG_START, None)), None)
        troops = next(iter(st.quads_for_pattern(d, KG_TROOPS, None)), None)
        out.append({"node": lab.term(d), "roles": names,
                    "start": start.object.value if start else None,
                    "troops": int(troops.object.value) if troops and troops.object.value.isdigit() else
                    (troops.object.value if troops else None)})
    out.sort(key=lambda d: (d["start"] or "", d["node"].label), reverse=True)
    return out[:SECTION_LIMIT]


def is_a(st: ox.Store, node: ox.NamedNode, cls: ox.NamedNode) -> bool:
    return next(iter(st.quads_for_pattern(node, RDF_TYPE, cls)), None) is not None


def evidence(st: ox.Store, lab: Labeller, node: ox.NamedNode) -> list[dict]:
    return [
        {
            "node": lab.term(r["ev"]),
            "sentence": r["sentence"].value,
            "at": int(r["at"].value) if r["at"] else None,
            "article": lab.term(r["article"]) if r["article"] else None,
            "article_date": r["adate"].value if r["adate"] else None,
        }
        for r in select(st, bind_sparql(EVIDENCE % SECTION_LIMIT, node))
    ]


def mentioned_in(st: ox.Store, lab: Labeller, node: ox.NamedNode) -> dict:
    items = [
        {
            "article": lab.term(r["article"]),
            "date": r["date"].value if r["date"] else None,
            "publisher": lab.term(r["publisher"]) if r["publisher"] else None,
        }
        for r in select(st, bind_sparql(MENTIONED_IN % SECTION_LIMIT, node))
    ]
    total = len({q.subject for q in st.quads_for_pattern(None, MENTIONS, node)})
    return {"items": items, "total": total}


def mentions_of_article(st: ox.Store, lab: Labeller, node: ox.NamedNode) -> dict[str, list[Term]]:
    """The actors an article mentions, grouped by their type."""
    groups: dict[str, dict[str, Term]] = defaultdict(dict)
    for r in select(st, bind_sparql(MENTIONS_OF_ARTICLE, node)):
        kind = shorten(r["type"].value).split(":")[-1] if r["type"] else "Other"
        groups[kind][r["actor"].value] = lab.term(r["actor"])
    order = [Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.PLACE]
    keys = sorted(groups, key=lambda k: (order.index(k) if k in order else len(order), k))
    return {k: sorted(groups[k].values(), key=lambda t: t.label.lower()) for k in keys}


def group_outgoing(st: ox.Store, lab: Labeller, node: ox.NamedNode
                   ) -> tuple[list[Group], list[str], list[str]]:
    """The facts table, the node's types and its names (label first)."""
    by_pred: dict[str, dict[str, ox.NamedNode | ox.Literal]] = defaultdict(dict)
    for q in st.quads_for_pattern(node, None, None):
        by_pred[q.predicate.value][str(q.object)] = q.object
    types = [shorten(t.value).split(":")[-1] for t in by_pred.get(str(RDF.type), {}).values()]
    names = [o.value for o in by_pred.get(str(RDFS.label), {}).values()]
    facts = []
    for pred, objs in by_pred.items():
        if pred == str(SKOS.altLabel):
            names += [o.value for o in objs.values()]
        if pred in FACTS_HIDDEN:
            continue
        terms = sorted((lab.term(o) for o in objs.values()), key=lambda t: t.label.lower())
        facts.append(Group(pred, predicate_label(pred), terms, len(terms)))
    order = list(predicate_labels())
    facts.sort(key=lambda g: (order.index(g.predicate) if g.predicate in order else len(order), g.label))
    return facts, types, names


def group_incoming(st: ox.Store, lab: Labeller, node: ox.NamedNode) -> list[Group]:
    """Links from other nodes, except those the page's sections already show."""
    by_pred: dict[str, dict[str, ox.NamedNode]] = defaultdict(dict)
    # One index lookup per property the store uses, skipping the (often huge) hidden ones.
    for pred in store_terms(st)["properties"]:
        if pred in INCOMING_HIDDEN:
            continue
        for q in st.quads_for_pattern(None, ox.NamedNode(pred), node):
            if isinstance(q.subject, ox.NamedNode):
                by_pred[pred][q.subject.value] = q.subject
    groups = []
    for pred, subjects in sorted(by_pred.items()):
        shown = list(subjects.values())[:SECTION_LIMIT]
        terms = sorted((lab.term(s) for s in shown), key=lambda t: t.label.lower())
        groups.append(Group(pred, predicate_label(pred, inverse=True), terms, len(subjects)))
    return groups


def describe(st: ox.Store, path: str) -> Entity | None:
    """Everything an entity page shows about `id:<path>`, or None when the store has nothing."""
    node = node_for(path)
    lab = Labeller(st)
    facts, types, names = group_outgoing(st, lab, node)
    incoming = group_incoming(st, lab, node)
    is_graph = st.contains_named_graph(node)
    has_incoming = next(iter(st.quads_for_pattern(None, None, node)), None) is not None
    if not facts and not types and not names and not has_incoming and not is_graph:
        return None
    label = names[0] if names else lab.label(node)
    if "Article" in types:
        label = lab.label(node)
        names = [n for n in names if n != label]
        names = [label, *names]
    ent = Entity(node.value, path, label, types, list(dict.fromkeys(names[1:])), facts, incoming,
                 is_graph=is_graph)
    kind = ent.kind
    if kind in (Kind.COUNTRY, Kind.ORGANISATION):
        known = {n.casefold() for n in (label, *ent.names)}
        ent.english = [n for n in labels.english_names({"type": kind, "iso": path.rsplit("/", 1)[-1], "label": label,
                                                         "names": ent.names}) if n.casefold() not in known]
    s = ent.sections
    if kind in (Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.PLACE):
        s["said"] = statements(st, lab, node, "said")
        s["about"] = statements(st, lab, node, "about")
        s["responses"] = statements(st, lab, node, "responses")
        s["deployments"] = deployments(st, lab, node)
        s["mentioned_in"] = mentioned_in(st, lab, node)
    elif kind in ("Deployment", "Statement"):
        s["evidence"] = evidence(st, lab, node)
    elif kind == "Article":
        s["statements"] = statements(st, lab, node, "in_article")
        s["mentions"] = mentions_of_article(st, lab, node)
        s["deployments"] = deployments(st, lab, node, of_article=True)
        body = next(iter(st.quads_for_pattern(node, ARTICLE_BODY, None)), None)
        s["body"] = body.object.value if body else None
        url = next(iter(st.quads_for_pattern(node, ox.NamedNode(str(SCHEMA.url)), None)), None)
        s["url"] = url.object.value if url else None
        marked = highlighted_body(st, node)
        if marked is not None:
            s["body_html"], s["highlights"] = marked
    elif kind == "Evidence":
        s["cited_by"] = [lab.term(r["node"]) for r in select(st, bind_sparql(CITED_BY, node))]
    if is_graph:
        subjects = {}
        for q in st.quads_for_pattern(None, None, None, node):
            if isinstance(q.subject, ox.NamedNode) and q.subject.value not in subjects:
                subjects[q.subject.value] = q.subject
                if len(subjects) >= 200:
                    break
        s["graph_subjects"] = sorted((lab.term(n) for n in subjects.values()), key=lambda t: t.href or "")
        s["graph_size"] = sum(1 for _ in st.quads_for_pattern(None, None, None, node))
    return ent


def rdf_description(st: ox.Store, node: ox.NamedNode) -> list[ox.Triple]:
    """The triples an RDF client gets: the node's own, those of its evidence nodes, or a graph's."""
    triples = {q.triple for q in st.quads_for_pattern(node, None, None)}
    for t in list(triples):
        if t.predicate == KG_EVIDENCE and isinstance(t.object, ox.NamedNode):
            triples |= {q.triple for q in st.quads_for_pattern(t.object, None, None)}
    if not triples and st.contains_named_graph(node):
        triples = {q.triple for q in st.quads_for_pattern(None, None, None, node)}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


# ----------------------------------------------------------------------------- content negotiation

def negotiate() -> str | None:
    """The name of the format the client wants (kg.formats.PAGE_FORMATS); None when nothing fits."""
    fmt = request.args.get("format")
    try:
        return formats.negotiate(formats.PAGE_FORMATS, wanted=fmt, accept=request.headers.get("Accept")).name
    except formats.UnknownFormat:
        abort(error_response(400, f"unknown format {fmt!r}; use one of: "
                                  f"{', '.join(n for f in formats.PAGE_FORMATS for n in f.names)}"))
    except formats.NotAcceptable:
        return None


# ----------------------------------------------------------------------------- routes

def saved_list() -> list[saved_queries.SavedQuery]:
    return saved_queries.load_all(current_app.config.get("QUERIES_DIR"))


def bound_text(q: saved_queries.SavedQuery) -> str:
    """The query as the editor opens it: parameters bound to their defaults, when they all have one."""
    try:
        return saved_queries.bind(q, {})
    except saved_queries.SavedQueryError:
        return q.text


@bp.get("/query")
def editor():
    """The YASGUI editor, aimed at our own /sparql, with the saved queries one click away (not the ones
    kg runs itself, such as the actor projection's: /queries lists those too)."""
    queries = [
        {"name": q.name, "title": q.title, "description": q.description, "query": bound_text(q)}
        for q in saved_list() if not q.internal
    ]
    resp = Response(render_template("index.html", saved=queries, prefixes=PREFIXES, id_base=ID_BASE,
                                    downloads=DOWNLOADS))
    resp.headers["Content-Security-Policy"] = EDITOR_CSP
    return resp


@bp.get("/ui/prefixes.json")
def prefixes_json():
    """Prefix completion for the editor: our prefixes, never prefix.cc."""
    return current_app.response_class(json.dumps(PREFIXES), mimetype="application/json")


#: At most this many IRIs per /ui/labels.json request.
LABELS_MAX = 1000


@bp.post("/ui/labels.json")
def labels_json():
    """Names for our IRIs (a JSON body `{"iris": [...]}`), so result tables show labels, not IRIs."""
    data = request.get_json(silent=True)
    iris = data.get("iris") if isinstance(data, dict) else None
    if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
        return error_response(400, 'send a JSON body {"iris": ["https://w3id.org/kg-news/id/...", ...]}')
    if len(iris) > LABELS_MAX:
        return error_response(400, f"at most {LABELS_MAX} IRIs per request, not {len(iris)}")
    lab = Labeller(store())
    out = {}
    for iri in dict.fromkeys(iris):
        if not iri.startswith(ID_BASE):
            continue
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            continue
        name = lab.label(node)
        if name != iri[len(ID_BASE):]:
            out[iri] = name
    return current_app.response_class(json.dumps(out, ensure_ascii=False), mimetype="application/json")


@bp.get("/ui/terms.json")
def terms_json():
    """Classes and properties the store actually uses, for the editor's completion."""
    return store_terms(store())


@bp.get("/queries")
def queries_page():
    return render_template("queries.html", queries=saved_list())


#: what every result table downloads as (the editor's and the saved queries')
DOWNLOADS = (formats.CSV, formats.TABLE_JSON, formats.XLSX)


@bp.get("/queries/<name>/table")
def query_table(name: str):
    """Run one saved query (parameters from the query string) and show the result as a table."""
    try:
        q = saved_queries.get(name, current_app.config.get("QUERIES_DIR"))
    except saved_queries.SavedQueryError as exc:
        return render_template("error.html", title="No such saved query", message=str(exc)), 404
    values = {p.name: request.args[p.name] for p in q.params if request.args.get(p.name, "").strip()}
    try:
        sparql = saved_queries.bind(q, values)
    except saved_queries.SavedQueryError as exc:
        return render_template("error.html", title="Cannot run the query", message=str(exc)), 400
    try:
        safety.check_text(sparql, "query", get_config())
        answer = safety.run_cached(sparql, result_type="application/sparql-results+json",
                                   graph_type="application/n-triples", limit=TABLE_LIMIT,
                                   prefixes=PREFIXES, use_default_graph_as_union=True)
    except (ProtocolError, WorkerFailure) as exc:
        return render_template("error.html", title="The query failed", message=scrub(exc.message)), exc.status
    table = result_table(answer, Labeller(store()))
    base = url_for("sparql.saved_query", name=q.name)
    downloads = [{"label": f.label, "href": f"{base}?{urlencode({**values, 'format': f.name, 'download': q.name})}"}
                 for f in DOWNLOADS]
    return render_template("query_table.html", q=q, values=values, sparql=sparql, downloads=downloads, **table)


def _term(binding: dict) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def result_table(answer: safety.Answer, lab: Labeller) -> dict:
    """SELECT, ASK and CONSTRUCT results as header + rows of Terms (at most TABLE_LIMIT rows)."""
    if answer.kind == "ask":
        return {"boolean": json.loads(answer.body)["boolean"], "head": [], "rows": [], "truncated": False}
    if answer.kind == "select":
        data = json.loads(answer.body)
        head = data["head"]["vars"]
        rows = [[lab.term(_term(b[h])) if h in b else None for h in head] for b in data["results"]["bindings"]]
        return {"boolean": None, "head": head, "rows": rows, "truncated": answer.more}
    triples = ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
    rows = [[lab.term(t.subject), lab.term(t.predicate), lab.term(t.object)] for t in triples]
    return {"boolean": None, "head": ["subject", "predicate", "object"], "rows": rows, "truncated": answer.more}


@bp.get("/id/<path:path>")
def entity(path: str):
    """Dereference `id:<path>`: an HTML page, or the node's triples as Turtle / JSON-LD / N-Triples."""
    fmt = negotiate()
    if fmt is None:
        wanted = request.headers.get("Accept", "")
        available = sorted({m for f in formats.PAGE_FORMATS for m in (f.media_type, *f.aliases)})
        resp = error_response(406, f"cannot answer Accept: {wanted}; available: {', '.join(available)}")
        resp.vary.add("Accept")
        return resp
    def make() -> tuple[tuple[bytes, int, str], int | None]:
        made = _entity_response(path, fmt)
        body = made.get_data()
        return (body, made.status_code, made.mimetype), len(body)

    body, status, mimetype = page_cache(current_app).get_or_make((store_generation(), "entity", path, fmt), make)[0]
    resp = Response(body, status, mimetype=mimetype)
    resp.vary.add("Accept")
    resp.headers["Link"] = ", ".join(
        f'<{a["href"]}>; rel="alternate"; type="{a["media"]}"' for a in alternates(path))
    return resp


def _entity_response(path: str, fmt: str) -> Response:
    st = store()
    if fmt != "html":
        node = node_for(path)
        triples = rdf_description(st, node)
        if not triples:
            resp = error_response(404, f"nothing is known about <{node.value}>")
        else:
            page_format = formats.by_name(fmt, formats.PAGE_FORMATS)
            if page_format is formats.JSONLD:
                data = jsonld.dumps(triples)  # compact, with our terms by name (kg.jsonld)
            else:
                data = ox.serialize(triples, format=page_format.rdf, prefixes=PREFIXES)
            resp = Response(data, 200, mimetype=page_format.media_type)
    else:
        ent = describe(st, path)
        if ent is None:
            resp = Response(render_template("error.html", title="Not found",
                                            message=f"Nothing is known about {ID_BASE}{path}.",
                                            iri=ID_BASE + path), 404)
        else:
            resp = Response(render_template("entity.html", e=ent, alternates=alternates(path)), 200)
    return resp


def alternates(path: str) -> list[dict]:
    base = url_for("pages.entity", path=path)
    return [{"href": f"{base}?format={f.name}", "media": f.media_type, "label": f.label}
            for f in formats.PAGE_FORMATS if f is not formats.HTML]


@bp.app_errorhandler(404)
def not_found(exc):
    """A readable 404 page for browsers; plain text for everything else."""
    if not wants_html() and request.accept_mimetypes.provided:
        return error_response(404, f"not found: {request.path}")
    return render_template("error.html", title="Not found",
                           message=f"There is no page at {request.path}."), 404


@bp.app_template_filter("shorten")
def shorten_filter(iri: str) -> str:
    return shorten(iri)
