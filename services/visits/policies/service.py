"""Per-branch settings of the on-site service: how often each tier is visited,
and the list of topics a visit form offers.

Default intervals (trading days between two visits), used until a supervisor
sets the branch's own: high-end clients weekly, large every two weeks, medium
monthly, retail once a quarter.
"""

import structlog
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.policies.errors import PolicyChangedMeanwhile, TopicAlreadyExists
from shared.models.clients import ClientTier
from shared.models.visits import TierInterval, VisitTopic

log = structlog.get_logger(__name__)

DEFAULT_INTERVALS = {
    ClientTier.HIGH_END: 5,
    ClientTier.LARGE: 10,
    ClientTier.MEDIUM: 20,
    ClientTier.RETAIL: 60,
}

# Offered until the branch keeps its own list; labels in the staff's language.
DEFAULT_TOPICS = (
    ("market_outlook", "行情研判"),
    ("holdings_review", "持仓诊断"),
    ("trading_software", "交易软件"),
    ("new_products", "新产品与服务"),
    ("risk_disclosure", "风险提示"),
    ("service_feedback", "服务意见"),
)


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        # Two supervisors setting the branch's first value at the same moment.
        raise PolicyChangedMeanwhile(
            "Someone changed this setting at the same moment; reload and retry."
        ) from exc


async def tier_intervals(
    session: AsyncSession, branch_id: int
) -> dict[ClientTier, tuple[int, bool]]:
    """Each tier's interval and whether it is still the default."""
    rows = await session.scalars(
        select(TierInterval).where(TierInterval.branch_id == branch_id)
    )
    intervals = {tier: (days, True) for tier, days in DEFAULT_INTERVALS.items()}
    for row in rows:
        intervals[row.tier] = (row.interval_days, False)
    return intervals


async def set_tier_interval(
    session: AsyncSession, branch_id: int, tier: ClientTier, interval_days: int
) -> None:
    row = await session.scalar(
        select(TierInterval).where(
            TierInterval.branch_id == branch_id, TierInterval.tier == tier
        )
    )
    if row is None:
        session.add(
            TierInterval(branch_id=branch_id, tier=tier, interval_days=interval_days)
        )
    else:
        row.interval_days = interval_days
    await _flush(session)
    log.info(
        "tier_interval.set",
        branch_id=branch_id,
        tier=tier.value,
        interval_days=interval_days,
    )


async def topics(session: AsyncSession, branch_id: int) -> list[VisitTopic]:
    """The branch's topics, or the defaults while it has kept none."""
    rows = list(
        await session.scalars(
            select(VisitTopic)
            .where(VisitTopic.branch_id == branch_id)
            .order_by(VisitTopic.id)
        )
    )
    if rows:
        return rows
    return [
        VisitTopic(branch_id=branch_id, code=code, label=label, is_active=True)
        for code, label in DEFAULT_TOPICS
    ]


async def active_topic_codes(session: AsyncSession, branch_id: int) -> set[str]:
    return {topic.code for topic in await topics(session, branch_id) if topic.is_active}


async def add_topic(
    session: AsyncSession, branch_id: int, code: str, label: str
) -> VisitTopic:
    """Add a topic; the branch's first own topic starts from the default list,
    so adding one does not silently take the defaults away."""
    existing = await topics(session, branch_id)
    if any(topic.code == code for topic in existing):
        raise TopicAlreadyExists(f"The topic {code} already exists.")

    if all(topic.id is None for topic in existing):
        session.add_all(existing)
    topic = VisitTopic(branch_id=branch_id, code=code, label=label, is_active=True)
    session.add(topic)
    await _flush(session)
    log.info("visit_topic.added", branch_id=branch_id, code=code)
    return topic


async def set_topic_active(
    session: AsyncSession, branch_id: int, code: str, is_active: bool
) -> VisitTopic | None:
    existing = await topics(session, branch_id)
    if all(topic.id is None for topic in existing):
        session.add_all(existing)
    match = next((topic for topic in existing if topic.code == code), None)
    if match is not None:
        match.is_active = is_active
    await _flush(session)
    return match
