"""The query language: operators parse as documented, malformed input degrades, never raises."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.analysis import term_of
from indexer.query import AnyOf, ParsedQuery, Phrase, Prefix, Term, parse_query, recency_multiplier


def _terms(clauses):
    return [c.term if isinstance(c, Term) else c for c in clauses]


def test_words_are_all_required_and_stopwords_dropped():
    parsed = parse_query("лучшие практики для молодежи")
    assert _terms(parsed.must) == [term_of("лучшие"), term_of("практики"), term_of("молодежи")]
    assert parsed.must_not == ()


def test_phrase_and_exclusions():
    parsed = parse_query('"инициативное бюджетирование" -выборы -"главы района"')
    # The phrase is also matched by its abbreviation «ИБ» (tests/test_query_language.py).
    assert tuple(c.original for c in parsed.must) == (Phrase((term_of("инициативное"), term_of("бюджетирование")),
                                  "инициативное бюджетирование"),)
    assert [type(c) for c in parsed.must_not] == [Term, Phrase]
    assert parsed.must_not[0].term == term_of("выборы")


def test_typographic_quotes_make_a_phrase():
    assert isinstance(parse_query("«местное самоуправление»").must[0].original, Phrase)  # or «МСУ»


def test_or_binds_tighter_than_and():
    parsed = parse_query("благоустройство OR озеленение ИЛИ парки школа")
    assert isinstance(parsed.must[0], AnyOf) and len(parsed.must[0].clauses) == 3
    assert parsed.must[1].term == term_of("школа")


def test_prefix_starts_from_the_stem():
    assert parse_query("практ*").must == (Prefix("практ", "практ"),)
    assert parse_query("практики*").must[0].prefix == "практик"
    # Too short a prefix is searched as a word, not as half the dictionary.
    assert isinstance(parse_query("пр*").must[0], Term)


def test_hyphenated_word_is_a_phrase_of_its_parts():
    assert parse_query("Ханты-Мансийский").must[0].terms == (term_of("Ханты"), term_of("Мансийский"))


def test_derived_words_are_expanded_for_long_stems_only():
    noun = parse_query("молодежь").must[0]
    assert noun.expand_prefix and noun.term == term_of("молодежь")
    adjective = parse_query("молодёжной").must[0]
    assert adjective.related == (term_of("молодежь"),)
    assert not parse_query("мэр").must[0].expand_prefix


@pytest.mark.parametrize(
    "text, expected_words",
    [
        ('"незакрытая кавычка', ["незакрытая", "кавычка"]),
        ("OR школа OR", ["школа"]),
        ("- школа -", ["школа"]),
        ("(школа) [сад] {парк} ^~\\ :", ["школа", "сад", "парк"]),
        ("школа AND сад", ["школа", "and", "сад"]),
    ],
)
def test_malformed_input_degrades_to_plain_words(text, expected_words):
    parsed = parse_query(text)
    assert _terms(parsed.must) == [term_of(w) for w in expected_words if term_of(w) not in ("and",)] \
        or _terms(parsed.must) == [term_of(w) for w in expected_words]
    assert parsed.must_not == ()


@pytest.mark.parametrize("text", ["", "   ", "OR", "-", '"', "*", '""'])
def test_empty_or_operator_only_queries_match_everything(text):
    assert parse_query(text) == ParsedQuery()


def test_only_exclusions_match_everything_else():
    parsed = parse_query("-выборы")
    assert parsed.matches_all and len(parsed.must_not) == 1


def test_highlight_terms_cover_positive_clauses_only():
    exact, prefixes = parse_query('молодежь "лучшие практики" опыт* -выборы').highlight_terms()
    assert {term_of("молодежь"), term_of("лучшие"), term_of("практики")} <= exact
    assert term_of("выборы") not in exact
    assert "опыт" in prefixes


@given(st.text(max_size=120))
def test_parsing_never_raises(text):
    parsed = parse_query(text)
    assert isinstance(parsed, ParsedQuery)


def test_recency_is_mild_and_independent_of_today():
    def at(year):
        return recency_multiplier(datetime(year, 6, 1, tzinfo=timezone.utc))

    assert 1.05 < at(2025) / at(2024) < 1.2
    assert at(2025) / at(2024) == pytest.approx(at(2015) / at(2014), rel=1e-3)
    assert recency_multiplier(None) == 1.0
