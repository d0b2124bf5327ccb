"""Behaviour kept by the speed work of the cleaning stage (timings live in benchmarks/ only)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.ru_corpus import Case, load_cases
from crawler.cleaning import rules
from crawler.cleaning.body import BodyOptions, is_boilerplate_line
from crawler.cleaning.core import extract_article
from crawler.cleaning.scan import scan_page
from crawler.cleaning.titleprefix import find_title
from crawler.cleaning.tree import (
    BOILERPLATE,
    CONTENT,
    DATE,
    NOT_DATE,
    furniture_attrs,
    node_kinds,
    normalise,
    parse_html,
    short_text,
    squash,
    text_length,
    token_kinds,
)
from crawler.items import ExtractionFailed


def _corpus_case(case_id: str) -> Case:
    return next(c for c in load_cases() if c.id == case_id)


def test_fast_pass_escalates_when_it_misses_the_story(monkeypatch: pytest.MonkeyPatch) -> None:
    # A story written one sentence per <div> (no <p>): trafilatura's fast pass keeps only a
    # fragment, so the adaptive run must detect it and run the fallbacks.
    case = _corpus_case("modx_02")
    full = extract_article(case.html, case.url, options=BodyOptions(fast=False))
    adaptive = extract_article(case.html, case.url)
    assert len(full.text) > 400 and "сельские администрации" in full.text
    assert adaptive.text == full.text
    monkeypatch.setattr(rules, "ESCALATE_SHARE", 0.0)  # the fast pass alone
    with pytest.raises(ExtractionFailed):
        extract_article(case.html, case.url)


_WORD = st.sampled_from(["Мэр", "мэр", "города", "Title", "x", "2023"])
_PIECE = st.sampled_from(["Мэр", "мэр", "города", "Title", "x", ".", "!", " ", "  ", "\u00a0", "\n", "a!"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=4), st.lists(_PIECE, max_size=40), st.integers(0, 200))
def test_title_scan_matches_the_regular_expression(words: list[str], pieces: list[str], pad: int) -> None:
    block = "y" * pad + "".join(pieces)
    pattern = re.compile(r"\s+".join(map(re.escape, words)) + r"[.!]?\s*")
    match = pattern.search(block)
    expected = None if match is None or match.start() > rules.TITLE_PREFIX_MAX_OFFSET else match.span()
    assert find_title(block, tuple(words)) == expected


def test_text_length_counts_what_itertext_reads() -> None:
    tree = parse_html("<html><body><p>Один <b>два</b>\u00a0три</p><script>x=1</script></body></html>")
    assert text_length(tree) == len("".join(tree.itertext()))


def test_short_text_of_childless_and_nested_elements() -> None:
    tree = parse_html("<html><body><a id='a'>  Новости   края </a><a id='b'>Все <b>новости</b></a>"
                      f"<a id='c'>{'слово ' * 30}</a></body></html>")
    assert short_text(tree.get_element_by_id("a"), 40) == "Новости края"
    assert short_text(tree.get_element_by_id("b"), 40) == "Все новости"
    assert short_text(tree.get_element_by_id("c"), 40) is None


# --- the page scan and the string helpers against the definitions they replaced ----------

_TEXT = st.text(alphabet=st.sampled_from(list("аЁё «»\"“”„'`.:;,!?-–— \t\n\u00a0\u2003\x85xX_Т")), max_size=30)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_squash_and_normalise_match_their_regular_expression_definitions(text: str) -> None:
    # squash and normalise skip the regular expressions for speed; the results may not move.
    assert squash(text) == re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    folded = text.lower().translate(str.maketrans({"ё": "е", **dict.fromkeys("«»\"“”„'`")}))
    assert normalise.__wrapped__(text) == re.sub(r"\s+", " ", folded).strip(" .:;,!?-–—\u00a0")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "-", "_", " ", "\u00a0", "share", "menu", "post", "entry", "date",
                                 "updated", "ya-share2", "SHARE", "news-detail"]), max_size=12))
def test_token_kinds_are_the_kinds_of_the_whole_words_and_their_parts(parts: list[str]) -> None:
    raw = "".join(parts)
    low = raw.lower()
    tokens = set(low.split()) | {t for t in re.split(r"[\s_\-]+", low) if t}
    expected = sum(bit for bit, words in ((BOILERPLATE, rules.BOILERPLATE_TOKENS), (CONTENT, rules.CONTENT_TOKENS),
                                          (DATE, rules.DATE_TOKENS), (NOT_DATE, rules.NOT_DATE_TOKENS))
                   if tokens & words)
    assert token_kinds.__wrapped__(raw) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3), st.sampled_from(rules.BLOCK_HEADING_STARTS + ("x", "Новый")))
def test_heading_first_letter_filter_never_rejects_a_heading_start(prefix: str, start: str) -> None:
    text = (prefix + start.replace("\\s", " ").replace("\\.", ".")).strip()
    if text and rules.BLOCK_HEADING_START.match(text):
        assert rules.BLOCK_HEADING_FIRST.match(text[0])


# The XPaths each stage ran before the page scan replaced them: the scan must find the same
# elements in the same order on every page of the corpus.
_OLD_SELECTORS = {
    "headings": " | ".join(f"//body/descendant::{t}" for t in ("h1", "h2", "h3", "h4", "b", "strong"))
    + " | //body/descendant::*/@class[contains(translate(., 'TITLE', 'title'), 'title')]/..",
    "logos": "//body/descendant::*/@class[contains(., 'logo') or contains(., 'site-name') or "
             "contains(., 'sitename') or contains(., 'site-title')]/.. | //body/descendant::*/@id[contains(., 'logo')]/..",
    "home_links": "//body/descendant::a[@href='/' or @rel='home']",
    "author_nodes": "//body/descendant::*/@rel[.='author']/.. | //body/descendant::*/@class[contains(., 'author')]/..",
    "links": "//a",
    "times": "//time",
}


def _corpus_trees() -> list:
    pages = [c.html for c in load_cases()]
    pages += [p.read_text("utf-8") for p in sorted((Path(__file__).parent / "golden" / "cleaning").glob("*.html"))]
    return [parse_html(html) for html in pages]


def test_page_scan_finds_what_the_old_selectors_found() -> None:
    from lxml import etree

    trees = _corpus_trees()
    assert len(trees) > 100
    for tree in trees:
        scan = scan_page(tree)
        for name, selector in _OLD_SELECTORS.items():
            assert getattr(scan, name) == etree.XPath(selector)(tree), name
        classed = tree.xpath("//body/descendant::*[@class or @id]")
        old_furniture = [n for n in tree.xpath(" | ".join(f"/descendant::{t}" for t in rules.DROP_TAGS)
                                               + " | //body/descendant::*[@class or @id]")
                         if n.tag in rules.DROP_TAGS or furniture_attrs(n.get("class"), n.get("id"))]
        assert scan.furniture == old_furniture
        assert scan.dated == [n for n in classed if node_kinds(n) & (DATE | NOT_DATE) == DATE]
        title = tree.find(".//title")
        assert scan.title is title


def test_page_scan_reads_metadata_in_page_order() -> None:
    tree = parse_html(
        "<html><head><meta name='author' content=' Анна  Иванова '><meta property='og:title' content='  '>"
        "<meta property='og:title' content='Заголовок'><link rel='Canonical' href='/a/'>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"H\"}</script>"
        "</head><body><meta name='article:author' content='Пётр'><p>x</p></body></html>")
    scan = scan_page(tree)
    assert scan.meta("article:author", "author") == "Анна Иванова"  # the first in the page wins
    assert scan.meta("og:title") == "Заголовок"  # a blank content is skipped
    assert scan.canonical_href == "/a/"
    assert scan.json_ld()[0]["headline"] == "H"
    assert scan.meta("missing") is None


def test_speed_ratios_pair_each_page_with_the_baseline() -> None:
    from benchmarks.extraction import Row, speed_ratios

    base = Row("trafilatura-fast", median_ms=10.0, timings=[10.0, 20.0, 5.0])
    ours = Row("munews", median_ms=8.0, timings=[9.0, 10.0, 10.0])  # faster on two of three pages
    ratios = speed_ratios([ours, base, Row("readability", note="not installed")])
    assert ratios == {"munews": (0.8, 0.9)}
    assert speed_ratios([ours]) == {}  # no baseline in the run: nothing to compare with


@pytest.mark.parametrize(("line", "furniture"), [
    ("Jane Doe in London contributed to this report.", True),
    ("Additional reporting by Jane Doe", True),
    ("  CONTRIBUTED REPORTING  ", True),
    ("Residents who contributed to the fund met the mayor on Monday and discussed the budget.", False),
    ("Версия для слабовидящих", True),
    ("Совет обсудил вклад (contributed) муниципалитетов в программу развития региона.", False),
])
def test_credit_lines_are_furniture_and_sentences_that_mention_them_are_not(line: str, furniture: bool) -> None:
    assert is_boilerplate_line(line) is furniture


def test_stage_timer_covers_the_pipeline_and_restores_it() -> None:
    from benchmarks.cleaning_stages import REST, STAGES, stage_times
    from benchmarks.extraction import load_russian
    from crawler.cleaning import core as cleaning

    before = {name: getattr(cleaning, name) for name in STAGES.values()}
    times = stage_times(load_russian()[:3], repeat=1)
    assert times["trafilatura (body)"] > 0 and times["page scan"] > 0 and times["parse"] > 0
    assert all(ms >= 0 for label, ms in times.items() if label != REST)
    assert {name: getattr(cleaning, name) for name in STAGES.values()} == before  # timers removed
    assert cleaning.BlockFilter.__name__ == "BlockFilter"  # type: ignore[attr-defined]
