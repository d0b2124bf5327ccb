"""robots.txt per RFC 9309: 5xx and timeouts disallow the host until it recovers; Crawl-delay
holds requests apart (real crawls on 127.0.0.1)."""

from __future__ import annotations

import pytest

from crawler.demo.server import serve_sites
from tests.hostile.sites import NUMBERS, crawl_sites, write_news_site


# Reliability case 23 (docs/reliability.md).
@pytest.mark.parametrize("fault", [{"status": 500}, {"status": 503}, {"delay": 4}],
                         ids=["500", "503", "hangs"])
def test_unreadable_robots_txt_disallows_the_host_until_it_recovers(tmp_path, fault):
    root = tmp_path / "sites"
    write_news_site(root, "broken")
    write_news_site(root, "healthy")
    faults = {"broken": {"/robots.txt": dict(fault)}}
    with serve_sites(root, faults) as server:
        first = crawl_sites(tmp_path, root, server=server, MUNEWS_DOWNLOAD_TIMEOUT="1")
        assert first.stored["healthy"] == set(NUMBERS)
        assert first.stored["broken"] == set()
        assert set(first.hits["broken"]) <= {"/robots.txt"}, first.hits["broken"]
        # robots.txt answers again: the next crawl fetches what the first one could not.
        server.set_faults("broken", {})
        second = crawl_sites(tmp_path, root, server=server, MUNEWS_DOWNLOAD_TIMEOUT="1")
    assert second.stored["broken"] == set(NUMBERS)


# Reliability case 23 (docs/reliability.md).
def test_robots_txt_missing_allows_all(tmp_path):
    root = tmp_path / "sites"
    site = write_news_site(root, "plain")
    (site / "robots.txt").unlink()  # 404
    result = crawl_sites(tmp_path, root)
    assert result.stored["plain"] == set(NUMBERS)


# Reliability case 24 (docs/reliability.md).
def test_crawl_delay_holds_requests_apart(tmp_path):
    root = tmp_path / "sites"
    write_news_site(root, "slow", robots="User-agent: *\nCrawl-delay: 1\nAllow: /\n")
    result = crawl_sites(tmp_path, root, MUNEWS_CONCURRENCY_PER_DOMAIN="4")
    assert result.stored["slow"] == set(NUMBERS)
    pages = [t for t, target in result.times["slow"] if target != "/robots.txt"]
    gaps = [b - a for a, b in zip(pages, pages[1:])]
    assert len(pages) >= 6 and min(gaps) >= 0.9, gaps
