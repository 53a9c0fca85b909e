from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.policies.schemas import PolicyRead, PolicyUpdate
from shared.business_days import TradingCalendar, load_calendar
from shared.models.advisory import AdvisoryPolicy
from shared.models.org import Branch

# A branch that has set nothing: half a trading day for an ordinary client,
# one trading hour for a high-end one, delivery within a trading day (four
# trading hours), one-hour claims.
DEFAULT_POLICY = PolicyRead(
    normal_trading_hours=Decimal("2.00"),
    high_end_trading_hours=Decimal("1.00"),
    undelivered_limit_hours=4,
    lease_minutes=60,
)


async def branch_policy(session: AsyncSession, branch_id: int) -> PolicyRead:
    policy = await session.scalar(
        select(AdvisoryPolicy).where(AdvisoryPolicy.branch_id == branch_id)
    )
    if policy is None:
        return DEFAULT_POLICY
    return PolicyRead.model_validate(policy)


async def set_policy(
    session: AsyncSession, branch_id: int, values: PolicyUpdate
) -> PolicyRead:
    policy = await session.scalar(
        select(AdvisoryPolicy).where(AdvisoryPolicy.branch_id == branch_id)
    )
    if policy is None:
        policy = AdvisoryPolicy(branch_id=branch_id)
        session.add(policy)
    for field, value in values.model_dump().items():
        setattr(policy, field, value)
    await session.flush()
    return PolicyRead.model_validate(policy)


async def branch_calendar(session: AsyncSession, branch_id: int) -> TradingCalendar:
    """The branch's trading calendar, read once per session (a request, a job
    run or a demo load is short next to a change of exchange holidays)."""
    key = ("advisory.calendar", branch_id)
    cached = session.info.get(key)
    if isinstance(cached, TradingCalendar):
        return cached

    branch = await session.get(Branch, branch_id)
    timezone = branch.timezone if branch is not None else "Asia/Shanghai"
    calendar = await load_calendar(session, branch_id, timezone)
    session.info[key] = calendar
    return calendar


def due_time(
    calendar: TradingCalendar,
    policy: PolicyRead,
    submitted_at: datetime,
    *,
    high_end: bool,
) -> datetime:
    """When a sheet submitted at `submitted_at` falls due.

    The clock runs only in the exchange's trading sessions on trading days, in
    the branch's time zone: a sheet submitted on Friday afternoon or before a
    holiday runs on into the next trading day. A sheet is accepted at any
    hour; out of hours its clock starts with the next session.
    """
    hours = policy.high_end_trading_hours if high_end else policy.normal_trading_hours
    return calendar.add_trading_hours(submitted_at, float(hours))
