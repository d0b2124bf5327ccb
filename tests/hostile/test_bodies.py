"""Hostile response bodies: decompression bombs on article pages, endless and oversized bodies,
bodies that trickle or stall, and a huge but genuine article. One real crawl on 127.0.0.1 of
four sites (three hostile, one healthy) with a 4 MB response cap and a 2 s download timeout;
the tests read what each source stored, what it recorded and what the crawl cost.
"""

from __future__ import annotations

import time

import pytest

from benchmarks.corpus_gen import generate_one
from indexer.store import Store
from tests.hostile.sites import NUMBERS, chunked, compressed, crawl_sites, serve_hostile, trickle, write_news_site

#: The issue's bound for every hostile case.
MAX_RSS_MB = 400
#: Case 11 at a tenth of its size (30 MB in the research run): a 3 MB article under a 4 MB cap.
BIG_ARTICLE_MB = 3


def _big_article(mb: int) -> str:
    paragraphs, size, number = [], 0, 0
    while size < mb * (1 << 20):
        number += 1
        text = generate_one(23, number).article.text
        paragraphs.append("".join(f"<p>{para}</p>" for para in text.split("\n") if para.strip()))
        size += len(paragraphs[-1].encode("utf-8"))
    return ("<html><head><meta charset='utf-8'><title>Большой отчёт</title></head><body><article>"
            "<h1>Отчёт совета о работе поселений за десять лет</h1><div class='date'>01.04.2025</div>"
            + "".join(paragraphs) + "</article></body></html>")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bodies")
    root = tmp / "sites"
    write_news_site(root, "bombs")
    write_news_site(root, "slow")
    big = write_news_site(root, "large")
    (big / "news" / "605" / "index.html").write_text(_big_article(BIG_ARTICLE_MB), encoding="utf-8")
    write_news_site(root, "healthy")
    responders = {
        "bombs": {
            "/news/605/": compressed(200),  # 200 MB unpacked from ~200 KB, Content-Encoding: gzip
            "/news/604/": compressed(200, layers=2),  # Content-Encoding: gzip, gzip
            "/news/603/": chunked(None),  # endless chunked body
            "/news/602/": chunked(12),  # 12 MB chunked (no Content-Length)
        },
        "slow": {
            "/news/605/": trickle(interval=1.0),  # one byte per second
            "/news/604/": trickle(stall_after=600),  # stalls after 600 of 4000 bytes
        },
    }
    faults = {"bombs": {"/news/601/": {"pad_bytes": 12 << 20}}}  # 12 MB with Content-Length
    with serve_hostile(root, faults, responders) as server:
        started = time.monotonic()
        result = crawl_sites(tmp, root, server=server, MUNEWS_MAX_RESPONSE_MB="4",
                             MUNEWS_DOWNLOAD_TIMEOUT="2")
        elapsed = time.monotonic() - started
    with Store(tmp / "data" / "munews.sqlite3") as store:
        runs = {run["source_id"]: run for run in store.runs(limit=10)}
        big_text = next(a.text for a in store.iter_articles("large") if a.url.endswith("/605/"))
    return {"result": result, "elapsed": elapsed, "runs": runs, "big_text": big_text}


def test_the_crawl_succeeds_and_the_healthy_source_is_whole(crawl):
    result = crawl["result"]
    assert result.returncode == 0, result.output[-3000:]
    assert result.stored["healthy"] == set(NUMBERS)


def test_gzip_bombs_on_article_pages_are_dropped_at_the_cap(crawl):
    """Reliability case 6: 200 MB behind ``Content-Encoding: gzip`` (and ``gzip, gzip``) on an
    article: dropped once the unpacked body passes the cap, memory bounded."""
    stored = crawl["result"].stored["bombs"]
    assert 605 not in stored and 604 not in stored
    assert crawl["result"].peak_rss_mb < MAX_RSS_MB, crawl["result"].peak_rss_mb


def test_endless_chunked_body_is_cut_at_the_cap(crawl):
    """Reliability case 8: an endless chunked body is cut at the cap, counted as oversize."""
    assert 603 not in crawl["result"].stored["bombs"]
    assert crawl["runs"]["bombs"]["errors"].get("oversize", 0) >= 3  # 603, 602, 601
    assert crawl["elapsed"] < 60


def test_oversized_pages_with_and_without_length_are_dropped(crawl):
    """Reliability case 10 (at 12 MB over a 4 MB cap instead of 50 MB over 32 MB): a page
    declared too large is dropped up front, a chunked one at the cap."""
    stored = crawl["result"].stored["bombs"]
    assert 602 not in stored and 601 not in stored
    assert "response larger than the 4 MB cap" in crawl["result"].output


def test_trickling_and_stalled_bodies_time_out_and_the_rest_is_stored(crawl):
    """Reliability case 9: a body sent one byte per second, and one that stalls mid-way, end
    in the download timeout (2 s here); the source's other stories and the other sources are
    stored, and the crawl does not wait on the slow pages beyond their retries."""
    result = crawl["result"]
    assert result.stored["slow"] == set(NUMBERS) - {605, 604}
    errors = crawl["runs"]["slow"]["errors"]
    assert sum(count for kind, count in errors.items() if "timeout" in kind.lower()) >= 2, errors
    # Three attempts of 2 s each per slow page, in parallel: far below the research run's 92 s.
    assert crawl["elapsed"] < 45, crawl["elapsed"]


def test_a_huge_real_article_is_stored_whole_at_bounded_cost(crawl):
    """Reliability case 11 (scaled down: 3 MB instead of 30 MB): a genuine article under the
    cap is stored whole, and the crawl's memory stays bounded."""
    assert crawl["result"].stored["large"] == set(NUMBERS)
    assert len(crawl["big_text"]) > BIG_ARTICLE_MB * 400_000  # ~0.55 M chars per MB of Cyrillic HTML
    assert crawl["result"].peak_rss_mb < MAX_RSS_MB, crawl["result"].peak_rss_mb
