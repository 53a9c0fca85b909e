"""The branch's hotline policy and time limits: defaults, changes, refusals."""

from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.app import create_app
from services.hotline.tickets.schemas import TicketCreate
from services.hotline.tickets.service import open_ticket
from shared.models.hotline import HotlineLine, TicketPriority
from shared.roles import Role
from tests.builders import auth, make_branch, make_staff
from tests.conftest import ClientFor
from tests.hotline.builders import at, line_agent


async def test_a_supervisor_changes_hours_and_limits_and_tickets_follow(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    client = client_for(create_app)

    defaults = await client.get("/policy", headers=auth(agent))
    hours = await client.patch(
        "/policy",
        json={"morning_open": "08:30:00", "warn_before_minutes": 10},
        headers=auth(supervisor),
    )
    limit = await client.put(
        "/policy/time-limits/technical/urgent",
        json={"first_response_minutes": 5, "resolution_minutes": 45},
        headers=auth(supervisor),
    )
    body = TicketCreate(
        line=HotlineLine.TECHNICAL,
        caller_phone="13900001111",
        summary="x",
        priority=TicketPriority.URGENT,
    )
    ticket = await open_ticket(session, agent, body, at("2026-03-10", "08:00"))

    assert defaults.json()["morning_open"] == "09:00:00"
    assert defaults.json()["max_unreached_attempts"] == 3
    assert hours.status_code == 200
    assert limit.status_code == 200
    assert ticket.first_response_due_at == at("2026-03-10", "08:35")
    assert ticket.resolution_due_at == at("2026-03-10", "09:15")


async def test_bad_policy_values_are_refused_naming_the_field(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    agent = await make_staff(session, branch, Role.HOTLINE_AGENT)
    client = client_for(create_app)

    lunch_first = await client.patch(
        "/policy", json={"afternoon_open": "11:00:00"}, headers=auth(supervisor)
    )
    shorter = await client.put(
        "/policy/time-limits/investment/normal",
        json={"first_response_minutes": 60, "resolution_minutes": 30},
        headers=auth(supervisor),
    )
    not_allowed = await client.patch(
        "/policy", json={"warn_before_minutes": 5}, headers=auth(agent)
    )
    unknown_line = await client.put(
        "/policy/time-limits/sales/normal",
        json={"first_response_minutes": 5, "resolution_minutes": 30},
        headers=auth(supervisor),
    )

    assert lunch_first.status_code == 422
    assert lunch_first.json()["errors"][0]["loc"] == ["body", "afternoon_open"]
    assert shorter.status_code == 422
    assert shorter.json()["errors"][0]["loc"] == ["body", "resolution_minutes"]
    assert not_allowed.status_code == 403
    assert unknown_line.status_code == 422
