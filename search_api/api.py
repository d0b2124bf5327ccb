"""The JSON API under `/api/` and `/healthz` (documented at `/docs`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any, TypeVar

from anyio import to_thread
from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response

from search_api import limits
from search_api.queries import (
    Params,
    Service,
    atom_response,
    base_url,
    feed_bytes,
    new_since_visit,
    page_count,
    params_query,
)
from search_api.responses import FastJSONResponse
from search_api.schemas import (
    ArticleOut,
    ErrorBody,
    Health,
    SearchResult,
    SourceOut,
    SubscriptionIn,
    SubscriptionOut,
)
from search_api.security import require_token
from search_api.service import SearchService, article_dict, hit_dict, story_member_dict
from search_api.subscriptions import Subscription

ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "Invalid parameters"},
    429: {"model": ErrorBody, "description": "Rate limit exceeded"},
    503: {"model": ErrorBody, "description": "Search backend unavailable"},
}
#: Ids are hex digests (articles) or url-safe tokens (subscriptions); anything else is a 422.
ItemId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
ATOM_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/atom+xml": {}}, "description": "Atom feed"},
    304: {"description": "Unchanged since the ETag sent in If-None-Match"},
}

T = TypeVar("T")
router = APIRouter(responses=ERRORS)


@router.get("/healthz", response_model=Health, tags=["health"])
def healthz(service: Service) -> dict[str, Any]:
    """Liveness and the number of searchable articles."""
    return {"ok": True, "backend": service.backend.name, "articles": service.backend.count()}


# The two hot routes are async with async dependencies, so a request crosses to a worker
# thread exactly once (for the blocking backend or store call) instead of once per sync
# dependency, route and response validation; they return a prebuilt FastJSONResponse.
async def _in_thread(request: Request, func: Callable[..., T], *args: Any) -> T:
    """`func(*args)` in a worker thread, at most `backend_slots` at a time (FIFO: fair tails)."""
    slots = getattr(request.app.state, "backend_slots", None)
    return await to_thread.run_sync(func, *args, limiter=slots)


@router.get("/api/search", response_model=SearchResult, tags=["search"])
async def search(request: Request, params: Params, service: Service) -> Response:
    """Search articles: query text, filters, sort and paging; facets for the whole result."""
    page = await _in_thread(request, service.search, params)
    return FastJSONResponse({
        "total": page.total, "page": params.page, "size": params.size,
        "pages": page_count(page.total if page.stories is None else page.stories, params.size),
        "hits": [hit_dict(hit) for hit in page.hits], "facets": page.facets, "stories": page.stories,
        "notices": list(page.notices), "suggestion": page.suggestion,
    })


@router.get("/api/articles/{article_id}", response_model=ArticleOut, tags=["search"],
            responses={404: {"model": ErrorBody}})
async def article(request: Request, article_id: ItemId, service: Service) -> Response:
    """One article with its clean text and its attached documents (without their text)."""
    found = await _in_thread(request, service.article_with_story, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    article, story = found
    return FastJSONResponse({**article_dict(article), "story": [story_member_dict(m) for m in story]})


@router.get("/api/sources", response_model=list[SourceOut], tags=["sources"])
def sources(service: Service) -> list[dict[str, Any]]:
    """Every source with its article count and its last crawl."""
    return [
        {"id": s.id, "name": s.name, "region": s.region, "enabled": s.enabled,
         "articles": s.articles, "last_crawl": s.last_crawl}
        for s in service.sources()
    ]


@router.get("/api/feed.atom", response_class=Response, responses=ATOM_RESPONSE, tags=["feeds"])
def feed(
    request: Request, params: Params,
    service: Service,
) -> Response:
    """Atom feed of the newest matches of any query with its filters."""
    key = params_query(params)
    feed_id = "search:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    title = f"munews: {params.q}" if params.q else "munews: новые публикации"
    body = feed_bytes(service, request, params, title=title, feed_id=feed_id,
                      self_path="/api/feed.atom" + key, html_path="/" + key)
    return atom_response(request, body)


def subscription_dict(
    request: Request, sub: Subscription, service: SearchService | None = None
) -> dict[str, Any]:
    """A saved search in the API's shape; with `service`, also what is new since the last visit."""
    data: dict[str, Any] = {
        "id": sub.id, "name": sub.name, "q": sub.filters.get("q") or "",
        "region": sub.filters.get("region") or [], "source": sub.filters.get("source") or [],
        "since": sub.filters.get("since"), "until": sub.filters.get("until"),
        "best_practice": sub.filters.get("best_practice"),
        "with_documents": sub.filters.get("with_documents"),
        "municipality": sub.filters.get("municipality") or [], "topic": sub.filters.get("topic") or [],
        "created_at": sub.created_at, "last_visit_at": sub.last_visit_at,
        "feed_url": f"{base_url(request)}/api/subscriptions/{sub.id}/feed.atom",
    }
    if service is not None:
        count, hits = new_since_visit(service, sub)
        data.update(new_count=count, new_hits=[hit_dict(hit) for hit in hits])
    return data


def _subscription(request: Request, sub_id: str) -> Subscription:
    sub = request.app.state.subscriptions.get(sub_id)
    if sub is None:
        raise HTTPException(404, f"no subscription {sub_id}")
    return sub  # type: ignore[no-any-return]


@router.get("/api/subscriptions", response_model=list[SubscriptionOut], tags=["subscriptions"],
            dependencies=[Depends(require_token)], responses={401: {"model": ErrorBody}})
def list_subscriptions(request: Request) -> list[dict[str, Any]]:
    """Saved searches. Each id is the secret part of its feed URL, so when a token is set the
    list needs `Authorization: Bearer <MUNEWS_API_TOKEN>` like the writes."""
    return [subscription_dict(request, sub) for sub in request.app.state.subscriptions.list()]


@router.post("/api/subscriptions", response_model=SubscriptionOut, status_code=201,
             dependencies=[Depends(require_token)], tags=["subscriptions"],
             responses={400: {"model": ErrorBody, "description": "Body is not JSON"},
                        401: {"model": ErrorBody}})
def create_subscription(request: Request, body: SubscriptionIn, service: Service) -> dict[str, Any]:
    """Save a query with filters under a name; answers with its stable feed URL. Regions are
    stored as the registry spells them, so a saved «курская область» matches."""
    store = request.app.state.subscriptions
    if store.count() >= limits.MAX_SUBSCRIPTIONS:
        raise HTTPException(422, f"at most {limits.MAX_SUBSCRIPTIONS} saved searches")
    params = body.params()
    params = replace(params, regions=service.canonical_regions(params.regions))
    return subscription_dict(request, store.create(body.name.strip(), params))


@router.get("/api/subscriptions/{sub_id}", response_model=SubscriptionOut, tags=["subscriptions"],
            responses={404: {"model": ErrorBody}})
def get_subscription(
    request: Request, sub_id: ItemId, service: Service
) -> dict[str, Any]:
    """A saved search and the matches first seen since its last visit."""
    return subscription_dict(request, _subscription(request, sub_id), service)


@router.post("/api/subscriptions/{sub_id}/visit", response_model=SubscriptionOut,
             dependencies=[Depends(require_token)], tags=["subscriptions"],
             responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}})
def visit_subscription(request: Request, sub_id: ItemId) -> dict[str, Any]:
    """Mark everything seen: later arrivals count as new."""
    if not request.app.state.subscriptions.mark_visited(sub_id):
        raise HTTPException(404, f"no subscription {sub_id}")
    return subscription_dict(request, _subscription(request, sub_id))


@router.delete("/api/subscriptions/{sub_id}", status_code=204, response_class=Response,
               dependencies=[Depends(require_token)], tags=["subscriptions"],
               responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}})
def delete_subscription(request: Request, sub_id: ItemId) -> Response:
    """Delete a saved search (its feed URL then answers 404)."""
    if not request.app.state.subscriptions.delete(sub_id):
        raise HTTPException(404, f"no subscription {sub_id}")
    return Response(status_code=204)


@router.get("/api/subscriptions/{sub_id}/feed.atom", response_class=Response,
            responses={**ATOM_RESPONSE, 404: {"model": ErrorBody}}, tags=["feeds"])
def subscription_feed(
    request: Request, sub_id: ItemId, service: Service
) -> Response:
    """The stable Atom feed of a saved search."""
    sub = _subscription(request, sub_id)
    params = sub.params()
    body = feed_bytes(service, request, params, title=f"munews: {sub.name}",
                      feed_id=f"subscription:{sub.id}",
                      self_path=f"/api/subscriptions/{sub.id}/feed.atom",
                      html_path=f"/subscriptions/{sub.id}")
    return atom_response(request, body)
