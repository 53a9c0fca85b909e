import io

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.app import create_app
from shared.models import Client, Room
from shared.roles import Role
from tests.builders import auth, make_branch, make_staff
from tests.conftest import ClientFor

CLIENT_HEADER = (
    "full_name,phone,id_number,account_no,tier,segment,risk_level,opened_on,"
    "manager_username,room_name"
)


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def _count(session: AsyncSession, model: type, branch_id: int) -> int:
    return (
        await session.scalar(
            select(func.count()).select_from(model).where(model.branch_id == branch_id)
        )
        or 0
    )


async def test_a_client_file_with_one_bad_row_imports_nothing_and_names_the_row(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    csv_text = "\n".join(
        [
            CLIENT_HEADER,
            f"陈静,13900001111,310101198001011234,880000000001,large,on_site,C3,"
            f"2019-05-06,{manager.username},",
            "刘洋,13900002222,310101198001011235,880000000002,huge,on_site,C3,"
            "2019-05-06,,",
            "赵磊,13900003333,310101198001011236,880000000003,medium,off_site,C2,"
            "2020-01-02,,",
        ]
    )

    response = await client_for(create_app).post(
        "/imports/clients",
        headers=auth(supervisor),
        files={"file": ("clients.csv", csv_text.encode(), "text/csv")},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["loc"] for error in response.json()["errors"]] == [
        ["file", "row", 3, "tier"]
    ]
    assert "(3)" in response.json()["detail"]
    assert await _count(session, Client, branch.id) == 0


async def test_a_good_client_spreadsheet_imports_every_row(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    admin = await make_staff(session, branch, Role.ADMIN)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    content = _xlsx(
        [
            CLIENT_HEADER.split(","),
            [
                "陈静",
                13900001111,
                "310101198001011234",
                "880000000011",
                "large",
                "on_site",
                "C3",
                "2019-05-06",
                manager.username,
                None,
            ],
            [
                "赵磊",
                "13900003333",
                "31010119800101123X",
                "880000000012",
                "medium",
                "off_site",
                "C2",
                "2020-01-02",
                None,
                None,
            ],
        ]
    )

    response = await client_for(create_app).post(
        "/imports/clients",
        headers=auth(admin),
        files={"file": ("clients.xlsx", content, "application/octet-stream")},
    )

    assert response.status_code == 200, response.text
    assert response.json() == {"imported": 2}
    imported = list(
        await session.scalars(select(Client).where(Client.branch_id == branch.id))
    )
    assert {c.manager_id for c in imported} == {manager.id, None}


async def test_a_room_file_with_a_duplicate_imports_nothing(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    http = client_for(create_app)
    bad = _xlsx([["name", "kind"], ["大户室D", "large"], ["大户室D", "large"]])
    good = "name,kind\n中户室三,medium\nVIP室三,vip\n".encode()

    refused = await http.post(
        "/imports/rooms",
        headers=auth(supervisor),
        files={"file": ("rooms.xlsx", bad, "application/octet-stream")},
    )
    rooms_after_refusal = await _count(session, Room, branch.id)
    accepted = await http.post(
        "/imports/rooms",
        headers=auth(supervisor),
        files={"file": ("rooms.csv", good, "text/csv")},
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["file", "row", 3, "name"]
    assert rooms_after_refusal == 0
    assert accepted.json() == {"imported": 2}


async def test_a_client_manager_may_not_import(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)

    response = await client_for(create_app).post(
        "/imports/rooms",
        headers=auth(manager),
        files={"file": ("rooms.csv", b"name,kind\nx,hall\n", "text/csv")},
    )

    assert response.status_code == 403


async def test_a_file_without_rows_or_with_an_unknown_column_is_refused(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    http = client_for(create_app)

    async def send(content: bytes):
        return await http.post(
            "/imports/rooms",
            headers=auth(supervisor),
            files={"file": ("rooms.csv", content, "text/csv")},
        )

    header_only = await send(b"name,kind\n")
    misspelt = await send("name,knd\n大户室E,large\n".encode())

    assert header_only.status_code == 422
    assert "no rows" in header_only.json()["detail"]
    assert misspelt.status_code == 422
    assert "knd" in misspelt.json()["detail"]
    assert await _count(session, Room, branch.id) == 0
