"""The two hotlines' tickets: open, assign, work, and their escalations."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select

from services.hotline.policy.service import business_hours
from services.hotline.tickets.errors import EscalationAlreadyAcknowledged
from services.hotline.tickets.schemas import (
    EscalationRead,
    HandoffBrief,
    TicketAssign,
    TicketCreate,
    TicketDetail,
    TicketEventRead,
    TicketNote,
    TicketRead,
    TicketTransition,
)
from services.hotline.tickets.service import (
    add_note,
    assign_ticket,
    move_ticket,
    open_ticket,
    ticket_events,
    ticket_query,
)
from services.hotline.tickets.views import handoff_history, handoffs_of, ticket_read
from shared.auth.dependencies import require_roles
from shared.db import SessionDep
from shared.models.hotline import (
    HotlineLine,
    Ticket,
    TicketEscalation,
    TicketStatus,
)
from shared.models.org import Staff
from shared.roles import Role
from shared.schemas import Page
from shared.scoping import get_or_404

router = APIRouter(tags=["tickets"])

Desk = Annotated[Staff, Depends(require_roles(Role.HOTLINE_AGENT, Role.SUPERVISOR))]
Supervisor = Annotated[Staff, Depends(require_roles(Role.SUPERVISOR))]


async def _detail(session: SessionDep, ticket: Ticket, now: datetime) -> TicketDetail:
    hours = await business_hours(session, ticket.branch_id)
    handoffs = await handoff_history(session, ticket.id)
    latest = handoffs[-1] if handoffs else None
    events = await ticket_events(session, ticket.id)
    return TicketDetail(
        **ticket_read(ticket, hours, now, latest).model_dump(),
        events=[TicketEventRead.model_validate(event) for event in events],
        handoffs=[HandoffBrief.model_validate(handoff) for handoff in handoffs],
    )


@router.post("/tickets", response_model=TicketDetail, status_code=201)
async def create_ticket(
    body: TicketCreate, session: SessionDep, staff: Desk
) -> TicketDetail:
    """Open a ticket for a call. Without `agent_id` it goes round-robin to the
    line's agents on duty; with none on duty it waits, new, in the queue."""
    now = datetime.now(UTC)
    ticket = await open_ticket(session, staff, body, now)
    return await _detail(session, ticket, now)


@router.get("/tickets", response_model=Page[TicketRead])
async def list_tickets(
    session: SessionDep,
    staff: Desk,
    line: HotlineLine | None = None,
    status: TicketStatus | None = None,
    assignee_id: int | None = None,
    open_only: Annotated[bool, Query(alias="open")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[TicketRead]:
    """A line's queue: open tickets first, most urgent first, then the nearest
    deadline; then resolved and closed tickets in the same order."""
    query = ticket_query(line, status, assignee_id, open_only)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    tickets = list(await session.scalars(query.limit(limit).offset(offset)))
    now = datetime.now(UTC)
    hours = await business_hours(session, staff.branch_id)
    handoffs = await handoffs_of(session, [ticket.id for ticket in tickets])
    return Page(
        items=[ticket_read(t, hours, now, handoffs.get(t.id)) for t in tickets],
        total=total or 0,
        limit=limit,
        offset=offset,
    )


@router.get("/tickets/{ticket_id}", response_model=TicketDetail)
async def read_ticket(ticket_id: int, session: SessionDep, _: Desk) -> TicketDetail:
    """The ticket with its timeline and both clocks as of now."""
    ticket = await get_or_404(session, Ticket, ticket_id, "Ticket")
    return await _detail(session, ticket, datetime.now(UTC))


@router.post("/tickets/{ticket_id}/assign", response_model=TicketDetail)
async def assign(
    ticket_id: int, body: TicketAssign, session: SessionDep, staff: Desk
) -> TicketDetail:
    ticket = await get_or_404(session, Ticket, ticket_id, "Ticket")
    now = datetime.now(UTC)
    await assign_ticket(session, ticket, body.agent_id, staff, now)
    return await _detail(session, ticket, now)


@router.post("/tickets/{ticket_id}/status", response_model=TicketDetail)
async def change_status(
    ticket_id: int, body: TicketTransition, session: SessionDep, staff: Desk
) -> TicketDetail:
    """Move the ticket on. Waiting on the client pauses the resolution clock."""
    ticket = await get_or_404(session, Ticket, ticket_id, "Ticket")
    now = datetime.now(UTC)
    await move_ticket(session, ticket, body.status, body.note, staff, now)
    return await _detail(session, ticket, now)


@router.post("/tickets/{ticket_id}/notes", response_model=TicketDetail, status_code=201)
async def note(
    ticket_id: int, body: TicketNote, session: SessionDep, staff: Desk
) -> TicketDetail:
    ticket = await get_or_404(session, Ticket, ticket_id, "Ticket")
    now = datetime.now(UTC)
    await add_note(session, ticket, body.note, staff, now)
    return await _detail(session, ticket, now)


@router.get("/escalations", response_model=list[EscalationRead])
async def list_escalations(
    session: SessionDep,
    _: Supervisor,
    open_only: Annotated[bool, Query(alias="open")] = True,
) -> list[EscalationRead]:
    """Breached ticket clocks, newest first; by default those not yet seen to."""
    query = select(TicketEscalation).order_by(TicketEscalation.escalated_at.desc())
    if open_only:
        query = query.where(TicketEscalation.acknowledged_at.is_(None))
    rows = await session.scalars(query.limit(500))
    return [EscalationRead.model_validate(row) for row in rows]


@router.post("/escalations/{escalation_id}/acknowledge", response_model=EscalationRead)
async def acknowledge(
    escalation_id: int, session: SessionDep, supervisor: Supervisor
) -> EscalationRead:
    escalation = await get_or_404(
        session, TicketEscalation, escalation_id, "Escalation"
    )
    if escalation.acknowledged_at is not None:
        raise EscalationAlreadyAcknowledged(escalation.id)

    escalation.acknowledged_by_id = supervisor.id
    escalation.acknowledged_at = datetime.now(UTC)
    await session.flush()
    return EscalationRead.model_validate(escalation)
