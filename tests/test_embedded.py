"""The embedded backend on a real SQLite store and a real tantivy index."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.documents import SearchQuery
from indexer.errors import InvalidQuery


def keys(page, corpus):
    by_id = {article.id: key for key, article in corpus.items()}
    return [by_id[hit.id] for hit in page.hits]


def search(backend, text="", **options):
    return backend.search(SearchQuery(text=text, limit=options.pop("limit", 50), **options))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("практика", {"youth1", "youth2", "elect"}),  # практику, практики, практика
        ("практики", {"youth1", "youth2", "elect"}),
        ("молодежь", {"youth1", "youth2", "youth3"}),  # молодёжью, молодёжной, молодежных
        ("молодёжной", {"youth1", "youth2", "youth3"}),
        ("бюджет", {"budget", "budget2"}),
    ],
)
def test_a_query_in_one_form_finds_the_other_forms(indexed, corpus, query, expected):
    _, backend = indexed
    found = keys(search(backend, query), corpus)
    assert set(found) == expected


def test_all_words_must_match(indexed, corpus):
    _, backend = indexed
    assert set(keys(search(backend, "лучшие практики молодежь"), corpus)) == {"youth1"}


def test_exact_phrase_needs_adjacent_words(indexed, corpus):
    _, backend = indexed
    assert set(keys(search(backend, '"инициативное бюджетирование"'), corpus)) == {"budget"}
    assert set(keys(search(backend, "инициативное бюджет"), corpus)) >= {"budget", "budget2"}


def test_exclusion_removes_matches(indexed, corpus):
    _, backend = indexed
    assert set(keys(search(backend, "практика -выборы"), corpus)) == {"youth1", "youth2"}
    assert set(keys(search(backend, 'практика -"дистанционного голосования"'), corpus)) == {
        "youth1", "youth2"}


def test_or_matches_either_word(indexed, corpus):
    _, backend = indexed
    assert set(keys(search(backend, "благоустройство OR озеленение"), corpus)) == {"parks", "green"}


def test_prefix_matches_every_word_beginning_with_it(indexed, corpus):
    _, backend = indexed
    found = set(keys(search(backend, "практ*"), corpus))
    assert found == {"youth1", "youth2", "elect"}
    assert set(keys(search(backend, "семин*"), corpus)) == {"xss"}


def test_hyphenated_names_match_as_a_unit(indexed, corpus):
    _, backend = indexed
    assert set(keys(search(backend, "Ханты-Мансийский"), corpus)) == {"parks", "green"}
    assert set(keys(search(backend, "Кузбасс-2024"), corpus)) == {"xss"}


def test_title_matches_rank_above_body_matches(indexed, corpus):
    _, backend = indexed
    ranked = keys(search(backend, "молодежь"), corpus)
    assert ranked[0] == "youth3"  # the word in the title and twice in the body


def test_filters(indexed, corpus):
    _, backend = indexed
    assert set(keys(search(backend, "практика", regions=("Курская область",)), corpus)) == {
        "youth2", "elect"}
    assert set(keys(search(backend, "", sources=("hmao",)), corpus)) == {"parks", "green"}
    assert set(keys(search(backend, "", since=date(2024, 3, 5), until=date(2024, 5, 20)),
                    corpus)) == {"youth1", "parks"}
    assert set(keys(search(backend, "", best_practice=True), corpus)) == {"youth1", "youth2", "budget"}


def test_an_empty_date_range_is_an_invalid_query(indexed):
    _, backend = indexed
    with pytest.raises(InvalidQuery):
        search(backend, "", since=date(2024, 2, 1), until=date(2024, 1, 1))


def test_facets_count_the_whole_result_and_add_up(indexed, corpus):
    _, backend = indexed
    page = search(backend, "практика OR молодежь OR бюджет", limit=2)
    assert len(page.hits) == 2 and page.total == 6
    for name in ("region", "source", "year"):
        assert sum(page.facets[name].values()) == page.total
    assert page.facets["region"] == {"Тверская область": 3, "Курская область": 3}
    assert page.facets["year"]["2024"] == 3


def test_snippets_mark_the_original_forms_and_escape_html(indexed, corpus):
    _, backend = indexed
    hit = search(backend, "семинары").hits[0]
    assert "<mark>Семинар</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet
    youth = search(backend, "молодежь", regions=("Тверская область",)).hits
    assert any("<mark>молодёжью</mark>" in h.snippet for h in youth)


def test_sort_by_date_newest_first(indexed, corpus):
    _, backend = indexed
    page = search(backend, "практика OR бюджет", sort="date")
    dates = [hit.published_at for hit in page.hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5


def test_pagination_walks_the_whole_result_once(indexed, corpus):
    _, backend = indexed
    seen = []
    for offset in range(0, 10, 3):
        page = backend.search(SearchQuery(text="", offset=offset, limit=3))
        assert page.total == len(corpus)
        seen.extend(hit.id for hit in page.hits)
    assert sorted(seen) == sorted(a.id for a in corpus.values())


def test_count_and_get(indexed, corpus):
    _, backend = indexed
    assert backend.count() == len(corpus)
    assert backend.count(SearchQuery(text="молодежь")) == 3
    assert backend.get(corpus["budget"].id).title == corpus["budget"].title
    assert backend.get("no-such-id") is None


@pytest.mark.parametrize("text", ['"', "title:", "(((", "OR", "-", "^~\\", "*", "школ* OR"])
def test_malformed_queries_never_raise(indexed, text):
    _, backend = indexed
    assert search(backend, text).total >= 0


def test_pages_beyond_the_result_window_are_refused(indexed):
    _, backend = indexed
    with pytest.raises(InvalidQuery, match="beyond"):
        backend.search(SearchQuery(text="", offset=9_995, limit=10))
    with pytest.raises(InvalidQuery):
        backend.search(SearchQuery(text="", sort="shuffle"))
