"""Tier visit intervals and visit topics: read by the branch, set by supervisors."""

from typing import Annotated

from fastapi import APIRouter, Depends

from services.visits.policies.schemas import (
    TierIntervalRead,
    TierIntervalUpdate,
    TopicCreate,
    TopicRead,
)
from services.visits.policies.service import (
    add_topic,
    set_tier_interval,
    set_topic_active,
    tier_intervals,
    topics,
)
from shared.auth.dependencies import CurrentStaff, require_roles
from shared.db import SessionDep
from shared.errors import NotFound
from shared.models.clients import ClientTier
from shared.models.org import Staff
from shared.roles import Role

router = APIRouter(tags=["policies"])

Supervisor = Annotated[Staff, Depends(require_roles(Role.SUPERVISOR))]


@router.get("/tier-intervals", response_model=list[TierIntervalRead])
async def list_tier_intervals(
    session: SessionDep, staff: CurrentStaff
) -> list[TierIntervalRead]:
    intervals = await tier_intervals(session, staff.branch_id)
    return [
        TierIntervalRead(tier=tier, interval_days=days, is_default=default)
        for tier, (days, default) in intervals.items()
    ]


@router.put("/tier-intervals/{tier}", response_model=TierIntervalRead)
async def update_tier_interval(
    tier: ClientTier,
    body: TierIntervalUpdate,
    session: SessionDep,
    supervisor: Supervisor,
) -> TierIntervalRead:
    """Set how many trading days may pass between two visits of this tier."""
    await set_tier_interval(session, supervisor.branch_id, tier, body.interval_days)
    return TierIntervalRead(
        tier=tier, interval_days=body.interval_days, is_default=False
    )


@router.get("/topics", response_model=list[TopicRead])
async def list_topics(session: SessionDep, staff: CurrentStaff) -> list[TopicRead]:
    return [
        TopicRead.model_validate(topic)
        for topic in await topics(session, staff.branch_id)
    ]


@router.post("/topics", response_model=TopicRead, status_code=201)
async def create_topic(
    body: TopicCreate, session: SessionDep, supervisor: Supervisor
) -> TopicRead:
    topic = await add_topic(session, supervisor.branch_id, body.code, body.label)
    return TopicRead.model_validate(topic)


@router.put("/topics/{code}/active", response_model=TopicRead)
async def activate_topic(
    code: str, active: bool, session: SessionDep, supervisor: Supervisor
) -> TopicRead:
    """Offer (`active=true`) or stop offering a topic; past visits keep theirs."""
    topic = await set_topic_active(session, supervisor.branch_id, code, active)
    if topic is None:
        raise NotFound(f"Topic {code} was not found.")
    return TopicRead.model_validate(topic)
