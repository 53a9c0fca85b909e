"""Callback forms: who may call whom, and what counts toward the quota."""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.app import create_app
from services.hotline.callbacks.service import callbacks_done
from shared.models import ClientSegment
from shared.roles import Role
from tests.builders import auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor
from tests.hotline.builders import callback_quota

CALL = {"called_at": "2026-03-10T10:00:00+08:00", "topics": ["new_services"]}


async def test_an_agent_logs_a_callback_on_the_branchs_day(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await make_staff(session, branch, Role.CALLBACK_AGENT)
    customer = await make_client(session, branch, segment=ClientSegment.OFF_SITE)

    response = await client_for(create_app).post(
        "/callbacks",
        json={
            "client_id": customer.id,
            "called_at": "2026-03-10T07:30:00+08:00",
            "outcome": "reached",
            "topics": ["investment_question", "trading_software"],
            "notes": "问了新股申购",
            "follow_ups": "下周再联系",
        },
        headers=auth(agent),
    )

    assert response.status_code == 201, response.text
    assert response.json()["business_day"] == "2026-03-10"
    assert response.json()["topics"] == ["investment_question", "trading_software"]


async def test_the_clients_own_manager_may_not_make_the_callback(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await make_staff(session, branch, Role.CALLBACK_AGENT, Role.CLIENT_MANAGER)
    customer = await make_client(
        session, branch, segment=ClientSegment.OFF_SITE, manager=agent
    )

    response = await client_for(create_app).post(
        "/callbacks",
        json={"client_id": customer.id, "outcome": "reached", **CALL},
        headers=auth(agent),
    )

    assert response.status_code == 403
    assert "manager" in response.json()["detail"]


async def test_only_callback_agents_log_callbacks(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    customer = await make_client(session, branch, segment=ClientSegment.OFF_SITE)

    response = await client_for(create_app).post(
        "/callbacks",
        json={"client_id": customer.id, "outcome": "reached", **CALL},
        headers=auth(manager),
    )

    assert response.status_code == 403


async def test_bad_input_is_refused_naming_the_field(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await make_staff(session, branch, Role.CALLBACK_AGENT)
    customer = await make_client(session, branch, segment=ClientSegment.OFF_SITE)
    blocked = await make_client(
        session, branch, segment=ClientSegment.OFF_SITE, do_not_call=True
    )
    client = client_for(create_app)

    bad_outcome = await client.post(
        "/callbacks",
        json={"client_id": customer.id, "outcome": "maybe"},
        headers=auth(agent),
    )
    nul_notes = await client.post(
        "/callbacks",
        json={"client_id": customer.id, "outcome": "reached", "notes": "a\x00b"},
        headers=auth(agent),
    )
    future = await client.post(
        "/callbacks",
        json={
            "client_id": customer.id,
            "outcome": "reached",
            "called_at": "2099-01-01T10:00:00+08:00",
        },
        headers=auth(agent),
    )
    do_not_call = await client.post(
        "/callbacks",
        json={"client_id": blocked.id, "outcome": "reached"},
        headers=auth(agent),
    )

    assert bad_outcome.status_code == 422
    assert bad_outcome.json()["errors"][0]["loc"] == ["body", "outcome"]
    assert nul_notes.status_code == 422
    assert nul_notes.json()["errors"][0]["loc"] == ["body", "notes"]
    assert future.status_code == 422
    assert future.json()["errors"][0]["loc"] == ["body", "called_at"]
    assert do_not_call.status_code == 409


async def test_a_reached_client_counts_once_a_day_and_unreached_per_policy(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await make_staff(session, branch, Role.CALLBACK_AGENT)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    first = await make_client(session, branch, segment=ClientSegment.OFF_SITE)
    second = await make_client(session, branch, segment=ClientSegment.OFF_SITE)
    client = client_for(create_app)
    calls = [
        (first, "reached"),
        (first, "reached"),
        (second, "no_answer"),
        (second, "no_answer"),
    ]
    for customer, outcome in calls:
        response = await client.post(
            "/callbacks",
            json={"client_id": customer.id, "outcome": outcome, **CALL},
            headers=auth(agent),
        )
        assert response.status_code == 201
    day = date(2026, 3, 10)

    assert await callbacks_done(session, branch.id, day, day) == {(agent.id, day): 1}

    changed = await client.patch(
        "/policy",
        json={"unreached_counts_toward_quota": True},
        headers=auth(supervisor),
    )
    assert changed.status_code == 200
    assert await callbacks_done(session, branch.id, day, day) == {(agent.id, day): 3}


async def test_callback_compliance_is_quota_against_done_per_agent(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    agent = await make_staff(session, branch, Role.CALLBACK_AGENT)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    await callback_quota(session, branch, 1)
    customer = await make_client(session, branch, segment=ClientSegment.OFF_SITE)
    client = client_for(create_app)
    await client.post(
        "/callbacks",
        json={"client_id": customer.id, "outcome": "reached", **CALL},
        headers=auth(agent),
    )

    response = await client.get(
        "/compliance",
        params={"from": "2026-03-10", "to": "2026-03-11"},
        headers=auth(supervisor),
    )

    rows = [r for r in response.json()["rows"] if r["duty"] == "callback"]
    assert [(r["day"], r["required"], r["done"], r["met"]) for r in rows] == [
        ("2026-03-10", 1, 1, True),
        ("2026-03-11", 1, 0, False),
    ]
    assert {r["staff_id"] for r in rows} == {agent.id}
