"""The demo branch's on-site history: quotas, and 60 trading days of plans,
visits, patrols and weekly exchange meetings before `today`, made through the
service's own functions so the compliance table shows real numbers.

The staff are not perfect: each manager has their own diligence, so some
planned visits and some patrols are missed and compliance shows both met and
missed days. Everything is drawn from a fixed seed.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from launcher.demo.core import CoreDemo
from services.visits.forms.schemas import (
    FollowUp,
    PatrolChecklist,
    PatrolCreate,
    VisitCreate,
)
from services.visits.forms.service import add_patrol, add_visit
from services.visits.meetings.schemas import MeetingCreate, MeetingUpdate
from services.visits.meetings.service import create_meeting, update_meeting
from services.visits.plans.service import ensure_plans, plan_entries
from services.visits.policies.service import active_topic_codes
from shared.audit import act_as
from shared.business_days import load_calendar
from shared.models import Branch, Client, ClientSegment, ClientTier, Room, Staff
from shared.models.visits import PlanEntryStatus
from shared.quotas import set_quota
from shared.roles import Role

log = structlog.get_logger(__name__)

HISTORY_TRADING_DAYS = 60
VISIT_QUOTA = 6
PATROL_QUOTA = 2
SEED = 20261204

CONCERNS = (
    "担心持仓股票回撤，想了解是否需要减仓",
    "关注新能源板块的后市走势",
    "询问融资融券业务的开通条件",
    "对交易软件的条件单功能不熟悉",
    "希望了解近期新发基金产品",
    "",
    "",
)
FOLLOW_UPS = ("发送研报摘要", "预约投资顾问面谈", "协助开通条件单")
MEETING_TOPICS = (
    "本周市场回顾与下周展望",
    "半导体行业景气度分析",
    "高股息策略的机会与风险",
    "新能源产业链投资逻辑",
    "客户经验分享：如何控制仓位",
)


def _moment(rng: random.Random, day: date, zone: ZoneInfo) -> datetime:
    """A moment in the branch's opening hours, 09:15 to 15:30."""
    minutes = rng.randrange(9 * 60 + 15, 15 * 60 + 30)
    return datetime.combine(day, time(minutes // 60, minutes % 60), zone)


async def _set_quotas(session: AsyncSession, core: CoreDemo, start: date) -> None:
    supervisor = core.staff["supervisor1"]
    for duty, value in (("visit", VISIT_QUOTA), ("patrol", PATROL_QUOTA)):
        await set_quota(
            session,
            branch_id=core.branch.id,
            role=Role.CLIENT_MANAGER,
            duty=duty,
            daily_required=value,
            effective_from=start,
            set_by_id=supervisor.id,
        )


async def load_history(session: AsyncSession, core: CoreDemo, today: date) -> None:
    rng = random.Random(SEED)
    act_as(session, label="demo")
    # The session's identity map holds records weakly: keeping the branch,
    # its rooms and clients referenced here lets each form's checks find them
    # there instead of asking the database thousands of times.
    branch = await session.get_one(Branch, core.branch.id)
    kept = [
        *await session.scalars(select(Room).where(Room.branch_id == branch.id)),
        *await session.scalars(select(Client).where(Client.branch_id == branch.id)),
    ]
    zone = ZoneInfo(branch.timezone)
    calendar = await load_calendar(session, branch.id, branch.timezone)
    days = calendar.previous_trading_days(today, HISTORY_TRADING_DAYS)
    await _set_quotas(session, core, days[0])

    managers = {s.id: s for s in core.staff.values() if Role.CLIENT_MANAGER in s.roles}
    # How reliably each manager does the day's work, and how often they patrol.
    diligence = {m: rng.uniform(0.7, 1.0) for m in managers}
    rooms = [room for room in core.rooms if room.is_active]
    on_site = [
        c for c in core.clients if c.segment == ClientSegment.ON_SITE and c.is_active
    ]
    invitable = [
        c for c in core.clients if c.tier in (ClientTier.MEDIUM, ClientTier.LARGE)
    ]
    analysts = [
        s
        for s in core.staff.values()
        if Role.ANALYST in s.roles and s.adviser_qualification_no
    ]
    topic_codes = frozenset(await active_topic_codes(session, branch.id))
    topics = sorted(topic_codes)
    # Forms are filed on the day; `now` is the evening it was filed.
    visits = patrols = meetings = 0

    for day in days:
        filed = datetime.combine(day, time(20), zone)
        await ensure_plans(session, branch.id, day, calendar=calendar)
        entries = [
            e
            for e in await plan_entries(session, branch.id, day)
            if e.status == PlanEntryStatus.PROPOSED
        ]
        for entry in entries:
            manager = managers[entry.manager_id]
            if rng.random() > diligence[manager.id]:
                continue
            follow_ups = (
                [FollowUp(action=rng.choice(FOLLOW_UPS), due_on=day + timedelta(3))]
                if rng.random() < 0.15
                else []
            )
            body = VisitCreate(
                client_id=entry.client_id,
                visited_at=_moment(rng, day, zone),
                topics=rng.sample(topics, rng.randint(1, 2)),
                concerns=rng.choice(CONCERNS),
                wants_consultation=rng.random() < 0.2,
                follow_ups=follow_ups,
            )
            await add_visit(session, manager, body, now=filed, topic_codes=topic_codes)
            visits += 1

        for manager in managers.values():
            # Now and then a client drops by unplanned.
            if on_site and rng.random() < 0.1:
                body = VisitCreate(
                    client_id=rng.choice(on_site).id,
                    visited_at=_moment(rng, day, zone),
                    topics=[rng.choice(topics)],
                )
                await add_visit(
                    session, manager, body, now=filed, topic_codes=topic_codes
                )
                visits += 1
            for _ in range(PATROL_QUOTA):
                if rng.random() > diligence[manager.id]:
                    continue
                checklist = PatrolChecklist(
                    quote_screens=rng.random() > 0.03,
                    terminals=rng.random() > 0.05,
                    order=rng.random() > 0.02,
                    incidents=rng.random() > 0.01,
                )
                body_patrol = PatrolCreate(
                    room_id=rng.choice(rooms).id,
                    patrolled_at=_moment(rng, day, zone),
                    checklist=checklist,
                    clients_present=rng.randint(0, 40),
                )
                await add_patrol(session, manager, body_patrol, now=filed)
                patrols += 1

        # One flush a day: the next day's plan reads these visits.
        await session.flush()

        # The exchange meeting is held on the week's last trading day.
        if day.weekday() == 4 and invitable and analysts:
            meetings += await _meeting(session, core, rng, day, invitable, analysts)

    del kept
    log.info(
        "demo.visits_loaded",
        days=len(days),
        visits=visits,
        patrols=patrols,
        meetings=meetings,
    )


async def _meeting(
    session: AsyncSession,
    core: CoreDemo,
    rng: random.Random,
    day: date,
    invitable: list[Client],
    analysts: list[Staff],
) -> int:
    invited = rng.sample(invitable, min(len(invitable), 12))
    meeting = await create_meeting(
        session,
        core.staff["manager1"],
        MeetingCreate(
            day=day,
            topic=rng.choice(MEETING_TOPICS),
            speaker_staff_ids=[
                a.id for a in rng.sample(analysts, min(2, len(analysts)))
            ],
            speaker_client_ids=[invited[0].id],
            invited_client_ids=[c.id for c in invited],
        ),
    )
    attended = [c.id for c in invited if c is invited[0] or rng.random() < 0.7]
    await update_meeting(
        session,
        meeting,
        MeetingUpdate(attended_client_ids=attended, notes="交流气氛良好，客户提问踊跃"),
    )
    return 1
