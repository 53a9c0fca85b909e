"""Off-site service: callbacks, the two hotlines' tickets, the hand-off outbox
to advisory, and off-site client events (services/hotline)."""

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    ARRAY,
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base, BranchScoped, Timestamped
from shared.models.enums import pg_enum


class CallbackOutcome(enum.StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    DECLINED = "declined"

    @property
    def reached_client(self) -> bool:
        # A client who declined the conversation still picked up the phone.
        return self in (CallbackOutcome.REACHED, CallbackOutcome.DECLINED)


class CallbackTopic(enum.StrEnum):
    INVESTMENT_QUESTION = "investment_question"
    TRADING_SOFTWARE = "trading_software"
    NEW_SERVICES = "new_services"


class HotlineLine(enum.StrEnum):
    INVESTMENT = "investment"
    TECHNICAL = "technical"


class TicketPriority(enum.StrEnum):
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class TicketStatus(enum.StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    WAITING_ON_CLIENT = "waiting_on_client"
    RESOLVED = "resolved"
    CLOSED = "closed"


class TicketClock(enum.StrEnum):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


class HandoffStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class HotlinePolicy(Timestamped, BranchScoped, Base):
    """The branch's rules for callbacks and ticket clocks; one row per branch,
    absent until a supervisor changes a default (see services/hotline/policy)."""

    __tablename__ = "hotline_policies"
    __table_args__ = (
        UniqueConstraint("branch_id"),
        CheckConstraint("max_unreached_attempts >= 1", name="max_attempts_positive"),
        CheckConstraint("morning_open < morning_close", name="morning_in_order"),
        CheckConstraint("morning_close <= afternoon_open", name="lunch_in_order"),
        CheckConstraint("afternoon_open < afternoon_close", name="afternoon_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unreached_counts_toward_quota: Mapped[bool] = mapped_column(Boolean)
    max_unreached_attempts: Mapped[int] = mapped_column(Integer)
    new_account_days: Mapped[int] = mapped_column(Integer)
    morning_open: Mapped[time] = mapped_column(Time)
    morning_close: Mapped[time] = mapped_column(Time)
    afternoon_open: Mapped[time] = mapped_column(Time)
    afternoon_close: Mapped[time] = mapped_column(Time)
    warn_before_minutes: Mapped[int] = mapped_column(Integer)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class TicketTimeLimit(Timestamped, BranchScoped, Base):
    """A line's time limits for one priority, in business minutes."""

    __tablename__ = "ticket_time_limits"
    __table_args__ = (
        UniqueConstraint("branch_id", "line", "priority"),
        CheckConstraint("first_response_minutes > 0", name="first_response_positive"),
        CheckConstraint(
            "resolution_minutes >= first_response_minutes", name="resolution_after"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line: Mapped[HotlineLine] = mapped_column(pg_enum(HotlineLine, "hotline_line"))
    priority: Mapped[TicketPriority] = mapped_column(
        pg_enum(TicketPriority, "ticket_priority")
    )
    first_response_minutes: Mapped[int] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)


class HotlineAgentLine(Timestamped, BranchScoped, Base):
    """A hotline agent's membership of a line, and whether they are on duty."""

    __tablename__ = "hotline_agent_lines"
    __table_args__ = (UniqueConstraint("staff_id", "line"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    line: Mapped[HotlineLine] = mapped_column(pg_enum(HotlineLine, "hotline_line"))
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False)
    # Round-robin hands the next ticket to the on-duty agent served longest ago.
    last_assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Callback(Timestamped, BranchScoped, Base):
    __tablename__ = "callbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    called_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    business_day: Mapped[date] = mapped_column(Date, index=True)
    outcome: Mapped[CallbackOutcome] = mapped_column(
        pg_enum(CallbackOutcome, "callback_outcome")
    )
    topics: Mapped[list[CallbackTopic]] = mapped_column(
        ARRAY(pg_enum(CallbackTopic, "callback_topic"))
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    follow_ups: Mapped[str] = mapped_column(Text, default="")


class Ticket(Timestamped, BranchScoped, Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    line: Mapped[HotlineLine] = mapped_column(
        pg_enum(HotlineLine, "hotline_line"), index=True
    )
    caller_client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    # A caller who is not (yet) known as a client: only the number they gave.
    caller_phone: Mapped[str | None] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(String(200))
    priority: Mapped[TicketPriority] = mapped_column(
        pg_enum(TicketPriority, "ticket_priority")
    )
    status: Mapped[TicketStatus] = mapped_column(
        pg_enum(TicketStatus, "ticket_status"), index=True
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    first_response_due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolution_due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # While waiting on the client the resolution clock stands still.
    paused_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_response_warned_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )
    resolution_warned_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )
    # Once set, a breach stays: resolving the ticket later does not clear it.
    first_response_breached: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution_breached: Mapped[bool] = mapped_column(Boolean, default=False)
    # The consultation sheet in the advisory service this ticket was handed to.
    sheet_id: Mapped[int | None] = mapped_column(Integer)


class TicketEvent(Timestamped, BranchScoped, Base):
    """One line of a ticket's timeline; appended, never changed."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    from_status: Mapped[TicketStatus | None] = mapped_column(
        pg_enum(TicketStatus, "ticket_status")
    )
    to_status: Mapped[TicketStatus | None] = mapped_column(
        pg_enum(TicketStatus, "ticket_status")
    )
    note: Mapped[str] = mapped_column(Text, default="")


class TicketEscalation(Timestamped, BranchScoped, Base):
    """A breached clock, put before the branch's supervisors."""

    __tablename__ = "ticket_escalations"
    __table_args__ = (UniqueConstraint("ticket_id", "clock"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    clock: Mapped[TicketClock] = mapped_column(pg_enum(TicketClock, "ticket_clock"))
    escalated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Handoff(Timestamped, BranchScoped, Base):
    """The outbox of a ticket's hand-off to advisory: kept until the sheet's id
    comes back, so an advisory outage never loses the request.

    A hand-off advisory refused (failed) stays as history when the ticket is
    handed over again; a ticket has at most one pending or sent hand-off, so
    it never gets two sheets."""

    __tablename__ = "hotline_handoffs"
    __table_args__ = (
        UniqueConstraint("idempotency_key"),
        Index(
            "uq_hotline_handoffs_live_ticket_id",
            "ticket_id",
            unique=True,
            postgresql_where=text("status <> 'failed'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    idempotency_key: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[HandoffStatus] = mapped_column(
        pg_enum(HandoffStatus, "handoff_status"), index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(500))
    sheet_id: Mapped[int | None] = mapped_column(Integer)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OffsiteEvent(Timestamped, BranchScoped, Base):
    __tablename__ = "offsite_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    organised_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class OffsiteEventInvitation(Timestamped, BranchScoped, Base):
    __tablename__ = "offsite_event_invitations"
    __table_args__ = (UniqueConstraint("event_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("offsite_events.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # None until the day: then whether they came.
    attended: Mapped[bool | None] = mapped_column(Boolean)
