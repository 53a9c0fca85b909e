from typing import Annotated

from fastapi import APIRouter, Depends

from services.advisory.policies.schemas import PolicyRead, PolicyUpdate
from services.advisory.policies.service import branch_policy, set_policy
from shared.auth.dependencies import CurrentStaff, require_roles
from shared.db import SessionDep
from shared.models.org import Staff
from shared.roles import Role

router = APIRouter(prefix="/policy", tags=["policy"])


@router.get("", response_model=PolicyRead)
async def read_policy(session: SessionDep, staff: CurrentStaff) -> PolicyRead:
    """The branch's time limits for sheets (defaults until a supervisor sets them)."""
    return await branch_policy(session, staff.branch_id)


@router.put("", response_model=PolicyRead)
async def replace_policy(
    body: PolicyUpdate,
    session: SessionDep,
    supervisor: Annotated[Staff, Depends(require_roles(Role.SUPERVISOR))],
) -> PolicyRead:
    """Set the branch's time limits; sheets already submitted keep their due time."""
    return await set_policy(session, supervisor.branch_id, body)
