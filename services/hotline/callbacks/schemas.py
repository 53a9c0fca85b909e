from datetime import date, datetime

from pydantic import Field

from shared.models.hotline import CallbackOutcome, CallbackTopic
from shared.schemas import LongText, Moment, Schema


class CallbackCreate(Schema):
    client_id: int
    called_at: Moment | None = Field(
        default=None, description="When the call was made; now if left out."
    )
    outcome: CallbackOutcome
    topics: list[CallbackTopic] = Field(default_factory=list, max_length=3)
    notes: LongText = ""
    follow_ups: LongText = ""


class CallbackRead(Schema):
    id: int
    client_id: int
    agent_id: int
    called_at: datetime
    business_day: date
    outcome: CallbackOutcome
    topics: list[CallbackTopic]
    notes: str
    follow_ups: str
