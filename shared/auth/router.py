"""Login and the caller's own profile, served by every service under /auth
and by the all-in-one server under /api/auth."""

from typing import Annotated

import structlog
from fastapi import APIRouter, Form
from pydantic import Field
from sqlalchemy import select

from shared.auth.dependencies import CurrentStaff
from shared.auth.passwords import verify_password
from shared.auth.tokens import issue_token
from shared.db import SessionDep
from shared.errors import NotAuthenticated
from shared.models.org import Branch, Staff
from shared.roles import Role
from shared.schemas import Schema
from shared.settings import get_settings

router = APIRouter(tags=["auth"])
log = structlog.get_logger(__name__)

WRONG_CREDENTIALS = "Wrong username or password."

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
    is_head_office: bool
    adviser_qualification_no: str | None


@router.post("/token", response_model=TokenRead)
async def login(
    session: SessionDep, username: Username, password: Password
) -> TokenRead:
    """Exchange a username and password (OAuth2 password form) for a bearer token.

    A wrong username and a wrong password get the same answer, in the same time.
    """
    staff = await session.scalar(select(Staff).where(Staff.username == username))
    valid = await verify_password(staff.password_hash if staff else None, password)
    if staff is None or not valid or not staff.is_active:
        log.info("auth.login_refused")
        raise NotAuthenticated(WRONG_CREDENTIALS)

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
        is_head_office=staff.is_head_office,
        adviser_qualification_no=staff.adviser_qualification_no,
    )
