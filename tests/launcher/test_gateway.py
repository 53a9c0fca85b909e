import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from launcher.demo.core import DEMO_PASSWORD, load_core_demo
from launcher.gateway import create_app
from shared.settings import Settings


async def test_one_server_serves_the_spa_login_and_all_three_services(
    fresh_database_url: str, settings: Settings
) -> None:
    engine = create_async_engine(fresh_database_url)
    async with async_sessionmaker(engine)() as session, session.begin():
        await load_core_demo(session, scale=0.01)
    await engine.dispose()
    app = create_app(settings.model_copy(update={"database_url": fresh_database_url}))

    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as client,
    ):
        page = await client.get("/")
        unknown = await client.get("/api/nowhere")
        login = await client.post(
            "/api/auth/token",
            data={"username": "supervisor1", "password": DEMO_PASSWORD},
        )
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        services = {}
        for service in ("visits", "advisory", "hotline"):
            services[service] = (
                (await client.get(f"/api/{service}/readyz")).status_code,
                (await client.get(f"/api/{service}/openapi.json")).status_code,
                (
                    await client.get(f"/api/{service}/directory/rooms", headers=headers)
                ).json()["total"],
            )

    assert page.status_code == 200
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert "text/html" in page.headers["content-type"]
    assert login.status_code == 200
    assert services == {s: (200, 200, 8) for s in ("visits", "advisory", "hotline")}
