"""Structured logs: an event name plus fields, JSON in production.

Log ids, counts, durations and states; never names, phone numbers, ID numbers,
account numbers or free text a client said.
"""

import logging
import sys
import time
import uuid

import structlog
from sqlalchemy.exc import DBAPIError
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import problem_response
from shared.settings import Settings

REQUEST_ID_HEADER = "x-request-id"


def configure_logging(settings: Settings) -> None:
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if settings.log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(settings.log_level.upper(), logging.INFO)
        ),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        # Not cached, so reconfiguring (tests capturing logs) reaches every logger.
        cache_logger_on_first_use=False,
    )


class RequestContextMiddleware:
    """Binds a request id to every log line of a request, logs its outcome, and
    turns an unhandled exception into a problem+json 500 that names the id."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service
        self.log = structlog.get_logger("branchdesk.request")

    def _log_failure(self, exc: Exception, scope: Scope) -> None:
        if isinstance(exc, DBAPIError):
            # The driver's message quotes the row it refused ("Key (phone)=
            # (138...)"): log what identifies the fault, not the data.
            self.log.error(
                "request.failed",
                method=scope["method"],
                path=scope["path"],
                error=type(exc.orig).__name__ if exc.orig else type(exc).__name__,
                sqlstate=getattr(exc.orig, "sqlstate", None),
                statement=(exc.statement or "")[:300],
            )
            return

        self.log.exception("request.failed", method=scope["method"], path=scope["path"])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        headers = dict(scope.get("headers") or [])
        raw_id = headers.get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = (
            raw_id[:64] if raw_id.isprintable() and raw_id else uuid.uuid4().hex
        )
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            request_id=request_id, service=self.service
        )
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message.setdefault("headers", [])
                message["headers"].append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            self._log_failure(exc, scope)
            if response_started:
                raise
            response = problem_response(
                Request(scope),
                status=500,
                slug="internal-error",
                title="Internal error",
                detail="The server failed to handle this request; quote the "
                f"request id {request_id} when reporting it.",
                request_id=request_id,
            )
            await response(scope, receive, send_with_id)
        finally:
            self.log.info(
                "request.finished",
                method=scope["method"],
                path=scope["path"],
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )
