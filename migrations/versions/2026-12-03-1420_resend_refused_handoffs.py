"""A ticket may be handed over again after advisory refused the hand-off.

The refused (failed) outbox rows stay as the ticket's history; only one
pending or sent hand-off per ticket is allowed, so a ticket still gets at most
one consultation sheet.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 14:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint(
        "uq_hotline_handoffs_ticket_id", "hotline_handoffs", type_="unique"
    )
    op.create_index("ix_hotline_handoffs_ticket_id", "hotline_handoffs", ["ticket_id"])
    op.create_index(
        "uq_hotline_handoffs_live_ticket_id",
        "hotline_handoffs",
        ["ticket_id"],
        unique=True,
        postgresql_where=sa.text("status <> 'failed'"),
    )


def downgrade() -> None:
    # Refused to run on a database where a ticket was handed over again: the
    # old constraint allows one row per ticket, and records are not deleted.
    op.drop_index("uq_hotline_handoffs_live_ticket_id", table_name="hotline_handoffs")
    op.drop_index("ix_hotline_handoffs_ticket_id", table_name="hotline_handoffs")
    op.create_unique_constraint(
        "uq_hotline_handoffs_ticket_id", "hotline_handoffs", ["ticket_id"]
    )
