"""The guard every request passes: Host and token checks, same-origin for writes, CSP on replies.

Loopback without a token: only loopback Host headers (no DNS rebinding) and, for writes, no
foreign ``Origin``/``Referer`` (no cross-site requests). With a token: it must come with every
request, as ``Authorization: Bearer …``, the ``detente_token`` cookie, or once as ``?token=…``
(which sets the cookie, so a browser can open the link the server prints).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from detente.web.config import LOOPBACK, WebConfig

COOKIE = "detente_token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _deny(status: int, message: str) -> Response:
    return JSONResponse({"detail": message}, status_code=status)


def _token_given(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.query_params.get("token") or request.cookies.get(COOKIE)


def _same_origin(request: Request) -> bool:
    """False when a browser says the request came from another site."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value:
            return urlsplit(value).netloc == request.headers.get("host", "")
    return True


def guard(config: WebConfig) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """The HTTP middleware for ``config``."""
    hosts = {*LOOPBACK, "testserver", config.host, *config.allowed_hosts}

    async def middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if config.token:
            given = _token_given(request) or ""
            if not hmac.compare_digest(given.encode(), config.token.encode()):
                return _deny(401, "a valid token is required (Authorization: Bearer …, or ?token=… once)")
        else:
            host = urlsplit("//" + request.headers.get("host", "")).hostname or ""
            if host not in hosts:
                return _deny(400, f"unexpected Host header {host!r}")
        if request.method not in SAFE_METHODS and not _same_origin(request):
            return _deny(403, "cross-site request refused")
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if config.token and request.query_params.get("token"):
            response.set_cookie(COOKIE, config.token, httponly=True, samesite="strict")
        return response

    return middleware
