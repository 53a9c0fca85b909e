"""Concurrent steps on one sheet, with real commits: each action holds the
sheet's row lock, so the steps run one after the other and the later ones see
what the first did."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from services.advisory.app import create_app
from services.advisory.queue.service import claim_next
from services.advisory.sheets.service import load_holdings
from shared.db import create_sessionmaker
from shared.models.advisory import AdvisoryEvent, Sheet
from shared.settings import get_settings
from tests.advisory.builders import (
    TUESDAY_MORNING,
    Desk,
    answer_for,
    make_answered_sheet,
    make_desk,
    make_sheet,
)
from tests.builders import auth

RACERS = 6


@dataclass
class Race:
    api: httpx.AsyncClient
    sessionmaker: async_sessionmaker[AsyncSession]

    async def sheet(self, sheet_id: int) -> tuple[Sheet, Counter[str]]:
        async with self.sessionmaker() as session:
            sheet = await session.get(Sheet, sheet_id)
            assert sheet is not None
            kinds = Counter(
                await session.scalars(
                    select(AdvisoryEvent.kind).where(AdvisoryEvent.sheet_id == sheet_id)
                )
            )
        return sheet, kinds


@asynccontextmanager
async def race(database_url: str) -> AsyncIterator[Race]:
    """The advisory app on an engine of its own, so that every request runs
    in its own transaction and commits for real."""
    engine = create_async_engine(database_url, pool_size=RACERS + 4)
    settings = get_settings().model_copy(
        update={"database_url": database_url, "scheduler_enabled": False}
    )
    app = create_app(settings)
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)
    # Open the pool's connections beforehand: otherwise the request that gets
    # the one warm connection is done before the others have connected, and
    # nothing races.
    connections = [await engine.connect() for _ in range(RACERS)]
    for connection in connections:
        await connection.close()
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as api:
            yield Race(api, async_sessionmaker(engine, expire_on_commit=False))
    finally:
        await engine.dispose()


async def _desk(race: Race) -> Desk:
    async with race.sessionmaker() as session, session.begin():
        return await make_desk(session)


async def test_concurrent_answers_to_one_sheet_make_one_answer_and_409s(
    fresh_database_url: str,
) -> None:
    async with race(fresh_database_url) as r:
        desk = await _desk(r)
        async with r.sessionmaker() as session, session.begin():
            await make_sheet(session, desk)
            claimed = await claim_next(session, desk.analyst, now=TUESDAY_MORNING)
            assert claimed is not None
            holdings = [h.id for h in await load_holdings(session, claimed.id)]
            version = claimed.version
        body = answer_for(holdings).model_dump(mode="json")

        responses = await asyncio.gather(
            *(
                r.api.post(
                    f"/sheets/{claimed.id}/answer",
                    headers=auth(desk.analyst),
                    json=body,
                )
                for _ in range(RACERS)
            )
        )
        sheet, kinds = await r.sheet(claimed.id)

    assert sorted(x.status_code for x in responses) == [200] + [409] * (RACERS - 1)
    refused = [x.json() for x in responses if x.status_code == 409]
    assert {problem["current_status"] for problem in refused} == {"answered"}
    assert kinds["answered"] == 1
    assert sheet.status == "answered"
    assert sheet.version == version + 1
    (winner,) = [x for x in responses if x.status_code == 200]
    assert winner.headers["ETag"] == f'"{claimed.id}.{version + 1}"'


async def test_concurrent_submits_of_one_draft_submit_it_once(
    fresh_database_url: str,
) -> None:
    async with race(fresh_database_url) as r:
        desk = await _desk(r)
        async with r.sessionmaker() as session, session.begin():
            draft = await make_sheet(session, desk, submit=False)

        responses = await asyncio.gather(
            *(
                r.api.post(f"/sheets/{draft.id}/submit", headers=auth(desk.manager))
                for _ in range(RACERS)
            )
        )
        sheet, kinds = await r.sheet(draft.id)

    assert sorted(x.status_code for x in responses) == [200] + [409] * (RACERS - 1)
    assert kinds["submitted"] == 1
    assert sheet.status == "submitted"
    assert sheet.version == draft.version + 1


async def test_the_manager_and_the_analyst_confirming_at_once_deliver_the_sheet(
    fresh_database_url: str,
) -> None:
    async with race(fresh_database_url) as r:
        desk = await _desk(r)
        async with r.sessionmaker() as session, session.begin():
            answered = await make_answered_sheet(session, desk)
            version = answered.version

        responses = await asyncio.gather(
            *(
                r.api.post(
                    f"/sheets/{answered.id}/deliveries",
                    headers=auth(party),
                    json={"channel": "phone"},
                )
                for party in (desk.manager, desk.analyst)
            )
        )
        sheet, kinds = await r.sheet(answered.id)

    assert [x.status_code for x in responses] == [200, 200], [x.text for x in responses]
    assert sheet.status == "delivered"
    assert sheet.manager_confirmed_at is not None
    assert sheet.analyst_confirmed_at is not None
    assert kinds["delivery_confirmed"] == 2
    assert kinds["delivered"] == 1
    # Two confirmations and the delivery: three steps, three new versions.
    assert sheet.version == version + 3
    assert {x.headers["ETag"] for x in responses} == {
        f'"{answered.id}.{version + 1}"',
        f'"{answered.id}.{version + 3}"',
    }
