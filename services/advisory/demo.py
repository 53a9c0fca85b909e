"""The demo branch's advisory history: 60 trading days of consultation sheets
in every state, and analysis reports for off-site clients.

Everything goes through the service's own functions at the moment it would
have happened, so due times, timelines and the audit trail are what the live
system would have written. Older sheets run their course (mostly delivered
and rated; some answered late, delivered late, left undelivered or cancelled);
the last trading day keeps drafts, waiting and claimed sheets for the queue.
"""

import random
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from launcher.demo.core import CoreDemo
from services.advisory.policies.schemas import PolicyUpdate
from services.advisory.policies.service import branch_calendar, set_policy
from services.advisory.queue.service import claim_next, release
from services.advisory.reports.schemas import ReportCreate, TradeLine
from services.advisory.reports.service import create_report
from services.advisory.reports.service import deliver_report as deliver_report_to
from services.advisory.sheets.jobs import mark_overdue, mark_undelivered
from services.advisory.sheets.schemas import (
    CancelRequest,
    DeliveryConfirmation,
    FeedbackCreate,
    HoldingAnswer,
    HoldingLine,
    SheetAnswer,
    SheetCreate,
)
from services.advisory.sheets.service import (
    answer_sheet,
    cancel_sheet,
    confirm_delivery,
    create_sheet,
    load_holdings,
    record_feedback,
)
from shared.audit import act_as
from shared.models import ClientSegment, Holding, Staff
from shared.models.advisory import DeliveryChannel, Sheet, Suggestion, TradeSide
from shared.roles import Role

log = structlog.get_logger(__name__)

SEED = 20261204
HISTORY_DAYS = 60
SHEETS_PER_DAY = (2, 5)

QUESTIONS = (
    "最近回调较多，这只股票还能继续持有吗？",
    "想加仓白酒板块，现在的位置合适吗？",
    "持仓亏损较大，是止损还是补仓？",
    "新能源板块波动大，仓位要不要降一些？",
    "年底前的行情怎么看？整体仓位如何安排？",
    "银行股分红不错，能否作为长期配置？",
    "听说要出政策利好，能否提前布局？",
)
ANALYSES = (
    "基本面稳健，估值处于历史中位。",
    "短期涨幅较大，注意回撤风险。",
    "行业景气度回升，业绩有望改善。",
    "估值偏高，建议控制仓位。",
    "现金流良好，分红稳定。",
)
DISCLOSURE = "以上意见仅供参考，不构成投资承诺。投资有风险，入市需谨慎。"
PUBLISHERS = (
    "中信证券研究部",
    "华泰证券研究所",
    "国泰君安研究所",
    "招商证券研究发展中心",
)
COMMENTS = ("讲解清楚", "很有帮助", "希望多联系", None, None)
CANCEL_REASONS = ("客户撤回咨询", "客户已自行处理", "重复提交")


def _at(zone: str, day: date, minute_of_day: int) -> datetime:
    local = datetime.combine(day, time(0), ZoneInfo(zone))
    return (local + timedelta(minutes=minute_of_day)).astimezone(UTC)


class _History:
    def __init__(
        self, session: AsyncSession, core: CoreDemo, rng: random.Random, now: datetime
    ):
        self.session = session
        # Nothing in the history happens after the moment it is loaded.
        self.now = now
        self.core = core
        self.rng = rng
        staff = list(core.staff.values())
        self.managers = [s for s in staff if s.has_role(Role.CLIENT_MANAGER)]
        self.analysts = [
            s for s in staff if s.has_role(Role.ANALYST) and s.adviser_qualification_no
        ]
        self.by_id = {s.id: s for s in staff}
        # A manager writes sheets only for the clients they manage.
        self.on_site = [
            c
            for c in core.clients
            if c.segment == ClientSegment.ON_SITE
            and c.is_active
            and c.manager_id in {m.id for m in self.managers}
        ]
        self.off_site = [
            c
            for c in core.clients
            if c.segment == ClientSegment.OFF_SITE and c.is_active
        ]
        self.holdings: dict[int, list[Holding]] = defaultdict(list)

    async def load_holdings(self) -> None:
        rows = await self.session.scalars(
            select(Holding).where(Holding.branch_id == self.core.branch.id)
        )
        for holding in rows:
            self.holdings[holding.client_id].append(holding)

    def act(self, staff: Staff) -> None:
        act_as(self.session, staff_id=staff.id, label="demo")

    async def new_sheet(self, at: datetime, *, submit: bool) -> tuple[Sheet, Staff]:
        client = self.rng.choice(self.on_site)
        manager = self.by_id[client.manager_id or -1]
        lines = [
            HoldingLine(code=h.code, quantity=h.quantity, cost_price=h.cost_price)
            for h in self.holdings[client.id][:3]
        ]
        body = SheetCreate(
            client_id=client.id,
            question=self.rng.choice(QUESTIONS),
            holdings=lines,
            submit=submit,
        )
        self.act(manager)
        sheet, _ = await create_sheet(self.session, manager, body, now=at)
        return sheet, manager

    async def claim(self, sheet: Sheet, at: datetime) -> Staff:
        analyst = self.rng.choice(self.analysts)
        self.act(analyst)
        claimed = await claim_next(self.session, analyst, now=at)
        # History is written one sheet at a time, so the queue holds only it.
        assert claimed is not None and claimed.id == sheet.id
        return analyst

    async def answer(self, sheet: Sheet, analyst: Staff, at: datetime) -> None:
        holdings = await load_holdings(self.session, sheet.id)
        rng = self.rng
        cites = rng.random() < 0.4
        body = SheetAnswer(
            holdings=[
                HoldingAnswer(
                    holding_id=h.id,
                    analysis=rng.choice(ANALYSES),
                    suggestion=rng.choice(
                        [
                            Suggestion.HOLD,
                            Suggestion.HOLD,
                            Suggestion.REDUCE,
                            Suggestion.ADD,
                        ]
                    ),
                )
                for h in holdings
            ],
            overall_suggestion=rng.choice(list(Suggestion)),
            overall_analysis=rng.choice(ANALYSES),
            risk_disclosure=DISCLOSURE,
            research_publisher=rng.choice(PUBLISHERS) if cites else None,
            research_date=(at - timedelta(days=rng.randint(1, 20))).date()
            if cites
            else None,
        )
        self.act(analyst)
        await answer_sheet(self.session, sheet, analyst, body, now=at)

    async def deliver(
        self, sheet: Sheet, manager: Staff, analyst: Staff, at: datetime
    ) -> None:
        channel = DeliveryConfirmation(
            channel=self.rng.choice([DeliveryChannel.IN_PERSON, DeliveryChannel.PHONE])
        )
        for party, offset in ((manager, 0), (analyst, self.rng.randint(5, 90))):
            self.act(party)
            await confirm_delivery(
                self.session, sheet, party, channel, now=at + timedelta(minutes=offset)
            )
        if self.rng.random() < 0.8:
            self.act(manager)
            await record_feedback(
                self.session,
                sheet,
                manager,
                FeedbackCreate(
                    score=self.rng.choices([5, 4, 3, 2, 1], [45, 35, 12, 5, 3])[0],
                    comment=self.rng.choice(COMMENTS),
                ),
                now=at + timedelta(hours=2),
            )

    async def cancel(self, sheet: Sheet, by: Staff, at: datetime) -> None:
        self.act(by)
        reason = CancelRequest(reason=self.rng.choice(CANCEL_REASONS))
        await cancel_sheet(self.session, sheet, by, reason, now=at)

    async def run_course(self, at: datetime) -> None:
        """One sheet from submission to wherever its fate leads."""
        rng = self.rng
        sheet, manager = await self.new_sheet(at, submit=True)
        assert sheet.due_at is not None
        fate = rng.random()
        if fate < 0.04:
            await self.cancel(sheet, manager, at + timedelta(minutes=20))
            return

        claimed_at = at + timedelta(minutes=rng.randint(3, 25))
        analyst = await self.claim(sheet, claimed_at)
        if fate < 0.07:
            await self.cancel(sheet, manager, claimed_at + timedelta(minutes=30))
            return
        if fate < 0.11:
            self.act(analyst)
            released_at = claimed_at + timedelta(minutes=10)
            await release(self.session, sheet, analyst, now=released_at)
            claimed_at = released_at + timedelta(minutes=5)
            analyst = await self.claim(sheet, claimed_at)

        late = rng.random() < 0.12
        answered_at = (
            sheet.due_at + timedelta(minutes=rng.randint(10, 240))
            if late
            else max(
                claimed_at + timedelta(minutes=5),
                sheet.due_at - timedelta(minutes=rng.randint(5, 90)),
            )
        )
        await self.answer(sheet, analyst, answered_at)
        delay = rng.randint(26, 40) if rng.random() < 0.1 else rng.randint(1, 20)
        delivered_at = answered_at + timedelta(hours=delay)
        # Some answers never reach the client; the latest ones have not yet.
        if fate < 0.19 or delivered_at + timedelta(hours=3) > self.now:
            return
        await self.deliver(sheet, manager, analyst, delivered_at)

    async def pending_today(self, day: date, zone: str) -> None:
        """Work still open on the last day: drafts, claims, the waiting queue."""
        for minute in (9 * 60 + 50, 10 * 60 + 40, 13 * 60 + 20):
            await self.new_sheet(_at(zone, day, minute), submit=False)
        # Claimed a few minutes ago, so the claims are still held when the
        # demo starts (an older one would go back to the queue at once).
        for minute in (9 * 60 + 35, 10 * 60 + 5, 10 * 60 + 50):
            sheet, _ = await self.new_sheet(_at(zone, day, minute), submit=True)
            await self.claim(sheet, self.now - timedelta(minutes=minute % 7 + 1))
        for minute in (11 * 60, 13 * 60 + 40, 14 * 60 + 10, 14 * 60 + 45):
            await self.new_sheet(_at(zone, day, minute), submit=True)

    async def reports(self, days: list[date], zone: str) -> None:
        rng = self.rng
        for day in days[:: max(1, len(days) // 20)]:
            client = rng.choice(self.off_site)
            analyst = rng.choice(self.analysts)
            holdings = self.holdings[client.id]
            trades = [
                TradeLine(
                    traded_on=day - timedelta(days=rng.randint(1, 20)),
                    code=h.code,
                    side=rng.choice(list(TradeSide)),
                    quantity=100 * rng.randint(1, 10),
                    price=(h.cost_price * Decimal(rng.uniform(0.85, 1.15))).quantize(
                        Decimal("0.01")
                    ),
                )
                for h in holdings[:3]
            ]
            body = ReportCreate(
                client_id=client.id,
                title="持仓与近期交易分析",
                body=rng.choice(ANALYSES) + rng.choice(ANALYSES),
                overall_suggestion=rng.choice(list(Suggestion)),
                risk_disclosure=DISCLOSURE,
                trades=trades,
            )
            at = _at(zone, day, 15 * 60 + 30)
            self.act(analyst)
            report = await create_report(self.session, analyst, body, now=at)
            if rng.random() < 0.8:
                await deliver_report_to(
                    self.session,
                    report,
                    analyst,
                    DeliveryConfirmation(channel=DeliveryChannel.PHONE),
                    now=at + timedelta(hours=18),
                )


async def load_history(session: AsyncSession, core: CoreDemo, today: date) -> None:
    rng = random.Random(SEED)
    now = datetime.now(UTC)
    history = _History(session, core, rng, now)
    if not history.on_site or not history.analysts or not history.managers:
        log.info("demo.advisory_skipped", reason="no on-site clients or staff")
        return

    await history.load_holdings()
    branch_id = core.branch.id
    act_as(session, label="demo")
    await set_policy(
        session,
        branch_id,
        PolicyUpdate(
            normal_trading_hours=Decimal("2"),
            high_end_trading_hours=Decimal("1"),
            undelivered_limit_hours=4,
            lease_minutes=60,
        ),
    )
    calendar = await branch_calendar(session, branch_id)
    days = calendar.previous_trading_days(today, HISTORY_DAYS)
    zone = core.branch.timezone
    for day in days[:-1]:
        for _ in range(rng.randint(*SHEETS_PER_DAY)):
            minute = rng.randint(9 * 60 + 30, 14 * 60 + 40)
            await history.run_course(_at(zone, day, minute))
        # A flush looks over every object the session holds; letting go of
        # the finished day's keeps the load linear in the number of sheets.
        await session.flush()
        session.expunge_all()
    await history.pending_today(days[-1], zone)
    await history.reports(days, zone)

    # The supervision jobs run as they would have by now.
    act_as(session, label="demo")
    await mark_overdue(session, now)
    await mark_undelivered(session, now)
    log.info("demo.advisory_loaded", days=len(days))
