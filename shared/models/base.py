"""The declarative base of the one shared schema, with its naming convention."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Relationships, where a model has any, are declared lazy="raise": in async
    code an implicit lazy load is a bug, so a relationship is loaded on purpose
    (selectinload) or not at all."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class BranchScoped:
    """A record that belongs to one branch.

    Every ORM query run by a session that carries a staff member's branch is
    filtered to that branch (see shared.scoping), so another branch's record
    is simply not found.
    """

    @declared_attr
    def branch_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("branches.id"), index=True)
