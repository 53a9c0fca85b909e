"""GET /compliance: the hotline's duties in the shared compliance shape."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends

from services.hotline.compliance.service import compliance_rows
from shared.auth.dependencies import CurrentStaff
from shared.compliance import CompliancePeriod, ComplianceReport, compliance_period
from shared.db import SessionDep
from shared.roles import Role

router = APIRouter(tags=["compliance"])


@router.get("/compliance", response_model=ComplianceReport)
async def compliance(
    session: SessionDep,
    staff: CurrentStaff,
    period: Annotated[CompliancePeriod, Depends(compliance_period)],
) -> ComplianceReport:
    """Duties callback (per callback agent), ticket_first_response_on_time and
    ticket_resolved_on_time (per hotline agent), per day. Supervisors see
    everyone; anyone else sees their own rows."""
    staff_id = period.staff_id if staff.has_role(Role.SUPERVISOR) else staff.id
    rows = await compliance_rows(
        session, staff.branch_id, period.start, period.end, staff_id, datetime.now(UTC)
    )
    return ComplianceReport(rows=rows)
