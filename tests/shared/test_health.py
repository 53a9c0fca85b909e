from sqlalchemy.ext.asyncio import create_async_engine

from services.advisory.app import create_app as create_advisory
from services.hotline.app import create_app as create_hotline
from services.visits.app import create_app as create_visits
from tests.conftest import ClientFor


async def test_each_service_is_alive_and_ready(client_for: ClientFor) -> None:
    for create_app in (create_visits, create_advisory, create_hotline):
        client = client_for(create_app)

        assert (await client.get("/healthz")).status_code == 200
        assert (await client.get("/readyz")).json()["status"] == "ready"


async def test_readyz_says_503_when_the_database_is_unreachable(
    client_for: ClientFor,
) -> None:
    client = client_for(create_visits)
    unreachable = create_async_engine(
        "postgresql+asyncpg://nobody@127.0.0.1:1/none", connect_args={"timeout": 2}
    )
    client._transport.app.state.engine = unreachable  # type: ignore[attr-defined]

    response = await client.get("/readyz")

    assert response.status_code == 503
    assert (await client.get("/healthz")).status_code == 200
    await unreachable.dispose()
