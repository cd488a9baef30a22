"""What every SPARQL-speaking route shares: content negotiation, result serialisation, errors.

Results are serialised here rather than by pyoxigraph's `serialize()` because the
safety layer collects rows under a deadline and a row limit (see `server.safety`),
so what reaches us is a list of rows, not a live result iterator.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from flask import Request, Response

from kg import spreadsheet
from kg.formats import DATASET_FORMATS, GRAPH_FORMATS, RESULT_FORMATS, Format, NotAcceptable, UnknownFormat  # noqa: F401
from kg.formats import negotiate as formats_negotiate
from kg.ns import PREFIXES
from server.errors import error_response  # noqa: F401 - re-exported for the blueprints

#: Vocabularies of the service description and VoID, abbreviated when they occur.
DESCRIPTION_PREFIXES = {
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
    "formats": "http://www.w3.org/ns/formats/",
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class ProtocolError(Exception):
    """A request the service refuses; becomes a JSON error (server.errors) with `status`."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.code = code


# --------------------------------------------------------------------------- formats
# The formats and the negotiation live in kg.formats; the service only reads the request.


def negotiate(request: Request, formats: Sequence[Format]) -> Format:
    """The format to answer in: `?format=` (or a form field) wins, else Accept, else the first format.

    Raises 406 naming what the service can produce when nothing acceptable is offered.
    """
    wanted = request.args.get("format")
    if not wanted and request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        wanted = request.form.get("format")
    try:
        return formats_negotiate(formats, wanted=wanted, accept=request.headers.get("Accept"))
    except UnknownFormat:
        offered = ", ".join(f.media_type for f in formats)
        raise ProtocolError(406, f"format={wanted!r} is not available here; use one of: "
                                 f"{', '.join(f.names[0] for f in formats)} (or {offered})") from None
    except NotAcceptable as exc:
        raise ProtocolError(406, str(exc)) from None


def content_type(fmt: Format) -> str:
    """The Content-Type header value (text formats always say UTF-8)."""
    if fmt.media_type.startswith("text/") or fmt.media_type.endswith(("+json", "+xml")) \
            or fmt.media_type in ("application/n-triples", "application/trig", "application/n-quads"):
        return f"{fmt.media_type}; charset=utf-8"
    return fmt.media_type


# --------------------------------------------------------------------------- results

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def term_json(term: Term) -> dict:
    """A term in SPARQL 1.1 Query Results JSON form (with the RDF-star "triple" extension)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": term_json(term.subject),
                                        "predicate": term_json(term.predicate),
                                        "object": term_json(term.object)}}


def term_xml(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (f"<triple><subject>{term_xml(term.subject)}</subject><predicate>{term_xml(term.predicate)}"
            f"</predicate><object>{term_xml(term.object)}</object></triple>")


def term_csv(term: Term | None) -> str:
    """CSV drops datatypes and languages (the CSV results format is lossy by design)."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def term_tsv(term: Term | None) -> str:
    """TSV keeps terms in Turtle/N-Triples syntax; tabs and newlines are escaped."""
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


Row = Sequence[Term | None]


def serialize_select(fmt: Format, variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    """SELECT results in one of RESULT_FORMATS."""
    kind = fmt.names[0]
    if kind == "json":
        bindings = [{v: term_json(t) for v, t in zip(variables, row, strict=True) if t is not None}
                    for row in rows]
        return json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode()
    if kind == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{term_xml(t)}</binding>"
                    for v, t in zip(variables, row, strict=True) if t is not None]
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode()
    if kind == "xlsx":
        return spreadsheet.results_workbook(variables, rows)
    if kind == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for row in rows:
            w.writerow([term_csv(t) for t in row])
        return buf.getvalue().encode()
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(term_tsv(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def serialize_ask(fmt: Format, value: bool) -> bytes:
    """ASK results; CSV/TSV use the `_askResult` column that Jena and others emit."""
    kind = fmt.names[0]
    if kind == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if kind == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
                f"<head/>\n<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode()
    if kind == "xlsx":
        return spreadsheet.workbook(["_askResult"], [[value]])
    sep = "\r\n" if kind == "csv" else "\n"
    head = "_askResult" if kind == "csv" else "?_askResult"
    return f"{head}{sep}{'true' if value else 'false'}{sep}".encode()


def serialize_rdf(fmt: Format, statements: Iterable[ox.Triple | ox.Quad]) -> bytes:
    """Triples or quads in one of GRAPH_FORMATS, with our prefixes where the format has them."""
    assert fmt.rdf is not None
    statements = list(statements)
    kwargs = {}
    if fmt.takes_prefixes:
        kwargs["prefixes"] = used_prefixes(statements)
    if fmt.rdf.supports_datasets:
        statements = [s if isinstance(s, ox.Quad) else ox.Quad(s.subject, s.predicate, s.object)
                      for s in statements]
    elif statements and isinstance(statements[0], ox.Quad):
        statements = [q.triple for q in statements]
    return ox.serialize(statements, format=fmt.rdf, **kwargs)


def used_prefixes(statements: list[ox.Triple | ox.Quad]) -> dict[str, str]:
    """Only the prefixes whose namespace occurs, so small answers stay small."""
    iris: set[str] = set()
    for s in statements:
        for term in (s.subject, s.predicate, s.object) + ((s.graph_name,) if isinstance(s, ox.Quad) else ()):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    known = {**PREFIXES, **DESCRIPTION_PREFIXES}
    return {p: ns for p, ns in known.items() if any(i.startswith(ns) for i in iris)}


def rdf_response(fmt: Format, statements: Iterable[ox.Triple | ox.Quad], status: int = 200) -> Response:
    return Response(serialize_rdf(fmt, statements), status=status, content_type=content_type(fmt),
                    headers={"Vary": "Accept"})


# --------------------------------------------------------------------------- request helpers

def media_type(request: Request) -> tuple[str, dict[str, str]]:
    """The request's Content-Type without parameters (lower case), and its parameters."""
    return request.mimetype, dict(request.mimetype_params)


def decode_body(request: Request, what: str) -> str:
    """A direct-POST body as text; only UTF-8 is accepted, as the SPARQL protocol requires."""
    _, params = media_type(request)
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(400, f"the {what} must be sent as UTF-8, not charset={charset}")
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {what} is not valid UTF-8 ({exc})") from exc


def iri_param(value: str, name: str) -> ox.NamedNode:
    """A protocol parameter that must be an absolute IRI (graph names, dataset IRIs)."""
    value = value.strip()
    if ":" not in value:
        raise ProtocolError(400, f"{name}={value!r} is not an absolute IRI")
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise ProtocolError(400, f"{name}={value!r} is not a valid IRI: {exc}") from exc
