from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from services.advisory.app import JOBS
from services.advisory.queue.jobs import EXPIRE_LEASES
from services.advisory.queue.service import claim_next
from services.advisory.sheets.jobs import MARK_OVERDUE, MARK_UNDELIVERED
from services.advisory.sheets.service import attention
from shared.jobs import run_job_once
from shared.models import Branch
from shared.models.advisory import AdvisoryEvent, Sheet, SheetStatus
from shared.roles import Role
from tests.advisory.builders import (
    TUESDAY_MORNING,
    make_answered_sheet,
    make_desk,
    make_sheet,
)
from tests.builders import make_staff

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def sessions(fresh_database_url: str) -> AsyncIterator[Sessions]:
    engine = create_async_engine(fresh_database_url)
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


async def _events(sessions: Sessions, sheet_id: int) -> list[str]:
    async with sessions() as session:
        kinds = await session.scalars(
            select(AdvisoryEvent.kind)
            .where(AdvisoryEvent.sheet_id == sheet_id)
            .order_by(AdvisoryEvent.id)
        )
        return list(kinds)


def test_the_service_schedules_its_three_jobs() -> None:
    assert {job.name for job in JOBS} == {
        "advisory.expire_leases",
        "advisory.mark_overdue",
        "advisory.mark_undelivered",
    }


async def test_an_expired_lease_puts_the_sheet_back_in_the_queue(
    sessions: Sessions,
) -> None:
    async with sessions() as session, session.begin():
        desk = await make_desk(session)
        await make_sheet(session, desk)
        sheet = await claim_next(session, desk.analyst, now=TUESDAY_MORNING)
        assert sheet is not None
        sheet_id = sheet.id

    # The default lease is 60 minutes.
    early = await run_job_once(
        sessions, EXPIRE_LEASES, TUESDAY_MORNING + timedelta(minutes=59)
    )
    async with sessions() as session:
        still = await session.get(Sheet, sheet_id)
        assert still is not None and still.status == SheetStatus.CLAIMED

    late = await run_job_once(
        sessions, EXPIRE_LEASES, TUESDAY_MORNING + timedelta(minutes=61)
    )
    async with sessions() as session:
        back = await session.get(Sheet, sheet_id)
        assert back is not None
        returned = (back.status, back.claimed_by_id, back.lease_expires_at)
        branch = await session.get(Branch, back.branch_id)
        assert branch is not None
        other = await make_staff(session, branch, Role.ANALYST, qualification="B1")
        reclaimed = await claim_next(
            session, other, now=TUESDAY_MORNING + timedelta(minutes=62)
        )

    assert early and late
    assert returned == (SheetStatus.SUBMITTED, None, None)
    assert reclaimed is not None and reclaimed.id == sheet_id
    assert (await _events(sessions, sheet_id))[-1] == "lease_expired"


async def test_overdue_and_undelivered_sheets_are_marked_and_shown_to_the_other_side(
    sessions: Sessions,
) -> None:
    async with sessions() as session, session.begin():
        desk = await make_desk(session)
        supervisor = await make_staff(session, desk.branch, Role.SUPERVISOR)
        answered = await make_answered_sheet(session, desk)
        waiting = await make_sheet(session, desk)
        ids = (waiting.id, answered.id)

    # Due after two trading hours (13:30 with the lunch break); undelivered
    # after 24 hours.
    after_due = TUESDAY_MORNING + timedelta(hours=4)
    await run_job_once(sessions, MARK_OVERDUE, after_due)
    await run_job_once(sessions, MARK_UNDELIVERED, after_due)
    async with sessions() as session:
        not_yet = await session.get(Sheet, ids[1])
        assert not_yet is not None and not_yet.undelivered_marked_at is None

    next_day = TUESDAY_MORNING + timedelta(hours=25)
    await run_job_once(sessions, MARK_UNDELIVERED, next_day)

    async with sessions() as session:
        late_sheet = await session.get(Sheet, ids[0])
        undelivered = await session.get(Sheet, ids[1])
        for_manager = await attention(session, desk.manager, now=next_day)
        for_analyst = await attention(session, desk.analyst, now=next_day)
        for_supervisor = await attention(session, supervisor, now=next_day)

    assert late_sheet is not None and late_sheet.overdue_marked_at == after_due
    assert undelivered is not None and undelivered.undelivered_marked_at == next_day
    assert [s.id for s in for_manager[0]] == [ids[0]]
    assert for_manager[1] == []
    assert for_analyst[0] == []
    assert [s.id for s in for_analyst[1]] == [ids[1]]
    assert [s.id for s in for_supervisor[0]] == [ids[0]]
    assert [s.id for s in for_supervisor[1]] == [ids[1]]
    assert "marked_overdue" in await _events(sessions, ids[0])
    assert "marked_undelivered" in await _events(sessions, ids[1])
