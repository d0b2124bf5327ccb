"""Russian analysis: the same terms for every word form, at index and query time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.analysis import analyze, analyze_with_offsets, analyzed_text, is_stopword, term_of


@pytest.mark.parametrize(
    "forms",
    [
        ("практика", "практики", "практик", "практикой"),
        ("молодёжной", "молодежной", "молодежных", "МОЛОДЁЖНЫЙ"),
        ("муниципальное", "муниципальных", "муниципальными"),
        ("образования", "образованием", "образование"),
    ],
)
def test_word_forms_share_one_term(forms):
    assert len({term_of(form) for form in forms}) == 1


def test_yo_and_e_are_the_same_letter():
    assert analyze("Ёлка, ёж и всё") == analyze("елка, еж и все")


def test_hyphenated_names_split_into_their_parts():
    assert analyze("Ханты-Мансийский округ") == [term_of("Ханты"), term_of("Мансийский"), "округ"]
    assert analyze("Кузбасс-2024") == ["кузбасс", "2024"]


def test_latin_words_get_english_stemming_and_numbers_stay():
    assert analyze("Municipalities 2024 COVID-19") == ["municip", "2024", "covid", "19"]


def test_stress_marks_soft_hyphens_and_latin_lookalikes_are_normalised():
    assert analyze("моло\u0301дежь") == analyze("молодежь")
    assert analyze("со\u00adвет") == analyze("совет")
    assert analyze("Мoсква") == analyze("Москва")  # Latin «o» inside a Cyrillic word


def test_offsets_point_at_the_original_words():
    text = "Совет — «молодёжной» политики"
    for token in analyze_with_offsets(text):
        assert term_of(text[token.start:token.end]) == token.term
    assert [t.position for t in analyze_with_offsets(text)] == [0, 1, 2]


def test_garbage_tokens_and_punctuation_are_dropped():
    assert analyze("!!! ... — «»  " + "x" * 80) == []


def test_stopwords_are_known_by_their_term():
    assert is_stopword(term_of("и")) and is_stopword(term_of("для"))
    assert not is_stopword(term_of("школа"))


@given(st.text(max_size=200))
def test_analysis_never_fails_and_is_reproducible_from_its_joined_form(text):
    terms = analyze(text)
    assert all(term and " " not in term for term in terms)
    assert analyzed_text(text).split() == terms


def test_bare_forms_ending_in_yt_keep_their_stem():
    assert term_of("опыт") == term_of("опыта") == term_of("опытом")
    assert term_of("закрыт") == term_of("закрытый")
