"""Visits schema: tier intervals, visit topics, daily visit plans, versioned
visit and patrol forms, client exchange meetings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 13:05:39.825237
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tier_intervals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "tier",
            postgresql.ENUM(
                "retail",
                "medium",
                "large",
                "high_end",
                name="client_tier",
                create_type=False,
            ),
            nullable=False,
        ),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "interval_days >= 1", name=op.f("ck_tier_intervals_interval_days_positive")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_tier_intervals_branch_id_branches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tier_intervals")),
        sa.UniqueConstraint(
            "branch_id", "tier", name=op.f("uq_tier_intervals_branch_id_tier")
        ),
    )
    op.create_index(
        op.f("ix_tier_intervals_branch_id"),
        "tier_intervals",
        ["branch_id"],
        unique=False,
    )
    op.create_table(
        "visit_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
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
            name=op.f("fk_visit_topics_branch_id_branches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_topics")),
        sa.UniqueConstraint(
            "branch_id", "code", name=op.f("uq_visit_topics_branch_id_code")
        ),
    )
    op.create_index(
        op.f("ix_visit_topics_branch_id"), "visit_topics", ["branch_id"], unique=False
    )
    op.create_table(
        "exchange_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("speaker_staff_ids", sa.ARRAY(sa.Integer()), nullable=False),
        sa.Column("speaker_client_ids", sa.ARRAY(sa.Integer()), nullable=False),
        sa.Column("invited_client_ids", sa.ARRAY(sa.Integer()), nullable=False),
        sa.Column("attended_client_ids", sa.ARRAY(sa.Integer()), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("organised_by_id", sa.Integer(), nullable=False),
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
            name=op.f("fk_exchange_meetings_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["organised_by_id"],
            ["staff.id"],
            name=op.f("fk_exchange_meetings_organised_by_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_meetings")),
    )
    op.create_index(
        op.f("ix_exchange_meetings_branch_id"),
        "exchange_meetings",
        ["branch_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_exchange_meetings_day"), "exchange_meetings", ["day"], unique=False
    )
    op.create_table(
        "patrols",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("patrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("checklist", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("clients_present", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "clients_present >= 0", name=op.f("ck_patrols_clients_present_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_patrols_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["staff.id"], name=op.f("fk_patrols_manager_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["staff.id"],
            name=op.f("fk_patrols_recorded_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_patrols_room_id_rooms")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["patrols.id"],
            name=op.f("fk_patrols_supersedes_id_patrols"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrols")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_patrols_supersedes_id")),
    )
    op.create_index(
        op.f("ix_patrols_branch_id"), "patrols", ["branch_id"], unique=False
    )
    op.create_index(op.f("ix_patrols_day"), "patrols", ["day"], unique=False)
    op.create_index(
        op.f("ix_patrols_manager_id"), "patrols", ["manager_id"], unique=False
    )
    op.create_index(
        op.f("ix_patrols_record_id"), "patrols", ["record_id"], unique=False
    )
    op.create_table(
        "visit_plan_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("proposed", "swapped_out", name="plan_entry_status"),
            nullable=False,
        ),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("swap_reason", sa.String(length=200), nullable=True),
        sa.Column("swapped_by_id", sa.Integer(), nullable=True),
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
            name=op.f("fk_visit_plan_entries_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_visit_plan_entries_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["staff.id"],
            name=op.f("fk_visit_plan_entries_manager_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["visit_plan_entries.id"],
            name=op.f("fk_visit_plan_entries_replaces_id_visit_plan_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["swapped_by_id"],
            ["staff.id"],
            name=op.f("fk_visit_plan_entries_swapped_by_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_plan_entries")),
        sa.UniqueConstraint(
            "replaces_id", name=op.f("uq_visit_plan_entries_replaces_id")
        ),
    )
    op.create_index(
        op.f("ix_visit_plan_entries_branch_id"),
        "visit_plan_entries",
        ["branch_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_visit_plan_entries_day"), "visit_plan_entries", ["day"], unique=False
    )
    op.create_index(
        op.f("ix_visit_plan_entries_manager_id"),
        "visit_plan_entries",
        ["manager_id"],
        unique=False,
    )
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("visited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("topics", sa.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("concerns", sa.Text(), nullable=False),
        sa.Column("wants_consultation", sa.Boolean(), nullable=False),
        sa.Column(
            "follow_ups", postgresql.JSONB(astext_type=sa.Text()), nullable=False
        ),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_visits_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_visits_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["staff.id"], name=op.f("fk_visits_manager_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["staff.id"],
            name=op.f("fk_visits_recorded_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_visits_room_id_rooms")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["visits.id"],
            name=op.f("fk_visits_supersedes_id_visits"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_visits_supersedes_id")),
    )
    op.create_index(op.f("ix_visits_branch_id"), "visits", ["branch_id"], unique=False)
    op.create_index(op.f("ix_visits_client_id"), "visits", ["client_id"], unique=False)
    op.create_index(op.f("ix_visits_day"), "visits", ["day"], unique=False)
    op.create_index(
        op.f("ix_visits_manager_id"), "visits", ["manager_id"], unique=False
    )
    op.create_index(op.f("ix_visits_record_id"), "visits", ["record_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_visits_record_id"), table_name="visits")
    op.drop_index(op.f("ix_visits_manager_id"), table_name="visits")
    op.drop_index(op.f("ix_visits_day"), table_name="visits")
    op.drop_index(op.f("ix_visits_client_id"), table_name="visits")
    op.drop_index(op.f("ix_visits_branch_id"), table_name="visits")
    op.drop_table("visits")
    op.drop_index(
        op.f("ix_visit_plan_entries_manager_id"), table_name="visit_plan_entries"
    )
    op.drop_index(op.f("ix_visit_plan_entries_day"), table_name="visit_plan_entries")
    op.drop_index(
        op.f("ix_visit_plan_entries_branch_id"), table_name="visit_plan_entries"
    )
    op.drop_table("visit_plan_entries")
    op.drop_index(op.f("ix_patrols_record_id"), table_name="patrols")
    op.drop_index(op.f("ix_patrols_manager_id"), table_name="patrols")
    op.drop_index(op.f("ix_patrols_day"), table_name="patrols")
    op.drop_index(op.f("ix_patrols_branch_id"), table_name="patrols")
    op.drop_table("patrols")
    op.drop_index(op.f("ix_exchange_meetings_day"), table_name="exchange_meetings")
    op.drop_index(
        op.f("ix_exchange_meetings_branch_id"), table_name="exchange_meetings"
    )
    op.drop_table("exchange_meetings")
    op.drop_index(op.f("ix_visit_topics_branch_id"), table_name="visit_topics")
    op.drop_table("visit_topics")
    op.drop_index(op.f("ix_tier_intervals_branch_id"), table_name="tier_intervals")
    op.drop_table("tier_intervals")
    sa.Enum(name="plan_entry_status").drop(op.get_bind(), checkfirst=False)
