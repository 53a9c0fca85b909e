import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.app import create_app as create_visits
from shared.roles import Role
from tests.builders import auth, make_branch, make_staff
from tests.conftest import ClientFor

PROBLEM = "application/problem+json"


@pytest.fixture
async def admin_headers(session: AsyncSession) -> dict[str, str]:
    branch = await make_branch(session)
    return auth(await make_staff(session, branch, Role.ADMIN))


async def test_bad_input_gets_422_problem_json_naming_the_field(
    client_for: ClientFor, admin_headers: dict[str, str]
) -> None:
    response = await client_for(create_visits).post(
        "/directory/rooms",
        headers=admin_headers,
        json={"name": "中户室三", "kind": "attic"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == 422
    assert body["errors"][0]["loc"] == ["body", "kind"]
    assert "body.kind" in body["detail"]


@pytest.mark.parametrize(
    "name",
    ["大户室\x00D", "x" * 100_000],
    ids=["nul-byte", "100k-characters"],
)
async def test_hostile_text_gets_a_4xx_not_a_500(
    client_for: ClientFor, admin_headers: dict[str, str], name: str
) -> None:
    response = await client_for(create_visits).post(
        "/directory/rooms", headers=admin_headers, json={"name": name, "kind": "large"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "name"]


async def test_a_nul_byte_in_a_query_parameter_gets_422(
    client_for: ClientFor, admin_headers: dict[str, str]
) -> None:
    response = await client_for(create_visits).get(
        "/directory/clients", headers=admin_headers, params={"search": "李\x00"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "search"]


async def test_a_nul_byte_in_the_login_form_gets_422(client_for: ClientFor) -> None:
    response = await client_for(create_visits).post(
        "/auth/token", data={"username": "admin\x00", "password": "x"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "username"]


async def test_a_malformed_json_body_gets_422(
    client_for: ClientFor, admin_headers: dict[str, str]
) -> None:
    response = await client_for(create_visits).post(
        "/directory/rooms",
        headers={**admin_headers, "content-type": "application/json"},
        content=b'{"name": ',
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


async def test_an_unknown_path_gets_404_problem_json(client_for: ClientFor) -> None:
    response = await client_for(create_visits).get("/no/such/thing")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


async def test_a_duplicate_gets_409_saying_what_clashed(
    client_for: ClientFor, admin_headers: dict[str, str]
) -> None:
    client = client_for(create_visits)
    room = {"name": "VIP室三", "kind": "vip"}

    first = await client.post("/directory/rooms", headers=admin_headers, json=room)
    second = await client.post("/directory/rooms", headers=admin_headers, json=room)

    assert first.status_code == 201
    assert second.status_code == 409
    assert "VIP室三" in second.json()["detail"]


async def test_every_response_carries_a_request_id(client_for: ClientFor) -> None:
    response = await client_for(create_visits).get(
        "/healthz", headers={"X-Request-ID": "abc123"}
    )

    assert response.headers["x-request-id"] == "abc123"


async def test_the_problem_instance_keeps_the_public_prefix_behind_a_proxy(
    client_for: ClientFor, settings
) -> None:
    behind_proxy = settings.model_copy(update={"root_path": "/api/visits"})
    client = client_for(lambda _: create_visits(behind_proxy))

    response = await client.get("/no/such/thing")

    assert response.json()["instance"] == "/api/visits/no/such/thing"


async def test_behind_a_proxy_the_openapi_names_the_public_prefix(
    client_for: ClientFor, settings
) -> None:
    behind_proxy = settings.model_copy(update={"root_path": "/api/visits"})
    client = client_for(lambda _: create_visits(behind_proxy))

    document = (await client.get("/openapi.json")).json()

    assert document["servers"] == [{"url": "/api/visits"}]


async def test_a_field_error_names_its_limit_so_clients_can_translate_it(
    client_for: ClientFor, admin_headers: dict[str, str]
) -> None:
    response = await client_for(create_visits).post(
        "/directory/rooms",
        headers=admin_headers,
        json={"name": "x" * 101, "kind": "vip"},
    )

    error = response.json()["errors"][0]
    assert error["type"] == "string_too_long"
    assert error["ctx"] == {"max_length": "100"}


async def test_free_text_that_draws_nothing_is_refused(
    client_for: ClientFor, admin_headers: dict[str, str]
) -> None:
    response = await client_for(create_visits).get(
        "/directory/clients",
        headers=admin_headers,
        params={"search": "\u200b\u200b\ufeff"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "text_invisible"
