"""Make a backend's snippet safe: the only markup that survives is the project's own `<mark>`.

The backends promise escaped text with `<mark>` around matches, but crawled text is untrusted
and a backend bug must not become an XSS hole, so the string is rebuilt here: split on the
exact mark tags, unescape each text piece (so nothing is double-escaped), escape it again,
and re-insert only balanced marks.
"""

from __future__ import annotations

import html
import re

_MARK_TAG = re.compile(r"(</?mark>)", re.IGNORECASE)
# Characters that XML 1.0 (Atom) forbids and that no reader should see in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def strip_control(text: str) -> str:
    """Drop control characters that break XML and terminals."""
    return _CONTROL.sub("", text)


def safe_snippet(snippet: str) -> str:
    """Escaped snippet HTML in which only balanced `<mark>…</mark>` pairs are markup."""
    out: list[str] = []
    open_mark = False
    for piece in _MARK_TAG.split(strip_control(snippet or "")):
        lowered = piece.lower()
        if lowered == "<mark>":
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif lowered == "</mark>":
            if open_mark:
                out.append("</mark>")
                open_mark = False
        elif piece:
            out.append(html.escape(html.unescape(piece), quote=True))
    if open_mark:
        out.append("</mark>")
    return "".join(out)


def http_url(url: str | None) -> str:
    """The URL when it is http(s), else "": a crawled `javascript:` or `data:` URL never
    becomes a link (CSP would block it too; this is the second wall)."""
    url = strip_control(url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def plain_snippet(snippet: str) -> str:
    """The snippet as plain text (for feeds and titles): marks removed, entities decoded."""
    return html.unescape(_MARK_TAG.sub("", strip_control(snippet or "")))
