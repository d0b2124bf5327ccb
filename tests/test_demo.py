"""`munews demo` end to end: bundled sites served locally, a real crawl, index, searches."""

from __future__ import annotations

import pytest

from benchmarks.demo_sites_build import SITES, articles_of
from crawler.cli import main
from indexer.documents import SearchQuery
from indexer.embedded import EmbeddedBackend
from indexer.store import Store


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    env_file = data_dir.parent / "absent.env"
    code = main(["--env-file", str(env_file), "demo", "--data-dir", str(data_dir), "--timeout", "240"])
    return code, data_dir


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_demo_crawls_every_site_into_a_fresh_directory(demo_run, capsys):
    code, data_dir = demo_run
    assert code == 0
    expected = {site.name: articles_of(site) for site in SITES}
    with Store(data_dir / "munews.sqlite3") as store:
        assert store.source_counts() == {name: len(arts) for name, arts in expected.items()}
        stored = list(store.iter_articles())
    for site in SITES:
        # Titles extracted exactly, dates to the day, the source's region on every article.
        got = sorted((a.title, (a.published_at or "")[:10]) for a in stored if a.source_id == site.name)
        assert got == sorted((a.title, a.published_at[:10]) for a in expected[site.name])
        assert {a.region for a in stored if a.source_id == site.name} == {site.region}


@pytest.mark.slow
def test_demo_index_answers_searches(demo_run):
    _, data_dir = demo_run
    backend = EmbeddedBackend(data_dir / "index", readonly=True)
    assert backend.count() == sum(site.count for site in SITES)
    page = backend.search(SearchQuery(text="молодежь"))
    assert page.total > 0 and "<mark>" in page.hits[0].snippet
    assert sum(page.facets["region"].values()) == page.total
    backend.close()


def test_demo_refuses_a_directory_with_data(tmp_path, capsys):
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "munews.sqlite3").write_text("my data")
    assert main(["--env-file", str(tmp_path / "absent.env"), "demo", "--data-dir", str(precious)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (precious / "munews.sqlite3").read_text() == "my data"


def test_demo_serves_on_another_port_when_its_own_is_taken():
    import socket

    from crawler.commands.demo import free_port

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        other = free_port(taken)
        assert other != taken and other > 0
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", other))  # really free
    assert free_port(other) == other
