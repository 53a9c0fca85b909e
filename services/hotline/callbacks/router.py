"""Callback forms: recorded by callback agents, read by them and supervisors."""

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from services.hotline.callbacks.schemas import CallbackCreate, CallbackRead
from services.hotline.callbacks.service import (
    callback_query,
    count_callbacks,
    record_callback,
)
from shared.auth.dependencies import require_roles
from shared.db import SessionDep
from shared.models.org import Staff
from shared.roles import Role
from shared.schemas import Page

router = APIRouter(prefix="/callbacks", tags=["callbacks"])

CallbackAgent = Annotated[Staff, Depends(require_roles(Role.CALLBACK_AGENT))]
Reader = Annotated[Staff, Depends(require_roles(Role.CALLBACK_AGENT, Role.SUPERVISOR))]


@router.post("", response_model=CallbackRead, status_code=201)
async def log_callback(
    body: CallbackCreate, session: SessionDep, agent: CallbackAgent
) -> CallbackRead:
    """Record a call to an off-site client. The client's own manager may not
    make it, and a client who asked not to be called is refused."""
    callback = await record_callback(session, agent, body, datetime.now(UTC))
    return CallbackRead.model_validate(callback)


@router.get("", response_model=Page[CallbackRead])
async def list_callbacks(
    session: SessionDep,
    staff: Reader,
    day: date | None = None,
    agent_id: int | None = None,
    client_id: int | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[CallbackRead]:
    """Callbacks, newest first. Agents see their own; supervisors everyone's."""
    if not staff.has_role(Role.SUPERVISOR):
        agent_id = staff.id
    query = callback_query(day, agent_id, client_id)
    total = await count_callbacks(session, query)
    rows = await session.scalars(query.limit(limit).offset(offset))
    return Page(
        items=[CallbackRead.model_validate(row) for row in rows],
        total=total,
        limit=limit,
        offset=offset,
    )
