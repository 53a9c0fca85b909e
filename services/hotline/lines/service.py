"""Which hotline agents serve which line, who is on duty, and round-robin."""

from datetime import datetime

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.lines.errors import NotAHotlineAgent
from shared.models.hotline import HotlineAgentLine, HotlineLine
from shared.models.org import Staff
from shared.roles import Role

log = structlog.get_logger(__name__)


async def set_membership(
    session: AsyncSession,
    branch_id: int,
    line: HotlineLine,
    staff_id: int,
    on_duty: bool,
) -> HotlineAgentLine:
    agent = await session.get(Staff, staff_id)
    if (
        agent is None
        or agent.branch_id != branch_id
        or not agent.is_active
        or not agent.has_role(Role.HOTLINE_AGENT)
    ):
        raise NotAHotlineAgent(("path", "staff_id"))

    member = await session.scalar(
        select(HotlineAgentLine).where(
            HotlineAgentLine.staff_id == staff_id, HotlineAgentLine.line == line
        )
    )
    if member is None:
        member = HotlineAgentLine(branch_id=branch_id, staff_id=staff_id, line=line)
        session.add(member)
    member.on_duty = on_duty
    await session.flush()
    log.info("line_agent.set", staff_id=staff_id, line=line.value, on_duty=on_duty)
    return member


async def next_on_duty(
    session: AsyncSession, branch_id: int, line: HotlineLine, now: datetime
) -> int | None:
    """The on-duty agent of `line` whose last ticket is oldest, marked as served.

    The line's rows are locked while choosing, so two tickets opened at once
    go to two agents rather than both to the same one. The choice is made
    here, after the lock is granted, not by ORDER BY: PostgreSQL sorts before
    it waits for a lock, so a sorted locking query could hand back the agent
    another transaction has just served.
    """
    members = await session.scalars(
        select(HotlineAgentLine)
        .join(Staff, Staff.id == HotlineAgentLine.staff_id)
        .where(
            HotlineAgentLine.branch_id == branch_id,
            HotlineAgentLine.line == line,
            HotlineAgentLine.on_duty,
            Staff.is_active,
        )
        .with_for_update(of=HotlineAgentLine)
        .execution_options(populate_existing=True)
    )
    chosen = min(
        members,
        key=lambda m: (m.last_assigned_at is not None, m.last_assigned_at, m.staff_id),
        default=None,
    )
    if chosen is None:
        log.info("ticket.no_agent_on_duty", line=line.value)
        return None

    chosen.last_assigned_at = now
    return chosen.staff_id


async def line_member(
    session: AsyncSession, line: HotlineLine, staff_id: int
) -> HotlineAgentLine | None:
    return await session.scalar(
        select(HotlineAgentLine).where(
            HotlineAgentLine.staff_id == staff_id, HotlineAgentLine.line == line
        )
    )
