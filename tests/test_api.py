"""The JSON API over real HTTP: a `munews serve` process on 127.0.0.1 over a real store and index."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.fixtures_api import SOURCES, XSS_TITLE, Server, build_data

ERROR_KEYS = {"ok", "error", "errors", "status"}
TVER = SOURCES[1][2]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("api") / "data"
    build_data(data_dir)
    running = Server(data_dir).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=10.0) as http:
        yield http


def search(client, **params):
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def assert_error(response, status):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == ERROR_KEYS and body["ok"] is False and body["status"] == status
    assert body["error"] and body["errors"]
    assert "Traceback" not in response.text
    return body


def test_healthz_counts_the_indexed_corpus(client):
    body = client.get("/healthz").json()
    assert body == {"ok": True, "backend": "embedded", "articles": 60}


def test_search_returns_hits_with_every_field_and_facets_that_add_up(client):
    body = search(client, q="молодежь")
    assert body["total"] == 12 and len(body["hits"]) == 12
    hit = body["hits"][0]
    assert set(hit) >= {"id", "title", "url", "source", "region", "published_at", "snippet"}
    assert "<mark>" in hit["snippet"]
    for facet in ("region", "source"):
        assert sum(body["facets"][facet].values()) == body["total"]


@pytest.mark.parametrize("field, param, value", [
    ("region", "region", TVER), ("source", "source", "omsk-smo"),
])
def test_filters_restrict_every_hit(client, field, param, value):
    body = search(client, **{param: value, "size": 100})
    assert body["total"] == 16 if param == "region" else body["total"] == 15
    assert {hit[field] for hit in body["hits"]} == {value}


@pytest.mark.parametrize("flag, total", [("true", 11), ("false", 49)])
def test_best_practice_filter(client, flag, total):
    body = search(client, best_practice=flag, size=100)
    assert body["total"] == total
    assert {hit["best_practice"] for hit in body["hits"]} == {flag == "true"}


def test_date_range_is_inclusive_and_applied(client):
    body = search(client, since="2024-01-01", until="2024-06-30", size=100)
    assert body["total"] > 0
    assert all("2024-01-01" <= hit["published_at"][:10] <= "2024-06-30" for hit in body["hits"])
    everything = search(client, size=1)["total"]
    assert body["total"] < everything


def test_sort_by_date_is_newest_first(client):
    dates = [hit["published_at"] for hit in search(client, q="совет", sort="date", size=50)["hits"]]
    assert len(dates) > 5 and dates == sorted(dates, reverse=True)


def test_pages_are_disjoint_and_cover_the_total(client):
    first = search(client, size=25, sort="date")
    second = search(client, size=25, sort="date", page=2)
    third = search(client, size=25, sort="date", page=3)
    assert first["pages"] == 3 and first["total"] == 60
    ids = [h["id"] for page in (first, second, third) for h in page["hits"]]
    assert len(ids) == len(set(ids)) == 60


@pytest.mark.parametrize("params, message", [
    ({"size": 1000}, "size"),
    ({"size": 0}, "size"),
    ({"page": 0}, "page"),
    ({"page": 200, "size": 100}, "page"),
    ({"q": "слово " * 100}, "q"),
    ({"since": "2024-13-45"}, "since"),
    ({"until": "0.0"}, "until"),  # found by the fuzz: lax parsing read it as a Unix time
    ({"since": "2024-06-01", "until": "2024-01-01"}, "since"),
    ({"sort": "random"}, "sort"),
    ({"region": "x" * 500}, "region"),
])
def test_bad_parameters_are_422_with_a_message(client, params, message):
    body = assert_error(client.get("/api/search", params=params), 422)
    assert message in body["error"]


def test_article_by_id_has_the_clean_text(client):
    hit = search(client, q="водоснабжение")["hits"][0]
    article = client.get(f"/api/articles/{hit['id']}").json()
    assert article["title"] == XSS_TITLE and "водоснабжение" in article["text"]
    assert article["url"] == hit["url"] and article["region"] == TVER


def test_unknown_article_is_a_json_404_and_a_malformed_id_a_422(client):
    assert_error(client.get("/api/articles/0123456789abcdef0123"), 404)
    assert_error(client.get("/api/articles/bad%20id%3Cscript%3E"), 422)


def test_snippets_carry_no_markup_but_mark(client):
    for q in ("водоснабжение", "поселка", "script", "img onerror"):
        for hit in search(client, q=q)["hits"]:
            tags = set(re.findall(r"</?([a-zA-Z]+)", hit["snippet"]))
            assert tags <= {"mark"}, hit["snippet"]


def test_sources_have_counts_and_last_crawl(client):
    by_id = {source["id"]: source for source in client.get("/api/sources").json()}
    assert set(by_id) == {s[0] for s in SOURCES}
    assert sum(s["articles"] for s in by_id.values()) == 60
    assert by_id["kursk-smo"]["last_crawl"]["status"] == "ok"
    assert by_id["tver-smo"]["last_crawl"]["status"] == "failed"
    assert "500" in by_id["tver-smo"]["last_crawl"]["message"]
    assert by_id["omsk-smo"]["last_crawl"] is None
    assert by_id["omsk-smo"]["region"] == "Омская область"


# Reliability case 35 (docs/reliability.md).
@pytest.mark.parametrize("path", ["/", "/api/search?q=совет", "/articles/none", "/docs"])
def test_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"]
    assert "server" not in headers


# Reliability case 36 (docs/reliability.md).
def test_cors_is_off_by_default(client):
    response = client.get("/api/search", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_pages_answer_errors_in_russian_html(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'lang="ru"' in response.text and "Страница не найдена" in response.text
    bad = client.get("/", params={"size": "много"})
    assert bad.status_code == 422 and "Неверные параметры" in bad.text


# Reliability case 34 (docs/reliability.md).
def test_query_echo_on_the_page_is_escaped(client):
    page = client.get("/", params={"q": '<script>alert("x")</script>'}).text
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


# Reliability case 34 (docs/reliability.md).
def test_article_page_shows_payload_as_text(client):
    hit = search(client, q="водоснабжение")["hits"][0]
    page = client.get(f"/articles/{hit['id']}").text
    assert "<script>" not in page and "<img" not in page
    assert "&lt;img src=x onerror=" in page
    assert f'href="{hit["url"]}"' in page


def test_subscription_lifecycle_without_a_token(client, server):
    created = client.post("/api/subscriptions", json={"name": "Молодёжь", "q": "молодежь",
                                                       "region": [TVER]})
    assert created.status_code == 201, created.text
    sub = created.json()
    assert sub["feed_url"] == f"{server.url}/api/subscriptions/{sub['id']}/feed.atom"
    assert client.get(f"/api/subscriptions/{sub['id']}").json()["new_count"] == 0
    listed = client.get("/api/subscriptions").json()
    assert sub["id"] in {s["id"] for s in listed}
    assert client.delete(f"/api/subscriptions/{sub['id']}").status_code == 204
    assert_error(client.get(f"/api/subscriptions/{sub['id']}"), 404)
    assert_error(client.get(f"/api/subscriptions/{sub['id']}/feed.atom"), 404)


def test_subscription_input_is_validated(client):
    assert_error(client.post("/api/subscriptions", json={"name": ""}), 422)
    assert_error(client.post("/api/subscriptions", json={"name": "x", "since": "вчера"}), 422)
    assert_error(client.post("/api/subscriptions", json={"name": "x", "since": 0}), 422)
    assert_error(client.post("/api/subscriptions", content=b"{not json",
                             headers={"content-type": "application/json"}), 422)


# Reliability case 37 (docs/reliability.md).
def test_cross_origin_form_post_is_refused(client):
    response = client.post("/subscriptions", data={"name": "csrf"},
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


# Reliability case 35 (docs/reliability.md).
def test_docs_csp_allows_exactly_its_inline_script(client):
    import base64
    import hashlib

    response = client.get("/docs")
    scripts = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response.headers["content-security-policy"]
    assert client.get("/openapi.json").json()["paths"]["/api/search"]


@pytest.mark.parametrize("total, size", [(0, 20), (60, 25), (10**6, 20), (10**6, 30), (1999, 7)])
def test_every_offered_page_is_servable(total, size):
    from search_api import limits
    from search_api.queries import page_count
    from search_api.schemas import build_params

    last = page_count(total, size)
    assert last * size >= min(total, limits.MAX_RESULT_WINDOW - size + 1)
    if last:
        build_params(page=last, size=size)  # raises a 422 ParamError if the link were dead


def test_back_link_follows_only_our_own_list_pages(client, server):
    hit = search(client, q="семинар")["hits"][0]
    path = f"/articles/{hit['id']}"
    ours = client.get(path, headers={"Referer": f"{server.url}/?q=%D1%81%D0%B5%D0%BC&page=2"})
    assert 'href="/?q=%D1%81%D0%B5%D0%BC&amp;page=2">← К результатам' in ours.text
    for foreign in ("https://evil.example/?q=x", f"{server.url}/api/feed.atom", "//evil"):
        page = client.get(path, headers={"Referer": foreign}).text
        assert 'href="/">← К результатам' in page


def test_hot_routes_bodies_match_their_documented_models(client):
    # /api/search and /api/articles/{id} skip response-model validation for speed; their
    # bodies must still be exactly what the OpenAPI models describe (no extra, no missing keys).
    from search_api.schemas import ArticleOut, SearchResult

    response = client.get("/api/search", params={"q": "молодежь", "size": 5})
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["hits"] and SearchResult.model_validate(body).model_dump(mode="json") == body
    article = client.get(f"/api/articles/{body['hits'][0]['id']}").json()
    assert ArticleOut.model_validate(article).model_dump(mode="json") == article


def test_sources_page_shows_each_sites_last_check_and_what_a_run_status_means(tmp_path):
    """`munews sources check` verdicts on /sources; a run's status in words, with its reason."""
    from fastapi.testclient import TestClient

    from indexer.source_checks import SourceCheck, record_check
    from indexer.store import Store
    from search_api import create_app

    config = build_data(tmp_path / "data")
    with Store(config.store_path) as store:
        record_check(store.connection, SourceCheck("kursk-smo", "2026-12-07T09:00:00+00:00", "moved",
                                                   "301 to https://new.example/news/ <b>"))
        run = store.start_run("omsk-smo")
        store.finish_run(run, status="timeout", pages_fetched=3, new=0, updated=0, unchanged=0, errors={},
                         message="closespider_timeout")
    with TestClient(create_app(config)) as http:
        page = http.get("/sources").text
    kursk = page[page.index("/?source=kursk-smo"):].split("</tr>", 1)[0]
    assert "переехал" in kursk and "301 to https://new.example/news/ &lt;b&gt;" in kursk
    omsk = page[page.index("/?source=omsk-smo"):].split("</tr>", 1)[0]
    assert "прерван по времени" in omsk and "closespider_timeout" in omsk and "не проверялся" in omsk


JS_TYPES = {"text/javascript", "application/javascript"}  # mimetypes' answer varies by system


# Issue 20: /docs and /redoc with no internet — every asset from the package, none from a CDN.
@pytest.mark.parametrize("path, assets", [
    ("/docs", {".js": JS_TYPES, ".css": {"text/css"}, ".png": {"image/png"}}),
    ("/redoc", {".js": JS_TYPES, ".png": {"image/png"}}),
])
def test_api_docs_pages_use_only_local_assets(client, path, assets):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*["']([^"']+)["']""", response.text)
    assert not [u for u in urls if "//" in u], urls  # no absolute or scheme-relative URL
    assert "http" not in response.text.replace("http-equiv", "")
    referenced = [u for u in urls if u.startswith("/static/docs/")]
    assert {u[u.rindex("."):] for u in referenced} == set(assets), referenced
    for url in referenced:
        asset = client.get(url)
        assert asset.status_code == 200, url
        kind = asset.headers["content-type"].split(";")[0]
        assert kind in assets[url[url.rindex("."):]], (url, kind)
        assert len(asset.content) > 1000
    assert client.get("/openapi.json").status_code == 200
    csp = response.headers["content-security-policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in csp and "https:" not in csp
    assert "frame-ancestors 'none'" in csp
