"""Builders for the hotline tests."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.lines.service import set_membership
from shared.models import Branch, Staff
from shared.models.hotline import HotlineLine
from shared.quotas import set_quota
from shared.roles import Role
from tests.builders import make_staff

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str, clock: str) -> datetime:
    """A Shanghai moment: at("2026-03-06", "11:50")."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI)


async def callback_quota(
    session: AsyncSession, branch: Branch, daily: int, since: date = date(2020, 1, 1)
) -> None:
    await set_quota(
        session,
        branch_id=branch.id,
        role=Role.CALLBACK_AGENT,
        duty="callback",
        daily_required=daily,
        effective_from=since,
        set_by_id=None,
    )


async def line_agent(
    session: AsyncSession, branch: Branch, line: HotlineLine, *, on_duty: bool = True
) -> Staff:
    agent = await make_staff(session, branch, Role.HOTLINE_AGENT)
    await set_membership(session, branch.id, line, agent.id, on_duty)
    return agent
