"""Daily visit plans: a manager's plan for a day, and swapping a proposal."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.days import branch_today
from services.visits.plans.schemas import PlanEntryRead, PlanRead, SwapCreate
from services.visits.plans.service import ensure_plans, manager_plan, swap_entry
from shared.auth.dependencies import require_roles
from shared.db import SessionDep
from shared.errors import Forbidden
from shared.models.org import Staff
from shared.models.visits import VisitPlanEntry
from shared.roles import Role
from shared.scoping import get_or_404

router = APIRouter(prefix="/plans", tags=["plans"])

ManagerOrSupervisor = Annotated[
    Staff, Depends(require_roles(Role.CLIENT_MANAGER, Role.SUPERVISOR))
]


async def _whose(session: AsyncSession, staff: Staff, manager_id: int | None) -> int:
    if manager_id is None or manager_id == staff.id:
        return staff.id
    if not staff.has_role(Role.SUPERVISOR):
        raise Forbidden("Only supervisors may see another manager's plan.")

    # Another branch's manager is not found, as any record of another branch.
    manager = await get_or_404(session, Staff, manager_id, "Staff member")
    return manager.id


@router.get("/today", response_model=PlanRead)
async def todays_plan(
    session: SessionDep,
    staff: ManagerOrSupervisor,
    manager_id: Annotated[int | None, Query(description="Default: yourself.")] = None,
) -> PlanRead:
    """Today's plan (the branch's local day), made now if the morning job has
    not made it yet."""
    today = await branch_today(session, staff.branch_id)
    await ensure_plans(session, staff.branch_id, today)
    return await manager_plan(
        session, staff.branch_id, await _whose(session, staff, manager_id), today
    )


@router.get("/{day}", response_model=PlanRead)
async def plan_of_day(
    day: date,
    session: SessionDep,
    staff: ManagerOrSupervisor,
    manager_id: Annotated[int | None, Query(description="Default: yourself.")] = None,
) -> PlanRead:
    """A day's plan as it was made; a day without one shows no entries."""
    manager = await _whose(session, staff, manager_id)
    return await manager_plan(session, staff.branch_id, manager, day)


@router.post("/entries/{entry_id}/swap", response_model=PlanEntryRead, status_code=201)
async def swap_plan_entry(
    entry_id: int, body: SwapCreate, session: SessionDep, staff: ManagerOrSupervisor
) -> PlanEntryRead:
    """Visit another client instead of a proposed one; the reason is kept."""
    entry = await get_or_404(session, VisitPlanEntry, entry_id, "Plan entry")
    replacement = await swap_entry(session, entry, staff, body.client_id, body.reason)
    plan = await manager_plan(session, entry.branch_id, entry.manager_id, entry.day)
    return next(item for item in plan.entries if item.id == replacement.id)
