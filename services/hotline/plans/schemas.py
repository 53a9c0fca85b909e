from datetime import date, datetime
from typing import Literal

from pydantic import Field

from shared.models.clients import ClientTier
from shared.models.hotline import CallbackOutcome
from shared.schemas import Schema


class PlannedClient(Schema):
    client_id: int
    full_name: str
    phone: str
    tier: ClientTier
    reason: Literal["new_account", "longest_not_reached"] = Field(
        description="new_account: opened recently and never reached yet."
    )
    last_reached_at: datetime | None
    unreached_in_a_row: int
    called_today: CallbackOutcome | None = Field(
        description="The latest outcome of today's calls to this client, if any."
    )


class AgentPlan(Schema):
    agent_id: int
    agent_name: str
    required: int = Field(description="The agent's callback quota for the day.")
    done: int = Field(description="Callbacks counted toward the quota so far.")
    clients: list[PlannedClient]


class CallbackPlanRead(Schema):
    day: date
    agents: list[AgentPlan]
