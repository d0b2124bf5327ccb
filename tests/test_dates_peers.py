"""Date paths that failed on other projects' suites (issue 16, ``benchmarks/peers.py``).

Each page here is made up for the case, not taken from those suites.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from crawler.cleaning.dates import RelativeDate, date_from_url, parse_date, parse_fast
from crawler.cleaning.pagedate import page_date
from crawler.cleaning.tree import parse_html

FETCHED = datetime(2024, 3, 5, 10, 0, tzinfo=timezone.utc)
PROSE = "<p>" + "Текст новости о заседании совета муниципальных образований. " * 12 + "</p>"


def _date(html: str, url: str = "https://smo.example/news/1", fetched_at: datetime | None = FETCHED
          ) -> tuple[str | None, str | None]:
    tree = parse_html(html)
    title = tree.find(".//h1")
    found, source = page_date(tree, url, title_node=title, listing_date=None, fetched_at=fetched_at,
                              tz="Europe/Moscow")
    return (found.date().isoformat() if found else None), source


def test_a_sidebar_class_on_body_does_not_hide_the_time_tag():
    html = (f'<html><body class="page has-sidebar"><div class="content"><h1>Совет собрался</h1>'
            f'<time datetime="2023-02-27T09:00:00+03:00">27 февраля</time>{PROSE}</div>'
            '<aside class="sidebar"><time datetime="2023-03-01">1 марта</time></aside></body></html>')
    assert _date(html) == ("2023-02-27", "time-tag")


def test_a_sidebar_block_still_hides_its_dates():
    html = (f'<html><body><div class="content"><h1>Совет собрался</h1>{PROSE}</div>'
            '<div class="sidebar-widget"><time datetime="2023-03-01">1 марта</time></div></body></html>')
    assert _date(html) == (None, None)


def test_json_ld_with_a_raw_tab_and_line_break_in_a_string():
    ld = '{"@type": "NewsArticle", "headline": "Совет\tсобрался\nв мэрии", "datePublished": "2023-02-27T09:00:00+03:00"}'
    html = f'<html><head><script type="application/ld+json">{ld}</script></head><body><h1>Совет</h1>{PROSE}</body></html>'
    assert _date(html) == ("2023-02-27", "json-ld")


@pytest.mark.parametrize("url", ["https://smo.example/2016/12/sovet-sobralsya.html",
                                 "https://smo.example/news/2016-12/sovet"])
def test_a_url_with_year_and_month_only_gives_no_day(url):
    assert date_from_url(url) is None
    assert _date(f"<html><body><h1>Совет собрался</h1>{PROSE}</body></html>", url=url) == (None, None)


@pytest.mark.parametrize("text, expected", [
    ("5 декабря", "2023-12-05"),  # after 5 March 2024: last year's
    ("3 марта, 14:20", "2024-03-03"),
    ("5 марта", "2024-03-05"),  # the fetch day itself
    ("December 5", "2023-12-05"),
    ("5. Dezember", "2023-12-05"),
])
def test_a_date_without_a_year_is_the_latest_past_one(text, expected):
    found = parse_date(text, fetched_at=FETCHED)
    assert isinstance(found, RelativeDate)  # only as right as the clock it was read against
    assert found.date().isoformat() == expected


def test_a_date_without_a_year_needs_a_clock():
    assert parse_date("5 декабря") is None


@pytest.mark.parametrize("text", ["16:45", "15h14", "12 Uhr", "в 09:30"])
def test_a_time_alone_is_no_date(text):
    assert parse_date(text, fetched_at=FETCHED) is None


@pytest.mark.parametrize("text, expected", [
    ("5. Dezember 2019", "2019-12-05"),
    ("Donnerstag, 15.2.2018, 19:51", "2018-02-15"),
    ("3. März 2020", "2020-03-03"),
    ("December 5, 2019", "2019-12-05"),
    ("Dec. 5th 2019, 10:30", "2019-12-05"),
    ("Posted on June 27, 2019", "2019-06-27"),
    ("27 juin 2019", "2019-06-27"),
    ("1er juillet 2019", "2019-07-01"),
    ("5 de diciembre de 2019", "2019-12-05"),
    ("12 ottobre 2020", "2020-10-12"),
])
def test_german_english_and_romance_month_names(text, expected):
    found = parse_date(text)
    assert found is not None and found.date().isoformat() == expected


@pytest.mark.parametrize("text", ["set 5 2019", "out 3 2020", "gen 12 2021"])
def test_month_first_order_is_english_only(text):
    # «set», «out», «gen» are Italian/Portuguese months but English words: month first is English.
    assert parse_fast(text) is None


def test_the_time_tag_nearest_the_title_wins():
    html = ('<html><body><header><ul class="menu"><li><time datetime="2023-03-09">9 марта</time> '
            '<span>Опрос</span></li></ul></header>'
            '<article><h1>Совет собрался</h1><p class="byline"><time datetime="2023-02-27">27 февраля 2023</time>'
            f' Автор</p>{PROSE}</article></body></html>')
    assert _date(html) == ("2023-02-27", "time-tag")


@pytest.mark.parametrize("cls, line, expected", [
    ("byline", "Von Anna Schmidt, 8.5.12", "2012-05-08"),
    ("fbdatum datum", "06.10.2017 11:15", "2017-10-06"),
    ("fecha", "5 de diciembre de 2019", "2019-12-05"),
])
def test_byline_and_other_languages_date_classes(cls, line, expected):
    html = f'<html><body><div class="post"><p class="{cls}">{line}</p>{PROSE}</div></body></html>'
    tree = parse_html(html)
    found, source = page_date(tree, "https://smo.example/news/1", title_node=None, listing_date=None,
                              fetched_at=FETCHED, tz="Europe/Moscow")
    assert (found.date().isoformat() if found else None, source) == (expected, "text")
