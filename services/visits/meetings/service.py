"""Weekly client exchange meetings (客户交流会) for medium and large clients:
analysts comment on the market, invited clients share their experience."""

from datetime import date
from typing import Any

import structlog
from sqlalchemy import any_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.meetings.schemas import MeetingCreate, MeetingUpdate
from shared.errors import InvalidInput, field_error
from shared.models.clients import Client, ClientTier
from shared.models.org import Staff
from shared.models.visits import ExchangeMeeting
from shared.roles import Role

log = structlog.get_logger(__name__)

INVITABLE_TIERS = frozenset({ClientTier.MEDIUM, ClientTier.LARGE})


def _refuse(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, [field_error(("body", field), message, "value_error")])


async def _check(session: AsyncSession, branch_id: int, values: dict[str, Any]) -> None:
    invited = set(values["invited_client_ids"])
    if invited:
        clients = list(
            await session.scalars(
                select(Client).where(
                    Client.branch_id == branch_id, Client.id.in_(invited)
                )
            )
        )
        unknown = invited - {c.id for c in clients}
        if unknown:
            raise _refuse(
                "invited_client_ids", f"not clients of the branch: {sorted(unknown)}"
            )
        wrong_tier = sorted(c.id for c in clients if c.tier not in INVITABLE_TIERS)
        if wrong_tier:
            raise _refuse(
                "invited_client_ids",
                f"only medium and large clients are invited: {wrong_tier}",
            )

    not_invited = set(values["speaker_client_ids"]) - invited
    if not_invited:
        raise _refuse(
            "speaker_client_ids", f"speakers must be invited: {sorted(not_invited)}"
        )

    absent = set(values["attended_client_ids"]) - invited
    if absent:
        raise _refuse(
            "attended_client_ids", f"only invited clients attend: {sorted(absent)}"
        )

    speakers = set(values["speaker_staff_ids"])
    if speakers:
        analysts = set(
            await session.scalars(
                select(Staff.id).where(
                    Staff.branch_id == branch_id,
                    Staff.id.in_(speakers),
                    any_(Staff.roles) == Role.ANALYST,
                )
            )
        )
        if speakers - analysts:
            raise _refuse(
                "speaker_staff_ids",
                f"not analysts of the branch: {sorted(speakers - analysts)}",
            )


async def create_meeting(
    session: AsyncSession, organiser: Staff, body: MeetingCreate
) -> ExchangeMeeting:
    values = body.model_dump()
    values["attended_client_ids"] = []
    await _check(session, organiser.branch_id, values)
    meeting = ExchangeMeeting(
        branch_id=organiser.branch_id, organised_by_id=organiser.id, **values
    )
    session.add(meeting)
    await session.flush()
    log.info(
        "meeting.created",
        meeting_id=meeting.id,
        invited=len(meeting.invited_client_ids),
    )
    return meeting


async def update_meeting(
    session: AsyncSession, meeting: ExchangeMeeting, body: MeetingUpdate
) -> ExchangeMeeting:
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    values = {
        "speaker_staff_ids": meeting.speaker_staff_ids,
        "speaker_client_ids": meeting.speaker_client_ids,
        "invited_client_ids": meeting.invited_client_ids,
        "attended_client_ids": meeting.attended_client_ids,
        **changes,
    }
    await _check(session, meeting.branch_id, values)
    for field, value in changes.items():
        setattr(meeting, field, value)
    await session.flush()
    log.info(
        "meeting.updated",
        meeting_id=meeting.id,
        attended=len(meeting.attended_client_ids),
    )
    return meeting


async def list_meetings(
    session: AsyncSession, start: date | None, end: date | None, limit: int, offset: int
) -> tuple[int, list[ExchangeMeeting]]:
    query = select(ExchangeMeeting)
    if start is not None:
        query = query.where(ExchangeMeeting.day >= start)
    if end is not None:
        query = query.where(ExchangeMeeting.day <= end)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.order_by(ExchangeMeeting.day.desc(), ExchangeMeeting.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return total or 0, list(rows)
