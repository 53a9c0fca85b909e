"""The analysts' queue: submitted sheets, high-end clients first, then the
earliest due. A claim takes the first sheet no one else is taking at the same
moment (FOR UPDATE SKIP LOCKED), so two analysts never hold the same sheet."""

from datetime import datetime, timedelta

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.policies.service import branch_policy
from services.advisory.sheets.access import visible_to
from services.advisory.sheets.errors import SheetClaimedByAnother
from services.advisory.sheets.service import ensure_qualified
from services.advisory.sheets.workflow import Action, apply, ensure_allowed
from shared.models.advisory import Sheet, SheetStatus
from shared.models.org import Staff

log = structlog.get_logger(__name__)

QUEUE_ORDER = (Sheet.is_high_end.desc(), Sheet.due_at, Sheet.id)


async def pending(
    session: AsyncSession, viewer: Staff, limit: int, offset: int
) -> list[Sheet]:
    """The waiting sheets `viewer` may see: all of them for a qualified
    analyst or a supervisor."""
    rows = await session.scalars(
        select(Sheet)
        .where(Sheet.status == SheetStatus.SUBMITTED, visible_to(viewer))
        .order_by(*QUEUE_ORDER)
        .limit(limit)
        .offset(offset)
    )
    return list(rows)


async def claim_next(
    session: AsyncSession, analyst: Staff, *, now: datetime
) -> Sheet | None:
    """Hand `analyst` the next sheet, or None when the queue is empty."""
    ensure_qualified(analyst)
    sheet = await session.scalar(
        select(Sheet)
        .where(
            Sheet.branch_id == analyst.branch_id,
            Sheet.status == SheetStatus.SUBMITTED,
            visible_to(analyst),
        )
        .order_by(*QUEUE_ORDER)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if sheet is None:
        log.info("queue.empty", analyst_id=analyst.id)
        return None

    policy = await branch_policy(session, analyst.branch_id)
    event = apply(sheet, Action.CLAIM, actor_id=analyst.id, now=now)
    sheet.claimed_by_id = analyst.id
    sheet.claimed_at = now
    sheet.lease_expires_at = now + timedelta(minutes=policy.lease_minutes)
    session.add(event)
    await session.flush()
    log.info("sheet.claimed", sheet_id=sheet.id, analyst_id=analyst.id)
    return sheet


async def release(
    session: AsyncSession, sheet: Sheet, analyst: Staff, *, now: datetime
) -> Sheet:
    """The analyst gives the sheet back to the queue unanswered."""
    ensure_allowed(sheet, Action.RELEASE)
    if sheet.claimed_by_id != analyst.id:
        raise SheetClaimedByAnother(
            f"Sheet {sheet.id} is claimed by another analyst.", sheet_id=sheet.id
        )
    session.add(apply(sheet, Action.RELEASE, actor_id=analyst.id, now=now))
    _unclaim(sheet)
    await session.flush()
    log.info("sheet.released", sheet_id=sheet.id, analyst_id=analyst.id)
    return sheet


def _unclaim(sheet: Sheet) -> None:
    sheet.claimed_by_id = None
    sheet.claimed_at = None
    sheet.lease_expires_at = None


async def expire_leases(session: AsyncSession, now: datetime) -> int:
    """Return every claim whose lease ran out to the queue."""
    # SKIP LOCKED: a sheet being answered right now is left to its analyst.
    sheets = await session.scalars(
        select(Sheet)
        .where(Sheet.status == SheetStatus.CLAIMED, Sheet.lease_expires_at <= now)
        .with_for_update(skip_locked=True)
    )
    count = 0
    for sheet in sheets:
        note = f"claimed by staff {sheet.claimed_by_id}"
        session.add(
            apply(sheet, Action.EXPIRE_LEASE, actor_id=None, now=now, note=note)
        )
        _unclaim(sheet)
        count += 1
    await session.flush()
    if count:
        log.info("queue.leases_expired", count=count)
    return count
