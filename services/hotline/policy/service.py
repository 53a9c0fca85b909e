"""The branch's hotline policy and ticket time limits, with their defaults.

A branch that never changed a value works with the defaults below; the first
change stores a row, and later changes update it (the audit trail keeps every
earlier value).
"""

from dataclasses import dataclass
from datetime import time

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.policy.hours import BusinessHours
from shared.business_days import load_calendar
from shared.models.hotline import (
    HotlineLine,
    HotlinePolicy,
    TicketPriority,
    TicketTimeLimit,
)
from shared.models.org import Branch

log = structlog.get_logger(__name__)

DEFAULT_POLICY = {
    "unreached_counts_toward_quota": False,
    "max_unreached_attempts": 3,
    "new_account_days": 30,
    "morning_open": time(9, 0),
    "morning_close": time(12, 0),
    "afternoon_open": time(13, 0),
    "afternoon_close": time(17, 30),
    "warn_before_minutes": 30,
}

# (first response, resolution) in business minutes. Investment questions get
# longer to resolve than technical faults: an answer may need an analyst.
DEFAULT_LIMITS: dict[tuple[HotlineLine, TicketPriority], tuple[int, int]] = {
    (HotlineLine.INVESTMENT, TicketPriority.URGENT): (15, 120),
    (HotlineLine.INVESTMENT, TicketPriority.HIGH): (30, 240),
    (HotlineLine.INVESTMENT, TicketPriority.NORMAL): (60, 960),
    (HotlineLine.TECHNICAL, TicketPriority.URGENT): (10, 60),
    (HotlineLine.TECHNICAL, TicketPriority.HIGH): (30, 180),
    (HotlineLine.TECHNICAL, TicketPriority.NORMAL): (60, 480),
}


@dataclass(frozen=True)
class Limits:
    first_response_minutes: int
    resolution_minutes: int
    is_default: bool


async def branch_policy(session: AsyncSession, branch_id: int) -> HotlinePolicy:
    """The stored policy, or an unsaved one holding the defaults."""
    stored = await session.scalar(
        select(HotlinePolicy).where(HotlinePolicy.branch_id == branch_id)
    )
    return stored or HotlinePolicy(branch_id=branch_id, **DEFAULT_POLICY)


async def update_policy(
    session: AsyncSession, branch_id: int, changes: dict[str, object], staff_id: int
) -> HotlinePolicy:
    policy = await branch_policy(session, branch_id)
    for name, value in changes.items():
        setattr(policy, name, value)
    policy.updated_by_id = staff_id
    session.add(policy)
    await session.flush()
    log.info("hotline_policy.updated", branch_id=branch_id, fields=sorted(changes))
    return policy


async def time_limits(
    session: AsyncSession, branch_id: int
) -> dict[tuple[HotlineLine, TicketPriority], Limits]:
    stored = await session.scalars(
        select(TicketTimeLimit).where(TicketTimeLimit.branch_id == branch_id)
    )
    limits = {
        key: Limits(first, resolution, True)
        for key, (first, resolution) in DEFAULT_LIMITS.items()
    }
    for row in stored:
        limits[(row.line, row.priority)] = Limits(
            row.first_response_minutes, row.resolution_minutes, False
        )
    return limits


async def set_time_limit(
    session: AsyncSession,
    branch_id: int,
    line: HotlineLine,
    priority: TicketPriority,
    first_response_minutes: int,
    resolution_minutes: int,
) -> None:
    row = await session.scalar(
        select(TicketTimeLimit).where(
            TicketTimeLimit.branch_id == branch_id,
            TicketTimeLimit.line == line,
            TicketTimeLimit.priority == priority,
        )
    )
    if row is None:
        row = TicketTimeLimit(branch_id=branch_id, line=line, priority=priority)
        session.add(row)
    row.first_response_minutes = first_response_minutes
    row.resolution_minutes = resolution_minutes
    await session.flush()
    log.info(
        "ticket_time_limit.set",
        branch_id=branch_id,
        line=line.value,
        priority=priority.value,
    )


async def business_hours(session: AsyncSession, branch_id: int) -> BusinessHours:
    branch = await session.get(Branch, branch_id)
    assert branch is not None
    policy = await branch_policy(session, branch_id)
    calendar = await load_calendar(session, branch_id, branch.timezone)
    return BusinessHours(
        calendar,
        (
            (policy.morning_open, policy.morning_close),
            (policy.afternoon_open, policy.afternoon_close),
        ),
    )
