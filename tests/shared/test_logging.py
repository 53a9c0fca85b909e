import json

from sqlalchemy.ext.asyncio import AsyncSession
from structlog.testing import capture_logs

from services.visits.app import create_app as create_visits
from shared.logging import configure_logging
from shared.roles import Role
from shared.settings import Settings
from tests.builders import PASSWORD, auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor


async def test_logs_carry_ids_and_never_personal_data(
    session: AsyncSession, client_for: ClientFor, settings: Settings
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER, name="欧阳娜娜")
    record = await make_client(session, branch)
    client = client_for(create_visits)
    configure_logging(settings.model_copy(update={"log_level": "INFO"}))

    with capture_logs() as events:
        await client.post(
            "/auth/token", data={"username": manager.username, "password": PASSWORD}
        )
        await client.get(
            "/directory/clients",
            params={"search": record.full_name},
            headers=auth(manager),
        )
        await client.get(f"/directory/clients/{record.id}", headers=auth(manager))

    configure_logging(settings)
    logged = json.dumps(events, ensure_ascii=False, default=str)
    assert any(e["event"] == "request.finished" for e in events)
    assert any(
        e["event"] == "auth.login" and e["staff_id"] == manager.id for e in events
    )
    for personal in (
        record.full_name,
        record.phone,
        record.id_number,
        record.account_no,
        manager.full_name,
        manager.username,
    ):
        assert personal not in logged
