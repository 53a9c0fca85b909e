"""Errors with a status and a meaning, rendered as RFC 9457 problem+json.

Raise a subclass of `AppError` named for what happened; the handlers here turn
it, request validation failures and unmatched routes into one body shape:

    {"type": "...", "title": "...", "status": 409, "detail": "...",
     "instance": "/api/advisory/sheets/7", "errors": [...], ...extra}
"""

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://branchdesk.dev/problems/"

log = structlog.get_logger(__name__)


class AppError(Exception):
    status = 500
    slug = "internal-error"
    title = "Internal error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class InvalidInput(AppError):
    status = 422
    slug = "invalid-input"
    title = "Invalid input"

    def __init__(self, detail: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail, errors=errors or [])


class NotAuthenticated(AppError):
    status = 401
    slug = "not-authenticated"
    title = "Not authenticated"


class Forbidden(AppError):
    status = 403
    slug = "forbidden"
    title = "Forbidden"


class NotFound(AppError):
    status = 404
    slug = "not-found"
    title = "Not found"


class Conflict(AppError):
    status = 409
    slug = "conflict"
    title = "Conflict"


class PreconditionFailed(AppError):
    status = 412
    slug = "precondition-failed"
    title = "Precondition failed"


class PreconditionRequired(AppError):
    status = 428
    slug = "precondition-required"
    title = "Precondition required"


def field_error(loc: tuple[str | int, ...], msg: str, kind: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": kind}


def public_path(request: Request) -> str:
    """The path as the client sent it: behind a proxy that strips the
    service's prefix, the prefix comes back from root_path."""
    path = request.url.path
    root_path = request.scope.get("root_path", "")
    return path if path.startswith(root_path) else root_path + path


def problem_response(
    request: Request,
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": public_path(request),
        **extra,
    }
    return JSONResponse(
        jsonable_encoder(body),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


async def handle_app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return problem_response(
        request,
        status=exc.status,
        slug=exc.slug,
        title=exc.title,
        detail=exc.detail,
        headers=headers,
        **exc.extra,
    )


def _describe(error: dict[str, Any]) -> dict[str, Any]:
    # Echoing the rejected input back could repeat personal data or a
    # 100,000-character string; the location and message are enough.
    return field_error(tuple(error.get("loc", ())), error["msg"], error["type"])


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_describe(error) for error in exc.errors()]
    where = ", ".join(".".join(str(part) for part in e["loc"]) for e in errors)
    return problem_response(
        request,
        status=422,
        slug=InvalidInput.slug,
        title=InvalidInput.title,
        detail=f"The request has invalid values at: {where}",
        errors=errors,
    )


async def handle_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {404: "Not found", 405: "Method not allowed", 401: "Not authenticated"}
    return problem_response(
        request,
        status=exc.status_code,
        slug=f"http-{exc.status_code}",
        title=titles.get(exc.status_code, "HTTP error"),
        detail=str(exc.detail),
        headers=getattr(exc, "headers", None),
    )


async def handle_database_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DBAPIError)
    # asyncpg's DataError family means the database refused a value the
    # request carried (an encoding it cannot store, a number out of range):
    # that is the client's input, not our fault, so it is a 422.
    sqlstate = getattr(exc.orig, "sqlstate", None) or ""
    if sqlstate.startswith("22"):
        log.info("request.value_refused_by_database", sqlstate=sqlstate)
        return problem_response(
            request,
            status=422,
            slug=InvalidInput.slug,
            title=InvalidInput.title,
            detail="A value in the request cannot be stored (database error "
            f"class {sqlstate}).",
        )
    raise exc


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, handle_app_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    app.add_exception_handler(DBAPIError, handle_database_error)
