"""The clock watch: a warning before a breach, an escalation after it."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from services.hotline.app import create_app
from services.hotline.tickets.jobs import TICKET_CLOCK_JOB, check_ticket_clocks
from services.hotline.tickets.schemas import TicketCreate
from services.hotline.tickets.service import move_ticket, open_ticket
from shared.jobs import run_job_once
from shared.models.hotline import (
    HotlineLine,
    Ticket,
    TicketEscalation,
    TicketEvent,
    TicketStatus,
)
from shared.roles import Role
from tests.builders import auth, make_branch, make_staff
from tests.conftest import ClientFor
from tests.hotline.builders import at, line_agent

BODY = TicketCreate(
    line=HotlineLine.TECHNICAL, caller_phone="13900001111", summary="断线"
)


async def kinds(session: AsyncSession, ticket: Ticket) -> list[str]:
    rows = await session.scalars(
        select(TicketEvent.kind + ":" + TicketEvent.note)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind != "assigned")
        .order_by(TicketEvent.id)
    )
    return list(rows)


async def test_a_warning_before_the_breach_and_an_escalation_after(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    # First response due 10:00 (60 business minutes); warnings 30 minutes ahead.
    ticket = await open_ticket(session, agent, BODY, at("2026-03-10", "09:00"))

    await check_ticket_clocks(session, at("2026-03-10", "09:20"))
    assert ticket.first_response_warned_at is None

    await check_ticket_clocks(session, at("2026-03-10", "09:35"))
    await check_ticket_clocks(session, at("2026-03-10", "09:40"))
    assert ticket.first_response_warned_at == at("2026-03-10", "09:35")
    assert not ticket.first_response_breached

    await check_ticket_clocks(session, at("2026-03-10", "10:01"))
    await check_ticket_clocks(session, at("2026-03-10", "10:02"))
    assert ticket.first_response_breached
    assert await kinds(session, ticket) == [
        "opened:",
        "warned:first_response",
        "escalated:first_response",
    ]

    escalations = await client_for(create_app).get(
        "/escalations", headers=auth(supervisor)
    )
    assert [(e["ticket_id"], e["clock"]) for e in escalations.json()] == [
        (ticket.id, "first_response")
    ]

    await move_ticket(
        session, ticket, TicketStatus.RESOLVED, "", agent, at("2026-03-10", "10:30")
    )
    assert ticket.first_response_breached


async def test_a_paused_ticket_is_neither_warned_nor_escalated(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    ticket = await open_ticket(session, agent, BODY, at("2026-03-10", "09:00"))
    await move_ticket(
        session,
        ticket,
        TicketStatus.WAITING_ON_CLIENT,
        "",
        agent,
        at("2026-03-10", "09:05"),
    )

    await check_ticket_clocks(session, at("2026-03-12", "16:00"))

    assert ticket.resolution_warned_at is None
    assert not ticket.resolution_breached


async def test_the_job_runs_once_per_slot_with_real_commits(
    fresh_database_url: str,
) -> None:
    engine = create_async_engine(fresh_database_url)
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with sessionmaker() as session, session.begin():
            branch = await make_branch(session)
            agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
            ticket = await open_ticket(session, agent, BODY, at("2026-03-10", "09:00"))
            ticket_id = ticket.id

        late = at("2026-03-10", "11:00")
        assert await run_job_once(sessionmaker, TICKET_CLOCK_JOB, late)
        assert not await run_job_once(sessionmaker, TICKET_CLOCK_JOB, late)

        async with sessionmaker() as session:
            escalated = await session.scalars(
                select(TicketEscalation.clock).where(
                    TicketEscalation.ticket_id == ticket_id
                )
            )
            assert [clock.value for clock in escalated] == ["first_response"]
    finally:
        await engine.dispose()
