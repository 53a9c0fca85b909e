"""Core schema: branches, staff, rooms, clients, holdings, quotas, calendar overrides,
A-share listings, the append-only audit trail and job bookkeeping.

Revision ID: 0001
Revises:
Create Date: 2026-12-03 12:56:20.451720
"""

import csv
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTINGS_CSV = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "a_share_symbols.csv"
)

# The audit trail is evidence: not even the application's own database user
# may rewrite or remove it.
PROTECT_AUDIT = (
    """
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
""",
    """
CREATE TRIGGER audit_entries_append_only
    BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()
""",
    """
CREATE TRIGGER audit_entries_no_truncate
    BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()
""",
)


def upgrade() -> None:
    op.create_table(
        "branches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branches")),
        sa.UniqueConstraint("code", name=op.f("uq_branches_code")),
    )
    op.create_table(
        "demo_sections",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column(
            "loaded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_demo_sections")),
    )
    op.create_table(
        "job_runs",
        sa.Column("job", sa.String(length=100), nullable=False),
        sa.Column("slot", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("replica", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("job", "slot", name=op.f("pk_job_runs")),
    )
    op.create_table(
        "listings",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("exchange", sa.String(length=8), nullable=False),
        sa.Column("board", sa.String(length=16), nullable=False),
        sa.Column("industry", sa.String(length=50), nullable=False),
        sa.Column("price_level_cny", sa.Numeric(12, 2), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_listings")),
    )
    op.create_table(
        "calendar_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_working_day", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_calendar_overrides_branch_id_branches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_overrides")),
        sa.UniqueConstraint(
            "branch_id", "day", name=op.f("uq_calendar_overrides_branch_id_day")
        ),
    )
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("hall", "medium", "large", "vip", name="room_kind"),
            nullable=False,
        ),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_rooms_branch_id_branches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rooms")),
        sa.UniqueConstraint("branch_id", "name", name=op.f("uq_rooms_branch_id_name")),
    )
    op.create_index(op.f("ix_rooms_branch_id"), "rooms", ["branch_id"], unique=False)
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=100), nullable=False),
        sa.Column(
            "roles",
            sa.ARRAY(
                sa.Enum(
                    "client_manager",
                    "analyst",
                    "callback_agent",
                    "hotline_agent",
                    "broker",
                    "supervisor",
                    "admin",
                    name="staff_role",
                )
            ),
            nullable=False,
        ),
        sa.Column("adviser_qualification_no", sa.String(length=32), nullable=True),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("is_head_office", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_staff_branch_id_branches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_username")),
    )
    op.create_index(op.f("ix_staff_branch_id"), "staff", ["branch_id"], unique=False)
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column(
            "occurred_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=100), nullable=True),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff.id"], name=op.f("fk_audit_entries_actor_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_audit_entries_branch_id_branches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    op.create_index(
        op.f("ix_audit_entries_branch_id"), "audit_entries", ["branch_id"], unique=False
    )
    op.create_index(
        op.f("ix_audit_entries_occurred_at"),
        "audit_entries",
        ["occurred_at"],
        unique=False,
    )
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=False),
        sa.Column("account_no", sa.String(length=32), nullable=False),
        sa.Column(
            "tier",
            sa.Enum("retail", "medium", "large", "high_end", name="client_tier"),
            nullable=False,
        ),
        sa.Column(
            "segment",
            sa.Enum("on_site", "off_site", name="client_segment"),
            nullable=False,
        ),
        sa.Column(
            "risk_level",
            sa.Enum("C1", "C2", "C3", "C4", "C5", name="risk_level"),
            nullable=False,
        ),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("broker_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("do_not_call", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_clients_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["broker_id"], ["staff.id"], name=op.f("fk_clients_broker_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["staff.id"], name=op.f("fk_clients_manager_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_clients_room_id_rooms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint("account_no", name=op.f("uq_clients_account_no")),
    )
    op.create_index(
        op.f("ix_clients_branch_id"), "clients", ["branch_id"], unique=False
    )
    op.create_index(
        op.f("ix_clients_broker_id"), "clients", ["broker_id"], unique=False
    )
    op.create_index(
        op.f("ix_clients_manager_id"), "clients", ["manager_id"], unique=False
    )
    op.create_table(
        "quota_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "client_manager",
                "analyst",
                "callback_agent",
                "hotline_agent",
                "broker",
                "supervisor",
                "admin",
                name="staff_role",
            ),
            nullable=False,
        ),
        sa.Column("duty", sa.String(length=64), nullable=False),
        sa.Column("daily_required", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "daily_required >= 0",
            name=op.f("ck_quota_policies_daily_required_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_quota_policies_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["staff.id"], name=op.f("fk_quota_policies_set_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quota_policies")),
        sa.UniqueConstraint(
            "branch_id",
            "role",
            "duty",
            "effective_from",
            name=op.f("uq_quota_policies_branch_id_role_duty_effective_from"),
        ),
    )
    op.create_index(
        op.f("ix_quota_policies_branch_id"),
        "quota_policies",
        ["branch_id"],
        unique=False,
    )
    op.create_table(
        "holdings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("cost_price", sa.Numeric(precision=12, scale=3), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "cost_price > 0", name=op.f("ck_holdings_cost_price_positive")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_holdings_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_holdings_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_holdings_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["code"], ["listings.code"], name=op.f("fk_holdings_code_listings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holdings")),
    )
    op.create_index(
        op.f("ix_holdings_branch_id"), "holdings", ["branch_id"], unique=False
    )
    op.create_index(
        op.f("ix_holdings_client_id"), "holdings", ["client_id"], unique=False
    )
    for statement in PROTECT_AUDIT:
        op.execute(statement)
    load_listings()


def load_listings() -> None:
    listings = sa.table(
        "listings",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("exchange", sa.String),
        sa.column("board", sa.String),
        sa.column("industry", sa.String),
        sa.column("price_level_cny", sa.Numeric),
    )
    with LISTINGS_CSV.open(encoding="utf-8") as source:
        rows = [
            {**row, "price_level_cny": Decimal(row["price_level_cny"])}
            for row in csv.DictReader(source)
        ]
    op.bulk_insert(listings, rows)


def downgrade() -> None:
    op.drop_table("holdings")
    op.execute("DROP TABLE audit_entries")
    op.execute("DROP FUNCTION refuse_audit_change()")
    op.drop_index(op.f("ix_quota_policies_branch_id"), table_name="quota_policies")
    op.drop_table("quota_policies")
    op.drop_index(op.f("ix_clients_manager_id"), table_name="clients")
    op.drop_index(op.f("ix_clients_broker_id"), table_name="clients")
    op.drop_index(op.f("ix_clients_branch_id"), table_name="clients")
    op.drop_table("clients")
    op.drop_index(op.f("ix_staff_branch_id"), table_name="staff")
    op.drop_table("staff")
    op.drop_index(op.f("ix_rooms_branch_id"), table_name="rooms")
    op.drop_table("rooms")
    op.drop_table("calendar_overrides")
    op.drop_table("listings")
    op.drop_table("job_runs")
    op.drop_table("demo_sections")
    op.drop_table("branches")
    for enum_type in ("client_tier", "client_segment", "risk_level", "room_kind"):
        op.execute(f"DROP TYPE {enum_type}")
    op.execute("DROP TYPE staff_role")
