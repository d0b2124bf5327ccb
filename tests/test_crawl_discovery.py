"""Feeds, sitemaps and robots.txt as discovery sources (parsing only; crawls are in test_crawl)."""

from __future__ import annotations

import gzip

from parsel import Selector

from spiders.discovery import feed_links, parse_feed, parse_sitemap, sitemaps_from_robots

RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Новости</title>
<item><title>Форум старост</title><link>https://smo.example/news/1/</link>
<pubDate>Mon, 27 Feb 2023 14:05:00 +0300</pubDate></item>
<item><title>Без ссылки</title></item></channel></rss>"""
ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Семинар</title>
<link rel="alternate" href="/news/2/"/><link rel="enclosure" href="/files/2.pdf"/>
<published>2023-02-28T10:00:00+03:00</published></entry></feed>"""


def test_rss_and_atom_entries():
    (entry,) = parse_feed(RSS.encode("utf-8"), "https://smo.example/feed/")
    assert (entry.url, entry.title, entry.date) == (
        "https://smo.example/news/1/", "Форум старост", "Mon, 27 Feb 2023 14:05:00 +0300")
    (entry,) = parse_feed(ATOM.encode("utf-8"), "https://smo.example/feed/")
    assert (entry.url, entry.title) == ("https://smo.example/news/2/", "Семинар")


# Reliability case 21 (docs/reliability.md).
def test_cp1251_feed_and_hostile_xml():
    body = RSS.replace("UTF-8", "windows-1251").encode("cp1251")
    assert parse_feed(body, "https://smo.example/")[0].title == "Форум старост"
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' \
           b"<rss><channel><item><title>&b;</title><link>https://smo.example/3/</link></item></channel></rss>"
    (entry,) = parse_feed(bomb, "https://smo.example/")
    assert entry.url == "https://smo.example/3/"
    assert parse_feed(b"not xml at all", "https://smo.example/") == []


def test_sitemap_index_urlset_and_news_sitemap():
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' \
            b"<sitemap><loc>https://smo.example/sitemap-news.xml</loc></sitemap></sitemapindex>"
    assert parse_sitemap(index, "https://smo.example/sitemap.xml") == (
        ["https://smo.example/sitemap-news.xml"], [])
    news = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://smo.example/n/5/</loc>
      <lastmod>2023-03-01</lastmod><news:news><news:publication><news:name>СМО</news:name>
      </news:publication><news:publication_date>2023-02-27</news:publication_date>
      <news:title>Итоги конкурса</news:title></news:news></url></urlset>""".encode()
    children, (entry,) = parse_sitemap(gzip.compress(news), "https://smo.example/sitemap-news.xml.gz")
    assert children == []
    assert (entry.url, entry.title, entry.date, entry.lastmod) == (
        "https://smo.example/n/5/", "Итоги конкурса", "2023-02-27", "2023-03-01")


def test_robots_sitemap_lines():
    robots = "User-agent: *\nDisallow: /bitrix/\nSitemap: https://smo.example/sitemap.xml\n" \
             "sitemap:/sitemap2.xml\n# Sitemap: https://commented.example/\n"
    assert sitemaps_from_robots(robots, "https://smo.example/robots.txt") == [
        "https://smo.example/sitemap.xml", "https://smo.example/sitemap2.xml"]


def test_feed_autodiscovery_skips_comment_feeds():
    html = """<html><head>
    <link rel="alternate" type="application/rss+xml" title="Лента" href="/feed/">
    <link rel="alternate" type="application/rss+xml" title="Комментарии" href="/comments/feed/">
    <link rel="alternate" type="application/atom+xml" href="https://smo.example/atom.xml">
    <link rel="alternate" hreflang="en" href="/en/"></head></html>"""
    assert feed_links(Selector(text=html).root, "https://smo.example/news/") == [
        "https://smo.example/feed/", "https://smo.example/atom.xml"]
