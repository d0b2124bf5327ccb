"""Hostile and broken local sites for the reliability tests: a small healthy news site to
break in one way per test (server faults, robots.txt answers, huge or malformed pages), a
second healthy source that must not suffer, and a crawl runner that reports what each
source stored and what each site was asked."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.demo.server import serve_sites
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
