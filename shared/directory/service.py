from typing import TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth.passwords import hash_password
from shared.directory.schemas import ClientRead, RoomCreate, StaffCreate
from shared.errors import Conflict
from shared.masking import (
    mask_account,
    mask_id_number,
    mask_name,
    mask_phone,
    may_see_personal_data,
)
from shared.models.clients import Client, ClientSegment, ClientTier
from shared.models.org import Room, Staff

RowT = TypeVar("RowT")


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
    search: str | None, segment: ClientSegment | None, tier: ClientTier | None
) -> Select[Client]:
    query = select(Client).where(Client.is_active).order_by(Client.id)
    if segment is not None:
        query = query.where(Client.segment == segment)
    if tier is not None:
        query = query.where(Client.tier == tier)
    if search:
        pattern = f"%{search}%"
        query = query.where(
            or_(Client.full_name.ilike(pattern), Client.account_no.like(pattern))
        )
    return query


async def open_staff_account(
    session: AsyncSession, branch_id: int, body: StaffCreate
) -> Staff:
    taken = await session.scalar(
        select(func.count()).select_from(Staff).where(Staff.username == body.username)
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
    return staff


async def add_room(session: AsyncSession, branch_id: int, body: RoomCreate) -> Room:
    taken = await session.scalar(
        select(func.count()).select_from(Room).where(Room.name == body.name)
    )
    if taken:
        raise Conflict(f"The branch already has a room named {body.name}.")

    room = Room(branch_id=branch_id, name=body.name, kind=body.kind)
    session.add(room)
    await session.flush()
    return room
