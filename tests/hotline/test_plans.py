"""The daily callback plan: order, exclusions, fairness and stability."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.app import create_app
from services.hotline.callbacks.schemas import CallbackCreate
from services.hotline.callbacks.service import record_callback
from services.hotline.plans.service import callback_plan
from shared.models import Branch, Client, ClientSegment, Staff
from shared.models.hotline import CallbackOutcome
from shared.roles import Role
from tests.builders import auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor
from tests.hotline.builders import at, callback_quota

DAY = date(2026, 3, 10)  # a Tuesday


async def off_site(session: AsyncSession, branch: Branch, **extra: Any) -> Client:
    return await make_client(session, branch, segment=ClientSegment.OFF_SITE, **extra)


async def call(
    session: AsyncSession,
    agent: Staff,
    client: Client,
    day: str,
    outcome: CallbackOutcome,
) -> None:
    moment = at(day, "10:00")
    await record_callback(
        session, agent, CallbackCreate(client_id=client.id, outcome=outcome), moment
    )


def planned(days: list) -> list[int]:
    return [c.client.id for agent_day in days for c in agent_day.clients]


async def test_new_accounts_come_first_then_the_longest_not_reached(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    agent = await make_staff(session, branch, Role.CALLBACK_AGENT)
    await callback_quota(session, branch, 10)
    reached_recently = await off_site(session, branch)
    reached_long_ago = await off_site(session, branch)
    never_reached = await off_site(session, branch)
    new_account = await off_site(session, branch, opened_on=DAY - timedelta(days=5))
    old_new_account = await off_site(
        session, branch, opened_on=DAY - timedelta(days=20)
    )
    new_but_reached = await off_site(session, branch, opened_on=DAY - timedelta(days=3))
    await call(session, agent, reached_recently, "2026-03-09", CallbackOutcome.REACHED)
    await call(session, agent, reached_long_ago, "2026-02-02", CallbackOutcome.REACHED)
    await call(session, agent, new_but_reached, "2026-03-09", CallbackOutcome.REACHED)

    days = await callback_plan(session, branch.id, DAY)

    assert planned(days) == [
        old_new_account.id,
        new_account.id,
        never_reached.id,
        reached_long_ago.id,
        reached_recently.id,
        new_but_reached.id,
    ]
    assert [c.new_account for c in days[0].clients[:3]] == [True, True, False]


async def test_do_not_call_on_site_and_inactive_clients_are_left_out(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    await make_staff(session, branch, Role.CALLBACK_AGENT)
    await callback_quota(session, branch, 10)
    wanted = await off_site(session, branch)
    await off_site(session, branch, do_not_call=True)
    await off_site(session, branch, is_active=False)
    await make_client(session, branch, segment=ClientSegment.ON_SITE)

    assert planned(await callback_plan(session, branch.id, DAY)) == [wanted.id]


async def test_an_unreached_client_is_retried_on_later_days_up_to_the_cap(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    agent = await make_staff(session, branch, Role.CALLBACK_AGENT)
    await callback_quota(session, branch, 10)
    twice = await off_site(session, branch)
    thrice = await off_site(session, branch)
    thrice_then_reached = await off_site(session, branch)
    for day in ("2026-03-04", "2026-03-05"):
        await call(session, agent, twice, day, CallbackOutcome.NO_ANSWER)
    for day in ("2026-03-04", "2026-03-05", "2026-03-06"):
        await call(session, agent, thrice, day, CallbackOutcome.WRONG_NUMBER)
        await call(session, agent, thrice_then_reached, day, CallbackOutcome.NO_ANSWER)
    await call(
        session, agent, thrice_then_reached, "2026-03-09", CallbackOutcome.REACHED
    )

    days = await callback_plan(session, branch.id, DAY)

    # The default policy allows three unanswered calls in a row.
    assert twice.id in planned(days)
    assert thrice.id not in planned(days)
    assert thrice_then_reached.id in planned(days)
    assert days[0].clients[0].unreached_in_a_row == 2


async def test_the_same_day_gives_the_same_plan_while_calls_are_made(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    agent = await make_staff(session, branch, Role.CALLBACK_AGENT)
    await callback_quota(session, branch, 3)
    clients = [await off_site(session, branch) for _ in range(5)]

    before = await callback_plan(session, branch.id, DAY)
    await call(session, agent, clients[0], DAY.isoformat(), CallbackOutcome.NO_ANSWER)
    after = await callback_plan(session, branch.id, DAY)

    assert planned(before) == planned(after) == [c.id for c in clients[:3]]
    assert after[0].clients[0].called_today == CallbackOutcome.NO_ANSWER


async def test_clients_are_spread_evenly_and_never_to_their_own_manager(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    first = await make_staff(session, branch, Role.CALLBACK_AGENT, Role.CLIENT_MANAGER)
    await make_staff(session, branch, Role.CALLBACK_AGENT)
    await callback_quota(session, branch, 3)
    for _ in range(5):
        await off_site(session, branch, manager=first)
    for _ in range(5):
        await off_site(session, branch)

    days = await callback_plan(session, branch.id, DAY)

    assert [len(d.clients) for d in days] == [3, 3]
    assert all(c.client.manager_id != first.id for c in days[0].clients)


async def test_no_plan_on_a_day_the_exchange_is_closed(session: AsyncSession) -> None:
    branch = await make_branch(session)
    await make_staff(session, branch, Role.CALLBACK_AGENT)
    await callback_quota(session, branch, 3)
    await off_site(session, branch)

    assert planned(await callback_plan(session, branch.id, date(2026, 3, 7))) == []


async def test_an_agent_reads_only_their_own_part_of_the_plan(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    first = await make_staff(session, branch, Role.CALLBACK_AGENT)
    await make_staff(session, branch, Role.CALLBACK_AGENT)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    await callback_quota(session, branch, 2)
    for _ in range(4):
        await off_site(session, branch)
    client = client_for(create_app)

    mine = await client.get(
        "/callbacks/plan", params={"day": "2026-03-10"}, headers=auth(first)
    )
    everyone = await client.get(
        "/callbacks/plan", params={"day": "2026-03-10"}, headers=auth(supervisor)
    )

    assert mine.status_code == 200
    assert [a["agent_id"] for a in mine.json()["agents"]] == [first.id]
    assert len(mine.json()["agents"][0]["clients"]) == 2
    assert len(everyone.json()["agents"]) == 2
