from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.app import create_app
from services.visits.plans.service import ensure_plans, plan_entries
from shared.models import ClientTier
from shared.roles import Role
from tests.builders import auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor
from tests.visits.builders import at, log_visit, set_manager_quotas


async def test_supervisors_set_a_tiers_interval_and_the_plan_follows_it(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    await set_manager_quotas(session, branch, visits=1, patrols=0)
    # Both visited on Monday 2 November; a retail client falls due in 60
    # trading days by default, a medium one in 20.
    retail = await make_client(session, branch, tier=ClientTier.RETAIL, manager=manager)
    medium = await make_client(session, branch, tier=ClientTier.MEDIUM, manager=manager)
    for client_record in (retail, medium):
        await log_visit(session, manager, client_record.id, at(date(2026, 11, 2)))
    http = client_for(create_app)

    refused = await http.put(
        "/tier-intervals/retail", headers=auth(manager), json={"interval_days": 2}
    )
    changed = await http.put(
        "/tier-intervals/retail", headers=auth(supervisor), json={"interval_days": 2}
    )
    intervals = (await http.get("/tier-intervals", headers=auth(manager))).json()
    await ensure_plans(session, branch.id, date(2026, 11, 3))

    assert refused.status_code == 403
    assert changed.status_code == 200
    by_tier = {item["tier"]: item for item in intervals}
    assert by_tier["retail"] == {
        "tier": "retail",
        "interval_days": 2,
        "is_default": False,
    }
    assert by_tier["high_end"]["is_default"] is True
    entries = await plan_entries(session, branch.id, date(2026, 11, 3))
    assert [entry.client_id for entry in entries] == [retail.id]


async def test_a_branch_adds_its_own_topic_and_keeps_the_defaults(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    client_record = await make_client(session, branch, manager=manager)
    http = client_for(create_app)

    added = await http.post(
        "/topics",
        headers=auth(supervisor),
        json={"code": "margin_trading", "label": "融资融券"},
    )
    retired = await http.put(
        "/topics/trading_software/active",
        headers=auth(supervisor),
        params={"active": "false"},
    )
    topics = (await http.get("/topics", headers=auth(manager))).json()
    with_new = await http.post(
        "/visits",
        headers=auth(manager),
        json={
            "client_id": client_record.id,
            "visited_at": "2026-11-02T02:00:00Z",
            "topics": ["margin_trading", "market_outlook"],
        },
    )
    with_retired = await http.post(
        "/visits",
        headers=auth(manager),
        json={
            "client_id": client_record.id,
            "visited_at": "2026-11-02T02:00:00Z",
            "topics": ["trading_software"],
        },
    )

    assert added.status_code == 201, added.text
    assert retired.json()["is_active"] is False
    codes = {topic["code"]: topic["is_active"] for topic in topics}
    assert codes["margin_trading"] is True
    assert codes["market_outlook"] is True
    assert codes["trading_software"] is False
    assert with_new.status_code == 201
    assert with_retired.status_code == 422
