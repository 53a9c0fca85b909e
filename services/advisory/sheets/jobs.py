"""Mutual supervision, on a schedule: sheets past their due time without an
answer, and answers left undelivered past the branch's limit, are marked, so
that the other side and the supervisor see them."""

from datetime import datetime

import structlog
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.sheets.workflow import Action, apply
from shared.jobs import ScheduledJob
from shared.models.advisory import Sheet, SheetStatus

log = structlog.get_logger(__name__)


async def mark_overdue(session: AsyncSession, now: datetime) -> int:
    sheets = await session.scalars(
        select(Sheet)
        .where(
            Sheet.status.in_((SheetStatus.SUBMITTED, SheetStatus.CLAIMED)),
            Sheet.due_at < now,
            Sheet.overdue_marked_at.is_(None),
        )
        .with_for_update(skip_locked=True)
    )
    count = 0
    for sheet in sheets:
        session.add(apply(sheet, Action.MARK_OVERDUE, actor_id=None, now=now))
        sheet.overdue_marked_at = now
        count += 1
    await session.flush()
    if count:
        log.info("sheets.marked_overdue", count=count)
    return count


async def mark_undelivered(session: AsyncSession, now: datetime) -> int:
    sheets = await session.scalars(
        select(Sheet)
        .where(
            Sheet.status == SheetStatus.ANSWERED,
            Sheet.deliver_by < now,
            Sheet.undelivered_marked_at.is_(None),
        )
        .with_for_update(skip_locked=True)
    )
    count = 0
    for sheet in sheets:
        session.add(apply(sheet, Action.MARK_UNDELIVERED, actor_id=None, now=now))
        sheet.undelivered_marked_at = now
        count += 1
    await session.flush()
    if count:
        log.info("sheets.marked_undelivered", count=count)
    return count


async def _overdue(session: AsyncSession, now: datetime) -> None:
    await mark_overdue(session, now)


async def _undelivered(session: AsyncSession, now: datetime) -> None:
    await mark_undelivered(session, now)


MARK_OVERDUE = ScheduledJob(
    "advisory.mark_overdue", IntervalTrigger(minutes=5), _overdue
)
MARK_UNDELIVERED = ScheduledJob(
    "advisory.mark_undelivered", IntervalTrigger(minutes=15), _undelivered
)
