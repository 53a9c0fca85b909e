import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from launcher.bootstrap import open_branch
from services.visits.app import create_app as create_visits
from shared.errors import Conflict
from tests.conftest import ClientFor

BRANCH = {
    "code": "SH-JINGAN",
    "name": "上海静安营业部",
    "timezone": "Asia/Shanghai",
    "admin_username": "jingan-admin",
    "admin_name": "陈静",
    "admin_password": "a long enough password",
}


async def test_a_new_branchs_administrator_can_sign_in(
    session: AsyncSession, client_for: ClientFor
) -> None:
    await open_branch(session, **BRANCH)

    response = await client_for(create_visits).post(
        "/auth/token",
        data={"username": "jingan-admin", "password": "a long enough password"},
    )

    assert response.status_code == 200


async def test_a_branch_is_opened_once(session: AsyncSession) -> None:
    await open_branch(session, **BRANCH)

    with pytest.raises(Conflict):
        await open_branch(session, **{**BRANCH, "admin_username": "another"})


async def test_a_short_password_is_refused(session: AsyncSession) -> None:
    with pytest.raises(ValueError, match="12 characters"):
        await open_branch(session, **{**BRANCH, "admin_password": "short"})


async def test_the_admin_username_is_stored_in_lower_case(
    session: AsyncSession, client_for: ClientFor
) -> None:
    await open_branch(session, **{**BRANCH, "admin_username": "JingAn-Admin"})

    response = await client_for(create_visits).post(
        "/auth/token",
        data={"username": "jingan-admin", "password": "a long enough password"},
    )

    assert response.status_code == 200
