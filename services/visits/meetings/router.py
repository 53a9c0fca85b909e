"""Client exchange meetings: planned by client managers and supervisors,
seen by analysts too."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from services.visits.meetings.schemas import MeetingCreate, MeetingRead, MeetingUpdate
from services.visits.meetings.service import (
    create_meeting,
    list_meetings,
    update_meeting,
)
from shared.auth.dependencies import require_roles
from shared.db import SessionDep
from shared.models.org import Staff
from shared.models.visits import ExchangeMeeting
from shared.roles import Role
from shared.schemas import Page
from shared.scoping import get_or_404

router = APIRouter(prefix="/meetings", tags=["meetings"])

Organiser = Annotated[
    Staff, Depends(require_roles(Role.CLIENT_MANAGER, Role.SUPERVISOR))
]
Reader = Annotated[
    Staff,
    Depends(require_roles(Role.CLIENT_MANAGER, Role.SUPERVISOR, Role.ANALYST)),
]


@router.get("", response_model=Page[MeetingRead])
async def list_exchange_meetings(
    session: SessionDep,
    _: Reader,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[MeetingRead]:
    """Meetings, latest first."""
    total, rows = await list_meetings(session, start, end, limit, offset)
    items = [MeetingRead.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("", response_model=MeetingRead, status_code=201)
async def create_exchange_meeting(
    body: MeetingCreate, session: SessionDep, organiser: Organiser
) -> MeetingRead:
    meeting = await create_meeting(session, organiser, body)
    return MeetingRead.model_validate(meeting)


@router.get("/{meeting_id}", response_model=MeetingRead)
async def get_exchange_meeting(
    meeting_id: int, session: SessionDep, _: Reader
) -> MeetingRead:
    meeting = await get_or_404(session, ExchangeMeeting, meeting_id, "Meeting")
    return MeetingRead.model_validate(meeting)


@router.patch("/{meeting_id}", response_model=MeetingRead)
async def update_exchange_meeting(
    meeting_id: int, body: MeetingUpdate, session: SessionDep, _: Organiser
) -> MeetingRead:
    """Record invitations, speakers, attendance and notes as the meeting goes."""
    meeting = await get_or_404(session, ExchangeMeeting, meeting_id, "Meeting")
    meeting = await update_meeting(session, meeting, body)
    return MeetingRead.model_validate(meeting)
