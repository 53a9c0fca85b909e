"""The demo branch's off-site history: a callback quota, the hotline agents'
lines, and 60 trading days of callbacks and hotline tickets before `today`,
made through the service's own functions so plans, clocks and compliance
show real numbers.

Agents are not perfect: some days a callback agent stops short of the plan,
and some tickets are answered or resolved late, so compliance shows both met
and missed days and the escalation list is not empty. Hand-offs to advisory
are left out: they need the advisory service running, and the demo loads
before any service is up. Everything is drawn from a fixed seed.
"""

import random
from datetime import date, datetime, time, timedelta

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from launcher.demo.core import CoreDemo
from services.hotline.callbacks.schemas import CallbackCreate
from services.hotline.callbacks.service import new_callback
from services.hotline.events.schemas import EventCreate
from services.hotline.events.service import create_event, invite, record_attendance
from services.hotline.lines.service import set_membership
from services.hotline.plans.service import callback_plan
from services.hotline.policy.hours import BusinessHours
from services.hotline.policy.service import business_hours
from services.hotline.tickets.schemas import TicketCreate
from services.hotline.tickets.service import move_ticket, open_ticket
from shared.audit import act_as
from shared.business_days import TradingCalendar, load_calendar
from shared.models import Client, ClientSegment, Staff
from shared.models.hotline import (
    CallbackOutcome,
    CallbackTopic,
    HotlineLine,
    Ticket,
    TicketPriority,
    TicketStatus,
)
from shared.quotas import set_quota
from shared.roles import Role

log = structlog.get_logger(__name__)

HISTORY_TRADING_DAYS = 60
CALLBACK_QUOTA = 6
TICKETS_PER_LINE_PER_DAY = 2
SEED = 20261205

OUTCOMES = {
    CallbackOutcome.REACHED: 62,
    CallbackOutcome.NO_ANSWER: 25,
    CallbackOutcome.WRONG_NUMBER: 4,
    CallbackOutcome.DECLINED: 9,
}
NOTES = (
    "客户关注近期市场波动，已介绍投顾服务",
    "客户反映交易软件登录慢，已指导清理缓存",
    "介绍了新发行的稳健型理财产品",
    "客户暂无需求",
    "",
)
SUMMARIES = {
    HotlineLine.INVESTMENT: (
        "询问持仓个股后市",
        "想了解可转债申购规则",
        "咨询高股息板块配置",
        "询问融资融券风险",
    ),
    HotlineLine.TECHNICAL: (
        "行情软件无法登录",
        "手机APP下单报错",
        "银证转账不到账",
        "条件单设置不生效",
    ),
}
# Membership of the lines: (username, line, on duty today).
LINES = (
    ("hotline1", HotlineLine.INVESTMENT, True),
    ("hotline2", HotlineLine.INVESTMENT, True),
    ("hotline2", HotlineLine.TECHNICAL, False),
    ("hotline3", HotlineLine.TECHNICAL, True),
    ("hotline4", HotlineLine.TECHNICAL, True),
    ("hotline4", HotlineLine.INVESTMENT, False),
)


def _local(calendar: TradingCalendar, day: date, at: time) -> datetime:
    return datetime.combine(day, at, calendar.zone)


async def _callbacks(
    session: AsyncSession,
    core: CoreDemo,
    calendar: TradingCalendar,
    days: list[date],
    rng: random.Random,
) -> int:
    agents = {s.id: s for s in core.staff.values() if Role.CALLBACK_AGENT in s.roles}
    diligence = {agent_id: rng.uniform(0.8, 1.0) for agent_id in agents}
    made = 0
    for day in days:
        for agent_day in await callback_plan(session, core.branch.id, day):
            agent = agents[agent_day.agent.id]
            moment = _local(calendar, day, time(9, 20))
            for candidate in agent_day.clients:
                if rng.random() > diligence[agent.id]:
                    continue
                moment += timedelta(minutes=rng.randint(12, 30))
                outcome = rng.choices(list(OUTCOMES), weights=list(OUTCOMES.values()))[
                    0
                ]
                reached = outcome == CallbackOutcome.REACHED
                body = CallbackCreate(
                    client_id=candidate.client.id,
                    called_at=moment,
                    outcome=outcome,
                    topics=rng.sample(list(CallbackTopic), rng.randint(1, 2))
                    if reached
                    else [],
                    notes=rng.choice(NOTES) if reached else "",
                )
                # Checked one by one like a logged call, written a day at a
                # time: the demo loads in seconds rather than a minute.
                await new_callback(session, agent, body, moment)
                made += 1
        await session.flush()
    return made


async def _work_ticket(
    session: AsyncSession,
    ticket: Ticket,
    agent: Staff,
    opened: datetime,
    rng: random.Random,
    today_start: datetime,
    hours: BusinessHours,
) -> None:
    # Most answers come within minutes; a few wait hours, which breaches.
    respond = opened + timedelta(minutes=rng.choice((3, 8, 15, 25, 40, 150)))
    if respond >= today_start:
        return
    await move_ticket(
        session, ticket, TicketStatus.IN_PROGRESS, "", agent, respond, hours=hours
    )

    finish = respond + timedelta(minutes=rng.randint(10, 240))
    if rng.random() < 0.2:
        await move_ticket(
            session,
            ticket,
            TicketStatus.WAITING_ON_CLIENT,
            "等待客户回电",
            agent,
            finish,
            hours=hours,
        )
        back = finish + timedelta(hours=rng.randint(2, 30))
        if back >= today_start:
            return
        await move_ticket(
            session, ticket, TicketStatus.IN_PROGRESS, "", agent, back, hours=hours
        )
        finish = back + timedelta(minutes=rng.randint(10, 90))
    if rng.random() < 0.05:
        finish += timedelta(days=2)
    if finish >= today_start:
        return
    await move_ticket(
        session, ticket, TicketStatus.RESOLVED, "已处理", agent, finish, hours=hours
    )
    closed = finish + timedelta(days=1)
    if closed < today_start:
        await move_ticket(
            session, ticket, TicketStatus.CLOSED, "", agent, closed, hours=hours
        )


async def _tickets(
    session: AsyncSession,
    core: CoreDemo,
    calendar: TradingCalendar,
    days: list[date],
    today: date,
    rng: random.Random,
) -> int:
    callers = [c for c in core.clients if c.segment == ClientSegment.OFF_SITE]
    hours = await business_hours(session, core.branch.id)
    today_start = _local(calendar, today, time(0))
    made = 0
    for day in days:
        for line in HotlineLine:
            for _ in range(TICKETS_PER_LINE_PER_DAY):
                opened = _local(calendar, day, time(9)) + timedelta(
                    minutes=rng.choice(range(0, 450, 5))
                )
                if opened.time() >= time(12):
                    opened += timedelta(hours=1)
                known = callers and rng.random() < 0.8
                body = TicketCreate(
                    line=line,
                    caller_client_id=rng.choice(callers).id if known else None,
                    caller_phone=None if known else f"139{rng.randrange(10**8):08d}",
                    summary=rng.choice(SUMMARIES[line]),
                    priority=rng.choices(list(TicketPriority), weights=(70, 25, 5))[0],
                )
                opener = core.staff[
                    "hotline1" if line == HotlineLine.INVESTMENT else "hotline3"
                ]
                ticket = await open_ticket(session, opener, body, opened, hours=hours)
                made += 1
                if ticket.assignee_id is None:
                    continue
                agent = await session.get(Staff, ticket.assignee_id)
                assert agent is not None
                await _work_ticket(
                    session, ticket, agent, opened, rng, today_start, hours
                )
    return made


async def _events(
    session: AsyncSession, core: CoreDemo, days: list[date], rng: random.Random
) -> None:
    organiser = core.staff["callback1"]
    off_site = [c.id for c in core.clients if c.segment == ClientSegment.OFF_SITE]
    for day, topic in (
        (days[10], "线上投资策略交流会"),
        (days[40], "交易软件使用培训"),
    ):
        event = await create_event(
            session, organiser, EventCreate(held_on=day, topic=topic)
        )
        invited = rng.sample(off_site, min(20, len(off_site)))
        if not invited:
            continue
        await invite(session, event, invited, organiser)
        for client_id in invited:
            await record_attendance(session, event, client_id, rng.random() < 0.6)


async def load_history(session: AsyncSession, core: CoreDemo, today: date) -> None:
    rng = random.Random(SEED)
    act_as(session, label="demo:hotline")
    branch_id = core.branch.id
    calendar = await load_calendar(session, branch_id, core.branch.timezone)
    days = calendar.previous_trading_days(today, HISTORY_TRADING_DAYS)
    # The core demo's records were loaded by another session: bring the
    # branch's staff and clients into this one, so the service functions find
    # them in the identity map instead of asking the database one by one.
    await session.scalars(select(Staff).where(Staff.branch_id == branch_id))
    await session.scalars(select(Client).where(Client.branch_id == branch_id))

    await set_quota(
        session,
        branch_id=branch_id,
        role=Role.CALLBACK_AGENT,
        duty="callback",
        daily_required=CALLBACK_QUOTA,
        effective_from=days[0],
        set_by_id=core.staff["supervisor1"].id,
    )
    for username, line, on_duty in LINES:
        await set_membership(session, branch_id, line, core.staff[username].id, on_duty)

    callbacks = await _callbacks(session, core, calendar, days, rng)
    tickets = await _tickets(session, core, calendar, days, today, rng)
    await _events(session, core, days, rng)
    log.info(
        "demo.hotline_loaded", callbacks=callbacks, tickets=tickets, days=len(days)
    )
