"""URL canonicalisation and link classification tables."""

from __future__ import annotations

import pytest

from crawler.urls import canonicalize, host_of, in_domains
from spiders.links import Kind, LinkRules, classify_url, page_number


@pytest.mark.parametrize("raw,canonical", [
    ("HTTP://WWW.Example.RU:80/news/1/", "http://www.example.ru/news/1/"),
    ("https://a.ru:443/news/1/#comments", "https://a.ru/news/1/"),
    ("https://a.ru:8443/news/1/", "https://a.ru:8443/news/1/"),
    ("https://a.ru", "https://a.ru/"),
    ("https://a.ru/news/1/?utm_source=vk&utm_medium=social&utm_campaign=x", "https://a.ru/news/1/"),
    ("https://a.ru/news/1/?fbclid=abc&yclid=1&gclid=2&ysclid=3&_openstat=4", "https://a.ru/news/1/"),
    ("https://a.ru/news/?ELEMENT_ID=5&PHPSESSID=abc", "https://a.ru/news/?ELEMENT_ID=5"),
    ("https://a.ru/news/1/;jsessionid=ABC123", "https://a.ru/news/1/"),
    # print and version variants of one article
    ("https://a.ru/news/501/?print=Y", "https://a.ru/news/501/"),
    ("https://a.ru/novosti/121-slug.html?tmpl=component&print=1", "https://a.ru/novosti/121-slug.html"),
    ("https://a.ru/2023/02/27/slug/print/", "https://a.ru/2023/02/27/slug/"),
    ("https://a.ru/print/news/7", "https://a.ru/news/7"),
    ("https://a.ru/news.php?id=7&version=print", "https://a.ru/news.php?id=7"),
    ("https://a.ru/news.php?id=7&type=print", "https://a.ru/news.php?id=7"),
    ("https://a.ru/index.php?newsid=7&do=print", "https://a.ru/?newsid=7"),
    # index documents are the directory itself
    ("https://a.ru/news/index.php?ELEMENT_ID=5", "https://a.ru/news/?ELEMENT_ID=5"),
    ("https://a.ru/news/index.html", "https://a.ru/news/"),
    # parameter order does not make another page
    ("https://a.ru/view.php?b=2&id=7", "https://a.ru/view.php?b=2&id=7"),
    ("https://a.ru/view.php?id=7&b=2", "https://a.ru/view.php?b=2&id=7"),
    ("https://a.ru/news/?page2&utm_source=x", "https://a.ru/news/?page2"),  # uCoz bare key
    ("https://a.ru/search?q=%D1%84%D0%BE%D1%80%D1%83%D0%BC&x=", "https://a.ru/search?q=%D1%84%D0%BE%D1%80%D1%83%D0%BC&x="),
])
def test_canonicalize(raw, canonical):
    assert canonicalize(raw) == canonical
    assert canonicalize(canonical) == canonical  # idempotent


@pytest.mark.parametrize("first,second", [
    ("https://a.ru/news/detail.php?ID=1", "https://a.ru/news/detail.php?ID=2"),
    ("https://a.ru/news.php?id=17", "https://a.ru/news.php?id=18"),
    ("https://a.ru/news/?PAGEN_1=2", "https://a.ru/news/?PAGEN_1=3"),
    ("https://a.ru/news/1", "https://b.ru/news/1"),
    ("https://a.ru/news/print-media-forum/", "https://a.ru/news/"),  # "print" inside a slug
    ("https://a.ru/news/1/", "https://a.ru/news/1/?page=2"),
])
def test_distinct_articles_are_not_merged(first, second):
    assert canonicalize(first) != canonicalize(second)


def test_cyrillic_paths_are_percent_encoded_consistently():
    assert canonicalize("https://a.ru/новости/1/") == canonicalize(
        "https://a.ru/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1/")


def test_domains():
    assert host_of("https://WWW.Asmobel.ru/news/") == "asmobel.ru"
    assert in_domains("https://news.asmobel.ru/x", ("asmobel.ru",))
    assert not in_domains("https://asmobel.ru.evil.example/x", ("asmobel.ru",))
    assert not in_domains("https://notasmobel.ru/x", ("asmobel.ru",))
    assert not in_domains("ftp://asmobel.ru/x", ("asmobel.ru",))


LISTING = "https://a.ru/news/"


@pytest.mark.parametrize("url,listing,kind", [
    # articles across CMS families
    ("https://a.ru/2023/02/27/klub-masterskaya-praktik/", LISTING, Kind.ARTICLE),
    ("https://a.ru/news/501/", LISTING, Kind.ARTICLE),
    ("https://a.ru/news/detail.php?ID=502", LISTING, Kind.ARTICLE),
    ("https://a.ru/novosti/121-forum-territorii-rosta.html", "https://a.ru/novosti.html", Kind.ARTICLE),
    ("https://a.ru/1234-vstrecha-glav-poseleniy.html", "https://a.ru/", Kind.ARTICLE),
    ("https://a.ru/news_view.php?id=17", "https://a.ru/news.php", Kind.ARTICLE),
    ("https://a.ru/news/zasedanie-pravleniya-assotsiatsii/", LISTING, Kind.ARTICLE),
    ("https://a.ru/?p=123", LISTING, Kind.ARTICLE),
    ("https://a.ru/index.php?option=com_content&view=article&id=122:grant&catid=8", LISTING,
     Kind.ARTICLE),  # non-SEF Joomla
    ("https://a.ru/index.php?newsid=1234", LISTING, Kind.ARTICLE),  # DLE without SEF
    ("https://a.ru/news/?id=5&lang=ru", LISTING, Kind.ARTICLE),
    # pagination
    ("https://a.ru/news/page/2/", LISTING, Kind.PAGINATION),
    ("https://a.ru/news/?PAGEN_1=2", LISTING, Kind.PAGINATION),
    ("https://a.ru/novosti.html?start=10", "https://a.ru/novosti.html", Kind.PAGINATION),
    ("https://a.ru/news.php?page=3", "https://a.ru/news.php", Kind.PAGINATION),
    ("https://a.ru/news/?page2", "https://a.ru/news/", Kind.PAGINATION),  # uCoz
    ("https://a.ru/news/2021-02-27-123", "https://a.ru/news/", Kind.ARTICLE),  # uCoz
    ("https://a.ru/news/page/3/", "https://a.ru/news/page/2/", Kind.PAGINATION),
    # documents
    ("https://a.ru/upload/iblock/3f2/polozhenie.pdf", LISTING, Kind.DOCUMENT),
    ("https://a.ru/files/plan-2023.DOCX", LISTING, Kind.DOCUMENT),
    ("https://a.ru/docs/ustav.rtf", LISTING, Kind.DOCUMENT),
    ("https://a.ru/files/forms.zip", LISTING, Kind.DOCUMENT),
    # tag, category, archive, calendar, search, login, feed pages
    ("https://a.ru/tag/forum/", LISTING, Kind.SKIP),
    ("https://a.ru/category/novosti/", LISTING, Kind.SKIP),
    ("https://a.ru/2023/02/", LISTING, Kind.SKIP),
    ("https://a.ru/2023/02/27/", LISTING, Kind.SKIP),
    ("https://a.ru/news/2023/", LISTING, Kind.OTHER),  # a year or article 2023: the listing decides
    ("https://a.ru/2023/", LISTING, Kind.SKIP),
    ("https://a.ru/news/2023/05/", LISTING, Kind.SKIP),
    ("https://a.ru/news/?DATE=2023-02-10", LISTING, Kind.SKIP),
    ("https://a.ru/news/?year=2023&month=3", LISTING, Kind.SKIP),
    ("https://a.ru/?m=202302", LISTING, Kind.SKIP),
    ("https://a.ru/?s=форум", LISTING, Kind.SKIP),
    ("https://a.ru/index.php?option=com_content&view=category&layout=blog&id=8&format=feed", LISTING,
     Kind.SKIP),
    ("https://a.ru/search/?q=форум", LISTING, Kind.SKIP),
    ("https://a.ru/wp-login.php", LISTING, Kind.SKIP),
    ("https://a.ru/auth/?login=yes", LISTING, Kind.SKIP),
    ("https://a.ru/feed/", LISTING, Kind.SKIP),
    ("https://a.ru/component/tags/tag/forum.html", LISTING, Kind.SKIP),
    ("https://a.ru/calendar/2023-02-27/", LISTING, Kind.SKIP),
    # menu pages
    ("https://a.ru/kontakty/", LISTING, Kind.OTHER),
    ("https://a.ru/o-sovete/", LISTING, Kind.OTHER),
    ("https://a.ru/", LISTING, Kind.OTHER),
])
def test_classify_url(url, listing, kind):
    assert classify_url(canonicalize(url), canonicalize(listing)) is kind


def test_source_hints_override_heuristics():
    rules = LinkRules(article=__import__("re").compile(r"/press/\w+$"),
                      exclude=__import__("re").compile(r"/news/999/"),
                      listing=__import__("re").compile(r"/press/list-\d+$"))
    assert classify_url("https://a.ru/press/short", LISTING, rules) is Kind.ARTICLE
    assert classify_url("https://a.ru/news/999/", LISTING, rules) is Kind.SKIP
    assert classify_url("https://a.ru/press/list-2", LISTING, rules) is Kind.PAGINATION


@pytest.mark.parametrize("url,number", [
    ("https://a.ru/news/page/4/", 4), ("https://a.ru/news/?PAGEN_1=3", 3),
    ("https://a.ru/x.html?start=20", 20), ("https://a.ru/news/", None), ("https://a.ru/news/?page7", 7),
])
def test_page_number(url, number):
    assert page_number(url) == number


@pytest.mark.parametrize("current,pages,expected", [
    ("https://a.ru/news/", ["https://a.ru/news/?PAGEN_1=1", "https://a.ru/news/?PAGEN_1=2",
                            "https://a.ru/news/?PAGEN_1=9"], "https://a.ru/news/?PAGEN_1=2"),
    ("https://a.ru/news/page/3/", ["https://a.ru/news/page/2/", "https://a.ru/news/page/4/",
                                   "https://a.ru/news/page/20/"], "https://a.ru/news/page/4/"),
    ("https://a.ru/n.html?start=10", ["https://a.ru/n.html", "https://a.ru/n.html?start=20"],
     "https://a.ru/n.html?start=20"),
    ("https://a.ru/news/", ["https://a.ru/news/?cursor=abc"], "https://a.ru/news/?cursor=abc"),
    ("https://a.ru/news/page/5/", ["https://a.ru/news/page/4/"], None),
])
def test_next_page_walks_forward_one_page(current, pages, expected):
    from spiders.links import next_page, page_key

    assert next_page(current, pages, {page_key(current)}) == expected


# Reliability case 2 (docs/reliability.md).
@pytest.mark.parametrize("url, domains, inside", [
    ("https://smo.ru/news/1/", ("smo.ru",), True),
    ("http://smo.ru:80/news/1/", ("smo.ru",), True),
    ("https://news.smo.ru/1/", ("smo.ru",), True),
    ("https://smo.ru:8443/news/1/", ("smo.ru",), False),  # another port: another server
    ("http://127.0.0.1:41235/news/", ("127.0.0.1:41234",), False),
    ("http://127.0.0.1:41234/news/", ("127.0.0.1:41234",), True),
    ("http://127.0.0.1/news/", ("127.0.0.1:41234",), False),
    ("https://smo.ru:99999/", ("smo.ru",), False),
    ("ftp://smo.ru/file", ("smo.ru",), False),
])
def test_same_origin_includes_the_port(url, domains, inside):
    assert in_domains(url, domains) is inside


# Reliability case 2 (docs/reliability.md).
def test_source_domains_keep_non_default_ports():
    from indexer.sources import Source

    source = Source(id="s", name="S", region="R", start_urls=("http://127.0.0.1:41234/news/",),
                    feeds=("https://www.smo.ru/feed/",))
    assert source.domains == ("127.0.0.1:41234", "smo.ru")
