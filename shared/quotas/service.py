"""Daily quotas per branch, role and duty, each value in force from its date.

Visits and patrols (visits service) and callbacks (hotline service) all use
this one mechanism. A quota applies on trading days only.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.business_days import TradingCalendar
from shared.errors import Conflict
from shared.models.quotas import QuotaPolicy
from shared.roles import Role

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class QuotaTimeline:
    """The values of one quota over time, oldest first."""

    starts: tuple[date, ...]
    values: tuple[int, ...]

    def required_on(self, day: date, calendar: TradingCalendar) -> int:
        if not calendar.is_trading_day(day):
            return 0

        index = bisect_right(self.starts, day) - 1
        return self.values[index] if index >= 0 else 0


async def quota_timeline(
    session: AsyncSession, branch_id: int, role: Role, duty: str
) -> QuotaTimeline:
    policies = await session.scalars(
        select(QuotaPolicy)
        .where(
            QuotaPolicy.branch_id == branch_id,
            QuotaPolicy.role == role,
            QuotaPolicy.duty == duty,
        )
        .order_by(QuotaPolicy.effective_from)
    )
    rows = list(policies)
    return QuotaTimeline(
        tuple(p.effective_from for p in rows), tuple(p.daily_required for p in rows)
    )


async def set_quota(
    session: AsyncSession,
    *,
    branch_id: int,
    role: Role,
    duty: str,
    daily_required: int,
    effective_from: date,
    set_by_id: int | None,
) -> QuotaPolicy:
    """Add a quota value from `effective_from` on; days before keep theirs."""
    existing = await session.scalar(
        select(QuotaPolicy).where(
            QuotaPolicy.branch_id == branch_id,
            QuotaPolicy.role == role,
            QuotaPolicy.duty == duty,
            QuotaPolicy.effective_from == effective_from,
        )
    )
    if existing is not None:
        raise Conflict(
            f"A {duty} quota for {role.value} already starts on {effective_from}; "
            "choose another start date.",
            existing_id=existing.id,
        )

    policy = QuotaPolicy(
        branch_id=branch_id,
        role=role,
        duty=duty,
        daily_required=daily_required,
        effective_from=effective_from,
        set_by_id=set_by_id,
    )
    session.add(policy)
    await session.flush()
    log.info(
        "quota.set",
        branch_id=branch_id,
        role=role.value,
        duty=duty,
        daily_required=daily_required,
        effective_from=effective_from.isoformat(),
    )
    return policy
