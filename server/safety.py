"""Limits that keep one request from hurting the service or reaching out to the network.

* Outbound network: SERVICE and LOAD are refused, and FROM / FROM NAMED / USING /
  USING NAMED / dataset parameters must name graphs already in the store, unless
  ALLOW_SERVICE is set. The check runs on SPARQL tokens (`kg.saved_queries.tokenize`),
  before evaluation, so a keyword inside a comment, string or IRI neither hides nor
  fakes one; the text is also checked with \\u escapes decoded, as SPARQL allows them.
* Time: each query runs in its own thread. Results are collected row by row and the
  collection stops at the deadline (pyoxigraph results are lazy, so dropping the
  iterator ends the evaluation). The request is answered 503 at the deadline in every
  case. What cannot be interrupted is a single evaluation step that yields no row
  (ORDER BY, GROUP BY/aggregates, ASK, or a join whose FILTER rejects everything):
  that thread runs to its end in the background while holding one of the app's query
  slots (2 x WORKERS); when every slot is held, new queries get 503 at once.
  SPARQL Updates are transactional and run to completion (they need the write token).
* Size: more than MAX_RESULT_ROWS rows or triples is answered 413 (add LIMIT); request
  bodies above MAX_CONTENT_LENGTH are answered 413 by Flask.
* HTTP: CORS for configured origins, security headers on HTML, one JSON access-log line
  per request.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, g, request

from kg.ns import PREFIXES
from kg.saved_queries import Token, decode_escapes, tokenize
from server.config import Config, get_config
from server.protocol import ProtocolError, error_response

# --------------------------------------------------------------------------- static checks


@dataclass
class Analysis:
    """What the tokens of a query or update say about the request."""

    form: str | None = None  # SELECT, CONSTRUCT, ASK, DESCRIBE (None for updates)
    service: bool = False
    load: bool = False
    dataset: list[tuple[str, str]] = field(default_factory=list)  # (keyword, IRI) for FROM/USING
    has_using_or_with: bool = False


def analyse(text: str, base_iri: str | None = None) -> Analysis:
    """Scan the raw text and the \\u-decoded text; a hit in either counts."""
    a = _analyse_tokens(list(tokenize(text)), base_iri)
    decoded = decode_escapes(text)
    if decoded != text:
        b = _analyse_tokens(list(tokenize(decoded)), base_iri)
        a.service |= b.service
        a.load |= b.load
        a.has_using_or_with |= b.has_using_or_with
        a.dataset += [d for d in b.dataset if d not in a.dataset]
    return a


def _analyse_tokens(tokens: list[Token], base_iri: str | None) -> Analysis:
    out = Analysis()
    prefixes = dict(PREFIXES)
    base = base_iri
    i = 0
    while i < len(tokens):
        t = tokens[i]
        word = t.text.upper() if t.kind == "word" else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if word == "PREFIX" and nxt is not None and nxt.kind == "pname" and i + 2 < len(tokens):
            iri = tokens[i + 2]
            if iri.kind == "iri":
                prefixes[nxt.text[:-1]] = _resolve(iri.text[1:-1], base)
            i += 3
            continue
        if word == "BASE" and nxt is not None and nxt.kind == "iri":
            base = _resolve(nxt.text[1:-1], base)
            i += 2
            continue
        if word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE") and out.form is None:
            out.form = word
        elif word == "SERVICE":
            out.service = True
        elif word == "LOAD":
            out.load = True
        elif word in ("FROM", "USING"):
            if word == "USING":
                out.has_using_or_with = True
            keyword = word
            j = i + 1
            if j < len(tokens) and tokens[j].kind == "word" and tokens[j].text.upper() == "NAMED":
                keyword += " NAMED"
                j += 1
            if j < len(tokens):
                iri = _term_iri(tokens[j], prefixes, base)
                if iri is not None:
                    out.dataset.append((keyword, iri))
        elif word == "WITH":
            out.has_using_or_with = True
        i += 1
    return out


def _resolve(iri: str, base: str | None) -> str:
    iri = decode_escapes(iri)
    return urljoin(base, iri) if base and ":" not in iri.split("/", 1)[0] else iri


def _term_iri(tok: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    if tok.kind == "iri":
        return _resolve(tok.text[1:-1], base)
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local.replace("\\", "")
    return None


def refuse_outbound(analysis: Analysis, config: Config, has_graph: Callable[[str], bool],
                    protocol_graphs: Iterable[tuple[str, str]] = ()) -> None:
    """400 for SERVICE, LOAD, and dataset IRIs that are not graphs of the store (unless allowed)."""
    if config.ALLOW_SERVICE:
        return
    if analysis.service:
        raise ProtocolError(400, "SERVICE is not allowed: this endpoint does not query other endpoints")
    if analysis.load:
        raise ProtocolError(400, "LOAD is not allowed: this endpoint does not fetch documents from the web")
    for keyword, iri in [*analysis.dataset, *protocol_graphs]:
        if not has_graph(iri):
            raise ProtocolError(
                400, f"{keyword} <{iri}>: no such graph in this store (remote graphs are not fetched); "
                     "GET /void lists the named graphs")


# --------------------------------------------------------------------------- running queries

@dataclass
class QueryResult:
    """A finished query: `kind` is "select", "ask" or "graph"."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool = False
    seconds: float = 0.0


class _Job:
    def __init__(self) -> None:
        self.cancel = threading.Event()
        self.result: QueryResult | None = None
        self.error: BaseException | None = None


def query_slots(app: Flask) -> threading.BoundedSemaphore:
    """The app's cap on queries evaluating at once (abandoned ones included)."""
    slots = app.extensions.get("kg_query_slots")
    if slots is None:
        slots = app.extensions.setdefault(
            "kg_query_slots", threading.BoundedSemaphore(get_config(app).MAX_CONCURRENT_QUERIES))
    return slots


def run_query(store: ox.Store, text: str, *, timeout: float, max_rows: int,
              slots: threading.BoundedSemaphore | None = None, **kwargs) -> QueryResult:
    """Evaluate under a deadline and a row cap; raises ProtocolError 400/413/503/500."""
    if slots is not None and not slots.acquire(timeout=min(1.0, timeout)):
        raise ProtocolError(503, "too many queries are running; try again shortly",
                            {"Retry-After": "5"})
    job = _Job()
    started = time.perf_counter()

    def work() -> None:
        try:
            job.result = _collect(store.query(text, **kwargs), job.cancel, max_rows)
        except BaseException as exc:  # noqa: BLE001 - handed to the request thread
            # Without its traceback: the frames hold pyoxigraph iterators, which must be
            # dropped on the thread that made them.
            job.error = exc.with_traceback(None)
        finally:
            if slots is not None:
                slots.release()

    thread = threading.Thread(target=work, name="kg-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        job.cancel.set()
        raise ProtocolError(503, f"the query ran longer than the {timeout:g} s limit and was stopped; "
                                 "narrow it down or add LIMIT", {"Retry-After": "5"})
    if job.error is not None:
        raise _query_error(job.error)
    assert job.result is not None
    job.result.seconds = time.perf_counter() - started
    return job.result


class _TooManyRows(Exception):
    pass


def _collect(result, cancel: threading.Event, max_rows: int) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        n = len(variables)
        rows: list[tuple] = []
        for solution in result:
            if cancel.is_set():
                break
            if len(rows) >= max_rows:
                raise _TooManyRows(max_rows)
            rows.append(tuple(solution[i] for i in range(n)))
        return QueryResult("select", variables=variables, rows=rows)
    triples: list[ox.Triple] = []
    for triple in result:
        if cancel.is_set():
            break
        if len(triples) >= max_rows:
            raise _TooManyRows(max_rows)
        triples.append(triple)
    return QueryResult("graph", triples=triples)


def _query_error(exc: BaseException) -> ProtocolError:
    if isinstance(exc, ProtocolError):
        return exc
    if isinstance(exc, _TooManyRows):
        return ProtocolError(413, f"the query returns more than {exc.args[0]} rows, the limit of this "
                                  "service; add LIMIT (and OFFSET to page through the results)")
    if isinstance(exc, SyntaxError):
        return ProtocolError(400, f"malformed SPARQL: {exc}")
    if isinstance(exc, OSError):
        return ProtocolError(500, f"the store could not answer: {exc}")
    return ProtocolError(400, f"the query could not be evaluated: {exc}")


# --------------------------------------------------------------------------- HTTP hooks

#: Content-Security-Policy for HTML pages (a page may set its own header to override it).
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def install(bp: Blueprint) -> None:
    """Attach CORS, security headers, the access log and the 413 message to the whole app."""

    bp.record_once(lambda state: _setup_access_log(state.app))

    @bp.before_app_request
    def _start_clock() -> None:
        g.kg_started = time.perf_counter()

    @bp.after_app_request
    def _headers(resp: Response) -> Response:
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        if resp.mimetype == "text/html":
            resp.headers.setdefault("Content-Security-Policy", CSP)
            resp.headers.setdefault("X-Frame-Options", "DENY")
            resp.headers.setdefault("Referrer-Policy", "same-origin")
        _cors(resp)
        _log(resp)
        return resp

    @bp.app_errorhandler(413)
    def _too_large(_exc) -> Response:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        return error_response(413, f"the request body is larger than the {limit} bytes this service accepts")


def _cors(resp: Response) -> None:
    origins = get_config().CORS_ORIGINS
    origin = request.headers.get("Origin")
    if not origins or not origin:
        return
    if "*" in origins:
        resp.headers["Access-Control-Allow-Origin"] = "*"
    elif origin in origins:
        resp.headers["Access-Control-Allow-Origin"] = origin
        resp.vary.add("Origin")
    else:
        return
    resp.headers["Access-Control-Expose-Headers"] = "Content-Type, Location, Retry-After"
    if request.method == "OPTIONS":
        resp.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
        resp.headers["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type"
        resp.headers["Access-Control-Max-Age"] = "600"


def _setup_access_log(app: Flask) -> None:
    target = get_config(app).ACCESS_LOG
    if not target:
        return
    logger = logging.getLogger(f"kg.access.{id(app)}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = (logging.StreamHandler(sys.stderr) if target == "-"
               else logging.FileHandler(target, "a", "utf-8"))
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    app.extensions["kg_access_log"] = logger


def _log(resp: Response) -> None:
    logger = current_app.extensions.get("kg_access_log")
    if logger is None:
        return
    started = g.get("kg_started")
    size = resp.calculate_content_length()
    logger.info(json.dumps({
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "remote": request.remote_addr,
        "method": request.method,
        "path": request.path,
        "status": resp.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2) if started else None,
        "bytes": size if size is not None else resp.content_length,
    }))
