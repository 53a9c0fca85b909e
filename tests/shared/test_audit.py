import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.app import create_app as create_visits
from shared.models import AuditEntry, Room
from shared.roles import Role
from tests.builders import auth, make_branch, make_room, make_staff
from tests.conftest import ClientFor


async def test_a_change_made_through_the_api_is_audited_with_its_author(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    admin = await make_staff(session, branch, Role.ADMIN)

    response = await client_for(create_visits).post(
        "/directory/rooms", headers=auth(admin), json={"name": "VIP室九", "kind": "vip"}
    )

    assert response.status_code == 201, response.text
    entry = await session.scalar(
        select(AuditEntry).where(
            AuditEntry.entity == "rooms",
            AuditEntry.entity_id == str(response.json()["id"]),
        )
    )
    assert entry is not None
    assert entry.action == "insert"
    assert entry.actor_id == admin.id
    assert entry.branch_id == branch.id
    assert entry.after is not None and entry.after["name"] == "VIP室九"
    assert entry.request_id


async def test_an_update_keeps_the_values_before_and_after(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    room = await make_room(session, branch)
    room.is_active = False
    await session.flush()

    entry = await session.scalar(
        select(AuditEntry)
        .where(AuditEntry.entity == "rooms", AuditEntry.action == "update")
        .where(AuditEntry.entity_id == str(room.id))
    )
    assert entry is not None
    assert entry.before is not None and entry.before["is_active"] is True
    assert entry.after is not None and entry.after["is_active"] is False


async def test_a_deletion_is_audited(session: AsyncSession) -> None:
    branch = await make_branch(session)
    room = await make_room(session, branch)
    room_id = room.id
    await session.delete(room)
    await session.flush()

    entry = await session.scalar(
        select(AuditEntry).where(
            AuditEntry.entity == "rooms",
            AuditEntry.action == "delete",
            AuditEntry.entity_id == str(room_id),
        )
    )
    assert entry is not None
    assert await session.get(Room, room_id) is None


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET action = 'tampered'",
        "DELETE FROM audit_entries",
        "TRUNCATE audit_entries",
    ],
    ids=["update", "delete", "truncate"],
)
async def test_the_database_refuses_to_rewrite_the_audit_trail(
    session: AsyncSession, statement: str
) -> None:
    branch = await make_branch(session)
    await make_room(session, branch)
    assert await session.scalar(select(AuditEntry.id).limit(1)) is not None

    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(text(statement))


async def test_a_password_hash_never_enters_the_trail_but_its_change_does(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    staff = await make_staff(session, branch, Role.CLIENT_MANAGER)
    original_hash = staff.password_hash
    staff.password_hash = "$argon2id$v=19$m=65536,t=3,p=4$changed"
    await session.flush()

    entries = list(
        await session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "staff", AuditEntry.entity_id == str(staff.id)
            )
        )
    )
    trail = repr([(e.before, e.after) for e in entries])
    assert original_hash not in trail
    assert "changed" not in trail
    update = next(e for e in entries if e.action == "update")
    assert update.before is not None and update.after is not None
    assert update.before["password_hash"] != update.after["password_hash"]
