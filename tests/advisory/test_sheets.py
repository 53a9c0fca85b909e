from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.app import create_app
from shared.models import AuditEntry, ClientTier, RiskLevel
from shared.models.advisory import Sheet
from shared.roles import Role
from tests.advisory.builders import make_answered_sheet, make_desk, make_sheet
from tests.builders import auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor

NEW_SHEET = {
    "question": "茅台还能拿吗？",
    "holdings": [
        {"code": "600519", "quantity": 100, "cost_price": "1500.00"},
        {"code": "300750", "name": "宁德时代", "quantity": 200, "cost_price": "180.5"},
    ],
}


async def test_a_manager_saves_a_draft_with_listing_names_and_todays_risk_level(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session, risk_level=RiskLevel.C2)
    api = client_for(create_app)

    response = await api.post(
        "/sheets",
        headers=auth(desk.manager),
        json={**NEW_SHEET, "client_id": desk.client.id},
    )

    assert response.status_code == 201, response.text
    sheet = response.json()
    assert sheet["status"] == "draft"
    assert sheet["due_at"] is None
    assert sheet["risk_level"] == "C2"
    assert sheet["source_ticket_id"] is None
    assert [h["name"] for h in sheet["holdings"]] == ["贵州茅台", "宁德时代"]
    assert response.headers["ETag"] == f'"{sheet["id"]}.1"'


async def test_an_unknown_stock_code_is_refused_naming_its_row(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    holdings = [
        {"code": "600519", "quantity": 100, "cost_price": "1500"},
        {"code": "600000", "quantity": 100, "cost_price": "10"},
        {"code": "999999", "quantity": 100, "cost_price": "10"},
    ]

    response = await client_for(create_app).post(
        "/sheets",
        headers=auth(desk.manager),
        json={"client_id": desk.client.id, "question": "?", "holdings": holdings},
    )

    assert response.status_code == 422
    locs = [error["loc"] for error in response.json()["errors"]]
    assert ["body", "holdings", 2, "code"] in locs
    assert ["body", "holdings", 0, "code"] not in locs
    assert (
        await session.scalar(select(Sheet).where(Sheet.client_id == desk.client.id))
        is None
    )


async def test_bad_input_is_a_422_naming_the_field(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    api = client_for(create_app)
    bad: list[tuple[dict[str, object], list[object]]] = [
        ({"question": "x\x00y"}, ["body", "question"]),
        ({"risk_level": "C9"}, ["body", "risk_level"]),
        (
            {"holdings": [{"code": "6005", "quantity": 1, "cost_price": "1"}]},
            ["body", "holdings", 0, "code"],
        ),
        (
            {"holdings": [{"code": "600519", "quantity": 0, "cost_price": "1"}]},
            ["body", "holdings", 0, "quantity"],
        ),
        ({"question": "长" * 5000}, ["body", "question"]),
    ]
    for change, loc in bad:
        body = {"client_id": desk.client.id, "question": "?", **change}
        response = await api.post("/sheets", headers=auth(desk.manager), json=body)
        assert response.status_code == 422, (change, response.text)
        assert loc in [error["loc"] for error in response.json()["errors"]]


async def test_a_hotline_agent_hands_over_a_ticket_once_however_often_it_retries(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    agent = await make_staff(session, desk.branch, Role.HOTLINE_AGENT)
    api = client_for(create_app)
    body = {
        "client_id": desk.client.id,
        "question": "电话咨询：要不要减仓？",
        "holdings": [],
        "source_ticket_id": 77,
        "submit": True,
    }
    headers = {**auth(agent), "Idempotency-Key": "ticket-77-handoff"}

    first = await api.post("/sheets", headers=headers, json=body)
    retry = await api.post("/sheets", headers=headers, json=body)
    changed = await api.post(
        "/sheets", headers=headers, json={**body, "question": "另一个问题"}
    )

    assert first.status_code == 201, first.text
    assert first.json()["status"] == "submitted"
    assert first.json()["due_at"] is not None
    assert first.json()["manager_id"] == desk.manager.id
    assert retry.status_code == 200
    assert retry.json()["id"] == first.json()["id"]
    assert changed.status_code == 409
    assert changed.headers["content-type"] == "application/problem+json"
    read = await api.get(f"/sheets/{first.json()['id']}", headers=auth(desk.manager))
    assert read.json()["source_ticket_id"] == 77


async def test_only_managers_and_hotline_agents_create_sheets(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    callback = await make_staff(session, desk.branch, Role.CALLBACK_AGENT)

    response = await client_for(create_app).post(
        "/sheets",
        headers=auth(callback),
        json={"client_id": desk.client.id, "question": "?"},
    )

    assert response.status_code == 403


async def test_another_branchs_sheet_and_client_answer_404(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    api = client_for(create_app)
    created = await api.post(
        "/sheets",
        headers=auth(desk.manager),
        json={**NEW_SHEET, "client_id": desk.client.id},
    )
    other_branch = await make_branch(session, "别的营业部")
    outsider = await make_staff(
        session, other_branch, Role.CLIENT_MANAGER, Role.ANALYST
    )
    sheet_id = created.json()["id"]

    read = await api.get(f"/sheets/{sheet_id}", headers=auth(outsider))
    edit = await api.patch(
        f"/sheets/{sheet_id}",
        headers={**auth(outsider), "If-Match": created.headers["ETag"]},
        json={"question": "偷改"},
    )
    timeline = await api.get(f"/sheets/{sheet_id}/timeline", headers=auth(outsider))
    listed = await api.get("/sheets", headers=auth(outsider))
    foreign_client = await api.post(
        "/sheets",
        headers=auth(outsider),
        json={"client_id": desk.client.id, "question": "?"},
    )

    assert read.status_code == 404
    assert edit.status_code == 404
    assert timeline.status_code == 404
    assert listed.json()["total"] == 0
    assert foreign_client.status_code == 404


async def test_a_stale_edit_answers_412_and_changes_nothing(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    # A hotline agent writes the sheet for the client; the client's own
    # manager edits it too: both see it, and both had read the same version.
    colleague = await make_staff(session, desk.branch, Role.HOTLINE_AGENT)
    api = client_for(create_app)
    created = await api.post(
        "/sheets",
        headers=auth(colleague),
        json={**NEW_SHEET, "client_id": desk.client.id},
    )
    sheet_id, read_etag = created.json()["id"], created.headers["ETag"]

    first = await api.patch(
        f"/sheets/{sheet_id}",
        headers={**auth(desk.manager), "If-Match": read_etag},
        json={"question": "同事先改了"},
    )
    stale = await api.patch(
        f"/sheets/{sheet_id}",
        headers={**auth(colleague), "If-Match": read_etag},
        json={"question": "我后改的", "holdings": []},
    )
    missing = await api.patch(
        f"/sheets/{sheet_id}", headers=auth(colleague), json={"question": "无版本"}
    )

    assert first.status_code == 200, first.text
    assert first.headers["ETag"] != read_etag
    assert stale.status_code == 412
    assert stale.json()["current_etag"] == first.headers["ETag"]
    assert missing.status_code == 428
    now = await api.get(f"/sheets/{sheet_id}", headers=auth(desk.manager))
    assert now.json()["question"] == "同事先改了"
    assert len(now.json()["holdings"]) == 2


async def test_a_sheet_goes_from_manager_to_analyst_to_delivery_with_a_timeline(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    api = client_for(create_app)
    manager, analyst = auth(desk.manager), auth(desk.analyst)

    created = await api.post(
        "/sheets", headers=manager, json={**NEW_SHEET, "client_id": desk.client.id}
    )
    sheet_id = created.json()["id"]
    submitted = await api.post(f"/sheets/{sheet_id}/submit", headers=manager)
    queue = await api.get("/queue", headers=analyst)
    claimed = await api.post("/queue/claim", headers=analyst)
    holdings = claimed.json()["holdings"]
    answer = {
        "holdings": [
            {"holding_id": h["id"], "analysis": "基本面稳健", "suggestion": "hold"}
            for h in holdings
        ],
        "overall_suggestion": "hold",
        "overall_analysis": "继续持有。",
        "risk_disclosure": "投资有风险。",
        "research_publisher": "中信证券研究部",
        "research_date": "2026-11-20",
    }
    answered = await api.post(
        f"/sheets/{sheet_id}/answer", headers=analyst, json=answer
    )
    by_manager = await api.post(
        f"/sheets/{sheet_id}/deliveries", headers=manager, json={"channel": "in_person"}
    )
    by_analyst = await api.post(
        f"/sheets/{sheet_id}/deliveries", headers=analyst, json={"channel": "phone"}
    )
    feedback = await api.post(
        f"/sheets/{sheet_id}/feedback",
        headers=manager,
        json={"score": 5, "comment": "满意"},
    )
    again = await api.post(
        f"/sheets/{sheet_id}/feedback", headers=manager, json={"score": 1}
    )
    timeline = await api.get(f"/sheets/{sheet_id}/timeline", headers=manager)

    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["client_name"] == "李娜"
    assert [s["id"] for s in queue.json()] == [sheet_id]
    # Analysts do not handle personal data: they see the name masked.
    assert queue.json()[0]["client_name"] == "李*"
    assert claimed.json()["client_name"] == "李*"
    assert claimed.json()["status"] == "claimed"
    assert claimed.json()["claimed_by_id"] == desk.analyst.id
    assert answered.status_code == 200, answered.text
    assert answered.json()["risk_flag"] is None
    assert by_manager.json()["status"] == "answered"
    assert by_analyst.json()["status"] == "delivered"
    assert feedback.json()["feedback_score"] == 5
    assert again.status_code == 409
    assert timeline.json()[0]["actor_name"] == desk.manager.full_name
    steps = [(e["kind"], e["actor_id"]) for e in timeline.json()]
    assert steps == [
        ("created", desk.manager.id),
        ("submitted", desk.manager.id),
        ("claimed", desk.analyst.id),
        ("answered", desk.analyst.id),
        ("delivery_confirmed", desk.manager.id),
        ("delivery_confirmed", desk.analyst.id),
        ("delivered", desk.analyst.id),
        ("feedback_recorded", desk.manager.id),
    ]
    audited = await session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity == "sheets", AuditEntry.entity_id == str(sheet_id)
        )
    )
    statuses = [(e.actor_id, (e.after or {}).get("status")) for e in audited]
    assert (desk.analyst.id, "claimed") in statuses
    assert (desk.analyst.id, "delivered") in statuses


async def test_an_answer_needs_every_holding_and_a_risk_disclosure(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    api = client_for(create_app)
    created = await api.post(
        "/sheets",
        headers=auth(desk.manager),
        json={**NEW_SHEET, "client_id": desk.client.id, "submit": True},
    )
    sheet_id = created.json()["id"]
    claimed = await api.post("/queue/claim", headers=auth(desk.analyst))
    first = claimed.json()["holdings"][0]["id"]
    base = {"overall_suggestion": "hold", "overall_analysis": "持有。"}
    one_line = [{"holding_id": first, "analysis": "好", "suggestion": "hold"}]

    no_disclosure = await api.post(
        f"/sheets/{sheet_id}/answer",
        headers=auth(desk.analyst),
        json={**base, "holdings": one_line, "risk_disclosure": "  "},
    )
    missing_line = await api.post(
        f"/sheets/{sheet_id}/answer",
        headers=auth(desk.analyst),
        json={**base, "holdings": one_line, "risk_disclosure": "有风险"},
    )
    half_citation = await api.post(
        f"/sheets/{sheet_id}/answer",
        headers=auth(desk.analyst),
        json={
            **base,
            "holdings": one_line,
            "risk_disclosure": "有风险",
            "research_publisher": "某研究所",
        },
    )

    assert no_disclosure.status_code == 422
    assert ["body", "risk_disclosure"] in [
        e["loc"] for e in no_disclosure.json()["errors"]
    ]
    assert missing_line.status_code == 422
    assert ["body", "holdings"] in [e["loc"] for e in missing_line.json()["errors"]]
    assert half_citation.status_code == 422
    read = await api.get(f"/sheets/{sheet_id}", headers=auth(desk.analyst))
    assert read.json()["status"] == "claimed"


async def test_advice_above_the_clients_risk_level_is_flagged_for_the_supervisor(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session, risk_level=RiskLevel.C3)
    supervisor = await make_staff(session, desk.branch, Role.SUPERVISOR)
    api = client_for(create_app)
    created = await api.post(
        "/sheets",
        headers=auth(desk.manager),
        json={**NEW_SHEET, "client_id": desk.client.id, "submit": True},
    )
    sheet_id = created.json()["id"]
    claimed = await api.post("/queue/claim", headers=auth(desk.analyst))
    lines = claimed.json()["holdings"]
    answer = {
        "holdings": [
            {"holding_id": lines[0]["id"], "analysis": "稳", "suggestion": "hold"},
            # 300750 is on ChiNext: adding to it is beyond a C3 client.
            {"holding_id": lines[1]["id"], "analysis": "成长", "suggestion": "add"},
        ],
        "overall_suggestion": "add",
        "overall_analysis": "加仓成长股。",
        "risk_disclosure": "创业板波动大。",
    }

    answered = await api.post(
        f"/sheets/{sheet_id}/answer", headers=auth(desk.analyst), json=answer
    )
    flagged = await api.get("/sheets?risk_flagged=true", headers=auth(supervisor))

    assert answered.status_code == 200
    assert "300750" in answered.json()["risk_flag"]
    assert [s["id"] for s in flagged.json()["items"]] == [sheet_id]


async def test_an_unqualified_analyst_may_neither_claim_nor_answer(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    trainee = await make_staff(session, desk.branch, Role.ANALYST, qualification=None)
    api = client_for(create_app)
    created = await api.post(
        "/sheets",
        headers=auth(desk.manager),
        json={**NEW_SHEET, "client_id": desk.client.id, "submit": True},
    )
    sheet_id = created.json()["id"]

    claim = await api.post("/queue/claim", headers=auth(trainee))
    await api.post("/queue/claim", headers=auth(desk.analyst))
    answer = await api.post(
        f"/sheets/{sheet_id}/answer",
        headers=auth(trainee),
        json={
            "holdings": [],
            "overall_suggestion": "hold",
            "overall_analysis": "x",
            "risk_disclosure": "y",
        },
    )

    assert claim.status_code == 403
    assert claim.json()["type"].endswith("not-qualified-adviser")
    # Another analyst's claim is not the trainee's to see, let alone answer.
    assert answer.status_code == 404
    read = await api.get(f"/sheets/{sheet_id}", headers=auth(desk.manager))
    assert read.json()["claimed_by_id"] == desk.analyst.id


async def test_a_high_end_sheet_goes_first_in_the_queue(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    vip = await make_client(
        session, desk.branch, tier=ClientTier.HIGH_END, manager=desk.manager
    )
    api = client_for(create_app)
    ordinary = await api.post(
        "/sheets",
        headers=auth(desk.manager),
        json={"client_id": desk.client.id, "question": "普通", "submit": True},
    )
    high_end = await api.post(
        "/sheets",
        headers=auth(desk.manager),
        json={"client_id": vip.id, "question": "高端", "submit": True},
    )

    queue = await api.get("/queue", headers=auth(desk.analyst))
    claimed = await api.post("/queue/claim", headers=auth(desk.analyst))

    assert [s["id"] for s in queue.json()] == [
        high_end.json()["id"],
        ordinary.json()["id"],
    ]
    assert queue.json()[0]["is_high_end"] is True
    assert claimed.json()["id"] == high_end.json()["id"]


async def test_a_claim_can_be_released_back_to_the_queue_by_its_holder_only(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    other = await make_staff(session, desk.branch, Role.ANALYST, qualification="A9")
    api = client_for(create_app)
    await api.post(
        "/sheets",
        headers=auth(desk.manager),
        json={"client_id": desk.client.id, "question": "?", "submit": True},
    )
    claimed = await api.post("/queue/claim", headers=auth(desk.analyst))
    sheet_id = claimed.json()["id"]

    by_other = await api.post(f"/queue/{sheet_id}/release", headers=auth(other))
    released = await api.post(f"/queue/{sheet_id}/release", headers=auth(desk.analyst))
    reclaimed = await api.post("/queue/claim", headers=auth(other))
    empty = await api.post("/queue/claim", headers=auth(desk.analyst))

    # A sheet claimed by a colleague is out of the other analyst's sight.
    assert by_other.status_code == 404
    assert released.json()["status"] == "submitted"
    assert released.json()["claimed_by_id"] is None
    assert reclaimed.json()["id"] == sheet_id
    assert empty.status_code == 204


async def test_a_manager_sees_their_late_sheets_and_an_analyst_their_undelivered(
    session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    other_manager = await make_staff(session, desk.branch, Role.CLIENT_MANAGER)
    # Answered on 1 December and never delivered; a second one never claimed.
    undelivered = await make_answered_sheet(session, desk)
    late = await make_sheet(session, desk)
    api = client_for(create_app)

    for_manager = await api.get("/sheets/attention", headers=auth(desk.manager))
    for_other = await api.get("/sheets/attention", headers=auth(other_manager))
    for_analyst = await api.get("/sheets/attention", headers=auth(desk.analyst))

    assert [s["id"] for s in for_manager.json()["late"]] == [late.id]
    assert for_other.json() == {"late": [], "undelivered": []}
    assert for_analyst.json()["late"] == []
    assert [s["id"] for s in for_analyst.json()["undelivered"]] == [undelivered.id]
