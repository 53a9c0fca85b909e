"""Daily quota policies: how many of a duty a role owes per trading day."""

from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base, BranchScoped, Timestamped
from shared.models.enums import pg_enum
from shared.roles import Role


class QuotaPolicy(Timestamped, BranchScoped, Base):
    """One value of a quota, in force from `effective_from` until the next one.

    Values are never edited in place: a change is a new row with a later start,
    so past days keep the quota they had.
    """

    __tablename__ = "quota_policies"
    __table_args__ = (
        UniqueConstraint("branch_id", "role", "duty", "effective_from"),
        CheckConstraint("daily_required >= 0", name="daily_required_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(pg_enum(Role, "staff_role"))
    duty: Mapped[str] = mapped_column(String(64))
    daily_required: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
