"""Login and the caller's own profile, served by every service under /auth
and by the all-in-one server under /api/auth."""

import math
from datetime import datetime, timedelta
from typing import Annotated

import structlog
from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import and_, case, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth.dependencies import CurrentStaff
from shared.auth.passwords import verify_password
from shared.auth.tokens import issue_token
from shared.db import SessionDep
from shared.errors import NotAuthenticated, problem_response
from shared.models.org import Branch, LoginThrottle, Staff
from shared.roles import Role
from shared.schemas import Schema
from shared.settings import get_settings

router = APIRouter(tags=["auth"])
log = structlog.get_logger(__name__)

WRONG_CREDENTIALS = "Wrong username or password."

# Password guessing: after this many attempts on one account within the
# window that fail, further attempts are refused for the lock time.
MAX_FAILED_ATTEMPTS = 5
ATTEMPT_WINDOW = timedelta(minutes=15)
LOCK_TIME = timedelta(minutes=15)

Username = Annotated[str, Form(min_length=1, max_length=64, pattern=r"^[\w.@-]+$")]
Password = Annotated[str, Form(min_length=1, max_length=256)]


class TokenRead(Schema):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")


class MeRead(Schema):
    id: int
    username: str
    full_name: str
    roles: list[Role]
    branch_id: int
    branch_name: str
    branch_timezone: str = Field(
        description="The branch's IANA time zone: business days and times "
        "are shown in it, whatever the viewer's device says."
    )
    is_head_office: bool
    adviser_qualification_no: str | None


async def _count_attempt(
    session: AsyncSession, staff_id: int
) -> tuple[int, datetime | None, datetime]:
    """Count one login attempt on the account, before its password is checked.

    Returns the attempts in the current window, the end of any lock and the
    database's now. Counting first, in one atomic upsert, means parallel
    guesses cannot slip past the limit together; a successful login then
    clears the count. A window starts with its first attempt and ends after
    ATTEMPT_WINDOW, but never while a lock is still running.
    """
    now = func.now()
    table = LoginThrottle.__table__.c
    window_over = and_(
        table.window_started_at <= now - ATTEMPT_WINDOW,
        or_(table.locked_until.is_(None), table.locked_until <= now),
    )
    attempts = table.attempts + 1
    statement = (
        insert(LoginThrottle)
        .values(staff_id=staff_id, attempts=1, window_started_at=now)
        .on_conflict_do_update(
            index_elements=[LoginThrottle.staff_id],
            set_={
                "attempts": case((window_over, 1), else_=attempts),
                "window_started_at": case(
                    (window_over, now), else_=table.window_started_at
                ),
                # The lock starts with the attempt that reaches the limit; if
                # that one succeeds, the whole row is cleared.
                "locked_until": case(
                    (window_over, None),
                    (attempts == MAX_FAILED_ATTEMPTS, now + LOCK_TIME),
                    else_=table.locked_until,
                ),
            },
        )
        .returning(LoginThrottle.attempts, LoginThrottle.locked_until, now)
    )
    row = (await session.execute(statement)).one()
    return row[0], row[1], row[2]


def _refused(request: Request, retry_after: int | None = None) -> JSONResponse:
    # Returned rather than raised: a raised error rolls the request's
    # transaction back, and with it the attempt just counted. The body is the
    # one every wrong password gets, so a locked account reads the same.
    headers = {"WWW-Authenticate": "Bearer"}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return problem_response(
        request,
        status=NotAuthenticated.status,
        slug=NotAuthenticated.slug,
        title=NotAuthenticated.title,
        detail=WRONG_CREDENTIALS,
        headers=headers,
    )


@router.post(
    "/token",
    response_model=TokenRead,
    responses={401: {"description": "Wrong username or password, or locked."}},
)
async def login(
    request: Request, session: SessionDep, username: Username, password: Password
) -> TokenRead | JSONResponse:
    """Exchange a username and password (OAuth2 password form) for a bearer token.

    A wrong username and a wrong password get the same answer, in the same time.
    The username is not case-sensitive. After 5 failed attempts on an account
    within 15 minutes, its logins are refused for 15 minutes with the same 401
    and a `Retry-After` header (seconds), even with the right password.
    """
    lowered = username.lower()
    staff = await session.scalar(
        select(Staff)
        .where(func.lower(Staff.username) == lowered)
        # An exact match first, should an account from before usernames were
        # stored in lower case differ from another only in case.
        .order_by((Staff.username == lowered).desc(), Staff.id)
        .limit(1)
    )
    if staff is None:
        await verify_password(None, password)
        log.info("auth.login_refused")
        return _refused(request)

    attempts, locked_until, now = await _count_attempt(session, staff.id)
    # Checked even when locked, so a locked account answers in the same time.
    valid = await verify_password(staff.password_hash, password)
    if attempts > MAX_FAILED_ATTEMPTS and locked_until is not None:
        retry_after = max(1, math.ceil((locked_until - now).total_seconds()))
        log.warning("auth.login_throttled", staff_id=staff.id, retry_after=retry_after)
        return _refused(request, retry_after)

    if not valid or not staff.is_active:
        log.info("auth.login_refused", staff_id=staff.id, attempts=attempts)
        return _refused(request)

    await session.execute(
        delete(LoginThrottle).where(LoginThrottle.staff_id == staff.id)
    )
    log.info("auth.login", staff_id=staff.id, branch_id=staff.branch_id)
    issued = issue_token(staff.id, staff.branch_id, get_settings())
    return TokenRead(access_token=issued.access_token, expires_in=issued.expires_in)


@router.post("/refresh", response_model=TokenRead)
async def refresh(staff: CurrentStaff) -> TokenRead:
    """Trade a still-valid token for a fresh one, so an active session goes on."""
    issued = issue_token(staff.id, staff.branch_id, get_settings())
    return TokenRead(access_token=issued.access_token, expires_in=issued.expires_in)


@router.get("/me", response_model=MeRead)
async def me(staff: CurrentStaff, session: SessionDep) -> MeRead:
    branch = await session.get(Branch, staff.branch_id)
    assert branch is not None
    return MeRead(
        id=staff.id,
        username=staff.username,
        full_name=staff.full_name,
        roles=staff.roles,
        branch_id=staff.branch_id,
        branch_name=branch.name,
        branch_timezone=branch.timezone,
        is_head_office=staff.is_head_office,
        adviser_qualification_no=staff.adviser_qualification_no,
    )
