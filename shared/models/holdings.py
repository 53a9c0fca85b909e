"""The positions a client is known to hold, as the branch last recorded them."""

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base, BranchScoped, Timestamped


class Holding(Timestamped, BranchScoped, Base):
    __tablename__ = "holdings"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("cost_price > 0", name="cost_price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    code: Mapped[str] = mapped_column(String(6), ForeignKey("listings.code"))
    quantity: Mapped[int] = mapped_column(Integer)
    cost_price: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    as_of: Mapped[date] = mapped_column(Date)
