from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.app import create_app as create_advisory
from shared.models import Client
from shared.roles import Role
from shared.scoping import ALL_BRANCHES, scope_session_to_branch
from tests.builders import auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor


async def test_another_branchs_client_answers_404(
    session: AsyncSession, client_for: ClientFor
) -> None:
    mine = await make_branch(session, "本营业部")
    theirs = await make_branch(session, "他营业部")
    manager = await make_staff(session, mine, Role.CLIENT_MANAGER)
    their_client = await make_client(session, theirs)
    client = client_for(create_advisory)

    response = await client.get(
        f"/directory/clients/{their_client.id}", headers=auth(manager)
    )

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_lists_show_only_the_callers_branch(
    session: AsyncSession, client_for: ClientFor
) -> None:
    mine = await make_branch(session)
    theirs = await make_branch(session)
    manager = await make_staff(session, mine, Role.CLIENT_MANAGER)
    own = await make_client(session, mine)
    await make_client(session, theirs)

    response = await client_for(create_advisory).get(
        "/directory/clients", headers=auth(manager)
    )

    assert [item["id"] for item in response.json()["items"]] == [own.id]
    assert response.json()["total"] == 1


async def test_head_office_supervisors_see_every_branch(
    session: AsyncSession, client_for: ClientFor
) -> None:
    mine = await make_branch(session)
    theirs = await make_branch(session)
    head_office = await make_staff(session, mine, Role.SUPERVISOR)
    head_office.is_head_office = True
    their_client = await make_client(session, theirs)

    response = await client_for(create_advisory).get(
        f"/directory/clients/{their_client.id}", headers=auth(head_office)
    )

    assert response.status_code == 200


async def test_personal_data_is_masked_for_roles_that_do_not_need_it(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    analyst = await make_staff(session, branch, Role.ANALYST, qualification="A1234567")
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    client_record = await make_client(session, branch)
    client = client_for(create_advisory)
    path = f"/directory/clients/{client_record.id}"

    seen_by_analyst = (await client.get(path, headers=auth(analyst))).json()
    seen_by_manager = (await client.get(path, headers=auth(manager))).json()

    assert seen_by_analyst["phone"] == "138****5678"
    assert seen_by_analyst["full_name"] == "李*"
    assert "1990" not in seen_by_analyst["id_number"]
    assert seen_by_manager["phone"] == "13812345678"


async def test_a_query_may_look_across_branches_when_it_says_so(
    session: AsyncSession,
) -> None:
    mine = await make_branch(session)
    theirs = await make_branch(session)
    await make_client(session, theirs)
    scope_session_to_branch(session, mine.id)

    scoped = await session.scalar(select(func.count()).select_from(Client))
    everywhere = await session.scalar(
        select(func.count()).select_from(Client).execution_options(**ALL_BRANCHES)
    )

    assert scoped == 0
    assert everywhere >= 1


async def test_a_masked_role_may_not_search_clients_by_name_or_account(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    analyst = await make_staff(session, branch, Role.ANALYST, qualification="A1234567")
    record = await make_client(session, branch)

    response = await client_for(create_advisory).get(
        "/directory/clients",
        params={"search": record.account_no},
        headers=auth(analyst),
    )

    assert response.status_code == 403


async def test_search_wildcards_are_matched_literally(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    await make_client(session, branch)
    client = client_for(create_advisory)

    everything = await client.get(
        "/directory/clients", params={"search": "%"}, headers=auth(manager)
    )
    by_name = await client.get(
        "/directory/clients", params={"search": "李"}, headers=auth(manager)
    )

    assert everything.json()["total"] == 0
    assert by_name.json()["total"] == 1


async def test_clients_can_be_listed_for_one_manager(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    colleague = await make_staff(session, branch, Role.CLIENT_MANAGER)
    own = await make_client(session, branch, manager=manager)
    await make_client(session, branch, manager=colleague)

    response = await client_for(create_advisory).get(
        "/directory/clients", params={"manager_id": manager.id}, headers=auth(manager)
    )

    assert [item["id"] for item in response.json()["items"]] == [own.id]
