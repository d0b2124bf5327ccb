"""Output escaping units: snippets keep only balanced <mark>, links only http(s) URLs."""

from __future__ import annotations

import feedparser
import pytest

from indexer.documents import SearchHit
from search_api.feed import build_feed
from search_api.snippets import http_url, plain_snippet, safe_snippet
from search_api.templating import templates


# Reliability case 34 (docs/reliability.md).
@pytest.mark.parametrize("raw, expected", [
    ("a <mark>b</mark> c", "a <mark>b</mark> c"),
    ("&lt;script&gt;x <mark>y</mark>", "&lt;script&gt;x <mark>y</mark>"),  # not double-escaped
    ("<script>alert(1)</script> <mark>y</mark>", "&lt;script&gt;alert(1)&lt;/script&gt; <mark>y</mark>"),
    ('<img src=x onerror="a()">', "&lt;img src=x onerror=&quot;a()&quot;&gt;"),
    ("<mark>open", "<mark>open</mark>"),  # an unbalanced mark is closed
    ("close</mark> <MARK>x</MARK>", "close <mark>x</mark>"),  # a stray closing tag dropped
    ('<mark onclick="x()">y</mark>', "&lt;mark onclick=&quot;x()&quot;&gt;y"),  # only the bare tag
    ("bell\x07 and nul\x00", "bell and nul"),
])
def test_safe_snippet(raw, expected):
    assert safe_snippet(raw) == expected


def test_plain_snippet_has_no_markup():
    assert plain_snippet("a <mark>b</mark> &amp; c") == "a b & c"


@pytest.mark.parametrize("url, expected", [
    ("https://smo.example.ru/news/1", "https://smo.example.ru/news/1"),
    ("HTTP://X.RU/a", "HTTP://X.RU/a"),
    ("javascript:alert(1)", ""), (" JavaScript:alert(1)", ""), ("data:text/html,x", ""),
    ("//evil.example/x", ""), ("", ""), (None, ""),
])
def test_only_http_urls_become_links(url, expected):
    assert http_url(url) == expected


def _hit(url: str) -> SearchHit:
    return SearchHit(id="a1", url=url, title="T", source_id="s", source_name="S", region="R",
                     published_at="2024-05-01T10:00:00+03:00", snippet="x")


# Reliability case 34 (docs/reliability.md).
def test_a_javascript_url_is_never_a_link_on_the_page_or_in_the_feed():
    macros = templates.env.get_template("_macros.html").module
    html = str(macros.hit_item(_hit("javascript:alert(1)")))
    assert "javascript:" not in html and 'href="/articles/a1"' in html
    feed = feedparser.parse(build_feed([_hit("javascript:alert(1)")], title="t", feed_id="f",
                                       self_url="http://h/f", html_url="http://h/",
                                       article_url="http://h/articles/{id}"))
    assert not feed.bozo
    assert [link.href for link in feed.entries[0].links] == ["http://h/articles/a1"]


def test_public_surface_is_the_factory():
    import search_api

    assert search_api.__all__ == ["create_app"] and callable(search_api.create_app)
