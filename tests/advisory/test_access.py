"""Who sees a sheet or a report (services/advisory/sheets/access.py): its
parties and supervisors. Anyone else in the branch gets the 404 another
branch's record gets, on reads and on actions, and lists leave it out."""

from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.app import create_app
from shared.models import Client, ClientSegment, Staff
from shared.models.advisory import Sheet
from shared.roles import Role
from tests.advisory.builders import Desk, make_desk, make_sheet
from tests.builders import auth, make_client, make_staff
from tests.conftest import ClientFor

ANSWER = {
    "overall_suggestion": "hold",
    "overall_analysis": "仓位适中，继续持有。",
    "risk_disclosure": "投资有风险，入市需谨慎。",
    # Above the C3 client's level, so the answer is flagged.
    "advice_risk_level": "C5",
}

NO_SUCH_SHEET = 2**31 - 1

# Every action on one sheet, each with a body it would accept.
SHEET_ACTIONS: list[tuple[str, str, dict[str, object] | None]] = [
    ("PATCH", "/sheets/{id}", {"question": "改"}),
    ("POST", "/sheets/{id}/submit", None),
    ("POST", "/sheets/{id}/cancel", {"reason": "撤回"}),
    ("POST", "/sheets/{id}/answer", {**ANSWER, "holdings": []}),
    ("POST", "/sheets/{id}/deliveries", {"channel": "phone"}),
    ("POST", "/sheets/{id}/feedback", {"score": 4}),
    ("POST", "/queue/{id}/release", None),
]


@dataclass
class Floor:
    """A branch where two managers each have a client: `desk` holds the first
    manager, their client (whose broker is `broker`) and an analyst."""

    desk: Desk
    broker: Staff
    other_manager: Staff
    other_client: Client
    supervisor: Staff

    def other_desk(self) -> Desk:
        return Desk(
            self.desk.branch, self.other_manager, self.desk.analyst, self.other_client
        )


async def make_floor(session: AsyncSession) -> Floor:
    desk = await make_desk(session)
    broker = await make_staff(session, desk.branch, Role.BROKER)
    desk.client.broker_id = broker.id
    other_manager = await make_staff(session, desk.branch, Role.CLIENT_MANAGER)
    other_client = await make_client(session, desk.branch, manager=other_manager)
    supervisor = await make_staff(session, desk.branch, Role.SUPERVISOR)
    await session.flush()
    return Floor(desk, broker, other_manager, other_client, supervisor)


async def listed(
    api: httpx.AsyncClient, staff: Staff, path: str = "/sheets"
) -> set[int]:
    response = await api.get(path, headers=auth(staff), params={"limit": 200})
    assert response.status_code == 200, response.text
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    return {item["id"] for item in items}


async def assert_sees(api: httpx.AsyncClient, staff: Staff, sheet: Sheet) -> None:
    read = await api.get(f"/sheets/{sheet.id}", headers=auth(staff))
    timeline = await api.get(f"/sheets/{sheet.id}/timeline", headers=auth(staff))

    assert read.status_code == 200, read.text
    assert timeline.status_code == 200, timeline.text
    assert sheet.id in await listed(api, staff)


async def assert_unseen(api: httpx.AsyncClient, staff: Staff, sheet: Sheet) -> None:
    """404 on every read and action, and in no list, as if of another branch."""
    read = await api.get(f"/sheets/{sheet.id}", headers=auth(staff))
    timeline = await api.get(f"/sheets/{sheet.id}/timeline", headers=auth(staff))

    assert read.status_code == 404, read.text
    assert read.json()["detail"] == f"Sheet {sheet.id} was not found."
    assert timeline.status_code == 404
    for method, path, body in SHEET_ACTIONS:
        answers = [
            await api.request(
                method,
                path.format(id=sheet_id),
                headers={**auth(staff), "If-Match": "*"},
                json=body,
            )
            for sheet_id in (sheet.id, NO_SUCH_SHEET)
        ]
        # A role that may never take the step is refused before any sheet is
        # looked for; either way the answer is the one a missing sheet gets.
        real, missing = ((r.status_code, r.json()["type"]) for r in answers)
        assert real == missing, (method, path, answers[0].text)
    assert sheet.id not in await listed(api, staff)
    attention = (await api.get("/sheets/attention", headers=auth(staff))).json()
    assert sheet.id not in {
        s["id"] for s in attention["late"] + attention["undelivered"]
    }


async def claim_and_answer(
    api: httpx.AsyncClient, analyst: Staff, sheet: Sheet
) -> httpx.Response:
    claimed = await api.post("/queue/claim", headers=auth(analyst))
    assert claimed.json()["id"] == sheet.id, claimed.text
    lines = [
        {"holding_id": line["id"], "analysis": "估值合理", "suggestion": "hold"}
        for line in claimed.json()["holdings"]
    ]
    answered = await api.post(
        f"/sheets/{sheet.id}/answer",
        headers=auth(analyst),
        json={**ANSWER, "holdings": lines},
    )
    assert answered.status_code == 200, answered.text
    return answered


async def test_a_manager_sees_their_clients_sheets_and_not_another_managers(
    session: AsyncSession, client_for: ClientFor
) -> None:
    floor = await make_floor(session)
    mine = await make_sheet(session, floor.desk, submit=False)
    theirs = await make_sheet(session, floor.other_desk(), submit=False)
    api = client_for(create_app)

    await assert_sees(api, floor.desk.manager, mine)
    await assert_unseen(api, floor.desk.manager, theirs)
    await assert_sees(api, floor.other_manager, theirs)
    await assert_unseen(api, floor.other_manager, mine)

    # The refused actions changed nothing.
    await session.refresh(theirs)
    assert (theirs.status.value, theirs.version) == ("draft", 1)


async def test_the_clients_broker_sees_its_sheets_and_no_other_clients(
    session: AsyncSession, client_for: ClientFor
) -> None:
    floor = await make_floor(session)
    theirs = await make_sheet(session, floor.other_desk())
    ours = await make_sheet(session, floor.desk)
    other_broker = await make_staff(session, floor.desk.branch, Role.BROKER)
    api = client_for(create_app)

    await assert_sees(api, floor.broker, ours)
    await assert_unseen(api, floor.broker, theirs)
    await assert_unseen(api, other_broker, ours)


async def test_a_queued_sheet_is_seen_by_every_qualified_analyst_until_claimed(
    session: AsyncSession, client_for: ClientFor
) -> None:
    floor = await make_floor(session)
    claimer = floor.desk.analyst
    second = await make_staff(
        session, floor.desk.branch, Role.ANALYST, qualification="A2"
    )
    third = await make_staff(
        session, floor.desk.branch, Role.ANALYST, qualification="A3"
    )
    trainee = await make_staff(session, floor.desk.branch, Role.ANALYST)
    draft = await make_sheet(session, floor.desk, submit=False)
    queued = await make_sheet(session, floor.desk)
    api = client_for(create_app)

    for analyst in (claimer, second, third):
        await assert_sees(api, analyst, queued)
        assert await listed(api, analyst, "/queue") == {queued.id}
        await assert_unseen(api, analyst, draft)
    # Without a qualification there is no picking sheets up, so nothing to see.
    await assert_unseen(api, trainee, queued)
    assert await listed(api, trainee, "/queue") == set()

    await api.post("/queue/claim", headers=auth(second))

    await assert_sees(api, second, queued)
    await assert_unseen(api, third, queued)
    await assert_unseen(api, claimer, queued)
    assert await listed(api, third, "/queue") == set()


async def test_the_analyst_who_answered_keeps_seeing_the_sheet_and_the_others_do_not(
    session: AsyncSession, client_for: ClientFor
) -> None:
    floor = await make_floor(session)
    other = await make_staff(
        session, floor.desk.branch, Role.ANALYST, qualification="A2"
    )
    sheet = await make_sheet(session, floor.desk)
    api = client_for(create_app)

    await claim_and_answer(api, floor.desk.analyst, sheet)

    await assert_sees(api, floor.desk.analyst, sheet)
    await assert_unseen(api, other, sheet)
    read = await api.get(f"/sheets/{sheet.id}", headers=auth(floor.desk.analyst))
    assert read.json()["overall_analysis"] == ANSWER["overall_analysis"]


async def test_supervisors_see_every_sheet_the_managers_see_in_part(
    session: AsyncSession, client_for: ClientFor
) -> None:
    floor = await make_floor(session)
    mine = await make_sheet(session, floor.desk)
    theirs = await make_sheet(session, floor.other_desk())
    api = client_for(create_app)

    await assert_sees(api, floor.supervisor, mine)
    await assert_sees(api, floor.supervisor, theirs)
    late = (await api.get("/sheets/attention", headers=auth(floor.supervisor))).json()
    assert {s["id"] for s in late["late"]} == {mine.id, theirs.id}
    assert await listed(api, floor.desk.manager) == {mine.id}


async def test_the_hotline_agent_follows_a_handoff_but_does_not_read_the_advice(
    session: AsyncSession, client_for: ClientFor
) -> None:
    floor = await make_floor(session)
    agent = await make_staff(session, floor.desk.branch, Role.HOTLINE_AGENT)
    other_agent = await make_staff(session, floor.desk.branch, Role.HOTLINE_AGENT)
    api = client_for(create_app)
    created = await api.post(
        "/sheets",
        headers=auth(agent),
        json={
            "client_id": floor.desk.client.id,
            "question": "电话咨询：茅台要不要减仓？",
            "holdings": [{"code": "600519", "quantity": 100, "cost_price": "1500"}],
            "source_ticket_id": 41,
            "submit": True,
        },
    )
    sheet = await session.get(Sheet, created.json()["id"])
    assert sheet is not None
    await claim_and_answer(api, floor.desk.analyst, sheet)

    followed = await api.get(f"/sheets/{sheet.id}", headers=auth(agent))
    steps = await api.get(f"/sheets/{sheet.id}/timeline", headers=auth(agent))
    by_ticket = await api.get("/sheets?source_ticket_id=41", headers=auth(agent))
    flagged = await api.get("/sheets?risk_flagged=true", headers=auth(agent))
    for_manager = await api.get(f"/sheets/{sheet.id}", headers=auth(floor.desk.manager))
    for_broker = await api.get(f"/sheets/{sheet.id}", headers=auth(floor.broker))
    manager_steps = await api.get(
        f"/sheets/{sheet.id}/timeline", headers=auth(floor.desk.manager)
    )

    assert followed.status_code == 200, followed.text
    view = followed.json()
    assert view["status"] == "answered"
    assert view["answered_at"] is not None
    assert view["question"] == "电话咨询：茅台要不要减仓？"
    assert [h["code"] for h in view["holdings"]] == ["600519"]
    assert view["overall_analysis"] is None
    assert view["overall_suggestion"] is None
    assert view["risk_disclosure"] is None
    assert view["risk_flag"] is None
    assert view["holdings"][0]["analysis"] is None
    assert view["holdings"][0]["suggestion"] is None
    answered = [e for e in steps.json() if e["kind"] == "answered"]
    assert answered and answered[0]["note"] is None
    assert [s["id"] for s in by_ticket.json()["items"]] == [sheet.id]
    assert by_ticket.json()["items"][0]["risk_flag"] is None
    assert flagged.json()["total"] == 0

    for full in (for_manager.json(), for_broker.json()):
        assert full["overall_analysis"] == ANSWER["overall_analysis"]
        assert full["holdings"][0]["analysis"] == "估值合理"
        assert "C5" in full["risk_flag"]
    assert any(e["note"] for e in manager_steps.json() if e["kind"] == "answered")

    await assert_unseen(api, other_agent, sheet)


async def test_a_report_is_seen_by_its_analyst_the_clients_people_and_supervisors(
    session: AsyncSession, client_for: ClientFor
) -> None:
    floor = await make_floor(session)
    second = await make_staff(
        session, floor.desk.branch, Role.ANALYST, qualification="A2"
    )
    ours = await make_client(
        session,
        floor.desk.branch,
        segment=ClientSegment.OFF_SITE,
        manager=floor.desk.manager,
        broker_id=floor.broker.id,
    )
    theirs = await make_client(
        session,
        floor.desk.branch,
        segment=ClientSegment.OFF_SITE,
        manager=floor.other_manager,
    )
    api = client_for(create_app)

    async def write(analyst: Staff, client: Client) -> int:
        response = await api.post(
            "/reports",
            headers=auth(analyst),
            json={
                "client_id": client.id,
                "title": "持仓分析",
                "body": "白酒仓位偏重，建议分散。",
                "overall_suggestion": "reduce",
                "risk_disclosure": "投资有风险。",
            },
        )
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    our_report = await write(floor.desk.analyst, ours)
    their_report = await write(second, theirs)
    sees = {
        floor.desk.manager: {our_report},
        floor.broker: {our_report},
        floor.desk.analyst: {our_report},
        floor.other_manager: {their_report},
        second: {their_report},
        floor.supervisor: {our_report, their_report},
    }

    for staff, visible in sees.items():
        assert await listed(api, staff, "/reports") == visible
        for report_id in (our_report, their_report):
            expected = 200 if report_id in visible else 404
            read = await api.get(f"/reports/{report_id}", headers=auth(staff))
            steps = await api.get(f"/reports/{report_id}/timeline", headers=auth(staff))
            assert (read.status_code, steps.status_code) == (expected, expected)

    for path, body in (
        ("deliveries", {"channel": "phone"}),
        ("feedback", {"score": 3}),
    ):
        refused = await api.post(
            f"/reports/{their_report}/{path}",
            headers=auth(floor.desk.manager),
            json=body,
        )
        assert refused.status_code == 404, refused.text
