"""Unit tests of Russian date parsing and of picking the publication date of a page."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from crawler.cleaning.dates import (
    RelativeDate,
    date_from_url,
    find_labelled_date,
    parse_date,
    parse_fast,
    to_iso,
)
from crawler.cleaning.pagedate import page_date
from crawler.cleaning.tree import parse_html

# 10:00 UTC is 13:00 in Moscow; 23:30 UTC is already the next day in Moscow.
FETCHED = datetime(2024, 3, 5, 10, 0, tzinfo=timezone.utc)
LATE = datetime(2024, 3, 5, 23, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, expected", [
    ("27 февраля 2023 года", "2023-02-27T00:00:00+03:00"),
    ("27 февраля 2023 г.", "2023-02-27T00:00:00+03:00"),
    ("27.02.2023 14:05", "2023-02-27T14:05:00+03:00"),
    ("27.02.23", "2023-02-27T00:00:00+03:00"),
    ("27/02/2023", "2023-02-27T00:00:00+03:00"),
    ("Опубликовано: 19 февраля 2020", "2020-02-19T00:00:00+03:00"),
    ("1 декабря 2022 г. в 12:30", "2022-12-01T12:30:00+03:00"),
    ("3 мая 2021, 09:15", "2021-05-03T09:15:00+03:00"),
    ("12 мар. 2021", "2021-03-12T00:00:00+03:00"),
    ("5 сентября 2019 года", "2019-09-05T00:00:00+03:00"),
    ("2023-02-27T10:00:00+05:00", "2023-02-27T10:00:00+05:00"),
    ("2023-02-27T07:00:00Z", "2023-02-27T07:00:00+00:00"),
    ("2023-02-27", "2023-02-27T00:00:00+03:00"),
    ("31.02.2023", None),  # no such day
    ("телефон 8-800-200-00-00", None),
])
def test_parse_forms(text, expected):
    found = parse_date(text, fetched_at=FETCHED)
    assert (to_iso(found) if found else None) == expected


@pytest.mark.parametrize("text, fetched, expected", [
    ("сегодня, 14:05", FETCHED, "2024-03-05T14:05:00+03:00"),
    ("Сегодня в 09:30", FETCHED, "2024-03-05T09:30:00+03:00"),
    ("вчера", FETCHED, "2024-03-04T00:00:00+03:00"),
    ("вчера, 18:40", FETCHED, "2024-03-04T18:40:00+03:00"),
    ("позавчера", FETCHED, "2024-03-03T00:00:00+03:00"),
    # 23:30 UTC on 5 March is 02:30 on 6 March in Moscow: «сегодня» is the 6th there.
    ("сегодня", LATE, "2024-03-06T00:00:00+03:00"),
    # A day count names a day, not the crawler's hour: like «позавчера», midnight.
    ("2 дня назад", FETCHED, "2024-03-03T00:00:00+03:00"),
    ("5 минут назад", FETCHED, "2024-03-05T12:55:00+03:00"),
    ("2 часа назад", FETCHED, "2024-03-05T11:00:00+03:00"),
    ("час назад", FETCHED, "2024-03-05T12:00:00+03:00"),
    ("одну неделю назад", FETCHED, "2024-02-27T00:00:00+03:00"),
    ("только что", FETCHED, "2024-03-05T13:00:00+03:00"),
    # 5 March 2024 is a Tuesday: «в понедельник» is the 4th, «в воскресенье» the 3rd.
    ("в понедельник, 14:20", FETCHED, "2024-03-04T14:20:00+03:00"),
    ("Воскресенье в 09:05", FETCHED, "2024-03-03T09:05:00+03:00"),
    ("во вторник, 08:00", FETCHED, "2024-02-27T08:00:00+03:00"),
])
def test_relative_dates_against_fetch_time(text, fetched, expected):
    found = parse_date(text, fetched_at=fetched)
    assert to_iso(found) == expected
    assert isinstance(found, RelativeDate)


# The acceptance case: a server in UTC+7 whose clock (HTTP Date) reads 17:30 UTC, already
# 00:30 of the next day there; the crawler's own clock is months later.
SERVER_CLOCK = datetime(2026, 3, 10, 17, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, expected", [
    ("Сегодня, 00:10", "2026-03-11T00:10:00+07:00"),
    ("Вчера, 23:50", "2026-03-10T23:50:00+07:00"),
    ("позавчера, 12:00", "2026-03-09T12:00:00+07:00"),
    ("20 минут назад", "2026-03-11T00:10:00+07:00"),
    ("3 часа назад", "2026-03-10T21:30:00+07:00"),
    ("в понедельник, 10:00", "2026-03-09T10:00:00+07:00"),
])
def test_relative_dates_take_the_local_day_of_the_server_clock(text, expected):
    found = parse_date(text, fetched_at=SERVER_CLOCK, tz="Asia/Novosibirsk")
    assert to_iso(found) == expected


@pytest.mark.parametrize("text", ["Три дня назад в районе прошёл форум сельских старост, "
                                  "в котором приняли участие более двухсот человек",
                                  "в понедельник состоится совещание глав поселений"])
def test_relative_words_in_prose_are_not_dates(text):
    assert parse_fast(text, fetched_at=FETCHED) is None


@pytest.mark.parametrize("text, expected", [
    ("Tue, 10 Mar 2026 17:30:00 +0700", "2026-03-10T17:30:00+07:00"),
    ("Fri, 14 Nov 2025 09:30:00 +0500", "2025-11-14T09:30:00+05:00"),
    ("Mon, 09 Mar 2026 10:00:00 GMT", "2026-03-09T10:00:00+00:00"),
])
def test_feed_dates_keep_their_offset(text, expected):
    # The source's zone must not replace an offset the feed states.
    assert to_iso(parse_date(text, tz="Europe/Moscow")) == expected


def test_relative_date_without_fetch_time_is_unknown():
    assert parse_fast("вчера") is None


@pytest.mark.parametrize("tz, expected", [
    ("Europe/Moscow", "2023-02-27T14:05:00+03:00"),
    ("Asia/Yekaterinburg", "2023-02-27T14:05:00+05:00"),
    ("Europe/Kaliningrad", "2023-02-27T14:05:00+02:00"),
])
def test_timezone_is_configurable(tz, expected):
    assert to_iso(parse_date("27.02.2023 14:05", tz=tz)) == expected


def test_explicit_offset_wins_over_configured_timezone():
    assert to_iso(parse_date("2023-02-27T10:00:00+05:00", tz="Europe/Kaliningrad")) == "2023-02-27T10:00:00+05:00"


@pytest.mark.parametrize("text, expected", [
    ("Обновлено: 03.02.2023\nОпубликовано: 01.02.2023", "2023-02-01"),
    ("Опубликовано: 01.02.2023 Обновлено: 03.02.2023", "2023-02-01"),
    ("Дата изменения: 10.05.2022 | 07.05.2022", "2022-05-07"),
    ("12.01.2024 | Новости | Просмотров: 15", "2024-01-12"),
])
def test_publication_date_preferred_over_update(text, expected):
    assert find_labelled_date(text).date().isoformat() == expected


@pytest.mark.parametrize("url, expected", [
    ("https://asmobel.ru/2023/02/27/klub/", "2023-02-27"),
    ("https://smo.ru/news/2021-11-03-forum.html", "2021-11-03"),
    ("https://smo.ru/news/20190514_seminar", "2019-05-14"),
    ("https://smo.ru/news/2022/07/", None),  # no day: unknown beats a made-up 01
    ("https://smo.ru/2016/12/python-release.html", None),
    ("https://smo.ru/news/1843/", None),
])
def test_date_in_url(url, expected):
    found = date_from_url(url)
    assert (found.date().isoformat() if found else None) == expected


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize("head, body, listing, source, expected", [
    (('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-02-27T09:00:00+03:00",'
      '"dateModified":"2023-03-01T09:00:00+03:00"}</script>'), "<h1>Заголовок статьи</h1>", None,
     "json-ld", "2023-02-27T09:00:00+03:00"),
    (('<meta property="article:modified_time" content="2023-03-01T09:00:00+03:00">'
      '<meta property="article:published_time" content="2023-02-27T09:00:00+03:00">'),
     "<h1>Заголовок статьи</h1>", None, "meta", "2023-02-27T09:00:00+03:00"),
    ("", ('<h1>Заголовок</h1><time class="updated" datetime="2023-03-01">1 марта</time>'
          '<time datetime="2023-02-27T09:00">27 февраля</time>'), None, "time-tag", "2023-02-27T09:00:00+03:00"),
    ("", "<h1>Заголовок статьи</h1><p>Опубликовано: 19 февраля 2020</p><p>" + "Текст. " * 40 + "</p>",
     None, "text", "2020-02-19T00:00:00+03:00"),
    ("", "<h1>Заголовок статьи</h1><p>" + "20 марта 2019 года прошло заседание. " * 10 + "</p>",
     "15.03.2019", "listing", "2019-03-15T00:00:00+03:00"),
    ("", "<h1>Заголовок статьи</h1><p>Текст без даты.</p>", None, "url", "2022-07-14T00:00:00+03:00"),
])
def test_page_date_sources_in_order(head, body, listing, source, expected):
    tree = parse_html(_page(head, body))
    title = tree.find(".//h1")
    found, found_source = page_date(tree, "https://smo.ru/2022/07/14/x/", title_node=title,
                                    listing_date=listing, fetched_at=FETCHED, tz="Europe/Moscow")
    assert (found_source, to_iso(found)) == (source, expected)


def test_dates_in_related_news_are_not_the_publication_date():
    body = ('<h1>Заголовок статьи</h1><div class="content"><p>' + "Текст. " * 40 + "</p></div>"
            '<div class="related"><time datetime="2024-01-01">1 января</time></div>')
    found, source = page_date(parse_html(_page("", body)), "https://smo.ru/news/1/", title_node=None,
                              listing_date="10.12.2023", fetched_at=FETCHED, tz="Europe/Moscow")
    assert (source, found.date().isoformat()) == ("listing", "2023-12-10")


def test_relative_page_date_says_it_is_relative():
    tree = parse_html("<html><body><h1>Форум старост в районе</h1><div class='date'>Вчера, 23:50</div>"
                      "<p>Текст новости о форуме.</p></body></html>")
    found, source = page_date(tree, "http://x/news/1-forum.html", title_node=tree.find(".//h1"),
                              listing_date=None, fetched_at=SERVER_CLOCK, tz="Asia/Novosibirsk")
    assert to_iso(found) == "2026-03-10T23:50:00+07:00"
    assert source == "text:relative"


@pytest.mark.parametrize("server_date, clock, expected", [
    ("Tue, 10 Mar 2026 17:30:00 GMT", "server-date", "2026-03-10T17:30:00+00:00"),
    (None, "fetch-time", "2026-12-07T08:00:00+00:00"),
    ("garbage", "fetch-time", "2026-12-07T08:00:00+00:00"),
    # A server clock days ahead of ours is broken, not a zone.
    ("Thu, 10 Dec 2026 17:30:00 GMT", "fetch-time", "2026-12-07T08:00:00+00:00"),
])
def test_relative_dates_are_read_against_the_server_clock_when_sane(server_date, clock, expected):
    from crawler.items import PageItem
    from crawler.pipelines import reference_clock

    item = PageItem(url="http://x/1", source_id="s", html="", fetched_at="2026-12-07T08:00:00+00:00",
                    server_date=server_date)
    reference, name = reference_clock(item)
    assert (to_iso(reference), name) == (expected, clock)
