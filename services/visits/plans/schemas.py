from datetime import date

from pydantic import Field

from shared.models.clients import ClientTier
from shared.models.visits import PlanEntryStatus
from shared.schemas import Name, Schema


class PlanEntryRead(Schema):
    id: int
    day: date
    manager_id: int
    client_id: int
    client_name: str
    client_tier: ClientTier
    room_id: int | None
    last_visited_on: date | None = Field(description="Before this plan's day.")
    position: int
    status: PlanEntryStatus
    replaces_id: int | None
    swap_reason: str | None
    visited: bool = Field(description="The client has a visit on this day.")


class DutyProgress(Schema):
    duty: str
    required: int
    done: int


class PlanRead(Schema):
    day: date
    manager_id: int
    is_trading_day: bool
    entries: list[PlanEntryRead] = Field(
        description="Proposed clients first by position, then swapped-out ones."
    )
    progress: list[DutyProgress]


class SwapCreate(Schema):
    client_id: int = Field(description="The client to visit instead.")
    reason: Name
