import asyncio
from datetime import UTC, datetime

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from shared.jobs import ScheduledJob, run_job_once
from shared.models import JobRun


async def test_a_job_slot_runs_once_however_many_replicas_fire(
    fresh_database_url: str,
) -> None:
    engine = create_async_engine(fresh_database_url)
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    runs: list[datetime] = []

    async def count_run(session: AsyncSession, now: datetime) -> None:
        runs.append(now)
        await asyncio.sleep(0.05)

    job = ScheduledJob("test.count", IntervalTrigger(minutes=1), count_run)
    now = datetime(2026, 12, 3, 0, 30, 12, tzinfo=UTC)
    try:
        ran = await asyncio.gather(
            *(run_job_once(sessionmaker, job, now) for _ in range(5))
        )
        next_slot = await run_job_once(sessionmaker, job, now.replace(minute=31))
    finally:
        await engine.dispose()

    assert sorted(ran) == [False, False, False, False, True]
    assert next_slot is True
    assert len(runs) == 2


async def test_a_failed_run_leaves_nothing_behind(fresh_database_url: str) -> None:
    engine = create_async_engine(fresh_database_url)
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)

    async def fail_halfway(session: AsyncSession, now: datetime) -> None:
        await session.execute(text("CREATE TABLE half_done (id int)"))
        raise RuntimeError("boom")

    job = ScheduledJob("test.fail", IntervalTrigger(minutes=1), fail_halfway)
    try:
        ran = await run_job_once(sessionmaker, job, datetime.now(UTC))
        async with sessionmaker() as session:
            claims = await session.scalar(
                select(func.count())
                .select_from(JobRun)
                .where(JobRun.job == "test.fail")
            )
            leftover = await session.scalar(text("SELECT to_regclass('half_done')"))
    finally:
        await engine.dispose()

    assert ran is False
    assert claims == 0
    assert leftover is None
