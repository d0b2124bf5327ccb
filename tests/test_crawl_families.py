"""Six CMS families munews was not built against (tests/families: Gosweb-like loader, DLE,
uCoz, Drupal, Tilda, a regional portal), crawled in one real `munews crawl` on 127.0.0.1 and
scored against their ground truth: every article, nothing else, every date."""

from __future__ import annotations

import pytest

from benchmarks.families import SITES, same_instant
from crawler.demo.server import serve_sites
from indexer.store import Store
from tests.families.truth import FAMILIES, REPOSTS
from tests.test_crawl import crawl_env, run_munews


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("families")
    with serve_sites(SITES) as server:
        lines = ["sources:"]
        for name, family in FAMILIES.items():
            urls = ", ".join(f"'{server.url(name, path)}'" for path in family.start_paths)
            lines += [f"  - id: {name}", f"    name: Совет {name}", f"    region: {family.region}",
                      f"    start_urls: [{urls}]"]
        (tmp / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        done = run_munews(["crawl", "--sources", str(tmp / "sources.yaml"), "--quiet"], crawl_env(tmp / "data"), tmp)
        assert done.returncode == 0, done.stderr[-2000:]
        stored = {}
        with Store(tmp / "data" / "munews.sqlite3") as store:
            for name in FAMILIES:
                prefix = server.url(name, "").rstrip("/")
                stored[name] = {a.url[len(prefix):]: a for a in store.iter_articles(name)}
        yield stored


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_article_once_and_nothing_else(crawled, name):
    assert set(crawled[name]) == {e.path for e in FAMILIES[name].articles}


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_recall_is_complete(crawled, name):
    assert {e.path for e in FAMILIES[name].articles} <= set(crawled[name])


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_publication_moments_are_exact(crawled, name):
    wrong = {e.path: (crawled[name][e.path].published_at, e.published_at) for e in FAMILIES[name].articles
             if e.path in crawled[name] and not same_instant(crawled[name][e.path].published_at, e.published_at)}
    assert wrong == {}


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_not_articles_are_never_stored(crawled, name):
    assert {path for path in FAMILIES[name].not_articles if path in crawled[name]} == set()


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_titles_and_whole_bodies_are_kept(crawled, name):
    """Body recall at its edges: the first paragraph (a Tilda lead sits outside the text
    block), the last one (before the share buttons) and an in-body sub-heading."""
    wrong = {}
    for e in FAMILIES[name].articles:
        got = crawled[name].get(e.path)
        if got is None:
            continue
        paragraphs = got.text.split("\n\n")
        problems = [what for what, ok in [
            ("title", got.title == e.title),
            ("first words", paragraphs[0].startswith(e.first_words)),
            ("last words", paragraphs[-1].rstrip().endswith(e.last_words)),
            ("subheading", e.subheading is None or e.subheading in paragraphs),
        ] if not ok]
        if problems:
            wrong[e.path] = problems
    assert wrong == {}


def test_reposts_hash_alike(crawled):
    for (family_a, path_a), (family_b, path_b) in REPOSTS:
        assert crawled[family_a][path_a].content_hash == crawled[family_b][path_b].content_hash
