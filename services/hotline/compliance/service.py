"""The hotline's duties in the shared compliance shape.

- callback: per callback agent and trading day, the quota against callbacks
  counted toward it (see callbacks.service.callbacks_done).
- ticket_first_response_on_time, ticket_resolved_on_time: per hotline agent
  and day, the assigned tickets whose deadline fell on that day (once the
  deadline has passed or the clock has stopped) against those met in time.
"""

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import any_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.callbacks.service import callbacks_done
from shared.business_days import load_calendar, local_day
from shared.compliance import ComplianceRow, quota_rows, time_limit_rows
from shared.models.hotline import Ticket
from shared.models.org import Branch, Staff
from shared.quotas import quota_timeline
from shared.roles import Role


async def _people(
    session: AsyncSession, branch_id: int, role: Role, staff_id: int | None
) -> list[Staff]:
    query = select(Staff).where(
        Staff.branch_id == branch_id, Staff.is_active, any_(Staff.roles) == role
    )
    if staff_id is not None:
        query = query.where(Staff.id == staff_id)
    return list(await session.scalars(query.order_by(Staff.id)))


async def _ticket_rows(
    session: AsyncSession,
    branch: Branch,
    start: date,
    end: date,
    people: list[Staff],
    now: datetime,
) -> list[ComplianceRow]:
    tickets = await session.scalars(
        select(Ticket).where(
            Ticket.branch_id == branch.id,
            Ticket.assignee_id.is_not(None),
            or_(
                Ticket.first_response_due_at <= now,
                Ticket.resolution_due_at <= now,
                Ticket.first_response_at.is_not(None),
                Ticket.resolved_at.is_not(None),
            ),
        )
    )
    counts = {
        name: (
            defaultdict[tuple[int, date], int](int),
            defaultdict[tuple[int, date], int](int),
        )
        for name in ("first_response", "resolved")
    }
    for ticket in tickets:
        assert ticket.assignee_id is not None
        clocks = (
            (
                "first_response",
                ticket.first_response_due_at,
                ticket.first_response_at,
                ticket.first_response_breached,
            ),
            (
                "resolved",
                ticket.resolution_due_at,
                ticket.resolved_at,
                ticket.resolution_breached,
            ),
        )
        for name, due_at, done_at, breached in clocks:
            if done_at is None and due_at > now:
                continue
            day = local_day(due_at, branch.timezone)
            if not start <= day <= end:
                continue
            due, on_time = counts[name]
            due[(ticket.assignee_id, day)] += 1
            if done_at is not None and not breached:
                on_time[(ticket.assignee_id, day)] += 1

    return [
        *time_limit_rows(
            people,
            role=Role.HOTLINE_AGENT,
            duty="ticket_first_response_on_time",
            due=dict(counts["first_response"][0]),
            on_time=dict(counts["first_response"][1]),
        ),
        *time_limit_rows(
            people,
            role=Role.HOTLINE_AGENT,
            duty="ticket_resolved_on_time",
            due=dict(counts["resolved"][0]),
            on_time=dict(counts["resolved"][1]),
        ),
    ]


async def compliance_rows(
    session: AsyncSession,
    branch_id: int,
    start: date,
    end: date,
    staff_id: int | None,
    now: datetime,
) -> list[ComplianceRow]:
    branch = await session.get(Branch, branch_id)
    assert branch is not None
    calendar = await load_calendar(session, branch_id, branch.timezone)
    timeline = await quota_timeline(session, branch_id, Role.CALLBACK_AGENT, "callback")
    callback_agents = await _people(session, branch_id, Role.CALLBACK_AGENT, staff_id)
    rows = quota_rows(
        callback_agents,
        role=Role.CALLBACK_AGENT,
        duty="callback",
        days=calendar.trading_days(start, end),
        required_on=lambda day: timeline.required_on(day, calendar),
        done=await callbacks_done(session, branch_id, start, end),
    )
    hotline_agents = await _people(session, branch_id, Role.HOTLINE_AGENT, staff_id)
    rows += await _ticket_rows(session, branch, start, end, hotline_agents, now)
    return rows
