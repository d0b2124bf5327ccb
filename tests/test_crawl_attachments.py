"""Documents attached to the news, in a real `munews crawl` of a local site: real PDF, DOCX,
ODT, XLSX and RTF files read into the article's attachments; hostile files each recorded as
the document's error with the article still stored; one file linked twice fetched once; the
site's menu documents never fetched; documents off per crawl."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.store import Store
from tests.hostile.sites import crawl_sites, serve_hostile
from tests.test_attachments import LONG, PHRASE, RTF, _bomb, _docx, _odt, _pdf, _xlsx
from tests.test_crawl_loader import _cards, _page, _write_articles

STORIES = (701, 702, 703)
POLOZHENIE = "Положение о конкурсе «Лучшая муниципальная практика» в номинации «Укрепление межнационального мира»"
GOOD = {"reshenie-14.pdf": "pdf", "protokol.docx": "docx", "plan.odt": "odt", "byudzhet.xlsx": "xlsx",
        "polozhenie.rtf": "rtf", "polozhenie-konkursa.pdf": "pdf"}
HOSTILE = {"obrezan.pdf": "truncated", "zashchishchen.pdf": "encrypted", "bomba.docx": "zip-bomb",
           "ogromnyy.pdf": "too-large", "oshibka.pdf": "not-a-document: html", "net-takogo.pdf": "http/404"}


def _encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf([LONG]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _write_site(root: Path) -> Path:
    site = root / "docs-site"
    (site / "news").mkdir(parents=True)
    _write_articles(site, list(STORIES))
    menu_doc = "<nav><a href='/upload/ustav.pdf'>Устав Совета</a></nav>"
    (site / "news" / "index.html").write_text(
        _page("Новости", f"{menu_doc}<div class='news-list'>{_cards(list(STORIES))}</div>"), encoding="utf-8")
    links = {701: list(GOOD)[:5], 702: list(HOSTILE), 703: ["reshenie-14.pdf", "polozhenie-konkursa.pdf"]}
    for number, names in links.items():
        page = site / "news" / str(number) / "index.html"
        html = page.read_text(encoding="utf-8")
        items = "".join(f"<li><a href='/upload/{name}'>Документ {name}</a></li>" for name in names)
        page.write_text(html.replace("</main>", f"<div class='files'><h3>Документы</h3><ul>{items}</ul></div></main>"
                                     ).replace("<nav>", menu_doc + "<nav>", 1), encoding="utf-8")
    upload = site / "upload"
    upload.mkdir()
    pdf = _pdf([LONG])
    files = {"reshenie-14.pdf": pdf, "protokol.docx": _docx(), "plan.odt": _odt(), "byudzhet.xlsx": _xlsx(),
             "polozhenie.rtf": RTF, "polozhenie-konkursa.pdf": _pdf([POLOZHENIE]), "ustav.pdf": pdf,
             "obrezan.pdf": pdf[: len(pdf) * 2 // 3], "zashchishchen.pdf": _encrypted(), "bomba.docx": _bomb("docx"),
             "ogromnyy.pdf": pdf + b"%" + bytes(3 * 2**20),
             "oshibka.pdf": "<html><body><h1>Ошибка 500</h1></body></html>".encode()}
    for name, data in files.items():
        (upload / name).write_bytes(data)
    return site


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attachments")
    _write_site(tmp / "sites")
    with serve_hostile(tmp / "sites") as server:
        result = crawl_sites(tmp, tmp / "sites", server=server, MUNEWS_ATTACHMENT_MAX_MB="2")
        origin = server.url("docs-site", "").rstrip("/")
    with Store(tmp / "data" / "munews.sqlite3") as store:
        articles = {int(a.url.rstrip("/").rsplit("/", 1)[-1]): a for a in store.iter_articles()}
        documents = store.connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    return {"result": result, "articles": articles, "documents": documents, "tmp": tmp, "origin": origin}


def _by_name(article) -> dict:
    return {a.url.rsplit("/", 1)[-1]: a for a in article.attachments}


def test_real_documents_are_read_into_the_article(crawled):
    assert crawled["result"].returncode == 0, crawled["result"].output[-3000:]
    got = _by_name(crawled["articles"][701])
    assert {name: (a.kind, a.status) for name, a in got.items()} == {
        name: (kind, "ok") for name, kind in list(GOOD.items())[:5]}
    assert PHRASE in got["reshenie-14.pdf"].text and got["reshenie-14.pdf"].pages == 1
    assert PHRASE in got["protokol.docx"].text
    assert "Дороги" in got["plan.odt"].text and "Дороги" in got["byudzhet.xlsx"].text
    assert "Статья" in got["polozhenie.rtf"].text
    assert all(a.size > 0 and len(a.sha256) == 64 and a.title.startswith("Документ") for a in got.values())


def test_each_hostile_document_is_a_recorded_error_and_the_article_is_stored(crawled):
    got = _by_name(crawled["articles"][702])
    assert {name: (a.status, (a.error or "").split(":")[0] if name != "oshibka.pdf" else a.error)
            for name, a in got.items()} == {name: ("error", reason) for name, reason in HOSTILE.items()}
    assert crawled["articles"][702].text  # the article itself is whole


def test_a_document_linked_twice_is_fetched_once_and_stored_once(crawled):
    hits = crawled["result"].hits["docs-site"]
    assert hits.count("/upload/reshenie-14.pdf") == 1
    again = _by_name(crawled["articles"][703])
    assert again["reshenie-14.pdf"].text == _by_name(crawled["articles"][701])["reshenie-14.pdf"].text
    assert POLOZHENIE[:40] in again["polozhenie-konkursa.pdf"].text
    assert crawled["documents"] == 6  # one text per file read, however many articles link it


def test_menu_documents_are_not_the_articles(crawled):
    assert "/upload/ustav.pdf" not in crawled["result"].hits["docs-site"]


def test_a_recrawl_does_not_fetch_documents_again(crawled):
    tmp = crawled["tmp"]
    with serve_hostile(tmp / "sites") as server:
        again = crawl_sites(tmp, tmp / "sites", server=server, MUNEWS_ATTACHMENT_MAX_MB="2",
                            MUNEWS_RECHECK_AFTER="0")
    assert again.returncode == 0, again.output[-2000:]
    assert {f"/news/{n}/" for n in STORIES} <= set(again.hits["docs-site"])  # the articles were asked again
    assert [hit for hit in again.hits["docs-site"] if hit.startswith("/upload/")] == []


def test_documents_off_fetches_none_and_lists_them_as_not_fetched(tmp_path):
    _write_site(tmp_path / "sites")
    with serve_hostile(tmp_path / "sites") as server:
        result = crawl_sites(tmp_path, tmp_path / "sites", server=server, MUNEWS_ATTACHMENTS="false")
    assert result.returncode == 0
    assert [hit for hit in result.hits["docs-site"] if hit.startswith("/upload/")] == []
    with Store(tmp_path / "data" / "munews.sqlite3") as store:
        statuses = {a.status for article in store.iter_articles() for a in article.attachments}
    assert statuses == {"not-fetched"}


def test_extract_lists_the_documents_of_the_article_not_of_the_menu(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><meta charset='utf-8'></head><body><nav><a href='/'>Главная</a> "
        "<a href='/docs/ustav.pdf'>Устав</a></nav><div class='news-detail'><h1>Решение Совета № 14 принято</h1>"
        "<div class='news-detail__text'><p>Совет муниципальных образований принял решение о бюджете поселений "
        "на следующий год после долгого обсуждения.</p><p>Текст: <a href='/upload/reshenie-14.pdf'>Решение № 14"
        "</a>.</p></div><div class='files'><h3>Документы</h3><a href='/upload/protokol.docx'>Протокол</a></div>"
        "</div><footer><a href='/privacy.pdf'>Политика</a></footer></body></html>", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "crawler.cli", "extract", str(page), "--url", "https://smo.ru/news/14/"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    found = [(a["url"], a["title"], a["kind"], a["status"]) for a in json.loads(done.stdout)["attachments"]]
    assert found == [("https://smo.ru/upload/reshenie-14.pdf", "Решение № 14", "pdf", "not-fetched"),
                     ("https://smo.ru/upload/protokol.docx", "Протокол", "docx", "not-fetched")]


#: Words only in the documents (a PDF of 703's, the RTF table of 701's), none in any body.
ONLY_IN_DOCUMENTS = [("межнационального мира номинации", 703, "Документ polozhenie-konkursa.pdf"),
                     ("Статья Сумма", 701, None)]


def _search_both_ways(env: dict[str, str], cwd: Path, query: str) -> tuple[list[dict], list[dict]]:
    from fastapi.testclient import TestClient

    from indexer.config import load_config
    from search_api import create_app

    done = subprocess.run([sys.executable, "-m", "crawler.cli", "search", *query.split(), "--json"], env=env,
                          cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    config = load_config(environ={k: v for k, v in env.items() if k.startswith(("MUNEWS_", "ELASTICSEARCH_"))},
                         dotenv_path=None)
    with TestClient(create_app(config)) as client:
        answer = client.get("/api/search", params={"q": query, "with_documents": "true"})
    assert answer.status_code == 200, answer.text
    return json.loads(done.stdout)["hits"], answer.json()["hits"]


def _check_found(origin: str, cli: list[dict], api: list[dict], number: int, document: str | None) -> None:
    for hits in (cli, api):
        assert [hit["url"] for hit in hits][:1] == [f"{origin}/news/{number}/"], hits
        if document is not None:
            assert hits[0]["matched_document"] == document
        assert "<mark>" in hits[0]["snippet"]


@pytest.mark.parametrize("query, number, document", ONLY_IN_DOCUMENTS)
def test_document_text_is_found_by_the_cli_and_the_api(crawled, query, number, document):
    from tests.test_crawl import crawl_env

    env = crawl_env(crawled["tmp"] / "data")
    _check_found(crawled["origin"], *_search_both_ways(env, crawled["tmp"], query), number, document)


@pytest.mark.elasticsearch
def test_document_text_is_found_on_elasticsearch(tmp_path, es_url, es_alias):
    from tests.test_crawl import crawl_env

    _write_site(tmp_path / "sites")
    backend = {"MUNEWS_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": es_url, "ELASTICSEARCH_INDEX": es_alias}
    with serve_hostile(tmp_path / "sites") as server:
        result = crawl_sites(tmp_path, tmp_path / "sites", server=server, MUNEWS_ATTACHMENT_MAX_MB="2", **backend)
        origin = server.url("docs-site", "").rstrip("/")
    assert result.returncode == 0, result.output[-3000:]
    env = crawl_env(tmp_path / "data", **backend)
    for query, number, document in ONLY_IN_DOCUMENTS:
        _check_found(origin, *_search_both_ways(env, tmp_path, query), number, document)
