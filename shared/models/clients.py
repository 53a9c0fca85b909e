"""The branch's clients."""

import enum
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base, BranchScoped, Timestamped
from shared.models.enums import pg_enum


class ClientTier(enum.StrEnum):
    RETAIL = "retail"
    MEDIUM = "medium"
    LARGE = "large"
    HIGH_END = "high_end"


class ClientSegment(enum.StrEnum):
    ON_SITE = "on_site"
    OFF_SITE = "off_site"


class RiskLevel(enum.StrEnum):
    C1 = "C1"
    C2 = "C2"
    C3 = "C3"
    C4 = "C4"
    C5 = "C5"

    @property
    def rank(self) -> int:
        return int(self.value[1])


class Client(Timestamped, BranchScoped, Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str] = mapped_column(String(32))
    account_no: Mapped[str] = mapped_column(String(32), unique=True)
    tier: Mapped[ClientTier] = mapped_column(pg_enum(ClientTier, "client_tier"))
    segment: Mapped[ClientSegment] = mapped_column(
        pg_enum(ClientSegment, "client_segment")
    )
    risk_level: Mapped[RiskLevel] = mapped_column(pg_enum(RiskLevel, "risk_level"))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    broker_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    opened_on: Mapped[date] = mapped_column(Date)
    # The client asked not to be phoned; callback plans leave them out.
    do_not_call: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
