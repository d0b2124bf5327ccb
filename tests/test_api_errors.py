"""Failures: unusable index or port at startup (clear message, non-zero exit), and an internal
error while serving (logged, answered without a stack trace)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys

import httpx

from indexer.backends import open_backend
from indexer.embedded import _VERSION_FILE
from indexer.store import Store
from search_api import create_app
from tests.fixtures_api import ROOT, build_data


def serve(data_dir, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUNEWS_")}
    env["MUNEWS_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "--env-file", os.devnull, "serve", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


def test_serve_refuses_an_index_built_by_another_version(tmp_path):
    config = build_data(tmp_path / "data")
    version_file = config.index_dir / _VERSION_FILE
    version_file.write_text(json.dumps({"analyzer": "old", "schema": 0}), encoding="utf-8")
    done = serve(config.data_dir, "--port", "0")
    assert done.returncode == 1
    assert "cannot be opened" in done.stderr and "reindex" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_reports_a_port_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = serve(tmp_path / "data", "--port", str(taken.getsockname()[1]))
    assert done.returncode == 1 and "cannot listen" in done.stderr
    assert "no articles in" in done.stderr and "MUNEWS_DATA_DIR" in done.stderr  # an empty data dir is said


def test_serve_rejects_a_bad_port(tmp_path):
    assert serve(tmp_path / "data", "--port", "70000").returncode == 2


def test_internal_error_is_logged_not_shown(tmp_path, caplog):
    config = build_data(tmp_path / "data")
    store = Store(config.store_path)
    backend = open_backend(config, store=store, readonly=True)
    app = create_app(config, backend=backend, store=store)

    async def fetch() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=transport, base_url="http://munews.test") as client:
            store.close()  # a real store in a broken state: every query now raises
            return (await client.get("/api/articles/0123456789abcdef0123"),
                    await client.get("/articles/0123456789abcdef0123"))

    api, page = asyncio.run(fetch())
    backend.close()
    assert api.status_code == 500
    assert api.json() == {"ok": False, "error": "internal error", "errors": ["internal error"],
                          "status": 500}
    assert page.status_code == 500 and "Внутренняя ошибка" in page.text
    assert "Traceback" not in page.text and "sqlite" not in page.text.lower()
    assert "unhandled error on GET /api/articles/" in caplog.text


def _pages(config, paths):
    from fastapi.testclient import TestClient

    with TestClient(create_app(config)) as client:
        return {path: client.get(path) for path in paths}


def test_pages_speak_russian_about_bad_parameters_and_missing_pages(tmp_path):
    config = build_data(tmp_path / "data")
    got = _pages(config, ["/nonexistent", "/?since=abc", "/?page=abc", "/api/search?since=abc"])
    assert got["/nonexistent"].status_code == 404
    assert "Такой страницы нет" in got["/nonexistent"].text and "Not Found" not in got["/nonexistent"].text
    since = got["/?since=abc"]
    assert since.status_code == 422 and "с даты: неверный формат" in since.text and "31.12.2024" in since.text
    assert "should match" not in since.text and "pattern" not in since.text
    assert "страница: нужно целое число" in got["/?page=abc"].text
    # The JSON API keeps the machine-readable English message.
    assert got["/api/search?since=abc"].json()["error"].startswith("since: String should match pattern")


def test_dates_as_russians_type_them_filter_like_iso_dates(tmp_path):
    config = build_data(tmp_path / "data")
    got = _pages(config, ["/api/search?since=01.01.2024&until=31.12.2024", "/api/search?since=2024-01-01&until=2024-12-31",
                          "/api/search?since=31.02.2024", "/?since=01.01.2024"])
    russian, iso = got["/api/search?since=01.01.2024&until=31.12.2024"], got["/api/search?since=2024-01-01&until=2024-12-31"]
    assert russian.status_code == iso.status_code == 200
    assert russian.json()["total"] == iso.json()["total"] > 0
    assert got["/api/search?since=31.02.2024"].status_code == 422
    assert got["/?since=01.01.2024"].status_code == 200


def test_an_empty_store_is_not_shown_as_no_match(tmp_path):
    from indexer.config import load_config

    empty = load_config(environ={}, dotenv_path=None, data_dir=tmp_path / "typo")
    page = _pages(empty, ["/"])["/"]
    assert page.status_code == 200 and "В базе пока нет ни одной публикации" in page.text
    assert str(tmp_path / "typo") in page.text and "снимите фильтры" not in page.text
    full = _pages(build_data(tmp_path / "data"), ["/?q=абракадабраникогда"])["/?q=абракадабраникогда"]
    assert "снимите фильтры" in full.text and "В базе пока нет" not in full.text
