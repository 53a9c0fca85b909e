"""Hotline schema: callbacks, hotline tickets with their timeline, clocks and
escalations, line memberships, the hand-off outbox to advisory, off-site
client events, and the branch's hotline policy and time limits.

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-03 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENUM_TYPES = (
    "callback_outcome",
    "callback_topic",
    "hotline_line",
    "ticket_priority",
    "ticket_status",
    "ticket_clock",
    "handoff_status",
)


def upgrade() -> None:
    op.create_table(
        "ticket_time_limits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "line",
            sa.Enum("investment", "technical", name="hotline_line"),
            nullable=False,
        ),
        sa.Column(
            "priority",
            sa.Enum("normal", "high", "urgent", name="ticket_priority"),
            nullable=False,
        ),
        sa.Column("first_response_minutes", sa.Integer(), nullable=False),
        sa.Column("resolution_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "first_response_minutes > 0",
            name=op.f("ck_ticket_time_limits_first_response_positive"),
        ),
        sa.CheckConstraint(
            "resolution_minutes >= first_response_minutes",
            name=op.f("ck_ticket_time_limits_resolution_after"),
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_ticket_time_limits_branch_id_branches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_time_limits")),
        sa.UniqueConstraint(
            "branch_id",
            "line",
            "priority",
            name=op.f("uq_ticket_time_limits_branch_id_line_priority"),
        ),
    )
    op.create_index(
        op.f("ix_ticket_time_limits_branch_id"),
        "ticket_time_limits",
        ["branch_id"],
        unique=False,
    )
    op.create_table(
        "hotline_agent_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column(
            "line",
            sa.Enum("investment", "technical", name="hotline_line"),
            nullable=False,
        ),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("last_assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_hotline_agent_lines_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_hotline_agent_lines_staff_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_agent_lines")),
        sa.UniqueConstraint(
            "staff_id", "line", name=op.f("uq_hotline_agent_lines_staff_id_line")
        ),
    )
    op.create_index(
        op.f("ix_hotline_agent_lines_branch_id"),
        "hotline_agent_lines",
        ["branch_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_hotline_agent_lines_staff_id"),
        "hotline_agent_lines",
        ["staff_id"],
        unique=False,
    )
    op.create_table(
        "hotline_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unreached_counts_toward_quota", sa.Boolean(), nullable=False),
        sa.Column("max_unreached_attempts", sa.Integer(), nullable=False),
        sa.Column("new_account_days", sa.Integer(), nullable=False),
        sa.Column("morning_open", sa.Time(), nullable=False),
        sa.Column("morning_close", sa.Time(), nullable=False),
        sa.Column("afternoon_open", sa.Time(), nullable=False),
        sa.Column("afternoon_close", sa.Time(), nullable=False),
        sa.Column("warn_before_minutes", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "afternoon_open < afternoon_close",
            name=op.f("ck_hotline_policies_afternoon_in_order"),
        ),
        sa.CheckConstraint(
            "max_unreached_attempts >= 1",
            name=op.f("ck_hotline_policies_max_attempts_positive"),
        ),
        sa.CheckConstraint(
            "morning_close <= afternoon_open",
            name=op.f("ck_hotline_policies_lunch_in_order"),
        ),
        sa.CheckConstraint(
            "morning_open < morning_close",
            name=op.f("ck_hotline_policies_morning_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_hotline_policies_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["staff.id"],
            name=op.f("fk_hotline_policies_updated_by_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_policies")),
        sa.UniqueConstraint("branch_id", name=op.f("uq_hotline_policies_branch_id")),
    )
    op.create_index(
        op.f("ix_hotline_policies_branch_id"),
        "hotline_policies",
        ["branch_id"],
        unique=False,
    )
    op.create_table(
        "offsite_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("organised_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_offsite_events_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["organised_by_id"],
            ["staff.id"],
            name=op.f("fk_offsite_events_organised_by_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offsite_events")),
    )
    op.create_index(
        op.f("ix_offsite_events_branch_id"),
        "offsite_events",
        ["branch_id"],
        unique=False,
    )
    op.create_table(
        "callbacks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "reached",
                "no_answer",
                "wrong_number",
                "declined",
                name="callback_outcome",
            ),
            nullable=False,
        ),
        sa.Column(
            "topics",
            sa.ARRAY(
                sa.Enum(
                    "investment_question",
                    "trading_software",
                    "new_services",
                    name="callback_topic",
                )
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("follow_ups", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["staff.id"], name=op.f("fk_callbacks_agent_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_callbacks_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_callbacks_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callbacks")),
    )
    op.create_index(
        op.f("ix_callbacks_agent_id"), "callbacks", ["agent_id"], unique=False
    )
    op.create_index(
        op.f("ix_callbacks_branch_id"), "callbacks", ["branch_id"], unique=False
    )
    op.create_index(
        op.f("ix_callbacks_business_day"), "callbacks", ["business_day"], unique=False
    )
    op.create_index(
        op.f("ix_callbacks_client_id"), "callbacks", ["client_id"], unique=False
    )
    op.create_table(
        "offsite_event_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_offsite_event_invitations_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_offsite_event_invitations_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["offsite_events.id"],
            name=op.f("fk_offsite_event_invitations_event_id_offsite_events"),
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["staff.id"],
            name=op.f("fk_offsite_event_invitations_invited_by_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offsite_event_invitations")),
        sa.UniqueConstraint(
            "event_id",
            "client_id",
            name=op.f("uq_offsite_event_invitations_event_id_client_id"),
        ),
    )
    op.create_index(
        op.f("ix_offsite_event_invitations_branch_id"),
        "offsite_event_invitations",
        ["branch_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_offsite_event_invitations_event_id"),
        "offsite_event_invitations",
        ["event_id"],
        unique=False,
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "line",
            sa.Enum("investment", "technical", name="hotline_line"),
            nullable=False,
        ),
        sa.Column("caller_client_id", sa.Integer(), nullable=True),
        sa.Column("caller_phone", sa.String(length=32), nullable=True),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column(
            "priority",
            sa.Enum("normal", "high", "urgent", name="ticket_priority"),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "assigned",
                "in_progress",
                "waiting_on_client",
                "resolved",
                "closed",
                name="ticket_status",
            ),
            nullable=False,
        ),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_response_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolution_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "first_response_warned_at", sa.DateTime(timezone=True), nullable=True
        ),
        sa.Column("resolution_warned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_response_breached", sa.Boolean(), nullable=False),
        sa.Column("resolution_breached", sa.Boolean(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["staff.id"], name=op.f("fk_tickets_assignee_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_tickets_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["caller_client_id"],
            ["clients.id"],
            name=op.f("fk_tickets_caller_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["staff.id"], name=op.f("fk_tickets_opened_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
    )
    op.create_index(
        op.f("ix_tickets_assignee_id"), "tickets", ["assignee_id"], unique=False
    )
    op.create_index(
        op.f("ix_tickets_branch_id"), "tickets", ["branch_id"], unique=False
    )
    op.create_index(op.f("ix_tickets_line"), "tickets", ["line"], unique=False)
    op.create_index(op.f("ix_tickets_status"), "tickets", ["status"], unique=False)
    op.create_table(
        "hotline_handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("pending", "sent", "failed", name="handoff_status"),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("sheet_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_hotline_handoffs_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["staff.id"],
            name=op.f("fk_hotline_handoffs_requested_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_hotline_handoffs_ticket_id_tickets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_handoffs")),
        sa.UniqueConstraint(
            "idempotency_key", name=op.f("uq_hotline_handoffs_idempotency_key")
        ),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_hotline_handoffs_ticket_id")),
    )
    op.create_index(
        op.f("ix_hotline_handoffs_branch_id"),
        "hotline_handoffs",
        ["branch_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_hotline_handoffs_status"), "hotline_handoffs", ["status"], unique=False
    )
    op.create_table(
        "ticket_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column(
            "clock",
            sa.Enum("first_response", "resolution", name="ticket_clock"),
            nullable=False,
        ),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"],
            ["staff.id"],
            name=op.f("fk_ticket_escalations_acknowledged_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["staff.id"],
            name=op.f("fk_ticket_escalations_assignee_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_ticket_escalations_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_escalations_ticket_id_tickets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_escalations")),
        sa.UniqueConstraint(
            "ticket_id", "clock", name=op.f("uq_ticket_escalations_ticket_id_clock")
        ),
    )
    op.create_index(
        op.f("ix_ticket_escalations_branch_id"),
        "ticket_escalations",
        ["branch_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_ticket_escalations_ticket_id"),
        "ticket_escalations",
        ["ticket_id"],
        unique=False,
    )
    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "from_status",
            sa.Enum(
                "new",
                "assigned",
                "in_progress",
                "waiting_on_client",
                "resolved",
                "closed",
                name="ticket_status",
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "new",
                "assigned",
                "in_progress",
                "waiting_on_client",
                "resolved",
                "closed",
                name="ticket_status",
            ),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff.id"], name=op.f("fk_ticket_events_actor_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_ticket_events_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_events_ticket_id_tickets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_events")),
    )
    op.create_index(
        op.f("ix_ticket_events_branch_id"), "ticket_events", ["branch_id"], unique=False
    )
    op.create_index(
        op.f("ix_ticket_events_ticket_id"), "ticket_events", ["ticket_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_ticket_events_ticket_id"), table_name="ticket_events")
    op.drop_index(op.f("ix_ticket_events_branch_id"), table_name="ticket_events")
    op.drop_table("ticket_events")
    op.drop_index(
        op.f("ix_ticket_escalations_ticket_id"), table_name="ticket_escalations"
    )
    op.drop_index(
        op.f("ix_ticket_escalations_branch_id"), table_name="ticket_escalations"
    )
    op.drop_table("ticket_escalations")
    op.drop_index(op.f("ix_hotline_handoffs_status"), table_name="hotline_handoffs")
    op.drop_index(op.f("ix_hotline_handoffs_branch_id"), table_name="hotline_handoffs")
    op.drop_table("hotline_handoffs")
    op.drop_index(op.f("ix_tickets_status"), table_name="tickets")
    op.drop_index(op.f("ix_tickets_line"), table_name="tickets")
    op.drop_index(op.f("ix_tickets_branch_id"), table_name="tickets")
    op.drop_index(op.f("ix_tickets_assignee_id"), table_name="tickets")
    op.drop_table("tickets")
    op.drop_index(
        op.f("ix_offsite_event_invitations_event_id"),
        table_name="offsite_event_invitations",
    )
    op.drop_index(
        op.f("ix_offsite_event_invitations_branch_id"),
        table_name="offsite_event_invitations",
    )
    op.drop_table("offsite_event_invitations")
    op.drop_index(op.f("ix_callbacks_client_id"), table_name="callbacks")
    op.drop_index(op.f("ix_callbacks_business_day"), table_name="callbacks")
    op.drop_index(op.f("ix_callbacks_branch_id"), table_name="callbacks")
    op.drop_index(op.f("ix_callbacks_agent_id"), table_name="callbacks")
    op.drop_table("callbacks")
    op.drop_index(op.f("ix_offsite_events_branch_id"), table_name="offsite_events")
    op.drop_table("offsite_events")
    op.drop_index(op.f("ix_hotline_policies_branch_id"), table_name="hotline_policies")
    op.drop_table("hotline_policies")
    op.drop_index(
        op.f("ix_hotline_agent_lines_staff_id"), table_name="hotline_agent_lines"
    )
    op.drop_index(
        op.f("ix_hotline_agent_lines_branch_id"), table_name="hotline_agent_lines"
    )
    op.drop_table("hotline_agent_lines")
    op.drop_index(
        op.f("ix_ticket_time_limits_branch_id"), table_name="ticket_time_limits"
    )
    op.drop_table("ticket_time_limits")
    for enum_type in ENUM_TYPES:
        op.execute(f"DROP TYPE {enum_type}")
