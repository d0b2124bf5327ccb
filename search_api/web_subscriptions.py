"""Saved searches on the web page: list, create (from the search form), view, mark seen, delete.

Plain HTML forms, no JavaScript. Writes answer with a 303 redirect (post/redirect/get). When a
token is configured the forms carry it in a password field, since a browser form cannot set
an Authorization header.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any
from urllib.parse import parse_qs

from anyio import to_thread
from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from search_api import limits
from search_api.queries import Service, new_since_visit, params_query
from search_api.schemas import ParamError, build_params
from search_api.security import bearer, token_ok
from search_api.service import SearchService
from search_api.subscriptions import Subscription
from search_api.templating import templates

router = APIRouter(include_in_schema=False)

#: Largest form body read: a saved search is a name, a query and a few filters (~1 KB).
MAX_FORM_BYTES = 16_384
SubId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


async def _form(request: Request) -> dict[str, list[str]]:
    """The urlencoded form body, size-limited, checked against the write token."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, "form too large")
    try:
        form = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=200)
    except (UnicodeDecodeError, ValueError) as exc:
        raise HTTPException(400, "malformed form") from exc
    presented = _first(form, "token") or bearer(request)
    if not token_ok(request.app.state.config.api_token, presented):
        raise HTTPException(401, "Неверный токен доступа.")
    return form


def _first(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[0].strip()


def _date(form: dict[str, list[str]], key: str) -> date | None:
    value = _first(form, key)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise ParamError(f"{key}: not a date (YYYY-MM-DD)", key) from exc


#: Newest matches checked per saved search on the list page: one backend page each, so the
#: list stays fast with many saved searches; the search's own page looks further back.
LIST_WINDOW = 100


def _view(request: Request, sub: Subscription, service: SearchService,
          window: int = limits.NEW_SINCE_WINDOW) -> dict[str, Any]:
    count, hits = new_since_visit(service, sub, window)
    return {"sub": sub, "new_count": count, "new_hits": hits,
            "search_href": "/" + params_query(sub.params(), sort="date"),
            "feed_href": f"/api/subscriptions/{sub.id}/feed.atom",
            "timezone": request.app.state.config.timezone}


def _list_page(request: Request, service: SearchService, *, unlocked: bool) -> HTMLResponse:
    """The list page; `unlocked` when the request carried the token (or none is set). The ids
    are the secret part of the feed URLs, so without the token the page lists none."""
    subs = [_view(request, sub, service, LIST_WINDOW)
            for sub in request.app.state.subscriptions.list()] if unlocked else []
    context = {"subs": subs, "locked": not unlocked, "regions": service.region_names(),
               "token_required": bool(request.app.state.config.api_token)}
    return templates.TemplateResponse(request, "subscriptions.html", context)


@router.get("/subscriptions", response_class=HTMLResponse)
def subscriptions_page(
    request: Request, service: Service
) -> HTMLResponse:
    unlocked = token_ok(request.app.state.config.api_token, bearer(request))
    return _list_page(request, service, unlocked=unlocked)


@router.post("/subscriptions/list", response_class=HTMLResponse)
async def subscriptions_with_token(request: Request, service: Service) -> HTMLResponse:
    """The list for a browser, which cannot send the header: the token in a form field (401
    when wrong, like the writes). Rendered in a worker thread: it searches per subscription."""
    await _form(request)
    return await to_thread.run_sync(lambda: _list_page(request, service, unlocked=True))


@router.post("/subscriptions")
async def create_subscription(request: Request, service: Service) -> RedirectResponse:
    form = await _form(request)
    name = _first(form, "name")
    if not name or len(name) > limits.MAX_SUBSCRIPTION_NAME:
        raise ParamError(f"Название подписки: от 1 до {limits.MAX_SUBSCRIPTION_NAME} символов", "name")
    params = build_params(
        _first(form, "q"), form.get("region"), form.get("source"), _date(form, "since"),
        _date(form, "until"), "date", best_practice=True if _first(form, "best_practice") else None,
        with_documents=True if _first(form, "with_documents") else None,
        municipality=form.get("municipality"), topic=form.get("topic"),
    )
    # Stored as the registry spells the region, so the saved search matches (the index is exact).
    params = replace(params, regions=service.canonical_regions(params.regions))
    store = request.app.state.subscriptions
    if store.count() >= limits.MAX_SUBSCRIPTIONS:
        raise ParamError(f"Не больше {limits.MAX_SUBSCRIPTIONS} подписок", "name")
    sub = store.create(name, params)
    return RedirectResponse(f"/subscriptions/{sub.id}", status_code=303)


@router.get("/subscriptions/{sub_id}", response_class=HTMLResponse)
def subscription_page(
    request: Request, sub_id: SubId, service: Service
) -> HTMLResponse:
    sub = request.app.state.subscriptions.get(sub_id)
    if sub is None:
        raise HTTPException(404, "Такой подписки нет.")
    context = _view(request, sub, service)
    context["token_required"] = bool(request.app.state.config.api_token)
    return templates.TemplateResponse(request, "subscription.html", context)


@router.post("/subscriptions/{sub_id}/visit")
async def mark_seen(request: Request, sub_id: SubId) -> RedirectResponse:
    await _form(request)
    if not request.app.state.subscriptions.mark_visited(sub_id):
        raise HTTPException(404, "Такой подписки нет.")
    return RedirectResponse(f"/subscriptions/{sub_id}", status_code=303)


@router.post("/subscriptions/{sub_id}/delete")
async def delete(request: Request, sub_id: SubId) -> RedirectResponse:
    await _form(request)
    if not request.app.state.subscriptions.delete(sub_id):
        raise HTTPException(404, "Такой подписки нет.")
    return RedirectResponse("/subscriptions", status_code=303)
