from typing import Annotated

from pydantic import Field, StringConstraints

from shared.models.clients import ClientTier
from shared.schemas import Name, Schema

TopicCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$")]


class TierIntervalRead(Schema):
    tier: ClientTier
    interval_days: int = Field(
        description="At most this many trading days between two visits."
    )
    is_default: bool = Field(description="True while the branch has not set it.")


class TierIntervalUpdate(Schema):
    interval_days: int = Field(ge=1, le=250)


class TopicCreate(Schema):
    code: TopicCode
    label: Name


class TopicRead(Schema):
    code: str
    label: str
    is_active: bool
