import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from services.visits.plans.jobs import PREPARE_PLANS
from services.visits.plans.service import ensure_plans
from shared.jobs import run_job_once
from shared.models import Branch, ClientTier
from shared.models.visits import VisitPlanEntry
from shared.roles import Role
from tests.builders import make_branch, make_client, make_staff
from tests.visits.builders import set_manager_quotas

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def sessions(fresh_database_url: str) -> AsyncIterator[Sessions]:
    engine = create_async_engine(fresh_database_url)
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


async def _branch(sessions: Sessions) -> Branch:
    """Three managers with a quota of 2 visits and 12 on-site clients."""
    async with sessions() as session, session.begin():
        branch = await make_branch(session)
        managers = [
            await make_staff(session, branch, Role.CLIENT_MANAGER) for _ in range(3)
        ]
        await set_manager_quotas(session, branch, visits=2, patrols=1)
        for number in range(12):
            await make_client(
                session, branch, tier=ClientTier.MEDIUM, manager=managers[number % 3]
            )
    return branch


async def _entries(sessions: Sessions, day: date) -> int:
    async with sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(VisitPlanEntry)
            .where(VisitPlanEntry.day == day)
        )
    return count or 0


async def test_the_morning_job_prepares_each_trading_days_plans_once(
    sessions: Sessions,
) -> None:
    await _branch(sessions)
    # 08:00 in Shanghai on Monday 2 November and on Saturday 7 November.
    monday_morning = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
    saturday_morning = datetime(2026, 11, 7, 0, 0, tzinfo=UTC)

    first = await run_job_once(sessions, PREPARE_PLANS, monday_morning)
    after_first = await _entries(sessions, date(2026, 11, 2))
    # A replica whose clock is a minute late claims another slot: it runs,
    # and must change nothing.
    late = await run_job_once(sessions, PREPARE_PLANS, monday_morning.replace(minute=1))
    saturday = await run_job_once(sessions, PREPARE_PLANS, saturday_morning)

    assert (first, late, saturday) == (True, True, True)
    assert after_first == 6
    assert await _entries(sessions, date(2026, 11, 2)) == 6
    assert await _entries(sessions, date(2026, 11, 7)) == 0


async def test_managers_asking_at_once_get_one_plan(sessions: Sessions) -> None:
    branch = await _branch(sessions)
    day = date(2026, 11, 3)

    async def ask() -> int:
        async with sessions() as session, session.begin():
            return await ensure_plans(session, branch.id, day)

    made = await asyncio.gather(*(ask() for _ in range(4)))

    assert sorted(made) == [0, 0, 0, 6]
    assert await _entries(sessions, day) == 6
