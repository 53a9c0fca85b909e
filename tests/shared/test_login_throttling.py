"""Throttling logins against password guessing: 5 failures on an account within
15 minutes lock it for 15 minutes, with the answer a wrong password gets."""

import asyncio
import json

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from structlog.testing import capture_logs

from services.advisory.app import create_app as create_advisory
from services.visits.app import create_app as create_visits
from shared.db import create_sessionmaker
from shared.logging import configure_logging
from shared.models import Branch, Staff
from shared.models.org import LoginThrottle
from shared.roles import Role
from shared.settings import Settings, get_settings
from tests.builders import PASSWORD, auth, make_branch, make_staff
from tests.conftest import ClientFor

WRONG = "not the password"
LOCK_SECONDS = 15 * 60


async def login(
    client: httpx.AsyncClient, username: str, password: str
) -> httpx.Response:
    return await client.post(
        "/auth/token", data={"username": username, "password": password}
    )


async def fail(client: httpx.AsyncClient, username: str, times: int) -> None:
    for _ in range(times):
        response = await login(client, username, WRONG)
        assert response.status_code == 401
        assert "retry-after" not in response.headers


async def move_back(session: AsyncSession, staff: Staff, minutes: int) -> None:
    """Pretend the account's attempts happened `minutes` earlier."""
    await session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.staff_id == staff.id)
        .values(
            window_started_at=LoginThrottle.window_started_at
            - func.make_interval(0, 0, 0, 0, 0, minutes),
            locked_until=LoginThrottle.locked_until
            - func.make_interval(0, 0, 0, 0, 0, minutes),
        )
    )


@pytest.fixture
async def branch(session: AsyncSession) -> Branch:
    return await make_branch(session)


@pytest.fixture
async def staff(session: AsyncSession, branch: Branch) -> Staff:
    return await make_staff(session, branch, Role.CLIENT_MANAGER)


@pytest.fixture
def client(client_for: ClientFor) -> httpx.AsyncClient:
    return client_for(create_visits)


async def test_five_failures_lock_the_account_even_for_the_right_password(
    client: httpx.AsyncClient, staff: Staff
) -> None:
    wrong = await login(client, staff.username, WRONG)
    await fail(client, staff.username, 4)

    locked = await login(client, staff.username, PASSWORD)

    assert locked.status_code == 401
    assert locked.json() == wrong.json()
    assert locked.headers["content-type"] == wrong.headers["content-type"]
    assert locked.headers["www-authenticate"] == "Bearer"
    assert int(locked.headers["retry-after"]) == LOCK_SECONDS
    assert "access_token" not in locked.text


async def test_four_failures_still_let_the_right_password_in(
    client: httpx.AsyncClient, staff: Staff
) -> None:
    await fail(client, staff.username, 4)

    assert (await login(client, staff.username, PASSWORD)).status_code == 200


async def test_a_successful_login_starts_the_count_again(
    client: httpx.AsyncClient, staff: Staff
) -> None:
    await fail(client, staff.username, 4)
    assert (await login(client, staff.username, PASSWORD)).status_code == 200
    await fail(client, staff.username, 4)

    response = await login(client, staff.username, PASSWORD)

    assert response.status_code == 200


async def test_the_lock_counts_for_the_username_typed_in_any_case(
    client: httpx.AsyncClient, staff: Staff
) -> None:
    await fail(client, staff.username.upper(), 5)

    response = await login(client, staff.username, PASSWORD)

    assert response.status_code == 401
    assert "retry-after" in response.headers


async def test_the_lock_holds_across_services(
    client: httpx.AsyncClient, client_for: ClientFor, staff: Staff
) -> None:
    await fail(client, staff.username, 5)

    response = await login(client_for(create_advisory), staff.username, PASSWORD)

    assert response.status_code == 401
    assert "retry-after" in response.headers


async def test_the_lock_ends_after_fifteen_minutes(
    session: AsyncSession, client: httpx.AsyncClient, staff: Staff
) -> None:
    await fail(client, staff.username, 5)
    await move_back(session, staff, minutes=10)

    still_locked = await login(client, staff.username, PASSWORD)
    await move_back(session, staff, minutes=6)
    unlocked = await login(client, staff.username, PASSWORD)

    assert still_locked.status_code == 401
    assert int(still_locked.headers["retry-after"]) == 5 * 60
    assert unlocked.status_code == 200


async def test_failures_older_than_the_window_are_forgotten(
    session: AsyncSession, client: httpx.AsyncClient, staff: Staff
) -> None:
    await fail(client, staff.username, 4)
    await move_back(session, staff, minutes=16)
    await fail(client, staff.username, 4)

    response = await login(client, staff.username, PASSWORD)

    assert response.status_code == 200


async def test_a_lock_on_one_account_leaves_the_others_alone(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, staff: Staff
) -> None:
    colleague = await make_staff(session, branch, Role.CLIENT_MANAGER)
    await fail(client, staff.username, 5)

    assert (await login(client, colleague.username, PASSWORD)).status_code == 200


async def test_an_unknown_username_gets_the_plain_refusal_and_leaves_no_trace(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    rows_before = await session.scalar(select(func.count()).select_from(LoginThrottle))

    for _ in range(7):
        response = await login(client, "nobody-here", WRONG)
        assert response.status_code == 401
        assert "retry-after" not in response.headers

    rows_after = await session.scalar(select(func.count()).select_from(LoginThrottle))
    assert rows_after == rows_before


async def test_an_admin_setting_a_new_password_lifts_the_lock(
    session: AsyncSession, client: httpx.AsyncClient, branch: Branch, staff: Staff
) -> None:
    admin = await make_staff(session, branch, Role.ADMIN)
    await fail(client, staff.username, 5)

    reset = await client.post(
        f"/directory/staff/{staff.id}/password",
        headers=auth(admin),
        json={"password": "a fresh passphrase"},
    )
    response = await login(client, staff.username, "a fresh passphrase")

    assert reset.status_code == 204
    assert response.status_code == 200


async def test_the_lock_is_logged_with_the_staff_id_never_the_username(
    client: httpx.AsyncClient, staff: Staff, settings: Settings
) -> None:
    configure_logging(settings.model_copy(update={"log_level": "INFO"}))
    with capture_logs() as events:
        await fail(client, staff.username, 5)
        await login(client, staff.username, PASSWORD)
    configure_logging(settings)

    throttled = [e for e in events if e["event"] == "auth.login_throttled"]
    assert len(throttled) == 1
    assert throttled[0]["staff_id"] == staff.id
    assert staff.username not in json.dumps(events, ensure_ascii=False, default=str)


async def test_parallel_guesses_are_all_counted(fresh_database_url: str) -> None:
    engine = create_async_engine(fresh_database_url, pool_size=10)
    setup = async_sessionmaker(engine, expire_on_commit=False)
    async with setup() as session, session.begin():
        staff = await make_staff(session, await make_branch(session), Role.BROKER)
    settings = get_settings().model_copy(
        update={"database_url": fresh_database_url, "scheduler_enabled": False}
    )
    app = create_visits(settings)
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)

    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as client:
            # Eight guesses in flight at once: a count read and written back
            # by each request would lose most of them and never lock.
            guesses = await asyncio.gather(
                *(login(client, staff.username, WRONG) for _ in range(8))
            )
            after = await login(client, staff.username, PASSWORD)

        async with setup() as session:
            attempts = await session.scalar(
                select(LoginThrottle.attempts).where(LoginThrottle.staff_id == staff.id)
            )
    finally:
        await engine.dispose()

    assert [guess.status_code for guess in guesses] == [401] * 8
    assert sum("retry-after" in guess.headers for guess in guesses) == 3
    assert after.status_code == 401
    assert "retry-after" in after.headers
    assert attempts == 9
