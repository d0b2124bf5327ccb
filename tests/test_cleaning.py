"""Unit tests of the cleaning stages and of `munews extract`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.cleaning.core import extract_article
from crawler.items import ExtractionFailed

OTHER = "Следующий семинар пройдёт в апреле, заявки принимает исполнительная дирекция Совета."
STORY = "Совет муниципальных образований провёл семинар для глав сельских поселений района. " * 3


def page(body: str, head: str = "") -> str:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


# Reliability case 19 (docs/reliability.md).
@pytest.mark.parametrize("html, reason", [
    ("", "not-html"),
    ("%PDF-1.4\n1 0 obj", "not-html"),
    ('{"json": true}', "not-html"),
    ("just some plain text without any markup at all", "not-html"),
    (page("<h1>Заголовок новости</h1>"), "no-body"),
    (page("<h1>Новости</h1>" + "".join(f'<p><a href="/n/{i}">Новость номер {i} о заседании Совета</a></p>'
                                       for i in range(30))), "not-article"),
])
def test_pages_without_an_article_raise_with_a_reason(html, reason):
    with pytest.raises(ExtractionFailed) as info:
        extract_article(html, "https://smo.ru/news/1/")
    assert info.value.reason == reason


def test_listing_title_is_the_fallback_when_the_page_has_none():
    article = extract_article(page(f"<p>{STORY}</p>"), "https://smo.ru/n/1",
                              listing_title="Семинар для глав поселений")
    assert article.title == "Семинар для глав поселений"


def test_heading_that_agrees_with_og_title_wins_over_the_site_name_h1():
    head = ('<title>Семинар для глав поселений | Совет МО области</title>'
            '<meta property="og:site_name" content="Совет МО области">')
    body = ('<h1 class="logo">Совет МО области</h1><h2>Семинар для глав поселений</h2>'
            f"<p>{STORY}</p>")
    assert extract_article(page(body, head), "https://smo.ru/n/1").title == "Семинар для глав поселений"


def test_title_copies_and_duplicated_paragraphs_leave_the_body():
    body = (f"<article><h1>Семинар для глав</h1><p>Семинар для глав</p><p>{STORY}</p><p>{STORY}</p>"
            "<p>Семинар для глав</p></article>")
    article = extract_article(page(body), "https://smo.ru/n/1")
    assert article.text == STORY.strip()


def test_a_two_sentence_notice_outweighed_by_its_footer_is_still_the_article():
    # An old table layout whose footer («© 2008–2023 …», «Последнее обновление сайта …») holds
    # more text than the notice, and «<< Назад | Версия для печати» under it: a first page of a
    # new source (no site template yet) must still give the notice, and only the notice.
    from benchmarks.ru_corpus import load_cases
    from benchmarks.scoring import score_page

    case = next(c for c in load_cases() if c.id == "table_layout_03")
    article = extract_article(case.html, case.url, listing_title=case.listing_title,
                              listing_date=case.listing_date)
    assert score_page(article.text, case.body).f1 == 1.0
    assert not case.leaks(article.text)
    assert "Назад" not in article.text and article.title == case.title


def test_separators_of_dropped_links_leave_and_a_piped_sentence_stays():
    body = (f"<article><h1>Семинар для глав</h1><p>{STORY}</p><p>Итоги: 12 поселений | 40 участников</p>"
            "<p><a href='/news/'>Все новости</a> | <a href='/print/1'>Печать</a> · <a href='#'>Наверх</a></p>"
            "</article>")
    article = extract_article(page(body), "https://smo.ru/n/1")
    assert article.text.split("\n\n") == [STORY.strip(), "Итоги: 12 поселений | 40 участников"]


def test_lists_are_lines_and_tables_are_rows():
    body = (f"<article><h1>Итоги конкурса</h1><p>{STORY}</p><ul><li>Первое место: Ивнянский район</li>"
            "<li>Второе место: Ракитянский район</li></ul><table><tr><td>Район</td><td>Баллы</td></tr>"
            f"<tr><td>Ивнянский</td><td>95</td></tr></table><p>{OTHER}</p></article>")
    text = extract_article(page(body), "https://smo.ru/n/1").text
    assert "Первое место: Ивнянский район\nВторое место: Ракитянский район" in text
    assert "Район | Баллы\nИвнянский | 95" in text


def test_captions_are_off_by_default_and_images_are_absolute():
    body = (f'<article><h1>Семинар</h1><p>{STORY}</p><figure><img src="/upload/photo1.jpg">'
            '<figcaption>Участники семинара на фото</figcaption></figure>'
            f'<p>{OTHER}</p></article><img src="/images/logo.png">')
    article = extract_article(page(body), "https://smo.ru/news/1/")
    assert "Участники семинара" not in article.text
    assert article.images == ["https://smo.ru/upload/photo1.jpg"]


def test_author_from_meta_and_canonical_url():
    head = '<meta name="author" content="Иван Петров"><link rel="canonical" href="/news/seminar/">'
    article = extract_article(page(f"<article><h1>Семинар</h1><p>{STORY}</p></article>", head),
                              "https://smo.ru/news/seminar/?utm_source=vk")
    assert (article.author, article.canonical_url) == ("Иван Петров", "https://smo.ru/news/seminar/")


def test_lead_is_the_first_paragraph_cut_at_a_sentence():
    long_first = "Первое предложение абзаца о заседании Совета. " * 12
    article = extract_article(page(f"<article><h1>Семинар</h1><p>{long_first}</p><p>{STORY}</p></article>"),
                              "https://smo.ru/n/1")
    assert article.lead.endswith(".") and len(article.lead) <= 300
    assert article.text.startswith(article.lead)


def _extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler.cli", "extract", *args],
                          capture_output=True, text=True, timeout=60, check=False)


def test_extract_command_prints_the_export_keys(tmp_path):
    from indexer.documents import EXPORT_FIELDS

    path = tmp_path / "page.html"
    path.write_text(page(f"<article><h1>Семинар для глав</h1><p>Опубликовано: 12.03.2024</p><p>{STORY}</p>"
                         "</article>"), encoding="utf-8")
    done = _extract(str(path), "--url", "https://smo.ru/news/1/", "--source", "smo")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert tuple(data) == (*EXPORT_FIELDS, "evidence")
    assert (data["title"], data["published_at"], data["source_id"]) == (
        "Семинар для глав", "2024-03-12T00:00:00+03:00", "smo")
    assert data["evidence"]["kind"] == "article" and data["evidence"]["date_source"] == "text"
    assert data["evidence"]["body_chars"] >= len(STORY.strip())


SOFT_404 = [
    ("<title>Материал не найден - Совет МО</title>", "<h1>Материал не найден</h1>"
     "<p>Запрашиваемый материал не найден. Возможно, он был удалён или перемещён.</p>"
     "<p><a href='/'>Перейти на главную страницу сайта</a></p>"),
    ("<title>Страница не найдена</title>", "<div class='content'><h1>Ошибка 404</h1><p>К сожалению, "
     "запрашиваемая страница не найдена. Проверьте адрес или воспользуйтесь поиском по сайту.</p></div>"),
    ("<title>Page not found – Council</title>", "<h1>Oops!</h1><p>The page you requested could not be "
     "found. Please use the menu above or the search form to find what you need.</p>"),
]


# Reliability case 20 (docs/reliability.md).
@pytest.mark.parametrize("head, body", SOFT_404)
def test_soft_404_pages_are_refused_with_their_evidence(tmp_path, head, body):
    path = tmp_path / "page.html"
    path.write_text(f"<html><head>{head}</head><body><nav><a href='/'>Главная</a></nav>{body}</body></html>",
                    encoding="utf-8")
    done = _extract(str(path), "--url", "https://smo.ru/news/staraya/")
    assert done.returncode == 1
    assert "soft-404" in done.stderr and "says «" in done.stderr


# Reliability case 20 (docs/reliability.md).
def test_an_article_that_quotes_a_not_found_phrase_is_kept():
    story = (STORY + " ") * 6 + "Жители жаловались: на старом сайте «страница не найдена» появлялась часто."
    article = extract_article(page(f"<article><h1>Новый сайт Совета</h1><p>{story}</p></article>"),
                              "https://smo.ru/news/2/")
    assert article.title == "Новый сайт Совета"


def _year_links(years: range) -> str:
    return " | ".join(f"<a href='http://old.smo.ru/news/{y}/'>{y}</a>" for y in years)


def test_a_page_of_links_with_a_story_url_is_refused_as_not_an_article():
    body = ("<article><h1>Архив новостей за 2012–2022 годы</h1><p>Новости прежних лет размещены на старой "
            f"версии сайта. Выберите год:</p><p>{_year_links(range(2012, 2023))}</p><ul>"
            + "".join(f"<li><a href='http://old.smo.ru/news/{i}/'>Заседание Совета номер {i} в прежние годы</a></li>"
                      for i in range(4)) + "</ul></article>")
    with pytest.raises(ExtractionFailed) as info:
        extract_article(page(body), "https://smo.ru/news/48910/")
    assert info.value.reason == "not-article" and "a page of links" in str(info.value)


@pytest.mark.parametrize("related, documents", [(5, 0), (0, 12)])
def test_a_short_notice_with_related_links_or_documents_stays_an_article(related, documents):
    body = ("<article><h1>Заседание перенесено</h1><p>Заседание Совета перенесено на 5 марта, повестка прежняя.</p>"
            + "".join(f"<p><a href='/docs/reshenie-{i}.pdf'>Решение Совета № {i} о бюджете</a></p>" for i in range(documents))
            + "<ul>" + "".join(f"<li><a href='/news/{i}/'>Другая новость Совета {i}</a></li>" for i in range(related))
            + "</ul></article>")
    article = extract_article(page(body), "https://smo.ru/news/7/")
    assert article.text.startswith("Заседание Совета перенесено")


def test_a_page_reading_like_the_sites_not_found_answer_is_a_soft_404():
    from crawler.cleaning.core import SourceCleaner

    shell = "<nav><a href='/'>Главная</a> <a href='/news/'>Новости</a></nav>{}<footer>© Совет МО</footer>"
    empty = shell.format("<h1>Упс!</h1><p>Здесь пусто: возможно, адрес набран с ошибкой или материал "
                         "переехал. Вернитесь на главную или воспользуйтесь поиском по сайту.</p>")
    cleaner = SourceCleaner("smo")
    assert cleaner.learn_not_found(page(empty), "https://smo.ru/news/munews-1a2b/") is not None
    assert cleaner.clean(page(shell.format(f"<h1>Семинар</h1><p>{STORY}</p><p>{OTHER}</p>")),
                         "https://smo.ru/news/1/").title == "Семинар"
    with pytest.raises(ExtractionFailed) as info:
        cleaner.clean(page(empty), "https://smo.ru/news/2/")
    assert info.value.reason == "soft-404" and "munews-1a2b" in str(info.value)
    # A site whose answer says «страница не найдена» needs no comparison: patterns know it.
    assert SourceCleaner("smo").learn_not_found(
        page(shell.format("<h1>Страница не найдена</h1><p>Проверьте адрес.</p>")), "https://smo.ru/x/") is None


def test_extract_command_reads_windows_1251(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(page(f"<h1>Семинар для глав</h1><p>{STORY}</p>").encode("cp1251"))
    done = _extract(str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "Семинар для глав"


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"%PDF-1.4 binary", "not-html"),
    (b"\x89PNG\r\n\x1a\n....", "not-html"),
])
def test_extract_command_fails_clearly(tmp_path, content, message):
    path = tmp_path / "input.bin"
    if content is not None:
        path.write_bytes(content)
    done = _extract(str(path))
    assert done.returncode == 1
    assert message in done.stderr and done.stdout == ""


_TAGS = ["p", "div", "span", "a", "b", "table", "tr", "td", "ul", "li", "h1", "h2", "br", "font", "script",
         "time", "article", "nav", "footer", "em", "img", "form"]


def _random_page(draw_tags, texts) -> str:
    parts = []
    for tag, text in zip(draw_tags, texts):
        attrs = ' class="news-detail"' if tag == "div" else ' href="/x"' if tag == "a" else ""
        closing = "" if len(text) % 3 == 0 else f"</{tag}>"  # unclosed tags: broken markup
        parts.append(f"<{tag}{attrs}>{text}{closing}")
    return "<html><head><title>T | S</title></head><body>" + "".join(parts)



# Reliability case 16 (docs/reliability.md).
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TAGS), min_size=1, max_size=40),
       st.lists(st.text(alphabet="абв гдеёж 0123456789.:«»-<>&Опубликовано сегодня", max_size=80),
                min_size=1, max_size=40))
def test_broken_markup_yields_an_article_or_a_reason_never_a_crash(tags, texts):
    try:
        article = extract_article(_random_page(tags, texts), "https://smo.ru/news/1/")
    except ExtractionFailed as exc:
        assert exc.reason in {"not-html", "no-body", "not-article"}
    else:
        assert article.text.strip() and "\n\n\n" not in article.text


def test_paragraphs_written_with_double_breaks_become_paragraphs():
    from lxml import etree

    from crawler.cleaning.prune import paragraphs_at_double_breaks
    from crawler.cleaning.tree import parse_html

    tree = parse_html("<html><body><div id='s'>Первый абзац.<br><br>Второй <b>абзац</b>.<br>строка<br> <br>"
                      "Задачи:<ul><li>одна</li></ul>Хвост.</div><pre>код<br><br>код</pre>"
                      "<div id='one'>Строка<br>строка</div></body></html>")
    assert paragraphs_at_double_breaks(tree) == 4
    story = tree.get_element_by_id("s")
    assert [(c.tag, "".join(c.itertext())) for c in story] == [
        ("p", "Первый абзац."), ("p", "Второй абзац.строка"), ("p", "Задачи:"), ("ul", "одна"), ("p", "Хвост.")]
    assert etree.tostring(tree.find(".//pre"), encoding="unicode") == "<pre>код<br/><br/>код</pre>"
    assert len(tree.get_element_by_id("one")) == 1  # a single break is a line, not a paragraph


def test_text_divs_beside_a_double_break_chunk_are_kept():
    """Tilda's redactor: the text before a sub-heading is a bare <div>, the text after it
    has <br><br> paragraphs; both are the story."""
    first = "Форум открыл председатель Совета муниципальных образований. " + STORY
    body = (f"<div itemprop='articleBody'><section><div class='t-redactor__text'>{first}</div>"
            "<h2>Что обсуждали на площадках</h2>"
            f"<div class='t-redactor__text'>{OTHER}<br><br>{STORY}</div></section></div>")
    article = extract_article(page(f"<h1>Форум старост</h1>{body}"), "https://smo.ru/tpost/forum")
    blocks = article.text.split("\n\n")
    assert blocks[0] == first.strip() and blocks[-2:] == [OTHER.strip(), STORY.strip()]


LEAD = "Четырнадцатого ноября в Самаре прошёл областной форум сельских старост из всех районов."


@pytest.mark.parametrize("description, kept", [
    (LEAD, True),
    (LEAD[:60] + "...", True),  # a description cut short still names the lead
    ("Совет муниципальных образований Самарской области: новости и документы", False),
])
def test_a_lead_above_the_body_is_kept_when_the_description_names_it(description, kept):
    head = f'<meta name="description" content="{description}">'
    body = (f"<div class='post'><h1>Форум старост</h1><div class='post__descr'>{LEAD}</div>"
            f"<div class='post__text' itemprop='articleBody'><p>{STORY}</p><p>{OTHER}</p></div></div>"
            "<div class='slogan'>Совет муниципальных образований Самарской области: новости и документы</div>")
    article = extract_article(page(body, head), "https://smo.ru/tpost/forum")
    assert article.text.startswith(LEAD) is kept
    assert article.text.count(LEAD) == int(kept)


def test_a_story_of_double_break_paragraphs_keeps_its_paragraphs_and_list():
    paragraphs = [STORY.strip(), OTHER, "Задачи проекта:"]
    body = ("<div class='news-detail'><span class='date'>07.02.2024 14:30</span> "
            "<span class='changed'>Изменено: 09.02.2024 17:47</span><br><br>"
            + "<br><br>".join(paragraphs)
            + "<ul><li>объединение усилий местной власти и жителей;</li><li>обмен опытом между поселениями.</li></ul>"
            "По итогам форума участники получили удостоверения о повышении квалификации.</div>")
    article = extract_article(page(f"<h1>Форум глав поселений</h1>{body}"), "https://smo.ru/n/2")
    assert article.text.split("\n\n") == [
        *paragraphs, "объединение усилий местной власти и жителей;\nобмен опытом между поселениями.",
        "По итогам форума участники получили удостоверения о повышении квалификации."]
