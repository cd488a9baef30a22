"""Limits that keep one request from hurting the service or reaching out to the network.

* Outbound network: SERVICE and LOAD are refused, and FROM / FROM NAMED / USING /
  USING NAMED / dataset parameters must name graphs already in the store, unless
  ALLOW_SERVICE is set. The check runs on SPARQL tokens (`kg.sparql_lexer.tokenize`),
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
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urljoin

from flask import Blueprint, Flask, Response, current_app, g, request

from kg.ns import PREFIXES
from kg.sparql_lexer import Token, decode_escapes, tokenize
from server.config import Config, get_config
from server.protocol import ProtocolError
from server.workers import QueryTask

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


# --------------------------------------------------------------------------- query text

def check_text(text: str, what: str, config: Config) -> None:
    """400 for a query or update too long or too deeply nested, before any parser sees it.

    pyoxigraph's recursive parser overflows its stack (a segfault) at a few thousand
    nested groups; the depth is counted on our tokenizer's tokens, so brackets inside
    strings, IRIs and comments do not count.
    """
    limit = int(config.MAX_QUERY_LENGTH)
    if len(text) > limit:
        raise ProtocolError(400, f"the {what} is {len(text)} characters long; this service accepts at most {limit}",
                            code="query_too_long")
    deepest = int(config.MAX_QUERY_DEPTH)
    depth = 0
    for tok in tokenize(text):
        if tok.kind != "punct":
            continue
        if tok.text in "{([":
            depth += 1
            if depth > deepest:
                raise ProtocolError(400, f"the {what} nests brackets more than {deepest} deep (at character "
                                         f"{tok.start}); this service accepts at most {deepest}",
                                    code="query_too_deep")
        elif tok.text in "})]":
            depth = max(0, depth - 1)


# --------------------------------------------------------------------------- running queries

@dataclass
class Answer:
    """A finished query, serialised by the worker: what the route sends as it is."""

    kind: str  # "select", "ask" or "graph"
    body: bytes
    content_type: str
    rows: int
    more: bool
    seconds: float
    cached: bool | None = None  # from run_cached: whether it came from the cache


class ClientSlots:
    """Queries each client (remote address) has in flight; past the limit a client gets 429."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def enter(self, client: str) -> None:
        with self._lock:
            n = self._counts.get(client, 0)
            if n >= self.limit:
                raise ProtocolError(429, f"this client already has {n} queries running or waiting, the most "
                                         "this service allows; wait for one to finish", {"Retry-After": "2"})
            self._counts[client] = n + 1

    def leave(self, client: str) -> None:
        with self._lock:
            n = self._counts.get(client, 1) - 1
            if n <= 0:
                self._counts.pop(client, None)
            else:
                self._counts[client] = n


def client_slots(app: Flask) -> ClientSlots:
    slots = app.extensions.get("kg_client_slots")
    if slots is None:
        slots = app.extensions.setdefault("kg_client_slots", ClientSlots(int(get_config(app).CLIENT_QUERIES)))
    return slots


def run_query(text: str, *, result_type: str, graph_type: str, offset: int = 0, limit: int | None = None,
              **options) -> Answer:
    """Evaluate in a query worker under the deadline, the memory cap and the client's limit.

    Raises ProtocolError (429, 400, 413) or WorkerFailure (503 timeout/memory/busy,
    500 crash); either becomes a JSON error.
    """
    from server.config import query_pool

    app = current_app._get_current_object()
    config = get_config(app)
    client = request.remote_addr or "unknown"
    slots = client_slots(app)
    slots.enter(client)
    try:
        task = QueryTask(text, options, result_type, graph_type, int(config.MAX_RESULT_ROWS), offset, limit)
        reply = query_pool(app).run(task, timeout=float(config.QUERY_TIMEOUT), wait=float(config.QUEUE_WAIT),
                                    client=client)
    finally:
        slots.leave(client)
    return Answer(reply["kind"], reply["body"], reply["content_type"], reply["rows"], reply["more"],
                  reply["seconds"])


def run_cached(text: str, *, result_type: str, graph_type: str, offset: int = 0, limit: int | None = None,
               **options) -> Answer:
    """`run_query`, its answer kept for the current store generation (saved queries: the same text,
    page and formats give the same bytes until the data changes), so a repeat needs no worker."""
    from dataclasses import replace

    from server.config import store_generation
    from server.page_cache import page_cache

    app = current_app._get_current_object()
    config = get_config(app)
    key = (store_generation(app), "query", text, result_type, graph_type, offset, limit,
           repr(sorted(options.items())))

    def make() -> tuple[Answer, int]:
        answer = run_query(text, result_type=result_type, graph_type=graph_type, offset=offset, limit=limit,
                           **options)
        return answer, len(answer.body)

    answer, hit = page_cache(app).get_or_make(key, make, wait=float(config.QUERY_TIMEOUT) + float(config.QUEUE_WAIT))
    return replace(answer, cached=hit)


# --------------------------------------------------------------------------- request guards

_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def check_url_encoding(raw: bytes, what: str) -> None:
    """400 for a malformed percent-escape or one that does not decode to UTF-8 (like %FF).

    Werkzeug would quietly turn both into U+FFFD or literal text, so a query would run
    with other text than the client sent.
    """
    m = _BAD_ESCAPE.search(raw)
    if m:
        raise ProtocolError(400, f"the {what} has a malformed percent-escape at character {m.start()}: "
                                 f"{raw[m.start():m.start() + 3].decode('latin-1')!r}", code="bad_encoding")
    try:
        parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {what} has percent-escapes that are not UTF-8 ({exc.reason} at byte "
                                 f"{exc.start}); encode the text as UTF-8 before escaping it",
                            code="bad_encoding") from None
    except UnicodeEncodeError:
        raise ProtocolError(400, f"the {what} has bytes that are not ASCII; percent-escape them",
                            code="bad_encoding") from None


def host_name(header: str) -> str:
    """The name of a Host header without its port ('[::1]:8000' -> '::1')."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    if header.count(":") == 1:
        return header.split(":", 1)[0]
    return header


def check_host(config: Config) -> None:
    """400 unless the Host header names this service (a DNS-rebinding page names its own domain)."""
    hosts = config.HOSTS
    if hosts is None:
        return
    header = request.headers.get("Host", "")
    if host_name(header) not in hosts:
        raise ProtocolError(400, f"the Host header {header!r} does not name this service; allowed: "
                                 f"{', '.join(sorted(hosts))} (kg serve --allow-host NAME adds one)",
                            code="host_not_allowed")


# --------------------------------------------------------------------------- HTTP hooks

#: Content-Security-Policy for HTML pages (a page may set its own header to override it).
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def install(bp: Blueprint) -> None:
    """Attach CORS, security headers, the access log and the 413 message to the whole app."""

    bp.record_once(lambda state: _setup_access_log(state.app))

    @bp.before_app_request
    def _guard() -> None:
        g.kg_started = time.perf_counter()
        config = get_config()
        check_host(config)
        check_url_encoding(request.query_string, "URL's query string")
        if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
            check_url_encoding(request.get_data(cache=True), "form body")
        from server.config import served

        served().refresh()

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


def is_asset(path: str) -> bool:
    """Static files (scripts, styles, icons): not worth a line each in the access log."""
    return path.startswith("/static/") or path in ("/favicon.ico", "/favicon.svg")


def _log(resp: Response) -> None:
    """One JSON line per request, at INFO, on the app's own logger; static assets are not logged."""
    logger = current_app.extensions.get("kg_access_log")
    if logger is None or is_asset(request.path):
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
