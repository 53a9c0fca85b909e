import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from services.advisory.app import create_app
from shared.db import create_sessionmaker
from shared.models import ClientTier, Staff
from shared.models.advisory import AdvisoryEvent, Sheet, SheetStatus
from shared.roles import Role
from shared.settings import get_settings
from tests.builders import auth, make_branch, make_client, make_staff

CLAIMERS = 20
SHEETS = 500


async def _fill_queue(session: AsyncSession) -> list[Staff]:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    clients = [
        await make_client(session, branch, tier=tier, manager=manager)
        for tier in (ClientTier.RETAIL, ClientTier.HIGH_END)
    ]
    analysts = [
        await make_staff(session, branch, Role.ANALYST, qualification=f"A{n:04d}")
        for n in range(CLAIMERS)
    ]
    start = datetime.now(UTC) - timedelta(hours=1)
    # Plain inserts keep the setup quick; the claims under test go through
    # the HTTP API.
    session.add_all(
        Sheet(
            branch_id=branch.id,
            client_id=clients[n % 7 == 0].id,
            status=SheetStatus.SUBMITTED,
            version=2,
            question=f"问题{n}",
            risk_level=clients[0].risk_level,
            is_high_end=n % 7 == 0,
            created_by_id=manager.id,
            manager_id=manager.id,
            submitted_at=start,
            due_at=start + timedelta(minutes=n),
        )
        for n in range(SHEETS)
    )
    await session.flush()
    return analysts


async def test_twenty_concurrent_claimers_claim_each_of_500_sheets_exactly_once(
    fresh_database_url: str,
) -> None:
    engine = create_async_engine(fresh_database_url, pool_size=CLAIMERS + 5)
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    async with sessionmaker() as session, session.begin():
        analysts = await _fill_queue(session)

    settings = get_settings().model_copy(
        update={"database_url": fresh_database_url, "scheduler_enabled": False}
    )
    app = create_app(settings)
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)
    claims: list[tuple[int, int]] = []

    async def claim_until_empty(analyst: Staff, api: httpx.AsyncClient) -> None:
        while True:
            response = await api.post("/queue/claim", headers=auth(analyst))
            if response.status_code == 204:
                return
            assert response.status_code == 200, response.text
            claims.append((response.json()["id"], analyst.id))

    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as api:
            await asyncio.gather(*(claim_until_empty(a, api) for a in analysts))

        async with sessionmaker() as session:
            statuses = Counter(await session.scalars(select(Sheet.status)))
            events = Counter(
                await session.scalars(
                    select(AdvisoryEvent.sheet_id).where(
                        AdvisoryEvent.kind == "claimed"
                    )
                )
            )
            rows = await session.execute(select(Sheet.id, Sheet.claimed_by_id))
            holders = {sheet_id: holder for sheet_id, holder in rows}
    finally:
        await engine.dispose()

    claimed_ids = [sheet_id for sheet_id, _ in claims]
    assert len(claimed_ids) == SHEETS
    assert len(set(claimed_ids)) == SHEETS
    assert statuses == {SheetStatus.CLAIMED: SHEETS}
    assert set(events.values()) == {1} and len(events) == SHEETS
    assert all(holders[sheet_id] == analyst for sheet_id, analyst in claims)
    assert len({analyst for _, analyst in claims}) > 1


async def test_concurrent_retries_of_one_hand_off_make_one_sheet(
    fresh_database_url: str,
) -> None:
    engine = create_async_engine(fresh_database_url, pool_size=10)
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    async with sessionmaker() as session, session.begin():
        branch = await make_branch(session)
        agent = await make_staff(session, branch, Role.HOTLINE_AGENT)
        client = await make_client(session, branch)

    settings = get_settings().model_copy(
        update={"database_url": fresh_database_url, "scheduler_enabled": False}
    )
    app = create_app(settings)
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)
    body = {
        "client_id": client.id,
        "question": "热线转来的投资咨询",
        "source_ticket_id": 9,
        "submit": True,
    }
    headers = {**auth(agent), "Idempotency-Key": "ticket-9"}
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as api:
            responses = await asyncio.gather(
                *(api.post("/sheets", headers=headers, json=body) for _ in range(8))
            )
        async with sessionmaker() as session:
            sheets = list(await session.scalars(select(Sheet.id)))
    finally:
        await engine.dispose()

    assert sorted(r.status_code for r in responses) == [200] * 7 + [201]
    assert {r.json()["id"] for r in responses} == set(sheets)
    assert len(sheets) == 1
