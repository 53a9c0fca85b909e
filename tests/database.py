"""Test databases: one server per run, a migrated template, cheap copies.

The server is TEST_DATABASE_URL's when it is set, otherwise an embedded
PostgreSQL started for the run. The template database is built once by
running the real migrations; every other database is a copy of it.
"""

import asyncio
import os
import tempfile
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from launcher.migrate import upgrade_to_head
from shared.settings import Settings

_admin_thread = ThreadPoolExecutor(max_workers=1)


def server_url() -> str:
    """An asyncpg URL of the test server's maintenance database."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        return Settings(database_url=configured).database_url

    from launcher.embedded_postgres import start_embedded_postgres

    data_dir = Path(tempfile.gettempdir()) / "branchdesk-test-postgres"
    return start_embedded_postgres(data_dir / "data")


def with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _dsn(url: str) -> str:
    return (
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


async def _execute(url: str, statements: tuple[str, ...]) -> None:
    connection = await asyncpg.connect(_dsn(url))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def admin_sql(url: str, *statements: str) -> None:
    """Run statements outside any event loop of the tests (CREATE DATABASE
    cannot run in a transaction, and the tests' loop may be busy)."""
    _admin_thread.submit(asyncio.run, _execute(url, statements)).result()


def create_template(server: str) -> str:
    name = f"bd_template_{uuid.uuid4().hex[:10]}"
    admin_sql(server, f'CREATE DATABASE "{name}"')
    _admin_thread.submit(upgrade_to_head, with_database(server, name)).result()
    return name


@contextmanager
def database_copy(server: str, template: str) -> Iterator[str]:
    """A database of its own, copied from the migrated template, dropped after."""
    name = f"bd_test_{uuid.uuid4().hex[:10]}"
    admin_sql(server, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield with_database(server, name)
    finally:
        admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_database(server: str, name: str) -> None:
    admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
