"""Loader for the Russian municipal article corpus in benchmarks/data/ru_corpus/.

Each case is `pages/<id>.html` (raw bytes, in the encoding the gold names) plus `pages/<id>.json`
(the gold: title, publication date, body, boilerplate that must not leak, snippets that must be
kept). See benchmarks/data/ru_corpus/README.md for the conventions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parent / "data" / "ru_corpus"

__all__ = ["DEFAULT_ROOT", "Case", "by_site", "load_cases", "normalize_space", "visible_text"]


_BLOCKS = frozenset(
    ["br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "td", "th", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "section", "article", "header", "footer", "nav", "aside", "main", "form", "label", "button"])


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) into one space."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def visible_text(html: str) -> str:
    """The text a reader sees in the page body (no scripts, styles or head), whitespace-normalized."""
    import lxml.html

    doc = lxml.html.document_fromstring(html)
    for bad in doc.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    body = doc.find("body")
    root = body if body is not None else doc
    # Block elements and <br> must separate words, as a browser renders them.
    for el in root.iter():
        if el.tag in _BLOCKS:
            el.text = " " + (el.text or "")
            el.tail = " " + (el.tail or "")
    return normalize_space(root.text_content())


@dataclass(frozen=True)
class Case:
    """One corpus page with its gold fields."""

    id: str
    family: str
    variant: str
    url: str
    encoding: str
    raw: bytes
    title: str
    published_at: str
    date_precision: str  # "minute" or "day": how much of published_at the page states
    body: str
    must_contain: list[str]
    must_not_contain: list[str]
    site_name: str
    site_id: str  # pages of one site share its template (menu, slogan, footer, CMS options)
    fetched_at: str
    listing_title: str | None = None
    listing_date: str | None = None
    date_sources: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)

    @property
    def html(self) -> str:
        """The page decoded with the encoding named in the gold."""
        return self.raw.decode(self.encoding)

    @property
    def paragraphs(self) -> list[str]:
        """Gold body blocks (paragraphs, lists, tables), in order."""
        return [p for p in self.body.split("\n\n") if p.strip()]

    def date_matches(self, value: str | None, day_only: bool = False) -> bool:
        """Whether an extracted ISO date equals the gold at the gold's precision (or by day only)."""
        if not value:
            return False
        want = datetime.fromisoformat(self.published_at)
        if self.date_precision == "day" or day_only:
            if len(value) == 10:  # a bare date: compare as written
                return value == self.published_at[:10]
            got = _parse(value, want)
            return got is not None and got.astimezone(want.tzinfo).date() == want.date()
        got = _parse(value, want)
        return got is not None and got.replace(second=0) == want.replace(second=0)

    def leaks(self, text: str) -> list[str]:
        """The must_not_contain strings present in an extracted body."""
        flat = normalize_space(text)
        return [s for s in self.must_not_contain if normalize_space(s) in flat]

    def missing(self, text: str) -> list[str]:
        """The must_contain snippets absent from an extracted body."""
        flat = normalize_space(text)
        return [s for s in self.must_contain if normalize_space(s) not in flat]


def _parse(value: str, gold: datetime) -> datetime | None:
    """An ISO value as an aware datetime; a naive one is read in the gold's offset."""
    try:
        got = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return got if got.tzinfo else got.replace(tzinfo=gold.tzinfo)


def _case(gold_path: Path) -> Case:
    gold = json.loads(gold_path.read_text("utf-8"))
    raw = gold_path.with_suffix(".html").read_bytes()
    return Case(
        id=gold["id"], family=gold["family"], variant=gold.get("variant", ""), url=gold["url"],
        encoding=gold["encoding"], raw=raw, title=gold["title"], published_at=gold["published_at"],
        date_precision=gold["date_precision"], body=gold["body"], must_contain=gold["must_contain"],
        must_not_contain=gold["must_not_contain"], site_name=gold["site_name"], site_id=gold["site_id"],
        fetched_at=gold["fetched_at"], listing_title=gold.get("listing_title"),
        listing_date=gold.get("listing_date"), date_sources=gold.get("date_sources", []),
        features=gold.get("features", []),
    )


def load_cases(root: Path | str | None = None) -> list[Case]:
    """All cases of the corpus, sorted by id."""
    pages = Path(root or DEFAULT_ROOT) / "pages"
    if not pages.is_dir():
        raise FileNotFoundError(f"no corpus pages at {pages}")
    return [_case(p) for p in sorted(pages.glob("*.json"))]


def by_site(cases: list[Case]) -> dict[str, list[Case]]:
    """Cases grouped by site, in id order: the pages a per-source cleaner would see together."""
    sites: dict[str, list[Case]] = {}
    for case in cases:
        sites.setdefault(case.site_id, []).append(case)
    return sites
