"""Site-template learning over a long crawl: bounded memory, and the same verdicts as eager decay."""

from __future__ import annotations

from crawler.cleaning.template import DECAY, FORGET_BELOW, SiteTemplate, _text_key, walk
from crawler.cleaning.tree import node_text, parse_html

MENU = "".join(f"<li><a href='/s{n}/'>Раздел сайта номер {n}</a></li>" for n in range(20))


LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def word(number: int) -> str:
    """A distinct Cyrillic word per number (digits would be folded together by the template)."""
    letters = ""
    while True:
        number, rest = divmod(number, len(LETTERS))
        letters += LETTERS[rest]
        if not number:
            return letters


def page(n: int) -> str:
    body = "".join(f"<p>Уникальный абзац {word(n * 30 + k)}: совет обсудил вопрос.</p>" for k in range(30))
    return (f"<html><body><ul class='menu'>{MENU}</ul><div class='story'>{body}</div>"
            "<div class='foot'>Ассоциация муниципальных образований области</div></body></html>")


def test_learned_keys_stay_bounded_over_thousands_of_distinct_pages() -> None:
    template = SiteTemplate("big")
    sizes = []
    for n in range(3000):
        template.observe(parse_html(page(n)), f"https://a.ru/news/{n}/")
        sizes.append(len(template.texts))
    # 30 unique paragraphs a page: eager counting kept all 90,000; forgetting keeps a window.
    assert max(sizes) < 10_000
    assert max(sizes[2000:]) <= max(sizes[:1000]) * 1.1  # no growth with the crawl


def test_lazy_decay_counts_as_eager_decay_would() -> None:
    template = SiteTemplate("s")
    trees = [parse_html(page(n)) for n in range(120)]
    for n, tree in enumerate(trees):
        template.observe(tree, f"https://a.ru/news/{n}/")
    footer = next((node, path) for node, path in walk(trees[0].find(".//body"))
                  if node_text(node) == "Ассоциация муниципальных образований области")
    key = _text_key(footer[1], node_text(footer[0]))
    eager = sum(DECAY ** age for age in range(120))  # seen on every page, decayed each page since
    assert abs(template.texts[key] / template.unit - eager) < 1e-6 * eager
    assert abs(template.pages - eager) < 1e-6 * eager
    # The footer is template on every page; a paragraph seen once 100 pages ago is forgotten.
    assert template.is_template(footer[0], footer[1])
    old, old_path = next((node, path) for node, path in walk(trees[0].find(".//body"))
                         if node_text(node).startswith("Уникальный"))
    old_count = template.texts.get(_text_key(old_path, node_text(old)), 0.0) / template.unit
    assert abs(old_count - DECAY ** 119) < 1e-9 and old_count < FORGET_BELOW
    assert not template.is_template(old, old_path)


def test_a_saved_template_loads_with_true_counts(tmp_path) -> None:
    import sqlite3

    template = SiteTemplate("s")
    for n in range(50):
        template.observe(parse_html(page(n)), f"https://a.ru/news/{n}/")
    connection = sqlite3.connect(tmp_path / "t.sqlite3")
    template.save(connection)
    loaded = SiteTemplate.load(connection, "s")
    assert loaded.unit == 1.0
    tree = parse_html(page(99))
    verdicts = [(template.is_template(node, path), loaded.is_template(node, path))
                for node, path in walk(tree.find(".//body"))]
    assert all(a == b for a, b in verdicts) and any(a for a, _ in verdicts)
