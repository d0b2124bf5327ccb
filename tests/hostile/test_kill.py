"""``kill -9`` in the middle of a crawl, and crawls that run at once on one data directory:
nothing lost, nothing stored twice, the search index equal to the store (real `munews crawl`
processes on 127.0.0.1; the embedded index).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from crawler.demo.server import serve_sites
from indexer.config import load_config
from indexer.embedded import EmbeddedBackend
from indexer.store import Store
from tests.hostile.sites import NUMBERS, write_news_site
from tests.test_crawl import crawl_env, run_munews
from tests.test_crawl_loader import _cards, _write_articles

EXTRA = list(range(1000, 1040))
ALL = set(NUMBERS) | set(EXTRA)


def write_big_site(root: Path, name: str) -> Path:
    """The news site with 45 stories on its listing."""
    site = write_news_site(root, name)
    _write_articles(site, EXTRA)
    listing = site / "news" / "index.html"
    listing.write_text(listing.read_text("utf-8").replace(
        "<div class='news-list'>", "<div class='news-list'>" + _cards(EXTRA)), "utf-8")
    return site


def sources_file(path: Path, server, names: list[str]) -> Path:
    lines = ["sources:"]
    for name in names:
        lines += [f"  - id: {name}", f"    name: Совет {name}", "    region: Тестовая область",
                  f"    start_urls: ['{server.url(name, '/news/')}']"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def check_store_and_index(data: Path, env: dict[str, str]) -> tuple[int, int]:
    """(articles, distinct URLs) of the store after an integrity check; the index must hold
    exactly the store's articles."""
    with Store(data / "munews.sqlite3") as store:
        assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = store.connection.execute("SELECT COUNT(*), COUNT(DISTINCT url) FROM articles").fetchone()
        seqs = store.connection.execute("SELECT COUNT(seq), COUNT(DISTINCT seq) FROM articles").fetchone()
        assert seqs[0] == seqs[1], seqs  # change numbers unique
    backend = EmbeddedBackend.from_config(load_config(environ=env, dotenv_path=None), readonly=True)
    try:
        assert backend.count() == rows[0], (backend.count(), rows)
    finally:
        backend.close()
    return int(rows[0]), int(rows[1])


def test_kill_9_mid_crawl_then_rerun_loses_and_duplicates_nothing(tmp_path):
    """Reliability case 25: ``kill -9`` with some stories stored and others in flight or
    queued; the re-run stores the rest: 0 lost, 0 duplicated, store = index; the killed run's
    record is closed (``interrupted``), not left ``running``."""
    root = tmp_path / "sites"
    write_big_site(root, "big")
    data = tmp_path / "data"
    env = crawl_env(data, MUNEWS_CONCURRENCY_PER_DOMAIN="2")
    # Slow pages: the kill lands with about a third stored.
    faults = {"big": {f"/news/{n}/": {"delay": 0.15} for n in ALL}}
    with serve_sites(root, faults) as server:
        sources = sources_file(tmp_path / "sources.yaml", server, ["big"])
        process = subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources)],
                                   env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while _count(data / "munews.sqlite3") < 12 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        killed_at = _count(data / "munews.sqlite3")
        assert 12 <= killed_at < len(ALL), f"the crawl was not killed midway ({killed_at} stored)"
        time.sleep(0.3)  # the server finishes answering the dead crawler
        server.set_faults("big", {})
        resumed = run_munews(["crawl", "--sources", str(sources)], env, tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert check_store_and_index(data, env) == (len(ALL), len(ALL))
    with Store(data / "munews.sqlite3") as store:
        statuses = [run["status"] for run in sorted(store.runs("big", limit=5), key=lambda run: run["run_id"])]
    assert statuses == ["interrupted", "ok"], statuses


def test_two_crawls_of_the_same_source_at_once_stay_consistent(tmp_path):
    """Reliability case 26: two `munews crawl` of one source at the same time on one data
    directory: every story once, the store intact, the index equal to the store."""
    root = tmp_path / "sites"
    write_big_site(root, "big")
    data = tmp_path / "data"
    env = crawl_env(data, MUNEWS_CONCURRENCY_PER_DOMAIN="4")
    with serve_sites(root, {"big": {f"/news/{n}/": {"delay": 0.15} for n in ALL}}) as server:
        sources = sources_file(tmp_path / "sources.yaml", server, ["big"])
        command = [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources)]
        processes = [subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [process.communicate(timeout=120) for process in processes]
        stories_fetched = [hit for hit in server.hits("big") if hit.startswith("/news/1")]
    # Both crawled at once (there is no crawl lock): many stories were fetched twice.
    assert len(stories_fetched) > len(EXTRA) + 5, len(stories_fetched)
    assert [process.returncode for process in processes] == [0, 0], [err[-2000:] for _, err in outputs]
    assert check_store_and_index(data, env) == (len(ALL), len(ALL))


def test_two_crawls_of_different_sources_at_once_hand_out_unique_change_numbers(tmp_path):
    """Reliability case 27 at crawl level (the store-level race is in tests/test_store.py): two
    `munews crawl` of different sources at once, as `munews schedule` runs them: unique change
    numbers, every story stored once and indexed."""
    root = tmp_path / "sites"
    write_big_site(root, "first")
    write_big_site(root, "second")
    data = tmp_path / "data"
    env = crawl_env(data, MUNEWS_CONCURRENCY_PER_DOMAIN="4")
    faults = {name: {f"/news/{n}/": {"delay": 0.1} for n in ALL} for name in ("first", "second")}
    with serve_sites(root, faults) as server:
        command = [sys.executable, "-m", "crawler.cli", "crawl", "--sources"]
        processes = [subprocess.Popen(command + [str(sources_file(tmp_path / f"{name}.yaml", server, [name]))],
                                      env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True) for name in ("first", "second")]
        outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], [err[-2000:] for _, err in outputs]
    assert check_store_and_index(data, env) == (2 * len(ALL), 2 * len(ALL))
    with Store(data / "munews.sqlite3") as store:
        seqs = sorted(row[0] for row in store.connection.execute("SELECT seq FROM articles"))
        runs = {run["source_id"]: run for run in store.runs(limit=5)}
    assert len(seqs) == len(set(seqs))
    # The two crawls overlapped in time.
    assert runs["first"]["started_at"] <= runs["second"]["finished_at"]
    assert runs["second"]["started_at"] <= runs["first"]["finished_at"]
