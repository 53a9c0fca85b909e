from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from services.visits.policies.schemas import TopicCode
from shared.schemas import BusinessDate, LongText, Moment, Schema, ShortText

NonEmptyText = Annotated[ShortText, Field(min_length=1)]


class FollowUp(Schema):
    action: NonEmptyText
    due_on: BusinessDate


class VisitCreate(Schema):
    client_id: int
    visited_at: Moment = Field(
        description="When the visit took place, with its UTC offset; it counts "
        "for the branch-local day of this moment."
    )
    room_id: int | None = None
    topics: list[TopicCode] = Field(default_factory=list, max_length=10)
    concerns: LongText = Field(default="", description="What worries the client.")
    wants_consultation: bool = False
    follow_ups: list[FollowUp] = Field(default_factory=list, max_length=20)


class VisitRead(Schema):
    id: int
    record_id: int = Field(
        default=0, description="The id of the visit's first version."
    )
    version: int
    supersedes_id: int | None
    is_current: bool
    manager_id: int
    client_id: int
    visited_at: datetime
    day: date
    room_id: int | None
    topics: list[str]
    concerns: str
    wants_consultation: bool
    follow_ups: list[FollowUp]
    recorded_by_id: int
    created_at: datetime


class PatrolChecklist(Schema):
    """Each item passed (true) or failed (false)."""

    quote_screens: bool = Field(description="Quote screens working.")
    terminals: bool = Field(description="Trading terminals working.")
    order: bool = Field(description="The room is orderly.")
    incidents: bool = Field(description="Passed: no incident in the room.")


class PatrolCreate(Schema):
    room_id: int
    patrolled_at: Moment
    checklist: PatrolChecklist
    clients_present: int = Field(default=0, ge=0, le=10000)
    notes: LongText = ""


class PatrolRead(Schema):
    id: int
    record_id: int = Field(description="The id of the patrol's first version.")
    version: int
    supersedes_id: int | None
    is_current: bool
    manager_id: int
    room_id: int
    patrolled_at: datetime
    day: date
    checklist: PatrolChecklist
    clients_present: int
    notes: str
    recorded_by_id: int
    created_at: datetime
