"""FastAPI dependencies for the caller: who they are and what they may do."""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

import structlog
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from shared.audit import act_as
from shared.auth.tokens import read_token
from shared.db import SessionDep
from shared.errors import Forbidden, NotAuthenticated
from shared.models.org import Staff
from shared.roles import Role
from shared.scoping import scope_session_to_branch
from shared.settings import get_settings

# tokenUrl is relative to each service's OpenAPI page, served one level below
# /api, so the "Authorize" button of every service's docs finds the login.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="../auth/token", auto_error=False)


async def get_current_staff(
    request: Request,
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Staff:
    if not token:
        raise NotAuthenticated("Sign in first: this needs a bearer access token.")

    staff_id = read_token(token, get_settings())
    staff = await session.get(Staff, staff_id)
    if staff is None or not staff.is_active:
        raise NotAuthenticated("The access token's staff account is not active.")

    scope_session_to_branch(session, None if staff.is_head_office else staff.branch_id)
    act_as(
        session,
        staff_id=staff.id,
        request_id=getattr(request.state, "request_id", None),
    )
    structlog.contextvars.bind_contextvars(staff_id=staff.id, branch_id=staff.branch_id)
    return staff


CurrentStaff = Annotated[Staff, Depends(get_current_staff)]


def require_roles(*roles: Role) -> Callable[..., Coroutine[Any, Any, Staff]]:
    """A dependency that lets through staff holding at least one of `roles`."""
    allowed = ", ".join(role.value for role in roles)

    async def check(staff: CurrentStaff) -> Staff:
        if not staff.has_role(*roles):
            raise Forbidden(f"This needs one of the roles: {allowed}.")
        return staff

    return check
