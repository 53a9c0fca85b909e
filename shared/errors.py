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

RESERVED_MEMBERS = frozenset({"type", "title", "status", "detail", "instance"})

# Data exceptions a request's values cause (too long, out of range, not
# storable). Others of SQLSTATE class 22, such as division by zero, are faults.
INPUT_DATA_EXCEPTIONS = frozenset(
    {"22000", "22001", "22003", "22007", "22008", "22021", "22P02", "22P05"}
)


class AppError(Exception):
    status = 500
    slug = "internal-error"
    title = "Internal error"

    def __init__(self, detail: str, **extra: Any) -> None:
        clash = RESERVED_MEMBERS & extra.keys()
        if clash:
            # A field like `status` would overwrite the problem's own member;
            # name it for what it is instead (`current_status`).
            raise TypeError(f"problem members cannot be overridden: {sorted(clash)}")

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


# The limits a validation error names, passed on so that a client can say the
# message in the user's language ("at most {max_length} characters").
_LIMITS = (
    "min_length",
    "max_length",
    "ge",
    "gt",
    "le",
    "lt",
    "expected",
    "earliest",
    "latest",
)


def _describe(error: dict[str, Any]) -> dict[str, Any]:
    # Echoing the rejected input back could repeat personal data or a
    # 100,000-character string; the location, message and limits are enough.
    described = field_error(tuple(error.get("loc", ())), error["msg"], error["type"])
    context = error.get("ctx") or {}
    limits = {key: str(context[key]) for key in _LIMITS if key in context}
    if limits:
        described["ctx"] = limits
    return described


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


def _constraint(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "constraint_name", None) or getattr(
        getattr(exc.orig, "__cause__", None), "constraint_name", None
    )


def _sqlstate(exc: DBAPIError) -> str:
    return getattr(exc.orig, "sqlstate", None) or ""


async def handle_database_error(request: Request, exc: Exception) -> JSONResponse:
    """Database refusals that the request caused become 4xx problems.

    - unique violation (23505): two requests raced past a service's own
      duplicate check, and the database kept the first; the second is a 409.
    - data exceptions a value causes (INPUT_DATA_EXCEPTIONS), such as a number
      out of range: a 422. asyncpg reports a parameter it cannot encode as
      22000 before the query is even sent.
    Anything else is a server fault and propagates to the 500 handler. The
    request's transaction is rolled back either way, so nothing is half-written.
    """
    assert isinstance(exc, DBAPIError)
    sqlstate = _sqlstate(exc)
    constraint = _constraint(exc)
    if sqlstate == "23505":
        log.info("request.unique_violation", constraint=constraint)
        return problem_response(
            request,
            status=409,
            slug=Conflict.slug,
            title=Conflict.title,
            detail="The request conflicts with a record that exists already "
            f"(constraint {constraint or 'unknown'}).",
        )
    if sqlstate in INPUT_DATA_EXCEPTIONS:
        log.info("request.value_refused_by_database", sqlstate=sqlstate)
        detail = (
            "A value in the request is out of range or cannot be stored "
            f"(database error {sqlstate})."
        )
        return problem_response(
            request,
            status=422,
            slug=InvalidInput.slug,
            title=InvalidInput.title,
            detail=detail,
        )
    raise exc


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, handle_app_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    app.add_exception_handler(DBAPIError, handle_database_error)
