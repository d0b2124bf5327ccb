"""The server-rendered web page in Russian: search, article, «Новое», sources.

No JavaScript: filters are a GET form, facets and pages are links. Everything crawled is
escaped by Jinja; snippets come pre-sanitised (see :mod:`search_api.snippets`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse

from indexer.attached import document_name
from indexer.documents import Article
from search_api import limits, web_digest, web_export, web_subscriptions
from search_api.histogram import month_histogram
from search_api.queries import Params, Service, page_count, params_query
from search_api.schemas import ParamError, SearchParams
from search_api.service import SearchService
from search_api.snippets import http_url
from search_api.templating import query_string, templates

router = APIRouter(include_in_schema=False)
router.include_router(web_subscriptions.router)
router.include_router(web_export.router)
router.include_router(web_digest.router)

#: Items on the «Новое» page: a day's worth across all regions on a busy day.
NEW_PAGE_SIZE = 30
#: «Результатов на странице» choices.
PAGE_SIZES = (10, 20, 50, 100)
#: Date presets of the filters: (label, days back from today).
DATE_PRESETS = (("за неделю", 7), ("за месяц", 30), ("за год", 365))
#: Facet values shown per facet before the list gets too long to scan on a phone.
FACET_VALUES_SHOWN = 15


#: Facets that are filters too: (facet, label on the page, SearchParams field).
_FILTER_FACETS = (("region", "Регион", "regions"), ("source", "Источник", "sources"),
                  ("municipality", "Муниципалитет", "municipalities"), ("topic", "Тема", "topics"))


def _facet_links(
    params: SearchParams, facets: dict[str, dict[str, int]], path: str, names: dict[str, str]
) -> list[dict[str, Any]]:
    """Per facet: values with counts and the link that adds (or removes) that filter."""
    groups = []
    for facet, label, key in _FILTER_FACETS:
        values = sorted(facets.get(facet, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        items = []
        for value, count in values[:FACET_VALUES_SHOWN]:
            chosen = value in getattr(params, key)
            current = list(getattr(params, key))
            changed = tuple(v for v in current if v != value) if chosen else (*current, value)
            link = replace(params, page=1, **{key: changed})  # type: ignore[arg-type]
            items.append({"value": value, "label": names.get(value, value) if facet == "source"
                          else value, "count": count, "selected": chosen,
                          "href": path + params_query(link, sort=_sort_arg(link))})
        if items:
            groups.append({"name": facet, "label": label, "items": items})
    years = sorted(facets.get("year", {}).items(), reverse=True)
    if years:
        groups.append({"name": "year", "label": "Год", "items": [
            _year_item(params, year, count, path) for year, count in years[:FACET_VALUES_SHOWN]]})
    return groups


def _year_item(params: SearchParams, year: str, count: int, path: str) -> dict[str, Any]:
    """A year of the facet: a link to that year, or, when it is the chosen one, to no year."""
    year = year.split(".")[0]  # a numeric facet key may come as "2024.0"
    chosen = (params.since, params.until) == (date(int(year), 1, 1), date(int(year), 12, 31))
    link = (replace(params, page=1, since=None, until=None) if chosen else
            replace(params, page=1, since=date(int(year), 1, 1), until=date(int(year), 12, 31)))
    return {"value": year, "label": year, "count": count, "selected": chosen,
            "href": path + params_query(link, sort=_sort_arg(link))}


def _sort_arg(params: SearchParams) -> str | None:
    return params.sort if params.sort != "relevance" else None


def _pages(params: SearchParams, total: int, path: str) -> dict[str, Any]:
    """Previous/next links and a window of page numbers around the current one."""
    last = page_count(total, params.size)

    def href(number: int) -> str:
        return path + params_query(params, sort=_sort_arg(params), page=number if number > 1 else None)

    window = range(max(1, params.page - 3), min(last, params.page + 3) + 1)
    return {
        "current": params.page, "last": last,
        "prev": href(params.page - 1) if params.page > 1 else None,
        "next": href(params.page + 1) if params.page < last else None,
        "numbers": [{"number": n, "href": href(n)} for n in window],
    }


def _multi_select_facets(service: SearchService, params: SearchParams,
                         facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Counts of a filtered facet as if that one filter were off, so that the other regions
    (sources) stay visible and selectable after choosing one: the usual faceted-search rule."""
    facets = dict(facets)
    for name, _label, key in _FILTER_FACETS:
        if getattr(params, key):
            unfiltered = replace(params, page=1, size=1, **{key: ()})  # type: ignore[arg-type]
            facets[name] = service.search(unfiltered).facets.get(name, {})
    return facets


def _results_context(service: SearchService, params: SearchParams, path: str) -> dict[str, Any]:
    page = service.search(params)
    names = service.source_names()
    facets = _multi_select_facets(service, params, page.facets)
    shown_total = page.total if page.stories is None else page.stories
    pages = _pages(params, shown_total, path)
    return {
        "params": params, "page": page, "source_names": names,
        "facets": _facet_links(params, facets, path, names), "pages": pages,
        "feed_href": "/api/feed.atom" + params_query(params),
        "export_query": params_query(params, sort=_sort_arg(params)),
        "options": {name: sorted(set(facets.get(name, {})) | set(getattr(params, key)))
                    for name, key in (("region", "regions"), ("source", "sources"))},
        "shown": _shown_range(params, len(page.hits), shown_total),
        "beyond": pages["last"] and params.page > pages["last"] and {
            "last": pages["last"], "href": path + params_query(params, sort=_sort_arg(params), page=pages["last"])},
        "histogram": _histogram(params, page.facets.get("month", {}), path),
        "presets": _date_presets(params, path, service.config.timezone),
        "sizes": PAGE_SIZES,
    }


def _shown_range(params: SearchParams, shown: int, total: int) -> dict[str, int] | None:
    """«1–20 из 137»: the positions of this page's results among all of them."""
    if not shown:
        return None
    first = (params.page - 1) * params.size + 1
    return {"first": first, "last": first + shown - 1, "total": total}


def _histogram(params: SearchParams, months: dict[str, int], path: str) -> dict[str, Any] | None:
    drawn = month_histogram(months)
    if drawn is None:
        return None
    links = {bar.month: path + params_query(
        replace(params, page=1, since=date.fromisoformat(bar.since), until=date.fromisoformat(bar.until)),
        sort=_sort_arg(params)) for bar in drawn.bars}
    return {"drawn": drawn, "links": links}


def _date_presets(params: SearchParams, path: str, timezone: str) -> list[dict[str, Any]]:
    """«За неделю», «за месяц», «за год»: since that many days ago in the reader's zone."""
    today = datetime.now(ZoneInfo(timezone)).date()
    found = []
    for label, days in DATE_PRESETS:
        since = today - timedelta(days=days)
        chosen = params.since == since and params.until is None
        link = replace(params, page=1, since=None if chosen else since, until=None)
        found.append({"label": label, "selected": chosen,
                      "href": path + params_query(link, sort=_sort_arg(link))})
    return found


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request, params: Params,
    service: Service,
) -> HTMLResponse:
    context = _results_context(service, params, "/")
    context["token_required"] = bool(request.app.state.config.api_token)
    # An empty store (a first start, or a mistyped MUNEWS_DATA_DIR) is not «no match».
    context["store_empty"] = not context["page"].total and service.article_count() == 0
    context["data_dir"] = str(request.app.state.config.data_dir)
    return templates.TemplateResponse(request, "search.html", context)


@router.get("/new", response_class=HTMLResponse)
def new_page(
    request: Request, params: Params,
    service: Service,
) -> HTMLResponse:
    latest = replace(params, q="", sort="date", size=NEW_PAGE_SIZE)
    if latest.page * latest.size > limits.MAX_RESULT_WINDOW:
        raise ParamError("page: too deep; narrow by region instead", "page")
    context = _results_context(service, latest, "/new")
    return templates.TemplateResponse(request, "new.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request, article_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")],
    service: Service,
) -> HTMLResponse:
    article = service.article(article_id)
    if article is None:
        raise HTTPException(404, "Такой публикации нет в базе.")
    paragraphs = [p.strip() for p in article.text.split("\n") if p.strip()]
    context = {"article": article, "paragraphs": paragraphs, "back_href": _back_href(request),
               "show_lead": bool(article.lead) and not _repeats(article.lead, paragraphs[:1]),
               "source_href": "/" + query_string({"source": article.source_id}),
               "documents": _documents(article), "story": service.story(article)}
    return templates.TemplateResponse(request, "article.html", context)


def _repeats(lead: str, first: list[str]) -> bool:
    """Is the lead the text's first paragraph again (whole, or its beginning)? Then it is
    shown once, in the text."""
    if not first:
        return False
    a, b = (" ".join(x.split()).casefold() for x in (lead, first[0]))
    return a.rstrip(".…") in b or b in a


def _documents(article: Article) -> list[dict[str, Any]]:
    """The «Документы» list: name, link (http(s) only), kind, size, pages, a note."""
    found = []
    for attachment in article.attachments:
        details = [attachment.kind.upper()] if attachment.kind else []
        if attachment.size > 0:
            details.append(_file_size(attachment.size))
        if attachment.pages:
            details.append(f"{attachment.pages} стр.")
        note = None if attachment.status == "ok" else "текст не извлечён" + (
            {"no-text": " (скан без текстового слоя)"}.get(attachment.status, ""))
        found.append({"name": document_name(attachment), "href": http_url(attachment.url),
                      "details": ", ".join(details), "note": note})
    return found


def _file_size(size: int) -> str:
    """«12 КБ», «1,4 МБ»."""
    if size < 1024:
        return f"{size} Б"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} КБ"
    return f"{size / (1024 * 1024):.1f} МБ".replace(".", ",")


def _back_href(request: Request) -> str:
    """«Back to the results» keeps the query: our own list page the reader came from, if any.

    Only a same-host Referer naming one of our list pages is used (never a foreign URL, so the
    link cannot be turned into an open redirect)."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.headers.get("host") and (
            referer.path in ("/", "/new") or referer.path.startswith("/subscriptions")):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


@router.get("/sources", response_class=HTMLResponse)
def sources_page(
    request: Request, service: Service
) -> HTMLResponse:
    context = {"sources": service.sources(), "timezone": service.config.timezone}
    return templates.TemplateResponse(request, "sources.html", context)
