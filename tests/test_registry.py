"""The shipped registry: at least 30 real sites in at least 25 regions, loaded by the real
loader and accepted by `munews sources validate`; the councils without a known site stay in
sources.unverified.yaml, which is never loaded."""

from __future__ import annotations

from urllib.parse import urlsplit

import yaml

from indexer.sources import load_sources, select_sources
from tests.test_crawl import REPO, crawl_env, run_munews


def test_shipped_registry_has_30_sites_in_25_regions():
    sources = load_sources(REPO / "sources.yaml")
    enabled = select_sources(sources, None)
    assert len(enabled) >= 30
    assert len({source.region for source in enabled}) >= 25
    assert len({source.id for source in sources}) == len(sources)
    for source in sources:
        assert source.start_urls and source.notes
        assert all(urlsplit(url).scheme in ("http", "https") for url in source.start_urls)
    # Ids other code and old stores know.
    assert {"belgorod-smo", "okmo"} <= {source.id for source in sources}


def test_only_a_person_marks_a_source_verified():
    raw = yaml.safe_load((REPO / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    assert [entry["id"] for entry in raw if entry["verified"]] == ["belgorod-smo"]


def test_validate_accepts_the_shipped_registry(tmp_path):
    done = run_munews(["sources", "--sources", str(REPO / "sources.yaml"), "validate"],
                      crawl_env(tmp_path / "data"), tmp_path)
    assert done.returncode == 0, done.stderr
    assert "OK" in done.stdout


def test_candidates_without_a_site_are_listed_apart():
    candidates = yaml.safe_load((REPO / "sources.unverified.yaml").read_text(encoding="utf-8"))["candidates"]
    assert len(candidates) >= 30
    shipped = {source.id for source in load_sources(REPO / "sources.yaml")}
    assert not shipped & {entry["id"] for entry in candidates}
    assert all(entry["start_urls"] == [] and entry["seen_in"] for entry in candidates)
