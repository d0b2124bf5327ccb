"""Issue 20, the query language: NOT/НЕ, parentheses, title:, prefixes from 3 letters, Russian
notices for what is ignored, abbreviations and synonyms, «возможно, вы имели в виду».

The parser is tested on its own; the backends (the real tantivy index and, with a node, the
real Elasticsearch) on one small corpus, each case on both; the API, the page and the CLI on a
real `munews serve` / `munews search` over a real store and index.
"""

from __future__ import annotations

import json
import urllib.parse

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from indexer.analysis import term_of
from indexer.documents import Article, SearchQuery
from indexer.query import (
    MAX_CLAUSES,
    AllOf,
    AnyOf,
    InField,
    ParsedQuery,
    Phrase,
    Prefix,
    Synonyms,
    Term,
    parse_query,
)
from indexer.suggest import edit_distance
from indexer.synonyms import load_table, parse_table
from tests.fixtures_api import Server, add_articles, build_data
from tests.fixtures_elastic import BothBackends

# -- the parser ----------------------------------------------------------------------------------


def _term(word: str) -> str:
    return term_of(word)


@pytest.mark.parametrize("text", ["школа NOT выборы", "школа НЕ выборы", "школа -выборы"])
def test_not_is_an_exclusion_like_the_minus(text):
    parsed = parse_query(text)
    assert [c.term for c in parsed.must] == [_term("школа")]
    assert [c.term for c in parsed.must_not] == [_term("выборы")]
    assert parsed.notices == ()


def test_lower_case_not_is_a_word_not_an_operator():
    assert parse_query("школа не выборы").must_not == ()


def test_parentheses_group_an_or_inside_an_and():
    parsed = parse_query("(благоустройство OR озеленение) дворов")
    group, word = parsed.must
    assert isinstance(group, AnyOf) and [c.term for c in group.clauses] == [
        _term("благоустройство"), _term("озеленение")]
    assert word.term == _term("дворов") and parsed.notices == ()


def test_a_negated_group_excludes_any_of_its_words():
    parsed = parse_query("-(выборы OR голосование) школа")
    assert [c.term for c in parsed.must] == [_term("школа")]
    (excluded,) = parsed.must_not
    assert isinstance(excluded, AnyOf) and len(excluded.clauses) == 2
    assert parse_query("школа NOT (выборы OR голосование)").must_not == parsed.must_not


def test_nested_groups_and_a_group_of_words():
    parsed = parse_query("((школа OR сад) ремонт) OR стадион")
    (top,) = parsed.must
    assert isinstance(top, AnyOf)
    inner, stadium = top.clauses
    assert isinstance(inner, AllOf) and isinstance(inner.must[0], AnyOf)
    assert stadium.term == _term("стадион")


def test_parentheses_deeper_than_the_limit_are_flattened_with_a_notice():
    parsed = parse_query("(((((((школа)))))))")
    assert [c.term for c in parsed.must] == [_term("школа")]
    assert parsed.notices == ("Скобки глубже 4 уровней не учтены",)


def test_a_thousand_parentheses_do_not_overflow_the_stack():
    parsed = parse_query("(" * 2000 + "школа" + ")" * 2000 + " title:" * 500)
    assert [c.term for c in parsed.must] == [_term("школа")]


@pytest.mark.parametrize("text", ["title:школа", "заголовок:школа", "Title:школа", "title: школа"])
def test_title_field_restricts_a_word(text):
    (clause,) = parse_query(text).must
    assert clause == InField("title", Term(_term("школа"), "школа"))


def test_title_field_takes_a_phrase_or_a_group():
    (phrase,) = parse_query('title:"отопительный сезон"').must
    assert isinstance(phrase, InField) and isinstance(phrase.clause, Phrase)
    (group,) = parse_query("title:(школа OR сад)").must
    assert isinstance(group, InField) and isinstance(group.clause, AnyOf)
    (excluded,) = parse_query("-title:выборы").must_not
    assert isinstance(excluded, InField)


def test_prefix_from_three_letters_and_a_notice_below():
    assert parse_query("шко*").must == (Prefix("шко", "шко"),)
    parsed = parse_query("шк*")
    assert parsed.must == (Term("шк", "шк"),)
    assert parsed.notices == ("Префикс «шк*» короче 3 букв: искали слово «шк»",)


@pytest.mark.parametrize("text, notice", [
    ('"незакрытая кавычка', "Кавычка без пары не учтена"),
    ("(школа OR сад", "Открывающая скобка без пары: группа закрыта в конце запроса"),
    ("школа)", "Закрывающая скобка без пары не учтена"),
    ("OR школа", "Оператор «OR» без пары не учтён"),
    ("школа ИЛИ", "Оператор «ИЛИ» без пары не учтён"),
    ("школа -", "Оператор «-» без слова не учтён"),
    ("школа *", "Оператор «*» без слова не учтён"),
    ("школа NOT", "Оператор «NOT» без слова не учтён"),
    ("школа OR -выборы", "Оператор «OR» перед исключением не учтён"),
    ("автор:Иванов школа", "Поле «автор:» не поддерживается: искали как обычные слова"),
    ("школа title:", "После «title:» нет слова: не учтено"),
    ("школа ()", "Пустые скобки не учтены"),
    ("-выборы", "В запросе только исключения: показаны все публикации, кроме исключённых"),
])
def test_what_is_ignored_or_reinterpreted_is_said_in_russian(text, notice):
    assert notice in parse_query(text).notices


def test_clauses_beyond_the_limit_are_dropped_with_a_notice():
    parsed = parse_query(" ".join(f"слово{i}" for i in range(MAX_CLAUSES + 6)))
    assert len(parsed.must) == MAX_CLAUSES
    assert parsed.notices == (f"Запрос слишком длинный: учтены первые {MAX_CLAUSES} слова",)


def test_an_unknown_field_is_searched_as_words_and_urls_are_not_fields():
    assert [c.term for c in parse_query("автор:Иванов").must] == [_term("автор"), _term("Иванов")]
    assert parse_query("https://site.ru").notices == ()


def test_clean_queries_have_no_notices_and_notices_do_not_change_equality():
    for text in ("лучшие практики", '"инициативное бюджетирование" -выборы', "практ*", "a OR b"):
        assert parse_query(text).notices == ()
    assert parse_query("OR") == ParsedQuery() and parse_query("OR").notices


@given(st.text(alphabet='()"«»-*: ORNTИЛНЕtitleшкола|', max_size=80))
def test_any_mix_of_syntax_parses(text):
    parsed = parse_query(text)
    assert isinstance(parsed, ParsedQuery) and all(isinstance(n, str) for n in parsed.notices)


# -- synonyms ------------------------------------------------------------------------------------


def test_the_table_covers_the_abbreviations_of_the_field():
    table = load_table()
    assert len(table) >= 40  # both directions of 20+ groups
    for abbreviation in ("ЖКХ", "ТОС", "МО", "МСУ", "ИБ", "ППМИ", "ЛМП", "ОКМО", "СМО", "МР", "ГО",
                         "МСП", "НКО", "СВО", "ФКГС"):
        assert (_term(abbreviation),) in table, abbreviation


def test_an_abbreviation_also_matches_its_expansion():
    (clause,) = parse_query("ЖКХ").must
    assert isinstance(clause, Synonyms) and clause.original == Term("жкх", "ЖКХ")
    assert clause.alternatives == (Phrase(("жилищн", "коммунальн", "хозяйств"), "жилищно-коммунальное хозяйство"),)


@pytest.mark.parametrize("text", ['"жилищно-коммунального хозяйства"', "жилищно-коммунальное хозяйство"])
def test_a_typed_expansion_also_matches_its_abbreviation(text):
    (clause,) = parse_query(text).must
    assert isinstance(clause, Synonyms) and clause.alternatives == (Term("жкх", "ЖКХ"),)


def test_the_longest_form_wins_and_groups_do_not_chain():
    (clause,) = parse_query("органы местного самоуправления").must
    assert [a.word for a in clause.alternatives] == ["ОМСУ"]
    table = parse_table("А\tальфа\nА\tапельсин\n# comment\n")
    assert [text for _, text in table[(_term("А"),)]] == ["альфа", "апельсин"]
    assert [text for _, text in table[(_term("альфа"),)]] == ["А"]  # not «апельсин»


def test_edit_distance_counts_a_transposition_once():
    assert edit_distance("молодеж", "малодеж") == 1
    assert edit_distance("благоустройств", "благоустройтсв") == 1
    assert edit_distance("школ", "молодеж") == 3  # beyond the limit of 2


# -- both backends -------------------------------------------------------------------------------


def _article(slug: str, title: str, text: str) -> Article:
    return Article(url=f"https://ql.example.ru/news/{slug}/", source_id="ql", source_name="Совет",
                   region="Тверская область", title=title, text=text,
                   published_at="2024-03-01T10:00:00+03:00", fetched_at="2024-12-01T00:00:00+00:00")


SCHOOL = _article("school", "Новая школа в посёлке", "Открылась школа на 500 мест.")
SCHOOL_IN_BODY = _article("gym", "Ремонт спортзала", "В школе номер три отремонтировали спортзал.")
ELECTION = _article("election", "Выборы в районе", "Голосование прошло в здании школы.")
YARDS_GREEN = _article("green", "Озеленение дворов", "Жители занялись озеленением своих дворов.")
YARDS_BUILT = _article("built", "Благоустройство дворов", "Программа благоустройства дворов продолжена.")
PARK = _article("park", "Озеленение парка", "В парке высадили деревья.")
ZHKH = _article("zhkh", "Реформа ЖКХ", "Отрасль ЖКХ готовится к зиме.")
ZHKH_FULL = _article("housing", "Жилищно-коммунальное хозяйство готовится к зиме",
                     "Жилищно-коммунальное хозяйство района готово к отопительному сезону.")
YOUTH = _article("youth", "Форум в Сургуте", "Молодёжь района обсудила молодёжную политику в Сургуте.")
ARTICLES = [SCHOOL, SCHOOL_IN_BODY, ELECTION, YARDS_GREEN, YARDS_BUILT, PARK, ZHKH, ZHKH_FULL, YOUTH]


@pytest.fixture(scope="module")
def indexes(request, tmp_path_factory):
    found = BothBackends(request, tmp_path_factory, ARTICLES, "munews-querylang")
    yield found
    found.close()


@pytest.fixture(params=["embedded", "elasticsearch"])
def backend(request, indexes):
    if request.param == "elasticsearch":
        request.applymarker(pytest.mark.elasticsearch)
    return indexes.get(request.param)


def _ids(backend, text: str) -> list[str]:
    return [hit.id for hit in backend.search(SearchQuery(text=text, limit=50)).hits]


def test_not_excludes_on_both_backends(backend):
    everything = set(_ids(backend, "школа"))
    assert everything == {SCHOOL.id, SCHOOL_IN_BODY.id, ELECTION.id}
    for text in ("школа NOT выборы", "школа НЕ выборы", "школа -выборы"):
        assert set(_ids(backend, text)) == {SCHOOL.id, SCHOOL_IN_BODY.id}, text
    assert set(_ids(backend, "школа -(выборы OR спортзал)")) == {SCHOOL.id}


def test_parentheses_on_both_backends(backend):
    assert set(_ids(backend, "(благоустройство OR озеленение) дворов")) == {YARDS_GREEN.id, YARDS_BUILT.id}
    assert set(_ids(backend, "дворов -(благоустройство OR ремонт)")) == {YARDS_GREEN.id}
    assert set(_ids(backend, "(парк OR (дворов благоустройство))")) == {PARK.id, YARDS_BUILT.id}


def test_title_restricts_to_the_title_on_both_backends(backend):
    assert _ids(backend, "title:школа") == [SCHOOL.id]
    assert _ids(backend, 'заголовок:"новая школа"') == [SCHOOL.id]
    assert set(_ids(backend, "школа -title:школа")) == {SCHOOL_IN_BODY.id, ELECTION.id}
    assert _ids(backend, "title:спортзал") == [SCHOOL_IN_BODY.id]


def test_an_abbreviation_finds_its_expansion_and_ranks_itself_first(backend):
    assert _ids(backend, "ЖКХ") == [ZHKH.id, ZHKH_FULL.id]
    assert _ids(backend, "жкх") == [ZHKH.id, ZHKH_FULL.id]
    for text in ("жилищно-коммунальное хозяйство", '"жилищно-коммунального хозяйства"'):
        assert _ids(backend, text) == [ZHKH_FULL.id, ZHKH.id], text
    assert _ids(backend, "title:ЖКХ") == [ZHKH.id, ZHKH_FULL.id]  # both say it in the title


def test_notices_reach_the_search_page(backend):
    page = backend.search(SearchQuery(text="шк*"))
    assert page.notices == ("Префикс «шк*» короче 3 букв: искали слово «шк»",)
    assert backend.search(SearchQuery(text="школа")).notices == ()


@pytest.mark.parametrize("text, expected", [
    ("малодежь", "молодёжь"),
    ("Малодежь района", "Молодёжь района"),
    ("благоустройтсво дворов", "благоустройство дворов"),
    ("форум сургте", "форум Сургуте"),  # a proper name keeps its capital
    ('title:"озеленене дворов"', 'title:"озеленение дворов"'),
])
def test_a_typo_gets_a_suggestion_from_the_index_vocabulary(backend, text, expected):
    page = backend.search(SearchQuery(text=text))
    assert page.total == 0 and page.suggestion == expected
    assert backend.suggest(text) == expected
    assert backend.search(SearchQuery(text=page.suggestion)).total > 0


@pytest.mark.parametrize("text", ["школа", "ЖКХ", "школа выборы спортзал", "абвгдежз", "шк", "-малодежь"])
def test_no_suggestion_when_words_are_known_or_nothing_is_close(backend, text):
    assert backend.search(SearchQuery(text=text)).suggestion is None


def test_both_backends_suggest_alike(indexes):
    embedded, elastic = indexes.get("embedded"), indexes.get("elasticsearch")
    for text in ("малодежь", "школаа спортзла", "выбры", "благоустройтсво OR озеленене"):
        assert embedded.suggest(text) == elastic.suggest(text), text


# -- API, page, CLI ------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("querylang") / "data"
    add_articles(build_data(data_dir), ARTICLES)
    running = Server(data_dir).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def test_api_search_returns_notices_and_a_suggestion(client):
    body = client.get("/api/search", params={"q": '"незакрытая шк*'}).json()
    assert body["notices"] == ["Кавычка без пары не учтена",
                               "Префикс «шк*» короче 3 букв: искали слово «шк»"]
    typo = client.get("/api/search", params={"q": "малодежь"}).json()
    assert typo["total"] == 0 and typo["suggestion"] == "молодёжь" and typo["notices"] == []
    clean = client.get("/api/search", params={"q": "школа"}).json()
    assert clean["notices"] == [] and clean["suggestion"] is None
    assert {"notices", "suggestion"} <= set(client.get("/openapi.json").json()["components"]["schemas"]
                                           ["SearchResult"]["properties"])


def test_the_page_shows_notices_and_an_escaped_suggestion_link_that_keeps_filters(client):
    text = f'малодежь "{SCRIPT}" шк*'
    page = client.get("/", params={"q": text, "region": "Тверская область"}).text
    assert "<li>Префикс «шк*» короче 3 букв: искали слово «шк»</li>" in page
    suggestion = f'молодёжь "{SCRIPT}" шк*'
    assert f">{escape(suggestion)}</a></p>" in page
    assert SCRIPT not in page
    href = "/?" + urllib.parse.urlencode({"q": suggestion, "region": "Тверская область"})
    assert f'Возможно, вы имели в виду: <a href="{escape(href)}">' in page


def test_the_page_has_a_query_help_next_to_the_box(client):
    page = client.get("/").text
    assert '<details class="query-help">' in page
    for syntax in ("NOT выборы", "title:школа", "(благоустройство OR озеленение) дворов", "практ*", "ЖКХ"):
        assert syntax in page
    assert "Возможно, вы имели в виду" not in page and "query-notices" not in page


def test_cli_prints_notices_and_the_suggestion(tmp_path, capsys, monkeypatch):
    from crawler.cli import main

    data_dir = tmp_path / "data"
    add_articles(build_data(data_dir), ARTICLES)
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(data_dir))
    assert main(["search", "малодежь", "шк*"]) == 0
    err = capsys.readouterr().err
    assert "Префикс «шк*» короче 3 букв: искали слово «шк»" in err
    assert "Возможно, вы имели в виду: молодёжь шк*" in err
    assert main(["search", "--json", "ЖКХ"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["notices"] == [] and body["suggestion"] is None
    assert [hit["id"] for hit in body["hits"]][:2] == [ZHKH.id, ZHKH_FULL.id]
