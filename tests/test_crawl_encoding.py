"""Charset detection of HTML responses, and the fixture server's fault injection."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from scrapy.http import HtmlResponse

from crawler.demo.server import serve_sites
from crawler.middlewares import CharsetFixMiddleware, detect_encoding

TEXT = ("<html><head>{meta}<title>Новости</title></head><body><p>Совет муниципальных "
        "образований провёл заседание правления, посвящённое инициативному бюджетированию."
        "</p></body></html>")
META = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'


# Reliability case 18 (docs/reliability.md).
@pytest.mark.parametrize("body,declared,expected", [
    (TEXT.format(meta="").encode("utf-8"), "utf-8", "utf-8"),
    (TEXT.format(meta="").encode("cp1251"), "cp1251", "cp1251"),
    (TEXT.format(meta=META).encode("cp1251"), "utf-8", "cp1251"),  # wrong header, right <meta>
    (TEXT.format(meta="").encode("cp1251"), "utf-8", "cp1251"),  # wrong header, no <meta>
    (TEXT.format(meta="").encode("utf-8"), "cp1251", "utf-8"),  # UTF-8 bytes declared cp1251
    (TEXT.format(meta="").encode("cp1251"), None, "cp1251"),  # nothing declared
    # Single-byte codepages decode any bytes: only what the text looks like tells them apart.
    (TEXT.format(meta="").encode("koi8-r"), "cp1251", "koi8-r"),  # KOI8-R behind windows-1251
    (TEXT.format(meta="").encode("cp866"), "cp1251", "cp866"),
    (TEXT.format(meta="").encode("cp1251"), "koi8-r", "cp1251"),
    (TEXT.format(meta="").encode("koi8-r"), "koi8-r", "koi8-r"),
])
def test_detect_encoding(body, declared, expected):
    assert detect_encoding(body, declared) == expected


def test_one_broken_byte_does_not_override_a_correct_utf8_declaration():
    body = (TEXT.format(meta="") * 20).encode("utf-8") + b"\xd0"  # a cut multi-byte character
    assert detect_encoding(body, "utf-8") == "utf-8"


class _Stats:
    def __init__(self):
        self.values = {}

    def inc_value(self, key, count=1):
        self.values[key] = self.values.get(key, 0) + count


class _Crawler:
    def __init__(self):
        self.stats = _Stats()


# Reliability case 17 (docs/reliability.md).
@pytest.mark.parametrize("meta", ["", META])
def test_middleware_redecodes_cp1251_served_as_utf8(meta):
    crawler = _Crawler()
    body = TEXT.format(meta=meta).encode("cp1251")
    response = HtmlResponse("https://smo.example/news/1", body=body,
                            headers={"Content-Type": "text/html; charset=utf-8"})
    assert "\ufffd" in response.text  # what Scrapy alone would give
    fixed = CharsetFixMiddleware(crawler).process_response(response.request, response)
    assert "Совет муниципальных образований провёл заседание" in fixed.text
    assert crawler.stats.values == {"encoding/fixed": 1}


# Reliability case 18 (docs/reliability.md).
def test_middleware_redecodes_koi8_r_served_as_windows_1251():
    body = TEXT.format(meta="").encode("koi8-r")
    response = HtmlResponse("https://smo.ru/news/1/", body=body,
                            headers={"Content-Type": "text/html; charset=windows-1251"})
    crawler = _Crawler()
    fixed = CharsetFixMiddleware(crawler).process_response(response.request, response)
    assert "Совет муниципальных образований" in fixed.text
    assert crawler.stats.values == {"encoding/fixed": 1}


def test_middleware_leaves_correct_responses_alone():
    crawler = _Crawler()
    response = HtmlResponse("https://smo.example/news/1", body=TEXT.format(meta="").encode("utf-8"),
                            headers={"Content-Type": "text/html; charset=utf-8"})
    assert CharsetFixMiddleware(crawler).process_response(None, response) is response
    assert crawler.stats.values == {}


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_fixture_server_faults(tmp_path):
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "news" / "index.html").write_text('<a href="{{ORIGIN}}/x">x</a>', encoding="utf-8")
    (site / "news" / "index.html@page=2").write_text("page two", encoding="utf-8")
    (site / "_site.json").write_text(json.dumps({"header_charset": "windows-1251", "faults": {
        "/flaky": {"fail_first": 1}, "/gone": {"status": 410}, "/old": {"redirect": "/news/"},
        "/news/?big=1": {"pad_bytes": 5000}}}), encoding="utf-8")
    (site / "flaky").write_text("ok", encoding="utf-8")
    with serve_sites(tmp_path, faults={"site": {"/news/?raw=1": {"content_type": "application/zip"}}}) as server:
        status, headers, body = _get(server.url("site", "/news/"))
        assert status == 200 and headers["Content-Type"] == "text/html; charset=windows-1251"
        assert body.decode() == f'<a href="{server.url("site")}x">x</a>'
        assert _get(server.url("site", "/news/?page=2"))[2] == b"page two"
        assert _get(server.url("site", "/news/?page=99"))[2] == body  # unknown query: page 1
        assert [_get(server.url("site", "/flaky"))[0] for _ in range(2)] == [503, 200]
        assert _get(server.url("site", "/gone"))[0] == 410
        assert _get(server.url("site", "/missing"))[0] == 404
        assert _get(server.url("site", "/old"))[2] == body  # urllib follows the 301
        assert len(_get(server.url("site", "/news/?big=1"))[2]) > 5000
        assert _get(server.url("site", "/news/?raw=1"))[1]["Content-Type"] == "application/zip"
        assert _get(server.url("site", "/../_site.json"))[0] == 404
        status, _, _ = _get(server.url("site", "/news/"), {"If-None-Match": headers["ETag"]})
        assert status == 304
        assert server.hits("site")[:2] == ["/news/", "/news/?page=2"]
