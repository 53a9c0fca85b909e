"""The system administrator's work through /directory: staff accounts and rooms."""

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.app import create_app as create_hotline
from services.visits.app import create_app as create_visits
from shared.models import AuditEntry, Branch, Staff
from shared.roles import Role
from tests.builders import PASSWORD, auth, make_branch, make_room, make_staff
from tests.conftest import ClientFor

NEW_PASSWORD = "a new passphrase"


def new_account(**changes: Any) -> dict[str, Any]:
    return {
        "username": "callback.wang",
        "full_name": "王芳",
        "roles": ["callback_agent"],
        "password": NEW_PASSWORD,
        **changes,
    }


async def login(client: httpx.AsyncClient, username: str, password: str) -> int:
    response = await client.post(
        "/auth/token", data={"username": username, "password": password}
    )
    return response.status_code


@pytest.fixture
async def branch(session: AsyncSession) -> Branch:
    return await make_branch(session)


@pytest.fixture
async def admin(session: AsyncSession, branch: Branch) -> Staff:
    return await make_staff(session, branch, Role.ADMIN)


@pytest.fixture
def client(client_for: ClientFor) -> httpx.AsyncClient:
    return client_for(create_visits)


# ---- staff accounts: opening -------------------------------------------------


async def test_a_new_account_is_stored_in_lower_case_and_signs_in_in_any_case(
    client: httpx.AsyncClient, admin: Staff
) -> None:
    response = await client.post(
        "/directory/staff",
        headers=auth(admin),
        json=new_account(username="Callback.Wang"),
    )

    assert response.status_code == 201, response.text
    assert response.json()["username"] == "callback.wang"
    assert await login(client, "CALLBACK.WANG", NEW_PASSWORD) == 200
    assert await login(client, "callback.wang", NEW_PASSWORD) == 200


async def test_roles_given_twice_are_kept_once(
    client: httpx.AsyncClient, admin: Staff
) -> None:
    response = await client.post(
        "/directory/staff",
        headers=auth(admin),
        json=new_account(roles=["broker", "client_manager", "broker"]),
    )

    assert response.status_code == 201, response.text
    assert response.json()["roles"] == ["broker", "client_manager"]


async def test_a_username_of_another_branch_is_taken_whatever_its_case(
    session: AsyncSession, client: httpx.AsyncClient, admin: Staff
) -> None:
    theirs = await make_branch(session, "他营业部")
    other = await make_staff(session, theirs, Role.CLIENT_MANAGER)

    response = await client.post(
        "/directory/staff",
        headers=auth(admin),
        json=new_account(username=other.username.upper()),
    )

    assert response.status_code == 409, response.text
    assert other.username in response.json()["detail"]


async def test_a_username_differing_only_in_case_is_taken(
    client: httpx.AsyncClient, admin: Staff
) -> None:
    first = await client.post(
        "/directory/staff", headers=auth(admin), json=new_account()
    )
    second = await client.post(
        "/directory/staff",
        headers=auth(admin),
        json=new_account(username="CALLBACK.wang"),
    )

    assert first.status_code == 201
    assert second.status_code == 409


@pytest.mark.parametrize(
    ("password", "kind"),
    [
        ("short1!", "password_too_short"),
        (" " * 12, "password_blank"),
        ("1234567890", "password_only_digits"),
        ("123 456 7890", "password_only_digits"),
    ],
    ids=["nine-or-fewer", "only-spaces", "only-digits", "digits-and-spaces"],
)
async def test_a_weak_password_is_refused_naming_the_field(
    session: AsyncSession,
    client: httpx.AsyncClient,
    branch: Branch,
    admin: Staff,
    password: str,
    kind: str,
) -> None:
    member = await make_staff(session, branch, Role.BROKER)

    opened = await client.post(
        "/directory/staff", headers=auth(admin), json=new_account(password=password)
    )
    reset = await client.post(
        f"/directory/staff/{member.id}/password",
        headers=auth(admin),
        json={"password": password},
    )

    for response in (opened, reset):
        assert response.status_code == 422
        [error] = response.json()["errors"]
        assert error["loc"] == ["body", "password"]
        assert error["type"] == kind
        assert password not in response.text


async def test_a_ten_character_password_is_enough(
    client: httpx.AsyncClient, admin: Staff
) -> None:
    response = await client.post(
        "/directory/staff", headers=auth(admin), json=new_account(password="abcd-12345")
    )

    assert response.status_code == 201, response.text


# ---- staff accounts: changing ---------------------------------------------------


async def test_an_admin_changes_name_roles_and_qualification(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, admin: Staff
) -> None:
    member = await make_staff(session, branch, Role.CLIENT_MANAGER)

    response = await client.patch(
        f"/directory/staff/{member.id}",
        headers=auth(admin),
        json={
            "full_name": "李强",
            "roles": ["analyst", "analyst", "broker"],
            "adviser_qualification_no": "A0123456",
        },
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["full_name"] == "李强"
    assert body["roles"] == ["analyst", "broker"]
    assert body["adviser_qualification_no"] == "A0123456"
    assert body["is_active"] is True


async def test_null_clears_the_qualification_and_leaving_it_out_keeps_it(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, admin: Staff
) -> None:
    analyst = await make_staff(session, branch, Role.ANALYST, qualification="A123456")

    kept = await client.patch(
        f"/directory/staff/{analyst.id}",
        headers=auth(admin),
        json={"full_name": "赵敏"},
    )
    cleared = await client.patch(
        f"/directory/staff/{analyst.id}",
        headers=auth(admin),
        json={"adviser_qualification_no": None},
    )

    assert kept.json()["adviser_qualification_no"] == "A123456"
    assert cleared.status_code == 200
    assert cleared.json()["adviser_qualification_no"] is None


@pytest.mark.parametrize("field", ["full_name", "roles", "is_active"])
async def test_null_for_a_required_field_is_refused(
    session: AsyncSession,
    client: httpx.AsyncClient,
    branch: Branch,
    admin: Staff,
    field: str,
) -> None:
    member = await make_staff(session, branch, Role.BROKER)

    response = await client.patch(
        f"/directory/staff/{member.id}", headers=auth(admin), json={field: None}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", field]


async def test_a_deactivated_account_can_no_longer_sign_in_or_use_its_token(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, admin: Staff
) -> None:
    member = await make_staff(session, branch, Role.HOTLINE_AGENT)
    assert await login(client, member.username, PASSWORD) == 200

    response = await client.patch(
        f"/directory/staff/{member.id}", headers=auth(admin), json={"is_active": False}
    )

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert await login(client, member.username, PASSWORD) == 401
    assert (await client.get("/auth/me", headers=auth(member))).status_code == 401


async def test_an_admin_cannot_deactivate_themselves(
    client: httpx.AsyncClient, admin: Staff
) -> None:
    response = await client.patch(
        f"/directory/staff/{admin.id}", headers=auth(admin), json={"is_active": False}
    )

    assert response.status_code == 409
    assert "your own account" in response.json()["detail"]
    assert await login(client, admin.username, PASSWORD) == 200


async def test_an_admin_cannot_drop_their_own_admin_role(
    client: httpx.AsyncClient, admin: Staff
) -> None:
    response = await client.patch(
        f"/directory/staff/{admin.id}",
        headers=auth(admin),
        json={"roles": ["supervisor"]},
    )

    assert response.status_code == 409
    assert "admin role" in response.json()["detail"]


async def test_an_admin_may_change_their_own_account_otherwise(
    client: httpx.AsyncClient, admin: Staff
) -> None:
    response = await client.patch(
        f"/directory/staff/{admin.id}",
        headers=auth(admin),
        json={"full_name": "周管理", "roles": ["supervisor", "admin"]},
    )

    assert response.status_code == 200, response.text
    assert response.json()["roles"] == ["supervisor", "admin"]


async def test_another_admin_may_deactivate_an_admin(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, admin: Staff
) -> None:
    second = await make_staff(session, branch, Role.ADMIN)

    response = await client.patch(
        f"/directory/staff/{admin.id}", headers=auth(second), json={"is_active": False}
    )

    assert response.status_code == 200


async def test_a_new_password_replaces_the_old_one(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, admin: Staff
) -> None:
    member = await make_staff(session, branch, Role.BROKER)

    response = await client.post(
        f"/directory/staff/{member.id}/password",
        headers=auth(admin),
        json={"password": NEW_PASSWORD},
    )

    assert response.status_code == 204
    assert await login(client, member.username, PASSWORD) == 401
    assert await login(client, member.username, NEW_PASSWORD) == 200


# ---- rooms ---------------------------------------------------------------------


async def test_an_admin_renames_a_room_changes_its_kind_and_retires_it(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, admin: Staff
) -> None:
    room = await make_room(session, branch)

    response = await client.patch(
        f"/directory/rooms/{room.id}",
        headers=auth(admin),
        json={"name": "大户室一", "kind": "large", "is_active": False},
    )

    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": room.id,
        "name": "大户室一",
        "kind": "large",
        "is_active": False,
    }


async def test_renaming_a_room_to_a_name_in_use_is_a_409(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, admin: Staff
) -> None:
    taken = await make_room(session, branch)
    room = await make_room(session, branch)

    clash = await client.patch(
        f"/directory/rooms/{room.id}", headers=auth(admin), json={"name": taken.name}
    )
    own_name = await client.patch(
        f"/directory/rooms/{room.id}", headers=auth(admin), json={"name": room.name}
    )

    assert clash.status_code == 409
    assert taken.name in clash.json()["detail"]
    assert own_name.status_code == 200


async def test_another_branch_may_have_a_room_of_the_same_name(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, admin: Staff
) -> None:
    theirs = await make_room(session, await make_branch(session, "他营业部"))
    room = await make_room(session, branch)

    response = await client.patch(
        f"/directory/rooms/{room.id}", headers=auth(admin), json={"name": theirs.name}
    )

    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "name",
    ["\u200b\u202e\ufeff", "\u3000\u200d", "\u3164"],
    ids=["zero-width-and-bidi", "ideographic-space-and-joiner", "hangul-filler"],
)
async def test_a_name_without_a_visible_character_is_refused(
    session: AsyncSession,
    client: httpx.AsyncClient,
    branch: Branch,
    admin: Staff,
    name: str,
) -> None:
    room = await make_room(session, branch)

    created = await client.post(
        "/directory/rooms", headers=auth(admin), json={"name": name, "kind": "vip"}
    )
    renamed = await client.patch(
        f"/directory/rooms/{room.id}", headers=auth(admin), json={"name": name}
    )
    opened = await client.post(
        "/directory/staff", headers=auth(admin), json=new_account(full_name=name)
    )

    for response, field in (
        (created, "name"),
        (renamed, "name"),
        (opened, "full_name"),
    ):
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", field]
        assert "visible" in response.json()["errors"][0]["msg"]


async def test_a_name_with_a_visible_character_among_invisible_ones_is_kept(
    client: httpx.AsyncClient, admin: Staff
) -> None:
    response = await client.post(
        "/directory/rooms",
        headers=auth(admin),
        json={"name": "  中户室\u200b二 ", "kind": "medium"},
    )

    assert response.status_code == 201, response.text
    assert response.json()["name"] == "中户室\u200b二"


# ---- who may --------------------------------------------------------------------

WRITES = [
    ("POST", "/directory/staff", new_account()),
    ("PATCH", "/directory/staff/{staff_id}", {"full_name": "王五"}),
    ("POST", "/directory/staff/{staff_id}/password", {"password": NEW_PASSWORD}),
    ("POST", "/directory/rooms", {"name": "VIP室八", "kind": "vip"}),
    ("PATCH", "/directory/rooms/{room_id}", {"name": "VIP室八"}),
]
WRITE_IDS = ["open-account", "change-account", "set-password", "add-room", "edit-room"]


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
async def test_only_an_admin_may_write(
    session: AsyncSession,
    client: httpx.AsyncClient,
    branch: Branch,
    method: str,
    path: str,
    body: dict[str, Any],
) -> None:
    supervisor = await make_staff(session, branch, Role.SUPERVISOR, Role.CLIENT_MANAGER)
    member = await make_staff(session, branch, Role.BROKER)
    room = await make_room(session, branch)
    url = path.format(staff_id=member.id, room_id=room.id)

    response = await client.request(method, url, headers=auth(supervisor), json=body)

    assert response.status_code == 403
    assert "admin" in response.json()["detail"]


@pytest.mark.parametrize(("method", "path", "body"), WRITES[1:3] + WRITES[4:])
async def test_another_branchs_staff_and_rooms_answer_404(
    session: AsyncSession,
    client: httpx.AsyncClient,
    admin: Staff,
    method: str,
    path: str,
    body: dict[str, Any],
) -> None:
    theirs = await make_branch(session, "他营业部")
    member = await make_staff(session, theirs, Role.BROKER)
    room = await make_room(session, theirs)
    url = path.format(staff_id=member.id, room_id=room.id)

    response = await client.request(method, url, headers=auth(admin), json=body)

    assert response.status_code == 404
    await session.refresh(member)
    await session.refresh(room)
    assert member.full_name != "王五"
    assert room.name != "VIP室八"


async def test_every_service_serves_the_directory(
    session: AsyncSession, client_for: ClientFor, branch: Branch, admin: Staff
) -> None:
    room = await make_room(session, branch)

    response = await client_for(create_hotline).patch(
        f"/directory/rooms/{room.id}", headers=auth(admin), json={"kind": "vip"}
    )

    assert response.status_code == 200
    assert response.json()["kind"] == "vip"


# ---- the audit trail ------------------------------------------------------------


async def audit_entries(
    session: AsyncSession, entity: str, entity_id: int
) -> list[AuditEntry]:
    rows = await session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.id)
    )
    return list(rows)


async def test_every_admin_write_is_audited_with_its_author(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, admin: Staff
) -> None:
    headers = auth(admin)
    opened = await client.post("/directory/staff", headers=headers, json=new_account())
    staff_id = opened.json()["id"]
    await client.patch(
        f"/directory/staff/{staff_id}", headers=headers, json={"is_active": False}
    )
    await client.post(
        f"/directory/staff/{staff_id}/password",
        headers=headers,
        json={"password": "yet another one"},
    )
    added = await client.post(
        "/directory/rooms", headers=headers, json={"name": "中户室七", "kind": "medium"}
    )
    room_id = added.json()["id"]
    await client.patch(
        f"/directory/rooms/{room_id}", headers=headers, json={"name": "中户室八"}
    )

    staff_trail = await audit_entries(session, "staff", staff_id)
    room_trail = await audit_entries(session, "rooms", room_id)

    assert [e.action for e in staff_trail] == ["insert", "update", "update"]
    assert [e.action for e in room_trail] == ["insert", "update"]
    for entry in staff_trail + room_trail:
        assert entry.actor_id == admin.id
        assert entry.branch_id == branch.id
        assert entry.request_id
    opening, deactivation, _ = staff_trail
    assert opening.after is not None and opening.after["username"] == "callback.wang"
    assert deactivation.before is not None and deactivation.before["is_active"] is True
    assert deactivation.after is not None and deactivation.after["is_active"] is False
    renaming = room_trail[1]
    assert renaming.before is not None and renaming.before["name"] == "中户室七"
    assert renaming.after is not None and renaming.after["name"] == "中户室八"


async def test_the_database_refuses_a_mixed_case_username(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    staff = await make_staff(session, branch, Role.CLIENT_MANAGER)

    with pytest.raises(DBAPIError, match="username_lower_case"):
        async with session.begin_nested():
            staff.username = "Mixed-Case"
            await session.flush()
