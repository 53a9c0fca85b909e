"""Advisory: consultation sheets, their holdings lines and timeline, the
branch's advisory policy, and analysis reports for off-site clients.

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-03 13:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Created once up front: several tables share them, and risk_level is the
# core schema's.
ENUMS = {
    "sheet_status": (
        "draft",
        "submitted",
        "claimed",
        "answered",
        "delivered",
        "cancelled",
    ),
    "advisory_suggestion": ("hold", "add", "reduce", "exit"),
    "advisory_delivery_channel": ("in_person", "phone"),
    "trade_side": ("buy", "sell"),
}


def upgrade() -> None:
    bind = op.get_bind()
    for name, values in ENUMS.items():
        postgresql.ENUM(*values, name=name).create(bind)

    op.create_table(
        "advisory_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "normal_trading_hours", sa.Numeric(precision=5, scale=2), nullable=False
        ),
        sa.Column(
            "high_end_trading_hours", sa.Numeric(precision=5, scale=2), nullable=False
        ),
        sa.Column("undelivered_limit_hours", sa.Integer(), nullable=False),
        sa.Column("lease_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "high_end_trading_hours > 0",
            name=op.f("ck_advisory_policies_high_end_hours_positive"),
        ),
        sa.CheckConstraint(
            "lease_minutes > 0", name=op.f("ck_advisory_policies_lease_positive")
        ),
        sa.CheckConstraint(
            "normal_trading_hours > 0",
            name=op.f("ck_advisory_policies_normal_hours_positive"),
        ),
        sa.CheckConstraint(
            "undelivered_limit_hours > 0",
            name=op.f("ck_advisory_policies_undelivered_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_advisory_policies_branch_id_branches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisory_policies")),
        sa.UniqueConstraint("branch_id", name=op.f("uq_advisory_policies_branch_id")),
    )
    op.create_index(
        op.f("ix_advisory_policies_branch_id"),
        "advisory_policies",
        ["branch_id"],
        unique=False,
    )
    op.create_table(
        "analysis_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("analyst_id", sa.Integer(), nullable=False),
        sa.Column(
            "risk_level",
            postgresql.ENUM(name="risk_level", create_type=False),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "overall_suggestion",
            postgresql.ENUM(name="advisory_suggestion", create_type=False),
            nullable=False,
        ),
        sa.Column("risk_disclosure", sa.Text(), nullable=False),
        sa.Column("research_publisher", sa.String(length=200), nullable=True),
        sa.Column("research_date", sa.Date(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "delivery_channel",
            postgresql.ENUM(name="advisory_delivery_channel", create_type=False),
            nullable=True,
        ),
        sa.Column("feedback_score", sa.SmallInteger(), nullable=True),
        sa.Column("feedback_comment", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "feedback_score BETWEEN 1 AND 5",
            name=op.f("ck_analysis_reports_feedback_range"),
        ),
        sa.ForeignKeyConstraint(
            ["analyst_id"],
            ["staff.id"],
            name=op.f("fk_analysis_reports_analyst_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_analysis_reports_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_analysis_reports_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_reports")),
    )
    op.create_index(
        op.f("ix_analysis_reports_analyst_id"),
        "analysis_reports",
        ["analyst_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_analysis_reports_branch_id"),
        "analysis_reports",
        ["branch_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_analysis_reports_client_id"),
        "analysis_reports",
        ["client_id"],
        unique=False,
    )
    op.create_table(
        "sheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            postgresql.ENUM(name="sheet_status", create_type=False),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column(
            "risk_level",
            postgresql.ENUM(name="risk_level", create_type=False),
            nullable=False,
        ),
        sa.Column("is_high_end", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("source_ticket_id", sa.BigInteger(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("idempotency_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("overdue_marked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "overall_suggestion",
            postgresql.ENUM(name="advisory_suggestion", create_type=False),
            nullable=True,
        ),
        sa.Column("overall_analysis", sa.Text(), nullable=True),
        sa.Column("risk_disclosure", sa.Text(), nullable=True),
        sa.Column("research_publisher", sa.String(length=200), nullable=True),
        sa.Column("research_date", sa.Date(), nullable=True),
        sa.Column(
            "advice_risk_level",
            postgresql.ENUM(name="risk_level", create_type=False),
            nullable=True,
        ),
        sa.Column("risk_flag", sa.Text(), nullable=True),
        sa.Column("deliver_by", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undelivered_marked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("manager_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "manager_channel",
            postgresql.ENUM(name="advisory_delivery_channel", create_type=False),
            nullable=True,
        ),
        sa.Column("analyst_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "analyst_channel",
            postgresql.ENUM(name="advisory_delivery_channel", create_type=False),
            nullable=True,
        ),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("feedback_score", sa.SmallInteger(), nullable=True),
        sa.Column("feedback_comment", sa.Text(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "feedback_score BETWEEN 1 AND 5", name=op.f("ck_sheets_feedback_range")
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["staff.id"],
            name=op.f("fk_sheets_answered_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_sheets_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by_id"], ["staff.id"], name=op.f("fk_sheets_claimed_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_sheets_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["staff.id"], name=op.f("fk_sheets_created_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["staff.id"], name=op.f("fk_sheets_manager_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sheets")),
        sa.UniqueConstraint(
            "created_by_id",
            "idempotency_key",
            name=op.f("uq_sheets_created_by_id_idempotency_key"),
        ),
    )
    op.create_index(
        op.f("ix_sheets_answered_by_id"), "sheets", ["answered_by_id"], unique=False
    )
    op.create_index(op.f("ix_sheets_branch_id"), "sheets", ["branch_id"], unique=False)
    op.create_index(op.f("ix_sheets_client_id"), "sheets", ["client_id"], unique=False)
    op.create_index(
        op.f("ix_sheets_manager_id"), "sheets", ["manager_id"], unique=False
    )
    op.create_index(
        "ix_sheets_queue",
        "sheets",
        ["branch_id", "status", "is_high_end", "due_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_sheets_source_ticket_id"), "sheets", ["source_ticket_id"], unique=False
    )
    op.create_table(
        "advisory_events",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff.id"], name=op.f("fk_advisory_events_actor_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_advisory_events_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["analysis_reports.id"],
            name=op.f("fk_advisory_events_report_id_analysis_reports"),
        ),
        sa.ForeignKeyConstraint(
            ["sheet_id"], ["sheets.id"], name=op.f("fk_advisory_events_sheet_id_sheets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisory_events")),
    )
    op.create_index(
        op.f("ix_advisory_events_branch_id"),
        "advisory_events",
        ["branch_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_advisory_events_report_id"),
        "advisory_events",
        ["report_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_advisory_events_sheet_id"),
        "advisory_events",
        ["sheet_id"],
        unique=False,
    )
    op.create_table(
        "report_holdings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("cost_price", sa.Numeric(precision=12, scale=3), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_report_holdings_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["code"], ["listings.code"], name=op.f("fk_report_holdings_code_listings")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["analysis_reports.id"],
            name=op.f("fk_report_holdings_report_id_analysis_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_holdings")),
    )
    op.create_index(
        op.f("ix_report_holdings_branch_id"),
        "report_holdings",
        ["branch_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_report_holdings_report_id"),
        "report_holdings",
        ["report_id"],
        unique=False,
    )
    op.create_table(
        "report_trades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("traded_on", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column(
            "side",
            postgresql.ENUM(name="trade_side", create_type=False),
            nullable=False,
        ),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("price", sa.Numeric(precision=12, scale=3), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("price > 0", name=op.f("ck_report_trades_price_positive")),
        sa.CheckConstraint(
            "quantity > 0", name=op.f("ck_report_trades_quantity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_report_trades_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["code"], ["listings.code"], name=op.f("fk_report_trades_code_listings")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["analysis_reports.id"],
            name=op.f("fk_report_trades_report_id_analysis_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_trades")),
    )
    op.create_index(
        op.f("ix_report_trades_branch_id"), "report_trades", ["branch_id"], unique=False
    )
    op.create_index(
        op.f("ix_report_trades_report_id"), "report_trades", ["report_id"], unique=False
    )
    op.create_table(
        "sheet_holdings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("cost_price", sa.Numeric(precision=12, scale=3), nullable=False),
        sa.Column("analysis", sa.Text(), nullable=True),
        sa.Column(
            "suggestion",
            postgresql.ENUM(name="advisory_suggestion", create_type=False),
            nullable=True,
        ),
        sa.Column("suggestion_note", sa.Text(), nullable=True),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "cost_price > 0", name=op.f("ck_sheet_holdings_cost_price_positive")
        ),
        sa.CheckConstraint(
            "quantity > 0", name=op.f("ck_sheet_holdings_quantity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_sheet_holdings_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["code"], ["listings.code"], name=op.f("fk_sheet_holdings_code_listings")
        ),
        sa.ForeignKeyConstraint(
            ["sheet_id"], ["sheets.id"], name=op.f("fk_sheet_holdings_sheet_id_sheets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sheet_holdings")),
        sa.UniqueConstraint(
            "sheet_id", "position", name=op.f("uq_sheet_holdings_sheet_id_position")
        ),
    )
    op.create_index(
        op.f("ix_sheet_holdings_branch_id"),
        "sheet_holdings",
        ["branch_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_sheet_holdings_sheet_id"), "sheet_holdings", ["sheet_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sheet_holdings_sheet_id"), table_name="sheet_holdings")
    op.drop_index(op.f("ix_sheet_holdings_branch_id"), table_name="sheet_holdings")
    op.drop_table("sheet_holdings")
    op.drop_index(op.f("ix_report_trades_report_id"), table_name="report_trades")
    op.drop_index(op.f("ix_report_trades_branch_id"), table_name="report_trades")
    op.drop_table("report_trades")
    op.drop_index(op.f("ix_report_holdings_report_id"), table_name="report_holdings")
    op.drop_index(op.f("ix_report_holdings_branch_id"), table_name="report_holdings")
    op.drop_table("report_holdings")
    op.drop_index(op.f("ix_advisory_events_sheet_id"), table_name="advisory_events")
    op.drop_index(op.f("ix_advisory_events_report_id"), table_name="advisory_events")
    op.drop_index(op.f("ix_advisory_events_branch_id"), table_name="advisory_events")
    op.drop_table("advisory_events")
    op.drop_index(op.f("ix_sheets_source_ticket_id"), table_name="sheets")
    op.drop_index("ix_sheets_queue", table_name="sheets")
    op.drop_index(op.f("ix_sheets_manager_id"), table_name="sheets")
    op.drop_index(op.f("ix_sheets_client_id"), table_name="sheets")
    op.drop_index(op.f("ix_sheets_branch_id"), table_name="sheets")
    op.drop_index(op.f("ix_sheets_answered_by_id"), table_name="sheets")
    op.drop_table("sheets")
    op.drop_index(op.f("ix_analysis_reports_client_id"), table_name="analysis_reports")
    op.drop_index(op.f("ix_analysis_reports_branch_id"), table_name="analysis_reports")
    op.drop_index(op.f("ix_analysis_reports_analyst_id"), table_name="analysis_reports")
    op.drop_table("analysis_reports")
    op.drop_index(
        op.f("ix_advisory_policies_branch_id"), table_name="advisory_policies"
    )
    op.drop_table("advisory_policies")
    bind = op.get_bind()
    for name in ENUMS:
        postgresql.ENUM(name=name).drop(bind)
