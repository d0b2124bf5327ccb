"""«Показать ещё» endpoints found in pages and read from their answers; story URL shapes;
page kinds of URLs on uCoz, DLE and Drupal (pure functions, no crawl)."""

from __future__ import annotations

import json

import pytest
from lxml import html

from spiders.links import Kind, classify_url, is_zero_based, page_key
from spiders.listing import read_json_listing, read_listing
from spiders.loader import find_loaders
from spiders.story_shapes import StoryShapes

PAGE = "https://smo.ru/press/news/"
DOMAINS = ("smo.ru",)


def _root(body: str):
    return html.fromstring(f"<html><body>{body}</body></html>")


@pytest.mark.parametrize("body, expected", [
    ("<button class='btn' data-url='/press/news/?ajax=Y&PAGEN_1=2'>Показать ещё</button>",
     "https://smo.ru/press/news/?ajax=Y&PAGEN_1=2"),
    ("<a href='#' class='js-more' data-href='/ajax/news?page=2'>Загрузить ещё</a>", "https://smo.ru/ajax/news?page=2"),
    ("<div class='load-more' hx-get='/press/news/more?offset=10'>…</div>", "https://smo.ru/press/news/more?offset=10"),
    ("<button class='news-more' data-page='2'>Ещё новости</button>", "https://smo.ru/press/news/?page=2"),
    ("<script>function more(p){fetch('/api/v1/news/?page=' + p).then(r => r.json())}</script>",
     "https://smo.ru/api/v1/news/?page=2"),
    ("<script type='application/json'>{\"feed\": {\"loadMoreUrl\": \"/api/feed?page={page}&size=8\"}}</script>",
     "https://smo.ru/api/feed?page=2&size=8"),
])
def test_loader_endpoints_are_read_from_the_page(body, expected):
    assert find_loaders(_root(body), PAGE) == [expected]


@pytest.mark.parametrize("body", [
    "<div class='gallery' data-url='/upload/big.jpg'>Фото</div>",  # a data-url that is no loader
    "<button data-url='/subscribe/'>Подписаться</button>",
    "<script>fetch('/api/weather')</script>",
])
def test_other_data_urls_are_not_loaders(body):
    assert find_loaders(_root(body), PAGE) == []


def test_html_fragment_answer_gives_its_stories_and_the_next_batch():
    fragment = _root("<div class='card'><a href='/press/news/12345/'>Совет провёл форум сельских старост района</a>"
                     "<span>10.03.2026</span></div>"
                     "<div class='card'><a href='/press/news/12344/'>Итоги конкурса инициативных проектов</a></div>"
                     "<button class='js-load-more' data-url='/press/news/?ajax=Y&PAGEN_1=3'>Показать ещё</button>")
    links = read_listing(fragment, "https://smo.ru/press/news/?ajax=Y&PAGEN_1=2", DOMAINS)
    assert set(links.articles) == {"https://smo.ru/press/news/12345/", "https://smo.ru/press/news/12344/"}
    assert links.loaders == ["https://smo.ru/press/news/?PAGEN_1=3&ajax=Y"]


@pytest.mark.parametrize("answer, following", [
    ({"items": [{"title": "Форум глав поселений", "url": "/news/5/", "date": "2026-03-10"},
                {"title": "Семинар для старост", "link": "https://smo.ru/news/4/"}], "next": "/api/news?offset=4"},
     ["https://smo.ru/api/news?offset=4"]),
    ({"data": {"list": [{"name": "Форум глав поселений", "detail_url": "/news/5/"},
                        {"name": "Семинар для старост", "detail_url": "/news/4/"}]}, "has_more": True},
     ["https://smo.ru/api/news?limit=2&offset=4"]),
    # Markup from /api/… is judged against the listing it extends (/news/), not the endpoint.
    ({"html": "<div class='c'><a href='/news/forum-glav/'>Форум глав поселений района</a></div>"
              "<div class='c'><a href='/news/seminar/'>Семинар для старост района</a></div>"
              "<div class='c'><a href='/news/5/'>Итоги конкурса проектов района</a></div>"
              "<div class='c'><a href='/news/4/'>Совещание по благоустройству района</a></div>", "has_more": False},
     []),
])
def test_json_answer_gives_its_stories_and_the_next_batch(answer, following):
    links = read_json_listing(json.dumps(answer, ensure_ascii=False), "https://smo.ru/api/news?offset=2&limit=2",
                              DOMAINS, listing_url="https://smo.ru/news/")
    assert {"https://smo.ru/news/5/", "https://smo.ru/news/4/"} <= set(links.articles)
    assert links.pages == following


def test_json_answer_items_off_site_or_of_skipped_kinds_are_refused():
    answer = {"items": [{"title": "Чужая новость", "url": "https://evil.example/news/1/"},
                        {"title": "Метка форум", "url": "/tag/forum/"},
                        {"title": "Положение", "url": "/upload/polozhenie.pdf"}]}
    assert read_json_listing(json.dumps(answer), PAGE, DOMAINS).articles == {}


def test_broken_or_hostile_json_answers_give_nothing():
    assert read_json_listing("{not json", PAGE, DOMAINS).articles == {}
    deep = "[" * 5000 + "]" * 5000
    assert read_json_listing(deep, PAGE, DOMAINS).articles == {}


def test_story_shapes_accept_siblings_and_refuse_menus():
    shapes = StoryShapes()
    for url in ("https://smo.ru/news/slug-a/2025-11-14-123", "https://smo.ru/news/slug-b/2025-11-10-120"):
        shapes.learn(url)
    assert shapes.matches("https://smo.ru/news/other-slug/2025-10-01-99")
    assert not shapes.matches("https://smo.ru/index/8-0-1")
    assert not shapes.matches("https://smo.ru/news/2025-11")
    shapes.learn("https://smo.ru/press/news/502/")
    assert not shapes.matches("https://smo.ru/press/news/503/"), "one example is not a shape yet"
    shapes.learn("https://smo.ru/press/news/501/")
    assert shapes.matches("https://smo.ru/press/news/503/")
    assert not shapes.matches("https://smo.ru/about/503/")


@pytest.mark.parametrize("url, kind", [
    ("https://smo.ru/news/2025-11", Kind.SKIP),  # uCoz month archive
    ("https://smo.ru/news/2025-11-14", Kind.SKIP),  # uCoz day archive
    ("https://smo.ru/news/1-0-2", Kind.SKIP),  # uCoz category page
    ("https://smo.ru/news/0-0-1-0-16-1", Kind.SKIP),
    ("https://smo.ru/news/forum-glav/2025-11-14-123", Kind.ARTICLE),  # uCoz story
    ("https://smo.ru/engine/print.php?newsid=123", Kind.SKIP),  # DLE print
    ("https://smo.ru/print:page,1,123-forum.html", Kind.SKIP),
    ("https://smo.ru/taxonomy/term/5", Kind.SKIP),  # Drupal tag
    ("https://smo.ru/news/123-forum-glav.html", Kind.ARTICLE),  # DLE story
])
def test_page_kinds_of_unseen_families(url, kind):
    assert classify_url(url, "https://smo.ru/news/") is kind


def test_zero_based_pager():
    assert is_zero_based("2", "https://smo.ru/news?page=1")
    assert not is_zero_based("2", "https://smo.ru/news?page=2")
    assert not is_zero_based("Следующая", "https://smo.ru/news?page=1")
    assert page_key("https://smo.ru/news?page=1") == page_key("https://smo.ru/news")
    assert page_key("https://smo.ru/news?page=1", zero_based=True) != page_key("https://smo.ru/news")
    assert page_key("https://smo.ru/news?page=0", zero_based=True) == page_key("https://smo.ru/news")


# Reliability case 12 (docs/reliability.md).
def test_a_listing_of_100000_links_is_read_up_to_the_cap():
    from spiders.listing import MAX_LINKS_PER_PAGE

    items = "".join(f"<li><a href='/news/{i}/'>Новость номер {i} о работе совета</a></li>" for i in range(100_000))
    links = read_listing(_root(f"<ul>{items}</ul>"), "https://smo.ru/news/", DOMAINS)
    assert len(links.articles) == MAX_LINKS_PER_PAGE
    assert links.counts["ignored-over-cap"] == 100_000 - MAX_LINKS_PER_PAGE


def test_item_containers_stop_below_the_next_story():
    # Each item's heading and date belong to its own story, not to its neighbour's.
    items = "".join(f"<div class='item'><h3>Форум глав поселений номер {i}</h3><span>0{i}.02.2024</span>"
                    f"<a href='/news/{1000 + i}/'>Подробнее</a></div>" for i in range(1, 6))
    links = read_listing(_root(f"<div class='list'>{items}</div>"), "https://smo.ru/news/", DOMAINS)
    info = links.articles["https://smo.ru/news/1003/"]
    assert (info.listing_title, info.listing_date) == ("Форум глав поселений номер 3", "03.02.2024")
