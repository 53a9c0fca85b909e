from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.app import create_app
from shared.models import ClientSegment, Holding
from shared.roles import Role
from tests.advisory.builders import make_desk
from tests.builders import auth, make_client, make_staff
from tests.conftest import ClientFor

TRADES_CSV = (
    "traded_on,code,side,quantity,price\n"
    "2026-11-20,600519,buy,100,1480.5\n"
    "2026-11-25,000858,sell,200,131\n"
)


def _report(client_id: int, **extra: object) -> dict[str, object]:
    return {
        "client_id": client_id,
        "title": "十一月持仓分析",
        "body": "白酒仓位偏重，建议分散。",
        "overall_suggestion": "reduce",
        "risk_disclosure": "投资有风险。",
        **extra,
    }


async def test_an_analyst_writes_a_report_from_holdings_and_imported_trades(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    off_site = await make_client(
        session, desk.branch, segment=ClientSegment.OFF_SITE, manager=desk.manager
    )
    session.add(
        Holding(
            branch_id=desk.branch.id,
            client_id=off_site.id,
            code="600519",
            quantity=200,
            cost_price=Decimal("1450"),
            as_of=date(2026, 11, 30),
        )
    )
    await session.flush()
    api = client_for(create_app)
    entered = [
        {
            "traded_on": "2026-11-18",
            "code": "300750",
            "side": "buy",
            "quantity": 100,
            "price": "180",
        }
    ]

    written = await api.post(
        "/reports",
        headers=auth(desk.analyst),
        json=_report(off_site.id, trades=entered, trades_csv=TRADES_CSV),
    )
    report_id = written.json()["id"]
    delivered = await api.post(
        f"/reports/{report_id}/deliveries",
        headers=auth(desk.manager),
        json={"channel": "phone"},
    )
    rated = await api.post(
        f"/reports/{report_id}/feedback", headers=auth(desk.analyst), json={"score": 4}
    )
    timeline = await api.get(
        f"/reports/{report_id}/timeline", headers=auth(desk.manager)
    )

    assert written.status_code == 201, written.text
    report = written.json()
    assert [t["code"] for t in report["trades"]] == ["300750", "600519", "000858"]
    assert report["holdings"] == [
        {"code": "600519", "quantity": 200, "cost_price": "1450.000"}
    ]
    assert delivered.json()["delivery_channel"] == "phone"
    assert rated.json()["feedback_score"] == 4
    assert [e["kind"] for e in timeline.json()] == [
        "written",
        "delivered",
        "feedback_recorded",
    ]


async def test_a_bad_trades_csv_row_is_named_and_nothing_is_stored(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    api = client_for(create_app)
    bad_csv = TRADES_CSV + "2026-11-26,600519,hold,100,10\n2026-11-27,999999,buy,1,1\n"

    bad_row = await api.post(
        "/reports",
        headers=auth(desk.analyst),
        json=_report(desk.client.id, trades_csv=bad_csv),
    )
    bad_header = await api.post(
        "/reports",
        headers=auth(desk.analyst),
        json=_report(desk.client.id, trades_csv="date,code\n2026-11-01,600519\n"),
    )
    listed = await api.get("/reports", headers=auth(desk.analyst))

    assert bad_row.status_code == 422
    assert ["body", "trades_csv", 3, "side"] in [
        e["loc"] for e in bad_row.json()["errors"]
    ]
    assert bad_header.status_code == 422
    assert listed.json()["total"] == 0


async def test_only_a_qualified_analyst_writes_reports(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    trainee = await make_staff(session, desk.branch, Role.ANALYST)

    by_trainee = await client_for(create_app).post(
        "/reports", headers=auth(trainee), json=_report(desk.client.id)
    )
    by_manager = await client_for(create_app).post(
        "/reports", headers=auth(desk.manager), json=_report(desk.client.id)
    )

    assert by_trainee.status_code == 403
    assert by_manager.status_code == 403
