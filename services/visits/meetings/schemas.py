from datetime import date

from pydantic import Field

from shared.schemas import BusinessDate, LongText, Schema, ShortText

Ids = list[int]


class MeetingCreate(Schema):
    day: BusinessDate
    topic: ShortText = Field(min_length=1)
    speaker_staff_ids: Ids = Field(
        default_factory=list, max_length=20, description="Analysts who speak."
    )
    speaker_client_ids: Ids = Field(
        default_factory=list,
        max_length=20,
        description="Invited clients who share their experience.",
    )
    invited_client_ids: Ids = Field(
        default_factory=list, max_length=500, description="Medium and large clients."
    )
    notes: LongText = ""


class MeetingUpdate(Schema):
    """Only the fields given change."""

    topic: ShortText | None = Field(default=None, min_length=1)
    speaker_staff_ids: Ids | None = Field(default=None, max_length=20)
    speaker_client_ids: Ids | None = Field(default=None, max_length=20)
    invited_client_ids: Ids | None = Field(default=None, max_length=500)
    attended_client_ids: Ids | None = Field(
        default=None, max_length=500, description="A subset of the invited."
    )
    notes: LongText | None = None


class MeetingRead(Schema):
    id: int
    day: date
    topic: str
    speaker_staff_ids: Ids
    speaker_client_ids: Ids
    invited_client_ids: Ids
    attended_client_ids: Ids
    notes: str
    organised_by_id: int
