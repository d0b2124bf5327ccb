"""Six CMS families munews was not built against (tests/families: Gosweb-like loader, DLE,
uCoz, Drupal, Tilda, a regional portal), crawled in one real `munews crawl` on 127.0.0.1 and
scored against their ground truth: every article, nothing else, every date."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.families import SITES, crawl_families, same_instant
from crawler.demo.server import serve_sites
from tests.families.truth import FAMILIES, REPOSTS


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    with serve_sites(SITES) as server:
        done, stored = crawl_families(server, tmp_path_factory.mktemp("families"))
        assert done.returncode == 0, done.stderr[-2000:]
        yield stored, {name: server.statuses(name) for name in FAMILIES}


@pytest.fixture(scope="module")
def crawled(crawl):
    return crawl[0]


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_page_is_fetched_once(crawl, name):
    """Pagers read as they are (zero-based, ``?page2``, ``PAGEN_1``, loaders): no page twice.
    robots.txt is asked by Scrapy's middleware and by the spider for its Sitemap lines; a
    429/503 answer is asked again after its Retry-After, which is right."""
    hits = Counter(path for path, status in crawl[1][name] if status < 400)
    assert {path: n for path, n in hits.items() if n > 1 and path != "/robots.txt"} == {}


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
