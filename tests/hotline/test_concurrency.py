"""Round-robin and the hand-off retry under concurrency, with real commits."""

import asyncio

import httpx
import respx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from services.hotline.handoff.client import AdvisoryClient
from services.hotline.handoff.schemas import HandoffCreate
from services.hotline.handoff.service import request_handoff, retry_pending_handoffs
from services.hotline.tickets.schemas import TicketCreate
from services.hotline.tickets.service import open_ticket
from shared.models import Staff
from shared.models.hotline import Handoff, HandoffStatus, HotlineLine, Ticket
from shared.settings import Settings
from tests.builders import make_branch, make_client
from tests.hotline.builders import at, line_agent


async def test_tickets_opened_at_once_go_to_different_agents(
    fresh_database_url: str,
) -> None:
    engine = create_async_engine(fresh_database_url)
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with sessionmaker() as session, session.begin():
            branch = await make_branch(session)
            agents = [
                await line_agent(session, branch, HotlineLine.TECHNICAL)
                for _ in range(2)
            ]
            opener_id = agents[0].id

        first_opened = asyncio.Event()

        async def open_one(minute: int) -> int | None:
            async with sessionmaker() as session, session.begin():
                opener = await session.get(Staff, opener_id)
                assert opener is not None
                body = TicketCreate(
                    line=HotlineLine.TECHNICAL, caller_phone="13900001111", summary="x"
                )
                ticket = await open_ticket(
                    session, opener, body, at("2026-03-10", f"10:0{minute}")
                )
                return ticket.assignee_id

        async def first() -> int | None:
            async with sessionmaker() as session, session.begin():
                opener = await session.get(Staff, opener_id)
                assert opener is not None
                body = TicketCreate(
                    line=HotlineLine.TECHNICAL, caller_phone="13900001111", summary="x"
                )
                ticket = await open_ticket(
                    session, opener, body, at("2026-03-10", "10:01")
                )
                first_opened.set()
                # Still uncommitted while the second ticket picks its agent.
                await asyncio.sleep(0.5)
                return ticket.assignee_id

        async def second() -> int | None:
            await first_opened.wait()
            return await open_one(2)

        assignees = await asyncio.gather(first(), second())

        assert sorted(a for a in assignees if a) == sorted(a.id for a in agents)
    finally:
        await engine.dispose()


async def test_two_retry_runs_at_once_send_a_pending_handoff_once(
    fresh_database_url: str, settings: Settings
) -> None:
    engine = create_async_engine(fresh_database_url)
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    advisory = AdvisoryClient(settings)
    try:
        with respx.mock(base_url=settings.advisory_url) as mock:
            route = mock.post("/sheets").mock(
                side_effect=[httpx.Response(503), httpx.Response(201, json={"id": 9})]
            )
            async with sessionmaker() as session, session.begin():
                branch = await make_branch(session)
                agent = await line_agent(session, branch, HotlineLine.INVESTMENT)
                customer = await make_client(session, branch)
                body = TicketCreate(
                    line=HotlineLine.INVESTMENT,
                    caller_client_id=customer.id,
                    summary="x",
                )
                now = at("2026-03-10", "10:00")
                ticket = await open_ticket(session, agent, body, now)
                await request_handoff(
                    session,
                    ticket,
                    agent,
                    HandoffCreate(question="能买吗"),
                    now,
                    advisory,
                )

            async def run_retry() -> int:
                async with sessionmaker() as session, session.begin():
                    return await retry_pending_handoffs(
                        session, at("2026-03-10", "11:00"), advisory
                    )

            tried = await asyncio.gather(run_retry(), run_retry())

        assert sorted(tried) == [0, 1]
        assert route.call_count == 2
        async with sessionmaker() as session:
            sent = await session.scalar(
                select(func.count())
                .select_from(Handoff)
                .where(Handoff.status == HandoffStatus.SENT)
            )
            linked = await session.scalar(select(Ticket.sheet_id))
        assert (sent, linked) == (1, 9)
    finally:
        await engine.dispose()
