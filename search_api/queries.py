"""Helpers shared by the JSON API and the web page: paging, feeds, «new since the last visit»."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request, Response

from search_api import limits
from search_api.feed import ATOM_TYPE, build_feed
from search_api.hosts import HostPolicy
from search_api.schemas import SearchParams, search_params
from search_api.service import SearchService
from search_api.templating import query_string

if TYPE_CHECKING:
    from indexer.documents import SearchHit
    from search_api.subscriptions import Subscription


async def service_of(request: Request) -> SearchService:
    """FastAPI dependency: the app's :class:`SearchService`."""
    # async so FastAPI runs it on the event loop: a sync dependency costs a thread hop per request.
    return request.app.state.service  # type: ignore[no-any-return]


#: Route parameter types: the service and validated search parameters, injected.
Service = Annotated[SearchService, Depends(service_of)]
Params = Annotated[SearchParams, Depends(search_params)]


def page_count(total: int, size: int) -> int:
    """Pages a client can reach: bounded by the result window, not only by the total (the
    last page offered must itself pass the page * size <= window check)."""
    return max(0, min(-(-total // size), limits.MAX_RESULT_WINDOW // size))


def base_url(request: Request) -> str:
    """The base of absolute links, without a trailing slash: MUNEWS_PUBLIC_URL, else the
    request's Host when trusted (MUNEWS_TRUSTED_HOSTS), else "" (links relative to the root).
    Never an untrusted Host: see :mod:`search_api.hosts`."""
    policy: HostPolicy = request.app.state.host_policy
    return policy.base_url(request.scope)


def params_query(params: SearchParams, **extra: object) -> str:
    """The query string that reproduces these search parameters (page and size left out)."""
    filters = params.filters()
    flag, documents = filters["best_practice"], filters["with_documents"]
    values = {"q": filters["q"], "region": filters["region"], "source": filters["source"],
              "since": filters["since"], "until": filters["until"],
              "best_practice": None if flag is None else str(flag).lower(),
              "with_documents": None if documents is None else str(documents).lower(),
              "municipality": filters["municipality"], "topic": filters["topic"]}
    if not params.collapse:
        values["collapse"] = "false"
    values.update(extra)
    return query_string(values)


def feed_bytes(
    service: SearchService, request: Request, params: SearchParams, *, title: str,
    feed_id: str, self_path: str, html_path: str,
) -> bytes:
    """The Atom feed of the newest matches of `params`."""
    newest = replace(params, sort="date", page=1, size=limits.FEED_ENTRIES)
    page = service.search(newest, facets=False)
    base = base_url(request)
    return build_feed(
        page.hits, title=title, feed_id=feed_id, self_url=base + self_path,
        html_url=base + html_path, article_url=base + "/articles/{id}",
        attachments=service.attachments([hit.id for hit in page.hits]),
    )


def new_since_visit(
    service: SearchService, subscription: Subscription, window: int = limits.NEW_SINCE_WINDOW
) -> tuple[int, list[SearchHit]]:
    """Matches of a saved search first seen after its last visit, among its `window` newest
    matches: (count, hits)."""
    params = subscription.params(page=1, size=min(window, limits.MAX_PAGE_SIZE))
    hits: list[SearchHit] = []
    page_no = 1
    while page_no * params.size <= window:
        page = service.search(replace(params, page=page_no), facets=False)
        hits += page.hits
        if len(page.hits) < params.size:
            break
        page_no += 1
    seen = service.first_seen([hit.id for hit in hits])
    new = [hit for hit in hits if hit.id in seen and subscription.is_new(*seen[hit.id])]
    return len(new), new


def atom_response(request: Request, body: bytes) -> Response:
    """The feed with an ETag; a reader polling with If-None-Match gets a bodiless 304."""
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=ATOM_TYPE, headers=headers)
