from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from shared.auth.dependencies import CurrentStaff, require_roles
from shared.db import SessionDep
from shared.directory.schemas import (
    ClientRead,
    PasswordSet,
    RoomCreate,
    RoomRead,
    RoomUpdate,
    StaffCreate,
    StaffRead,
    StaffUpdate,
)
from shared.directory.service import (
    add_room,
    client_query,
    client_view,
    count_and_fetch,
    open_staff_account,
    set_staff_password,
    update_room,
    update_staff_account,
)
from shared.errors import Forbidden
from shared.masking import may_see_personal_data
from shared.models.clients import Client, ClientSegment, ClientTier
from shared.models.org import Room, Staff
from shared.roles import Role
from shared.schemas import Page, ShortText
from shared.scoping import get_or_404

router = APIRouter(prefix="/directory", tags=["directory"])

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


@router.get("/staff", response_model=Page[StaffRead])
async def list_staff(
    session: SessionDep, _: CurrentStaff, limit: Limit = 100, offset: Offset = 0
) -> Page[StaffRead]:
    query = select(Staff).order_by(Staff.id)
    total, staff = await count_and_fetch(session, query, limit, offset)
    items = [StaffRead.model_validate(member) for member in staff]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/rooms", response_model=Page[RoomRead])
async def list_rooms(
    session: SessionDep, _: CurrentStaff, limit: Limit = 100, offset: Offset = 0
) -> Page[RoomRead]:
    query = select(Room).order_by(Room.id)
    total, rooms = await count_and_fetch(session, query, limit, offset)
    items = [RoomRead.model_validate(room) for room in rooms]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/clients", response_model=Page[ClientRead])
async def list_clients(
    session: SessionDep,
    staff: CurrentStaff,
    search: Annotated[
        ShortText | None, Query(description="Part of a name, phone or account number.")
    ] = None,
    segment: ClientSegment | None = None,
    tier: ClientTier | None = None,
    manager_id: Annotated[
        int | None, Query(ge=1, description="Only this manager's clients.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ClientRead]:
    """The branch's active clients. Searching by name or account number needs a
    role that sees personal data: for anyone else a search would unmask what
    the answer masks."""
    if search and not may_see_personal_data(staff):
        raise Forbidden(
            "Searching clients by name or account needs a role that may see "
            "clients' personal data."
        )

    query = client_query(search, segment, tier, manager_id)
    total, clients = await count_and_fetch(session, query, limit, offset)
    items = [client_view(client, staff) for client in clients]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/clients/{client_id}", response_model=ClientRead)
async def get_client(
    client_id: int, session: SessionDep, staff: CurrentStaff
) -> ClientRead:
    client = await get_or_404(session, Client, client_id, "Client")
    return client_view(client, staff)


AdminOnly = Depends(require_roles(Role.ADMIN))
Admin = Annotated[Staff, AdminOnly]


@router.post("/staff", response_model=StaffRead, status_code=201)
async def create_staff(
    body: StaffCreate, session: SessionDep, admin: Admin
) -> StaffRead:
    """Open a staff account in the admin's own branch.

    The username is stored in lower case and must be free in every branch.
    """
    staff = await open_staff_account(session, admin.branch_id, body)
    return StaffRead.model_validate(staff)


@router.patch("/staff/{staff_id}", response_model=StaffRead)
async def update_staff(
    staff_id: int, body: StaffUpdate, session: SessionDep, admin: Admin
) -> StaffRead:
    """Change a staff account; only the fields sent change.

    An admin cannot deactivate themselves or drop their own admin role (409),
    so the branch always keeps an administrator.
    """
    staff = await get_or_404(session, Staff, staff_id, "Staff member")
    staff = await update_staff_account(session, admin, staff, body)
    return StaffRead.model_validate(staff)


@router.post("/staff/{staff_id}/password", status_code=204)
async def set_password(
    staff_id: int, body: PasswordSet, session: SessionDep, _: Admin
) -> None:
    """Give a staff account a new password; it also lifts a login lock-out."""
    staff = await get_or_404(session, Staff, staff_id, "Staff member")
    await set_staff_password(session, staff, body)


@router.post("/rooms", response_model=RoomRead, status_code=201)
async def create_room(body: RoomCreate, session: SessionDep, admin: Admin) -> RoomRead:
    room = await add_room(session, admin.branch_id, body)
    return RoomRead.model_validate(room)


@router.patch("/rooms/{room_id}", response_model=RoomRead)
async def update_room_details(
    room_id: int, body: RoomUpdate, session: SessionDep, _: Admin
) -> RoomRead:
    """Rename a room, change its kind, or take it out of use; only the fields
    sent change."""
    room = await get_or_404(session, Room, room_id, "Room")
    room = await update_room(session, room, body)
    return RoomRead.model_validate(room)
