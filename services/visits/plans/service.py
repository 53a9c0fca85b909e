"""The daily visit plan: which on-site clients each client manager should
visit on a trading day.

A client is eligible when they are active, trade on site and have a manager
who is an active client manager of the branch. Each eligible client falls due
a tier's interval of trading days after their last visit (or, never visited,
after the day their account was opened). The plan takes the clients falling
due soonest, larger tiers first among equals and then those not seen longest,
and hands them out so that every manager gets exactly their quota (fewer only
when the branch runs out of clients): a client goes to their own manager
while that manager has room, otherwise to the manager with the most room.

Earliest-due-first keeps every client within their interval whenever the
managers' quotas add up to more than the visits the intervals demand.

A plan once made for a day is stored and stays as it was; the same inputs
give the same plan. A manager may swap a proposed client for another, with
a reason; the swapped-out entry stays, marked, beside the new one.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

import structlog
from sqlalchemy import any_, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.days import branch_calendar
from services.visits.forms.service import (
    last_visit_days,
    patrols_done,
    visited_on,
    visits_done,
)
from services.visits.plans.errors import ClientAlreadyPlanned, EntryAlreadySwapped
from services.visits.plans.schemas import DutyProgress, PlanEntryRead, PlanRead
from services.visits.policies.service import tier_intervals
from shared.business_days import TradingCalendar
from shared.errors import Forbidden, InvalidInput, field_error
from shared.models.clients import Client, ClientSegment, ClientTier
from shared.models.org import Staff
from shared.models.visits import PlanEntryStatus, VisitPlanEntry
from shared.quotas import quota_timeline
from shared.roles import Role

log = structlog.get_logger(__name__)

TIER_RANK = {
    ClientTier.HIGH_END: 0,
    ClientTier.LARGE: 1,
    ClientTier.MEDIUM: 2,
    ClientTier.RETAIL: 3,
}
# How far back trading days are counted; a client not seen for longer is
# simply overdue, and all such clients are ordered by tier and last visit.
LOOKBACK = timedelta(days=400)
# One lock per branch serialises plan making, so two managers asking at once
# cannot both make the day's plan; the first key is this service's own.
PLAN_LOCK_SPACE = 0x56495331


@dataclass(frozen=True)
class Candidate:
    client_id: int
    manager_id: int
    tier: ClientTier
    due_index: int
    last_visit: date | None

    def sort_key(self) -> tuple[int, int, date, int]:
        return (
            self.due_index,
            TIER_RANK[self.tier],
            self.last_visit or date.min,
            self.client_id,
        )


async def client_managers(
    session: AsyncSession, branch_id: int, *, include_inactive: bool = False
) -> list[Staff]:
    query = (
        select(Staff)
        .where(Staff.branch_id == branch_id, any_(Staff.roles) == Role.CLIENT_MANAGER)
        .order_by(Staff.id)
    )
    if not include_inactive:
        query = query.where(Staff.is_active)
    return list(await session.scalars(query))


async def eligible_clients(
    session: AsyncSession, branch_id: int, manager_ids: list[int]
) -> list[Client]:
    rows = await session.scalars(
        select(Client)
        .where(
            Client.branch_id == branch_id,
            Client.is_active,
            Client.segment == ClientSegment.ON_SITE,
            Client.manager_id.in_(manager_ids),
        )
        .order_by(Client.id)
    )
    return list(rows)


def _ranked(
    clients: list[Client],
    last_visits: dict[int, date],
    intervals: dict[ClientTier, int],
    calendar: TradingCalendar,
    day: date,
) -> list[Candidate]:
    trading = calendar.trading_days(day - LOOKBACK, day)

    def index(of: date) -> int:
        return bisect_right(trading, of)

    candidates = [
        Candidate(
            client_id=client.id,
            manager_id=client.manager_id or 0,
            tier=client.tier,
            due_index=index(last_visits.get(client.id, client.opened_on))
            + intervals[client.tier],
            last_visit=last_visits.get(client.id),
        )
        for client in clients
    ]
    return sorted(candidates, key=Candidate.sort_key)


def _assign(candidates: list[Candidate], room: dict[int, int]) -> dict[int, list[int]]:
    """Hand the most urgent clients out until every manager's quota is used."""
    plan: dict[int, list[int]] = {manager_id: [] for manager_id in room}
    for candidate in candidates:
        if not any(room.values()):
            break
        manager_id = candidate.manager_id
        if room.get(manager_id, 0) == 0:
            manager_id = max(room, key=lambda m: (room[m], -m))
        plan[manager_id].append(candidate.client_id)
        room[manager_id] -= 1
    return plan


async def _lock_branch(session: AsyncSession, branch_id: int) -> None:
    await session.execute(
        text("SELECT pg_advisory_xact_lock(:space, :key)"),
        {
            "space": PLAN_LOCK_SPACE,
            "key": branch_id,
        },
    )


async def plan_entries(
    session: AsyncSession, branch_id: int, day: date
) -> list[VisitPlanEntry]:
    rows = await session.scalars(
        select(VisitPlanEntry)
        .where(VisitPlanEntry.branch_id == branch_id, VisitPlanEntry.day == day)
        .order_by(VisitPlanEntry.manager_id, VisitPlanEntry.position, VisitPlanEntry.id)
    )
    return list(rows)


async def ensure_plans(
    session: AsyncSession,
    branch_id: int,
    day: date,
    *,
    calendar: TradingCalendar | None = None,
) -> int:
    """Make the day's plan for every client manager who has none yet.

    Returns how many entries were added; 0 when every plan already exists,
    the day is not a trading day, or the quota is 0.
    """
    calendar = calendar or await branch_calendar(session, branch_id)
    if not calendar.is_trading_day(day):
        return 0

    timeline = await quota_timeline(session, branch_id, Role.CLIENT_MANAGER, "visit")
    quota = timeline.required_on(day, calendar)
    if quota == 0:
        return 0

    await _lock_branch(session, branch_id)
    existing = await plan_entries(session, branch_id, day)
    planned_managers = {entry.manager_id for entry in existing}
    managers = await client_managers(session, branch_id)
    room = {m.id: quota for m in managers if m.id not in planned_managers}
    if not room:
        return 0

    taken = {e.client_id for e in existing if e.status == PlanEntryStatus.PROPOSED}
    clients = await eligible_clients(session, branch_id, [m.id for m in managers])
    candidates = _ranked(
        [c for c in clients if c.id not in taken],
        await last_visit_days(session, branch_id, day),
        {
            tier: days
            for tier, (days, _) in (await tier_intervals(session, branch_id)).items()
        },
        calendar,
        day,
    )
    plan = _assign(candidates, room)
    entries = [
        VisitPlanEntry(
            branch_id=branch_id,
            day=day,
            manager_id=manager_id,
            client_id=client_id,
            position=position,
            status=PlanEntryStatus.PROPOSED,
        )
        for manager_id, client_ids in plan.items()
        for position, client_id in enumerate(client_ids, start=1)
    ]
    session.add_all(entries)
    await session.flush()
    log.info(
        "visit_plan.made",
        branch_id=branch_id,
        day=day.isoformat(),
        managers=len(room),
        entries=len(entries),
    )
    return len(entries)


async def swap_entry(
    session: AsyncSession,
    entry: VisitPlanEntry,
    staff: Staff,
    client_id: int,
    reason: str,
) -> VisitPlanEntry:
    if entry.manager_id != staff.id and not staff.has_role(Role.SUPERVISOR):
        raise Forbidden("Only the entry's manager or a supervisor may swap it.")
    if entry.status != PlanEntryStatus.PROPOSED:
        raise EntryAlreadySwapped(f"Plan entry {entry.id} has been swapped already.")

    client = await session.get(Client, client_id)
    if (
        client is None
        or client.branch_id != entry.branch_id
        or not client.is_active
        or client.segment != ClientSegment.ON_SITE
    ):
        raise InvalidInput(
            "The client to visit instead must be an active on-site client.",
            [
                field_error(
                    ("body", "client_id"), "not an active on-site client", "value_error"
                )
            ],
        )

    already = await session.scalar(
        select(func.count())
        .select_from(VisitPlanEntry)
        .where(
            VisitPlanEntry.branch_id == entry.branch_id,
            VisitPlanEntry.day == entry.day,
            VisitPlanEntry.client_id == client_id,
            VisitPlanEntry.status == PlanEntryStatus.PROPOSED,
        )
    )
    if already:
        raise ClientAlreadyPlanned(f"Client {client_id} is in this day's plan already.")

    entry.status = PlanEntryStatus.SWAPPED_OUT
    replacement = VisitPlanEntry(
        branch_id=entry.branch_id,
        day=entry.day,
        manager_id=entry.manager_id,
        client_id=client_id,
        position=entry.position,
        status=PlanEntryStatus.PROPOSED,
        replaces_id=entry.id,
        swap_reason=reason,
        swapped_by_id=staff.id,
    )
    entry_id = entry.id
    session.add(replacement)
    try:
        await session.flush()
    except IntegrityError as exc:
        # Another swap of the same entry committed first.
        raise EntryAlreadySwapped(
            f"Plan entry {entry_id} has been swapped already."
        ) from exc
    log.info("visit_plan.swapped", entry_id=entry.id, replacement_id=replacement.id)
    return replacement


async def manager_plan(
    session: AsyncSession, branch_id: int, manager_id: int, day: date
) -> PlanRead:
    """The manager's plan for `day` as stored, with what has been done."""
    calendar = await branch_calendar(session, branch_id)
    entries = [
        e
        for e in await plan_entries(session, branch_id, day)
        if e.manager_id == manager_id
    ]
    entries.sort(key=lambda e: (e.status != PlanEntryStatus.PROPOSED, e.position, e.id))
    clients = {
        c.id: c
        for c in await session.scalars(
            select(Client).where(Client.id.in_([e.client_id for e in entries]))
        )
    }
    last_visits = await last_visit_days(session, branch_id, day)
    visited = await visited_on(session, branch_id, day)

    progress = []
    for duty, done in (
        ("visit", await visits_done(session, branch_id, day, day, [manager_id])),
        ("patrol", await patrols_done(session, branch_id, day, day, [manager_id])),
    ):
        timeline = await quota_timeline(session, branch_id, Role.CLIENT_MANAGER, duty)
        progress.append(
            DutyProgress(
                duty=duty,
                required=timeline.required_on(day, calendar),
                done=done.get((manager_id, day), 0),
            )
        )

    return PlanRead(
        day=day,
        manager_id=manager_id,
        is_trading_day=calendar.is_trading_day(day),
        entries=[
            PlanEntryRead(
                id=e.id,
                day=e.day,
                manager_id=e.manager_id,
                client_id=e.client_id,
                client_name=clients[e.client_id].full_name,
                client_tier=clients[e.client_id].tier,
                room_id=clients[e.client_id].room_id,
                last_visited_on=last_visits.get(e.client_id),
                position=e.position,
                status=e.status,
                replaces_id=e.replaces_id,
                swap_reason=e.swap_reason,
                visited=e.client_id in visited,
            )
            for e in entries
        ],
        progress=progress,
    )
