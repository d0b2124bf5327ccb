"""One contract for every search backend, run on the same corpus: embedded (tantivy) and
Elasticsearch must find the same articles, rank them the same way (up to ties), count the
same facets, apply the same filters, mark the same snippets and page the same way."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from benchmarks.corpus_gen import generate
from indexer.analysis import analyze
from indexer.documents import Article, SearchQuery
from indexer.errors import InvalidQuery
from tests.fixtures_elastic import BothBackends
from tests.fixtures_search import corpus_articles

BACKENDS = ("embedded", "elasticsearch")
#: Scores closer than this (relative) are ties: the engines sum floats in different orders.
TIE = 1e-4

QUERIES = [
    "практика", "практики", "молодежь", "молодёжной", "лучшие практики молодежь", "бюджет",
    "инициативное бюджетирование", '"инициативное бюджетирование"', "практика -выборы",
    'практика -"дистанционного голосования"', "благоустройство OR озеленение", "практ*",
    "котельн*", "Кузбасс-2024", "Ханты-Мансийский", "отопительный сезон", "школы учителя",
    "молодые специалисты", "народный бюджет", "title:школа", 'незакрытая "кавычка', "OR",
    "и", "-", "*", "Сургут", "модернизация котельных", "благоустройство -парк",
]
FILTERS = [
    {},
    {"regions": ("Тверская область",)},
    {"regions": ("Курская область", "Кемеровская область")},
    {"sources": ("tver", "hmao")},
    {"since": date(2023, 1, 1)},
    {"since": date(2021, 3, 1), "until": date(2023, 6, 30)},
    {"until": date(2022, 12, 31)},
    {"best_practice": True},
    {"best_practice": False, "regions": ("Курская область",)},
]


def contract_corpus() -> list[Article]:
    """The search tests' hand-written articles, 260 generated ones and a few odd cases."""
    articles = list(corpus_articles().values())
    articles += [item.article for item in generate(260, seed=5)]
    articles.append(Article(url="https://odd.example.ru/1", source_id="odd", title="Без даты",
                            text="Практика без даты публикации и без региона."))
    articles.append(Article(url="https://odd.example.ru/2", source_id="odd", region="Тверская область",
                            title="<b>Практика</b> & «кавычки»", text="Текст <i>практики</i> & ещё",
                            published_at="2024-12-31T23:30:00+03:00"))
    return articles


@pytest.fixture(scope="module")
def indexes(request, tmp_path_factory):
    found = BothBackends(request, tmp_path_factory, contract_corpus(), "munews-contract")
    yield found
    found.close()


@pytest.fixture(params=BACKENDS)
def backend(request, indexes):
    if request.param == "elasticsearch":
        request.applymarker(pytest.mark.elasticsearch)
    return indexes.get(request.param)


@pytest.fixture
def pair(indexes):
    """(embedded, elasticsearch) for side-by-side comparisons."""
    return indexes.get("embedded"), indexes.get("elasticsearch")


def everything(backend, text: str = "", **options):
    return backend.search(SearchQuery(text=text, limit=400, **options))


def assert_same_ranking(left, right) -> None:
    """Same hits; the same order except among hits whose scores tie."""
    assert [h.id for h in left.hits] != [] or [h.id for h in right.hits] == []
    assert {h.id for h in left.hits} == {h.id for h in right.hits}
    left_score = {h.id: h.score for h in left.hits}
    right_score = {h.id: h.score for h in right.hits}
    for hit_id, score in left_score.items():
        assert right_score[hit_id] == pytest.approx(score, rel=TIE)
    # Walking the right order, the left scores never go up (beyond a tie).
    scores = [left_score[h.id] for h in right.hits]
    for before, after in pairwise(scores):
        assert after <= before * (1 + TIE)


# -- the two backends agree ------------------------------------------------------------------


@pytest.mark.elasticsearch
@pytest.mark.parametrize("text", QUERIES)
def test_same_hits_same_ranking_same_facets(pair, text):
    embedded, elastic = pair
    left, right = everything(embedded, text), everything(elastic, text)
    assert left.total == right.total == len(left.hits)
    assert_same_ranking(left, right)
    assert left.facets == right.facets
    by_id = {h.id: h.snippet for h in right.hits}
    assert all(by_id[h.id] == h.snippet for h in left.hits)


@pytest.mark.elasticsearch
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
@pytest.mark.parametrize("text", ["", "практика", "благоустройство OR молодежь"])
def test_same_filters(pair, filters, text):
    embedded, elastic = pair
    left, right = everything(embedded, text, **filters), everything(elastic, text, **filters)
    assert {h.id for h in left.hits} == {h.id for h in right.hits}
    assert left.total == right.total
    assert left.facets == right.facets
    assert embedded.count(SearchQuery(text=text, **filters)) == left.total
    assert elastic.count(SearchQuery(text=text, **filters)) == right.total


@pytest.mark.elasticsearch
@pytest.mark.parametrize("text", ["", "бюджет", "школы"])
def test_same_date_order(pair, text):
    embedded, elastic = pair
    left = everything(embedded, text, sort="date")
    right = everything(elastic, text, sort="date")
    assert [h.published_at for h in left.hits] == [h.published_at for h in right.hits]
    assert {h.id for h in left.hits} == {h.id for h in right.hits}


@pytest.mark.elasticsearch
def test_same_stored_articles(pair, indexes):
    embedded, elastic = pair
    for article in indexes.corpus[::37]:
        assert embedded.get(article.id) == elastic.get(article.id) == article
    assert embedded.count() == elastic.count() == len(indexes.corpus)


# -- each backend keeps the contract ----------------------------------------------------------


def test_facet_counts_add_up(backend, indexes):
    page = everything(backend, "практика OR бюджет")
    assert sum(page.facets["source"].values()) == page.total
    assert sum(page.facets["year"].values()) <= page.total  # undated articles have no year
    counted = everything(backend, "практика OR бюджет", regions=("Тверская область",)).total
    assert page.facets["region"]["Тверская область"] == counted


def test_snippets_mark_matched_forms_and_escape_html(backend):
    page = everything(backend, "практика")
    odd = next(h for h in page.hits if h.url == "https://odd.example.ru/2")
    assert "<mark>практики</mark>" in odd.snippet
    assert "&lt;i&gt;" in odd.snippet and "<i>" not in odd.snippet
    assert "&amp;" in odd.snippet
    assert odd.title == "<b>Практика</b> & «кавычки»"  # raw in the hit: escaping is the view's job
    for hit in page.hits:  # a hit whose body has the word shows it marked
        body = backend.get(hit.id).text
        assert ("<mark>" in hit.snippet) == ("практик" in analyze(body)), hit.id


def test_offset_pages_tile_the_full_result(backend):
    full = everything(backend, "бюджет OR школы", sort="date")
    pages = []
    for offset in range(0, full.total, 9):
        page = backend.search(SearchQuery(text="бюджет OR школы", sort="date", offset=offset,
                                          limit=9))
        assert page.total == full.total
        pages.extend(h.id for h in page.hits)
    assert pages == [h.id for h in full.hits]


def test_date_sort_is_newest_first_with_undated_last(backend):
    hits = everything(backend, "практика", sort="date").hits
    dated = [h.published_at for h in hits if h.published_at]
    assert dated == sorted(dated, reverse=True)
    assert hits[-1].published_at is None


def test_malformed_filters_are_refused(backend):
    with pytest.raises(InvalidQuery):
        backend.search(SearchQuery(text="практика", since=date(2024, 1, 1),
                                   until=date(2023, 1, 1)))
    for text in ("практика", ""):
        with pytest.raises(InvalidQuery):
            backend.search(SearchQuery(text=text, sort="popularity"))
    with pytest.raises(InvalidQuery):
        backend.search(SearchQuery(text="практика", offset=-1))
    with pytest.raises(InvalidQuery):  # the 10,000-result window of both backends
        backend.search(SearchQuery(text="практика", offset=9_995, limit=10))


@pytest.mark.elasticsearch
def test_search_after_walks_every_hit_once(indexes):
    elastic = indexes.get("elasticsearch")
    for sort in ("relevance", "date"):
        full = everything(elastic, "практика OR бюджет OR школы", sort=sort)
        seen, cursor = [], None
        while True:
            page = elastic.search(SearchQuery(text="практика OR бюджет OR школы", sort=sort,
                                              limit=11, search_after=cursor, facets=False))
            seen.extend(h.id for h in page.hits)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert seen == [h.id for h in full.hits]
