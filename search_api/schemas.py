"""Request parameters and JSON bodies of the API (pydantic models, shown in the OpenAPI schema)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import HTTPException, Query
from pydantic import BaseModel, Field

from indexer.documents import SearchQuery
from search_api import limits

Sort = Literal["relevance", "date"]


#: A calendar date, or empty: the web form always sends `since=&until=`, and an empty date
#: field means "no limit". Strictly YYYY-MM-DD (pydantic's lax `date` would take "0.0" as a
#: Unix timestamp).
#: YYYY-MM-DD, or DD.MM.YYYY as Russian users type it (the CLI takes both too).
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})?$"


def parse_date(name: str, value: str | None) -> date | None:
    """A YYYY-MM-DD or DD.MM.YYYY parameter as a date; None when empty; a 422 when it is no real date."""
    if not value:
        return None
    try:
        if "." in value:
            day, month, year = (int(part) for part in value.split("."))
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ParamError(f"{name}: not a valid date (YYYY-MM-DD or DD.MM.YYYY)", name) from exc


class ParamError(HTTPException):
    """A parameter passed type validation but is still unusable: a 422 with a message."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(status_code=422, detail=message)
        self.field = field


@dataclass(frozen=True)
class SearchParams:
    """Validated search parameters, shared by the API, the feed and the web page."""

    q: str = ""
    regions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = limits.DEFAULT_PAGE_SIZE
    best_practice: bool | None = None
    with_documents: bool | None = None
    municipalities: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    collapse: bool = True  # a story shown once (indexer.collapse); false: every publication

    def to_query(self, *, facets: bool = True) -> SearchQuery:
        """The backend query for this page; an empty query text can only be sorted by date."""
        sort = self.sort if self.q.strip() else "date"
        return SearchQuery(
            text=self.q, regions=self.regions, sources=self.sources, since=self.since,
            until=self.until, best_practice=self.best_practice, sort=sort,
            offset=(self.page - 1) * self.size, limit=self.size, facets=facets,
            with_documents=self.with_documents, municipalities=self.municipalities,
            topics=self.topics,
        )

    def filters(self) -> dict[str, object]:
        """The query and filters alone (no paging), as stored by a saved search."""
        return {
            "q": self.q, "region": list(self.regions), "source": list(self.sources),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "best_practice": self.best_practice, "with_documents": self.with_documents,
            "municipality": list(self.municipalities), "topic": list(self.topics),
        }


def _clean_values(name: str, values: list[str] | None) -> tuple[str, ...]:
    cleaned: list[str] = []
    for value in values or []:
        value = value.strip()
        if not value:
            continue  # an empty <select> option means "any", not "the empty region"
        if len(value) > limits.MAX_FILTER_CHARS:
            raise ParamError(f"{name}: value longer than {limits.MAX_FILTER_CHARS} characters", name)
        if value not in cleaned:
            cleaned.append(value)
    if len(cleaned) > limits.MAX_FILTER_VALUES:
        raise ParamError(f"{name}: at most {limits.MAX_FILTER_VALUES} values", name)
    return tuple(cleaned)


def build_params(
    q: str = "", region: list[str] | None = None, source: list[str] | None = None,
    since: date | None = None, until: date | None = None, sort: str = "relevance",
    page: int = 1, size: int = limits.DEFAULT_PAGE_SIZE, best_practice: bool | None = None,
    with_documents: bool | None = None, *, municipality: list[str] | None = None,
    topic: list[str] | None = None, collapse: bool = True,
) -> SearchParams:
    """Check the cross-field rules that types alone cannot express."""
    if len(q) > limits.MAX_QUERY_CHARS:
        raise ParamError(f"q: longer than {limits.MAX_QUERY_CHARS} characters", "q")
    if "\x00" in q:
        raise ParamError("q: contains a NUL character", "q")
    if sort not in ("relevance", "date"):
        raise ParamError("sort: must be 'relevance' or 'date'", "sort")
    if since and until and since > until:
        raise ParamError("since: must not be after until", "since")
    if page < 1 or not 1 <= size <= limits.MAX_PAGE_SIZE:
        raise ParamError(f"page must be >= 1 and size between 1 and {limits.MAX_PAGE_SIZE}", "page")
    if page * size > limits.MAX_RESULT_WINDOW:
        raise ParamError(
            f"page: results deeper than {limits.MAX_RESULT_WINDOW} are not served; narrow the query",
            "page",
        )
    return SearchParams(
        q=q.strip(), regions=_clean_values("region", region), sources=_clean_values("source", source),
        since=since, until=until, sort=sort, page=page, size=size, best_practice=best_practice,
        with_documents=with_documents, municipalities=_clean_values("municipality", municipality),
        topics=_clean_values("topic", topic), collapse=collapse,
    )


async def search_params(
    q: Annotated[str, Query(max_length=limits.MAX_QUERY_CHARS, description=(
        'Query: words (all must match), "phrases", -exclusion, OR, prefix*'))] = "",
    region: Annotated[list[str] | None, Query(
        description="Region filter; repeat for several")] = None,
    source: Annotated[list[str] | None, Query(
        description="Source id filter; repeat for several")] = None,
    since: Annotated[str, Query(pattern=DATE_PATTERN,
                                description="Published on or after (YYYY-MM-DD or DD.MM.YYYY)")] = "",
    until: Annotated[str, Query(pattern=DATE_PATTERN,
                                description="Published on or before (YYYY-MM-DD or DD.MM.YYYY)")] = "",
    sort: Annotated[Sort, Query(description="relevance (default) or date (newest first)")] = (
        "relevance"),
    page: Annotated[int, Query(ge=1, le=limits.MAX_RESULT_WINDOW,
                               description="Page number from 1")] = 1,
    size: Annotated[int, Query(ge=1, le=limits.MAX_PAGE_SIZE,
                               description="Hits per page")] = limits.DEFAULT_PAGE_SIZE,
    best_practice: Annotated[bool | None, Query(
        description="true: only best-practice articles; false: only the others")] = None,
    with_documents: Annotated[bool | None, Query(
        description="true: only articles with an attached document whose text was extracted; "
                    "false: only the others")] = None,
    municipality: Annotated[list[str] | None, Query(
        description="Municipality filter, its name in the nominative as the facet shows it "
                    "(«Чайковский городской округ»); repeat for several")] = None,
    topic: Annotated[list[str] | None, Query(
        description="Practice topic filter («Инициативное бюджетирование»); repeat for several")] = None,
    collapse: Annotated[bool, Query(
        description="true (default): a story republished by several sites is one hit, its "
                    "earliest publication, with story_others; false: every publication")] = True,
) -> SearchParams:
    """FastAPI dependency: query-string parameters of a search, validated."""
    # async (pure CPU, microseconds): FastAPI would hand a sync dependency to a worker thread.
    return build_params(q, region, source, parse_date("since", since), parse_date("until", until),
                        sort, page, size, best_practice, with_documents, municipality=municipality,
                        topic=topic, collapse=collapse)


class Hit(BaseModel):
    id: str
    title: str
    url: str
    source: str = Field(description="Source id")
    source_name: str
    region: str
    published_at: str | None = Field(description="ISO 8601 with offset, when known")
    snippet: str = Field(description="HTML: text escaped, matched words in <mark>")
    title_html: str = Field("", description="The title as HTML: escaped, matched words in <mark>")
    best_practice: bool = False
    matched_document: str | None = Field(None, description=(
        "Set when the words were found only in an attached document: its title; the snippet "
        "is then from that document"))
    story_id: str = Field("", description="The story it belongs to (the id of its first article)")
    story_others: int = Field(0, description="Other publications of the same story (reposts)")
    topics: list[str] = Field(default_factory=list, description="Practice topics of the article")


class SearchResult(BaseModel):
    total: int
    page: int
    size: int
    pages: int = Field(description="Pages reachable by paging (bounded by the result window)")
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = Field(
        description="facet (region, source, year, municipality, topic) -> value -> count of articles")
    stories: int | None = Field(None, description=(
        "Distinct stories in the result when known (hits fold reposts; total counts articles)"))
    notices: list[str] = Field(default_factory=list, description=(
        "What the query language ignored or reinterpreted, in Russian (an unbalanced quote, "
        "a prefix shorter than 3 letters, an unknown field: …)"))
    suggestion: str | None = Field(None, description=(
        "«Возможно, вы имели в виду»: the query with words the index does not know corrected, "
        "when it found almost nothing"))


class AttachmentOut(BaseModel):
    url: str
    title: str
    kind: str = Field(description="pdf, docx, doc, odt, rtf, xlsx, ods")
    status: str = Field(description="ok, no-text (a scan), not-extracted, error")
    error: str | None = Field(description="Why, when status is error")
    size: int = Field(description="Bytes")
    pages: int | None
    text_chars: int = Field(description="Characters of extracted text (searched, not sent)")


class MunicipalityOut(BaseModel):
    name: str = Field(description="In the nominative: «Чайковский городской округ»")
    type: str = Field(description="муниципальный район, городской округ, сельское поселение, город…")
    region: str


class StoryMemberOut(BaseModel):
    id: str
    url: str
    title: str
    source: str
    source_name: str
    region: str
    published_at: str | None


class ArticleOut(BaseModel):
    id: str
    url: str
    title: str
    text: str
    lead: str
    source: str
    source_name: str
    region: str
    published_at: str | None
    author: str | None
    images: list[str]
    fetched_at: str
    best_practice: bool
    attachments: list[AttachmentOut] = Field(default_factory=list)
    municipalities: list[MunicipalityOut] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    story_id: str = ""
    story: list[StoryMemberOut] = Field(default_factory=list, description=(
        "The other publications of its story, earliest first"))


class LastCrawl(BaseModel):
    status: str
    started_at: str
    finished_at: str | None
    pages_fetched: int
    articles_new: int
    articles_updated: int
    message: str


class SourceOut(BaseModel):
    id: str
    name: str
    region: str
    enabled: bool
    articles: int
    last_crawl: LastCrawl | None


class ErrorBody(BaseModel):
    ok: bool = False
    error: str
    errors: list[str]
    status: int


class Health(BaseModel):
    ok: bool
    backend: str
    articles: int


class SubscriptionIn(BaseModel):
    name: str = Field(min_length=1, max_length=limits.MAX_SUBSCRIPTION_NAME)
    q: str = Field("", max_length=limits.MAX_QUERY_CHARS)
    region: list[str] = Field(default_factory=list, max_length=limits.MAX_FILTER_VALUES)
    source: list[str] = Field(default_factory=list, max_length=limits.MAX_FILTER_VALUES)
    # strict: an ISO date string only (lax parsing would read a number as a Unix time)
    since: date | None = Field(None, strict=True)
    until: date | None = Field(None, strict=True)
    best_practice: bool | None = Field(None, strict=True)
    with_documents: bool | None = Field(None, strict=True)
    municipality: list[str] = Field(default_factory=list, max_length=limits.MAX_FILTER_VALUES)
    topic: list[str] = Field(default_factory=list, max_length=limits.MAX_FILTER_VALUES)

    def params(self) -> SearchParams:
        return build_params(self.q, self.region, self.source, self.since, self.until, "date",
                            best_practice=self.best_practice, with_documents=self.with_documents,
                            municipality=self.municipality, topic=self.topic)


class SubscriptionOut(BaseModel):
    id: str
    name: str
    q: str
    region: list[str]
    source: list[str]
    since: str | None
    until: str | None
    best_practice: bool | None = None
    with_documents: bool | None = None
    municipality: list[str] = Field(default_factory=list)
    topic: list[str] = Field(default_factory=list)
    created_at: str
    last_visit_at: str | None
    feed_url: str
    new_count: int | None = Field(None, description="Matches first seen since the last visit")
    new_hits: list[Hit] | None = None
