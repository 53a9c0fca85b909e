"""Analysis reports for off-site clients, written by a qualified analyst from
the client's holdings on record and their recent trades (entered or imported
from CSV). A report is delivered and rated like a sheet, and its steps go to
the same timeline table."""

import csv
import io
from datetime import datetime
from typing import Any

import structlog
from pydantic import ValidationError
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.reports.schemas import (
    ReportCreate,
    ReportHoldingRead,
    ReportRead,
    TradeLine,
    TradeRead,
)
from services.advisory.sheets.access import report_visible_to
from services.advisory.sheets.errors import FeedbackAlreadyRecorded, NotPartyToSheet
from services.advisory.sheets.schemas import (
    DeliveryConfirmation,
    EventRead,
    FeedbackCreate,
)
from services.advisory.sheets.service import ensure_qualified, event_reads
from shared.errors import Conflict, InvalidInput, field_error
from shared.models.advisory import (
    AdvisoryEvent,
    AnalysisReport,
    ReportHolding,
    ReportTrade,
)
from shared.models.clients import Client
from shared.models.holdings import Holding
from shared.models.org import Staff
from shared.models.reference import Listing
from shared.scoping import get_or_404

log = structlog.get_logger(__name__)

CSV_COLUMNS = ("traded_on", "code", "side", "quantity", "price")


class ReportAlreadyDelivered(Conflict):
    slug = "report-already-delivered"
    title = "Report already delivered"


def parse_trades_csv(text: str) -> list[TradeLine]:
    """The trades of a CSV; 422 naming each bad row (1 = the first data row)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise InvalidInput(
            "The trades CSV needs the header " + ",".join(CSV_COLUMNS) + ".",
            [field_error(("body", "trades_csv", 0), "wrong header", "csv_header")],
        )

    trades: list[TradeLine] = []
    errors: list[dict[str, Any]] = []
    for row_number, row in enumerate(reader, start=1):
        try:
            trades.append(TradeLine.model_validate(row))
        except ValidationError as exc:
            errors.extend(
                field_error(
                    ("body", "trades_csv", row_number, *error["loc"]),
                    error["msg"],
                    error["type"],
                )
                for error in exc.errors()
            )
        if row_number > 200:
            errors.append(
                field_error(("body", "trades_csv"), "at most 200 rows", "too_long")
            )
            break
    if errors:
        raise InvalidInput("Some trades in the CSV are invalid.", errors)
    return trades


async def _check_codes(
    session: AsyncSession, trades: list[TradeLine], entered: int
) -> None:
    codes = {trade.code for trade in trades}
    known = set(
        await session.scalars(select(Listing.code).where(Listing.code.in_(codes)))
    )
    errors = [
        field_error(
            ("body", "trades", index, "code")
            if index < entered
            else ("body", "trades_csv", index - entered + 1, "code"),
            f"{trade.code} is not a listed A-share",
            "unknown_listing",
        )
        for index, trade in enumerate(trades)
        if trade.code not in known
    ]
    if errors:
        raise InvalidInput("Some trades have unknown stock codes.", errors)


async def create_report(
    session: AsyncSession, analyst: Staff, body: ReportCreate, *, now: datetime
) -> AnalysisReport:
    ensure_qualified(analyst)
    client = await get_or_404(session, Client, body.client_id, "Client")
    trades = list(body.trades)
    if body.trades_csv:
        trades += parse_trades_csv(body.trades_csv)
    await _check_codes(session, trades, len(body.trades))

    report = AnalysisReport(
        branch_id=analyst.branch_id,
        client_id=client.id,
        analyst_id=analyst.id,
        risk_level=client.risk_level,
        created_at=now,
        **body.model_dump(exclude={"client_id", "trades", "trades_csv"}),
    )
    session.add(report)
    await session.flush()
    for trade in trades:
        session.add(
            ReportTrade(
                branch_id=report.branch_id, report_id=report.id, **trade.model_dump()
            )
        )
    holdings = await session.scalars(
        select(Holding).where(Holding.client_id == client.id).order_by(Holding.code)
    )
    for holding in holdings:
        session.add(
            ReportHolding(
                branch_id=report.branch_id,
                report_id=report.id,
                code=holding.code,
                quantity=holding.quantity,
                cost_price=holding.cost_price,
            )
        )
    session.add(_event(report, analyst.id, now, "written"))
    await session.flush()
    log.info("report.written", report_id=report.id, trades=len(trades))
    return report


def _event(
    report: AnalysisReport, actor_id: int, now: datetime, kind: str
) -> AdvisoryEvent:
    return AdvisoryEvent(
        branch_id=report.branch_id,
        report_id=report.id,
        occurred_at=now,
        actor_id=actor_id,
        kind=kind,
    )


async def _may_deliver(
    session: AsyncSession, report: AnalysisReport, staff: Staff
) -> bool:
    if staff.id == report.analyst_id:
        return True
    client = await session.get(Client, report.client_id)
    return client is not None and staff.id in (client.manager_id, client.broker_id)


async def deliver_report(
    session: AsyncSession,
    report: AnalysisReport,
    staff: Staff,
    body: DeliveryConfirmation,
    *,
    now: datetime,
) -> AnalysisReport:
    if not await _may_deliver(session, report, staff):
        raise NotPartyToSheet(
            "Only the report's analyst or the client's manager or broker delivers it."
        )
    if report.delivered_at is not None:
        raise ReportAlreadyDelivered(f"Report {report.id} was delivered already.")

    report.delivered_at = now
    report.delivery_channel = body.channel
    event = _event(report, staff.id, now, "delivered")
    event.note = body.channel.value
    session.add(event)
    await session.flush()
    return report


async def record_feedback(
    session: AsyncSession,
    report: AnalysisReport,
    staff: Staff,
    body: FeedbackCreate,
    *,
    now: datetime,
) -> AnalysisReport:
    if not await _may_deliver(session, report, staff):
        raise NotPartyToSheet("Only the report's analyst or the client's manager.")
    if report.delivered_at is None:
        raise Conflict(f"Report {report.id} is not delivered yet.")
    if report.feedback_score is not None:
        raise FeedbackAlreadyRecorded(f"Report {report.id} already has feedback.")

    report.feedback_score = body.score
    report.feedback_comment = body.comment
    event = _event(report, staff.id, now, "feedback_recorded")
    event.note = str(body.score)
    session.add(event)
    await session.flush()
    return report


async def report_read(session: AsyncSession, report: AnalysisReport) -> ReportRead:
    trades = await session.scalars(
        select(ReportTrade)
        .where(ReportTrade.report_id == report.id)
        .order_by(ReportTrade.traded_on, ReportTrade.id)
    )
    holdings = await session.scalars(
        select(ReportHolding)
        .where(ReportHolding.report_id == report.id)
        .order_by(ReportHolding.id)
    )
    values = {
        name: getattr(report, name)
        for name in ReportRead.model_fields
        if name not in ("holdings", "trades")
    }
    return ReportRead.model_validate(
        {
            **values,
            "holdings": [ReportHoldingRead.model_validate(h) for h in holdings],
            "trades": [TradeRead.model_validate(t) for t in trades],
        }
    )


def report_query(viewer: Staff, client_id: int | None) -> Select[AnalysisReport]:
    """The reports `viewer` may see, newest first."""
    query = (
        select(AnalysisReport)
        .where(report_visible_to(viewer))
        .order_by(AnalysisReport.id.desc())
    )
    if client_id is not None:
        query = query.where(AnalysisReport.client_id == client_id)
    return query


async def report_timeline(
    session: AsyncSession, report: AnalysisReport
) -> list[EventRead]:
    events = await session.scalars(
        select(AdvisoryEvent)
        .where(AdvisoryEvent.report_id == report.id)
        .order_by(AdvisoryEvent.occurred_at, AdvisoryEvent.id)
    )
    return await event_reads(session, list(events))
