"""A ticket as the API shows it: its record plus its two clocks read now."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.policy.hours import BusinessHours
from services.hotline.tickets.schemas import ClockRead, HandoffBrief, TicketRead
from shared.models.hotline import Handoff, Ticket


def _minutes_left(hours: BusinessHours, since: datetime, due: datetime) -> int:
    if due >= since:
        return int(hours.between(since, due).total_seconds() // 60)
    return -int(hours.between(due, since).total_seconds() // 60)


def ticket_read(
    ticket: Ticket, hours: BusinessHours, now: datetime, handoff: Handoff | None
) -> TicketRead:
    paused = ticket.paused_since is not None
    first_left = (
        None
        if ticket.first_response_at
        else _minutes_left(hours, now, ticket.first_response_due_at)
    )
    resolution_left = (
        None
        if ticket.resolved_at
        else _minutes_left(hours, ticket.paused_since or now, ticket.resolution_due_at)
    )
    return TicketRead(
        id=ticket.id,
        line=ticket.line,
        caller_client_id=ticket.caller_client_id,
        caller_phone=ticket.caller_phone,
        summary=ticket.summary,
        priority=ticket.priority,
        status=ticket.status,
        assignee_id=ticket.assignee_id,
        opened_at=ticket.opened_at,
        first_response=ClockRead(
            due_at=ticket.first_response_due_at,
            done_at=ticket.first_response_at,
            breached=ticket.first_response_breached,
            paused=False,
            business_minutes_left=first_left,
        ),
        resolution=ClockRead(
            due_at=ticket.resolution_due_at,
            done_at=ticket.resolved_at,
            breached=ticket.resolution_breached,
            paused=paused,
            business_minutes_left=resolution_left,
        ),
        sheet_id=ticket.sheet_id,
        handoff=HandoffBrief.model_validate(handoff) if handoff else None,
    )


async def handoffs_of(
    session: AsyncSession, ticket_ids: list[int]
) -> dict[int, Handoff]:
    """Each ticket's latest hand-off: the live one, or the last refused."""
    if not ticket_ids:
        return {}
    rows = await session.scalars(
        select(Handoff).where(Handoff.ticket_id.in_(ticket_ids)).order_by(Handoff.id)
    )
    return {row.ticket_id: row for row in rows}


async def handoff_history(session: AsyncSession, ticket_id: int) -> list[Handoff]:
    rows = await session.scalars(
        select(Handoff).where(Handoff.ticket_id == ticket_id).order_by(Handoff.id)
    )
    return list(rows)
