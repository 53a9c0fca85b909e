"""Database refusals caused by a request become 4xx problems, and the
database's own message, which quotes the refused row, never reaches the logs."""

import json

from fastapi import APIRouter, FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from structlog.testing import capture_logs

from shared.app import create_service_app
from shared.db import SessionDep
from shared.errors import Conflict
from shared.logging import configure_logging
from shared.models import Branch
from shared.settings import Settings
from tests.conftest import ClientFor

SECRET_CODE = "13800138000"

router = APIRouter()


@router.post("/branches/{code}")
async def open_branch_without_checking(code: str, session: SessionDep) -> dict:
    # Two requests racing past a service's duplicate check look like this.
    session.add(Branch(code=code, name="分支"))
    await session.flush()
    return {"code": code}


@router.get("/numbers/{value}")
async def compare_to_a_small_integer(value: int, session: SessionDep) -> dict:
    result = await session.scalar(
        text("SELECT CAST(:value AS integer)"), {"value": value}
    )
    return {"value": result}


@router.post("/failing")
async def fail_inside_the_database(session: SessionDep) -> dict:
    await session.execute(
        text("SELECT 1 / 0 WHERE CAST(:secret AS text) <> ''"), {"secret": SECRET_CODE}
    )
    return {}


def create_probe_app(settings: Settings) -> FastAPI:
    return create_service_app(
        "probe", title="probe", routers=[router], settings=settings
    )


async def test_a_unique_violation_is_a_409_naming_the_constraint(
    session: AsyncSession, client_for: ClientFor
) -> None:
    client = client_for(create_probe_app)

    first = await client.post("/branches/BR-TWICE")
    second = await client.post("/branches/BR-TWICE")

    assert first.status_code == 200
    assert second.status_code == 409
    assert "uq_branches_code" in second.json()["detail"]
    assert "Key (" not in second.text


async def test_a_number_the_database_cannot_take_is_a_422(
    client_for: ClientFor,
) -> None:
    response = await client_for(create_probe_app).get(f"/numbers/{2**40}")

    assert response.status_code == 422
    assert "out of range" in response.json()["detail"]


async def test_a_database_failure_is_a_500_whose_log_omits_the_parameters(
    client_for: ClientFor, settings: Settings
) -> None:
    client = client_for(create_probe_app)
    configure_logging(settings.model_copy(update={"log_level": "INFO"}))

    with capture_logs() as events:
        response = await client.post("/failing")
    configure_logging(settings)

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    failure = next(e for e in events if e["event"] == "request.failed")
    assert failure["sqlstate"] == "22012"
    assert SECRET_CODE not in json.dumps(events, default=str)


def test_an_error_cannot_overwrite_the_problems_own_members() -> None:
    try:
        Conflict("A closed ticket cannot move.", status="closed")
    except TypeError as exc:
        assert "status" in str(exc)
    else:
        raise AssertionError("a clashing member was accepted")
