from collections import defaultdict
from datetime import date, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.app import create_app
from services.visits.plans.service import ensure_plans, plan_entries
from services.visits.policies.service import DEFAULT_INTERVALS
from shared.business_days import TradingCalendar
from shared.models import Branch, CalendarOverride, ClientSegment, ClientTier, Staff
from shared.models.visits import PlanEntryStatus
from shared.roles import Role
from tests.builders import auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor
from tests.visits.builders import at, log_visit, set_manager_quotas

CALENDAR = TradingCalendar("Asia/Shanghai")
OPENED = date(2026, 10, 30)  # a Friday, the trading day before the first planned
FIRST_DAY = date(2026, 11, 2)
POPULATION = {
    ClientTier.HIGH_END: 4,
    ClientTier.LARGE: 10,
    ClientTier.MEDIUM: 20,
    ClientTier.RETAIL: 40,
}


async def _branch_with_clients(
    session: AsyncSession, visits_quota: int
) -> tuple[Branch, list[Staff], dict[int, ClientTier], set[int]]:
    """Two managers and POPULATION eligible clients, plus three who are not:
    an off-site client, an inactive one and one without a manager."""
    branch = await make_branch(session)
    managers = [
        await make_staff(session, branch, Role.CLIENT_MANAGER) for _ in range(2)
    ]
    await set_manager_quotas(session, branch, visits=visits_quota, patrols=0)
    eligible: dict[int, ClientTier] = {}
    for tier, count in POPULATION.items():
        for number in range(count):
            client = await make_client(
                session,
                branch,
                tier=tier,
                manager=managers[number % 2],
                opened_on=OPENED,
            )
            eligible[client.id] = tier
    high_end = ClientTier.HIGH_END
    off_site = await make_client(
        session,
        branch,
        tier=high_end,
        segment=ClientSegment.OFF_SITE,
        manager=managers[0],
    )
    inactive = await make_client(
        session, branch, tier=high_end, manager=managers[0], is_active=False
    )
    unmanaged = await make_client(session, branch, tier=high_end)
    ineligible = {off_site.id, inactive.id, unmanaged.id}
    return branch, managers, eligible, ineligible


async def test_over_20_trading_days_every_client_is_visited_within_its_interval(
    session: AsyncSession,
) -> None:
    """Eligible: an active on-site client whose manager is an active client
    manager of the branch. Each must be visited within its tier's interval
    (DEFAULT_INTERVALS, in trading days) of the day its account was opened
    and of its previous visit, when every manager visits whom the plan
    proposes; and no manager is ever proposed more clients than the quota."""
    quota = 3
    branch, managers, eligible, ineligible = await _branch_with_clients(session, quota)
    days = CALENDAR.trading_days(FIRST_DAY, date(2026, 12, 31))[:20]
    visited_on: dict[int, list[int]] = defaultdict(list)
    planned: set[int] = set()
    for index, day in enumerate(days, start=1):
        await ensure_plans(session, branch.id, day)
        entries = await plan_entries(session, branch.id, day)
        per_manager: dict[int, list[int]] = defaultdict(list)
        for entry in entries:
            assert entry.status == PlanEntryStatus.PROPOSED
            per_manager[entry.manager_id].append(entry.client_id)

        for manager in managers:
            proposed = per_manager[manager.id]
            assert len(proposed) == quota, (day, manager.id, proposed)
            planned.update(proposed)
            for client_id in proposed:
                await log_visit(session, manager, client_id, at(day, 10))
                visited_on[client_id].append(index)

    assert planned <= set(eligible)
    assert not planned & ineligible
    for client_id, tier in eligible.items():
        interval = DEFAULT_INTERVALS[tier]
        # Index 0 is the day the account was opened; day 21 the first after.
        marks = [0, *visited_on[client_id]]
        gaps = [later - earlier for earlier, later in pairwise(marks)]
        assert all(gap <= interval for gap in gaps), (tier, marks)
        assert len(days) + 1 - marks[-1] <= interval, (tier, marks)


async def test_the_same_day_gives_the_same_plan(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch, managers, _, _ = await _branch_with_clients(session, 4)
    http = client_for(create_app)

    made = await ensure_plans(session, branch.id, FIRST_DAY)
    first = await http.get(f"/plans/{FIRST_DAY}", headers=auth(managers[0]))
    made_again = await ensure_plans(session, branch.id, FIRST_DAY)
    second = await http.get(f"/plans/{FIRST_DAY}", headers=auth(managers[0]))

    assert made == 8
    assert made_again == 0
    assert first.status_code == 200, first.text
    assert first.json() == second.json()
    assert [e["position"] for e in first.json()["entries"]] == [1, 2, 3, 4]
    # Never visited, high-end clients fall due first, then large ones.
    assert [e["client_tier"] for e in first.json()["entries"]] == [
        "high_end",
        "high_end",
        "large",
        "large",
    ]


async def test_weekends_and_exchange_holidays_get_no_plan(
    session: AsyncSession,
) -> None:
    branch, _, _, _ = await _branch_with_clients(session, 4)

    saturday = await ensure_plans(session, branch.id, date(2026, 11, 7))
    national_day = await ensure_plans(session, branch.id, date(2026, 10, 1))

    assert (saturday, national_day) == (0, 0)
    assert await plan_entries(session, branch.id, date(2026, 10, 1)) == []


async def test_a_manager_swaps_a_proposed_client_with_a_reason(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch, managers, eligible, _ = await _branch_with_clients(session, 2)
    await ensure_plans(session, branch.id, FIRST_DAY)
    http = client_for(create_app)
    plan = (await http.get(f"/plans/{FIRST_DAY}", headers=auth(managers[0]))).json()
    entry = plan["entries"][0]
    planned = {e.client_id for e in await plan_entries(session, branch.id, FIRST_DAY)}
    instead = next(c for c in eligible if c not in planned)

    swapped = await http.post(
        f"/plans/entries/{entry['id']}/swap",
        headers=auth(managers[0]),
        json={"client_id": instead, "reason": "客户今日请假"},
    )
    again = await http.post(
        f"/plans/entries/{entry['id']}/swap",
        headers=auth(managers[0]),
        json={"client_id": instead, "reason": "再换"},
    )
    by_other = await http.post(
        f"/plans/entries/{swapped.json()['id']}/swap",
        headers=auth(managers[1]),
        json={"client_id": instead, "reason": "不是我的"},
    )
    after = (await http.get(f"/plans/{FIRST_DAY}", headers=auth(managers[0]))).json()

    assert swapped.status_code == 201, swapped.text
    assert swapped.json()["swap_reason"] == "客户今日请假"
    assert swapped.json()["replaces_id"] == entry["id"]
    assert again.status_code == 409
    assert by_other.status_code == 403
    statuses = {e["client_id"]: e["status"] for e in after["entries"]}
    assert statuses[entry["client_id"]] == "swapped_out"
    assert statuses[instead] == "proposed"
    assert len([s for s in statuses.values() if s == "proposed"]) == 2


async def test_progress_rises_as_planned_clients_are_visited(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch, managers, _, _ = await _branch_with_clients(session, 2)
    await ensure_plans(session, branch.id, FIRST_DAY)
    http = client_for(create_app)
    path = f"/plans/{FIRST_DAY}"
    before = (await http.get(path, headers=auth(managers[0]))).json()

    await log_visit(
        session, managers[0], before["entries"][0]["client_id"], at(FIRST_DAY, 10)
    )
    after = (await http.get(path, headers=auth(managers[0]))).json()

    assert before["progress"][0] == {"duty": "visit", "required": 2, "done": 0}
    assert after["progress"][0] == {"duty": "visit", "required": 2, "done": 1}
    assert after["entries"][0]["visited"] is True
    assert after["entries"][1]["visited"] is False


async def test_a_manager_asks_for_todays_plan_at_any_time(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch, managers, _, _ = await _branch_with_clients(session, 2)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    analyst = await make_staff(session, branch, Role.ANALYST)
    # Today is made a working day, so the test holds on weekends too.
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    session.add(
        CalendarOverride(
            branch_id=branch.id, day=today, is_working_day=True, reason="测试"
        )
    )
    await session.flush()
    http = client_for(create_app)

    own = await http.get("/plans/today", headers=auth(managers[0]))
    seen_by_supervisor = await http.get(
        "/plans/today",
        headers=auth(supervisor),
        params={"manager_id": managers[0].id},
    )
    colleague = await http.get(
        "/plans/today",
        headers=auth(managers[1]),
        params={"manager_id": managers[0].id},
    )
    by_analyst = await http.get("/plans/today", headers=auth(analyst))

    assert own.status_code == 200, own.text
    assert own.json()["day"] == today.isoformat()
    assert len(own.json()["entries"]) == 2
    assert seen_by_supervisor.json() == own.json()
    assert colleague.status_code == 403
    assert by_analyst.status_code == 403


async def test_another_branchs_manager_has_no_plan_here(
    session: AsyncSession, client_for: ClientFor
) -> None:
    mine = await make_branch(session)
    theirs = await make_branch(session)
    supervisor = await make_staff(session, mine, Role.SUPERVISOR)
    their_manager = await make_staff(session, theirs, Role.CLIENT_MANAGER)

    response = await client_for(create_app).get(
        "/plans/today",
        headers=auth(supervisor),
        params={"manager_id": their_manager.id},
    )

    assert response.status_code == 404
