from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from shared.schemas import BusinessDate, LongText, Schema, ShortText


class EventCreate(Schema):
    held_on: BusinessDate
    topic: Annotated[ShortText, StringConstraints(min_length=1)]
    notes: LongText = ""


class InvitationCreate(Schema):
    client_ids: list[int] = Field(min_length=1, max_length=500)


class AttendanceUpdate(Schema):
    client_id: int
    attended: bool


class InvitationRead(Schema):
    client_id: int
    attended: bool | None


class EventRead(Schema):
    id: int
    held_on: date
    topic: str
    notes: str
    invited: int = 0
    attended: int = 0


class EventDetail(EventRead):
    invitations: list[InvitationRead]
