"""The ticket clock watch: warn the agent before a breach, escalate after."""

from datetime import datetime, timedelta

import structlog
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.policy.hours import BusinessHours
from services.hotline.policy.service import branch_policy, business_hours
from services.hotline.tickets.service import OPEN, record_breach
from shared.jobs import ScheduledJob
from shared.models.hotline import Ticket, TicketClock, TicketEvent

log = structlog.get_logger(__name__)


async def check_ticket_clocks(session: AsyncSession, now: datetime) -> None:
    tickets = await session.scalars(
        select(Ticket)
        .where(
            Ticket.status.in_(OPEN),
            Ticket.paused_since.is_(None),
            or_(
                and_(
                    Ticket.first_response_at.is_(None), ~Ticket.first_response_breached
                ),
                and_(Ticket.resolved_at.is_(None), ~Ticket.resolution_breached),
            ),
        )
        .order_by(Ticket.id)
        .with_for_update()
    )
    per_branch: dict[int, tuple[BusinessHours, timedelta]] = {}
    warned = escalated = 0
    for ticket in tickets:
        if ticket.branch_id not in per_branch:
            policy = await branch_policy(session, ticket.branch_id)
            per_branch[ticket.branch_id] = (
                await business_hours(session, ticket.branch_id),
                timedelta(minutes=policy.warn_before_minutes),
            )
        hours, warn_before = per_branch[ticket.branch_id]

        clocks = []
        if ticket.first_response_at is None and not ticket.first_response_breached:
            clocks.append((TicketClock.FIRST_RESPONSE, ticket.first_response_due_at))
        if not ticket.resolution_breached:
            clocks.append((TicketClock.RESOLUTION, ticket.resolution_due_at))
        for clock, due in clocks:
            if now >= due:
                await record_breach(session, ticket, clock, now)
                escalated += 1
            elif (
                _warned_at(ticket, clock) is None
                and hours.between(now, due) <= warn_before
            ):
                _mark_warned(ticket, clock, now)
                session.add(
                    TicketEvent(
                        branch_id=ticket.branch_id,
                        ticket_id=ticket.id,
                        at=now,
                        kind="warned",
                        note=clock.value,
                    )
                )
                warned += 1
                log.info("ticket.warned", ticket_id=ticket.id, clock=clock.value)

    await session.flush()
    if warned or escalated:
        log.info("ticket_clocks.checked", warned=warned, escalated=escalated)


def _warned_at(ticket: Ticket, clock: TicketClock) -> datetime | None:
    if clock == TicketClock.FIRST_RESPONSE:
        return ticket.first_response_warned_at
    return ticket.resolution_warned_at


def _mark_warned(ticket: Ticket, clock: TicketClock, now: datetime) -> None:
    if clock == TicketClock.FIRST_RESPONSE:
        ticket.first_response_warned_at = now
    else:
        ticket.resolution_warned_at = now


TICKET_CLOCK_JOB = ScheduledJob(
    "hotline.ticket_clocks", IntervalTrigger(minutes=1), check_ticket_clocks
)
