"""Behaviour kept by the speed work of the cleaning stage (timings live in benchmarks/ only)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.ru_corpus import Case, load_cases
from crawler import cleaning_rules as rules
from crawler.clean_body import BodyOptions
from crawler.clean_html import parse_html, short_text, text_length
from crawler.clean_titleprefix import find_title
from crawler.cleaning import extract_article
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
