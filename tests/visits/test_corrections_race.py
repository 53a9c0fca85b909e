import asyncio
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from services.visits.forms.errors import AlreadyCorrected
from services.visits.forms.schemas import VisitCreate
from services.visits.forms.service import correct_visit
from shared.models import Staff
from shared.models.visits import Visit
from shared.roles import Role
from tests.builders import make_branch, make_client, make_staff
from tests.visits.builders import LATER, at, log_visit


async def test_two_corrections_of_one_version_at_once_keep_one_history(
    fresh_database_url: str,
) -> None:
    engine = create_async_engine(fresh_database_url)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    day = date(2026, 11, 2)
    try:
        async with sessions() as session, session.begin():
            branch = await make_branch(session)
            manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
            client_record = await make_client(session, branch, manager=manager)
            first = await log_visit(session, manager, client_record.id, at(day))

        async def correct(concerns: str) -> str:
            # As a request's session does: commit on success, else roll back.
            async with sessions() as session:
                previous = await session.get_one(Visit, first.id)
                staff = await session.get_one(Staff, manager.id)
                body = VisitCreate(
                    client_id=client_record.id, visited_at=at(day), concerns=concerns
                )
                try:
                    await correct_visit(session, previous, staff, body, now=LATER)
                    # Both have checked for a later version before either commits.
                    await asyncio.sleep(0.3)
                    await session.commit()
                except AlreadyCorrected:
                    await session.rollback()
                    return "conflict"
            return "corrected"

        outcomes = await asyncio.gather(correct("甲"), correct("乙"))
        async with sessions() as session:
            versions = await session.scalar(
                select(func.count()).select_from(Visit).where(Visit.day == day)
            )
    finally:
        await engine.dispose()

    assert sorted(outcomes) == ["conflict", "corrected"]
    assert versions == 2
