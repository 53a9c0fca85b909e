"""Off-site client events: the day and topic, who was invited, who came."""

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.events.errors import NotInvitableClients, NotInvited
from services.hotline.events.schemas import EventCreate
from shared.models.clients import Client, ClientSegment
from shared.models.hotline import OffsiteEvent, OffsiteEventInvitation
from shared.models.org import Staff

log = structlog.get_logger(__name__)


async def create_event(
    session: AsyncSession, staff: Staff, body: EventCreate
) -> OffsiteEvent:
    event = OffsiteEvent(
        branch_id=staff.branch_id,
        held_on=body.held_on,
        topic=body.topic,
        notes=body.notes,
        organised_by_id=staff.id,
    )
    session.add(event)
    await session.flush()
    log.info("offsite_event.created", event_id=event.id)
    return event


async def invite(
    session: AsyncSession, event: OffsiteEvent, client_ids: list[int], staff: Staff
) -> int:
    """Invite clients; those already invited are left as they are."""
    wanted = sorted(set(client_ids))
    found = set(
        await session.scalars(
            select(Client.id).where(
                Client.id.in_(wanted),
                Client.branch_id == event.branch_id,
                Client.segment == ClientSegment.OFF_SITE,
            )
        )
    )
    missing = [client_id for client_id in wanted if client_id not in found]
    if missing:
        raise NotInvitableClients(missing)

    already = set(
        await session.scalars(
            select(OffsiteEventInvitation.client_id).where(
                OffsiteEventInvitation.event_id == event.id
            )
        )
    )
    new = [client_id for client_id in wanted if client_id not in already]
    session.add_all(
        OffsiteEventInvitation(
            branch_id=event.branch_id,
            event_id=event.id,
            client_id=client_id,
            invited_by_id=staff.id,
        )
        for client_id in new
    )
    await session.flush()
    log.info("offsite_event.invited", event_id=event.id, count=len(new))
    return len(new)


async def record_attendance(
    session: AsyncSession, event: OffsiteEvent, client_id: int, attended: bool
) -> None:
    invitation = await session.scalar(
        select(OffsiteEventInvitation).where(
            OffsiteEventInvitation.event_id == event.id,
            OffsiteEventInvitation.client_id == client_id,
        )
    )
    if invitation is None:
        raise NotInvited(client_id)
    invitation.attended = attended
    await session.flush()


async def invitations(
    session: AsyncSession, event_id: int
) -> list[OffsiteEventInvitation]:
    rows = await session.scalars(
        select(OffsiteEventInvitation)
        .where(OffsiteEventInvitation.event_id == event_id)
        .order_by(OffsiteEventInvitation.client_id)
    )
    return list(rows)


async def event_counts(
    session: AsyncSession, event_ids: list[int]
) -> dict[int, tuple[int, int]]:
    rows = await session.execute(
        select(
            OffsiteEventInvitation.event_id,
            func.count(),
            func.count().filter(OffsiteEventInvitation.attended.is_(True)),
        )
        .where(OffsiteEventInvitation.event_id.in_(event_ids))
        .group_by(OffsiteEventInvitation.event_id)
    )
    return {event_id: (invited, came) for event_id, invited, came in rows}
