"""Visit and patrol forms: filled by client managers, corrected by appending."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from services.visits.days import branch_today
from services.visits.forms.schemas import (
    PatrolCreate,
    PatrolRead,
    VisitCreate,
    VisitRead,
)
from services.visits.forms.service import (
    correct_patrol,
    correct_visit,
    current_ids,
    list_current,
    record_patrol,
    record_visit,
    versions_of,
)
from shared.auth.dependencies import require_roles
from shared.db import SessionDep
from shared.models.org import Staff
from shared.models.visits import Patrol, Visit
from shared.roles import Role
from shared.schemas import Page
from shared.scoping import get_or_404

router = APIRouter(tags=["forms"])

Manager = Annotated[Staff, Depends(require_roles(Role.CLIENT_MANAGER))]
ManagerOrSupervisor = Annotated[
    Staff, Depends(require_roles(Role.CLIENT_MANAGER, Role.SUPERVISOR))
]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


def _values(form: Visit | Patrol, current: set[int]) -> dict[str, Any]:
    values = {
        column.key: getattr(form, column.key) for column in form.__table__.columns
    }
    # The first version's record is itself.
    values["record_id"] = form.record_id or form.id
    values["is_current"] = form.id in current
    values.pop("branch_id")
    return values


def _visit_read(visit: Visit, current: set[int]) -> VisitRead:
    return VisitRead.model_validate(_values(visit, current))


def _patrol_read(patrol: Patrol, current: set[int]) -> PatrolRead:
    return PatrolRead.model_validate(_values(patrol, current))


@router.post("/visits", response_model=VisitRead, status_code=201)
async def create_visit(
    body: VisitCreate, session: SessionDep, manager: Manager
) -> VisitRead:
    visit = await record_visit(session, manager, body)
    return _visit_read(visit, {visit.id})


@router.get("/visits", response_model=Page[VisitRead])
async def list_visits(
    session: SessionDep,
    staff: ManagerOrSupervisor,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    manager_id: int | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[VisitRead]:
    """Current versions of visits, newest day first (today by default)."""
    today = await branch_today(session, staff.branch_id)
    total, rows = await list_current(
        session,
        Visit,
        start=start or today,
        end=end or today,
        manager_id=manager_id,
        limit=limit,
        offset=offset,
    )
    items = [_visit_read(row, {row.id}) for row in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/visits/{visit_id}/versions", response_model=list[VisitRead])
async def list_visit_versions(
    visit_id: int, session: SessionDep, _: ManagerOrSupervisor
) -> list[VisitRead]:
    """Every version of the visit this version belongs to, oldest first."""
    visit = await get_or_404(session, Visit, visit_id, "Visit")
    versions = await versions_of(session, Visit, visit.record_id or visit.id)
    current = await current_ids(session, Visit, [row.id for row in versions])
    return [_visit_read(row, current) for row in versions]


@router.post(
    "/visits/{visit_id}/corrections", response_model=VisitRead, status_code=201
)
async def create_visit_correction(
    visit_id: int, body: VisitCreate, session: SessionDep, staff: ManagerOrSupervisor
) -> VisitRead:
    """Correct a visit: the body is the complete corrected form, kept as a new
    version; the version corrected stays as it was."""
    previous = await get_or_404(session, Visit, visit_id, "Visit")
    visit = await correct_visit(session, previous, staff, body)
    return _visit_read(visit, {visit.id})


@router.post("/patrols", response_model=PatrolRead, status_code=201)
async def create_patrol(
    body: PatrolCreate, session: SessionDep, manager: Manager
) -> PatrolRead:
    patrol = await record_patrol(session, manager, body)
    return _patrol_read(patrol, {patrol.id})


@router.get("/patrols", response_model=Page[PatrolRead])
async def list_patrols(
    session: SessionDep,
    staff: ManagerOrSupervisor,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    manager_id: int | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[PatrolRead]:
    today = await branch_today(session, staff.branch_id)
    total, rows = await list_current(
        session,
        Patrol,
        start=start or today,
        end=end or today,
        manager_id=manager_id,
        limit=limit,
        offset=offset,
    )
    items = [_patrol_read(row, {row.id}) for row in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/patrols/{patrol_id}/versions", response_model=list[PatrolRead])
async def list_patrol_versions(
    patrol_id: int, session: SessionDep, _: ManagerOrSupervisor
) -> list[PatrolRead]:
    patrol = await get_or_404(session, Patrol, patrol_id, "Patrol")
    versions = await versions_of(session, Patrol, patrol.record_id or patrol.id)
    current = await current_ids(session, Patrol, [row.id for row in versions])
    return [_patrol_read(row, current) for row in versions]


@router.post(
    "/patrols/{patrol_id}/corrections", response_model=PatrolRead, status_code=201
)
async def create_patrol_correction(
    patrol_id: int, body: PatrolCreate, session: SessionDep, staff: ManagerOrSupervisor
) -> PatrolRead:
    previous = await get_or_404(session, Patrol, patrol_id, "Patrol")
    patrol = await correct_patrol(session, previous, staff, body)
    return _patrol_read(patrol, {patrol.id})
