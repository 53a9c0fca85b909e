"""Sheet time limits in the shared compliance shape.

- `sheet_answered_on_time`, per analyst: on the branch-local day a sheet fell
  due, required = sheets the analyst held (claimed or answered) that fell due,
  done = those answered by the due time. A sheet no analyst claimed before its
  due time counts against no one here; it shows in the queue and in
  `/sheets/attention`.
- `sheet_delivered_on_time`, per client manager: on the day the delivery limit
  fell, required = answered sheets of theirs, done = delivered within it.

A sheet counts once its limit has passed or the work was done.
"""

from collections import Counter
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.business_days import local_day
from shared.compliance import CompliancePeriod, ComplianceRow, time_limit_rows
from shared.models.advisory import Sheet, SheetStatus
from shared.models.org import Branch, Staff
from shared.roles import Role

Tally = Counter[tuple[int, date]]


async def _people(
    session: AsyncSession, branch_id: int, role: Role, staff_id: int | None
) -> list[Staff]:
    query = select(Staff).where(Staff.branch_id == branch_id)
    if staff_id is not None:
        query = query.where(Staff.id == staff_id)
    # A branch has tens of staff: filtering roles here is cheaper to read
    # than an array operator.
    return [person for person in await session.scalars(query) if person.has_role(role)]


async def compliance_rows(
    session: AsyncSession, branch: Branch, period: CompliancePeriod, now: datetime
) -> list[ComplianceRow]:
    zone = branch.timezone
    sheets = await session.scalars(
        select(Sheet).where(
            Sheet.branch_id == branch.id,
            Sheet.status != SheetStatus.CANCELLED,
            Sheet.due_at.is_not(None),
        )
    )
    answer_due: Tally = Counter()
    answer_on_time: Tally = Counter()
    delivery_due: Tally = Counter()
    delivery_on_time: Tally = Counter()
    for sheet in sheets:
        assert sheet.due_at is not None
        analyst = sheet.answered_by_id or sheet.claimed_by_id
        day = local_day(sheet.due_at, zone)
        counted = sheet.answered_at is not None or sheet.due_at <= now
        if analyst and counted and period.start <= day <= period.end:
            answer_due[(analyst, day)] += 1
            if sheet.answered_at is not None and sheet.answered_at <= sheet.due_at:
                answer_on_time[(analyst, day)] += 1

        if sheet.deliver_by is None or sheet.manager_id is None:
            continue
        day = local_day(sheet.deliver_by, zone)
        if not period.start <= day <= period.end:
            continue
        if sheet.delivered_at is not None or sheet.deliver_by <= now:
            delivery_due[(sheet.manager_id, day)] += 1
            if (
                sheet.delivered_at is not None
                and sheet.delivered_at <= sheet.deliver_by
            ):
                delivery_on_time[(sheet.manager_id, day)] += 1

    analysts = await _people(session, branch.id, Role.ANALYST, period.staff_id)
    managers = await _people(session, branch.id, Role.CLIENT_MANAGER, period.staff_id)
    return time_limit_rows(
        analysts,
        role=Role.ANALYST,
        duty="sheet_answered_on_time",
        due=dict(answer_due),
        on_time=dict(answer_on_time),
    ) + time_limit_rows(
        managers,
        role=Role.CLIENT_MANAGER,
        duty="sheet_delivered_on_time",
        due=dict(delivery_due),
        on_time=dict(delivery_on_time),
    )
