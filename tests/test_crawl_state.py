"""The crawl_pages table: queue / done / gone, resume list, and when a known page is due."""

from __future__ import annotations

import pytest

from indexer.config import parse_duration
from spiders.crawl_state import CrawlState, is_due

DAY = 86400.0


@pytest.mark.parametrize("text,seconds", [("0", 0), ("90", 90), ("30m", 1800), ("6h", 21600),
                                          ("1d", DAY), ("1.5h", 5400)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "often", "1w", "-1h", "h"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


@pytest.mark.parametrize("age_days,checked_days_ago,due", [
    (1, 0.5, False),  # checked half a day ago: not due with a 1-day minimum
    (1, 1.0, True),
    (60, 10, False),  # 60 days old: interval stretches to 30 days
    (60, 31, True),
    (4, 1.5, False),  # 4 days old: interval is half its age, 2 days
    (4, 2.0, True),
])
def test_is_due_stretches_with_age(age_days, checked_days_ago, due):
    now = 1_000 * DAY
    assert is_due(now - age_days * DAY, now - checked_days_ago * DAY, now, DAY) is due


def test_zero_recheck_interval_means_always_due():
    assert is_due(0.0, 99.0, 100.0, 0.0)
    assert is_due(0.0, None, 0.0, DAY)


def test_queue_done_known_and_resume(tmp_path):
    db = tmp_path / "munews.sqlite3"
    state = CrawlState(db, "src")
    state.queue("https://a.ru/news/1/", "article", listing_title="Заголовок", listing_date="01.02.2023")
    state.queue("https://a.ru/news/?PAGEN_1=2", "listing")
    assert not state.known("https://a.ru/news/1/")
    state.done("https://a.ru/news/1/", etag='"abc"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert state.known("https://a.ru/news/1/")
    state.close()
    # A new process (after a crash) sees what was left queued, with the listing's hints.
    reopened = CrawlState(db, "src")
    assert [page.url for page in reopened.queued()] == ["https://a.ru/news/?PAGEN_1=2"]
    page = reopened.get("https://a.ru/news/1/")
    assert (page.etag, page.listing_title, page.listing_date) == ('"abc"', "Заголовок", "01.02.2023")
    # Queued again for a re-check, a handled page still counts as known.
    reopened.queue("https://a.ru/news/1/", "article")
    assert reopened.known("https://a.ru/news/1/")
    assert reopened.get("https://a.ru/news/1/").listing_title == "Заголовок"
    assert CrawlState(db, "other").queued() == []


def test_gone_forget_and_due_articles(tmp_path):
    state = CrawlState(tmp_path / "munews.sqlite3", "src")
    for n in (1, 2, 3):
        state.queue(f"https://a.ru/{n}", "article")
        state.done(f"https://a.ru/{n}")
    state.gone("https://a.ru/2")
    state.queue("https://a.ru/4", "article")
    state.forget("https://a.ru/4")
    state.done("https://a.ru/listing", kind="listing")
    assert state.get("https://a.ru/4") is None
    assert [p.url for p in state.due_articles(0.0)] == ["https://a.ru/1", "https://a.ru/3"]
    assert state.due_articles(DAY) == []
