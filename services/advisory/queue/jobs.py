from datetime import datetime

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.queue.service import expire_leases
from shared.jobs import ScheduledJob


async def _expire(session: AsyncSession, now: datetime) -> None:
    await expire_leases(session, now)


EXPIRE_LEASES = ScheduledJob(
    "advisory.expire_leases", IntervalTrigger(minutes=1), _expire
)
