from typing import Annotated

from fastapi import APIRouter, Depends

from services.visits.compliance.service import compliance_rows
from shared.auth.dependencies import require_roles
from shared.compliance import CompliancePeriod, ComplianceReport, compliance_period
from shared.db import SessionDep
from shared.errors import Forbidden
from shared.models.org import Staff
from shared.roles import Role

router = APIRouter(tags=["compliance"])

ManagerOrSupervisor = Annotated[
    Staff, Depends(require_roles(Role.CLIENT_MANAGER, Role.SUPERVISOR))
]


@router.get("/compliance", response_model=ComplianceReport)
async def compliance(
    period: Annotated[CompliancePeriod, Depends(compliance_period)],
    session: SessionDep,
    staff: ManagerOrSupervisor,
) -> ComplianceReport:
    """Visits and patrols required against done, per client manager, business
    day and duty. A client manager who is not a supervisor sees their own."""
    staff_id = period.staff_id
    if not staff.has_role(Role.SUPERVISOR):
        if staff_id not in (None, staff.id):
            raise Forbidden("Only supervisors may see another person's compliance.")
        staff_id = staff.id

    rows = await compliance_rows(
        session, staff.branch_id, period.start, period.end, staff_id
    )
    return ComplianceReport(rows=rows)
