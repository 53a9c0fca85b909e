"""Join the three services' schemas into one head.

The visits, advisory and hotline tables were added side by side off the core
schema; from here on the history is one line again, and new revisions revise
this one.

Revision ID: 0005
Revises: 0002, 0004, 0003
Create Date: 2026-12-03 13:27:10.693723
"""

from collections.abc import Sequence

revision: str = "0005"
down_revision: str | Sequence[str] | None = ("0002", "0003", "0004")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
