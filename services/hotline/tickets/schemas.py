from datetime import datetime
from typing import Annotated

from pydantic import AliasChoices, Field, StringConstraints

from shared.models.hotline import (
    HandoffStatus,
    HotlineLine,
    TicketClock,
    TicketPriority,
    TicketStatus,
)
from shared.schemas import LongText, Schema, ShortText

# Mainland mobiles (13900001111) and landlines with their area code
# (010-12345678 or 01012345678), optionally international (+86...).
Phone = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=5,
        max_length=20,
        pattern=r"^\+?[0-9]+(-[0-9]+)*$",
    ),
]


class TicketCreate(Schema):
    line: HotlineLine
    caller_client_id: int | None = Field(default=None, description="A known client.")
    caller_phone: Phone | None = Field(
        default=None, description="The number an unknown caller rang from."
    )
    summary: Annotated[ShortText, StringConstraints(min_length=1)]
    priority: TicketPriority = TicketPriority.NORMAL
    agent_id: int | None = Field(
        default=None,
        description="Assign to this agent of the line; left out: round-robin "
        "among the line's agents on duty.",
    )


class TicketAssign(Schema):
    agent_id: int | None = Field(
        description="An agent of the line, or null for round-robin."
    )


class TicketTransition(Schema):
    status: TicketStatus
    note: LongText = ""


class TicketNote(Schema):
    note: Annotated[LongText, StringConstraints(min_length=1)]


class ClockRead(Schema):
    due_at: datetime
    done_at: datetime | None
    breached: bool
    paused: bool
    business_minutes_left: int | None = Field(
        description="Business minutes until the deadline (negative once past); "
        "null once the clock stopped."
    )


class HandoffBrief(Schema):
    requested_at: datetime = Field(
        validation_alias=AliasChoices("requested_at", "created_at")
    )
    status: HandoffStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    sheet_id: int | None


class TicketRead(Schema):
    id: int
    line: HotlineLine
    caller_client_id: int | None
    caller_phone: str | None
    summary: str
    priority: TicketPriority
    status: TicketStatus
    assignee_id: int | None
    opened_at: datetime
    first_response: ClockRead
    resolution: ClockRead
    sheet_id: int | None
    handoff: HandoffBrief | None = None


class TicketEventRead(Schema):
    id: int
    at: datetime
    kind: str
    actor_id: int | None
    from_status: TicketStatus | None
    to_status: TicketStatus | None
    note: str


class TicketDetail(TicketRead):
    events: list[TicketEventRead]
    handoffs: list[HandoffBrief] = Field(
        description="Every hand-off to advisory, oldest first: those advisory "
        "refused, then the one that is pending or sent."
    )


class EscalationRead(Schema):
    id: int
    ticket_id: int
    clock: TicketClock
    escalated_at: datetime
    assignee_id: int | None
    acknowledged_by_id: int | None
    acknowledged_at: datetime | None
