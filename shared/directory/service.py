from typing import TypeVar

import structlog
from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth.passwords import hash_password
from shared.directory.schemas import (
    ClientRead,
    PasswordSet,
    RoomCreate,
    RoomUpdate,
    StaffCreate,
    StaffUpdate,
)
from shared.errors import Conflict
from shared.masking import (
    mask_account,
    mask_id_number,
    mask_name,
    mask_phone,
    may_see_personal_data,
)
from shared.models.clients import Client, ClientSegment, ClientTier
from shared.models.org import LoginThrottle, Room, Staff
from shared.roles import Role
from shared.scoping import ALL_BRANCHES

RowT = TypeVar("RowT")
log = structlog.get_logger(__name__)


def client_view(client: Client, viewer: Staff) -> ClientRead:
    """The client as `viewer` may see them: personal data masked unless needed."""
    read = ClientRead.model_validate(client)
    if may_see_personal_data(viewer):
        return read

    return read.model_copy(
        update={
            "full_name": mask_name(client.full_name),
            "phone": mask_phone(client.phone),
            "id_number": mask_id_number(client.id_number),
            "account_no": mask_account(client.account_no),
        }
    )


async def count_and_fetch(
    session: AsyncSession, query: Select[RowT], limit: int, offset: int
) -> tuple[int, list[RowT]]:
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(query.limit(limit).offset(offset))
    return total or 0, list(rows)


def client_query(
    search: str | None,
    segment: ClientSegment | None,
    tier: ClientTier | None,
    manager_id: int | None = None,
) -> Select[Client]:
    query = select(Client).where(Client.is_active).order_by(Client.id)
    if segment is not None:
        query = query.where(Client.segment == segment)
    if tier is not None:
        query = query.where(Client.tier == tier)
    if manager_id is not None:
        query = query.where(Client.manager_id == manager_id)
    if search:
        # The caller's text is matched literally: % and _ are not wildcards.
        pattern = "%" + _escape_like(search) + "%"
        query = query.where(
            or_(
                Client.full_name.ilike(pattern, escape="\\"),
                Client.phone.like(pattern, escape="\\"),
                Client.account_no.like(pattern, escape="\\"),
            )
        )
    return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def open_staff_account(
    session: AsyncSession, branch_id: int, body: StaffCreate
) -> Staff:
    # Usernames are unique across the brokerage, but the caller's queries see
    # only their own branch: look everywhere, or another branch's account
    # with this name is missed and the database's unique constraint refuses
    # the insert instead. lower() also catches accounts opened before
    # usernames were stored in lower case.
    taken = await session.scalar(
        select(func.count())
        .select_from(Staff)
        .where(func.lower(Staff.username) == body.username)
        .execution_options(**ALL_BRANCHES)
    )
    if taken:
        raise Conflict(f"The username {body.username} is taken.")

    staff = Staff(
        branch_id=branch_id,
        username=body.username,
        full_name=body.full_name,
        roles=body.roles,
        adviser_qualification_no=body.adviser_qualification_no,
        password_hash=await hash_password(body.password),
    )
    session.add(staff)
    await session.flush()
    log.info("directory.staff_opened", staff_id=staff.id, branch_id=branch_id)
    return staff


def _refuse_self_lockout(admin: Staff, staff: Staff, body: StaffUpdate) -> None:
    # Every admin may only lock out others, so the last admin to act always
    # keeps access and the branch can never shut itself out.
    if staff.id != admin.id:
        return

    if body.is_active is False:
        raise Conflict(
            "You cannot deactivate your own account: the branch could be left "
            "without an administrator. Ask another administrator to do it."
        )
    if body.roles is not None and Role.ADMIN not in body.roles:
        raise Conflict(
            "You cannot remove your own admin role: the branch could be left "
            "without an administrator. Ask another administrator to do it."
        )


async def update_staff_account(
    session: AsyncSession, admin: Staff, staff: Staff, body: StaffUpdate
) -> Staff:
    _refuse_self_lockout(admin, staff, body)

    sent = body.model_fields_set
    if body.full_name is not None:
        staff.full_name = body.full_name
    if body.roles is not None:
        staff.roles = body.roles
    if "adviser_qualification_no" in sent:
        staff.adviser_qualification_no = body.adviser_qualification_no
    if body.is_active is not None:
        staff.is_active = body.is_active

    await session.flush()
    log.info("directory.staff_updated", staff_id=staff.id, fields=sorted(sent))
    return staff


async def set_staff_password(
    session: AsyncSession, staff: Staff, body: PasswordSet
) -> None:
    staff.password_hash = await hash_password(body.password)
    # A new password is a fresh start: someone locked out by failed logins
    # (shared.auth.router) can sign in with it at once.
    await session.execute(
        delete(LoginThrottle).where(LoginThrottle.staff_id == staff.id)
    )
    await session.flush()
    log.info("directory.staff_password_set", staff_id=staff.id)


async def _refuse_taken_room_name(
    session: AsyncSession, branch_id: int, name: str, room_id: int | None = None
) -> None:
    # By branch explicitly: a head-office admin's queries are not scoped, and
    # another branch may well have a room of the same name.
    query = (
        select(func.count())
        .select_from(Room)
        .where(Room.branch_id == branch_id, Room.name == name)
    )
    if room_id is not None:
        query = query.where(Room.id != room_id)
    if await session.scalar(query):
        raise Conflict(f"The branch already has a room named {name}.")


async def add_room(session: AsyncSession, branch_id: int, body: RoomCreate) -> Room:
    await _refuse_taken_room_name(session, branch_id, body.name)

    room = Room(branch_id=branch_id, name=body.name, kind=body.kind)
    session.add(room)
    await session.flush()
    return room


async def update_room(session: AsyncSession, room: Room, body: RoomUpdate) -> Room:
    if body.name is not None:
        await _refuse_taken_room_name(session, room.branch_id, body.name, room.id)
        room.name = body.name
    if body.kind is not None:
        room.kind = body.kind
    if body.is_active is not None:
        room.is_active = body.is_active

    await session.flush()
    return room
