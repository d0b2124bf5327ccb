"""Crawler traps: a listing of 30,000 links, endless pagination (new stories on every page, or
the same ones), a calendar whose «»» leads to one more day forever, and a robots.txt that shuts
the whole site. Two real crawls on 127.0.0.1 of six sources (five traps, one healthy) under a
budget of 15 requests per source; the pages of the traps are made up per request.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from indexer.store import Store
from tests.hostile.sites import NUMBERS, Responder, crawl_sites, dynamic, serve_hostile, write_news_site
from tests.test_crawl_loader import _article, _cards, _page

BUDGET = 15
#: Case 12 scaled down from 100,000 links: still past the 20,000 links read per page (which
#: is what costs time in a crawl); the 100,000-link page itself is read in tests/test_loader.py.
LINKS = 30_000
_STORY = re.compile(r"^/news/(\d+)/$")


def _story(target: str) -> str | None:
    match = _STORY.match(urlsplit(target).path)
    return _article(int(match.group(1)), []) if match else None


def _pager(page: int) -> str:
    return (f"<div class='pagination'><span>{page}</span> <a href='/news/?PAGEN_1={page + 1}'>{page + 1}</a> "
            f"<a href='/news/?PAGEN_1={page + 1}'>Следующая</a></div>")


def _endless(target: str) -> str | None:
    """Page N of a listing without end, five new stories on each."""
    if urlsplit(target).path != "/news/":
        return _story(target)
    page = int(parse_qs(urlsplit(target).query).get("PAGEN_1", ["1"])[0])
    numbers = [100_000 - page * 5 - i for i in range(5)]
    return _page("Новости", f"<h1>Новости</h1><div class='news-list'>{_cards(numbers)}</div>{_pager(page)}")


def _same(target: str) -> str | None:
    """Every page of a listing without end shows the same five stories."""
    if urlsplit(target).path != "/news/":
        return _story(target)
    page = int(parse_qs(urlsplit(target).query).get("PAGEN_1", ["1"])[0])
    return _page("Новости", f"<h1>Новости</h1><div class='news-list'>{_cards(list(NUMBERS))}</div>{_pager(page)}")


def _calendar(target: str) -> str | None:
    """A day of news with «»» to the next day, for ever; calendar links besides."""
    path = urlsplit(target).path
    if path == "/news/":
        day = date(2026, 1, 1)
    elif path.startswith("/news/day/"):
        day = date.fromisoformat(path.split("/")[3])
    else:
        return _story(target)
    ordinal = day.toordinal() - date(2026, 1, 1).toordinal()
    numbers = [50_000 + ordinal * 2, 50_001 + ordinal * 2]
    following = day + timedelta(days=1)
    navigation = (f"<div class='calendar'><a href='/news/?date={day}'>{day.day}</a> "
                  f"<a href='/calendar/{day:%Y/%m/%d}/'>Календарь</a> "
                  f"<a href='/news/day/{following}/'>»</a></div>")
    return _page("Новости", f"<h1>Новости за {day:%d.%m.%Y}</h1><div class='news-list'>{_cards(numbers)}</div>"
                 + navigation)


def _huge() -> Responder:
    """A listing of LINKS story links (~3 MB), and its stories."""
    items = "".join(f"<li><a href='/news/{n}/'>Новость номер {n} о работе совета</a></li>" for n in range(1, LINKS + 1))
    listing = _page("Новости", f"<h1>Новости</h1><ul class='news-list'>{items}</ul>").encode("utf-8")
    return dynamic(lambda target: listing if urlsplit(target).path == "/news/" else _story(target))


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("traps")
    root = tmp / "sites"
    for name in ("endless", "same", "calendar"):
        write_news_site(root, name)
    write_news_site(root, "closed", robots="User-agent: *\nDisallow: /\n")
    write_news_site(root, "healthy")
    responders = {"endless": {"/news/*": dynamic(_endless)}, "same": {"/news/*": dynamic(_same)},
                  "calendar": {"/news/*": dynamic(_calendar)}}
    env = {"MUNEWS_MAX_PAGES_PER_SOURCE": str(BUDGET), "MUNEWS_MAX_RESPONSE_MB": "16"}
    with serve_hostile(root, None, responders) as server:
        first = crawl_sites(tmp, root, server=server, **env)
        second = crawl_sites(tmp, root, server=server, **env)
    with Store(tmp / "data" / "munews.sqlite3") as store:
        runs = list(store.runs(limit=20))
    return {"first": first, "second": second, "runs": runs}


@pytest.fixture(scope="module")
def huge(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("huge")
    root = tmp / "sites"
    write_news_site(root, "huge")
    write_news_site(root, "healthy")
    with serve_hostile(root, None, {"huge": {"/news/*": _huge()}}) as server:
        started = time.monotonic()
        result = crawl_sites(tmp, root, server=server, MUNEWS_MAX_PAGES_PER_SOURCE=str(BUDGET),
                             MUNEWS_MAX_RESPONSE_MB="16")
        return result, time.monotonic() - started


def _pages(hits: list[str]) -> list[str]:
    """Requests but robots.txt and the soft-404 probe (``/news/munews-<random>/``)."""
    return [hit for hit in hits if hit != "/robots.txt" and "/munews-" not in hit]


def test_both_crawls_succeed_and_the_healthy_source_is_whole(crawls, huge):
    for crawl in (crawls["first"], crawls["second"], huge[0]):
        assert crawl.returncode == 0, crawl.output[-3000:]
    assert crawls["first"].stored["healthy"] == set(NUMBERS)


def test_a_listing_of_100000_links_costs_bounded_time_and_the_budget_applies(huge):
    """Reliability case 12 (30,000 links here): a listing page of story links is read in bounded time
    (its links past the per-page cap ignored), the budget applies, and the other source in
    the same `munews crawl` is stored whole (it used to spin for minutes with 0 stored)."""
    result, elapsed = huge
    assert result.stored["huge"] and len(_pages(result.hits["huge"])) <= BUDGET + 1
    assert result.stored["healthy"] == set(NUMBERS)
    assert elapsed < 60, elapsed


def test_endless_pagination_with_new_stories_is_held_to_the_budget(crawls):
    """Reliability case 13: page after page of new stories: each crawl spends its budget and
    stops; the next continues the deferred queue (by design it never converges)."""
    first, second = crawls["first"], crawls["second"]
    assert len(_pages(first.hits["endless"])) <= BUDGET + 1, first.hits["endless"]
    assert len(_pages(second.hits["endless"])) <= BUDGET + 1, second.hits["endless"]
    assert first.stored["endless"] and second.stored["endless"] > first.stored["endless"]


def test_endless_pagination_of_the_same_stories_stops(crawls):
    """Reliability case 14: every page shows the same stories: the walk stops after a few
    pages, and a re-crawl costs one listing request."""
    first, second = crawls["first"], crawls["second"]
    listing = [hit for hit in first.hits["same"] if hit.startswith("/news/?") or hit == "/news/"]
    # A first crawl looks a few pages past known stories (archives hide stories further on),
    # then stops, far inside the budget.
    assert len(listing) <= 5, listing
    assert first.stored["same"] == set(NUMBERS)
    assert _pages(second.hits["same"]) == ["/news/"], second.hits["same"]


def test_a_calendar_trap_is_bounded_and_its_calendar_links_skipped(crawls):
    """Reliability case 15: «»» to the next day, each day with new stories: ``?date=`` and
    ``/calendar/`` links are never fetched, and the chain of days ends with the budget."""
    for crawl in (crawls["first"], crawls["second"]):
        hits = _pages(crawl.hits["calendar"])
        assert len(hits) <= BUDGET + 1, hits
        assert not any("date=" in hit or hit.startswith("/calendar/") for hit in hits), hits
    assert crawls["first"].stored["calendar"]


def test_robots_txt_disallowing_everything_is_obeyed(crawls):
    """Reliability case 22: ``Disallow: /``: nothing but robots.txt is fetched, and the source
    is reported as failed with the robots count."""
    first = crawls["first"]
    assert set(first.hits["closed"]) == {"/robots.txt"} and first.stored["closed"] == set()
    run = next(run for run in crawls["runs"] if run["source_id"] == "closed")
    assert run["status"] == "failed" and run["errors"].get("robots", 0) >= 1, run
    assert "FAILED" in next(line for line in first.output.splitlines() if line.startswith("closed"))
