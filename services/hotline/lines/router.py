"""Line memberships and duty: supervisors staff the lines, agents clock on
and off themselves."""

from fastapi import APIRouter
from sqlalchemy import select

from services.hotline.lines.errors import OnlyOwnDuty
from services.hotline.lines.schemas import LineAgentRead, LineAgentUpdate
from services.hotline.lines.service import line_member, set_membership
from shared.auth.dependencies import CurrentStaff
from shared.db import SessionDep
from shared.models.hotline import HotlineAgentLine, HotlineLine
from shared.roles import Role

router = APIRouter(prefix="/lines", tags=["lines"])


@router.get("", response_model=list[LineAgentRead])
async def list_line_agents(session: SessionDep, _: CurrentStaff) -> list[LineAgentRead]:
    rows = await session.scalars(
        select(HotlineAgentLine).order_by(
            HotlineAgentLine.line, HotlineAgentLine.staff_id
        )
    )
    return [LineAgentRead.model_validate(row) for row in rows]


@router.put("/{line}/agents/{staff_id}", response_model=LineAgentRead)
async def put_line_agent(
    line: HotlineLine,
    staff_id: int,
    body: LineAgentUpdate,
    session: SessionDep,
    staff: CurrentStaff,
) -> LineAgentRead:
    """Add an agent to a line or set whether they are on duty. Supervisors do
    both; an agent already on the line may only change their own duty."""
    if not staff.has_role(Role.SUPERVISOR) and (
        staff.id != staff_id or await line_member(session, line, staff_id) is None
    ):
        raise OnlyOwnDuty()

    member = await set_membership(
        session, staff.branch_id, line, staff_id, body.on_duty
    )
    return LineAgentRead.model_validate(member)
