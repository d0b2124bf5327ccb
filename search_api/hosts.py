"""Which Host header may name this server in a link.

The Host header is whatever the client sent: echoed into a feed, an e-mail or a redirect it
lets anyone who can get a response cached or forwarded (a proxy cache, a feed-to-mail service)
point readers at their own site. So absolute links use `MUNEWS_PUBLIC_URL` when set; otherwise
the request's Host only when it is one of `MUNEWS_TRUSTED_HOSTS`; any other Host gets links
relative to the server (a feed reader resolves them against the URL it fetched), never an
absolute link to that Host.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: A Host header value: a name, an IPv4 address or a bracketed IPv6 address, and a port.
#: Anything else (userinfo, paths, fragments, spaces) is untrusted whatever it contains.
_HOST = re.compile(
    r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?))(?::(?P<port>[0-9]{1,5}))?"
)


def split_host(value: str) -> tuple[str, str | None] | None:
    """(host name lower-cased without brackets, port or None); None when malformed."""
    match = _HOST.fullmatch(value.strip().lower())
    if match is None:
        return None
    return match.group("v6") or match.group("name"), match.group("port")


class HostPolicy:
    """The trusted host names (``*.example.org`` for subdomains) and the public URL."""

    def __init__(self, trusted: tuple[str, ...], public_url: str = "") -> None:
        self.public_url = public_url.strip().rstrip("/")
        names = {h.lower().strip("[]") for h in trusted if h}
        public_host = urlsplit(self.public_url).hostname if self.public_url else None
        if public_host:
            names.add(public_host)
        self.exact = frozenset(n for n in names if not n.startswith("*."))
        self.suffixes = tuple(n[1:] for n in names if n.startswith("*."))

    def authority(self, host_header: str) -> str | None:
        """The normalised ``host[:port]`` of a trusted Host header; None for any other."""
        parts = split_host(host_header)
        if parts is None:
            return None
        name, port = parts
        with_port = f"{name}:{port}" if port else name
        trusted = (name in self.exact or with_port in self.exact
                   or any(name.endswith(suffix) for suffix in self.suffixes))
        if not trusted:
            return None
        shown = f"[{name}]" if ":" in name else name
        return f"{shown}:{port}" if port else shown

    def base_url(self, scope: Scope) -> str:
        """Absolute base of links, without a trailing slash; "" for links relative to the root."""
        if self.public_url:
            return self.public_url
        host = _header(scope, b"host")
        if host is None:  # HTTP/1.0 without Host: the address the server listens on
            server = scope.get("server")
            if not server:
                return ""
            name, port = server
            host = f"[{name}]:{port}" if ":" in str(name) else f"{name}:{port}"
        authority = self.authority(host)
        if authority is None:
            return ""
        root = scope.get("root_path", "").rstrip("/")
        return f"{scope.get('scheme', 'http')}://{authority}{root}"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class HostGuard:
    """Makes an absolute `Location` to an untrusted Host relative (Starlette's trailing-slash
    redirect builds one from the request's Host). Costs nothing on responses without one."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                if any(name == b"location" for name, _ in headers):
                    host = (_header(scope, b"host") or "").lower()
                    message["headers"] = [
                        (name, self._location(value, host) if name == b"location" else value)
                        for name, value in headers
                    ]
            await send(message)

        await self.app(scope, receive, guarded_send)

    def _location(self, value: bytes, host: str) -> bytes:
        """`value` unless it is an absolute URL on the request's own, untrusted Host."""
        target = urlsplit(value.decode("latin-1"))
        if not target.netloc or target.netloc.lower() != host:
            return value
        if self.policy.authority(host) is not None:
            return value
        # An echo of a Host that is not ours to name: keep the path (and query) only.
        relative = (target.path or "/") + (f"?{target.query}" if target.query else "")
        return relative.encode("latin-1")
