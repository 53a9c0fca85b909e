"""The on-site service's records: tier intervals, visit topics, daily visit
plans, visit and patrol forms (each correction a new version), and the weekly
client exchange meetings."""

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base, BranchScoped, Timestamped
from shared.models.clients import ClientTier
from shared.models.enums import pg_enum


class TierInterval(Timestamped, BranchScoped, Base):
    """How many trading days may pass between two visits of a client of a tier.

    A branch without a row for a tier uses the default in services.visits.
    """

    __tablename__ = "tier_intervals"
    __table_args__ = (
        UniqueConstraint("branch_id", "tier"),
        CheckConstraint("interval_days >= 1", name="interval_days_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tier: Mapped[ClientTier] = mapped_column(pg_enum(ClientTier, "client_tier"))
    interval_days: Mapped[int] = mapped_column(Integer)


class VisitTopic(Timestamped, BranchScoped, Base):
    """One entry of the branch's list of topics a visit can cover."""

    __tablename__ = "visit_topics"
    __table_args__ = (UniqueConstraint("branch_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class PlanEntryStatus(enum.StrEnum):
    PROPOSED = "proposed"
    SWAPPED_OUT = "swapped_out"


class VisitPlanEntry(Timestamped, BranchScoped, Base):
    """One client proposed to one manager for one business day.

    A swap never rewrites the proposal: the entry is marked swapped out and a
    new entry, pointing at it with the reason, takes its place.
    """

    __tablename__ = "visit_plan_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[PlanEntryStatus] = mapped_column(
        pg_enum(PlanEntryStatus, "plan_entry_status"), default=PlanEntryStatus.PROPOSED
    )
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("visit_plan_entries.id"), unique=True
    )
    swap_reason: Mapped[str | None] = mapped_column(String(200))
    swapped_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class Visit(Timestamped, BranchScoped, Base):
    """One version of a visit form. A correction is a new row that supersedes
    the previous version. Later versions carry the first version's id as
    `record_id`; the first version's own is null. The current version is the
    one nothing supersedes."""

    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int | None] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Unique: a version is corrected at most once, so two people correcting
    # the same version at once cannot fork the history.
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("visits.id"), unique=True
    )
    manager_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    visited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[date] = mapped_column(Date, index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    topics: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    concerns: Mapped[str] = mapped_column(Text, default="")
    wants_consultation: Mapped[bool] = mapped_column(Boolean, default=False)
    # [{"action": str, "due_on": "YYYY-MM-DD"}]
    follow_ups: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class Patrol(Timestamped, BranchScoped, Base):
    """One version of a room patrol form, versioned like `Visit`."""

    __tablename__ = "patrols"
    __table_args__ = (
        CheckConstraint("clients_present >= 0", name="clients_present_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int | None] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("patrols.id"), unique=True
    )
    manager_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"))
    patrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[date] = mapped_column(Date, index=True)
    # {"quote_screens": true, "terminals": true, "order": true, "incidents": false}
    checklist: Mapped[dict[str, bool]] = mapped_column(JSONB)
    clients_present: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class ExchangeMeeting(Timestamped, BranchScoped, Base):
    """A weekly client exchange meeting (客户交流会) for medium and large clients."""

    __tablename__ = "exchange_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    topic: Mapped[str] = mapped_column(String(200))
    speaker_staff_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    speaker_client_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    invited_client_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    attended_client_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    notes: Mapped[str] = mapped_column(Text, default="")
    organised_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
