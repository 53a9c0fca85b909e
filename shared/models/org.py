"""Branches, their staff and their rooms."""

import enum
from datetime import datetime

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base, BranchScoped, Timestamped
from shared.models.enums import pg_enum
from shared.roles import Role


class Branch(Timestamped, Base):
    __tablename__ = "branches"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")


class Staff(Timestamped, BranchScoped, Base):
    __tablename__ = "staff"
    # Logins match usernames case-insensitively; storing them in lower case
    # keeps "Manager1" and "manager1" from being two accounts.
    __table_args__ = (
        CheckConstraint("username = lower(username)", name="username_lower_case"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    roles: Mapped[list[Role]] = mapped_column(ARRAY(pg_enum(Role, "staff_role")))
    adviser_qualification_no: Mapped[str | None] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(256))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Head-office supervisors see every branch; everyone else sees their own.
    is_head_office: Mapped[bool] = mapped_column(Boolean, default=False)

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)


class LoginThrottle(Base):
    """Recent login attempts on one account, to slow down password guessing.

    Kept apart from `staff` so that this bookkeeping does not show up in every
    audited change of a staff record. It is written by single SQL upserts
    (shared.auth.router), which the ORM audit does not see: attempts are not
    service records, and one atomic statement counts parallel guesses exactly.
    """

    __tablename__ = "login_throttles"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    attempts: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RoomKind(enum.StrEnum):
    HALL = "hall"
    MEDIUM = "medium"
    LARGE = "large"
    VIP = "vip"


class Room(Timestamped, BranchScoped, Base):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("branch_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[RoomKind] = mapped_column(pg_enum(RoomKind, "room_kind"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
