"""Hostile and broken local sites for the reliability tests: a small healthy news site to
break in one way per test (server faults, robots.txt answers, huge or malformed pages), a
second healthy source that must not suffer, and a crawl runner that reports what each
source stored and what each site was asked."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from crawler.demo.server import SiteServer, serve_sites
from indexer.store import Store
from tests.test_crawl import crawl_env
from tests.test_crawl_loader import _cards, _page, _write_articles

NUMBERS = (605, 604, 603, 602, 601)


def write_news_site(root: Path, name: str, robots: str = "User-agent: *\nAllow: /\n") -> Path:
    """A listing of five stories at ``/news/`` and their pages; returns the site directory."""
    site = root / name
    (site / "news").mkdir(parents=True, exist_ok=True)
    (site / "news" / "index.html").write_text(
        _page("Новости", f"<h1>Новости</h1><div class='news-list'>{_cards(list(NUMBERS))}</div>"),
        encoding="utf-8")
    _write_articles(site, list(NUMBERS))
    (site / "robots.txt").write_text(robots, encoding="utf-8")
    return site


@dataclass
class CrawlResult:
    returncode: int
    output: str
    peak_rss_mb: float
    stored: dict[str, set[int]]  # source id -> story numbers stored
    hits: dict[str, list[str]]  # site -> request targets
    times: dict[str, list[tuple[float, str]]]  # site -> (monotonic time, target)


def crawl_sites(tmp_path: Path, root: Path, faults: dict[str, dict[str, Any]] | None = None,
                server: Any = None, **env: str) -> CrawlResult:
    """`munews crawl` of every site under `root` (start ``/news/``), with `faults` per site."""
    if server is None:
        with serve_sites(root, faults or {}) as running:
            return crawl_sites(tmp_path, root, None, running, **env)
    server.reset_hits()
    lines = ["sources:"]
    for name in server.names:
        lines += [f"  - id: {name}", f"    name: Совет {name}", "    region: Тестовая область",
                  f"    start_urls: ['{server.url(name, '/news/')}']"]
    sources = tmp_path / "sources.yaml"
    sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done, peak = run_measured(["crawl", "--sources", str(sources)], crawl_env(tmp_path / "data", **env), tmp_path)
    stored: dict[str, set[int]] = {name: set() for name in server.names}
    store_path = tmp_path / "data" / "munews.sqlite3"
    if store_path.exists():
        with Store(store_path) as store:
            for article in store.iter_articles():
                stored[article.source_id].add(int(article.url.rstrip("/").rsplit("/", 1)[-1]))
    return CrawlResult(done.returncode, done.stdout + done.stderr, peak, stored,
                       {name: server.hits(name) for name in server.names},
                       {name: server.request_times(name) for name in server.names})


@dataclass
class Completed:
    returncode: int
    stdout: str
    stderr: str


def run_measured(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 180) -> tuple[Completed, float]:
    """`munews ARGS` in a subprocess; (its result, its peak RSS in MB, from wait4)."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], env=env, cwd=cwd,
                                   stdout=stdout, stderr=stderr)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
    return (Completed(process.returncode, out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace")),
            usage.ru_maxrss / 1024)


def gzip_bomb(unpacked_mb: int = 1024, line: bytes = b"<url><loc>/news/1/</loc></url>") -> bytes:
    """A gzipped sitemap of `unpacked_mb` MB made of one repeated entry (~3 MB packed)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = (line * (1 + (1 << 20) // len(line)))[: 1 << 20]
    parts = [packer.compress(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')]
    parts += [packer.compress(chunk) for _ in range(unpacked_mb)]
    return b"".join(parts) + packer.flush()


# Hostile responders ------------------------------------------------------------------------
#
# What the fixture server's file-and-fault model cannot say (a compressed body that unpacks
# to gigabytes, an endless chunked body, a body trickling in byte by byte, pages made up per
# request), a responder says: a function of the request handler that writes the whole answer.

Responder = Callable[[BaseHTTPRequestHandler], None]


class _Responding(BaseHTTPRequestHandler):
    responders: dict[str, Responder] = {}

    def do_GET(self, send_body: bool = True) -> None:
        path = self.path.split("?", 1)[0]
        responder = self.responders.get(self.path) or self.responders.get(path) or next(
            (r for key, r in self.responders.items() if key.endswith("*") and path.startswith(key[:-1])), None)
        if responder is None:
            super().do_GET(send_body)  # type: ignore[misc]  # the fixture server's handler
            return
        self.site.record(self.path)  # type: ignore[attr-defined]
        try:
            responder(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up: a cap or a timeout did its job
        self.close_connection = True


class HostileSites(SiteServer):
    """The fixture sites of `root`, with `responders` ({site: {target: responder}}) answering
    the targets they name: an exact target (with query), a path, or a path prefix ending
    with ``*``; every other request is served from the files as usual."""

    def __init__(self, root: Path, faults: dict[str, dict[str, dict[str, Any]]] | None = None,
                 responders: dict[str, dict[str, Responder]] | None = None) -> None:
        super().__init__(root, faults)
        for name, server in self._servers.items():
            base: type = server.RequestHandlerClass  # type: ignore[assignment]  # a handler class
            server.RequestHandlerClass = type(f"Hostile_{name}", (_Responding, base),
                                              {"responders": (responders or {}).get(name, {})})


@contextmanager
def serve_hostile(root: Path, faults: dict[str, dict[str, dict[str, Any]]] | None = None,
                  responders: dict[str, dict[str, Responder]] | None = None) -> Iterator[HostileSites]:
    server = HostileSites(root, faults, responders)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _head(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str]) -> None:
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()


def html(body: str | bytes, content_type: str = "text/html; charset=utf-8") -> Responder:
    """A plain 200 answer (for pages made up per request, use :func:`dynamic`)."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    def respond(handler: BaseHTTPRequestHandler) -> None:
        _head(handler, 200, {"Content-Type": content_type, "Content-Length": str(len(data))})
        handler.wfile.write(data)
    return respond


def dynamic(page: Callable[[str], str | bytes | None]) -> Responder:
    """A page computed from the request target; None answers 404."""
    def respond(handler: BaseHTTPRequestHandler) -> None:
        body = page(handler.path)
        if body is None:
            _head(handler, 404, {"Content-Type": "text/html", "Content-Length": "0"})
            return
        html(body)(handler)
    return respond


def compressed(unpacked_mb: int, layers: int = 1) -> Responder:
    """An HTML page sent gzipped (``Content-Encoding: gzip`` once per layer) that unpacks
    to `unpacked_mb` MB."""
    packed: list[bytes] = []

    def respond(handler: BaseHTTPRequestHandler) -> None:
        if not packed:
            data = gzip_bomb(unpacked_mb, b"<p>" + b"x" * 90 + b"</p>\n")
            for _ in range(layers - 1):
                data = _gzip(data)
            packed.append(data)
        _head(handler, 200, {"Content-Type": "text/html; charset=utf-8",
                             "Content-Encoding": ", ".join(["gzip"] * layers),
                             "Content-Length": str(len(packed[0]))})
        handler.wfile.write(packed[0])
    return respond


def _gzip(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def chunked(total_mb: float | None, piece: bytes = b"<p>" + b"y" * 16_000 + b"</p>\n") -> Responder:
    """A chunked body (no Content-Length) of `total_mb` MB, or endless (None: until the client
    hangs up, at most 2 GB)."""
    limit = int((total_mb if total_mb is not None else 2048) * (1 << 20))

    def respond(handler: BaseHTTPRequestHandler) -> None:
        _head(handler, 200, {"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked"})
        sent = 0
        handler.wfile.write(b"%x\r\n<html><body>\r\n" % len(b"<html><body>"))
        while sent < limit:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
        handler.wfile.write(b"0\r\n\r\n")
    return respond


def trickle(size: int = 4000, interval: float = 1.0, stall_after: int | None = None,
            seconds: float = 30.0) -> Responder:
    """A page of `size` bytes (declared in Content-Length) sent one byte per `interval`, or
    sent at once up to `stall_after` bytes and then nothing more; gives up after `seconds`."""
    def respond(handler: BaseHTTPRequestHandler) -> None:
        body = (b"<html><body><h1>" + "Медленная страница".encode() + b"</h1><p>" + b"z" * size)[:size]
        _head(handler, 200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(size)})
        deadline = time.monotonic() + seconds
        if stall_after is not None:
            handler.wfile.write(body[:stall_after])
            handler.wfile.flush()
        position = stall_after or 0
        while time.monotonic() < deadline:
            time.sleep(interval)
            if stall_after is None and position < size:
                handler.wfile.write(body[position:position + 1])
                handler.wfile.flush()
                position += 1
    return respond


def redirect(location: str, status: int = 301) -> Responder:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        _head(handler, status, {"Location": location, "Content-Length": "0"})
    return respond
