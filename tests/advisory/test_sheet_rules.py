"""What a sheet accepts from whom: the client a manager may write for, the
ticket only a hand-off links, the client's own risk level, and the steps that
change nothing."""

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.app import create_app
from shared.models import RiskLevel
from shared.models.advisory import Sheet
from shared.roles import Role
from tests.advisory.builders import Desk, make_answered_sheet, make_desk, make_sheet
from tests.builders import auth, make_staff
from tests.conftest import ClientFor

ANSWER = {
    "overall_suggestion": "hold",
    "overall_analysis": "继续持有。",
    "risk_disclosure": "投资有风险。",
}


def locs(response: httpx.Response) -> list[list[object]]:
    return [error["loc"] for error in response.json()["errors"]]


async def sheets_of(session: AsyncSession, desk: Desk) -> int:
    count = await session.scalar(
        select(func.count()).where(Sheet.client_id == desk.client.id)
    )
    return count or 0


async def test_only_a_hotline_agents_hand_off_links_a_sheet_to_a_ticket(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    agent = await make_staff(session, desk.branch, Role.HOTLINE_AGENT)
    api = client_for(create_app)
    body = {"client_id": desk.client.id, "question": "?", "source_ticket_id": 404}

    by_manager = await api.post("/sheets", headers=auth(desk.manager), json=body)
    made = await sheets_of(session, desk)
    by_agent = await api.post("/sheets", headers=auth(agent), json=body)

    assert by_manager.status_code == 422
    assert locs(by_manager) == [["body", "source_ticket_id"]]
    assert made == 0
    assert by_agent.status_code == 201, by_agent.text
    assert by_agent.json()["source_ticket_id"] == 404


async def test_a_manager_writes_sheets_only_for_the_clients_they_manage(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    other_manager = await make_staff(session, desk.branch, Role.CLIENT_MANAGER)
    agent = await make_staff(session, desk.branch, Role.HOTLINE_AGENT)
    api = client_for(create_app)
    body = {"client_id": desk.client.id, "question": "?"}

    by_other = await api.post("/sheets", headers=auth(other_manager), json=body)
    made = await sheets_of(session, desk)
    by_own = await api.post("/sheets", headers=auth(desk.manager), json=body)
    by_agent = await api.post("/sheets", headers=auth(agent), json=body)

    # As if the client did not exist for them, like every record advisory
    # will not let the caller act on.
    assert by_other.status_code == 404
    assert made == 0
    assert by_own.status_code == 201
    assert by_agent.status_code == 201
    assert by_agent.json()["manager_id"] == desk.manager.id
    read = await api.get(f"/sheets/{by_own.json()['id']}", headers=auth(other_manager))
    assert read.status_code == 404


async def test_a_sheet_carries_the_clients_own_risk_level_and_no_other(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session, risk_level=RiskLevel.C1)
    api = client_for(create_app)
    manager = auth(desk.manager)
    body = {"client_id": desk.client.id, "question": "?"}

    falsified = await api.post(
        "/sheets", headers=manager, json={**body, "risk_level": "C5"}
    )
    repeated = await api.post(
        "/sheets", headers=manager, json={**body, "risk_level": "C1"}
    )
    sheet_id, etag = repeated.json()["id"], repeated.headers["ETag"]
    raised = await api.patch(
        f"/sheets/{sheet_id}",
        headers={**manager, "If-Match": etag},
        json={"risk_level": "C5"},
    )
    unchanged = await api.get(f"/sheets/{sheet_id}", headers=manager)

    assert falsified.status_code == 422
    assert locs(falsified) == [["body", "risk_level"]]
    assert repeated.status_code == 201
    assert repeated.json()["risk_level"] == "C1"
    assert raised.status_code == 422
    assert locs(raised) == [["body", "risk_level"]]
    assert unchanged.json()["risk_level"] == "C1"
    assert unchanged.headers["ETag"] == etag

    # The client is reassessed: the next edit of the draft, and its
    # submission, take the level the client has then.
    desk.client.risk_level = RiskLevel.C2
    await session.flush()
    edited = await api.patch(
        f"/sheets/{sheet_id}",
        headers={**manager, "If-Match": etag},
        json={"question": "重新评估后再问"},
    )
    desk.client.risk_level = RiskLevel.C3
    await session.flush()
    submitted = await api.post(f"/sheets/{sheet_id}/submit", headers=manager)

    assert edited.json()["risk_level"] == "C2"
    assert submitted.json()["risk_level"] == "C3"


async def test_an_edit_that_changes_nothing_is_no_step(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    draft = await make_sheet(session, desk, submit=False)
    api = client_for(create_app)
    read = await api.get(f"/sheets/{draft.id}", headers=auth(desk.manager))
    headers = {**auth(desk.manager), "If-Match": read.headers["ETag"]}
    same_lines = [
        {k: line[k] for k in ("code", "quantity", "cost_price")}
        for line in read.json()["holdings"]
    ]

    empty = await api.patch(f"/sheets/{draft.id}", headers=headers, json={})
    same = await api.patch(
        f"/sheets/{draft.id}",
        headers=headers,
        json={"question": read.json()["question"], "holdings": same_lines},
    )
    timeline = await api.get(f"/sheets/{draft.id}/timeline", headers=headers)

    for response in (empty, same):
        assert response.status_code == 200, response.text
        assert response.headers["ETag"] == read.headers["ETag"]
        assert response.json() == read.json()
    assert [step["kind"] for step in timeline.json()] == ["created"]


async def test_a_holding_answered_twice_is_refused_naming_the_second_row(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    await make_sheet(session, desk)
    api = client_for(create_app)
    claimed = await api.post("/queue/claim", headers=auth(desk.analyst))
    first, second = (line["id"] for line in claimed.json()["holdings"])
    lines = [
        {"holding_id": first, "analysis": "稳", "suggestion": "hold"},
        {"holding_id": second, "analysis": "稳", "suggestion": "hold"},
        {"holding_id": first, "analysis": "改主意了", "suggestion": "exit"},
    ]

    response = await api.post(
        f"/sheets/{claimed.json()['id']}/answer",
        headers=auth(desk.analyst),
        json={**ANSWER, "holdings": lines},
    )

    assert response.status_code == 422
    assert locs(response) == [["body", "holdings", 2, "holding_id"]]
    assert response.json()["errors"][0]["type"] == "duplicate_holding"


async def test_half_a_research_citation_names_the_missing_field(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    await make_sheet(session, desk, holdings=[])
    api = client_for(create_app)
    claimed = await api.post("/queue/claim", headers=auth(desk.analyst))
    path = f"/sheets/{claimed.json()['id']}/answer"

    no_date = await api.post(
        path,
        headers=auth(desk.analyst),
        json={**ANSWER, "research_publisher": "某研究所"},
    )
    no_publisher = await api.post(
        path, headers=auth(desk.analyst), json={**ANSWER, "research_date": "2026-11-20"}
    )

    assert no_date.status_code == 422
    assert locs(no_date) == [["body", "research_date"]]
    assert no_publisher.status_code == 422
    assert locs(no_publisher) == [["body", "research_publisher"]]


async def test_a_second_confirmation_by_the_same_side_is_a_409(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    sheet = await make_answered_sheet(session, desk)
    api = client_for(create_app)
    path = f"/sheets/{sheet.id}/deliveries"

    first = await api.post(path, headers=auth(desk.manager), json={"channel": "phone"})
    again = await api.post(
        path, headers=auth(desk.manager), json={"channel": "in_person"}
    )
    timeline = await api.get(f"/sheets/{sheet.id}/timeline", headers=auth(desk.manager))

    assert first.status_code == 200
    assert again.status_code == 409
    assert again.json()["type"].endswith("delivery-already-confirmed")
    assert "already" in again.json()["detail"]
    kinds = [step["kind"] for step in timeline.json()]
    assert kinds.count("delivery_confirmed") == 1
    read = await api.get(f"/sheets/{sheet.id}", headers=auth(desk.manager))
    assert read.json()["manager_channel"] == "phone"
    assert read.headers["ETag"] == first.headers["ETag"]
