"""Incremental re-crawls and resume after SIGKILL, on a copy of the table-layout fixture site.

The site changes between two crawls (three new articles make the listing one page longer,
one article is edited, one deleted); the second crawl must fetch only what changed, which
the fixture server's log of (request, status) shows, and leave the store exact.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.demo.server import serve_sites
from indexer.store import Store
from tests.sites.articles import TABLE, Art
from tests.sites.build_sites import tb_article, tb_listing
from tests.test_crawl import SITES, crawl_env, run_munews

NEW = tuple(Art(str(n), f"Новая новость Совета номер {n} о работе с поселениями", (2020, 3, n - 20, 0, 0), (
    f"Совет провёл {n}-е совещание с главами сельских поселений по вопросам благоустройства.",
    "Участники договорились о плане совместной работы на весну.")) for n in (22, 23, 24))


def write_table_site(root: Path, arts: list[Art]) -> None:
    """The table site's listing pages (3 per page) and article files for `arts`."""
    arts = sorted(arts, key=lambda a: a.date, reverse=True)
    for old in root.glob("news.php*"):
        old.unlink()
    pages = [arts[i:i + 3] for i in range(0, len(arts), 3)]
    for number, chunk in enumerate(pages, 1):
        name = "news.php" + ("" if number == 1 else f"@page={number}")
        (root / name).write_bytes(tb_listing(chunk, number, len(pages)).encode("cp1251"))
    for art in arts:
        (root / f"news_view.php@id={art.slug}").write_bytes(tb_article(art).encode("cp1251"))


@pytest.fixture
def site_copy(tmp_path):
    root = tmp_path / "sites"
    shutil.copytree(SITES / "table", root / "table")
    return root


def sources_for(tmp_path: Path, server) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - id: table\n    name: Совет\n    region: Оренбургская область\n"
                    f"    start_urls: ['{server.url('table', '/news.php')}']\n", encoding="utf-8")
    return path


def test_second_crawl_fetches_only_what_changed(tmp_path, site_copy):
    env = crawl_env(tmp_path / "data", MUNEWS_RECHECK_AFTER="0")
    with serve_sites(site_copy) as server:
        sources = sources_for(tmp_path, server)
        assert run_munews(["crawl", "--sources", str(sources)], env, tmp_path).returncode == 0
        edited = next(a for a in TABLE if a.slug == "19")
        edited = Art(edited.slug, edited.title, edited.date,
                     (edited.paragraphs[0], "Дополнено: победители получат гранты в апреле."))
        kept = [a for a in TABLE if a.slug not in ("17", "19")]
        write_table_site(site_copy / "table", [*kept, edited, *NEW])
        (site_copy / "table" / "news_view.php@id=17").unlink()
        server.reset_hits()
        second = run_munews(["crawl", "--sources", str(sources)], env, tmp_path)
        log = [entry for entry in server.statuses("table") if entry[0] != "/robots.txt"]
    assert second.returncode == 0, second.stderr[-3000:]
    assert sorted(log) == sorted([
        ("/news.php", 200),  # changed: three new articles on top
        ("/news.php?page=2", 200),  # only known articles here: paging stops (no page 3)
        ("/news_view.php?id=22", 200), ("/news_view.php?id=23", 200), ("/news_view.php?id=24", 200),
        ("/news_view.php?id=19", 200),  # edited
        ("/news_view.php?id=17", 404),  # deleted
        ("/news_view.php?id=18", 304), ("/news_view.php?id=20", 304), ("/news_view.php?id=21", 304),
    ])
    with Store(tmp_path / "data" / "munews.sqlite3") as store:
        urls = {a.url.rsplit("=", 1)[1]: a for a in store.iter_articles("table")}
        run = store.runs("table", limit=1)[0]
    assert sorted(urls) == ["18", "19", "20", "21", "22", "23", "24"]
    assert "Дополнено: победители получат гранты в апреле." in urls["19"].text
    assert urls["23"].title == NEW[1].title and urls["23"].published_at.startswith("2020-03-03")
    assert (run["articles_new"], run["articles_updated"]) == (3, 1)


def _stored(db: Path) -> set[str]:
    """Paths of the articles in the store right now (read while the crawler writes)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return {"/" + row[0].split("/", 3)[3] for row in conn.execute("SELECT url FROM articles")}
    except sqlite3.Error:
        return set()


# Reliability case 25 (docs/reliability.md).
def test_crawl_killed_midway_resumes_without_loss_or_duplicates(tmp_path, site_copy):
    # One request at a time, each article page slow: the kill lands mid-crawl, with listing
    # page 2 and some articles still queued.
    faults = {"table": {f"/news_view.php?id={n}": {"delay": 0.6} for n in range(17, 22)}}
    faults["table"]["/news.php?page=2"] = {"delay": 0.6}
    env = crawl_env(tmp_path / "data", MUNEWS_CONCURRENCY_PER_DOMAIN="1")
    db = tmp_path / "data" / "munews.sqlite3"
    with serve_sites(site_copy, faults) as server:
        sources = sources_for(tmp_path, server)
        process = subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", "--sources",
                                    str(sources)], env=env, cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(_stored(db)) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        before = _stored(db)
        assert 2 <= len(before) < 5, "the crawl was not killed midway"
        time.sleep(1.0)  # let the server finish answering the dead crawler's requests (0.6 s each)
        server.reset_hits()
        resumed = run_munews(["crawl", "--sources", str(sources)], env, tmp_path)
        fetched = [path for path, status in server.statuses("table")
                   if path.startswith("/news_view.php") and status == 200]
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    with Store(db) as store:
        urls = sorted(a.url.rsplit("=", 1)[1] for a in store.iter_articles("table"))
        rows = store.connection.execute("SELECT COUNT(*), COUNT(DISTINCT url) FROM articles").fetchone()
    assert urls == ["17", "18", "19", "20", "21"]
    assert rows[0] == rows[1] == 5
    # The resumed crawl fetches what was missing, each page once, and nothing already stored
    # (pages fetched but not yet stored when the kill came are fetched again: nothing lost).
    assert not before & set(fetched)
    assert len(fetched) == len(set(fetched)) == 5 - len(before)


# Reliability case 13 (docs/reliability.md).
def test_crawls_cut_by_the_request_budget_finish_the_listing_over_several_runs(tmp_path):
    from tests.test_crawl import EXPECTED_PATHS

    env = crawl_env(tmp_path / "data")
    stored_counts = []
    with serve_sites(SITES) as server:
        sources = tmp_path / "sources.yaml"
        sources.write_text("sources:\n  - id: wordpress\n    name: Совет\n    region: R\n"
                           f"    start_urls: ['{server.url('wordpress', '/news/')}']\n", encoding="utf-8")
        for _ in range(5):
            ran = run_munews(["crawl", "--sources", str(sources), "--max-pages", "4"], env, tmp_path)
            assert ran.returncode == 0, ran.stderr[-3000:]
            with Store(tmp_path / "data" / "munews.sqlite3") as store:
                stored_counts.append(store.count())
        fetched = [path for path, status in server.statuses("wordpress") if status == 200
                   and path in EXPECTED_PATHS["wordpress"]]
    # Each run stops at 4 requests and leaves the rest queued; later runs continue there
    # instead of stopping at the first page of known articles.
    assert stored_counts == sorted(stored_counts) and stored_counts[-1] == 6
    assert stored_counts[0] < 6
    assert len(fetched) == len(set(fetched)) == 6


def test_page_failing_through_a_whole_crawl_is_retried_by_the_next(tmp_path, site_copy):
    # 503 three times: the first crawl's retries (3 attempts) all fail; next time the listing
    # holds only known articles, so only the crawl state can bring this one back.
    faults = {"table": {"/news_view.php?id=18": {"fail_first": 3}}}
    env = crawl_env(tmp_path / "data")
    with serve_sites(site_copy, faults) as server:
        sources = sources_for(tmp_path, server)
        first = run_munews(["crawl", "--sources", str(sources)], env, tmp_path)
        assert "http/503: 1" in first.stdout
        server.reset_hits()
        second = run_munews(["crawl", "--sources", str(sources)], env, tmp_path)
        log = [entry for entry in server.statuses("table") if entry[0] != "/robots.txt"]
    assert second.returncode == 0, second.stderr[-3000:]
    assert sorted(log) == [("/news.php", 200), ("/news_view.php?id=18", 200)]
    with Store(tmp_path / "data" / "munews.sqlite3") as store:
        assert store.count("table") == 5
