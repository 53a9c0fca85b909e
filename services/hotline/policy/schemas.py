from datetime import time

from pydantic import Field

from shared.models.hotline import HotlineLine, TicketPriority
from shared.schemas import Schema


class PolicyRead(Schema):
    unreached_counts_toward_quota: bool = Field(
        description="Whether a call that did not reach the client counts toward "
        "the callback quota; a reached client counts once a day either way."
    )
    max_unreached_attempts: int = Field(
        description="Unanswered calls in a row after which a client leaves the plan."
    )
    new_account_days: int = Field(
        description="Accounts opened this many days ago or less come first in the "
        "plan until their first successful callback."
    )
    morning_open: time
    morning_close: time
    afternoon_open: time
    afternoon_close: time
    warn_before_minutes: int = Field(
        description="Business minutes before a breach at which the agent is warned."
    )


class PolicyUpdate(Schema):
    unreached_counts_toward_quota: bool | None = None
    max_unreached_attempts: int | None = Field(default=None, ge=1, le=20)
    new_account_days: int | None = Field(default=None, ge=1, le=366)
    morning_open: time | None = None
    morning_close: time | None = None
    afternoon_open: time | None = None
    afternoon_close: time | None = None
    warn_before_minutes: int | None = Field(default=None, ge=1, le=24 * 60)


class TimeLimitRead(Schema):
    line: HotlineLine
    priority: TicketPriority
    first_response_minutes: int = Field(description="Business minutes.")
    resolution_minutes: int = Field(description="Business minutes.")
    is_default: bool


class TimeLimitUpdate(Schema):
    first_response_minutes: int = Field(ge=1, le=60 * 24 * 10)
    resolution_minutes: int = Field(ge=1, le=60 * 24 * 30)
