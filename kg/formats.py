"""Every file and media format kg reads or writes, and the one content negotiation.

One row per format: its name (what `--format` and `?format=` take, with short aliases),
media type (and the other types an Accept header may name it by), file extensions, and
the pyoxigraph and rdflib names the readers and writers need. The CLI, the store, the
exports, the actor network and the service all look formats up here, so a format added
here is known everywhere, and an unknown suffix or name is refused the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Format:
    """One serialisation. `names[0]` is its canonical name."""

    names: tuple[str, ...]
    media_type: str
    extensions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other media types that mean this format in an Accept header
    rdf: ox.RdfFormat | None = None  # pyoxigraph's RDF format
    results: ox.QueryResultsFormat | None = None  # pyoxigraph's SPARQL results format
    rdflib: str | None = None  # rdflib's serializer name
    datasets: bool = False  # keeps named graphs
    label: str = ""  # what a person calls it
    w3c: str = ""  # its name under http://www.w3.org/ns/formats/ (service descriptions)


    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def takes_prefixes(self) -> bool:
        """Whether the serialisation can abbreviate IRIs with our prefixes."""
        return self.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)

    @property
    def extension(self) -> str:
        return self.extensions[0] if self.extensions else ""


class FormatError(ValueError):
    """A format name, suffix or Accept header that no format here answers; the message lists what does."""


class UnknownFormat(FormatError):
    """A `--format`/`?format=` name or a file suffix that is not one of the formats asked for."""


class NotAcceptable(FormatError):
    """An Accept header none of the offered formats satisfies (HTTP 406)."""


# --------------------------------------------------------------------------- RDF graphs and datasets

TURTLE = Format(("turtle", "ttl"), "text/turtle", (".ttl",), ("application/x-turtle",),
                rdf=ox.RdfFormat.TURTLE, rdflib="turtle", label="Turtle", w3c="Turtle")
NTRIPLES = Format(("ntriples", "nt", "n-triples"), "application/n-triples", (".nt",), ("text/plain",),
                  rdf=ox.RdfFormat.N_TRIPLES, rdflib="nt", label="N-Triples", w3c="N-Triples")
JSONLD = Format(("jsonld", "json-ld", "json"), "application/ld+json", (".jsonld", ".json"), ("application/json",),
                rdf=ox.RdfFormat.JSON_LD, rdflib="json-ld", datasets=True, label="JSON-LD", w3c="JSON-LD")
RDFXML = Format(("rdfxml", "rdf", "xml"), "application/rdf+xml", (".rdf", ".owl", ".xml"),
                ("application/xml", "text/xml"), rdf=ox.RdfFormat.RDF_XML, rdflib="xml", label="RDF/XML",
                w3c="RDF_XML")
TRIG = Format(("trig",), "application/trig", (".trig",), rdf=ox.RdfFormat.TRIG, rdflib="trig", datasets=True,
              label="TriG", w3c="TriG")
NQUADS = Format(("nquads", "nq", "n-quads"), "application/n-quads", (".nq",), rdf=ox.RdfFormat.N_QUADS,
                rdflib="nquads", datasets=True, label="N-Quads", w3c="N-Quads")

#: RDF graphs (CONSTRUCT and DESCRIBE answers, Graph Store reads, exports); the first is the default.
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML, TRIG, NQUADS)
#: Whole datasets: only these can say which named graph a triple is in; the first is the default.
DATASET_FORMATS: tuple[Format, ...] = (TRIG, NQUADS, JSONLD)
#: What a graph may be uploaded as (TriG and N-Quads would name other graphs).
UPLOAD_FORMATS: tuple[Format, ...] = tuple(f for f in GRAPH_FORMATS if not f.datasets or f is JSONLD)

# --------------------------------------------------------------------------- SPARQL results

RESULTS_JSON = Format(("json", "srj"), "application/sparql-results+json", (".srj", ".json"), ("application/json",),
                      results=ox.QueryResultsFormat.JSON, label="SPARQL JSON", w3c="SPARQL_Results_JSON")
RESULTS_XML = Format(("xml", "srx"), "application/sparql-results+xml", (".srx", ".xml"),
                     ("application/xml", "text/xml"), results=ox.QueryResultsFormat.XML, label="SPARQL XML",
                     w3c="SPARQL_Results_XML")
CSV = Format(("csv",), "text/csv", (".csv",), results=ox.QueryResultsFormat.CSV, label="CSV",
             w3c="SPARQL_Results_CSV")
TSV = Format(("tsv",), "text/tab-separated-values", (".tsv",), results=ox.QueryResultsFormat.TSV, label="TSV",
             w3c="SPARQL_Results_TSV")

#: A spreadsheet (`kg.spreadsheet`): no W3C results format, for people who take results into Excel.
XLSX = Format(("xlsx", "excel"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              (".xlsx",), label="XLSX")

#: SELECT and ASK answers; the first is the default.
RESULT_FORMATS: tuple[Format, ...] = (RESULTS_JSON, RESULTS_XML, CSV, TSV, XLSX)

# --------------------------------------------------------------------------- pages and the actor network

HTML = Format(("html",), "text/html", (".html", ".htm"), ("application/xhtml+xml",), label="HTML")
#: What an entity page (/id/...) answers in: HTML for browsers, the node's triples otherwise.
PAGE_FORMATS: tuple[Format, ...] = (HTML, TURTLE, JSONLD, NTRIPLES)
#: The downloads of every table of the web UI (lists, search, timeline, map): `/persons.json` and so on.
TABLE_JSON = Format(("json",), "application/json", (".json",), label="JSON")
TABLE_FORMATS: tuple[Format, ...] = (TABLE_JSON, CSV, XLSX)

#: The actor network (`kg graph`): Gephi's two, Cytoscape.js JSON, an edge list, pictures, a page.
NETWORK_FORMATS: tuple[Format, ...] = (
    Format(("graphml",), "application/graphml+xml", (".graphml",)),
    Format(("gexf",), "application/gexf+xml", (".gexf",)),
    Format(("json",), "application/json", (".json",)),
    Format(("csv",), "text/csv", (".csv",)),
    Format(("png",), "image/png", (".png",)),
    Format(("svg",), "image/svg+xml", (".svg",)),
    HTML,
)


# --------------------------------------------------------------------------- look-ups

def names(formats: Sequence[Format]) -> list[str]:
    """The canonical names, in order (for --help and error messages)."""
    return [f.name for f in formats]


def by_name(name: str, formats: Sequence[Format]) -> Format:
    """The format `name` (a canonical name, an alias or a media type) among `formats`."""
    wanted = name.strip().lower()
    for f in formats:
        if wanted in f.names or wanted == f.media_type:
            return f
    for f in formats:
        if wanted in f.aliases:
            return f
    raise UnknownFormat(f"{name!r} is not a format here; use one of: {', '.join(names(formats))}")


def by_extension(path: str | Path, formats: Sequence[Format]) -> Format:
    """The format a file's suffix names; an unknown or missing suffix is an error naming the file."""
    p = Path(path)
    suffix = p.suffix.lower()
    for f in formats:
        if suffix in f.extensions:
            return f
    known = ", ".join(e for f in formats for e in f.extensions)
    what = f"suffix {p.suffix!r}" if p.suffix else "no suffix"
    raise UnknownFormat(f"{p}: {what} names no format here; use one of {known}")


def negotiate(formats: Sequence[Format], *, wanted: str | None = None, accept: str | None = None) -> Format:
    """The format to answer in: `wanted` (?format=, --format) wins, else the Accept header, else the first.

    Raises UnknownFormat for a `wanted` that is none of `formats`, NotAcceptable when the
    Accept header names nothing offered.
    """
    if wanted:
        return by_name(wanted, formats)
    if not accept or not accept.strip():
        return formats[0]
    parsed = parse_accept_header(accept, MIMEAccept)
    if not parsed:  # nothing readable in the header: as if there were none
        return formats[0]
    offers = [f.media_type for f in formats] + [a for f in formats for a in f.aliases]
    best = parsed.best_match(offers)
    if best is None:
        raise NotAcceptable(f"none of the requested media types ({accept}) can be produced here; "
                            f"available: {', '.join(f.media_type for f in formats)}")
    for f in formats:
        if best == f.media_type:
            return f
    return next(f for f in formats if best in f.aliases)
