"""Callback forms, and how many of them count toward an agent's quota."""

from collections import defaultdict
from datetime import date, datetime, timedelta

import structlog
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.callbacks.errors import (
    CallInTheFuture,
    ClientAskedNotToBeCalled,
    NotAnOffSiteClient,
    OwnClientCallback,
)
from services.hotline.callbacks.schemas import CallbackCreate
from services.hotline.policy.service import branch_policy
from shared.business_days import local_day
from shared.models.clients import Client, ClientSegment
from shared.models.hotline import Callback, CallbackOutcome
from shared.models.org import Branch, Staff
from shared.scoping import get_or_404

log = structlog.get_logger(__name__)

REACHED = (CallbackOutcome.REACHED, CallbackOutcome.DECLINED)
# A clock a little ahead of the server's must not make a fresh call "future".
CLOCK_SKEW = timedelta(minutes=2)


async def new_callback(
    session: AsyncSession, agent: Staff, body: CallbackCreate, now: datetime
) -> Callback:
    """A checked callback form, added to the session but not yet flushed."""
    client = await get_or_404(session, Client, body.client_id, "Client")
    if client.segment != ClientSegment.OFF_SITE:
        raise NotAnOffSiteClient()
    if client.manager_id == agent.id:
        raise OwnClientCallback()
    if client.do_not_call:
        raise ClientAskedNotToBeCalled(client.id)

    called_at = body.called_at or now
    if called_at > now + CLOCK_SKEW:
        raise CallInTheFuture()

    branch = await session.get(Branch, agent.branch_id)
    assert branch is not None
    callback = Callback(
        branch_id=agent.branch_id,
        client_id=client.id,
        agent_id=agent.id,
        called_at=called_at,
        business_day=local_day(called_at, branch.timezone),
        outcome=body.outcome,
        topics=list(dict.fromkeys(body.topics)),
        notes=body.notes,
        follow_ups=body.follow_ups,
    )
    session.add(callback)
    return callback


async def record_callback(
    session: AsyncSession, agent: Staff, body: CallbackCreate, now: datetime
) -> Callback:
    callback = await new_callback(session, agent, body, now)
    await session.flush()
    log.info(
        "callback.recorded",
        callback_id=callback.id,
        agent_id=agent.id,
        outcome=body.outcome.value,
    )
    return callback


def callback_query(
    day: date | None, agent_id: int | None, client_id: int | None
) -> Select[Callback]:
    query = select(Callback).order_by(Callback.called_at.desc(), Callback.id.desc())
    if day is not None:
        query = query.where(Callback.business_day == day)
    if agent_id is not None:
        query = query.where(Callback.agent_id == agent_id)
    if client_id is not None:
        query = query.where(Callback.client_id == client_id)
    return query


async def callbacks_done(
    session: AsyncSession, branch_id: int, start: date, end: date
) -> dict[tuple[int, date], int]:
    """Callbacks counted toward the quota per (agent, day): each client reached
    once a day, plus every unreached attempt when the branch policy says so."""
    policy = await branch_policy(session, branch_id)
    rows = await session.execute(
        select(
            Callback.agent_id,
            Callback.business_day,
            Callback.client_id,
            Callback.outcome,
        ).where(
            Callback.branch_id == branch_id,
            Callback.business_day.between(start, end),
        )
    )
    reached: dict[tuple[int, date], set[int]] = defaultdict(set)
    unreached: dict[tuple[int, date], int] = defaultdict(int)
    for agent_id, day, client_id, outcome in rows:
        if outcome in REACHED:
            reached[(agent_id, day)].add(client_id)
        else:
            unreached[(agent_id, day)] += 1

    done = {key: len(clients) for key, clients in reached.items()}
    if policy.unreached_counts_toward_quota:
        for key, count in unreached.items():
            done[key] = done.get(key, 0) + count
    return done


async def count_callbacks(session: AsyncSession, query: Select[Callback]) -> int:
    return await session.scalar(select(func.count()).select_from(query.subquery())) or 0
