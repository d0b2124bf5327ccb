"""Security layers: response headers (CSP), a per-client rate limit, a request body limit,
write tokens, origin checks.

The middlewares are plain ASGI (no BaseHTTPMiddleware): they sit on every request of the
load benchmark and must cost microseconds.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request as StarletteRequest

from search_api.errors import error_response

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The page works without JavaScript; its one script (static/page.js: «/» focus, copy link),
#: styles and images are ours: nothing inline, nothing from another host.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)

BASE_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def swagger_csp(html: str) -> str:
    """CSP of Swagger UI (`/docs`): its bundle from self, its one inline script by hash (not
    unsafe-inline), the SVG icons of its stylesheet as data: images, the schema from self."""
    start = html.index("<script>", html.index("</script>")) + len("<script>")
    inline = html[start:html.index("</script>", start)]
    digest = base64.b64encode(hashlib.sha256(inline.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; script-src 'self' 'sha256-{digest}'; style-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


#: CSP of ReDoc (`/redoc`): no inline script, but its styled-components write <style> elements
#: at run time (no nonce can reach them in the standalone bundle), so styles, on this page only,
#: are unsafe-inline; its search runs in a Web Worker made from a blob: URL.
REDOC_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; worker-src blob:; base-uri 'none'; "
    "frame-ancestors 'none'"
)


class SecurityHeaders:
    """Adds the security headers; `csp_overrides` maps exact paths to their own policy."""

    def __init__(self, app: ASGIApp, csp_overrides: dict[str, str] | None = None) -> None:
        self.app = app
        self.overrides = {path: csp.encode() for path, csp in (csp_overrides or {}).items()}
        self.default = PAGE_CSP.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = self.overrides.get(scope["path"], self.default)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [*BASE_HEADERS, (b"content-security-policy", csp)]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RateLimiter:
    """Token bucket per client address: `per_minute` requests, refilled continuously."""

    #: Buckets kept before idle ones are swept; bounds memory under a scan from many addresses.
    MAX_CLIENTS = 10_000

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: MutableMapping[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> tuple[bool, float]:
        """(allowed, seconds until the next token) for one request of `client`."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            if len(self._buckets) >= self.MAX_CLIENTS and client not in self._buckets:
                self._sweep(now)
            self._buckets[client] = (tokens, now)
        return allowed, 0.0 if allowed else (1.0 - tokens) / self.rate

    def _sweep(self, now: float) -> None:
        # A bucket idle for a full minute is full again: forgetting it changes nothing.
        stale = [key for key, (_, last) in self._buckets.items() if now - last >= 60.0]
        for key in stale:
            del self._buckets[key]


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _in_networks(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def forwarded_client(peer: str, forwarded_for: list[str], proxies: tuple[Network, ...]) -> str:
    """The client address behind trusted proxies: walking X-Forwarded-For from the right
    (the hop the nearest proxy saw), each hop counts only while the one after it is a trusted
    proxy. So an untrusted peer's header is ignored, and a forged hop that a client prepends
    is never reached; a malformed hop stops the walk at the proxy that passed it on."""
    current = peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    for hop in reversed(hops):
        if not _in_networks(current, proxies):
            break
        try:
            current = str(ipaddress.ip_address(hop))
        except ValueError:
            break
    return current


def client_key(scope: Scope, token: str | None, proxies: tuple[Network, ...]) -> str:
    """Whose bucket a request draws from: the API token's when it carries the right one (an
    integration does not spend the budget of the office it runs in; a wrong or made-up token
    buys nothing), else the client address, from X-Forwarded-For only behind a trusted proxy."""
    forwarded: list[str] = []
    for name, value in scope.get("headers", ()):
        if name == b"authorization" and token:
            scheme, _, presented = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token_ok(token, presented.strip()):
                return "token"
        elif name == b"x-forwarded-for":
            forwarded.append(value.decode("latin-1"))
    client = scope.get("client")
    peer = str(client[0]) if client else "unknown"
    if proxies and forwarded:
        return forwarded_client(peer, forwarded, proxies)
    return peer


class RateLimit:
    """ASGI middleware answering 429 (with Retry-After) once a client's bucket is empty.

    Buckets are keyed by :func:`client_key`: the API token, else the client address."""

    EXEMPT = ("/healthz", "/static/")

    def __init__(self, app: ASGIApp, per_minute: int, token: str | None = None,
                 trusted_proxies: tuple[str, ...] = ()) -> None:
        self.app = app
        self.limiter = RateLimiter(per_minute)
        self.token = token
        self.proxies = tuple(ipaddress.ip_network(n, strict=False) for n in trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.EXEMPT):
            await self.app(scope, receive, send)
            return
        allowed, wait = self.limiter.allow(client_key(scope, self.token, self.proxies))
        if allowed:
            await self.app(scope, receive, send)
            return
        retry = str(max(1, int(wait + 0.999)))
        response = error_response(
            StarletteRequest(scope), 429, f"rate limit exceeded; retry in {retry} s",
            headers={"Retry-After": retry},
        )
        await response(scope, receive, send)


class BodyTooLarge(StarletteHTTPException):
    """Raised from a route's `receive` once a streamed body passes the limit."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, body_limit_message(max_bytes))


def body_limit_message(max_bytes: int) -> str:
    size = f"{max_bytes // 1024} KB" if max_bytes % 1024 == 0 else f"{max_bytes} bytes"
    return f"request body too large (limit {size})"


def _content_length(scope: Scope) -> int | None:
    """The declared body length; None when absent (chunked) or unparsable (uvicorn refuses
    those itself: then the counting below still holds)."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimit:
    """413 for a request body over `max_bytes` on every route, without reading the rest.

    A declared Content-Length over the limit is answered before the app runs. A body without
    one (chunked) is counted as the app reads it: the chunk that passes the limit raises
    :class:`BodyTooLarge` out of `receive`, which the app's error handler answers (JSON under
    `/api/`, the Russian page elsewhere). Either way the answer carries `Connection: close`,
    so the server drops the connection instead of reading on to the end of the body.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None:
            if declared > self.max_bytes:
                await self._refuse(scope, receive, send)
            else:  # the server holds the body to its declared length
                await self.app(scope, receive, send)
            return
        chunked = any(name == b"transfer-encoding" for name, _ in scope.get("headers", ()))
        received = 0
        exceeded = False
        body_done = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded, body_done
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise BodyTooLarge(self.max_bytes)
                body_done = not message.get("more_body", False)
            return message

        async def closing_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                # An answer given before a chunked body ended (too large, or a route that
                # reads no body or stops early): close, rather than read the rest to the end.
                if exceeded or (chunked and not body_done):
                    message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            await send(message)

        try:
            await self.app(scope, counting_receive, closing_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            StarletteRequest(scope), 413, body_limit_message(self.max_bytes),
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


def token_ok(config_token: str | None, presented: str | None) -> bool:
    """True when no token is configured, or the presented one matches (constant time)."""
    if not config_token:
        return True
    return presented is not None and secrets.compare_digest(
        presented.encode("utf-8"), config_token.encode("utf-8")
    )


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def require_token(request: Request) -> None:
    """FastAPI dependency of every writing API endpoint: `Authorization: Bearer <token>`."""
    if not token_ok(request.app.state.config.api_token, bearer(request)):
        raise HTTPException(401, "missing or wrong API token", {"WWW-Authenticate": "Bearer"})


def check_same_origin(request: Request, allowed: tuple[str, ...]) -> None:
    """Refuse a browser write from another site (CSRF): its Origin must be ours or allowed."""
    origin = request.headers.get("origin")
    if origin is None or origin in allowed:
        return
    host = request.headers.get("host", "")
    if urlsplit(origin).netloc != host:
        raise HTTPException(403, "cross-origin write refused")


def origin_guard(allowed: tuple[str, ...]) -> Callable[[Request], Awaitable[None]]:
    """A dependency applying :func:`check_same_origin` with the configured CORS origins."""

    async def guard(request: Request) -> None:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            check_same_origin(request, allowed)

    return guard
