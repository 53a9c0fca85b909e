"""Hotline tickets: round-robin, the status flow and the business-hours clock."""

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.app import create_app
from services.hotline.tickets.schemas import TicketCreate
from services.hotline.tickets.service import move_ticket, open_ticket
from shared.models import Branch, Staff
from shared.models.hotline import (
    HotlineLine,
    Ticket,
    TicketEscalation,
    TicketPriority,
    TicketStatus,
)
from shared.roles import Role
from tests.builders import auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor
from tests.hotline.builders import at, line_agent

S = TicketStatus


async def open_at(
    session: AsyncSession,
    branch: Branch,
    opener: Staff,
    moment: datetime,
    line: HotlineLine = HotlineLine.TECHNICAL,
    priority: TicketPriority = TicketPriority.NORMAL,
) -> Ticket:
    body = TicketCreate(
        line=line,
        caller_phone="13900001111",
        summary="行情软件打不开",
        priority=priority,
    )
    return await open_ticket(session, opener, body, moment)


async def test_round_robin_skips_agents_off_duty(session: AsyncSession) -> None:
    branch = await make_branch(session)
    first = await line_agent(session, branch, HotlineLine.TECHNICAL)
    await line_agent(session, branch, HotlineLine.TECHNICAL, on_duty=False)
    third = await line_agent(session, branch, HotlineLine.TECHNICAL)
    await line_agent(session, branch, HotlineLine.INVESTMENT)
    opener = await make_staff(session, branch, Role.HOTLINE_AGENT)

    assignees = [
        (
            await open_at(session, branch, opener, at("2026-03-10", f"10:0{n}"))
        ).assignee_id
        for n in range(4)
    ]

    assert assignees == [first.id, third.id, first.id, third.id]


async def test_with_nobody_on_duty_the_ticket_waits_new(session: AsyncSession) -> None:
    branch = await make_branch(session)
    await line_agent(session, branch, HotlineLine.TECHNICAL, on_duty=False)
    opener = await make_staff(session, branch, Role.HOTLINE_AGENT)

    ticket = await open_at(session, branch, opener, at("2026-03-10", "10:00"))

    assert (ticket.status, ticket.assignee_id) == (S.NEW, None)


async def test_manual_assignment_and_duty_through_the_api(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.INVESTMENT, on_duty=False)
    other = await line_agent(session, branch, HotlineLine.INVESTMENT, on_duty=False)
    outsider = await line_agent(session, branch, HotlineLine.TECHNICAL)
    customer = await make_client(session, branch)
    client = client_for(create_app)

    on_duty = await client.put(
        f"/lines/investment/agents/{agent.id}",
        json={"on_duty": True},
        headers=auth(agent),
    )
    not_theirs = await client.put(
        f"/lines/investment/agents/{other.id}",
        json={"on_duty": True},
        headers=auth(agent),
    )
    created = await client.post(
        "/tickets",
        json={
            "line": "investment",
            "caller_client_id": customer.id,
            "summary": "问个股",
        },
        headers=auth(agent),
    )
    wrong_line = await client.post(
        f"/tickets/{created.json()['id']}/assign",
        json={"agent_id": outsider.id},
        headers=auth(agent),
    )
    manual = await client.post(
        f"/tickets/{created.json()['id']}/assign",
        json={"agent_id": other.id},
        headers=auth(agent),
    )

    assert on_duty.status_code == 200
    assert not_theirs.status_code == 403
    assert created.status_code == 201, created.text
    assert created.json()["assignee_id"] == agent.id
    assert created.json()["status"] == "assigned"
    assert wrong_line.status_code == 422
    assert manual.json()["assignee_id"] == other.id
    assert [e["kind"] for e in manual.json()["events"]] == [
        "opened",
        "assigned",
        "assigned",
    ]


async def test_a_caller_is_needed_and_bad_moves_are_refused(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    client = client_for(create_app)

    nobody = await client.post(
        "/tickets", json={"line": "technical", "summary": "x"}, headers=auth(agent)
    )
    created = await client.post(
        "/tickets",
        json={"line": "technical", "caller_phone": "021-5555", "summary": "x"},
        headers=auth(agent),
    )
    closed = await client.post(
        f"/tickets/{created.json()['id']}/status",
        json={"status": "closed"},
        headers=auth(agent),
    )
    reopened = await client.post(
        f"/tickets/{created.json()['id']}/status",
        json={"status": "in_progress"},
        headers=auth(agent),
    )

    assert nobody.status_code == 422
    assert nobody.json()["errors"][0]["loc"] == ["body", "caller_client_id"]
    assert closed.status_code == 200
    assert reopened.status_code == 409


async def test_the_clock_runs_across_lunch_a_night_and_a_weekend(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)

    # Technical, normal: 60 minutes to respond, 480 to resolve (defaults).
    # Friday 11:30: 30 min before lunch + 30 after it = 13:30; the 480
    # minutes are Friday's 300, then Monday 09:00-12:00.
    ticket = await open_at(session, branch, agent, at("2026-03-06", "11:30"))

    assert ticket.first_response_due_at == at("2026-03-06", "13:30")
    assert ticket.resolution_due_at == at("2026-03-09", "12:00")


async def test_waiting_on_the_client_pauses_the_resolution_clock(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    ticket = await open_at(session, branch, agent, at("2026-03-10", "09:00"))
    # A business day is 450 minutes, so 480 run into the next morning.
    assert ticket.resolution_due_at == at("2026-03-11", "09:30")

    await move_ticket(
        session, ticket, S.IN_PROGRESS, "", agent, at("2026-03-10", "09:10")
    )
    await move_ticket(
        session,
        ticket,
        S.WAITING_ON_CLIENT,
        "等客户截图",
        agent,
        at("2026-03-10", "10:00"),
    )
    # 7 business hours were left at 10:00; the client answers next morning.
    await move_ticket(
        session, ticket, S.IN_PROGRESS, "", agent, at("2026-03-11", "09:30")
    )

    assert ticket.paused_since is None
    assert ticket.resolution_due_at == at("2026-03-11", "17:30")
    assert ticket.first_response_at == at("2026-03-10", "09:10")


async def test_a_breach_stays_on_record_after_the_ticket_is_resolved(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    ticket = await open_at(session, branch, agent, at("2026-03-10", "09:00"))

    await move_ticket(
        session, ticket, S.IN_PROGRESS, "", agent, at("2026-03-10", "10:30")
    )
    await move_ticket(session, ticket, S.RESOLVED, "", agent, at("2026-03-10", "11:00"))
    await move_ticket(session, ticket, S.CLOSED, "", agent, at("2026-03-10", "11:05"))

    assert ticket.first_response_breached
    assert not ticket.resolution_breached
    escalations = await session.scalars(
        select(TicketEscalation.clock).where(TicketEscalation.ticket_id == ticket.id)
    )
    assert [clock.value for clock in escalations] == ["first_response"]


async def test_the_queue_puts_urgent_first_and_another_branch_sees_nothing(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    normal = await open_at(session, branch, agent, at("2026-03-10", "09:00"))
    urgent = await open_at(
        session,
        branch,
        agent,
        at("2026-03-10", "09:05"),
        priority=TicketPriority.URGENT,
    )
    elsewhere = await make_staff(
        session, await make_branch(session), Role.HOTLINE_AGENT
    )
    client = client_for(create_app)

    queue = await client.get(
        "/tickets", params={"line": "technical", "open": "true"}, headers=auth(agent)
    )
    foreign = await client.get(f"/tickets/{normal.id}", headers=auth(elsewhere))

    assert [t["id"] for t in queue.json()["items"]] == [urgent.id, normal.id]
    assert foreign.status_code == 404


@pytest.mark.parametrize(
    ("phone", "status"),
    [
        ("13900001111", 201),
        ("+8613900001111", 201),
        ("010-12345678", 201),
        ("01012345678", 201),
        ("123", 422),
        ("1390000111a", 422),
        ("139 0000 1111", 422),
        ("+", 422),
        ("-13900001111", 422),
        ("139000011112222333344", 422),
    ],
)
async def test_a_callers_phone_must_be_plausible(
    session: AsyncSession, client_for: ClientFor, phone: str, status: int
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    client = client_for(create_app)

    response = await client.post(
        "/tickets",
        json={"line": "technical", "caller_phone": phone, "summary": "x"},
        headers=auth(agent),
    )

    assert response.status_code == status, response.text
    if status == 422:
        assert [e["loc"] for e in response.json()["errors"]] == [
            ["body", "caller_phone"]
        ]


async def test_the_whole_queue_lists_open_tickets_before_finished_ones(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    closed = await open_at(
        session,
        branch,
        agent,
        at("2026-03-10", "09:00"),
        priority=TicketPriority.URGENT,
    )
    await move_ticket(session, closed, S.CLOSED, "", agent, at("2026-03-10", "09:10"))
    normal = await open_at(session, branch, agent, at("2026-03-10", "09:20"))
    high = await open_at(
        session, branch, agent, at("2026-03-10", "09:30"), priority=TicketPriority.HIGH
    )
    client = client_for(create_app)

    queue = await client.get(
        "/tickets", params={"line": "technical"}, headers=auth(agent)
    )

    assert [t["id"] for t in queue.json()["items"]] == [high.id, normal.id, closed.id]
