"""One error path: JSON for `/api/…`, an HTML page in Russian for everything else.

Every error body has one shape, ``{"ok": false, "error", "errors": [...], "status"}``
(datasette's ``error_body``). Unexpected exceptions are logged with their traceback and
reach the client only as «internal error», never as a stack trace.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.errors import IndexUnavailable, InvalidQuery
from search_api.templating import templates

logger = logging.getLogger(__name__)

_TITLES = {
    400: "Неверный запрос", 401: "Нужен токен доступа", 403: "Доступ запрещён",
    404: "Страница не найдена", 405: "Метод не поддерживается", 422: "Неверные параметры",
    429: "Слишком много запросов", 500: "Внутренняя ошибка", 503: "Поиск временно недоступен",
}


def wants_json(path: str) -> bool:
    """API and machine endpoints answer errors in JSON; pages answer in HTML."""
    return path.startswith("/api/") or path in ("/api", "/healthz", "/openapi.json")


def error_body(status: int, error: str, errors: list[str] | None = None) -> dict[str, object]:
    return {"ok": False, "error": error, "errors": errors or [error], "status": status}


def error_response(
    request: Request, status: int, error: str, errors: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as JSON or as the HTML error page, depending on the path."""
    if wants_json(request.url.path):
        return JSONResponse(error_body(status, error, errors), status_code=status, headers=headers)
    context = {"status": status, "title": _TITLES.get(status, "Ошибка"), "error": error,
               "errors": errors or []}
    return templates.TemplateResponse(
        request, "error.html", context, status_code=status, headers=headers
    )


#: Parameters and pydantic error types in the words of the Russian page (the JSON API keeps
#: pydantic's English, which clients parse).
_FIELDS_RU = {"q": "запрос", "since": "с даты", "until": "по дату", "page": "страница", "size": "на странице",
              "sort": "порядок", "region": "регион", "source": "источник", "best_practice": "лучшие практики",
              "with_documents": "с документами", "municipality": "муниципалитет", "topic": "тема"}
_TYPES_RU = {
    "string_pattern_mismatch": "неверный формат", "int_parsing": "нужно целое число",
    "greater_than_equal": "слишком маленькое значение", "less_than_equal": "слишком большое значение",
    "bool_parsing": "нужно «да» или «нет»", "literal_error": "недопустимое значение",
    "string_too_long": "слишком длинное значение", "enum": "недопустимое значение",
}
_DATE_HINT = " (дата как 31.12.2024 или 2024-12-31)"


def _validation_messages(exc: RequestValidationError, russian: bool = False) -> list[str]:
    messages = []
    for item in exc.errors():
        parts = [str(part) for part in item.get("loc", ()) if part not in ("query", "body")]
        where = ".".join(parts)
        if russian:
            what = _TYPES_RU.get(str(item.get("type")), "неверное значение")
            if parts and parts[-1] in ("since", "until"):
                what += _DATE_HINT
            name = _FIELDS_RU.get(parts[-1], where) if parts else ""
            messages.append(f"{name}: {what}" if name else what)
        else:
            messages.append(f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg")))
    return messages


#: Starlette's own English details, said in Russian on pages.
_DETAILS_RU = {"Not Found": "Такой страницы нет: проверьте адрес или начните с поиска.",
               "Method Not Allowed": "Этот адрес так не открывается."}


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "error")
    if not wants_json(request.url.path):
        detail = _DETAILS_RU.get(detail, detail)
    return error_response(request, exc.status_code, detail, headers=getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    messages = _validation_messages(exc, russian=not wants_json(request.url.path))
    return error_response(request, 422, messages[0] if messages else "invalid request", messages)


async def _invalid_query(request: Request, exc: InvalidQuery) -> Response:
    return error_response(request, 422, str(exc) or "invalid query")


async def _unavailable(request: Request, exc: IndexUnavailable) -> Response:
    logger.error("search backend unavailable on %s: %s", request.url.path, exc)
    return error_response(request, 503, "search backend unavailable", headers={"Retry-After": "30"})


async def _unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(request, 500, "internal error")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through :func:`error_response`."""
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(InvalidQuery, _invalid_query)  # type: ignore[arg-type]
    app.add_exception_handler(IndexUnavailable, _unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
