"""Builders for the visits service's tests: quotas and forms through the
service's own functions."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.forms.schemas import PatrolChecklist, PatrolCreate, VisitCreate
from services.visits.forms.service import record_patrol, record_visit
from shared.models import Branch, Staff
from shared.models.visits import Patrol, Visit
from shared.quotas import set_quota
from shared.roles import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A moment well after every day the tests use, so no form is "in the future".
LATER = datetime(2030, 1, 1, tzinfo=SHANGHAI)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A Shanghai-local moment on `day`."""
    return datetime.combine(day, time(hour, minute), SHANGHAI)


async def set_manager_quotas(
    session: AsyncSession,
    branch: Branch,
    *,
    visits: int,
    patrols: int,
    effective_from: date = date(2020, 1, 1),
) -> None:
    for duty, value in (("visit", visits), ("patrol", patrols)):
        await set_quota(
            session,
            branch_id=branch.id,
            role=Role.CLIENT_MANAGER,
            duty=duty,
            daily_required=value,
            effective_from=effective_from,
            set_by_id=None,
        )


async def log_visit(
    session: AsyncSession,
    manager: Staff,
    client_id: int,
    moment: datetime,
    **fields: object,
) -> Visit:
    body = VisitCreate.model_validate(
        {"client_id": client_id, "visited_at": moment, **fields}
    )
    return await record_visit(session, manager, body, now=LATER)


async def log_patrol(
    session: AsyncSession, manager: Staff, room_id: int, moment: datetime
) -> Patrol:
    body = PatrolCreate(
        room_id=room_id,
        patrolled_at=moment,
        checklist=PatrolChecklist(
            quote_screens=True, terminals=True, order=True, incidents=True
        ),
    )
    return await record_patrol(session, manager, body, now=LATER)
