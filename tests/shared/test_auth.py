import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.app import create_app as create_advisory
from services.hotline.app import create_app as create_hotline
from services.visits.app import create_app as create_visits
from shared.auth.tokens import issue_token
from shared.roles import Role
from tests.builders import PASSWORD, auth, make_branch, make_staff
from tests.conftest import ClientFor


async def login(client, username: str, password: str):
    return await client.post(
        "/auth/token", data={"username": username, "password": password}
    )


async def test_a_token_from_one_service_is_accepted_by_all_three(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    visits = client_for(create_visits)

    response = await login(visits, supervisor.username, PASSWORD)

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] > 0
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    for create_app in (create_visits, create_advisory, create_hotline):
        me = await client_for(create_app).get("/auth/me", headers=headers)
        assert me.status_code == 200
        assert me.json()["username"] == supervisor.username
        assert me.json()["branch_timezone"] == "Asia/Shanghai"


async def test_wrong_password_and_unknown_user_get_the_same_refusal(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    staff = await make_staff(session, branch, Role.CLIENT_MANAGER)
    client = client_for(create_visits)

    wrong_password = await login(client, staff.username, "not the password")
    unknown_user = await login(client, "nobody-here", PASSWORD)

    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json()["detail"] == unknown_user.json()["detail"]
    assert "password" in wrong_password.json()["detail"].lower()
    assert wrong_password.headers["content-type"] == "application/problem+json"


async def test_an_inactive_account_cannot_log_in_or_use_its_token(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    staff = await make_staff(session, branch, Role.CLIENT_MANAGER)
    headers = auth(staff)
    staff.is_active = False
    await session.flush()
    client = client_for(create_visits)

    assert (await login(client, staff.username, PASSWORD)).status_code == 401
    assert (await client.get("/auth/me", headers=headers)).status_code == 401


@pytest.mark.parametrize(
    "header",
    [None, "Bearer not-a-jwt", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"],
    ids=["missing", "garbage", "bad-signature"],
)
async def test_requests_without_a_valid_token_get_401(
    client_for: ClientFor, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}

    response = await client_for(create_visits).get("/auth/me", headers=headers)

    assert response.status_code == 401
    assert response.json()["status"] == 401


async def test_an_expired_token_is_refused(
    session: AsyncSession, client_for: ClientFor, settings
) -> None:
    branch = await make_branch(session)
    staff = await make_staff(session, branch, Role.SUPERVISOR)
    expired = settings.model_copy(update={"access_token_minutes": -1})
    token = issue_token(staff.id, branch.id, expired).access_token

    response = await client_for(create_visits).get(
        "/auth/me", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


async def test_refresh_gives_a_new_working_token(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    staff = await make_staff(session, branch, Role.HOTLINE_AGENT)
    client = client_for(create_hotline)

    response = await client.post("/auth/refresh", headers=auth(staff))

    assert response.status_code == 200
    token = response.json()["access_token"]
    me = await client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["id"] == staff.id


async def test_a_role_the_route_does_not_allow_gets_403(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    analyst = await make_staff(session, branch, Role.ANALYST, qualification="A123456")

    response = await client_for(create_visits).post(
        "/quotas",
        headers=auth(analyst),
        json={
            "role": "client_manager",
            "duty": "visit",
            "daily_required": 5,
            "effective_from": "2030-01-01",
        },
    )

    assert response.status_code == 403
    assert "supervisor" in response.json()["detail"]


async def test_one_of_several_roles_is_enough(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    both = await make_staff(session, branch, Role.CLIENT_MANAGER, Role.SUPERVISOR)

    response = await client_for(create_visits).post(
        "/quotas",
        headers=auth(both),
        json={
            "role": "client_manager",
            "duty": "visit",
            "daily_required": 5,
            "effective_from": "2030-01-01",
        },
    )

    assert response.status_code == 201
