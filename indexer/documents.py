"""Value types shared by the store, the search backends, the crawler and the API."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

#: Columns of `munews export`, in order; `munews extract` prints the same keys.
EXPORT_FIELDS: tuple[str, ...] = (
    "id", "url", "source_id", "source_name", "region", "title", "published_at", "date_source",
    "author", "lead", "text", "images", "fetched_at", "content_hash", "best_practice", "attachments",
    "municipalities", "topics", "story_id",
)


def article_id(canonical_url: str) -> str:
    """Stable id of an article: derived from its canonical URL, so re-indexing is idempotent."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:20]


def content_hash(text: str) -> str:
    """Hash of the article's body alone, normalised: a repost with the same text on another
    site (another title, page, date or typography) hashes alike, so copies can be told.

    Normalisation: NFKC, case-folded, quotes and dashes unified, «ё» as «е», whitespace
    collapsed. A re-crawl tells an edit by this hash together with title and date.
    """
    normal = unicodedata.normalize("NFKC", text).casefold().translate(_TYPOGRAPHY)
    payload = " ".join(normal.split())
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


_TYPOGRAPHY = str.maketrans({"«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‘": "'", "’": "'",
                             "—": "-", "–": "-", "‑": "-", "ё": "е", "\u00a0": " ", "\u00ad": None})


@dataclass
class Attachment:
    """A document an article links (a decision, a protocol): where it is and what it says.

    `status`: ``ok``, ``no-text`` (a scan without a text layer), ``not-extracted`` (a format
    no tool here reads), ``error`` (then `error` says why: ``encrypted``, ``zip-bomb``,
    ``too-large``, ``http/404``…). `text` is empty unless ``ok``; the store keeps one copy
    per `sha256` however many articles link the file.
    """

    url: str
    title: str  # the link's text, else the document's own title
    kind: str  # pdf, docx, doc, odt, rtf, xlsx, ods
    status: str = "ok"
    error: str | None = None
    size: int = 0
    pages: int | None = None
    sha256: str = ""
    text: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attachment:
        return cls(**{key: data[key] for key in _ATTACHMENT_FIELDS if key in data})

    @property
    def settled(self) -> bool:
        """Read, or refused for good: a later crawl need not fetch it again (a timeout, a 5xx,
        a spent budget or a crawl with documents off leave it to be tried again)."""
        if self.status in ("pending", "not-fetched"):
            return False
        return self.status != "error" or not (self.error or "").startswith(_TRANSIENT_ERRORS)

    def without_text(self) -> dict[str, Any]:
        """The record of the document as stored with the article (its text lives once, by hash)."""
        return {key: getattr(self, key) for key in _ATTACHMENT_FIELDS if key != "text"}


_TRANSIENT_ERRORS = ("http/5", "http/429", "timeout", "dns", "connection", "data-loss", "robots-unavailable",
                     "worker-crashed", "internal", "other/")
_ATTACHMENT_FIELDS = ("url", "title", "kind", "status", "error", "size", "pages", "sha256", "text")


@dataclass(frozen=True)
class Municipality:
    """A municipality an article is about, its name brought to the nominative.

    `type`: ``муниципальный район``, ``муниципальный округ``, ``городской округ``,
    ``городское поселение``, ``сельское поселение``, ``город``, ``посёлок``, ``село``,
    ``деревня``, ``станица`` or ``поселение`` (a settlement named without its kind).
    `region`: the region when the source's region or the text fixes it, else ``""``.
    """

    name: str  # «Чайковский городской округ», «Усть-Кутское муниципальное образование», «Кунгур»
    type: str
    region: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type, "region": self.region}


@dataclass
class Article:
    """One clean article, as stored and indexed."""

    url: str
    source_id: str
    title: str
    text: str
    source_name: str = ""
    region: str = ""
    published_at: str | None = None  # ISO 8601 with offset
    date_source: str | None = None  # json-ld, meta, time-tag, text, listing, url
    author: str | None = None
    lead: str = ""
    images: list[str] = field(default_factory=list)
    fetched_at: str = ""
    best_practice: bool = False
    id: str = ""
    content_hash: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    municipalities: list[Municipality] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # names of crawler.topics.TOPICS
    #: The story it belongs to: the id of the story's first article (its own id when alone).
    story_id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.url)
        if not self.content_hash:
            self.content_hash = content_hash(self.text)
        if not self.story_id:
            self.story_id = self.id
        self.attachments = [a if isinstance(a, Attachment) else Attachment.from_dict(a) for a in self.attachments]
        self.municipalities = [m if isinstance(m, Municipality) else Municipality(**m)
                               for m in self.municipalities]

    @property
    def documents_text(self) -> str:
        """The text of its documents, one after another (what search matches besides the body)."""
        return "\n\n".join(a.text for a in self.attachments if a.text)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {key: data[key] for key in EXPORT_FIELDS}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {key: data[key] for key in EXPORT_FIELDS if key in data}
        return cls(**known)


SORTS = ("relevance", "date")


@dataclass(frozen=True)
class SearchQuery:
    """What a person asked for: the query text in munews's query language plus filters."""

    text: str = ""
    regions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None  # inclusive
    best_practice: bool | None = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    facets: bool = True
    search_after: tuple[Any, ...] | None = None  # deep pagination cursor (backend-specific)
    with_documents: bool | None = None  # True: only articles with a document's text; False: none
    municipalities: tuple[str, ...] = ()  # names in the nominative, as the facet shows them
    topics: tuple[str, ...] = ()


@dataclass
class SearchHit:
    id: str
    url: str
    title: str
    source_id: str
    source_name: str
    region: str
    published_at: str | None
    snippet: str  # HTML: crawled text escaped, matches wrapped in <mark>
    score: float = 0.0
    best_practice: bool = False
    matched_document: str | None = None  # the document the snippet is from (not title/body)
    story_id: str = ""
    topics: list[str] = field(default_factory=list)
    title_html: str = ""  # the title escaped, matched words in <mark> (as in the snippet)
    #: Other articles of its story (reposts on other sites), filled in by story collapsing.
    story_others: int = 0


@dataclass
class SearchPage:
    total: int
    hits: list[SearchHit]
    #: facet name ("region", "source", "year", "municipality", "topic") -> value -> count
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    next_cursor: tuple[Any, ...] | None = None
    #: Distinct stories in the result when stories were folded and all of it was seen.
    stories: int | None = None
    #: What the query parser ignored or reinterpreted, in Russian (indexer.query_parse).
    notices: tuple[str, ...] = ()
    #: «Возможно, вы имели в виду …»: the query with unknown words corrected (indexer.suggest).
    suggestion: str | None = None
