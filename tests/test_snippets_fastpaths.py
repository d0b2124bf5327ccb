"""The snippet fast paths (folded-text matching, one-pass escaping, per-query memo) keep the
marks and the escaping right on the inputs that force their fallbacks."""

from __future__ import annotations

from indexer.query import parse_query
from indexer.snippets import MAX_SCAN_CHARS, Highlighter, highlighter, make_snippet


def _snippet(query: str, text: str) -> str:
    parsed = parse_query(query)
    exact, prefixes = parsed.highlight_terms()
    return make_snippet(text, exact, prefixes, hints=parsed.highlight_hints())


def test_text_whose_lower_case_changes_length_is_still_marked() -> None:
    # «İ».lower() is two characters: offsets on a folded copy would be wrong.
    text = "İİİ Совет провёл встречу: МОЛОДЁЖЬ района обсудила планы."
    assert _snippet("молодежь", text).count("<mark>МОЛОДЁЖЬ</mark>") == 1


def test_placeholder_characters_in_crawled_text_do_not_become_marks() -> None:
    text = "Итоги \ue000года\ue001 <b>молодежной</b> политики & планы"
    snippet = _snippet("молодежная", text)
    assert "<mark>молодежной</mark>" in snippet
    assert snippet.count("<mark>") == 1 and "\ue000года\ue001" in snippet
    assert "&lt;b&gt;" in snippet and "&amp;" in snippet and "<b>" not in snippet


def test_whitespace_is_folded_around_marks() -> None:
    snippet = _snippet("свалка", "Жители\n\n  убрали   свалку\tу реки.")
    assert snippet == "Жители убрали <mark>свалку</mark> у реки."


def test_a_reused_highlighter_answers_like_a_fresh_one() -> None:
    parsed = parse_query("благоустройство двор*")
    args = (*parsed.highlight_terms(), parsed.highlight_hints())
    texts = ["Благоустройство дворов идёт.", "Во дворе благоустройства нет.", "Дворник пришёл."]
    shared = highlighter(*args)
    assert [shared.snippet(t) for t in texts * 2] == [Highlighter(*args).snippet(t) for t in texts * 2]


def test_matches_beyond_the_scan_bound_are_not_searched() -> None:
    text = "а " * (MAX_SCAN_CHARS // 2) + "молодежь"
    assert "<mark>" not in _snippet("молодежь", text)
    assert "<mark>" in _snippet("молодежь", "молодежь " + text)
