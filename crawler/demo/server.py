"""Serve directories of fixture sites on 127.0.0.1, one port per site, with fault injection.

Used by the crawl tests and by `munews demo`::

    from crawler.demo.server import serve_sites

    with serve_sites(Path("tests/sites")) as server:
        server.url("wordpress")          # "http://127.0.0.1:41234/"
        server.url("wordpress", "/news/") # "http://127.0.0.1:41234/news/"
        server.hits("wordpress")         # ["/robots.txt", "/news/", ...] paths requested so far
        server.statuses("wordpress")     # [("/robots.txt", 200), ("/news/", 304), ...]

Every sub-directory of ``root`` is a site; each gets its own port, so each has its own
``robots.txt`` as on the real web. A request maps to a file: ``/news/`` -> ``news/index.html``;
with a query string, ``news/index.html@PAGEN_1=2`` is tried first, then the file without the
query (real servers ignore parameters they do not know, which is how Bitrix serves page 1
for ``?PAGEN_1=99``). Files are read at each request, so a test can edit a site between two
crawls. Responses carry ``Last-Modified`` (file mtime) and ``ETag`` (content hash) and answer
conditional requests with 304. The text ``{{ORIGIN}}`` in a file is replaced by the site's
``http://127.0.0.1:PORT``, so fixtures can hold absolute links.

An optional ``_site.json`` in a site directory sets ``header_charset`` (the charset named in
the ``Content-Type`` header of HTML pages; ``null`` names none), ``server_date`` (an ISO
datetime with offset, e.g. ``"2026-03-10T17:30:00+00:00"``: every response then carries this
fixed ``Date:`` header instead of the real clock, so pages that print «Сегодня, 00:10» have a
known "today"; ``Last-Modified`` still follows the file's mtime) and ``faults``: path (with
query, if any) -> spec, merged with the ``faults`` argument (``{site: {path: spec}}``).
Fault spec keys:

``status``        always answer this status (e.g. 404, 500)
``fail_first``    answer ``fail_status`` (default 503) to the first N requests, then normally
``retry_after``   with ``fail_first``: the failing answers carry ``Retry-After`` with this value
                  as given (seconds such as ``"2"``, or an HTTP-date)
``delay``         sleep this many seconds before answering
``pad_bytes``     append this many bytes of padding (an oversized page)
``redirect``      answer 301 with this ``Location``
``content_type``  send this ``Content-Type`` instead of the guessed one
``charset``       name this charset in the header (a wrong one, to test decoding)

Content types follow the file's suffix (before any ``@query``): ``.html`` text/html, ``.xml``
application/xml, ``.json`` application/json, ...; files without a suffix are text/html.
"""

from __future__ import annotations

import hashlib
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

__all__ = ["SiteServer", "closed_port_url", "serve_sites"]

_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".php": "text/html", ".xml": "application/xml",
    ".rss": "application/rss+xml", ".atom": "application/atom+xml", ".txt": "text/plain",
    ".pdf": "application/pdf", ".doc": "application/msword", ".jpg": "image/jpeg",
    ".png": "image/png", ".css": "text/css", ".js": "application/javascript",
    ".json": "application/json",
}


class _Site:
    def __init__(self, name: str, directory: Path, faults: dict[str, dict[str, Any]]) -> None:
        self.name = name
        self.directory = directory
        settings_file = directory / "_site.json"
        settings = json.loads(settings_file.read_text("utf-8")) if settings_file.exists() else {}
        self.header_charset: str | None = settings.get("header_charset", "utf-8")
        # A fixed clock for the Date header (a POSIX timestamp), or None for the real one.
        server_date = settings.get("server_date")
        self.server_time: float | None = (
            datetime.fromisoformat(server_date).timestamp() if server_date else None)
        self.faults: dict[str, dict[str, Any]] = {**settings.get("faults", {}), **faults}
        self.hits: list[str] = []
        self.times: list[tuple[float, str]] = []  # (time.monotonic(), target) per request
        self.statuses: list[tuple[str, int]] = []
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()

    def record(self, target: str) -> int:
        with self.lock:
            self.hits.append(target)
            self.times.append((time.monotonic(), target))
            self.counts[target] = self.counts.get(target, 0) + 1
            return self.counts[target]

    def query_files(self, relative: str, ordered: str) -> list[str]:
        """Queries of files ``relative@query`` whose parameters, sorted, equal `ordered`."""
        if not ordered:
            return []
        parent = (self.directory / relative).parent.resolve()
        name = Path(relative).name + "@"
        if not parent.is_dir() or not parent.is_relative_to(self.directory.resolve()):
            return []
        return [p.name[len(name):] for p in parent.iterdir()
                if p.name.startswith(name) and "&".join(sorted(p.name[len(name):].split("&"))) == ordered]

    def resolve(self, target: str) -> Path | None:
        parts = urlsplit(target)
        relative = parts.path.lstrip("/")
        if not relative or relative.endswith("/"):
            relative += "index.html"
        # Real servers ignore the order of parameters: ``?ajax=Y&PAGEN_1=2`` is the file
        # ``index.html@ajax=Y&PAGEN_1=2`` whichever order the client sends them in.
        ordered = "&".join(sorted(parts.query.split("&")))
        candidates = [f"{relative}@{parts.query}", f"{relative}@{ordered}",
                      *(f"{relative}@{q}" for q in self.query_files(relative, ordered))] if parts.query else []
        candidates.append(relative)
        for candidate in candidates:
            path = (self.directory / candidate).resolve()
            # Never serve outside the site directory, whatever the request path says.
            if self.directory.resolve() in path.parents and path.is_file():
                return path
        return None


class _Handler(BaseHTTPRequestHandler):
    site: _Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.site.name, format % args)

    def date_time_string(self, timestamp: float | None = None) -> str:
        # send_response() stamps every answer with Date: date_time_string(); a site with
        # ``server_date`` lives at that fixed moment.
        if timestamp is None and self.site.server_time is not None:
            timestamp = self.site.server_time
        return super().date_time_string(timestamp)

    def do_HEAD(self) -> None:
        self.do_GET(send_body=False)

    def do_GET(self, send_body: bool = True) -> None:
        count = self.site.record(self.path)
        fault = self.site.faults.get(self.path, {})
        time.sleep(float(fault.get("delay", 0)))
        if "redirect" in fault:
            self._send(301, b"", "text/html", {"Location": fault["redirect"]}, send_body)
        elif "status" in fault:
            self._send(int(fault["status"]), b"<h1>Error</h1>", "text/html", {}, send_body)
        elif count <= int(fault.get("fail_first", 0)):
            status = int(fault.get("fail_status", 503))
            retry = {"Retry-After": str(fault["retry_after"])} if "retry_after" in fault else {}
            message = b"<h1>Too many requests</h1>" if status == 429 else b"<h1>Service unavailable</h1>"
            self._send(status, message, "text/html", retry, send_body)
        else:
            self._serve_file(fault, send_body)

    def _serve_file(self, fault: dict[str, Any], send_body: bool) -> None:
        path = self.site.resolve(self.path)
        if path is None:
            self._send(404, "<h1>Страница не найдена</h1>".encode(), "text/html", {}, send_body)
            return
        # "{{ORIGIN}}" in a fixture stands for this site's scheme://host:port, so fixtures can
        # hold absolute links (rel=canonical, menus) although the port is chosen at start-up.
        address: Any = self.server.server_address
        origin = f"http://{address[0]}:{address[1]}"
        body = path.read_bytes().replace(b"{{ORIGIN}}", origin.encode("ascii"))
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        mtime = path.stat().st_mtime
        headers = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True)}
        if self._not_modified(etag, mtime):
            self._send(304, b"", None, headers, send_body=False)
            return
        body += b"<!--" + b"x" * int(fault.get("pad_bytes", 0)) + b"-->" if fault.get("pad_bytes") else b""
        suffix = path.name.split("@", 1)[0]
        content_type = fault.get("content_type") or _TYPES.get(Path(suffix).suffix, "text/html")
        self._send(200, body, self._with_charset(content_type, fault), headers, send_body)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if self.headers.get("If-None-Match"):
            return self.headers["If-None-Match"] == etag
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _with_charset(self, content_type: str, fault: dict[str, Any]) -> str:
        charset = fault.get("charset", self.site.header_charset)
        if content_type == "text/html" and charset:
            return f"{content_type}; charset={charset}"
        return content_type

    def _send(self, status: int, body: bytes, content_type: str | None,
              headers: dict[str, str], send_body: bool = True) -> None:
        with self.site.lock:
            self.site.statuses.append((self.path, status))
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                # The client gave up (e.g. the crawler's size cap cancelled the download).
                pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up (the crawler's size cap, a timeout) are expected here.
        logger.debug("fixture site: client %s dropped the connection", client_address)


class SiteServer:
    """Running fixture sites: one ThreadingHTTPServer per site directory."""

    def __init__(self, root: Path, faults: dict[str, dict[str, dict[str, Any]]] | None = None,
                 host: str = "127.0.0.1") -> None:
        faults = faults or {}
        self.host = host
        self._sites: dict[str, _Site] = {}
        self._servers: dict[str, _Server] = {}
        for directory in sorted(p for p in Path(root).iterdir() if p.is_dir()):
            if directory.name.startswith(("_", ".")):
                continue
            site = _Site(directory.name, directory, faults.get(directory.name, {}))
            handler = type(f"Handler_{directory.name}", (_Handler,), {"site": site})
            server = _Server((host, 0), handler)
            self._sites[directory.name] = site
            self._servers[directory.name] = server

    @property
    def names(self) -> list[str]:
        return list(self._sites)

    def port(self, name: str) -> int:
        return int(self._servers[name].server_address[1])

    def url(self, name: str, path: str = "/") -> str:
        """Absolute URL of `path` on site `name`."""
        return f"http://{self.host}:{self.port(name)}{path}"

    def hits(self, name: str) -> list[str]:
        """Request targets (path + query) that site `name` received, in order."""
        with self._sites[name].lock:
            return list(self._sites[name].hits)

    def request_times(self, name: str) -> list[tuple[float, str]]:
        """(``time.monotonic()``, request target) of each request site `name` received."""
        with self._sites[name].lock:
            return list(self._sites[name].times)

    def statuses(self, name: str) -> list[tuple[str, int]]:
        """(request target, status answered) pairs of site `name`, in order."""
        with self._sites[name].lock:
            return list(self._sites[name].statuses)

    def set_faults(self, name: str, faults: dict[str, dict[str, Any]]) -> None:
        """Replace the faults of site `name` (e.g. ``{}``: the site recovers)."""
        with self._sites[name].lock:
            self._sites[name].faults = dict(faults)

    def reset_hits(self) -> None:
        """Clear the request logs; fault counters (``fail_first``) keep counting."""
        for site in self._sites.values():
            with site.lock:
                site.hits.clear()
                site.times.clear()
                site.statuses.clear()

    def start(self) -> SiteServer:
        for name, server in self._servers.items():
            thread = threading.Thread(target=server.serve_forever, name=f"site-{name}", daemon=True)
            thread.start()
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()


@contextmanager
def serve_sites(root: Path, faults: dict[str, dict[str, dict[str, Any]]] | None = None
                ) -> Iterator[SiteServer]:
    """Serve every site directory under `root` until the block exits."""
    server = SiteServer(root, faults).start()
    try:
        yield server
    finally:
        server.stop()


def closed_port_url(path: str = "/") -> str:
    """A URL on 127.0.0.1 where nothing listens (a dead site)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"
