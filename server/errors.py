"""Every error the service answers, in one shape: JSON that names the problem, never a path or a traceback.

    {"error": "the 'query' parameter is empty", "status": 400, "code": "bad_request"}

Browsers asking for HTML pages (the UI) get the readable error page instead; every
API route (/sparql, /data, /queries/..., /graph/...json, /id/... for RDF) answers JSON.
An unexpected exception is logged with its traceback (server side only) and answered
500 with an id to find it in the log. File-system paths are removed from messages,
because a message can quote an OSError or a StoreError.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import tempfile
import uuid
from pathlib import Path

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger("kg.errors")

#: status -> the default `code` of an error with that status
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         406: "not_acceptable", 409: "conflict", 413: "too_large", 414: "uri_too_long", 415: "unsupported_media_type",
         429: "too_many_requests", 431: "headers_too_large", 500: "internal_error", 503: "unavailable"}

_PATH_PREFIXES: list[str] = []


def hide_paths(*paths: str | Path | None) -> None:
    """Register folders whose names must never appear in an answer (the store, temp, the install)."""
    for p in paths:
        if not p:
            continue
        for form in {str(p), str(Path(p).resolve())}:
            form = form.rstrip("/")
            if len(form) > 1 and form not in _PATH_PREFIXES:
                _PATH_PREFIXES.append(form)
    _PATH_PREFIXES.sort(key=len, reverse=True)


hide_paths(tempfile.gettempdir(), sys.prefix, Path(__file__).resolve().parent.parent, os.path.expanduser("~"))


def scrub(message: str) -> str:
    """`message` with every registered folder (and anything under it) replaced by '<path>'."""
    for prefix in _PATH_PREFIXES:
        if prefix in message:
            message = re.sub(re.escape(prefix) + r"[^\s'\")]*", "<path>", message)
    return message


def error_response(status: int, message: str, headers: dict[str, str] | None = None,
                   code: str | None = None) -> Response:
    """The JSON error answer (UTF-8, never cached)."""
    body = {"error": scrub(message.rstrip("\n")), "status": status, "code": code or CODES.get(status, "error")}
    resp = Response(json.dumps(body, ensure_ascii=False) + "\n", status=status,
                    content_type="application/json; charset=utf-8")
    resp.headers.update(headers or {})
    resp.headers["Cache-Control"] = "no-store"
    return resp


def wants_html() -> bool:
    """A browser asking for a page (not an API route) gets the HTML error page."""
    if request.path.startswith(("/sparql", "/data", "/void", "/.well-known", "/ui/")) \
            or request.path.endswith(".json") or request.args.get("format"):
        return False
    accept = request.accept_mimetypes
    return accept.provided and accept.best_match(["application/json", "text/html"]) == "text/html" \
        and accept["text/html"] > accept["application/json"]


def install(app: Flask) -> None:
    """Register the handlers on the app: HTTP errors, refused requests, and anything unexpected."""
    from server.protocol import ProtocolError
    from server.workers import WorkerFailure

    @app.errorhandler(ProtocolError)
    def _refused(exc: ProtocolError) -> Response:
        return error_response(exc.status, exc.message, exc.headers, exc.code)

    @app.errorhandler(WorkerFailure)
    def _worker(exc: WorkerFailure) -> Response:
        return error_response(exc.status, exc.message, exc.headers, exc.code)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        if status == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"the request body is larger than the {limit} bytes this service accepts"
        elif status == 404:
            message = f"not found: {request.path}"
        elif status == 405:
            message = f"{request.method} is not allowed on {request.path}"
        else:
            message = exc.description or exc.name
        if wants_html():
            title = {404: "Not found"}.get(status, exc.name)
            return Response(render_template("error.html", title=title, message=scrub(message)), status)
        resp = error_response(status, message)
        if status == 405 and exc.valid_methods:  # type: ignore[attr-defined]
            resp.headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
        return resp

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        from kg.store import StoreError

        if isinstance(exc, StoreError):
            log.error("store unavailable: %s", exc)
            return error_response(503, "the store is not available (see the server log)", code="store_unavailable")
        if isinstance(exc, OSError):
            log.error("I/O error answering %s %s: %s", request.method, request.path, exc)
            return error_response(500, "the service hit an I/O error (see the server log)", code="io_error")
        ref = uuid.uuid4().hex[:12]
        log.error("error %s answering %s %s", ref, request.method, request.path, exc_info=exc)
        return error_response(500, f"the service failed to answer (error {ref} in the server log)")
