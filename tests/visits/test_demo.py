from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from launcher.demo.core import load_core_demo
from services.visits.compliance.service import compliance_rows
from services.visits.demo import HISTORY_TRADING_DAYS, load_history
from shared.business_days import TradingCalendar
from shared.models.visits import ExchangeMeeting, Visit, VisitPlanEntry

TODAY = date(2026, 12, 3)


async def test_the_demo_history_covers_60_trading_days_with_met_and_missed_days(
    session: AsyncSession,
) -> None:
    core = await load_core_demo(session, scale=0.1, today=TODAY)

    await load_history(session, core, TODAY)

    days = TradingCalendar("Asia/Shanghai").previous_trading_days(
        TODAY, HISTORY_TRADING_DAYS
    )
    planned_days = set(
        await session.scalars(
            select(VisitPlanEntry.day).where(VisitPlanEntry.branch_id == core.branch.id)
        )
    )
    last_visit = await session.scalar(
        select(func.max(Visit.day)).where(Visit.branch_id == core.branch.id)
    )
    meetings = await session.scalar(
        select(func.count())
        .select_from(ExchangeMeeting)
        .where(ExchangeMeeting.branch_id == core.branch.id)
    )
    rows = await compliance_rows(session, core.branch.id, days[0], days[-1])

    assert planned_days == set(days)
    assert last_visit is not None and last_visit < TODAY
    assert meetings and meetings >= 10
    owed = [row for row in rows if row.required > 0]
    assert {row.duty for row in owed} == {"visit", "patrol"}
    assert any(row.met for row in owed)
    assert any(not row.met for row in owed)
