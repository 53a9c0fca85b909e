"""Off-site client events, organised by callback agents and supervisors."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from services.hotline.events.schemas import (
    AttendanceUpdate,
    EventCreate,
    EventDetail,
    EventRead,
    InvitationCreate,
    InvitationRead,
)
from services.hotline.events.service import (
    create_event,
    event_counts,
    invitations,
    invite,
    record_attendance,
)
from shared.auth.dependencies import CurrentStaff, require_roles
from shared.db import SessionDep
from shared.models.hotline import OffsiteEvent
from shared.models.org import Staff
from shared.roles import Role
from shared.scoping import get_or_404

router = APIRouter(prefix="/events", tags=["events"])

Organiser = Annotated[
    Staff, Depends(require_roles(Role.CALLBACK_AGENT, Role.SUPERVISOR))
]


async def _detail(session: SessionDep, event: OffsiteEvent) -> EventDetail:
    invited = await invitations(session, event.id)
    return EventDetail(
        id=event.id,
        held_on=event.held_on,
        topic=event.topic,
        notes=event.notes,
        invited=len(invited),
        attended=sum(1 for row in invited if row.attended),
        invitations=[InvitationRead.model_validate(row) for row in invited],
    )


@router.post("", response_model=EventDetail, status_code=201)
async def add_event(
    body: EventCreate, session: SessionDep, staff: Organiser
) -> EventDetail:
    return await _detail(session, await create_event(session, staff, body))


@router.get("", response_model=list[EventRead])
async def list_events(
    session: SessionDep,
    _: CurrentStaff,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[EventRead]:
    """Events, latest first, with how many were invited and came."""
    events = list(
        await session.scalars(
            select(OffsiteEvent).order_by(OffsiteEvent.held_on.desc()).limit(limit)
        )
    )
    counts = await event_counts(session, [event.id for event in events])
    return [
        EventRead(
            id=event.id,
            held_on=event.held_on,
            topic=event.topic,
            notes=event.notes,
            invited=counts.get(event.id, (0, 0))[0],
            attended=counts.get(event.id, (0, 0))[1],
        )
        for event in events
    ]


@router.get("/{event_id}", response_model=EventDetail)
async def read_event(
    event_id: int, session: SessionDep, _: CurrentStaff
) -> EventDetail:
    return await _detail(
        session, await get_or_404(session, OffsiteEvent, event_id, "Event")
    )


@router.post("/{event_id}/invitations", response_model=EventDetail)
async def add_invitations(
    event_id: int, body: InvitationCreate, session: SessionDep, staff: Organiser
) -> EventDetail:
    event = await get_or_404(session, OffsiteEvent, event_id, "Event")
    await invite(session, event, body.client_ids, staff)
    return await _detail(session, event)


@router.put("/{event_id}/attendance", response_model=EventDetail)
async def set_attendance(
    event_id: int, body: AttendanceUpdate, session: SessionDep, _: Organiser
) -> EventDetail:
    event = await get_or_404(session, OffsiteEvent, event_id, "Event")
    await record_attendance(session, event, body.client_id, body.attended)
    return await _detail(session, event)
