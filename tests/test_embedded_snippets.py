"""Snippets: the best window, marks on the original forms, escaping, irregular forms."""

from __future__ import annotations

from indexer.query import parse_query
from indexer.snippets import SNIPPET_CHARS, make_snippet


def snippet(text, query):
    parsed = parse_query(query)
    exact, prefixes = parsed.highlight_terms()
    return make_snippet(text, exact, prefixes, hints=parsed.highlight_hints())


def test_window_holds_the_most_distinct_matches():
    text = ("Молодежь. " + "Слово " * 80 + "Лучшие практики работы с молодёжью района. " + "Хвост " * 80)
    result = snippet(text, "практика молодежь")
    assert "<mark>практики</mark>" in result and "<mark>молодёжью</mark>" in result
    assert result.startswith("…") and result.endswith("…")
    assert len(result) < SNIPPET_CHARS + 200


def test_irregular_and_fleeting_vowel_forms_are_marked():
    assert "<mark>свалок</mark>" in snippet("Ликвидировано пять свалок.", "свалка")
    assert "<mark>лучших</mark>" in snippet("Сборник лучших практик.", "лучшие")


def test_prefix_marks_every_word_it_begins():
    result = snippet("Практикум и практика, а также практическое занятие.", "практ*")
    assert result.count("<mark>") == 3


def test_crawled_html_is_escaped_and_never_marked_inside_tags():
    result = snippet('<img src=x onerror="alert(1)"> Бюджет & <b>бюджета</b>', "бюджет")
    assert "<img" not in result and "&lt;img" in result and "&amp;" in result
    assert "<mark>Бюджет</mark>" in result and "&lt;b&gt;<mark>бюджета</mark>&lt;/b&gt;" in result


def test_no_match_gives_the_beginning_and_blank_lines_collapse():
    result = snippet("Первый абзац.\n\nВторой абзац.", "")
    assert result == "Первый абзац. Второй абзац."


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.lists(st.sampled_from(list("аб ёЁ<>&\"'/=мolодежь\n-") + ["<script>", "&amp;", "практика",
                                                                       "Молодёжь", " "]),
                 max_size=120).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, query=st.sampled_from(["молодежь", "практ*", "a", "ёж", '"моло дежь"', ""]))
def test_only_marks_are_markup(text, query):
    result = snippet(text, query)
    bare = result.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in bare and ">" not in bare and '"' not in bare
    assert result.count("<mark>") == result.count("</mark>")
