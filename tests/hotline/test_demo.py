"""The demo's off-site history has the shape the demo promises."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from launcher.demo.core import load_core_demo
from services.hotline.compliance.service import compliance_rows
from services.hotline.demo import HISTORY_TRADING_DAYS, load_history
from shared.business_days import TradingCalendar
from shared.models.hotline import (
    Callback,
    HotlineAgentLine,
    OffsiteEvent,
    Ticket,
    TicketStatus,
)

TODAY = date(2026, 6, 1)


async def test_sixty_trading_days_of_callbacks_and_tickets(
    session: AsyncSession,
) -> None:
    core = await load_core_demo(session, scale=0.05, today=TODAY)

    await load_history(session, core, TODAY)

    callback_days = set(await session.scalars(select(Callback.business_day).distinct()))
    expected = TradingCalendar("Asia/Shanghai").previous_trading_days(
        TODAY, HISTORY_TRADING_DAYS
    )
    assert callback_days == set(expected)
    assert await session.scalar(select(func.count()).select_from(Ticket)) == 60 * 4
    resolved = await session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.status.in_((TicketStatus.RESOLVED, TicketStatus.CLOSED)))
    )
    assert resolved and resolved > 180
    assert await session.scalar(select(func.count()).select_from(HotlineAgentLine)) == 6
    assert await session.scalar(select(func.count()).select_from(OffsiteEvent)) == 2

    rows = await compliance_rows(
        session,
        core.branch.id,
        expected[0],
        expected[-1],
        None,
        datetime.now(UTC),
    )
    callback_rows = [row for row in rows if row.duty == "callback"]
    assert {row.met for row in callback_rows} == {True, False}
    assert any(row.duty == "ticket_resolved_on_time" for row in rows)
