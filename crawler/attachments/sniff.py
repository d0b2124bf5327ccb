"""Which kind of document a body is: magic bytes decide, the link and Content-Type only hint.

A municipal site serves its error page as `reshenie.pdf`, a Word RTF as `.doc` and a DOCX as
`application/octet-stream`; only the bytes tell. `sniff_kind` returns None for a body that is no
document this layer reads, and `not_a_document` says what it is instead.
"""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import unquote, urlsplit

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

_EXTENSIONS = {
    "pdf": "pdf", "docx": "docx", "doc": "doc", "odt": "odt", "rtf": "rtf", "xlsx": "xlsx", "ods": "ods",
}
_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
    "application/x-rtf": "rtf",
}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_HTML_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_IMAGE_MAGICS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")


def document_kind_of_link(url: str) -> str | None:
    """The document kind a link's path promises by its extension (query and fragment ignored)."""
    path = unquote(urlsplit(url.strip()).path)
    name = path.rsplit("/", 1)[-1]
    if "." not in name:
        return None
    return _EXTENSIONS.get(name.rsplit(".", 1)[-1].strip().lower())


def kind_of_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return _CONTENT_TYPES.get(content_type.split(";", 1)[0].strip().lower())


def hinted_kind(url: str, content_type: str | None) -> str | None:
    """What the server claims: the Content-Type when it names a document kind, else the link."""
    return kind_of_content_type(content_type) or document_kind_of_link(url)


def sniff_kind(data: bytes, url: str, content_type: str | None) -> str | None:
    """The document kind of `data`, by its magic bytes; None for anything else (HTML, images...)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    hint = hinted_kind(url, content_type)
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data, hint)
    if data.startswith(OLE2_MAGIC):
        return _ole2_kind(data, hint)
    return None


def _zip_kind(data: bytes, hint: str | None) -> str | None:
    names = _zip_names(data)
    if names is None:  # no central directory (a truncated file): the local headers decide
        names = _local_names(data[:65536])
    # ODF stores `mimetype` first and uncompressed, so its value follows the first local header.
    if data[30:38] == b"mimetype":
        for value, kind in _ODF_MIMETYPES.items():
            if data[38:38 + len(value)] == value:
                return kind
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if hint in ("docx", "xlsx") and "[Content_Types].xml" in names:
        return hint
    return None


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None


def _local_names(data: bytes) -> list[str]:
    """Entry names from the local headers (signature, 22 bytes, name length at 26, name at 30)."""
    names = []
    at = data.find(ZIP_MAGIC)
    while at >= 0 and at + 30 <= len(data):
        length = int.from_bytes(data[at + 26:at + 28], "little")
        names.append(data[at + 30:at + 30 + length].decode("cp437", "replace"))
        at = data.find(ZIP_MAGIC, at + 30)
    return names


def _ole2_kind(data: bytes, hint: str | None) -> str | None:
    # The directory names the streams in UTF-16LE: a Word 97-2003 file has "WordDocument";
    # an encrypted DOCX/XLSX is an OLE2 file with "EncryptedPackage" (extract says "encrypted").
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "EncryptedPackage".encode("utf-16-le") in data and hint in ("docx", "xlsx"):
        return hint
    return None


def is_html(data: bytes) -> bool:
    head = data[:2048]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return _HTML_START.match(head) is not None


def not_a_document(data: bytes) -> str:
    """What a body that sniff_kind refused is instead: DocumentText.error for it."""
    if not data.strip():
        return "not-a-document: empty"
    if is_html(data):
        return "not-a-document: html"
    if data.startswith(_IMAGE_MAGICS):
        return "not-a-document: image"
    if data.startswith(ZIP_MAGIC):
        return "not-a-document: zip"
    if data.startswith(OLE2_MAGIC):
        return "not-a-document: ole2"  # .xls, .ppt: not read here
    return "not-a-document: unknown"
