"""Off-site client events, and the hotline agents' time-limit compliance."""

from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.app import create_app
from services.hotline.tickets.schemas import TicketCreate
from services.hotline.tickets.service import move_ticket, open_ticket
from shared.models import ClientSegment
from shared.models.hotline import HotlineLine, TicketStatus
from shared.roles import Role
from tests.builders import auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor
from tests.hotline.builders import at, line_agent


async def test_an_event_records_invitations_and_attendance(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await make_staff(session, branch, Role.CALLBACK_AGENT)
    came = await make_client(session, branch, segment=ClientSegment.OFF_SITE)
    stayed_home = await make_client(session, branch, segment=ClientSegment.OFF_SITE)
    on_site = await make_client(session, branch, segment=ClientSegment.ON_SITE)
    client = client_for(create_app)

    event = await client.post(
        "/events",
        json={"held_on": "2026-03-20", "topic": "两融业务说明会"},
        headers=auth(agent),
    )
    event_id = event.json()["id"]
    refused = await client.post(
        f"/events/{event_id}/invitations",
        json={"client_ids": [came.id, on_site.id]},
        headers=auth(agent),
    )
    invited = await client.post(
        f"/events/{event_id}/invitations",
        json={"client_ids": [came.id, stayed_home.id, came.id]},
        headers=auth(agent),
    )
    attended = await client.put(
        f"/events/{event_id}/attendance",
        json={"client_id": came.id, "attended": True},
        headers=auth(agent),
    )
    listed = await client.get("/events", headers=auth(agent))

    assert event.status_code == 201
    assert refused.status_code == 422
    assert invited.json()["invited"] == 2
    assert attended.json()["attended"] == 1
    assert [(e["invited"], e["attended"]) for e in listed.json()] == [(2, 1)]


async def test_ticket_compliance_counts_deadlines_met_per_agent(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    body = TicketCreate(
        line=HotlineLine.TECHNICAL, caller_phone="13900001111", summary="x"
    )
    on_time = await open_ticket(session, agent, body, at("2026-03-10", "09:00"))
    late = await open_ticket(session, agent, body, at("2026-03-10", "09:00"))
    await move_ticket(
        session, on_time, TicketStatus.RESOLVED, "", agent, at("2026-03-10", "09:30")
    )
    await move_ticket(
        session, late, TicketStatus.IN_PROGRESS, "", agent, at("2026-03-10", "11:00")
    )
    await move_ticket(
        session, late, TicketStatus.RESOLVED, "", agent, at("2026-03-11", "11:00")
    )

    response = await client_for(create_app).get(
        "/compliance",
        params={"from": "2026-03-10", "to": "2026-03-11"},
        headers=auth(supervisor),
    )

    rows = {
        (r["duty"], r["day"]): (r["required"], r["done"], r["met"])
        for r in response.json()["rows"]
        if r["staff_id"] == agent.id
    }
    assert rows == {
        ("ticket_first_response_on_time", "2026-03-10"): (2, 1, False),
        ("ticket_resolved_on_time", "2026-03-11"): (2, 1, False),
    }
