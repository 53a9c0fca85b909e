"""The branch's hotline policy and ticket time limits: read by all, set by
supervisors."""

from typing import Annotated

from fastapi import APIRouter, Depends

from services.hotline.policy.errors import (
    HoursOutOfOrder,
    ResolutionBeforeFirstResponse,
)
from services.hotline.policy.schemas import (
    PolicyRead,
    PolicyUpdate,
    TimeLimitRead,
    TimeLimitUpdate,
)
from services.hotline.policy.service import (
    branch_policy,
    set_time_limit,
    time_limits,
    update_policy,
)
from shared.auth.dependencies import CurrentStaff, require_roles
from shared.db import SessionDep
from shared.models.hotline import HotlineLine, TicketPriority
from shared.models.org import Staff
from shared.roles import Role

router = APIRouter(prefix="/policy", tags=["policy"])

Supervisor = Annotated[Staff, Depends(require_roles(Role.SUPERVISOR))]
HOURS = ("morning_open", "morning_close", "afternoon_open", "afternoon_close")


@router.get("", response_model=PolicyRead)
async def read_policy(session: SessionDep, staff: CurrentStaff) -> PolicyRead:
    return PolicyRead.model_validate(await branch_policy(session, staff.branch_id))


@router.patch("", response_model=PolicyRead)
async def change_policy(
    body: PolicyUpdate, session: SessionDep, supervisor: Supervisor
) -> PolicyRead:
    """Change some of the branch's hotline rules; unnamed fields keep their value."""
    changes = body.model_dump(exclude_none=True)
    current = PolicyRead.model_validate(
        await branch_policy(session, supervisor.branch_id)
    )
    merged = current.model_copy(update=changes)
    hours = [getattr(merged, name) for name in HOURS]
    if not (hours[0] < hours[1] <= hours[2] < hours[3]):
        raise HoursOutOfOrder(next((n for n in HOURS if n in changes), HOURS[0]))

    policy = await update_policy(session, supervisor.branch_id, changes, supervisor.id)
    return PolicyRead.model_validate(policy)


@router.get("/time-limits", response_model=list[TimeLimitRead])
async def list_time_limits(
    session: SessionDep, staff: CurrentStaff
) -> list[TimeLimitRead]:
    limits = await time_limits(session, staff.branch_id)
    return [
        TimeLimitRead(
            line=line,
            priority=priority,
            first_response_minutes=limit.first_response_minutes,
            resolution_minutes=limit.resolution_minutes,
            is_default=limit.is_default,
        )
        for (line, priority), limit in limits.items()
    ]


@router.put("/time-limits/{line}/{priority}", response_model=TimeLimitRead)
async def change_time_limit(
    line: HotlineLine,
    priority: TicketPriority,
    body: TimeLimitUpdate,
    session: SessionDep,
    supervisor: Supervisor,
) -> TimeLimitRead:
    """Set a line's limits for one priority; open tickets keep the deadlines
    they were given."""
    if body.resolution_minutes < body.first_response_minutes:
        raise ResolutionBeforeFirstResponse()

    await set_time_limit(
        session,
        supervisor.branch_id,
        line,
        priority,
        body.first_response_minutes,
        body.resolution_minutes,
    )
    return TimeLimitRead(
        line=line, priority=priority, is_default=False, **body.model_dump()
    )
