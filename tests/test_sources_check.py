"""`munews sources check` against local sites: a working one, one moved to another origin
(301), one without story links, one robots.txt forbids, one that answers 403 and a closed
port; exit codes, `--write` (verified entries untouched, comments kept), the verdicts in the
store and in `munews sources status`; the CMS family of every fixture family."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from crawler.demo.server import closed_port_url, serve_sites
from crawler.source_check import StartPage, decide
from indexer.source_checks import latest_checks
from indexer.store import Store
from spiders.cms import detect_family
from tests.hostile.sites import write_news_site
from tests.test_crawl import REPO, crawl_env, run_munews
from tests.test_crawl_loader import _page

FAMILY_SITES = REPO / "tests" / "families" / "sites"
#: start page of each fixture site and the family it is built after
FIXTURES = {
    "gosweb": (FAMILY_SITES / "gosweb", "/press/news/"),
    "dle": (FAMILY_SITES / "dle", "/"),
    "ucoz": (FAMILY_SITES / "ucoz", "/news/"),
    "drupal": (FAMILY_SITES / "drupal", "/news"),
    "tilda": (FAMILY_SITES / "tilda", "/news"),
    "regional": (FAMILY_SITES / "regional", "/ministry/smo/news/"),
    "bitrix": (REPO / "tests" / "sites" / "bitrix", "/press-center/news/"),
    "joomla": (REPO / "tests" / "sites" / "joomla", "/novosti.html"),
    "wordpress": (REPO / "tests" / "sites" / "wordpress", "/news/"),
}


def _start_page(directory: Path, path: str) -> str:
    target = directory / path.strip("/")
    if target.is_dir() or path == "/":
        target = target / "index.html"
    data = target.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251")


@pytest.mark.parametrize("family", sorted(FIXTURES))
def test_family_of_each_fixture_start_page(family):
    directory, path = FIXTURES[family]
    found, evidence = detect_family(f"http://127.0.0.1:8000{path}", _start_page(directory, path))
    assert found == family, evidence
    assert evidence


def test_no_family_for_a_hand_made_site():
    html = _start_page(REPO / "tests" / "sites" / "table", "/news.php")
    assert detect_family("http://127.0.0.1:8000/news.php", html) == (None, [])


def test_platforms_by_host():
    assert detect_family("https://sovmo.tatarstan.ru/", "<html></html>")[0] == "regional"
    assert detect_family("https://x-r31.gosweb.gosuslugi.ru/", "<html></html>")[0] == "gosweb"


def test_verdict_rules_over_several_start_pages():
    good = StartPage("http://a.ru/news/", 200, html=True, story_links=4)
    empty = StartPage("http://a.ru/", 200, html=True)
    moved = StartPage("http://a.ru/old/", 301, moved_to="https://b.ru/news/", moved_permanently=True)
    down = StartPage("http://a.ru/x/", error="timeout")
    robots = StartPage("http://a.ru/y/", blocked="robots.txt forbids it")
    assert decide([good, empty], story_ok=True)[0] == "ok"
    assert decide([good], story_ok=False, story_error="no-body")[0] == "no-articles"
    assert decide([empty, moved], story_ok=True) == (
        "moved", "http://a.ru/old/ redirects permanently to https://b.ru/news/")
    assert decide([down, robots], story_ok=False)[0] == "blocked"
    assert decide([down], story_ok=False) == ("unreachable", "http://a.ru/x/: timeout")
    assert decide([StartPage("http://a.ru/", 404)], story_ok=False)[0] == "unreachable"


def _entry(source_id: str, url: str, verified: bool = False) -> list[str]:
    return [f"  - id: {source_id}", f"    name: Совет {source_id}", "    region: Тестовая область",
            f"    start_urls: ['{url}']", f"    verified: {'true' if verified else 'false'}"]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """One check of six local sites; the registry before and after `--write`."""
    tmp = tmp_path_factory.mktemp("check")
    root = tmp / "sites"
    write_news_site(root, "good")
    write_news_site(root, "moved")
    write_news_site(root, "robots", robots="User-agent: *\nDisallow: /\n")
    write_news_site(root, "forbidden")
    empty = write_news_site(root, "empty")
    (empty / "news" / "index.html").write_text(
        _page("Новости", "<h1>Новости</h1><p>Раздел обновляется. Новостей пока нет.</p>"), encoding="utf-8")
    with serve_sites(root) as server:
        # Another origin (the good site's port): the old address answers 301 there.
        server.set_faults("moved", {"/news/": {"redirect": server.url("good", "/news/")}})
        server.set_faults("forbidden", {"/news/": {"status": 403}})
        lines = ["# the test registry: this comment must survive --write", "sources:"]
        for name in ("good", "moved", "empty", "robots", "forbidden"):
            lines += _entry(name, server.url(name, "/news/"), verified=name == "forbidden")
        lines += _entry("dead", closed_port_url("/news/"))
        registry = tmp / "sources.yaml"
        registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
        before = registry.read_text(encoding="utf-8")
        env = crawl_env(tmp / "data")
        done = run_munews(["sources", "check", "--sources", str(registry), "--write"], env, tmp)
        hits = {name: server.hits(name) for name in server.names}
        status = run_munews(["sources", "--sources", str(registry), "status", "--json"], env, tmp)
        table = run_munews(["sources", "--sources", str(registry), "status"], env, tmp)
        yield {"done": done, "before": before, "after": registry.read_text(encoding="utf-8"),
               "hits": hits, "status": status, "table": table, "data": tmp / "data",
               "good_url": server.url("good", "/news/")}


def _rows(output: str) -> dict[str, list[str]]:
    lines = [line for line in output.splitlines() if line and not line.startswith(" ")]
    return {line.split()[0]: line.split() for line in lines[1:-1]}


def test_each_site_gets_its_verdict_and_the_mix_exits_1(mixed):
    done = mixed["done"]
    assert done.returncode == 1, done.stderr[-2000:]
    verdicts = {name: row[1] for name, row in _rows(done.stdout).items()}
    assert verdicts == {"good": "ok", "moved": "moved", "empty": "no-articles", "robots": "blocked",
                        "forbidden": "blocked", "dead": "unreachable"}
    assert "1 ok, 1 moved, 1 no-articles, 1 unreachable, 2 blocked" in done.stdout
    # Progress: a line per source on stderr as it finishes.
    for name in verdicts:
        assert f"[{name}] {verdicts[name]} (" in done.stderr


def test_the_ok_site_reports_its_first_story_as_munews_stores_it(mixed):
    row = _rows(mixed["done"].stdout)["good"]
    assert row[2] == "200" and row[7] == "5"  # HTTP, stories on the start page
    assert row[8].startswith("2025-")  # the first story's date, with its offset
    assert "story: Совет обсудил практику поселений, выпуск номер 605" in mixed["done"].stdout


def test_a_moved_site_names_its_new_address(mixed):
    out = mixed["done"].stdout
    assert f"suggested start_urls: {mixed['good_url']}" in out
    assert f"redirect: 301 {mixed['good_url']}" in out


def test_robots_and_the_budget_are_obeyed(mixed):
    hits = mixed["hits"]
    assert hits["robots"] == ["/robots.txt"]  # Disallow: / : nothing else asked
    assert all(len(targets) <= 5 for targets in hits.values())
    # The good site's start page twice (its own check, the moved site's new address), its
    # robots.txt once: one process, one robots.txt per host whichever source asks.
    assert sorted(hits["good"]) == ["/news/", "/news/", "/news/605/", "/robots.txt"]
    assert hits["moved"] == ["/robots.txt", "/news/"]


def test_write_records_verdicts_but_not_in_verified_entries(mixed):
    before, after = mixed["before"], mixed["after"]
    assert after.startswith("# the test registry: this comment must survive --write\n")
    entries = {entry["id"]: entry for entry in yaml.safe_load(after)["sources"]}
    assert "last_check" not in entries["forbidden"]
    assert entries["good"]["last_check"]["verdict"] == "ok"
    assert entries["moved"]["last_check"]["suggested_start_urls"] == [mixed["good_url"]]
    assert entries["dead"]["last_check"]["verdict"] == "unreachable"
    # The verified entry's lines are as they were.
    forbidden = before[before.index("  - id: forbidden"):before.index("  - id: dead")]
    assert forbidden in after
    # The registry with its verdicts still loads.
    validate = run_munews(["sources", "--sources", str(mixed["data"].parent / "sources.yaml"), "validate"],
                          crawl_env(mixed["data"]), mixed["data"].parent)
    assert validate.returncode == 0, validate.stderr


def test_verdicts_are_kept_in_the_store_and_shown_by_status(mixed):
    with Store(mixed["data"] / "munews.sqlite3", readonly=True) as store:
        checks = latest_checks(store.connection)
    assert {key: check.verdict for key, check in checks.items()}["moved"] == "moved"
    assert checks["forbidden"].verdict == "blocked"  # the store keeps every verdict
    report = {row["source_id"]: row for row in json.loads(mixed["status"].stdout)}
    assert report["empty"]["last_check"] == "no-articles"
    assert "LAST CHECK" in mixed["table"].stdout
    assert "check: " in mixed["table"].stdout


def test_a_registry_of_working_sites_exits_0_and_names_their_families(tmp_path):
    with serve_sites(FAMILY_SITES) as families, serve_sites(REPO / "tests" / "sites") as others:
        lines = ["sources:"]
        for family, (directory, path) in FIXTURES.items():
            server = families if directory.parent == FAMILY_SITES else others
            lines += _entry(family, server.url(directory.name, path))
        (tmp_path / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        done = run_munews(["sources", "check", "--sources", str(tmp_path / "sources.yaml"), "--quiet"],
                          crawl_env(tmp_path / "data"), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    rows = _rows(done.stdout)
    assert {name: (row[1], row[4]) for name, row in rows.items()} == {
        family: ("ok", family) for family in FIXTURES}
    assert done.stderr.strip() == ""  # --quiet
