"""Quota policies, read by everyone in the branch and set by supervisors.

Each service that owns quota duties includes this router with the duties it
owns, so a supervisor sets visit quotas under /api/visits and callback quotas
under /api/hotline.
"""

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import select

from shared.auth.dependencies import CurrentStaff, require_roles
from shared.business_days import refuse_past_day
from shared.db import SessionDep
from shared.errors import InvalidInput, field_error
from shared.models.org import Staff
from shared.models.quotas import QuotaPolicy
from shared.quotas.schemas import QuotaCreate, QuotaRead
from shared.quotas.service import set_quota
from shared.roles import Role

SupervisorOnly = Depends(require_roles(Role.SUPERVISOR))


def quota_router(duties: frozenset[str]) -> APIRouter:
    router = APIRouter(prefix="/quotas", tags=["quotas"])
    known = ", ".join(sorted(duties))

    @router.get("", response_model=list[QuotaRead])
    async def list_quotas(session: SessionDep, _: CurrentStaff) -> list[QuotaRead]:
        """Every quota value of the branch for this service's duties, newest first."""
        policies = await session.scalars(
            select(QuotaPolicy)
            .where(QuotaPolicy.duty.in_(duties))
            .order_by(QuotaPolicy.effective_from.desc(), QuotaPolicy.id.desc())
        )
        return [QuotaRead.model_validate(policy) for policy in policies]

    @router.post("", response_model=QuotaRead, status_code=201)
    async def add_quota(
        body: QuotaCreate,
        session: SessionDep,
        supervisor: Annotated[Staff, SupervisorOnly],
    ) -> QuotaRead:
        """Set a daily quota from a date on, today at the earliest; days before
        it keep their value."""
        if body.duty not in duties:
            raise InvalidInput(
                f"This service owns the duties {known}.",
                [field_error(("body", "duty"), f"must be one of {known}", "enum")],
            )

        await refuse_past_day(
            session,
            supervisor.branch_id,
            body.effective_from,
            ("body", "effective_from"),
        )
        policy = await set_quota(
            session,
            branch_id=supervisor.branch_id,
            role=body.role,
            duty=body.duty,
            daily_required=body.daily_required,
            effective_from=body.effective_from,
            set_by_id=supervisor.id,
        )
        return QuotaRead.model_validate(policy)

    return router
