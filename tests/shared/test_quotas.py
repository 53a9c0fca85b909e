from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from shared.business_days import TradingCalendar
from shared.errors import Conflict
from shared.quotas import quota_timeline, set_quota
from shared.roles import Role
from tests.builders import make_branch

CALENDAR = TradingCalendar("Asia/Shanghai")


async def test_a_quota_change_applies_from_its_date_only(session: AsyncSession) -> None:
    branch = await make_branch(session)
    for value, start in ((6, date(2026, 11, 2)), (8, date(2026, 11, 16))):
        await set_quota(
            session,
            branch_id=branch.id,
            role=Role.CLIENT_MANAGER,
            duty="visit",
            daily_required=value,
            effective_from=start,
            set_by_id=None,
        )

    timeline = await quota_timeline(session, branch.id, Role.CLIENT_MANAGER, "visit")

    assert timeline.required_on(date(2026, 10, 30), CALENDAR) == 0  # before any
    assert timeline.required_on(date(2026, 11, 13), CALENDAR) == 6
    assert timeline.required_on(date(2026, 11, 16), CALENDAR) == 8
    assert timeline.required_on(date(2026, 11, 14), CALENDAR) == 0  # Saturday


async def test_two_values_starting_the_same_day_are_refused(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    quota = {
        "branch_id": branch.id,
        "role": Role.CALLBACK_AGENT,
        "duty": "callback",
        "effective_from": date(2026, 12, 1),
        "set_by_id": None,
    }
    await set_quota(session, daily_required=30, **quota)

    with pytest.raises(Conflict):
        await set_quota(session, daily_required=40, **quota)


async def test_quotas_of_another_branch_do_not_apply(session: AsyncSession) -> None:
    branch = await make_branch(session)
    other = await make_branch(session)
    await set_quota(
        session,
        branch_id=other.id,
        role=Role.CLIENT_MANAGER,
        duty="patrol",
        daily_required=3,
        effective_from=date(2026, 1, 1),
        set_by_id=None,
    )

    timeline = await quota_timeline(session, branch.id, Role.CLIENT_MANAGER, "patrol")

    assert timeline.required_on(date(2026, 12, 3), CALENDAR) == 0
