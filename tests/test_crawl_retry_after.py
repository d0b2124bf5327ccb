"""429/503 with Retry-After: the whole site waits as long as it asks, within a limit (real
crawls of a generated site on 127.0.0.1)."""

from __future__ import annotations

import pytest

from crawler.demo.server import serve_sites
from crawler.middlewares import retry_after_seconds
from indexer.store import Store
from tests.test_crawl import crawl_env, run_munews
from tests.test_crawl_loader import _cards, _page, _write_articles

NUMBERS = [505, 504, 503, 502, 501]


def _site(root):
    site = root / "polite"
    (site / "news").mkdir(parents=True)
    (site / "news" / "index.html").write_text(
        _page("Новости", f"<h1>Новости</h1><div class='news-list'>{_cards(NUMBERS)}</div>"), encoding="utf-8")
    _write_articles(site, NUMBERS)


def _crawl(tmp_path, faults, **env_extra):
    _site(tmp_path / "sites")
    with serve_sites(tmp_path / "sites", {"polite": faults}) as server:
        sources = tmp_path / "sources.yaml"
        sources.write_text("sources:\n  - id: polite\n    name: Совет\n    region: Тестовая область\n"
                           f"    start_urls: ['{server.url('polite', '/news/')}']\n", encoding="utf-8")
        result = run_munews(["crawl", "--sources", str(sources)], crawl_env(tmp_path / "data", **env_extra),
                            tmp_path)
        times = server.request_times("polite")
        statuses = server.statuses("polite")
    with Store(tmp_path / "data" / "munews.sqlite3") as store:
        stored = {int(a.url.rstrip("/").rsplit("/", 1)[-1]) for a in store.iter_articles()}
    return result, times, statuses, stored


def test_retry_after_pauses_the_whole_site_then_retries(tmp_path):
    faults = {"/news/503/": {"fail_first": 1, "fail_status": 429, "retry_after": "2"}}
    result, times, statuses, stored = _crawl(tmp_path, faults, MUNEWS_CONCURRENCY_PER_DOMAIN="1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert stored == set(NUMBERS)
    refused = next(t for t, target in times if target == "/news/503/")
    retried = [t for t, target in times if target == "/news/503/"][1]
    assert retried - refused >= 1.9
    # Nothing else of the site was asked for while it said «wait» (in-flight requests aside).
    during = [target for t, target in times if refused + 0.3 < t < refused + 1.9]
    assert during == [], during
    assert ("/news/503/", 429) in statuses


def test_retry_after_beyond_the_limit_gives_up_that_page_only(tmp_path):
    faults = {"/news/503/": {"fail_first": 5, "fail_status": 503, "retry_after": "Wed, 21 Oct 2099 07:28:00 GMT"}}
    result, times, statuses, stored = _crawl(tmp_path, faults, MUNEWS_RETRY_AFTER_MAX="30")
    assert stored == set(NUMBERS) - {503}
    assert [target for _, target in times].count("/news/503/") == 1
    assert "503" in result.stdout + result.stderr


@pytest.mark.parametrize("value, expected", [
    ("120", 120.0), (" 5 ", 5.0), ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
    ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # already past: no wait
    ("soon", None), ("", None), (None, None), ("-3", None),
])
def test_retry_after_header_forms(value, expected):
    from datetime import datetime, timezone

    now = datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc)
    assert retry_after_seconds(value, now) == expected
