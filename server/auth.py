"""Who may write: a bearer token, and only when the service was started with one.

Reads never need the token. Without a configured token the service is read-only and
every write is refused with 403; with one, a write without credentials gets 401 (with
a WWW-Authenticate challenge) and a wrong token gets 403.
"""

from __future__ import annotations

import hmac

from flask import Request

from server.config import Config
from server.protocol import ProtocolError

CHALLENGE = 'Bearer realm="kg", charset="UTF-8"'


def require_writer(request: Request, config: Config, action: str) -> None:
    """Raise 401/403 unless `request` carries the configured write token."""
    if config.TOKEN is None:
        raise ProtocolError(403, f"{action} is disabled: this service is read-only "
                                 "(start `kg serve` with --token-file to allow writes)")
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    if not header:
        raise ProtocolError(401, f"{action} needs the header 'Authorization: Bearer <token>'",
                            {"WWW-Authenticate": CHALLENGE})
    if scheme.lower() != "bearer" or not credentials.strip():
        raise ProtocolError(401, f"{action} needs a Bearer token, not the {scheme!r} scheme",
                            {"WWW-Authenticate": CHALLENGE + ', error="invalid_request"'})
    if not hmac.compare_digest(credentials.strip().encode(), config.TOKEN.encode()):
        raise ProtocolError(403, "the token is not valid for this service",
                            {"WWW-Authenticate": CHALLENGE + ', error="invalid_token"'})
