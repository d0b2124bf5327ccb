"""Hostile markup and XML: 20,000 nested ``<div>``, an XXE ``DOCTYPE`` in HTML, a PNG served as
``text/html``, an empty 200; feeds and a sitemap with external entities (a local file, an
``http`` URL, a parameter-entity DTD) and a billion-laughs feed. One real crawl on 127.0.0.1,
with a "peer" server (not a source) that no entity may make the crawler fetch from.
"""

from __future__ import annotations

import base64

import pytest

from crawler.demo.server import serve_sites
from indexer.store import Store
from tests.hostile.sites import NUMBERS, crawl_sites, write_news_site
from tests.test_crawl_loader import _cards, _write_articles

MAX_RSS_MB = 400
#: A 1×1 PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
DEPTH = 20_000
#: Unclosed ``<div>`` before a story: past libxml2's default depth limit (256).
UNCLOSED = 300


def _feed(peer: str, story: int, title: str) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
            f'<!ENTITY ext SYSTEM "{peer}/ext.txt">\n<!ENTITY % dtd SYSTEM "{peer}/evil.dtd">\n%dtd;\n]>\n'
            f'<rss version="2.0"><channel><title>Новости &xxe;&ext;</title><item><title>{title} &xxe;&ext;</title>'
            f"<link>{{{{ORIGIN}}}}/news/{story}/</link></item></channel></rss>")


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                            for i in range(1, 10))
                  + ']><rss version="2.0"><channel><item><title>&lol9;</title>'
                    "<link>{{ORIGIN}}/news/702/</link></item></channel></rss>")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("markup")
    peer_root, root = tmp / "peer", tmp / "sites"
    peer = write_news_site(peer_root, "peer")
    (peer / "ext.txt").write_text("EXTERNAL-ENTITY-FETCHED", encoding="utf-8")
    (peer / "evil.dtd").write_text('<!ENTITY leak "PARAMETER-ENTITY-FETCHED">', encoding="utf-8")
    site = write_news_site(root, "markup")
    # Stories found only through the feeds and the sitemap (701-703), and one behind unclosed
    # tags (801), each with its own text (shared text would be learned as the site's template).
    _write_articles(site, [701, 702, 703, 801])
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: {{ORIGIN}}/sitemap.xml\n", "utf-8")
    write_news_site(root, "healthy")
    encodings = write_news_site(root, "encodings")
    for number, codec in ((605, "cp1251"), (604, "utf-16")):  # both served as charset=utf-8
        page = encodings / "news" / str(number) / "index.html"
        page.write_bytes(page.read_text("utf-8").replace("<meta charset='utf-8'>", "").encode(codec))
    news = site / "news"
    story = (news / "605" / "index.html").read_text("utf-8")
    nested = "<div>" * DEPTH + "глубина" + "</div>" * DEPTH
    (news / "605" / "index.html").write_text(story.replace("<aside>", "<aside>" + nested, 1), "utf-8")
    story = (news / "801" / "index.html").read_text("utf-8")
    unclosed = "<div class='menu-item'><a href='/about/'>О совете</a>" * UNCLOSED
    (news / "801" / "index.html").write_text(story.replace("<main>", unclosed + "<main>", 1), "utf-8")
    xxe_page = (news / "604" / "index.html").read_text("utf-8").replace(
        "<html>", '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html>', 1).replace(
        "</h1>", "</h1><p>Сущность: &xxe; конец.</p>", 1)
    (news / "604" / "index.html").write_text(xxe_page, "utf-8")
    (news / "603" / "index.html").write_bytes(PNG)  # served as text/html
    (news / "602" / "index.html").write_bytes(b"")  # an empty 200
    listing = news / "index.html"
    listing.write_text(listing.read_text("utf-8").replace(
        "<title>", "<link rel='alternate' type='application/rss+xml' href='/feed.xml'>"
                   "<link rel='alternate' type='application/rss+xml' href='/laughs.xml'><title>").replace(
        "<div class='news-list'>", "<div class='news-list'>" + _cards([801])), "utf-8")
    with serve_sites(peer_root) as peer_server:
        origin = peer_server.url("peer").rstrip("/")
        (site / "feed.xml").write_text(_feed(origin, 701, "Новость из ленты"), "utf-8")
        (site / "laughs.xml").write_text(BILLION_LAUGHS, "utf-8")
        (site / "sitemap.xml").write_text(
            f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
            f'<!ENTITY ext SYSTEM "{origin}/ext.txt">]><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<url><loc>{{ORIGIN}}/news/703/&xxe;&ext;</loc></url><url><loc>{{ORIGIN}}/news/703/</loc></url></urlset>",
            "utf-8")
        result = crawl_sites(tmp, root, MUNEWS_MAX_RESPONSE_MB="8")
        peer_hits = peer_server.hits("peer")
    with Store(tmp / "data" / "munews.sqlite3") as store:
        articles = {int(a.url.rstrip("/").rsplit("/", 1)[-1]): a for a in store.iter_articles("markup")}
        decoded = {int(a.url.rstrip("/").rsplit("/", 1)[-1]): a for a in store.iter_articles("encodings")}
        dump = "\n".join(" ".join(str(value) for value in row) for row in store.connection.execute(
            "SELECT url, title, text, lead, author FROM articles"))
        runs = {run["source_id"]: run for run in store.runs(limit=10)}
    return {"result": result, "peer_hits": peer_hits, "articles": articles, "dump": dump, "runs": runs,
            "decoded": decoded}


def test_the_crawl_succeeds_and_the_healthy_source_is_whole(crawl):
    result = crawl["result"]
    assert result.returncode == 0, result.output[-3000:]
    assert result.stored["healthy"] == set(NUMBERS)
    assert result.peak_rss_mb < MAX_RSS_MB, result.peak_rss_mb


def test_deeply_nested_markup_is_parsed_and_stored(crawl):
    """Reliability case 16: 20,000 nested ``<div>`` on a story's page (beside the story):
    parsed, the story stored whole, the crawl's memory bounded."""
    article = crawl["articles"][605]
    assert article.title.endswith("605") and len(article.text) > 500
    assert crawl["result"].peak_rss_mb < MAX_RSS_MB


def test_a_story_behind_hundreds_of_unclosed_tags_is_stored(crawl):
    """Reliability case 16, harder: a story after 300 unclosed ``<div>`` (broken markup, not
    an attack) is stored."""
    assert 801 in crawl["articles"]


def test_an_xxe_doctype_in_html_reads_no_file(crawl):
    """Reliability case 16: an XXE ``DOCTYPE`` in an HTML page: stored, the entity left as
    text, no local file read."""
    article = crawl["articles"][604]
    assert "Сущность:" in article.text and "root:x:0:0" not in article.text


def test_binary_and_empty_pages_are_dropped_as_not_html(crawl):
    """Reliability case 19: a PNG served as ``text/html`` and an empty 200 are not articles."""
    assert 603 not in crawl["articles"] and 602 not in crawl["articles"]
    assert crawl["runs"]["markup"]["errors"].get("cleaning/not-html", 0) >= 2, crawl["runs"]["markup"]["errors"]


def test_external_entities_in_feeds_and_sitemaps_are_never_resolved(crawl):
    """Reliability case 21: feeds and a sitemap with ``<!ENTITY … SYSTEM "file:///etc/passwd">``,
    an external ``http`` entity and a parameter-entity DTD, and a billion-laughs feed: no file
    content anywhere in the store, no request to the entity's server, memory bounded; the
    feed's and the sitemap's own entries are still used."""
    hits = crawl["result"].hits["markup"]
    assert {"/feed.xml", "/laughs.xml", "/sitemap.xml"} <= set(hits), hits
    assert crawl["peer_hits"] == []
    for leaked in ("root:x:0:0", "EXTERNAL-ENTITY-FETCHED", "PARAMETER-ENTITY-FETCHED", "lollollol"):
        assert leaked not in crawl["dump"]
    assert {701, 703} <= set(crawl["articles"])


def test_pages_in_another_encoding_than_declared_are_repaired(crawl):
    """Reliability case 17: cp1251 bytes and UTF-16 bytes, both under ``charset=utf-8``, are
    decoded right (the KOI8-R behind windows-1251 of case 18 is in tests/test_crawl_encoding.py)."""
    decoded = crawl["decoded"]
    assert set(decoded) == set(NUMBERS)
    for number in (605, 604):
        article = decoded[number]
        assert article.title == f"Совет обсудил практику поселений, выпуск номер {number}", article.title
        assert "\ufffd" not in article.text and not any(mark in article.text for mark in ("Ð", "Ñ", "Р°"))
