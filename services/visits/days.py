"""The branch's own clock and calendar, as every domain of the service needs it."""

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from shared.business_days import TradingCalendar, load_calendar, local_today
from shared.models.org import Branch


async def branch_timezone(session: AsyncSession, branch_id: int) -> str:
    branch = await session.get(Branch, branch_id)
    if branch is None:
        raise LookupError(f"branch {branch_id} does not exist")
    return branch.timezone


async def branch_calendar(session: AsyncSession, branch_id: int) -> TradingCalendar:
    return await load_calendar(
        session, branch_id, await branch_timezone(session, branch_id)
    )


async def branch_today(
    session: AsyncSession, branch_id: int, now: datetime | None = None
) -> date:
    return local_today(await branch_timezone(session, branch_id), now)
