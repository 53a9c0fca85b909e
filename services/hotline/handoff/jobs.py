"""Retrying hand-offs that advisory could not take yet."""

from collections.abc import Callable
from datetime import datetime

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.handoff.client import AdvisoryClient
from services.hotline.handoff.service import retry_pending_handoffs
from shared.jobs import ScheduledJob


def handoff_retry_job(advisory: Callable[[], AdvisoryClient]) -> ScheduledJob:
    """`advisory` is asked for the client at each run, so a transport set on
    the app after start-up (tests) is the one used."""

    async def run(session: AsyncSession, now: datetime) -> None:
        await retry_pending_handoffs(session, now, advisory())

    return ScheduledJob("hotline.handoff_retry", IntervalTrigger(minutes=1), run)
