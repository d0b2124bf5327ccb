"""The scheduler and source health over real `munews crawl` runs of a local fixture site."""

from __future__ import annotations

import functools
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.store import Store

pytestmark = pytest.mark.slow

SENTENCES = (
    "Глава администрации рассказал о ходе ремонта дорог в сельских поселениях района.",
    "В работе совещания приняли участие руководители управлений и главы поселений.",
    "Особое внимание уделено содержанию улично-дорожной сети в зимний период.",
    "Подрядные организации завершили укладку асфальта на трех улицах районного центра.",
    "Жители отметили, что качество работ заметно выросло по сравнению с прошлым годом.",
    "Следующее совещание по этому вопросу пройдет в конце месяца в зале администрации.",
    "Депутаты поддержали предложение о выделении дополнительных средств на освещение.",
    "Всего в этом году планируется отремонтировать более двадцати километров дорог.",
)
TOPICS = ("ремонт дорог", "уличное освещение", "вывоз мусора", "детские площадки",
          "газификация", "капитальный ремонт школ", "водоснабжение", "благоустройство парка")

SHELL = ("<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>Совет МО</title>"
         "</head><body><div id='app'></div><script src='/static/app.js'></script></body></html>")


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'>"
            f"<title>{title} — Совет муниципальных образований</title></head><body>"
            "<header><nav><a href='/'>Главная</a> <a href='/news/'>Новости</a></nav></header>"
            f"<main>{body}</main><footer>© Совет муниципальных образований</footer></body></html>")


def _article(n: int) -> tuple[str, str, str]:
    title = f"Совещание: {TOPICS[n % len(TOPICS)]} в районе, выпуск {n}"
    day = f"2024-03-{n + 1:02d}"
    paragraphs = "".join(
        f"<p>{SENTENCES[(n + k) % len(SENTENCES)]} {SENTENCES[(n + 2 * k + 1) % len(SENTENCES)]}"
        f" Выпуск {n}, раздел {k}.</p>" for k in range(4))
    return title, day, f"<article><h1>{title}</h1><time datetime='{day}'>{day}</time>{paragraphs}</article>"


def write_site(root: Path, count: int, *, redesigned_from: int | None = None) -> None:
    """A news listing with `count` articles; from `redesigned_from` on, JS-only article pages."""
    (root / "news").mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    links = []
    for n in range(1, count + 1):
        title, day, body = _article(n)
        shell = redesigned_from is not None and n >= redesigned_from
        (root / "news" / f"{n}.html").write_text(SHELL if shell else _page(title, body),
                                                 encoding="utf-8")
        links.append(f"<li><a href='/news/{n}.html'>{title}</a> <span>{day}</span></li>")
    listing = _page("Новости", f"<h1>Новости</h1><ul>{''.join(reversed(links))}</ul>")
    (root / "news" / "index.html").write_text(listing, encoding="utf-8")


@pytest.fixture
def serve(tmp_path):
    servers = []

    def start(name: str) -> tuple[Path, str]:
        root = tmp_path / "sites" / name
        root.mkdir(parents=True)
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return root, f"http://127.0.0.1:{server.server_address[1]}/news/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _registry(tmp_path: Path, sites: dict[str, str], interval: str = "1s") -> Path:
    lines = ["sources:"]
    for source_id, url in sites.items():
        lines += [f"  - id: {source_id}", f"    name: Совет муниципальных образований {source_id}",
                  "    region: Тестовая область", f"    start_urls: ['{url}']",
                  f"    interval: {interval}"]
    path = tmp_path / "sources.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MUNEWS_", "SMTP_"))}
    env.update(MUNEWS_DATA_DIR=str(tmp_path / "data"), MUNEWS_DOWNLOAD_DELAY="0",
               MUNEWS_AUTOTHROTTLE="false")
    return env


def _munews(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler.cli", "--env-file", "/nonexistent",
                           *argv], check=False, env=_env(tmp_path), capture_output=True, text=True,
                          timeout=120)


def _status(tmp_path: Path, registry: Path) -> dict[str, dict]:
    result = _munews(tmp_path, "sources", "--sources", str(registry), "status", "--json")
    assert result.returncode == 0, result.stderr
    return {row["source_id"]: row for row in json.loads(result.stdout)}


def _crawl(tmp_path: Path, registry: Path) -> None:
    result = _munews(tmp_path, "crawl", "--sources", str(registry), "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


def test_article_page_redesign_is_flagged_broken(tmp_path, serve):
    root, url = serve("smo")
    registry = _registry(tmp_path, {"smo": url})
    write_site(root, 6)
    _crawl(tmp_path, registry)
    before = _status(tmp_path, registry)["smo"]
    assert before["status"] == "ok", before
    assert before["articles_new"] >= 3
    # The redesign: the site keeps publishing, but every page is now rendered by JavaScript.
    write_site(root, 10, redesigned_from=1)
    _crawl(tmp_path, registry)
    after = _status(tmp_path, registry)["smo"]
    assert after["status"] == "broken", after
    assert after["reason"].startswith("extraction fails"), after
    assert after["errors"].get("cleaning/no-body", 0) >= 3


def test_listing_redesign_without_article_links_is_flagged_broken(tmp_path, serve):
    root, url = serve("smo")
    registry = _registry(tmp_path, {"smo": url})
    write_site(root, 6)
    _crawl(tmp_path, registry)
    assert _status(tmp_path, registry)["smo"]["status"] == "ok"
    # The redesign: the news section is now a JavaScript shell with no article links at all.
    (root / "news" / "index.html").write_text(SHELL, encoding="utf-8")
    for _ in range(2):
        _crawl(tmp_path, registry)
    status = _status(tmp_path, registry)["smo"]
    assert status["status"] == "broken", json.dumps(status, ensure_ascii=False)
    assert status["errors"].get("listing-no-articles", 0) >= 1, status


def test_quiet_source_stays_ok_across_incremental_recrawls(tmp_path, serve):
    root, url = serve("smo")
    registry = _registry(tmp_path, {"smo": url})
    write_site(root, 6)
    for _ in range(3):  # the later crawls stop at the first, fully known, listing page
        _crawl(tmp_path, registry)
    status = _status(tmp_path, registry)["smo"]
    assert status["status"] == "ok", status
    assert status["runs"] == 3 and status["articles_total"] >= 3
    write_site(root, 8)  # two new articles in the old template: still healthy
    _crawl(tmp_path, registry)
    status = _status(tmp_path, registry)["smo"]
    assert (status["status"], status["articles_new"]) == ("ok", 2), status


def test_scheduler_runs_real_crawls_repeatedly_and_stops_on_sigterm(tmp_path, serve):
    sites = {}
    for name in ("alpha", "beta"):
        root, url = serve(name)
        write_site(root, 4)
        sites[name] = url
    registry = _registry(tmp_path, sites, interval="1s")
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "--env-file", "/nonexistent", "schedule",
         "--sources", str(registry), "--concurrency", "2", "--grace", "60"],
        env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    store_path = tmp_path / "data" / "munews.sqlite3"

    def finished_runs() -> dict[str, int]:
        if not store_path.exists():
            return {}
        try:
            with Store(store_path, readonly=True) as store:
                runs = [run for run in store.runs(limit=100) if run["finished_at"]]
        except sqlite3.OperationalError:  # the first crawl is still creating the schema
            return {}
        return {name: sum(run["source_id"] == name for run in runs) for name in sites}

    deadline = time.time() + 90
    while time.time() < deadline and min(finished_runs().values(), default=0) < 2:
        time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=90)
    assert process.returncode == 0, output
    counts = finished_runs()
    assert min(counts.values()) >= 2, (counts, output)
    with Store(store_path, readonly=True) as store:
        runs = store.runs(limit=100)
        assert all(run["finished_at"] for run in runs), "a crawl was cut off"
        for name in sites:
            mine = sorted((run["started_at"], run["finished_at"]) for run in runs
                          if run["source_id"] == name)
            assert all(end <= start for (_, end), (start, _) in itertools.pairwise(mine))
            assert store.count(name) >= 3
    assert "alpha: crawl finished" in output and "beta: crawl finished" in output


PRACTICE_TITLE = "Опыт Ракитянского района по работе с обращениями рекомендован другим районам"
PRACTICE_BODY = (
    "<p>Совет муниципальных образований рекомендовал районам области перенять опыт Ракитянского "
    "района по работе с обращениями граждан.</p>"
    "<p>В районе каждое обращение получает исполнителя и срок, а просрочки видны главе в реальном "
    "времени. Доля ответов, данных в срок, выросла до 99 процентов.</p>"
    "<p>Специалисты района провели семинар для коллег и показали, как настроить такую систему.</p>")


def test_crawled_best_practice_reaches_the_digest_grouped_by_region(tmp_path, serve):
    root, url = serve("smo")
    write_site(root, 3)
    listing = (root / "news" / "index.html").read_text(encoding="utf-8")
    article = (f"<article><h1>{PRACTICE_TITLE}</h1><time datetime='2024-03-20'>2024-03-20</time>"
               f"{PRACTICE_BODY}</article>")
    (root / "news" / "99.html").write_text(_page(PRACTICE_TITLE, article), encoding="utf-8")
    link = f"<li><a href='/news/99.html'>{PRACTICE_TITLE}</a> <span>2024-03-20</span></li>"
    (root / "news" / "index.html").write_text(listing.replace("<ul>", f"<ul>{link}", 1),
                                              encoding="utf-8")
    registry = _registry(tmp_path, {"smo": url})
    _crawl(tmp_path, registry)
    with Store(tmp_path / "data" / "munews.sqlite3", readonly=True) as store:
        tagged = {a.url.rsplit("/", 1)[1]: a.best_practice for a in store.iter_articles()}
    assert tagged.pop("99.html") is True
    assert tagged and not any(tagged.values()), tagged  # the ordinary meeting reports
    result = _munews(tmp_path, "digest", "--since", "1d", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "## Тестовая область (1)" in result.stdout
    assert "/news/99.html)" in result.stdout and "Совещание" not in result.stdout
