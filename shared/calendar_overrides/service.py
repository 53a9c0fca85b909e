"""A branch's own corrections of the exchange calendar: an extra closed day
(a local event) or a make-up working day. Overrides without a branch apply to
every branch and are not managed here."""

from datetime import date

import structlog
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shared.business_days import refuse_past_day
from shared.errors import Conflict, NotFound
from shared.models.reference import CalendarOverride

log = structlog.get_logger(__name__)


class OverrideAlreadySet(Conflict):
    slug = "calendar-override-already-set"
    title = "Calendar override already set"


async def list_overrides(
    session: AsyncSession, branch_id: int
) -> list[CalendarOverride]:
    rows = await session.scalars(
        select(CalendarOverride)
        .where(
            or_(
                CalendarOverride.branch_id == branch_id,
                CalendarOverride.branch_id.is_(None),
            )
        )
        .order_by(CalendarOverride.day, CalendarOverride.id)
    )
    return list(rows)


async def add_override(
    session: AsyncSession,
    branch_id: int,
    *,
    day: date,
    is_working_day: bool,
    reason: str,
) -> CalendarOverride:
    existing = await session.scalar(
        select(CalendarOverride).where(
            CalendarOverride.branch_id == branch_id, CalendarOverride.day == day
        )
    )
    if existing is not None:
        raise OverrideAlreadySet(
            f"The branch already has an override on {day}; remove it first.",
            existing_id=existing.id,
        )

    override = CalendarOverride(
        branch_id=branch_id, day=day, is_working_day=is_working_day, reason=reason
    )
    session.add(override)
    try:
        await session.flush()
    except IntegrityError as exc:
        # Set by someone else between the check above and this write.
        raise OverrideAlreadySet(
            f"The branch already has an override on {day}; remove it first."
        ) from exc
    log.info(
        "calendar_override.added",
        branch_id=branch_id,
        day=day.isoformat(),
        is_working_day=is_working_day,
    )
    return override


async def remove_override(
    session: AsyncSession, branch_id: int, override_id: int
) -> None:
    override = await session.get(CalendarOverride, override_id)
    # Brokerage-wide overrides are reference data, not one branch's to remove.
    if override is None or override.branch_id != branch_id:
        raise NotFound(f"Calendar override {override_id} was not found.")

    await refuse_past_day(session, branch_id, override.day, ("path", "override_id"))

    await session.delete(override)
    await session.flush()
    log.info("calendar_override.removed", branch_id=branch_id, id=override_id)
