"""Visit and patrol forms. A form is never overwritten: a correction is a new
version that supersedes the one before, and only the current version (the one
nothing supersedes) counts. Both versions are in the audit trail, as every
insert is.

A visit counts once per client and day for the manager who made it: the same
client visited twice in a day is one visit towards the quota. Each patrol
counts once, however often it is corrected.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import structlog
from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.visits.days import branch_timezone
from services.visits.forms.errors import AlreadyCorrected, NotYourForm
from services.visits.forms.schemas import PatrolCreate, VisitCreate
from services.visits.policies.service import active_topic_codes
from shared.business_days import local_day
from shared.errors import InvalidInput, field_error
from shared.models.clients import Client
from shared.models.org import Room, Staff
from shared.models.visits import Patrol, Visit
from shared.roles import Role

log = structlog.get_logger(__name__)

FormT = TypeVar("FormT", Visit, Patrol)

# A form may be filled in a little after the fact, never ahead of it; the
# margin forgives a terminal whose clock runs slightly fast.
CLOCK_MARGIN = timedelta(minutes=5)


def is_current(model: type[Visit] | type[Patrol]) -> ColumnElement[bool]:
    """True for a version no later version supersedes."""
    later = aliased(model)
    return ~exists().where(later.supersedes_id == model.id)


def _refuse(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, [field_error(("body", field), message, "value_error")])


def _check_moment(moment: datetime, field: str, now: datetime | None) -> None:
    if moment > (now or datetime.now(UTC)) + CLOCK_MARGIN:
        raise _refuse(field, "must not be in the future")


async def _check_room(
    session: AsyncSession, branch_id: int, room_id: int | None
) -> None:
    if room_id is None:
        return
    room = await session.get(Room, room_id)
    if room is None or room.branch_id != branch_id or not room.is_active:
        raise _refuse("room_id", f"room {room_id} is not an active room of the branch")


async def _visit_values(
    session: AsyncSession,
    branch_id: int,
    body: VisitCreate,
    now: datetime | None,
    topic_codes: frozenset[str] | None = None,
) -> dict[str, Any]:
    _check_moment(body.visited_at, "visited_at", now)
    client = await session.get(Client, body.client_id)
    if client is None or client.branch_id != branch_id:
        raise _refuse(
            "client_id", f"client {body.client_id} is not a client of the branch"
        )
    if not client.is_active:
        raise _refuse("client_id", f"client {body.client_id} has left the branch")
    await _check_room(session, branch_id, body.room_id)

    if topic_codes is None:
        topic_codes = frozenset(await active_topic_codes(session, branch_id))
    unknown = set(body.topics) - topic_codes
    if unknown:
        raise _refuse("topics", f"not topics the branch offers: {sorted(unknown)}")

    day = local_day(body.visited_at, await branch_timezone(session, branch_id))
    for index, follow_up in enumerate(body.follow_ups):
        if follow_up.due_on < day:
            raise InvalidInput(
                "A follow-up cannot be due before the visit.",
                [
                    field_error(
                        ("body", "follow_ups", index, "due_on"),
                        "must not be before the visit's day",
                        "value_error",
                    )
                ],
            )

    return {
        "client_id": body.client_id,
        "visited_at": body.visited_at,
        "day": day,
        "room_id": body.room_id,
        "topics": list(dict.fromkeys(body.topics)),
        "concerns": body.concerns,
        "wants_consultation": body.wants_consultation,
        "follow_ups": [item.model_dump(mode="json") for item in body.follow_ups],
    }


async def _patrol_values(
    session: AsyncSession, branch_id: int, body: PatrolCreate, now: datetime | None
) -> dict[str, Any]:
    _check_moment(body.patrolled_at, "patrolled_at", now)
    await _check_room(session, branch_id, body.room_id)
    timezone = await branch_timezone(session, branch_id)
    return {
        "room_id": body.room_id,
        "patrolled_at": body.patrolled_at,
        "day": local_day(body.patrolled_at, timezone),
        "checklist": body.checklist.model_dump(),
        "clients_present": body.clients_present,
        "notes": body.notes,
    }


async def add_visit(
    session: AsyncSession,
    manager: Staff,
    body: VisitCreate,
    *,
    now: datetime | None = None,
    topic_codes: frozenset[str] | None = None,
) -> Visit:
    """Check the form and add its first version to the session, unflushed, so
    a batch of forms (the demo history) is written in one flush. A batch may
    pass the branch's active topic codes once instead of a lookup per form."""
    # The checks read clients, rooms and topics, which pending forms do not
    # change; not flushing for them lets a batch go to the database at once.
    with session.no_autoflush:
        values = await _visit_values(session, manager.branch_id, body, now, topic_codes)
    visit = Visit(
        branch_id=manager.branch_id,
        manager_id=manager.id,
        recorded_by_id=manager.id,
        version=1,
        **values,
    )
    session.add(visit)
    return visit


async def add_patrol(
    session: AsyncSession,
    manager: Staff,
    body: PatrolCreate,
    *,
    now: datetime | None = None,
) -> Patrol:
    """Like `add_visit`, for a patrol form."""
    with session.no_autoflush:
        values = await _patrol_values(session, manager.branch_id, body, now)
    patrol = Patrol(
        branch_id=manager.branch_id,
        manager_id=manager.id,
        recorded_by_id=manager.id,
        version=1,
        **values,
    )
    session.add(patrol)
    return patrol


async def record_visit(
    session: AsyncSession,
    manager: Staff,
    body: VisitCreate,
    *,
    now: datetime | None = None,
) -> Visit:
    visit = await add_visit(session, manager, body, now=now)
    await session.flush()
    log.info("visit.recorded", visit_id=visit.id, client_id=visit.client_id)
    return visit


async def record_patrol(
    session: AsyncSession,
    manager: Staff,
    body: PatrolCreate,
    *,
    now: datetime | None = None,
) -> Patrol:
    patrol = await add_patrol(session, manager, body, now=now)
    await session.flush()
    log.info("patrol.recorded", patrol_id=patrol.id, room_id=patrol.room_id)
    return patrol


async def _correct(
    session: AsyncSession,
    model: type[FormT],
    previous: FormT,
    staff: Staff,
    values: dict[str, Any],
) -> FormT:
    if previous.manager_id != staff.id and not staff.has_role(Role.SUPERVISOR):
        raise NotYourForm(
            "Only the manager who filled the form or a supervisor may correct it."
        )

    later = await session.scalar(
        select(model.id).where(model.supersedes_id == previous.id)
    )
    if later is not None:
        raise AlreadyCorrected(
            f"Version {previous.id} has been corrected already; correct the "
            "current version.",
            current_id=later,
        )

    version = model(
        branch_id=previous.branch_id,
        record_id=previous.record_id or previous.id,
        version=previous.version + 1,
        supersedes_id=previous.id,
        manager_id=previous.manager_id,
        recorded_by_id=staff.id,
        **values,
    )
    previous_id = previous.id
    session.add(version)
    try:
        await session.flush()
    except IntegrityError as exc:
        # Someone corrected the same version a moment earlier. The failed
        # flush has ended the transaction, so nothing more is read from it.
        raise AlreadyCorrected(
            f"Version {previous_id} has been corrected already."
        ) from exc
    return version


async def correct_visit(
    session: AsyncSession,
    previous: Visit,
    staff: Staff,
    body: VisitCreate,
    *,
    now: datetime | None = None,
) -> Visit:
    values = await _visit_values(session, previous.branch_id, body, now)
    visit = await _correct(session, Visit, previous, staff, values)
    log.info("visit.corrected", visit_id=visit.id, record_id=visit.record_id)
    return visit


async def correct_patrol(
    session: AsyncSession,
    previous: Patrol,
    staff: Staff,
    body: PatrolCreate,
    *,
    now: datetime | None = None,
) -> Patrol:
    values = await _patrol_values(session, previous.branch_id, body, now)
    patrol = await _correct(session, Patrol, previous, staff, values)
    log.info("patrol.corrected", patrol_id=patrol.id, record_id=patrol.record_id)
    return patrol


async def versions_of(
    session: AsyncSession, model: type[FormT], record_id: int
) -> list[FormT]:
    rows = await session.scalars(
        select(model)
        .where(func.coalesce(model.record_id, model.id) == record_id)
        .order_by(model.version)
    )
    return list(rows)


async def current_ids(
    session: AsyncSession, model: type[FormT], ids: list[int]
) -> set[int]:
    rows = await session.scalars(
        select(model.id).where(model.id.in_(ids), is_current(model))
    )
    return set(rows)


async def list_current(
    session: AsyncSession,
    model: type[FormT],
    *,
    start: date,
    end: date,
    manager_id: int | None,
    limit: int,
    offset: int,
) -> tuple[int, list[FormT]]:
    query = select(model).where(is_current(model), model.day.between(start, end))
    if manager_id is not None:
        query = query.where(model.manager_id == manager_id)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.order_by(model.day.desc(), model.id.desc()).limit(limit).offset(offset)
    )
    return total or 0, list(rows)


async def visits_done(
    session: AsyncSession,
    branch_id: int,
    start: date,
    end: date,
    manager_ids: list[int] | None = None,
) -> dict[tuple[int, date], int]:
    """Distinct clients visited per (manager, day): one client, one visit."""
    query = (
        select(Visit.manager_id, Visit.day, func.count(func.distinct(Visit.client_id)))
        .where(
            Visit.branch_id == branch_id,
            Visit.day.between(start, end),
            is_current(Visit),
        )
        .group_by(Visit.manager_id, Visit.day)
    )
    if manager_ids is not None:
        query = query.where(Visit.manager_id.in_(manager_ids))
    rows = await session.execute(query)
    return {(manager_id, day): count for manager_id, day, count in rows}


async def patrols_done(
    session: AsyncSession,
    branch_id: int,
    start: date,
    end: date,
    manager_ids: list[int] | None = None,
) -> dict[tuple[int, date], int]:
    query = (
        select(Patrol.manager_id, Patrol.day, func.count())
        .where(
            Patrol.branch_id == branch_id,
            Patrol.day.between(start, end),
            is_current(Patrol),
        )
        .group_by(Patrol.manager_id, Patrol.day)
    )
    if manager_ids is not None:
        query = query.where(Patrol.manager_id.in_(manager_ids))
    rows = await session.execute(query)
    return {(manager_id, day): count for manager_id, day, count in rows}


async def last_visit_days(
    session: AsyncSession, branch_id: int, before: date
) -> dict[int, date]:
    """Each client's latest visited day before `before`, by anyone."""
    rows = await session.execute(
        select(Visit.client_id, func.max(Visit.day))
        .where(Visit.branch_id == branch_id, Visit.day < before, is_current(Visit))
        .group_by(Visit.client_id)
    )
    return {client_id: day for client_id, day in rows}


async def visited_on(session: AsyncSession, branch_id: int, day: date) -> set[int]:
    """Clients who had a visit on `day`."""
    rows = await session.scalars(
        select(Visit.client_id).where(
            Visit.branch_id == branch_id, Visit.day == day, is_current(Visit)
        )
    )
    return set(rows)
