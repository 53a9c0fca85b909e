from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.app import create_app
from shared.models import ClientTier, RiskLevel
from shared.models.reference import CalendarOverride
from shared.roles import Role
from tests.advisory.builders import make_desk, make_sheet
from tests.builders import auth, make_client, make_staff
from tests.conftest import ClientFor

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


async def test_a_sheet_submitted_on_friday_afternoon_falls_due_on_monday(
    session: AsyncSession,
) -> None:
    desk = await make_desk(session)

    # Default policy: two trading hours; half an hour is left on Friday.
    sheet = await make_sheet(session, desk, now=local(2026, 11, 27, 14, 30))

    assert sheet.due_at == local(2026, 11, 30, 11, 0)


async def test_a_sheet_submitted_before_national_day_falls_due_after_it(
    session: AsyncSession,
) -> None:
    desk = await make_desk(session)

    sheet = await make_sheet(session, desk, now=local(2026, 9, 30, 14, 0))

    # 1 October to 7 October 2026 are exchange holidays; the 8th trades.
    assert sheet.due_at == local(2026, 10, 8, 10, 30)


async def test_a_branch_holiday_override_moves_the_due_time_on(
    session: AsyncSession,
) -> None:
    desk = await make_desk(session)
    session.add(
        CalendarOverride(
            branch_id=desk.branch.id,
            day=local(2026, 11, 30, 0, 0).date(),
            is_working_day=False,
            reason="营业部停业",
        )
    )
    await session.flush()

    sheet = await make_sheet(session, desk, now=local(2026, 11, 27, 14, 30))

    assert sheet.due_at == local(2026, 12, 1, 11, 0)


async def test_a_high_end_sheet_is_accepted_at_any_hour_with_a_shorter_limit(
    session: AsyncSession,
) -> None:
    desk = await make_desk(session)
    vip = await make_client(
        session,
        desk.branch,
        tier=ClientTier.HIGH_END,
        risk_level=RiskLevel.C4,
        manager=desk.manager,
    )

    saturday_night = await make_sheet(
        session, desk, client=vip, now=local(2026, 11, 28, 22, 15)
    )
    friday = await make_sheet(
        session, desk, client=vip, now=local(2026, 11, 27, 14, 30)
    )

    assert saturday_night.status == "submitted"
    assert saturday_night.is_high_end
    assert saturday_night.due_at == local(2026, 11, 30, 10, 30)
    assert friday.due_at == local(2026, 11, 30, 10, 0)


async def test_the_supervisor_sets_the_branch_policy_that_due_times_follow(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    supervisor = await make_staff(session, desk.branch, Role.SUPERVISOR)
    api = client_for(create_app)
    policy = {
        "normal_trading_hours": "4",
        "high_end_trading_hours": "0.5",
        "undelivered_limit_hours": 8,
        "lease_minutes": 30,
    }

    by_manager = await api.put("/policy", headers=auth(desk.manager), json=policy)
    by_supervisor = await api.put("/policy", headers=auth(supervisor), json=policy)
    sheet = await make_sheet(session, desk, now=local(2026, 11, 27, 14, 30))

    assert by_manager.status_code == 403
    assert by_supervisor.status_code == 200, by_supervisor.text
    # Half an hour on Friday, two on Monday morning, 1.5 after lunch.
    assert sheet.due_at == local(2026, 11, 30, 14, 30)
