from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends

from services.advisory.compliance.service import compliance_rows
from shared.auth.dependencies import require_roles
from shared.compliance import CompliancePeriod, ComplianceReport, compliance_period
from shared.db import SessionDep
from shared.models.org import Branch, Staff
from shared.roles import Role

router = APIRouter(prefix="/compliance", tags=["compliance"])


@router.get("", response_model=ComplianceReport)
async def compliance(
    period: Annotated[CompliancePeriod, Depends(compliance_period)],
    session: SessionDep,
    staff: Annotated[
        Staff,
        Depends(require_roles(Role.CLIENT_MANAGER, Role.ANALYST, Role.SUPERVISOR)),
    ],
) -> ComplianceReport:
    """Sheet time limits met and missed: `sheet_answered_on_time` per analyst
    and `sheet_delivered_on_time` per client manager, one row per person and
    branch-local day on which work fell due."""
    branch = await session.get(Branch, staff.branch_id)
    assert branch is not None
    rows = await compliance_rows(session, branch, period, datetime.now(UTC))
    return ComplianceReport(rows=rows)
