"""Bookkeeping of the system itself: job runs and loaded demo sections."""

from datetime import datetime

from sqlalchemy import DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base


class JobRun(Base):
    """One scheduled job's run for one time slot, claimed by one replica."""

    __tablename__ = "job_runs"

    job: Mapped[str] = mapped_column(String(100), primary_key=True)
    slot: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    replica: Mapped[str] = mapped_column(String(200))


class DemoSection(Base):
    """A part of the demo data that has been loaded, so it is loaded once."""

    __tablename__ = "demo_sections"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    loaded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
