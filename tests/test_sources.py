"""Validation of the sources registry."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indexer.sources import SourcesError, load_sources, parse_sources, select_sources

REPO = Path(__file__).resolve().parents[1]
GOOD = {"id": "belgorod-smo", "name": "Совет", "region": "Белгородская область",
        "start_urls": ["https://asmobel.ru/news/"]}


def registry(*entries):
    return {"sources": [dict(entry) for entry in entries]}


def test_shipped_registry_is_valid_and_marks_every_entry():
    sources = load_sources(REPO / "sources.yaml")
    assert sources, "sources.yaml must list at least one association"
    raw = yaml.safe_load((REPO / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    assert all("verified" in entry and entry.get("notes") for entry in raw)
    belgorod = next(s for s in sources if s.id == "belgorod-smo")
    assert belgorod.verified and belgorod.domains == ("asmobel.ru",)
    # Unverified entries are crawled too, marked so until a person has seen their news.
    assert any(not s.verified for s in select_sources(sources, None))


def test_good_entry_and_derived_domains():
    (source,) = parse_sources(registry({**GOOD, "start_urls": ["https://www.Asmobel.ru/news/"],
                                        "feeds": ["https://feeds.asmobel.ru/rss"]}))
    assert source.domains == ("asmobel.ru", "feeds.asmobel.ru")
    assert source.enabled and not source.verified


@pytest.mark.parametrize("change,message", [
    ({"start_url": ["https://a.ru/"]}, "unknown key 'start_url'"),
    ({"id": "Bad Id"}, "bad id 'Bad Id'"),
    ({"start_urls": ["ftp://a.ru/"]}, "bad URL 'ftp://a.ru/' in 'start_urls'"),
    ({"start_urls": []}, "'start_urls' must not be empty"),
    ({"start_urls": "https://a.ru/"}, "'start_urls' must be a list of strings"),
    ({"article_url_pattern": "(unclosed"}, "bad regex in 'article_url_pattern'"),
    ({"allowed_domains": ["not a domain"]}, "bad domain 'not a domain'"),
    ({"interval": "often"}, "bad interval 'often'"),
    ({"max_pages": 0}, "'max_pages' must be a positive integer"),
    ({"enabled": "yes"}, "'enabled' must be true or false"),
    ({"name": ""}, "'name' must be a non-empty string"),
])
def test_bad_entry_is_named_with_its_problem(change, message):
    with pytest.raises(SourcesError) as error:
        parse_sources(registry(GOOD, {**GOOD, "id": "second", **change}))
    text = str(error.value)
    assert message in text
    assert "sources[1]" in text and "sources[0]" not in text


def test_missing_required_key_and_duplicate_id():
    entry = {k: v for k, v in GOOD.items() if k != "region"}
    with pytest.raises(SourcesError) as error:
        parse_sources(registry(GOOD, GOOD, entry))
    problems = error.value.problems
    assert "sources[1] (id 'belgorod-smo'): duplicate id (first used by sources[0])" in problems
    assert any("sources[2]" in p and "missing key 'region'" in p for p in problems)


@pytest.mark.parametrize("text,message", [
    ("sources: [", "not valid YAML"),
    ("- just a list", "top level must be a mapping"),
    ("sources: []\nextra: 1", "unknown top-level key 'extra'"),
])
def test_malformed_file(tmp_path, text, message):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError, match=message):
        load_sources(path)


def test_select_sources():
    sources = parse_sources(registry(GOOD, {**GOOD, "id": "off", "enabled": False}))
    assert [s.id for s in select_sources(sources, None)] == ["belgorod-smo"]
    assert [s.id for s in select_sources(sources, ["off"])] == ["off"]
    with pytest.raises(SourcesError, match="unknown source id 'x'"):
        select_sources(sources, ["x"])
