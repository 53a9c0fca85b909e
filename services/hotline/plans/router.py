"""The day's callback plan."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends

from services.hotline.plans.schemas import AgentPlan, CallbackPlanRead, PlannedClient
from services.hotline.plans.service import AgentDay, callback_plan
from shared.auth.dependencies import require_roles
from shared.business_days import local_today
from shared.db import SessionDep
from shared.masking import mask_name, mask_phone, may_see_personal_data
from shared.models.org import Branch, Staff
from shared.roles import Role

router = APIRouter(prefix="/callbacks", tags=["callbacks"])

Reader = Annotated[Staff, Depends(require_roles(Role.CALLBACK_AGENT, Role.SUPERVISOR))]


def _agent_plan(agent_day: AgentDay, viewer: Staff) -> AgentPlan:
    visible = may_see_personal_data(viewer)
    return AgentPlan(
        agent_id=agent_day.agent.id,
        agent_name=agent_day.agent.full_name,
        required=agent_day.required,
        done=agent_day.done,
        clients=[
            PlannedClient(
                client_id=c.client.id,
                full_name=c.client.full_name
                if visible
                else mask_name(c.client.full_name),
                phone=c.client.phone if visible else mask_phone(c.client.phone),
                tier=c.client.tier,
                reason="new_account" if c.new_account else "longest_not_reached",
                last_reached_at=c.last_reached_at,
                unreached_in_a_row=c.unreached_in_a_row,
                called_today=c.called_today,
            )
            for c in agent_day.clients
        ],
    )


@router.get("/plan", response_model=CallbackPlanRead)
async def read_plan(
    session: SessionDep, staff: Reader, day: date | None = None
) -> CallbackPlanRead:
    """The day's plan (today, branch time, by default). A callback agent sees
    their own part; a supervisor sees every agent's."""
    if day is None:
        branch = await session.get(Branch, staff.branch_id)
        assert branch is not None
        day = local_today(branch.timezone)

    days = await callback_plan(session, staff.branch_id, day)
    if not staff.has_role(Role.SUPERVISOR):
        days = [agent_day for agent_day in days if agent_day.agent.id == staff.id]
    return CallbackPlanRead(day=day, agents=[_agent_plan(d, staff) for d in days])
