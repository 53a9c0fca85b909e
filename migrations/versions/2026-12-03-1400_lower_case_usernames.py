"""Store usernames in lower case, so two accounts cannot differ by case alone.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Accounts made before logins became case-insensitive may be mixed case;
    # lowering them keeps the same logins working.
    op.execute("UPDATE staff SET username = lower(username)")
    op.create_check_constraint(
        "username_lower_case", "staff", "username = lower(username)"
    )


def downgrade() -> None:
    op.drop_constraint("username_lower_case", "staff", type_="check")
