"""Fixtures every test can use: a real PostgreSQL, migrated by the real
Alembic history, and each test isolated in a transaction rolled back after it.

- `session`: an AsyncSession inside the test's transaction.
- `client_for(create_app)`: an httpx client to a service app whose requests
  run inside the same transaction (their commits become savepoints).
- `fresh_database_url`: a database of the test's own, with real commits, for
  tests of concurrency, scheduled jobs and the browser.
"""

import os
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from shared.settings import Settings, get_settings
from tests.database import create_template, database_copy, drop_database, server_url

os.environ.setdefault("BRANCHDESK_SCHEDULER_ENABLED", "false")
os.environ.setdefault("BRANCHDESK_LOG_FORMAT", "console")
os.environ.setdefault("BRANCHDESK_LOG_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def database_server() -> str:
    return server_url()


@pytest.fixture(scope="session")
def template_database(database_server: str) -> Iterator[str]:
    name = create_template(database_server)
    yield name
    drop_database(database_server, name)


@pytest.fixture(scope="session")
def database_url(database_server: str, template_database: str) -> Iterator[str]:
    with database_copy(database_server, template_database) as url:
        yield url


@pytest.fixture
def fresh_database_url(database_server: str, template_database: str) -> Iterator[str]:
    with database_copy(database_server, template_database) as url:
        yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return get_settings().model_copy(
        update={"database_url": database_url, "scheduler_enabled": False}
    )


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        bind=connection,
        expire_on_commit=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


ClientFor = Callable[[Callable[[Settings], FastAPI]], httpx.AsyncClient]


@pytest.fixture
async def client_for(
    settings: Settings,
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[ClientFor]:
    clients: list[httpx.AsyncClient] = []

    def build(create_app: Callable[[Settings], FastAPI]) -> httpx.AsyncClient:
        app = create_app(settings)
        app.state.engine = engine
        app.state.sessionmaker = sessionmaker
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        )
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()
