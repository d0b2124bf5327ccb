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
# A run of text the full sanitiser would leave unchanged: no markup, quote, `&` or control
# character, except the exact entities `html.escape` writes (unescaping and escaping them
# again gives them back). Written as character-class runs so the regex engine scans fast.
_PLAIN = r"[^<>&\"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]*"
_KEPT_TEXT = rf"{_PLAIN}(?:&(?:amp|lt|gt|quot|#x27);{_PLAIN})*"
# A snippet the sanitiser would return unchanged: kept text with balanced lowercase marks.
# Checking this is one linear regex pass; rebuilding the string costs several times more, and
# it is the common case (the backends already escape), so it is worth a fast path.
_ALREADY_SAFE = re.compile(rf"{_KEPT_TEXT}(?:<mark>{_KEPT_TEXT}</mark>{_KEPT_TEXT})*")


def strip_control(text: str) -> str:
    """Drop control characters that break XML and terminals."""
    return _CONTROL.sub("", text)


def safe_snippet(snippet: str) -> str:
    """Escaped snippet HTML in which only balanced `<mark>…</mark>` pairs are markup."""
    if snippet and _ALREADY_SAFE.fullmatch(snippet):
        return snippet
    return rebuild_snippet(snippet)


def rebuild_snippet(snippet: str) -> str:
    """The full sanitiser behind :func:`safe_snippet` (no fast path)."""
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
