"""The advisory service's tables: consultation sheets, their holdings lines and
timeline, the branch's advisory policy, and analysis reports for off-site
clients."""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base, BranchScoped, Timestamped
from shared.models.clients import RiskLevel
from shared.models.enums import pg_enum


class SheetStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class Suggestion(enum.StrEnum):
    HOLD = "hold"
    ADD = "add"
    REDUCE = "reduce"
    EXIT = "exit"


class DeliveryChannel(enum.StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"


class TradeSide(enum.StrEnum):
    BUY = "buy"
    SELL = "sell"


_risk_level = pg_enum(RiskLevel, "risk_level")
_risk_level.create_type = False
_suggestion = pg_enum(Suggestion, "advisory_suggestion")
_channel = pg_enum(DeliveryChannel, "advisory_delivery_channel")


class AdvisoryPolicy(Timestamped, BranchScoped, Base):
    """A branch's time limits for sheets. A branch without a row uses the
    defaults below."""

    __tablename__ = "advisory_policies"
    __table_args__ = (
        UniqueConstraint("branch_id"),
        CheckConstraint("normal_trading_hours > 0", name="normal_hours_positive"),
        CheckConstraint("high_end_trading_hours > 0", name="high_end_hours_positive"),
        CheckConstraint("undelivered_limit_hours > 0", name="undelivered_positive"),
        CheckConstraint("lease_minutes > 0", name="lease_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    normal_trading_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    high_end_trading_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    undelivered_limit_hours: Mapped[int] = mapped_column(Integer)
    lease_minutes: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Sheet(Timestamped, BranchScoped, Base):
    """A consultation sheet: a client's holdings and question, an analyst's
    written answer, and both sides' confirmation that it reached the client.

    `version` grows with every change and is the sheet's ETag.
    """

    __tablename__ = "sheets"
    __table_args__ = (
        UniqueConstraint("created_by_id", "idempotency_key"),
        CheckConstraint("feedback_score BETWEEN 1 AND 5", name="feedback_range"),
        Index("ix_sheets_queue", "branch_id", "status", "is_high_end", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    status: Mapped[SheetStatus] = mapped_column(
        pg_enum(SheetStatus, "sheet_status"), default=SheetStatus.DRAFT
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    question: Mapped[str] = mapped_column(Text)
    risk_level: Mapped[RiskLevel] = mapped_column(_risk_level)
    # The client's tier when the sheet was submitted decides its priority.
    is_high_end: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    # The client manager who delivers the answer with the analyst.
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    # A hotline ticket handed over as this sheet; the ticket lives in the
    # hotline service's tables, so there is no foreign key.
    source_ticket_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    idempotency_fingerprint: Mapped[str | None] = mapped_column(String(64))

    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    overdue_marked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id"), index=True
    )
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    overall_suggestion: Mapped[Suggestion | None] = mapped_column(_suggestion)
    overall_analysis: Mapped[str | None] = mapped_column(Text)
    risk_disclosure: Mapped[str | None] = mapped_column(Text)
    research_publisher: Mapped[str | None] = mapped_column(String(200))
    research_date: Mapped[date | None] = mapped_column(Date)
    advice_risk_level: Mapped[RiskLevel | None] = mapped_column(_risk_level)
    # Set when the advice would take the client above their risk level.
    risk_flag: Mapped[str | None] = mapped_column(Text)

    deliver_by: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    undelivered_marked_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )
    manager_confirmed_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )
    manager_channel: Mapped[DeliveryChannel | None] = mapped_column(_channel)
    analyst_confirmed_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )
    analyst_channel: Mapped[DeliveryChannel | None] = mapped_column(_channel)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    feedback_score: Mapped[int | None] = mapped_column(SmallInteger)
    feedback_comment: Mapped[str | None] = mapped_column(Text)

    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class SheetHolding(BranchScoped, Base):
    """One holdings line of a sheet, with the analyst's view of it."""

    __tablename__ = "sheet_holdings"
    __table_args__ = (
        UniqueConstraint("sheet_id", "position"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("cost_price > 0", name="cost_price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("sheets.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(6), ForeignKey("listings.code"))
    name: Mapped[str] = mapped_column(String(100))
    quantity: Mapped[int] = mapped_column(Integer)
    cost_price: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    analysis: Mapped[str | None] = mapped_column(Text)
    suggestion: Mapped[Suggestion | None] = mapped_column(_suggestion)
    suggestion_note: Mapped[str | None] = mapped_column(Text)


class AdvisoryEvent(BranchScoped, Base):
    """One step of a sheet's or a report's timeline, as the SPA shows it."""

    __tablename__ = "advisory_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sheet_id: Mapped[int | None] = mapped_column(ForeignKey("sheets.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("analysis_reports.id"), index=True
    )
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # None when a scheduled job acted.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class AnalysisReport(Timestamped, BranchScoped, Base):
    """An analyst's written report for an off-site client."""

    __tablename__ = "analysis_reports"
    __table_args__ = (
        CheckConstraint("feedback_score BETWEEN 1 AND 5", name="feedback_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    analyst_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    risk_level: Mapped[RiskLevel] = mapped_column(_risk_level)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    overall_suggestion: Mapped[Suggestion] = mapped_column(_suggestion)
    risk_disclosure: Mapped[str] = mapped_column(Text)
    research_publisher: Mapped[str | None] = mapped_column(String(200))
    research_date: Mapped[date | None] = mapped_column(Date)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivery_channel: Mapped[DeliveryChannel | None] = mapped_column(_channel)
    feedback_score: Mapped[int | None] = mapped_column(SmallInteger)
    feedback_comment: Mapped[str | None] = mapped_column(Text)


class ReportTrade(BranchScoped, Base):
    """A recent trade of the client that a report analyses."""

    __tablename__ = "report_trades"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("price > 0", name="price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_reports.id"), index=True
    )
    traded_on: Mapped[date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(6), ForeignKey("listings.code"))
    side: Mapped[TradeSide] = mapped_column(pg_enum(TradeSide, "trade_side"))
    quantity: Mapped[int] = mapped_column(Integer)
    price: Mapped[Decimal] = mapped_column(Numeric(12, 3))


class ReportHolding(BranchScoped, Base):
    """The client's holdings as they stood when the report was written."""

    __tablename__ = "report_holdings"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_reports.id"), index=True
    )
    code: Mapped[str] = mapped_column(String(6), ForeignKey("listings.code"))
    quantity: Mapped[int] = mapped_column(Integer)
    cost_price: Mapped[Decimal] = mapped_column(Numeric(12, 3))
