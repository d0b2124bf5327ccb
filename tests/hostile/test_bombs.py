"""Decompression bombs served as sitemaps and feeds: read up to a cap, streamed, never
unpacked whole (real crawls on 127.0.0.1, peak RSS of the crawl process measured)."""

from __future__ import annotations

import pytest

from spiders.discovery import parse_feed, parse_sitemap
from tests.hostile.sites import NUMBERS, crawl_sites, gzip_bomb, write_news_site

#: The issue's bound for every hostile case.
MAX_RSS_MB = 400


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb(1024)  # 1 GiB unpacked, ~3 MB packed


# Reliability case 7 (docs/reliability.md).
def test_sitemap_bomb_is_cut_at_the_protocol_limits(bomb):
    children, entries = parse_sitemap(bomb, "http://127.0.0.1/")
    assert children == [] and 0 < len(entries) <= 50_000


# Reliability case 7 (docs/reliability.md).
def test_feed_bomb_is_cut_too():
    feed = gzip_bomb(200, b"<item><title>x</title><link>http://127.0.0.1/news/1/</link></item>")
    assert 0 < len(parse_feed(feed, "http://127.0.0.1/")) <= 50_000


# Reliability case 7 (docs/reliability.md).
def test_truncated_gzip_keeps_what_was_read():
    whole = gzip_bomb(2)
    assert len(parse_sitemap(whole[: len(whole) // 2], "http://127.0.0.1/")[1]) > 0


# Reliability case 7 (docs/reliability.md).
def test_crawl_through_sitemap_and_feed_bombs_stays_small(tmp_path, bomb):
    root = tmp_path / "sites"
    site = write_news_site(root, "bombed", robots="User-agent: *\nAllow: /\nSitemap: {{ORIGIN}}/sitemap.xml.gz\n")
    (site / "sitemap.xml.gz").write_bytes(bomb)
    (site / "feed.xml.gz").write_bytes(bomb)
    listing = site / "news" / "index.html"
    listing.write_text(listing.read_text("utf-8").replace(
        "<title>", "<link rel='alternate' type='application/rss+xml' href='/feed.xml.gz'><title>"), "utf-8")
    write_news_site(root, "healthy")
    faults = {"bombed": {"/sitemap.xml.gz": {"content_type": "application/x-gzip"},
                         "/feed.xml.gz": {"content_type": "application/rss+xml"}}}
    result = crawl_sites(tmp_path, root, faults, MUNEWS_MAX_RESPONSE_MB="8")
    assert result.returncode == 0, result.output[-2000:]
    assert result.stored["bombed"] == set(NUMBERS) and result.stored["healthy"] == set(NUMBERS)
    assert "/sitemap.xml.gz" in result.hits["bombed"] and "/feed.xml.gz" in result.hits["bombed"]
    assert result.peak_rss_mb < MAX_RSS_MB, result.peak_rss_mb
