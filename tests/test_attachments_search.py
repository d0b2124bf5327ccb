"""Issue 17, search and display: documents attached to the news are searched (their own field,
weighed below title and body), filtered («с документами»), snippeted («найдено в документе»),
and shown in the API, on the article page, in the Atom feed and in the exports.

The backend tests run on the real tantivy index and, with a node, the real Elasticsearch; the
page, API and feed tests on a real `munews serve` process over a real store and index.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest

from indexer.documents import Article, Attachment, SearchQuery
from tests.fixtures_api import Server, add_articles, build_data
from tests.fixtures_elastic import BothBackends

HOSTILE_TITLE = '<script>window.__xss = 4</script> Постановление'
HOSTILE_URL = "javascript:alert(1)"
QUOTED_TITLE = 'Смета "><img src=x onerror=alert(2)>'
QUOTED_URL = 'https://adm.example.ru/upload/smeta.xlsx?a="<b>&c=1'


def _article(slug: str, title: str, text: str, attachments: list[Attachment]) -> Article:
    return Article(
        url=f"https://adm.example.ru/news/{slug}/", source_id="kursk-smo",
        source_name="Совет муниципальных образований Курской области", region="Курская область",
        title=title, text=text, published_at="2024-03-05T10:00:00+03:00",
        fetched_at="2024-12-01T00:00:00+00:00", attachments=attachments,
    )


def document_articles() -> dict[str, Article]:
    council = _article("council", "Заседание Совета депутатов", "Депутаты собрались на очередное заседание.", [
        Attachment(url="https://adm.example.ru/upload/reshenie-14.pdf", title="Решение № 14",
                   kind="pdf", size=48_213, pages=3, sha256="a" * 64,
                   text="Решение Совета № 14 о бюджете поселений на 2025 год.\n\nСовет решил: "
                        "утвердить бюджет поселений."),
        Attachment(url="https://adm.example.ru/upload/protokol.docx", title="Протокол заседания президиума",
                   kind="docx", size=15_000, sha256="b" * 64,
                   text="Протокол заседания президиума. Присутствовали члены президиума."),
        Attachment(url="https://adm.example.ru/upload/secret.pdf", title="Закрытое приложение",
                   kind="pdf", status="error", error="encrypted", size=9_000),
    ])
    budget = _article("budget", "Бюджет района", "Обсуждали бюджет поселений района на публичных слушаниях.", [])
    scan = _article("scan", "Объявление о торгах", "Администрация объявляет торги.", [
        Attachment(url="https://adm.example.ru/upload/scan.pdf", title="Извещение", kind="pdf",
                   status="no-text", size=2_000_000, pages=12, sha256="c" * 64),
    ])
    hostile = _article("hostile", "Ремонт сетей", "Начался ремонт сетей в поселке.", [
        Attachment(url=HOSTILE_URL, title=HOSTILE_TITLE, kind="pdf", sha256="d" * 64,
                   text="Постановление о капитальном ремонте водопровода <script>x()</script>."),
        Attachment(url=QUOTED_URL, title=QUOTED_TITLE, kind="xlsx", sha256="e" * 64, size=700,
                   text="Смета расходов | 1 200 000"),
    ])
    return {"council": council, "budget": budget, "scan": scan, "hostile": hostile}


ARTICLES = document_articles()


# -- the backends --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def indexes(request, tmp_path_factory):
    found = BothBackends(request, tmp_path_factory, list(ARTICLES.values()), "munews-attach")
    yield found
    found.close()


@pytest.fixture(params=["embedded", "elasticsearch"])
def backend(request, indexes):
    if request.param == "elasticsearch":
        request.applymarker(pytest.mark.elasticsearch)
    return indexes.get(request.param)


def _search(backend, text: str = "", **options):
    return backend.search(SearchQuery(text=text, limit=50, **options))


def test_a_word_only_in_a_document_finds_the_article_and_says_which(backend):
    page = _search(backend, "президиума")
    assert [hit.id for hit in page.hits] == [ARTICLES["council"].id]
    hit = page.hits[0]
    assert hit.matched_document == "Протокол заседания президиума"
    assert "<mark>президиума</mark>" in hit.snippet and hit.snippet.startswith("Протокол")


def test_a_body_match_ranks_above_a_document_match_and_keeps_its_snippet(backend):
    page = _search(backend, "бюджет поселений")
    assert [hit.id for hit in page.hits] == [ARTICLES["budget"].id, ARTICLES["council"].id]
    body, document = page.hits
    assert body.matched_document is None
    assert body.snippet == "Обсуждали <mark>бюджет</mark> <mark>поселений</mark> района на публичных слушаниях."
    assert document.matched_document == "Решение № 14"
    assert "<mark>бюджете</mark> <mark>поселений</mark>" in document.snippet


def test_a_title_match_keeps_the_body_snippet(backend):
    # «заседание» is in the title and body of the council article, and in its protocol too.
    hit = _search(backend, "заседание").hits[0]
    assert hit.id == ARTICLES["council"].id and hit.matched_document is None
    assert hit.snippet == "Депутаты собрались на очередное <mark>заседание</mark>."
    # «Совета» in the title and in a document, not in the body: a title match, the body's snippet.
    title_only = _search(backend, "совет").hits[0]
    assert title_only.matched_document is None
    assert title_only.snippet == "Депутаты собрались на очередное заседание."


def test_the_with_documents_filter(backend):
    with_docs = {hit.id for hit in _search(backend, with_documents=True).hits}
    without = {hit.id for hit in _search(backend, with_documents=False).hits}
    # A scan without a text layer and a failed download do not count as documents.
    assert with_docs == {ARTICLES["council"].id, ARTICLES["hostile"].id}
    assert without == {ARTICLES["budget"].id, ARTICLES["scan"].id}
    assert [h.id for h in _search(backend, "бюджет", with_documents=True).hits] == [ARTICLES["council"].id]
    assert backend.count(SearchQuery(with_documents=True)) == 2


def test_a_document_snippet_is_escaped_and_the_index_keeps_no_document_text(backend):
    hit = _search(backend, "водопровода").hits[0]
    assert hit.matched_document == HOSTILE_TITLE  # plain text: the page and feed escape it
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>водопровода</mark>" in hit.snippet
    stored = backend.get(ARTICLES["council"].id)
    assert [a.title for a in stored.attachments] == [a.title for a in ARTICLES["council"].attachments]
    assert all(a.text == "" for a in stored.attachments)
    assert stored.attachments[0].sha256 == "a" * 64 and stored.attachments[2].error == "encrypted"


def test_an_index_of_the_previous_schema_asks_for_a_rebuild(tmp_path):
    from indexer.embedded import EmbeddedBackend
    from indexer.errors import IndexUnavailable

    EmbeddedBackend(tmp_path / "index").close()
    version_file = tmp_path / "index" / "munews-index.json"
    version_file.write_text(json.dumps({**json.loads(version_file.read_text()), "schema": "1"}))
    with pytest.raises(IndexUnavailable, match="munews reindex"):
        EmbeddedBackend(tmp_path / "index")


def test_the_elasticsearch_mapping_version_moved_with_the_new_fields():
    from indexer.elastic.mapping import DOCUMENTS_FIELD, MAPPING_VERSION, MAPPINGS, to_document

    assert MAPPING_VERSION >= 2 and MAPPINGS["_meta"]["mapping_version"] == MAPPING_VERSION
    assert {DOCUMENTS_FIELD, "has_documents", "document_texts"} <= set(MAPPINGS["properties"])
    document = to_document(ARTICLES["council"])
    assert document["has_documents"] is True and "президиум" in document[DOCUMENTS_FIELD]
    assert all("text" not in a for a in document["article"]["attachments"])


# -- the API, the page and the feed --------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("attachments") / "data"
    config = build_data(data_dir)
    add_articles(config, list(ARTICLES.values()))
    running = Server(data_dir).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=10.0) as http:
        yield http


def test_the_api_lists_an_articles_documents_without_their_text(client):
    body = client.get(f"/api/articles/{ARTICLES['council'].id}").json()
    documents = body["attachments"]
    assert [d["title"] for d in documents] == ["Решение № 14", "Протокол заседания президиума",
                                               "Закрытое приложение"]
    assert set(documents[0]) == {"url", "title", "kind", "status", "error", "size", "pages", "text_chars"}
    assert documents[0]["text_chars"] == len(ARTICLES["council"].attachments[0].text)
    assert documents[2]["status"] == "error" and documents[2]["error"] == "encrypted"
    assert documents[2]["text_chars"] == 0
    assert "президиума. Присутствовали" not in json.dumps(body, ensure_ascii=False)
    assert client.get(f"/api/articles/{ARTICLES['budget'].id}").json()["attachments"] == []


def test_api_search_hits_name_the_matched_document_and_filter_by_documents(client):
    hits = client.get("/api/search", params={"q": "президиума"}).json()["hits"]
    assert [(h["id"], h["matched_document"]) for h in hits] == [
        (ARTICLES["council"].id, "Протокол заседания президиума")]
    body = client.get("/api/search", params={"with_documents": "true"}).json()
    assert {h["id"] for h in body["hits"]} == {ARTICLES["council"].id, ARTICLES["hostile"].id}
    plain = client.get("/api/search", params={"q": "благоустройство"}).json()["hits"]
    assert plain and all(h["matched_document"] is None for h in plain)


def test_the_results_page_says_where_it_found_the_words_and_keeps_the_filter(client):
    page = client.get("/", params={"q": "президиума"}).text
    assert "найдено в документе „Протокол заседания президиума“" in page
    filtered = client.get("/", params={"q": "бюджет", "with_documents": "true"}).text
    assert 'name="with_documents" type="checkbox" value="true" checked' in filtered
    assert "Найдено: 1" in filtered and "with_documents=true" in filtered  # feed link keeps it
    hostile = client.get("/", params={"q": "водопровода"}).text
    assert "<script>window.__xss" not in hostile and "&lt;script&gt;window.__xss" in hostile


def test_the_article_page_lists_the_documents_escaped_with_safe_links(client):
    page = client.get(f"/articles/{ARTICLES['council'].id}").text
    assert "<h2 id=\"documents-heading\">Документы</h2>" in page
    assert '<a href="https://adm.example.ru/upload/reshenie-14.pdf" rel="noopener noreferrer nofollow">Решение № 14</a>' in page
    assert "(PDF, 47 КБ, 3 стр.)" in page
    assert "Закрытое приложение" in page and "текст не извлечён" in page
    hostile = client.get(f"/articles/{ARTICLES['hostile'].id}").text
    assert "<script>window.__xss" not in hostile and "&lt;script&gt;window.__xss = 4&lt;/script&gt;" in hostile
    assert "javascript:" not in hostile  # no link at all for a javascript: URL
    assert "<img src=x" not in hostile and "&lt;img src=x onerror=alert(2)&gt;" in hostile
    assert 'href="https://adm.example.ru/upload/smeta.xlsx?a=&#34;&lt;b&gt;&amp;c=1"' in hostile
    scan = client.get(f"/articles/{ARTICLES['scan'].id}").text
    assert "текст не извлечён (скан без текстового слоя)" in scan


def test_feed_entries_carry_the_documents_as_enclosures(client):
    response = client.get("/api/feed.atom", params={"source": "kursk-smo"})
    root = ET.fromstring(response.content)  # well-formed whatever the titles hold
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = {e.find("a:id", ns).text.rsplit(":", 1)[-1]: e for e in root.findall("a:entry", ns)}
    council = [link.attrib for link in entries[ARTICLES["council"].id].findall("a:link[@rel='enclosure']", ns)]
    assert council[0] == {"rel": "enclosure", "href": "https://adm.example.ru/upload/reshenie-14.pdf",
                          "type": "application/pdf", "length": "48213", "title": "Решение № 14"}
    assert len(council) == 3
    hostile = [link.attrib for link in entries[ARTICLES["hostile"].id].findall("a:link[@rel='enclosure']", ns)]
    assert [(a["href"], a["title"]) for a in hostile] == [(QUOTED_URL, QUOTED_TITLE)]  # no javascript:
    assert b"<img" not in response.content and b"<script" not in response.content
    assert not entries[ARTICLES["budget"].id].findall("a:link[@rel='enclosure']", ns)


# -- the exports ---------------------------------------------------------------------------------

def test_csv_has_a_readable_attachments_cell_and_jsonl_the_whole_records(config):
    from crawler.commands.export import write_articles
    from indexer.store import Store

    with Store(config.store_path) as store:
        for article in ARTICLES.values():
            store.upsert(article)
        out = io.StringIO()
        write_articles(store, out, "csv", [None])
        rows = {row["url"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
        lines = io.StringIO()
        write_articles(store, lines, "jsonl", [None])
    council = rows[ARTICLES["council"].url]["attachments"]
    assert council == ("Решение № 14 <https://adm.example.ru/upload/reshenie-14.pdf>; "
                       "Протокол заседания президиума <https://adm.example.ru/upload/protokol.docx>; "
                       "Закрытое приложение <https://adm.example.ru/upload/secret.pdf>")
    assert rows[ARTICLES["budget"].url]["attachments"] == ""
    assert "Присутствовали" not in out.getvalue()
    records = {r["url"]: r for r in map(json.loads, lines.getvalue().splitlines())}
    exported = records[ARTICLES["council"].url]["attachments"]
    assert exported[1]["text"] == ARTICLES["council"].attachments[1].text
    assert Article.from_dict(records[ARTICLES["council"].url]).attachments == ARTICLES["council"].attachments


def test_munews_search_with_documents_names_the_document(tmp_path, capsys, monkeypatch):
    from crawler.cli import main
    from indexer.config import load_config

    monkeypatch.setenv("MUNEWS_DATA_DIR", str(tmp_path / "data"))
    add_articles(load_config(environ={}, dotenv_path=None, data_dir=tmp_path / "data"),
                 list(ARTICLES.values()))
    env = ["--env-file", str(tmp_path / "absent.env")]
    assert main([*env, "search", "бюджет", "--with-documents"]) == 0
    out = capsys.readouterr().out
    assert "1. Заседание Совета депутатов" in out and "Бюджет района" not in out
    assert "   найдено в документе „Решение № 14“\n" in out and "**бюджете**" in out
    assert main([*env, "search", "водопровода", "--json"]) == 0
    hit = json.loads(capsys.readouterr().out)["hits"][0]
    assert hit["matched_document"] == HOSTILE_TITLE
