"""`munews search` and `munews reindex` end to end on a real store and index."""

from __future__ import annotations

import json

import pytest

from crawler.cli import main
from crawler.commands.search import terminal_text


@pytest.fixture
def cli_env(config, monkeypatch, tmp_path):
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(config.data_dir))
    return ["--env-file", str(tmp_path / "absent.env")]


def test_search_prints_json(indexed, cli_env, capsys, corpus):
    assert main(cli_env + ["search", "молодежь", "--region", "Тверская область", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 2
    assert {hit["id"] for hit in data["hits"]} == {corpus["youth1"].id, corpus["youth3"].id}
    assert data["facets"]["region"] == {"Тверская область": 2}


def test_search_prints_a_readable_list(indexed, cli_env, capsys):
    assert main(cli_env + ["search", "семинар", "--sort", "date", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "1. Кузбасс-2024: семинар для глав поселений" in out
    assert "**Семинар**" in out and "<script>" in out  # plain text for a terminal, unescaped
    assert "Results 1–1 of 1." in out


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_a_bad_date_is_a_usage_error(indexed, cli_env, capsys, option):
    assert main(cli_env + ["search", "бюджет", option, "31.02.2024"]) == 2
    assert f"{option}: not a date" in capsys.readouterr().err


def test_an_inverted_date_range_is_a_usage_error(indexed, cli_env, capsys):
    assert main(cli_env + ["search", "--since", "2024-05-01", "--until", "2024-01-01"]) == 2
    assert "empty" in capsys.readouterr().err


def test_terminal_text_strips_control_characters_from_crawled_text():
    snippet = "a\x1b[31mred <mark>word</mark> &lt;b&gt;"
    assert terminal_text(snippet, ansi=False) == "a[31mred **word** <b>"
    assert terminal_text(snippet, ansi=True) == "a[31mred \x1b[1mword\x1b[0m <b>"


def test_reindex_rebuilds_from_the_store(indexed, cli_env, capsys, config, corpus):
    store, backend = indexed
    backend.close()
    (config.index_dir / "munews-index.json").write_text('{"analyzer": "0", "schema": "0"}')
    assert main(cli_env + ["reindex"]) == 0
    assert f"Indexed {len(corpus)} articles" in capsys.readouterr().out
    assert main(cli_env + ["search", "бюджет", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 2


@pytest.mark.parametrize("command", ["munews", "python -m indexer"])
def test_both_reindex_commands_rebuild_an_index_of_another_version(indexed, cli_env, capsys, config,
                                                                   corpus, command):
    from indexer.__main__ import main as indexer_main

    store, backend = indexed
    backend.close()
    (config.index_dir / "munews-index.json").write_text('{"analyzer": "0", "schema": "0"}')
    run = (lambda: main(cli_env + ["reindex"])) if command == "munews" else (
        lambda: indexer_main(["reindex", *cli_env]))
    assert run() == 0
    assert str(len(corpus)) in capsys.readouterr().out
    assert main(cli_env + ["search", "бюджет", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 2


def test_reindex_without_a_store_fails_clearly(cli_env, capsys):
    assert main(cli_env + ["reindex"]) == 1
    assert "run `munews crawl` first" in capsys.readouterr().err


def test_python_m_indexer_stats_reports_pending_changes(indexed, config, monkeypatch, capsys, tmp_path):
    from indexer.__main__ import main as indexer_main

    store, backend = indexed
    backend.close()
    store.mark_deleted([next(iter(store.iter_articles())).id])
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(config.data_dir))
    env = ["--env-file", str(tmp_path / "absent.env")]
    assert indexer_main(["stats", *env]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["indexed"], stats["stored"], stats["pending"]) == (10, 9, 1)
    assert indexer_main(["reindex", *env]) == 0
    capsys.readouterr()
    assert indexer_main(["stats", *env]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["indexed"], stats["pending"]) == (9, 0)


def test_an_empty_result_explains_unindexed_articles(config, store, corpus, cli_env, capsys):
    store.upsert(corpus["budget"])  # stored, never synced into the index
    assert main(cli_env + ["search", "бюджетирование"]) == 0
    captured = capsys.readouterr()
    assert "No results" in captured.out
    assert "1 stored changes are not indexed yet" in captured.err


def test_searching_before_any_crawl_says_what_to_do(cli_env, capsys):
    assert main(cli_env + ["search", "школа"]) == 0
    assert "nothing crawled yet" in capsys.readouterr().err
