from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.app import create_app
from services.advisory.queue.service import claim_next
from services.advisory.sheets.schemas import DeliveryConfirmation
from services.advisory.sheets.service import (
    answer_sheet,
    confirm_delivery,
    load_holdings,
)
from shared.models.advisory import DeliveryChannel, Sheet
from shared.roles import Role
from tests.advisory.builders import (
    TUESDAY_MORNING,
    Desk,
    answer_for,
    make_desk,
    make_sheet,
)
from tests.builders import auth, make_staff
from tests.conftest import ClientFor

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def _answer(session: AsyncSession, desk: Desk, minutes: int) -> Sheet:
    sheet = await claim_next(session, desk.analyst, now=TUESDAY_MORNING)
    assert sheet is not None
    lines = [holding.id for holding in await load_holdings(session, sheet.id)]
    at = TUESDAY_MORNING + timedelta(minutes=minutes)
    return await answer_sheet(session, sheet, desk.analyst, answer_for(lines), now=at)


async def test_compliance_counts_answers_and_deliveries_in_and_out_of_time(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    supervisor = await make_staff(session, desk.branch, Role.SUPERVISOR)
    await make_sheet(session, desk)
    await make_sheet(session, desk)
    # Both fall due at 13:30 Shanghai time on Tuesday 1 December.
    on_time = await _answer(session, desk, minutes=30)
    await _answer(session, desk, minutes=240)
    delivered = TUESDAY_MORNING + timedelta(hours=1)
    for party in (desk.manager, desk.analyst):
        await confirm_delivery(
            session,
            on_time,
            party,
            DeliveryConfirmation(channel=DeliveryChannel.PHONE),
            now=delivered,
        )

    response = await client_for(create_app).get(
        "/compliance?from=2026-12-01&to=2026-12-02", headers=auth(supervisor)
    )

    assert response.status_code == 200, response.text
    rows = {
        (row["duty"], row["staff_id"], row["day"]): (
            row["required"],
            row["done"],
            row["met"],
        )
        for row in response.json()["rows"]
    }
    assert rows == {
        ("sheet_answered_on_time", desk.analyst.id, "2026-12-01"): (2, 1, False),
        # Each answer must reach the client within 24 hours: by Wednesday.
        ("sheet_delivered_on_time", desk.manager.id, "2026-12-02"): (2, 1, False),
    }


async def test_compliance_refuses_a_reversed_period(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)

    response = await client_for(create_app).get(
        "/compliance?from=2026-12-02&to=2026-12-01", headers=auth(desk.manager)
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "to"]


async def test_the_delivery_limit_runs_in_trading_hours(
    session: AsyncSession,
) -> None:
    desk = await make_desk(session)
    await make_sheet(session, desk)
    friday_afternoon = datetime(2026, 11, 27, 14, 30, tzinfo=SHANGHAI)
    sheet = await claim_next(session, desk.analyst, now=friday_afternoon)
    assert sheet is not None
    lines = [holding.id for holding in await load_holdings(session, sheet.id)]

    answered = await answer_sheet(
        session, sheet, desk.analyst, answer_for(lines), now=friday_afternoon
    )

    # Four trading hours: 14:30-15:00 on Friday, then Monday 09:30-11:30 and
    # 13:00-14:30; never the weekend.
    assert answered.deliver_by == datetime(2026, 11, 30, 14, 30, tzinfo=SHANGHAI)
