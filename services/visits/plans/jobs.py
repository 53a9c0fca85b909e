"""The morning job that prepares each branch's visit plans."""

from datetime import datetime

import structlog
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.plans.service import ensure_plans
from shared.business_days import load_calendar, local_day
from shared.jobs import ScheduledJob
from shared.models.org import Branch

log = structlog.get_logger(__name__)


async def prepare_plans(session: AsyncSession, now: datetime) -> None:
    """Make today's plans in every branch where today is a trading day.

    Idempotent: a plan made already (by an earlier run or by a manager who
    asked first) is left as it is.
    """
    branches = list(await session.scalars(select(Branch).order_by(Branch.id)))
    for branch in branches:
        calendar = await load_calendar(session, branch.id, branch.timezone)
        today = local_day(now, branch.timezone)
        if not calendar.is_trading_day(today):
            log.info("visit_plan.skipped", branch_id=branch.id, day=today.isoformat())
            continue
        await ensure_plans(session, branch.id, today, calendar=calendar)


# 08:00 in Shanghai, before the 09:30 open; each branch's own day is checked.
PREPARE_PLANS = ScheduledJob(
    name="visits.prepare_plans",
    trigger=CronTrigger(hour=8, minute=0, timezone="Asia/Shanghai"),
    run=prepare_plans,
)
