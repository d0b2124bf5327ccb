"""`munews crawl` exit codes and messages, and `scrapy crawl news` from the repository root."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crawler.cli import main
from crawler.demo.server import closed_port_url, serve_sites
from indexer.store import Store
from tests.test_crawl import REPO, SITES, crawl_env, run_munews


def test_bad_sources_file_exits_2_naming_the_entry(tmp_path, capsys):
    bad = tmp_path / "sources.yaml"
    bad.write_text(
        "sources:\n"
        "  - id: good-one\n    name: A\n    region: R\n    start_urls: ['https://a.example/news/']\n"
        "  - id: broken\n    name: B\n    region: R\n    start_url: ['https://b.example/']\n"
        "  - id: good-one\n    name: C\n    region: R\n    start_urls: ['not a url']\n"
        "    article_url_pattern: '(unclosed'\n",
        encoding="utf-8",
    )
    assert main(["--env-file", str(tmp_path / "none.env"), "crawl", "--sources", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "sources[1] (id 'broken'): unknown key 'start_url'" in err
    assert "missing key 'start_urls'" in err
    assert "sources[2] (id 'good-one'): " in err and "duplicate id" in err
    assert "bad URL 'not a url'" in err and "bad regex in 'article_url_pattern'" in err


def test_unknown_source_id_exits_2(tmp_path, capsys):
    good = tmp_path / "sources.yaml"
    good.write_text("sources:\n  - id: a\n    name: A\n    region: R\n"
                    "    start_urls: ['https://a.example/']\n", encoding="utf-8")
    code = main(["--env-file", str(tmp_path / "none.env"), "crawl", "--sources", str(good),
                 "--source", "nope"])
    assert code == 2
    assert "unknown source id 'nope'" in capsys.readouterr().err


def test_missing_sources_file_exits_2(tmp_path, capsys):
    code = main(["--env-file", str(tmp_path / "none.env"), "crawl", "--sources",
                 str(tmp_path / "absent.yaml")])
    assert code == 2
    assert "file not found" in capsys.readouterr().err


def test_nothing_crawlable_exits_1_and_keeps_earlier_articles(tmp_path):
    data = tmp_path / "data"
    with Store(data / "munews.sqlite3") as store:
        from indexer.documents import Article

        store.upsert(Article(url="https://kept.example/news/1/", source_id="dead", title="T", text="x"))
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - id: dead\n    name: D\n    region: R\n"
                       f"    start_urls: ['{closed_port_url('/news/')}']\n", encoding="utf-8")
    result = run_munews(["crawl", "--sources", str(sources)], crawl_env(data), tmp_path)
    assert result.returncode == 1
    assert "no source could be crawled" in result.stderr
    assert "connection-refused" in result.stdout
    with Store(data / "munews.sqlite3") as store:
        assert store.get_by_url("https://kept.example/news/1/") is not None


@pytest.fixture(scope="module")
def table_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scrapy")
    with serve_sites(SITES) as server:
        sources = tmp / "sources.yaml"
        sources.write_text("sources:\n  - id: table\n    name: Совет\n    region: R\n"
                           f"    start_urls: ['{server.url('table', '/news.php')}']\n", encoding="utf-8")
        yield tmp, sources


def scrapy_crawl(args, tmp):
    env = crawl_env(tmp / "data")
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news", *args], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=120)


def test_scrapy_crawl_news_works_from_the_repository_root(table_site):
    tmp, sources = table_site
    result = scrapy_crawl(["-a", "source=table", "-a", f"sources={sources}"], tmp)
    assert result.returncode == 0, result.stderr[-3000:]
    with Store(tmp / "data" / "munews.sqlite3") as store:
        assert store.count("table") == 5


@pytest.mark.parametrize("args,message", [
    (["-a", "max_pages=lots"], "'max_pages' must be an integer"),
    (["-a", "colour=red"], "unknown spider argument(s): colour"),
    (["-a", "source=nope"], "unknown source id 'nope'"),
])
def test_bad_spider_arguments_fail_at_startup(table_site, args, message):
    tmp, sources = table_site
    base = ["-a", f"sources={sources}"] + ([] if "source=nope" in args else ["-a", "source=table"])
    result = scrapy_crawl(base + args, tmp)
    assert result.returncode != 0
    assert message in result.stderr


def test_timeout_and_unusable_start_page_are_reported_per_source(tmp_path):
    faults = {"table": {"/news_view.php?id=19": {"delay": 3.0}}}
    with serve_sites(SITES, faults) as server:
        sources = tmp_path / "sources.yaml"
        sources.write_text(
            "sources:\n  - id: table\n    name: A\n    region: R\n"
            f"    start_urls: ['{server.url('table', '/news.php')}']\n"
            "  - id: no-articles\n    name: C\n    region: R\n"
            f"    start_urls: ['{server.url('joomla', '/novosti.html')}']\n"
            "    exclude_url_pattern: '/novosti/|option=com_content'\n"
            "  - id: pdf-start\n    name: B\n    region: R\n"
            f"    start_urls: ['{server.url('wordpress', '/wp-content/uploads/2023/07/polozhenie-konkurs.pdf')}']\n",
            encoding="utf-8")
        env = crawl_env(tmp_path / "data", MUNEWS_DOWNLOAD_TIMEOUT="0.5")
        result = run_munews(["crawl", "--sources", str(sources)], env, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert "timeout: 1" in lines["table"]
    assert lines["pdf-start"].split()[1] == "start-page-unusable"
    assert "start page" in result.stderr and "is unusable" in result.stderr
    assert "listing-no-articles: 1" in lines["no-articles"]  # exclude hint removed them all
    assert "no article links found on start page" in result.stderr
    with Store(tmp_path / "data" / "munews.sqlite3") as store:
        assert store.count("table") == 4  # every article but the one that timed out
        assert store.runs("pdf-start")[0]["message"] == "start-page-unusable"


def test_export_without_a_store_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(tmp_path / "empty"))
    assert main(["--env-file", str(tmp_path / "none.env"), "export"]) == 1
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "empty").exists()  # a read-only command creates nothing


@pytest.mark.parametrize("args,env,message", [
    (["--max-pages", "0"], {}, "--max-pages must be positive"),
    ([], {"MUNEWS_RECHECK_AFTER": "weekly"}, "Config 'MUNEWS_RECHECK_AFTER' has an invalid value"),
    ([], {"MUNEWS_MAX_RESPONSE_MB": "lots"}, "Config 'MUNEWS_MAX_RESPONSE_MB'"),
])
def test_bad_options_and_settings_exit_2(tmp_path, monkeypatch, capsys, args, env, message):
    good = tmp_path / "sources.yaml"
    good.write_text("sources:\n  - id: a\n    name: A\n    region: R\n"
                    "    start_urls: ['https://a.example/']\n", encoding="utf-8")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(["--env-file", str(tmp_path / "none.env"), "crawl", "--sources", str(good), *args])
    assert code == 2
    assert message in capsys.readouterr().err


def test_a_crawl_without_network_says_it_in_a_few_lines(tmp_path):
    """No tracebacks of DNS or connection errors, one line per failure from munews itself,
    and «done (failed)» for a dead source (Scrapy says "finished")."""
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n"
                       "  - {id: nodns, name: A, region: Курская область, start_urls: ['http://nonexistent.invalid/news/']}\n"
                       f"  - {{id: refused, name: B, region: Курская область, start_urls: ['{closed_port_url('/news/')}']}}\n",
                       encoding="utf-8")
    done = run_munews(["crawl", "--sources", str(sources)], crawl_env(tmp_path / "data"), tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr and len(lines) <= 8, done.stderr
    assert "[nodns] done (failed)" in done.stderr and "[refused] done (failed)" in done.stderr
    assert any("failed http://nonexistent.invalid/news/: dns" in line for line in lines)
    verbose = run_munews(["-v", "crawl", "--sources", str(sources)], crawl_env(tmp_path / "data2"), tmp_path)
    assert "Gave up retrying" in verbose.stderr  # -v shows Scrapy's own account
