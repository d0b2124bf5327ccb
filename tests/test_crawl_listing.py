"""Reading a listing page: article links, what the listing says about them, further pages."""

from __future__ import annotations

from parsel import Selector

from spiders.listing import read_listing

URL = "https://smo.example/press/"
DOMAINS = ("smo.example",)


def read(html: str, url: str = URL):
    return read_listing(Selector(text=html).root, url, DOMAINS)


def test_repeated_block_makes_articles_of_plain_slugs_but_not_of_the_menu():
    # /press/vstrecha-glav/ has no id, no date and a two-word slug: only the block says "article".
    items = "".join(
        f'<div class="item"><span class="date">0{n}.03.2024</span>'
        f'<a href="/press/{slug}/">Новость о работе совета номер {n} в районе</a></div>'
        for n, slug in enumerate(["vstrecha-glav", "forum-tos", "seminar-deputatov"], 1))
    menu = ('<ul class="menu"><li><a href="/press/about/">О нас</a></li>'
            '<li><a href="/press/team/">Команда</a></li><li><a href="/press/map/">Карта</a></li></ul>')
    links = read(f"<html><body>{menu}<div class='list'>{items}</div></body></html>")
    assert sorted(links.articles) == [f"https://smo.example/press/{s}/" for s in
                                      ("forum-tos", "seminar-deputatov", "vstrecha-glav")]
    info = links.articles["https://smo.example/press/forum-tos/"]
    assert info.listing_title == "Новость о работе совета номер 2 в районе"
    assert info.listing_date == "02.03.2024"


def test_read_more_anchor_takes_the_item_heading_as_title():
    html = """<html><body>
    <div class="news"><h3>Совет провёл форум старост</h3><p>27 февраля 2023 года</p>
      <a href="/press/101/">Подробнее</a></div>
    <div class="news"><h3>Семинар для глав поселений</h3><p>28 февраля 2023 года</p>
      <a href="/press/102/">Подробнее →</a></div></body></html>"""
    links = read(html)
    assert links.articles["https://smo.example/press/101/"].listing_title == "Совет провёл форум старост"
    assert links.articles["https://smo.example/press/102/"].listing_date == "28 февраля 2023 года"


def test_pagination_by_words_numbers_and_rel_next():
    html = """<html><head><link rel="next" href="/press/?pg=2"></head><body>
    <a href="/press/501/">Заседание правления ассоциации в районе</a>
    <div class="nav"><a href="/press/list/?x=1&amp;n=2">2</a> <a href="/press/list/?x=1&amp;n=3">3</a>
    <a href="/press/archive-next/?cursor=abc">Следующая »</a> <a rel="next" href="/press/?cur=2">далее</a></div>
    </body></html>"""
    links = read(html)
    assert "https://smo.example/press/archive-next/?cursor=abc" in links.pages
    assert "https://smo.example/press/list/?n=2&x=1" in links.pages
    assert "https://smo.example/press/list/?n=3&x=1" in links.pages
    assert "https://smo.example/press/?cur=2" in links.pages
    assert list(links.articles) == ["https://smo.example/press/501/"]


def test_offsite_document_and_skip_links_are_counted_not_followed():
    html = """<html><body>
    <a href="https://vk.com/share.php?url=x">ВКонтакте</a> <a href="http://www.kremlin.ru/">Президент</a>
    <a href="/upload/polozhenie.pdf">Положение</a> <a href="/tag/forum/">форум</a>
    <a href="/press/77/?utm_source=tg">Форум муниципальных образований прошёл в Уфе</a>
    <a href="/press/77/?print=Y">Печать</a> <a href="mailto:info@smo.example">Почта</a>
    </body></html>"""
    links = read(html)
    assert links.counts["offsite"] == 2 and links.counts["document"] == 1 and links.counts["skip"] == 1
    assert list(links.articles) == ["https://smo.example/press/77/"]
    assert links.articles["https://smo.example/press/77/"].listing_title == \
        "Форум муниципальных образований прошёл в Уфе"
    assert links.pages == []


def test_base_href_is_honoured():
    html = '<html><head><base href="https://smo.example/old/"></head><body>' \
           '<a href="news.php?id=12">Совещание по вопросам благоустройства</a></body></html>'
    assert list(read(html, "https://smo.example/").articles) == ["https://smo.example/old/news.php?id=12"]


def test_year_like_ids_are_stories_by_headline_or_numbered_siblings_but_year_links_are_not():
    html = """<html><body>
    <div class="item"><a href="/press/2019/">Совет провёл форум старост в районе</a></div>
    <div class="item"><a href="/press/1873/">Подробнее</a></div>
    <div class="item"><a href="/press/2020/">Подробнее</a></div>
    <ul class="years"><li><a href="/archive-by-year/2018/">2018</a></li></ul>
    </body></html>"""
    articles = set(read(html).articles)
    assert "https://smo.example/press/2019/" in articles  # a headline anchor
    assert "https://smo.example/press/2020/" in articles  # numbered like its sibling /press/1873/
    assert "https://smo.example/archive-by-year/2018/" not in articles  # «2018»: a year archive


def test_a_lone_year_link_without_story_evidence_is_not_an_article():
    html = '<html><body><a href="/press/2019/">2019</a> <a href="/press/2020/">2020 год</a></body></html>'
    assert read(html).articles == {}
