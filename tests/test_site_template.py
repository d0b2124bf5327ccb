"""Site-template learning: blocks that recur on a source's pages are removed, article text is kept."""

from __future__ import annotations

import random
import sqlite3

import pytest

from crawler.cleaning.core import SourceCleaner, extract_article
from crawler.cleaning.template import MIN_PAGES, SiteTemplate
from crawler.cleaning.tree import parse_html

SLOGAN = ("Ассоциация «Совет муниципальных образований области» — единый голос местного "
          "самоуправления, защищающий интересы каждого поселения, района и городского округа")
FOOTER = "Ассоциация объединяет все 312 муниципальных образований области и работает с 1998 года."
HEADLINES = [f"{w} {i}: {t}" for i, (w, t) in enumerate([
    ("Курс валют", "доллар снова подешевел к вечеру пятницы"), ("Погода", "в выходные ожидается гроза"),
    ("Спорт", "местная команда вышла в финал кубка"), ("Рынок жилья", "цены на вторичку выросли"),
    ("Авто", "новые правила техосмотра вступают в силу"), ("Кино", "в прокат выходит громкая премьера"),
    ("Здоровье", "врачи рассказали о пользе прогулок"), ("Технологии", "вышла новая версия смартфона"),
    ("Туризм", "названы самые популярные направления"), ("Экономика", "биржевые индексы пошли вниз"),
    ("Культура", "театр открывает новый сезон"), ("Наука", "учёные нашли новый вид жуков"),
])]
TEASERS = [f"Подробности истории о том, что {h.split(': ')[1]}, читайте в материале наших коллег." for h in HEADLINES]


TOPICS = ["благоустройство дворов", "ремонт сельских дорог", "поддержку инициатив жителей",
          "школьное питание", "уличное освещение", "вывоз мусора", "газификацию сёл",
          "летний отдых детей", "работу фельдшерских пунктов", "развитие туризма"]


def article_paragraphs(n: int) -> list[str]:
    rng = random.Random(n)
    subjects = ["Совет муниципальных образований", "Исполнительная дирекция", "Комиссия по бюджету",
                "Глава Ивнянского района", "Депутаты районного собрания"]
    return [f"{rng.choice(subjects)} обсудили {' и '.join(rng.sample(TOPICS, 2))}; "
            f"решено {rng.choice(['подготовить', 'направить', 'одобрить'])} {rng.choice(TOPICS)} "
            f"к заседанию номер {n}." for _ in range(3)]


def site_page(n: int, paragraphs: list[str], slogan: str = SLOGAN) -> str:
    rng = random.Random(1000 + n)
    # Rotating «other news» with teasers, inside the content column, under a heading that
    # no page-level rule knows: only the recurring container gives it away.
    lenta = "".join(f'<div class="it"><p class="h"><a href="/news/{rng.randint(100, 999)}/">{h}</a></p>'
                    f'<p class="t">{TEASERS[HEADLINES.index(h)]}</p></div>'
                    for h in rng.sample(HEADLINES, 4))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<html><head><title>Новость {n}</title></head><body>
<div class="top"><ul class="mnu"><li><a href="/">Главная страница</a></li><li><a href="/about/">Об ассоциации</a></li>
<li><a href="/news/">Новости ассоциации</a></li><li><a href="/docs/">Документы ассоциации</a></li></ul></div>
<div class="row"><div class="col-b"><div class="motto"><p>{slogan}</p></div>
<h1>Заседание номер {n} в районе</h1><div class="when">0{n % 9 + 1}.03.2024</div>
<div class="txt">{body}</div>
<div class="lenta"><h4>Новости региона</h4>{lenta}</div></div></div>
<div class="bottom"><p>{FOOTER}</p><p>Адрес исполнительной дирекции: г. Белгород, Соборная площадь, 4.</p></div>
</body></html>"""


def leaks(text: str, slogan: str = SLOGAN) -> list[str]:
    found = [s for s in (slogan, FOOTER, "Главная страница", "Адрес исполнительной") if s in text]
    return found + [h for h in HEADLINES if h in text] + [t for t in TEASERS if t in text]


def test_template_is_learned_after_a_handful_of_pages_and_cleans_perfectly():
    cleaner = SourceCleaner("smo-test")
    outputs = [cleaner.clean(site_page(n, article_paragraphs(n)), f"https://smo.ru/news/{n}/")
               for n in range(1, 9)]
    for n, article in enumerate(outputs[MIN_PAGES:], start=MIN_PAGES + 1):
        assert article.text == "\n\n".join(article_paragraphs(n)), leaks(article.text)
        assert article.title == f"Заседание номер {n} в районе"


def test_an_article_quoting_the_footer_keeps_the_quote():
    cleaner = SourceCleaner("smo-test")
    for n in range(1, 7):
        cleaner.clean(site_page(n, article_paragraphs(n)), f"https://smo.ru/news/{n}/")
    quoting = article_paragraphs(50)[:2] + [FOOTER] + article_paragraphs(51)[:1]
    article = cleaner.clean(site_page(50, quoting), "https://smo.ru/news/50/")
    assert article.text == "\n\n".join(quoting)
    assert article.text.count(FOOTER) == 1


def test_a_name_every_story_links_in_its_first_sentence_stays_in_the_sentence():
    # The same link text at the same place of every page looks like a template block; inside
    # a sentence it is a word of the story.
    def linked(n: int) -> list[str]:
        first, *rest = article_paragraphs(n)
        sentence = ('Ассоциация «<a href="/about/">Совет муниципальных образований области</a>» '
                    f"провела заседание номер {n}. {first}")
        return [sentence, *rest]

    cleaner = SourceCleaner("smo-test")
    outputs = [cleaner.clean(site_page(n, linked(n)), f"https://smo.ru/news/{n}/") for n in range(1, 9)]
    assert cleaner.template.ready
    for n, article in enumerate(outputs[MIN_PAGES:], start=MIN_PAGES + 1):
        expected = [p.replace('<a href="/about/">', "").replace("</a>", "") for p in linked(n)]
        assert article.text == "\n\n".join(expected), leaks(article.text)


def test_template_is_kept_with_the_source_and_reloaded():
    connection = sqlite3.connect(":memory:")
    first = SourceCleaner("smo-test", connection)
    for n in range(1, 6):
        first.clean(site_page(n, article_paragraphs(n)), f"https://smo.ru/news/{n}/")
    first.close()
    # Another source in the same store learns nothing from this one.
    assert not SiteTemplate.load(connection, "other-source").ready
    second = SourceCleaner("smo-test", connection)
    assert second.template.ready
    page = site_page(77, article_paragraphs(77))
    assert second.template.prune(parse_html(page)) > 0


def test_a_redesign_is_learned_and_the_old_template_fades():
    cleaner = SourceCleaner("smo-test")
    for n in range(1, 12):
        cleaner.clean(site_page(n, article_paragraphs(n)), f"https://smo.ru/news/{n}/")
    new_slogan = "Новый девиз ассоциации: вместе мы сильнее, вместе мы строим будущее наших сёл и городов"
    texts = [cleaner.clean(site_page(n, article_paragraphs(n), new_slogan), f"https://smo.ru/news/{n}/").text
             for n in range(20, 40)]
    assert not leaks(texts[-1], new_slogan)
    assert texts[-1] == "\n\n".join(article_paragraphs(39))


def test_a_new_source_gets_page_level_cleaning_only():
    cleaner = SourceCleaner("brand-new")
    assert not cleaner.template.ready
    article = cleaner.clean(site_page(1, article_paragraphs(1)), "https://smo.ru/news/1/")
    for paragraph in article_paragraphs(1):
        assert paragraph in article.text


def test_page_level_cleaning_alone_leaves_this_template_in():
    # Why the learning exists: without it, this site's heading-less rotating list and its
    # slogan are indistinguishable from content on a single page.
    texts = [extract_article(site_page(n, article_paragraphs(n)), f"https://smo.ru/news/{n}/").text
             for n in range(1, 9)]
    assert any(leaks(t) for t in texts)


@pytest.mark.parametrize("pages", [1, MIN_PAGES - 1])
def test_too_few_pages_change_nothing(pages):
    template = SiteTemplate("s")
    for n in range(pages):
        template.observe(parse_html(site_page(n, article_paragraphs(n))))
    assert template.prune(parse_html(site_page(99, article_paragraphs(99)))) == 0


def test_a_page_crawled_again_is_not_counted_again():
    cleaner = SourceCleaner("tiny-site")
    page = site_page(1, article_paragraphs(1))
    for _ in range(MIN_PAGES + 2):  # daily re-crawls of a site with one article
        article = cleaner.clean(page, "https://smo.ru/news/1/")
    assert not cleaner.template.ready  # one page seen, however often it was fetched
    assert all(paragraph in article.text for paragraph in article_paragraphs(1))


def test_extract_command_uses_the_template_stored_for_the_source(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from indexer.store import Store

    store = Store(tmp_path / "munews.sqlite3")
    cleaner = SourceCleaner("smo-test", store.connection)
    for n in range(1, 6):
        cleaner.clean(site_page(n, article_paragraphs(n)), f"https://smo.ru/news/{n}/")
    cleaner.close()
    store.close()
    page = tmp_path / "page.html"
    page.write_text(site_page(9, article_paragraphs(9)), encoding="utf-8")
    env = {**os.environ, "MUNEWS_DATA_DIR": str(tmp_path)}

    def extract(*extra: str) -> str:
        done = subprocess.run([sys.executable, "-m", "crawler.cli", "--env-file", "/nonexistent", "extract",
                               str(page), "--url", "https://smo.ru/news/9/", *extra],
                              capture_output=True, text=True, timeout=60, env=env, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["text"]

    assert extract("--source", "smo-test") == "\n\n".join(article_paragraphs(9))
    assert leaks(extract())  # without the source, page-level cleaning only
