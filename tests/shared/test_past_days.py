"""Settings that shape compliance apply from today on, and dates staff enter
are this century's: a past day keeps the rules it was worked under."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.app import create_app as create_hotline
from services.visits.app import create_app as create_visits
from shared.business_days import local_today
from shared.models import CalendarOverride
from shared.roles import Role
from tests.builders import auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    return local_today("Asia/Shanghai")


@pytest.mark.parametrize("create_app", [create_visits, create_hotline])
async def test_a_quota_cannot_start_on_a_past_day(
    session: AsyncSession, client_for: ClientFor, create_app
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    duty = "visit" if create_app is create_visits else "callback"
    client = client_for(create_app)

    def quota(start: date) -> dict:
        return {
            "role": "client_manager",
            "duty": duty,
            "daily_required": 4,
            "effective_from": start.isoformat(),
        }

    past = await client.post(
        "/quotas", headers=auth(supervisor), json=quota(today() - timedelta(days=1))
    )
    present = await client.post(
        "/quotas", headers=auth(supervisor), json=quota(today())
    )

    assert past.status_code == 422
    assert past.json()["errors"][0]["loc"] == ["body", "effective_from"]
    assert past.json()["errors"][0]["type"] == "date_in_past"
    assert present.status_code == 201


async def test_a_past_day_cannot_be_closed_or_reopened(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    yesterday = today() - timedelta(days=1)
    old = CalendarOverride(
        branch_id=branch.id, day=yesterday, is_working_day=False, reason="停电"
    )
    session.add(old)
    await session.flush()
    client = client_for(create_visits)

    added = await client.post(
        "/calendar/overrides",
        headers=auth(supervisor),
        json={"day": yesterday.isoformat(), "is_working_day": True, "reason": "补班"},
    )
    removed = await client.delete(
        f"/calendar/overrides/{old.id}", headers=auth(supervisor)
    )

    assert added.status_code == 422
    assert added.json()["errors"][0]["loc"] == ["body", "day"]
    assert removed.status_code == 422


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"]
)
async def test_a_moment_outside_this_century_is_refused_not_a_crash(
    session: AsyncSession, client_for: ClientFor, moment: str
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    record = await make_client(session, branch, manager=manager)

    response = await client_for(create_visits).post(
        "/visits",
        headers=auth(manager),
        json={"client_id": record.id, "visited_at": moment},
    )

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["loc"] == ["body", "visited_at"]
    assert error["type"] == "date_out_of_range"
    assert error["ctx"] == {"earliest": "2000-01-01", "latest": "2099-12-31"}
