"""Hotline tickets: opening, assignment, the status flow and the two clocks.

Each ticket has a first-response clock (stopped by the first move to in
progress, waiting on client or resolved) and a resolution clock (stopped by
resolved). Both count branch business hours only (policy.hours), and the
resolution clock stands still while the ticket waits on the client: when it
comes back, the deadline moves on by the business time that was left. A
breach, once recorded, stays on the ticket after it is resolved.
"""

from datetime import datetime

import structlog
from sqlalchemy import Select, case, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.lines.service import line_member, next_on_duty
from services.hotline.policy.hours import BusinessHours
from services.hotline.policy.service import business_hours, time_limits
from services.hotline.tickets.errors import (
    AgentNotOnLine,
    CallerMissing,
    TicketFinished,
    TicketNotAssigned,
    TransitionNotAllowed,
)
from services.hotline.tickets.schemas import TicketCreate
from shared.models.clients import Client
from shared.models.hotline import (
    HotlineLine,
    Ticket,
    TicketClock,
    TicketEscalation,
    TicketEvent,
    TicketStatus,
)
from shared.models.org import Staff
from shared.scoping import get_or_404

log = structlog.get_logger(__name__)

S = TicketStatus
ALLOWED: dict[TicketStatus, frozenset[TicketStatus]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    S.ASSIGNED: frozenset({S.IN_PROGRESS, S.WAITING_ON_CLIENT, S.RESOLVED, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.WAITING_ON_CLIENT, S.RESOLVED}),
    S.WAITING_ON_CLIENT: frozenset({S.IN_PROGRESS, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}
OPEN = (S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.WAITING_ON_CLIENT)
RESPONDED = (S.IN_PROGRESS, S.WAITING_ON_CLIENT, S.RESOLVED)


def _event(
    ticket: Ticket,
    kind: str,
    at: datetime,
    actor_id: int | None,
    *,
    from_status: TicketStatus | None = None,
    to_status: TicketStatus | None = None,
    note: str = "",
) -> TicketEvent:
    return TicketEvent(
        branch_id=ticket.branch_id,
        ticket_id=ticket.id,
        at=at,
        kind=kind,
        actor_id=actor_id,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


async def _assign(
    session: AsyncSession,
    ticket: Ticket,
    agent_id: int | None,
    actor_id: int | None,
    now: datetime,
) -> None:
    if agent_id is not None:
        if await line_member(session, ticket.line, agent_id) is None:
            raise AgentNotOnLine()
        how = "manual"
    else:
        agent_id = await next_on_duty(session, ticket.branch_id, ticket.line, now)
        how = "round_robin"
        if agent_id is None:
            return

    ticket.assignee_id = agent_id
    if ticket.status == S.NEW:
        ticket.status = S.ASSIGNED
    session.add(_event(ticket, "assigned", now, actor_id, note=f"{how}:{agent_id}"))
    log.info("ticket.assigned", ticket_id=ticket.id, agent_id=agent_id, how=how)


async def open_ticket(
    session: AsyncSession,
    staff: Staff,
    body: TicketCreate,
    now: datetime,
    *,
    hours: BusinessHours | None = None,
) -> Ticket:
    """Open a ticket; `hours` may be passed by a caller opening many at once
    (the demo history) to spare reloading the branch's business hours."""
    if body.caller_client_id is None and not body.caller_phone:
        raise CallerMissing()
    if body.caller_client_id is not None:
        await get_or_404(session, Client, body.caller_client_id, "Client")

    hours = hours or await business_hours(session, staff.branch_id)
    limits = (await time_limits(session, staff.branch_id))[(body.line, body.priority)]
    ticket = Ticket(
        branch_id=staff.branch_id,
        line=body.line,
        caller_client_id=body.caller_client_id,
        caller_phone=body.caller_phone,
        summary=body.summary,
        priority=body.priority,
        status=S.NEW,
        opened_by_id=staff.id,
        opened_at=now,
        first_response_due_at=hours.add(now, limits.first_response_minutes),
        resolution_due_at=hours.add(now, limits.resolution_minutes),
    )
    session.add(ticket)
    await session.flush()
    session.add(_event(ticket, "opened", now, staff.id, to_status=S.NEW))
    log.info(
        "ticket.opened",
        ticket_id=ticket.id,
        line=body.line.value,
        priority=body.priority.value,
    )
    await _assign(session, ticket, body.agent_id, staff.id, now)
    await session.flush()
    return ticket


async def assign_ticket(
    session: AsyncSession,
    ticket: Ticket,
    agent_id: int | None,
    actor: Staff,
    now: datetime,
) -> Ticket:
    if ticket.status not in OPEN:
        raise TicketFinished(ticket.id)

    await _assign(session, ticket, agent_id, actor.id, now)
    await session.flush()
    return ticket


async def record_breach(
    session: AsyncSession, ticket: Ticket, clock: TicketClock, now: datetime
) -> None:
    """Mark the clock breached, for good, and put it before the supervisors."""
    if clock == TicketClock.FIRST_RESPONSE:
        ticket.first_response_breached = True
    else:
        ticket.resolution_breached = True
    exists = await session.scalar(
        select(TicketEscalation.id).where(
            TicketEscalation.ticket_id == ticket.id, TicketEscalation.clock == clock
        )
    )
    if exists is None:
        session.add(
            TicketEscalation(
                branch_id=ticket.branch_id,
                ticket_id=ticket.id,
                clock=clock,
                escalated_at=now,
                assignee_id=ticket.assignee_id,
            )
        )
        session.add(_event(ticket, "escalated", now, None, note=clock.value))
        log.warning("ticket.escalated", ticket_id=ticket.id, clock=clock.value)


def _resume(ticket: Ticket, hours: BusinessHours, now: datetime) -> None:
    assert ticket.paused_since is not None
    left = hours.between(ticket.paused_since, ticket.resolution_due_at)
    ticket.resolution_due_at = hours.add(now, left.total_seconds() / 60)
    ticket.paused_since = None


async def move_ticket(
    session: AsyncSession,
    ticket: Ticket,
    to: TicketStatus,
    note: str,
    actor: Staff,
    now: datetime,
    *,
    hours: BusinessHours | None = None,
) -> Ticket:
    current = ticket.status
    if to not in ALLOWED[current]:
        raise TransitionNotAllowed(current.value, to.value)
    if to in (S.IN_PROGRESS, S.WAITING_ON_CLIENT) and ticket.assignee_id is None:
        raise TicketNotAssigned()

    hours = hours or await business_hours(session, ticket.branch_id)
    if current == S.WAITING_ON_CLIENT:
        _resume(ticket, hours, now)

    if to in RESPONDED and ticket.first_response_at is None:
        ticket.first_response_at = now
        if now > ticket.first_response_due_at:
            await record_breach(session, ticket, TicketClock.FIRST_RESPONSE, now)
    if to == S.WAITING_ON_CLIENT:
        ticket.paused_since = now
    if to == S.RESOLVED:
        ticket.resolved_at = now
        if now > ticket.resolution_due_at:
            await record_breach(session, ticket, TicketClock.RESOLUTION, now)
    if to == S.CLOSED:
        ticket.closed_at = now

    ticket.status = to
    session.add(
        _event(
            ticket,
            "status",
            now,
            actor.id,
            from_status=current,
            to_status=to,
            note=note,
        )
    )
    await session.flush()
    log.info(
        "ticket.moved", ticket_id=ticket.id, from_status=current.value, to=to.value
    )
    return ticket


async def add_note(
    session: AsyncSession, ticket: Ticket, note: str, actor: Staff, now: datetime
) -> None:
    session.add(_event(ticket, "note", now, actor.id, note=note))
    await session.flush()


def ticket_query(
    line: HotlineLine | None,
    status: TicketStatus | None,
    assignee_id: int | None,
    open_only: bool,
) -> Select[Ticket]:
    # Open tickets first, so the queue reads as one; then most urgent first
    # (PostgreSQL orders an enum by its declaration: normal < high < urgent).
    query = select(Ticket).order_by(
        case((Ticket.status.in_(OPEN), 0), else_=1),
        Ticket.priority.desc(),
        Ticket.resolution_due_at,
        Ticket.id,
    )
    if line is not None:
        query = query.where(Ticket.line == line)
    if status is not None:
        query = query.where(Ticket.status == status)
    if assignee_id is not None:
        query = query.where(Ticket.assignee_id == assignee_id)
    if open_only:
        query = query.where(Ticket.status.in_(OPEN))
    return query


async def ticket_events(session: AsyncSession, ticket_id: int) -> list[TicketEvent]:
    rows = await session.scalars(
        select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket_id)
        .order_by(TicketEvent.at, TicketEvent.id)
    )
    return list(rows)
