"""The branch's calendar overrides. Included by each service whose rules
follow the trading calendar (visit quotas, advisory deadlines)."""

from typing import Annotated

from fastapi import APIRouter, Depends

from shared.auth.dependencies import CurrentStaff, require_roles
from shared.business_days import refuse_past_day
from shared.calendar_overrides.schemas import (
    CalendarOverrideCreate,
    CalendarOverrideRead,
)
from shared.calendar_overrides.service import (
    add_override,
    list_overrides,
    remove_override,
)
from shared.db import SessionDep
from shared.models.org import Staff
from shared.roles import Role

router = APIRouter(prefix="/calendar/overrides", tags=["calendar"])

Supervisor = Annotated[Staff, Depends(require_roles(Role.SUPERVISOR))]


@router.get("", response_model=list[CalendarOverrideRead])
async def list_calendar_overrides(
    session: SessionDep, staff: CurrentStaff
) -> list[CalendarOverrideRead]:
    """The branch's own overrides and those for every branch, by day."""
    overrides = await list_overrides(session, staff.branch_id)
    return [CalendarOverrideRead.model_validate(row) for row in overrides]


@router.post("", response_model=CalendarOverrideRead, status_code=201)
async def add_calendar_override(
    body: CalendarOverrideCreate, session: SessionDep, supervisor: Supervisor
) -> CalendarOverrideRead:
    """Close the branch on a trading day, or open it on a day the exchange
    calendar has closed (a make-up working day), today or later."""
    await refuse_past_day(session, supervisor.branch_id, body.day, ("body", "day"))
    override = await add_override(
        session,
        supervisor.branch_id,
        day=body.day,
        is_working_day=body.is_working_day,
        reason=body.reason,
    )
    return CalendarOverrideRead.model_validate(override)


@router.delete("/{override_id}", status_code=204)
async def remove_calendar_override(
    override_id: int, session: SessionDep, supervisor: Supervisor
) -> None:
    """Withdraw an override of today or a later day; past days stay as worked."""
    await remove_override(session, supervisor.branch_id, override_id)
