"""The daily callback plan: whom each callback agent phones today.

Order: accounts opened within the policy's new-account window that nobody has
reached yet come first (oldest account first); then everyone else, the
longest since last reached first, never-reached before all. Left out: clients
who asked not to be called, inactive and on-site clients, and clients whose
last `max_unreached_attempts` calls in a row went unanswered (no answer or
wrong number) - they are not chased for ever.

The plan is built from the calls made before the day, so it does not shift
while the agents work through it: the same day gives the same plan. Clients
are dealt out in order to the agent with the fewest so far, up to each
agent's quota, never to the client's own manager.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, any_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.callbacks.service import REACHED, callbacks_done
from services.hotline.policy.service import branch_policy
from shared.business_days import load_calendar
from shared.models.clients import Client, ClientSegment
from shared.models.hotline import Callback, CallbackOutcome
from shared.models.org import Branch, Staff
from shared.quotas import quota_timeline
from shared.roles import Role

# Sorts before any real call: never reached comes first.
NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass
class Candidate:
    client: Client
    new_account: bool
    last_reached_at: datetime | None
    unreached_in_a_row: int
    called_today: CallbackOutcome | None = None


@dataclass
class AgentDay:
    agent: Staff
    required: int
    done: int = 0
    clients: list[Candidate] = field(default_factory=list)


async def callback_agents(session: AsyncSession, branch_id: int) -> list[Staff]:
    rows = await session.scalars(
        select(Staff)
        .where(
            Staff.branch_id == branch_id,
            Staff.is_active,
            any_(Staff.roles) == Role.CALLBACK_AGENT,
        )
        .order_by(Staff.id)
    )
    return list(rows)


async def _history(
    session: AsyncSession, branch_id: int, day: date
) -> dict[int, tuple[datetime | None, int]]:
    """Per client called before `day`: when last reached, and how many calls
    since then (or ever, if never reached) went unanswered.

    One pass over the callbacks with a window, no join: the plan is made in
    the same transaction that just wrote many calls (the demo history), when
    the planner's statistics are stale and a join would be planned badly.
    """
    is_reached = Callback.outcome.in_(REACHED)
    calls = (
        select(
            Callback.client_id,
            Callback.called_at,
            is_reached.label("reached"),
            func.max(Callback.called_at)
            .filter(is_reached)
            .over(partition_by=Callback.client_id)
            .label("last_reached_at"),
        )
        .where(Callback.branch_id == branch_id, Callback.business_day < day)
        .subquery()
    )
    unreached_since = and_(
        ~calls.c.reached,
        or_(
            calls.c.last_reached_at.is_(None),
            calls.c.called_at > calls.c.last_reached_at,
        ),
    )
    rows = await session.execute(
        select(
            calls.c.client_id,
            func.max(calls.c.last_reached_at),
            func.count().filter(unreached_since),
        ).group_by(calls.c.client_id)
    )
    return {client_id: (last, unreached) for client_id, last, unreached in rows}


async def _candidates(
    session: AsyncSession, branch_id: int, day: date, new_since: date, max_tries: int
) -> list[Candidate]:
    history = await _history(session, branch_id, day)
    clients = await session.scalars(
        select(Client).where(
            Client.branch_id == branch_id,
            Client.segment == ClientSegment.OFF_SITE,
            Client.is_active,
            ~Client.do_not_call,
            Client.opened_on <= day,
        )
    )
    candidates = []
    for client in clients:
        last_reached_at, unreached = history.get(client.id, (None, 0))
        if unreached >= max_tries:
            continue
        is_new = client.opened_on >= new_since and last_reached_at is None
        candidates.append(Candidate(client, is_new, last_reached_at, unreached))

    def order(c: Candidate) -> tuple[int, date, datetime, int]:
        if c.new_account:
            return (0, c.client.opened_on, NEVER, c.client.id)
        return (1, date.min, c.last_reached_at or NEVER, c.client.id)

    return sorted(candidates, key=order)


def _deal(candidates: list[Candidate], days: list[AgentDay]) -> None:
    for candidate in candidates:
        open_agents = [
            agent_day
            for agent_day in days
            if len(agent_day.clients) < agent_day.required
            and agent_day.agent.id != candidate.client.manager_id
        ]
        if not open_agents:
            if all(len(d.clients) >= d.required for d in days):
                return
            continue
        fewest = min(open_agents, key=lambda agent_day: len(agent_day.clients))
        fewest.clients.append(candidate)


async def callback_plan(
    session: AsyncSession, branch_id: int, day: date
) -> list[AgentDay]:
    branch = await session.get(Branch, branch_id)
    assert branch is not None
    calendar = await load_calendar(session, branch_id, branch.timezone)
    policy = await branch_policy(session, branch_id)
    timeline = await quota_timeline(session, branch_id, Role.CALLBACK_AGENT, "callback")
    required = timeline.required_on(day, calendar)
    days = [
        AgentDay(agent, required) for agent in await callback_agents(session, branch_id)
    ]
    if required == 0 or not days:
        return days

    new_since = day - timedelta(days=policy.new_account_days)
    candidates = await _candidates(
        session, branch_id, day, new_since, policy.max_unreached_attempts
    )
    _deal(candidates, days)

    done = await callbacks_done(session, branch_id, day, day)
    today = await session.execute(
        select(Callback.client_id, Callback.outcome)
        .where(Callback.branch_id == branch_id, Callback.business_day == day)
        .order_by(Callback.called_at)
    )
    latest: dict[int, CallbackOutcome] = {row[0]: row[1] for row in today}
    for agent_day in days:
        agent_day.done = done.get((agent_day.agent.id, day), 0)
        for candidate in agent_day.clients:
            candidate.called_today = latest.get(candidate.client.id)
    return days
