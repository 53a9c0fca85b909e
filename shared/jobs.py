"""Scheduled jobs that run once per time slot, however many replicas run.

Every replica schedules the same jobs with APScheduler. When a job fires, the
replica first claims the job's slot (its fire time, to the minute) by
inserting a row into `job_runs`; the primary key lets exactly one replica win,
and the others log `job.skipped`. The winner runs the job in one transaction
and commits, so a crash leaves the slot's claim rolled back with its work and
the next slot tries again. Jobs should still be idempotent: a slot is only a
minute wide, and replicas' clocks may differ by more.
"""

import os
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.audit import act_as
from shared.models.system import JobRun

log = structlog.get_logger(__name__)

REPLICA = f"{socket.gethostname()}:{os.getpid()}"

JobFunction = Callable[[AsyncSession, datetime], Awaitable[None]]


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    trigger: BaseTrigger
    run: JobFunction


async def run_job_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    job: ScheduledJob,
    now: datetime | None = None,
) -> bool:
    """Run `job` for the slot of `now` unless another replica has; True if ran."""
    now = now or datetime.now(UTC)
    slot = now.replace(second=0, microsecond=0)
    started = time.perf_counter()
    async with sessionmaker() as session:
        act_as(session, label=f"job:{job.name}")
        claimed = await session.scalar(
            insert(JobRun)
            .values(job=job.name, slot=slot, replica=REPLICA)
            .on_conflict_do_nothing()
            .returning(JobRun.job)
        )
        if claimed is None:
            log.info("job.skipped", job=job.name, slot=slot.isoformat())
            return False

        try:
            await job.run(session, now)
            await session.commit()
        except Exception:
            await session.rollback()
            log.exception("job.failed", job=job.name, slot=slot.isoformat())
            return False

    log.info(
        "job.finished",
        job=job.name,
        slot=slot.isoformat(),
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )
    return True


def start_scheduler(
    sessionmaker: async_sessionmaker[AsyncSession], jobs: list[ScheduledJob]
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="UTC")
    for job in jobs:
        scheduler.add_job(
            run_job_once,
            job.trigger,
            args=[sessionmaker, job],
            id=job.name,
            max_instances=1,
            coalesce=True,
        )
    scheduler.start()
    return scheduler
