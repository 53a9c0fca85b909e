"""Reference data shared by every branch: A-share listings, calendar overrides."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base, Timestamped


class Listing(Base):
    __tablename__ = "listings"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    exchange: Mapped[str] = mapped_column(String(8))
    board: Mapped[str] = mapped_column(String(16))
    industry: Mapped[str] = mapped_column(String(50))
    price_level_cny: Mapped[Decimal] = mapped_column(Numeric(12, 2))


class CalendarOverride(Timestamped, Base):
    """A day the exchange calendar gets wrong for a branch.

    With no branch it applies to every branch: the way to record exchange
    holidays the calendar library does not know yet.
    """

    __tablename__ = "calendar_overrides"
    __table_args__ = (UniqueConstraint("branch_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    day: Mapped[date] = mapped_column(Date)
    is_working_day: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(200))
