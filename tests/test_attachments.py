"""The document-text layer of issue 17 (crawler/attachments, docs/attachments.md).

Every document here is written by the test with the format's own library (fpdf2 with a
Cyrillic TrueType font, python-docx, odfpy, openpyxl; RTF by hand), so the assertions are on
real files: the Russian text comes out, the kind is told by the bytes, and each hostile input
ends quickly as "error" with its reason.
"""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from crawler.attachments import (
    DocumentText,
    WorkerPool,
    close,
    document_kind_of_link,
    extract_document,
    sniff_kind,
)
from crawler.attachments.limits import check_zip
from crawler.attachments.pdf_text import page_paragraphs
from crawler.attachments.text import clean, clean_title, repair_mojibake
from crawler.attachments.worker import WorkerOutOfMemory, WorkerTimeout

PHRASE = "Решение Совета № 14 о бюджете"
LONG = ("Решение Совета № 14 о бюджете муниципального образования на 2025 год. Депутаты "
        "рассмотрели проект бюджета и приняли его в первом чтении после долгого обсуждения.")
FONT_CANDIDATES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
]


def _font() -> Path:
    for path in FONT_CANDIDATES:
        if path.exists():
            return path
    try:
        import matplotlib

        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        if path.exists():
            return path
    except ImportError:
        pass
    pytest.skip("no DejaVuSans.ttf (apt-get install fonts-dejavu-core)")


@pytest.fixture(scope="module", autouse=True)
def _shared_pool():
    yield
    close()


def _pdf(pages: list[str], title: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(_font()))
    pdf.set_font("DejaVu", size=12)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        for paragraph in text.split("\n\n"):
            pdf.multi_cell(0, 8, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    return bytes(pdf.output())


def _docx(with_table: bool = True, title: str = "Бюджет на 2025 год", media: bytes | None = None) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading("Совет депутатов", level=1)
    document.add_paragraph(PHRASE)
    if with_table:
        table = document.add_table(rows=3, cols=3)
        for r, row in enumerate([["Статья", "Сумма", "Срок"], ["Дороги", "1 200", "май"], ["Школы", "800", ""]]):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        merged = document.add_table(rows=1, cols=3)
        merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Итого"
        merged.cell(0, 2).text = "2 000"
    document.add_paragraph("Глава поселения подписал решение.")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if media is not None:  # an incompressible picture inside, as a scanned stamp would be
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                target.writestr(item, source.read(item.filename))
            target.writestr("word/media/image1.png", media)
        data = out.getvalue()
    return data


def _xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Бюджет"
    sheet.append(["Статья", "Сумма", None, "Примечание"])
    sheet.append(["Дороги", 1200.0, None, "ремонт"])
    sheet.append([])
    sheet.append(["Итого", "=B2", None, None])
    workbook.create_sheet("Лист2").append([PHRASE])
    workbook.properties.title = "Бюджет поселения"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _odt() -> bytes:
    from odf import dc, table, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text="Постановление № 7"))
    document.text.addElement(text.H(outlinelevel=1, text="Администрация поселения"))
    document.text.addElement(text.P(text=PHRASE))
    grid = table.Table(name="t")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    for cells in (["Статья", "Сумма"], ["Дороги", "1 200"]):
        row = table.TableRow()
        for value in cells:
            cell = table.TableCell()
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        grid.addElement(row)
    document.text.addElement(grid)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _ods() -> bytes:
    from odf import table, text
    from odf.opendocument import OpenDocumentSpreadsheet

    document = OpenDocumentSpreadsheet()
    sheet = table.Table(name="Бюджет")
    for cells in (["Статья", "Сумма"], ["Дороги", "1 200"]):
        row = table.TableRow()
        for value in cells:
            cell = table.TableCell(valuetype="string")
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        sheet.addElement(row)
    # The tail every spreadsheet program writes: a million empty rows of a thousand empty cells.
    empty = table.TableRow(numberrowsrepeated=1_048_000)
    empty.addElement(table.TableCell(numbercolumnsrepeated=1024))
    sheet.addElement(empty)
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


RTF = (rb"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\fcharset204 Times New Roman;}}"
       rb"{\info{\title \'d0\'e5\'f8\'e5\'ed\'e8\'e5 \'b9 14}}"
       rb"\f0 \u1056?\u1077?\u1096?\u1077?\u1085?\u1080?\u1077? \'d1\'ee\'e2\'e5\'f2\'e0 \'b9 14 "
       rb"\'ee \'e1\'fe\'e4\'e6\'e5\'f2\'e5\par\par "
       rb"\trowd\cellx2000\cellx4000 \'d1\'f2\'e0\'f2\'fc\'ff\cell 1 200\cell\row "
       rb"\pard \'c3\'eb\'e0\'e2\'e0 \'ef\'ee\'f1\'e5\'eb\'e5\'ed\'e8\'ff\par}")


def _ok(result: DocumentText, kind: str) -> DocumentText:
    assert (result.kind, result.status, result.error) == (kind, "ok", None), result
    return result


# --- formats -----------------------------------------------------------------------------------


def test_pdf_text_title_pages_and_paragraphs():
    data = _pdf([LONG + "\n\n" + "Второй абзац решения.", "Глава поселения подписал реше-\nние."],
                title="Microsoft Word - Решение Совета № 14.docx")
    result = _ok(extract_document(data, "https://adm.example.ru/upload/14.pdf", "application/pdf"), "pdf")
    assert result.pages == 2
    assert result.title == "Решение Совета № 14"
    paragraphs = result.text.split("\n\n")
    assert paragraphs[0] == LONG  # the wrapped lines are one paragraph again, single spaces
    assert paragraphs[1] == "Второй абзац решения."
    assert "подписал решение." in result.text  # the hyphenated line break joined
    assert result.size == len(data) and len(result.sha256) == 64 and not result.truncated


def test_docx_paragraphs_tables_and_merged_cells():
    result = _ok(extract_document(_docx(), "https://x.ru/files/budget.docx"), "docx")
    assert result.title == "Бюджет на 2025 год"
    assert result.text.split("\n\n") == [
        "Совет депутатов", PHRASE,
        "Статья | Сумма | Срок\nДороги | 1 200 | май\nШколы | 800",
        "Итого | 2 000",  # the merged cell once, not under each of its grid columns
        "Глава поселения подписал решение.",
    ]
    assert result.pages is None


def test_xlsx_cells_values_and_sheets():
    result = _ok(extract_document(_xlsx(), "https://x.ru/budget.xlsx"), "xlsx")
    assert result.title == "Бюджет поселения"
    blocks = result.text.split("\n\n")
    assert blocks[0] == "Бюджет"  # several sheets: a named one is headed by its name
    assert blocks[1].split("\n")[:2] == ["Статья | Сумма | Примечание", "Дороги | 1200 | ремонт"]
    assert "Лист2" not in result.text and PHRASE in result.text


def test_odt_headings_paragraphs_table_and_title():
    result = _ok(extract_document(_odt(), "https://x.ru/p7.odt"), "odt")
    assert result.title == "Постановление № 7"
    assert result.text.split("\n\n") == ["Администрация поселения", PHRASE, "Статья | Сумма\nДороги | 1 200"]


def test_ods_cells_and_the_million_empty_rows_cost_nothing():
    started = time.monotonic()
    result = _ok(extract_document(_ods(), "https://x.ru/b.ods"), "ods")
    assert result.text == "Статья | Сумма\nДороги | 1 200"
    assert time.monotonic() - started < 5


def test_rtf_unicode_and_cp1251_escapes_table_and_title():
    result = _ok(extract_document(RTF, "https://x.ru/r.rtf"), "rtf")
    assert result.title == "Решение № 14"
    assert result.text.split("\n\n") == [PHRASE,
                                         "Статья | 1 200", "Глава поселения"]


def test_doc_without_antiword_or_catdoc_is_not_extracted(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    word97 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(1000)
    result = extract_document(word97, "https://x.ru/old.doc", "application/msword")
    assert (result.kind, result.status, result.error, result.text) == ("doc", "not-extracted", None, "")


@pytest.mark.skipif(shutil.which("antiword") is None and shutil.which("catdoc") is None,
                    reason="neither antiword nor catdoc (.ci/run installs antiword)")
def test_doc_the_tool_cannot_read_is_an_error():
    word97 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(1000)
    result = extract_document(word97, "https://x.ru/old.doc")
    assert (result.kind, result.status, result.text) == ("doc", "error", "")
    assert result.error is not None and result.error.startswith("corrupt: ")


# --- sniffing ----------------------------------------------------------------------------------


def test_the_bytes_decide_the_kind_not_the_name():
    pdf, docx, odt, ods, xlsx = _pdf([LONG]), _docx(False), _odt(), _ods(), _xlsx()
    assert sniff_kind(pdf, "https://x.ru/download?id=14", "application/octet-stream") == "pdf"
    assert sniff_kind(b"\r\n" + pdf, "https://x.ru/a", None) == "pdf"  # junk before %PDF- is allowed
    assert sniff_kind(docx, "https://x.ru/a.doc", "application/msword") == "docx"
    assert sniff_kind(xlsx, "https://x.ru/a.docx", None) == "xlsx"
    assert (sniff_kind(odt, "https://x.ru/a", None), sniff_kind(ods, "https://x.ru/a.odt", None)) == ("odt", "ods")
    assert sniff_kind(RTF, "https://x.ru/a.doc", "application/msword") == "rtf"
    html = b"<!DOCTYPE html><html><head><title>404</title></head><body>Not found</body></html>"
    assert sniff_kind(html, "https://x.ru/14.pdf", "application/pdf") is None
    assert sniff_kind(b"PK\x03\x04" + bytes(100), "https://x.ru/a.zip", None) is None
    assert sniff_kind(b"\x89PNG\r\n\x1a\n" + bytes(100), "https://x.ru/a.pdf", None) is None
    # A truncated DOCX has no central directory: its local headers still name word/.
    assert sniff_kind(docx[: len(docx) // 2], "https://x.ru/a", None) == "docx"


def test_served_as_octet_stream_without_extension_is_read():
    result = extract_document(_pdf([LONG]), "https://x.ru/file/download/123", "application/octet-stream")
    assert result.kind == "pdf" and result.status == "ok" and PHRASE in result.text


@pytest.mark.parametrize(("url", "kind"), [
    ("https://adm.ru/upload/iblock/Reshenie%2014.PDF?v=2#page=3", "pdf"),
    ("https://adm.ru/files/budget.DocX", "docx"),
    ("/docs/old.doc", "doc"), ("/a.odt", "odt"), ("/a.rtf", "rtf"), ("/a.xlsx", "xlsx"), ("/a.ods", "ods"),
    ("https://adm.ru/news/14.html", None), ("https://adm.ru/download.php?file=a.pdf", None),
    ("https://adm.ru/files/a.pdf/", None), ("https://adm.ru/", None), ("/a.docm", None),
])
def test_document_kind_of_link(url, kind):
    assert document_kind_of_link(url) == kind


# --- hostile inputs ----------------------------------------------------------------------------


def _error(result: DocumentText, reason: str) -> None:
    assert (result.status, result.error, result.text) == ("error", reason, ""), result


def test_html_page_named_pdf_is_not_a_document():
    html = b"\xef\xbb\xbf\n  <html><head><meta charset=utf-8></head><body>\xd0\x9e\xd1\x88\xd0\xb8\xd0\xb1\xd0\xba\xd0\xb0</body></html>"
    result = extract_document(html, "https://x.ru/14.pdf", "text/html")
    _error(result, "not-a-document: html")
    assert result.kind == "pdf"  # what the link promised
    _error(extract_document(b"", "https://x.ru/14.docx"), "not-a-document: empty")


def test_truncated_pdf_docx_and_rtf():
    pdf, docx = _pdf([LONG, LONG]), _docx()
    _error(extract_document(pdf[: len(pdf) * 2 // 3], "https://x.ru/a.pdf"), "truncated")
    _error(extract_document(docx[: len(docx) - 300], "https://x.ru/a.docx"), "truncated")
    _error(extract_document(RTF[:-40], "https://x.ru/a.rtf"), "truncated")


def test_encrypted_pdf_needs_its_password_but_an_owner_lock_opens():
    from pypdf import PdfReader, PdfWriter

    def encrypted(user: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf([LONG]))))
        writer.encrypt(user_password=user, owner_password="owner-secret", algorithm="AES-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    _error(extract_document(encrypted("secret"), "https://x.ru/a.pdf"), "encrypted")
    assert PHRASE in _ok(extract_document(encrypted(""), "https://x.ru/a.pdf"), "pdf").text


def test_encrypted_docx_is_an_ole2_file():
    package = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(600)
    _error(extract_document(package, "https://x.ru/a.docx"), "encrypted")


def _bomb(kind: str, size: int = 8 * 2**20) -> bytes:
    """A valid document of its kind with one more entry that inflates `size` bytes of zeros."""
    base = {"docx": _docx, "xlsx": _xlsx, "odt": _odt}[kind]()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("customXml/item9.xml", "w") as entry:
            chunk = bytes(2**20)
            for _ in range(size // 2**20):
                entry.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["docx", "xlsx", "odt"])
def test_zip_bomb_is_refused_before_any_library_opens_it(kind):
    data = _bomb(kind)
    assert len(data) < 200_000
    started = time.monotonic()
    result = extract_document(data, f"https://x.ru/a.{kind}")
    assert result.kind == kind
    _error(result, "zip-bomb")
    assert time.monotonic() - started < 0.5  # decided from the central directory alone


def test_zip_limits_total_size_and_incompressible_media():
    # 108 MB in all, every entry under the ratio floor, the whole only 90 times its zip: the total decides.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/media/photo.jpg", os.urandom(1_200_000), zipfile.ZIP_STORED)
        for number in range(120):
            archive.writestr(f"word/media/{number}.bin", bytes(900_000))
    assert 100 * 2**20 < sum(i.file_size for i in zipfile.ZipFile(out).infolist()) < 90 * len(out.getvalue())
    assert check_zip(out.getvalue()) == "zip-bomb"
    assert check_zip(_docx()) is None
    # A DOCX with a 2 MB incompressible picture is no bomb.
    result = _ok(extract_document(_docx(media=os.urandom(2 * 2**20)), "https://x.ru/a.docx"), "docx")
    assert PHRASE in result.text


def test_too_large_is_refused_unread():
    data = _pdf([LONG])
    result = extract_document(data, "https://x.ru/a", max_bytes=len(data) - 1)
    _error(result, "too-large")
    assert result.kind == "pdf" and result.size == len(data)


def test_garbage_bodies_never_raise():
    for data, url in [(b"%PDF-1.7\n" + os.urandom(5000) + b"\n%%EOF", "a.pdf"),
                      (b"PK\x03\x04" + os.urandom(3000), "a.docx"),
                      (b"{\\rtf1 " + b"{" * 50_000 + b"}", "a.rtf"),
                      (_docx()[:200] + os.urandom(4000) + _docx()[-2000:], "a.docx")]:
        result = extract_document(data, "https://x.ru/" + url)
        assert result.status in ("error", "no-text"), result
        assert result.status == "no-text" or result.error


def test_scanned_pdf_is_no_text_never_garbage():
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    for _ in range(3):
        pdf.add_page()
        pdf.image(Image.new("L", (200, 280), 200), x=10, y=10, w=180)
        pdf.rect(20, 20, 100, 50)
    result = extract_document(bytes(pdf.output()), "https://x.ru/scan.pdf")
    assert (result.kind, result.status, result.error, result.text, result.pages) == ("pdf", "no-text", None, "", 3)
    # A stamp's page number on each page is no text layer either.
    stamped = extract_document(_pdf(["стр. 1", "стр. 2"]), "https://x.ru/scan.pdf")
    assert (stamped.status, stamped.text) == ("no-text", "")


@pytest.fixture(scope="module")
def ten_thousand_pages() -> bytes:
    from pypdf import PdfReader, PdfWriter

    page = PdfReader(io.BytesIO(_pdf([LONG]))).pages[0]
    writer = PdfWriter()
    for _ in range(10_000):
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_ten_thousand_pages_stop_at_the_soft_time_limit(ten_thousand_pages):
    started = time.monotonic()
    result = extract_document(ten_thousand_pages, "https://x.ru/big.pdf", time_limit=4.0)
    assert time.monotonic() - started < 4.0
    assert (result.status, result.pages, result.truncated) == ("ok", 10_000, True)
    assert 1 <= result.text.count(PHRASE) < 2_000


def test_ten_thousand_pages_stop_at_the_page_cap_and_max_chars(ten_thousand_pages):
    capped = _ok(extract_document(ten_thousand_pages, "https://x.ru/big.pdf", max_pages=40), "pdf")
    assert capped.text.count(PHRASE) == 40 and capped.truncated and capped.pages == 10_000
    short = _ok(extract_document(ten_thousand_pages, "https://x.ru/big.pdf", max_chars=1000), "pdf")
    assert 900 < len(short.text) <= 1000 and short.truncated and short.text.startswith(PHRASE)


def test_hard_time_limit_kills_the_worker_and_the_next_document_is_read(ten_thousand_pages):
    started = time.monotonic()
    _error(extract_document(ten_thousand_pages, "https://x.ru/big.pdf", time_limit=0.05), "timeout")
    assert time.monotonic() - started < 3
    assert PHRASE in _ok(extract_document(_docx(), "https://x.ru/a.docx"), "docx").text


# --- the worker pool ---------------------------------------------------------------------------


def _allocate(size: int) -> int:
    return len(bytearray(size))


def _sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_worker_is_reused_capped_in_memory_and_killed_on_timeout():
    with WorkerPool(memory_limit=512 * 2**20) as pool:
        first = pool.call(_sleep, 0, timeout=10)
        assert pool.call(_sleep, 0, timeout=10) == first != os.getpid()  # one Python for many jobs
        assert pool.call(_allocate, 64 * 2**20, timeout=10) == 64 * 2**20
        with pytest.raises(WorkerOutOfMemory):
            pool.call(_allocate, 2 * 2**30, timeout=10)
        with pytest.raises(WorkerTimeout):
            pool.call(_sleep, 30, timeout=0.3)
        assert pool.call(_sleep, 0, timeout=10) not in (first, os.getpid())  # a fresh worker
    with pytest.raises(RuntimeError):
        pool.call(_sleep, 0, timeout=1)


# --- text normalisation ------------------------------------------------------------------------


def test_clean_drops_replacement_controls_and_private_use():
    assert clean("Реш\ufffdение\x00\x07 Сов\ue010ета\u200b\u00a0№\u202f14\r\n") == "Решение Совета № 14\n"


def test_page_paragraphs_join_lines_hyphens_and_keep_lists():
    raw = ("Решение Совета № 14 о бюджете муниципального образования на 2025\n"
           "год и плановый период. Совет решил утвердить бюд-\n"
           "жет поселения по доходам в сумме 12 млн рублей.\n"
           "1. Утвердить бюджет.\n"
           "2. Опубликовать решение в северо-\n"
           "Западной газете.\n")
    assert page_paragraphs(raw) == [
        "Решение Совета № 14 о бюджете муниципального образования на 2025 год и плановый период. "
        "Совет решил утвердить бюджет поселения по доходам в сумме 12 млн рублей.",
        "1. Утвердить бюджет.",
        "2. Опубликовать решение в северо- Западной газете.",  # upper case after: the hyphen stays
    ]


def test_mojibake_of_a_font_without_unicode_map_is_decoded():
    assert repair_mojibake("Ðåøåíèå Ñîâåòà ¹ 14 î áþäæåòå") == "Решение Совета № 14 о бюджете"
    assert repair_mojibake("Café société résumé naïve") == "Café société résumé naïve"


def test_clean_title():
    assert clean_title("Microsoft Word - Решение 14.doc") == "Решение 14"
    assert clean_title("  Untitled ") is None and clean_title(None) is None and clean_title("123") is None
