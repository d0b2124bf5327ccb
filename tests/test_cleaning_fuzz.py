"""No input makes the cleaning raise anything but ExtractionFailed (issue 16).

Real article pages of the test sites (``tests/sites/``), mutated: control characters and
invisible characters inserted as characters and as character references, the page cut
anywhere, blocks nested deep, bytes garbled and decoded back as text. ``extract_article``
must return a CleanedArticle or raise ExtractionFailed.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.cleaning.core import extract_article
from crawler.items import CleanedArticle, ExtractionFailed

SITES = Path(__file__).parent / "sites"
PAGES = sorted(p for p in SITES.rglob("*.html") if p.parent.name.isdigit())[:12]
FETCHED = datetime(2024, 3, 5, 10, 0, tzinfo=timezone.utc)

#: What the mutations insert: C0 controls, DEL, non-characters, invisible characters, their
#: references, lone surrogates, markup fragments.
_PIECES = st.one_of(
    st.sampled_from(["\x00", "\x07", "\x0b", "\x1f", "\x7f", "\ufffe", "\uffff", "\xad", "\u200b", "\ufeff",
                     "&#7;", "&#x0B;", "&#0;", "&#xFFFE;", "&#55296;", "&#1114112;", "&shy;", "\ud800",
                     "<br><br>", "<p>", "</div>", "<time datetime='x'>", "<script type='application/ld+json'>{",
                     "\t", "e\u0301", "<![CDATA[", "<!--", "]]>", "&"]),
    st.text(max_size=8),
)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1251")  # the sites' older pages


TEXTS = [_decode(p.read_bytes()) for p in PAGES]


def _page(index: int) -> str:
    return TEXTS[index % len(TEXTS)]


@st.composite
def mutated_pages(draw: st.DrawFn) -> str:
    html = _page(draw(st.integers(min_value=0, max_value=len(PAGES) - 1)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        kind = draw(st.sampled_from(["insert", "truncate", "nest", "garble"]))
        at = draw(st.integers(min_value=0, max_value=max(0, len(html) - 1)))
        if kind == "insert":
            html = html[:at] + draw(_PIECES) + html[at:]
        elif kind == "truncate":
            html = html[:at]
        elif kind == "nest":
            depth = draw(st.integers(min_value=1, max_value=300))
            tag = draw(st.sampled_from(["div", "p", "span", "table", "li", "time"]))
            html = html[:at] + f"<{tag}>" * depth + html[at:]
        else:
            raw = bytearray(html.encode("utf-8"))
            for _ in range(draw(st.integers(min_value=1, max_value=20))):
                if raw:
                    raw[draw(st.integers(min_value=0, max_value=len(raw) - 1))] = draw(st.integers(0, 255))
            html = raw.decode(draw(st.sampled_from(["utf-8", "cp1251", "latin-1"])), errors="replace")
    return html


def test_fixture_pages_are_there():
    assert len(PAGES) >= 5
    assert isinstance(extract_article(_page(0), "https://smo.example/news/1/"), CleanedArticle)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_pages())
def test_extraction_returns_an_article_or_extraction_failed(html):
    try:
        result = extract_article(html, "https://smo.example/news/2023/02/27/1/", fetched_at=FETCHED)
    except ExtractionFailed:
        return
    assert isinstance(result, CleanedArticle)
    assert not any(ch in result.text for ch in "\x00\x07\x0b\ufffe\xad\u200b")


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=300))
def test_any_text_at_all(text):
    try:
        extract_article(text, "https://smo.example/news/1/")
    except ExtractionFailed:
        pass


_PROSE = "Совет муниципальных образований обсудил бюджет района на будущий год. " * 8


def _article(text: str) -> str:
    return (f"<html><body><h1>Совет обсудил бюджет</h1><div class='text'><p>{_PROSE}</p>"
            f"<p>{_PROSE}<br><br>{text}<br><br>{_PROSE}</p></div></body></html>")


def test_a_control_character_in_text_is_dropped_not_raised():
    for control in ("\x07", "&#7;", "\x0b", "&#xFFFE;"):
        article = extract_article(_article(f"Итоги{control} голосования"), "https://smo.example/news/1/")
        assert "Итоги голосования" in article.text


def test_soft_hyphens_and_zero_width_characters_are_removed_and_text_is_nfc():
    html = _article("бюд\xadжет, бюд&shy;жет, ре\u200bшение, ка&#8203;зна, Cafe\u0301")
    article = extract_article(html, "https://smo.example/news/1/")
    assert "бюджет, бюджет, решение, казна, Caf\u00e9" in article.text
