"""Handing an investment ticket to advisory: never lost, made exactly once."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import respx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.app import create_app
from services.hotline.handoff.client import AdvisoryClient
from services.hotline.handoff.service import retry_pending_handoffs
from shared.models import Branch, Staff
from shared.models.hotline import Handoff, HandoffStatus, HotlineLine, Ticket
from shared.settings import Settings
from tests.builders import auth, make_branch, make_client
from tests.conftest import ClientFor
from tests.hotline.builders import line_agent

QUESTION = {"question": "贵州茅台还能拿吗？", "risk_level": "C3"}


def hotline_with(
    transport: httpx.AsyncBaseTransport | None, advisory_url: str | None = None
) -> Callable[[Settings], FastAPI]:
    def build(settings: Settings) -> FastAPI:
        if advisory_url is not None:
            settings = settings.model_copy(update={"advisory_url": advisory_url})
        app = create_app(settings)
        app.state.advisory_transport = transport
        return app

    return build


async def investment_ticket(
    session: AsyncSession, client: httpx.AsyncClient
) -> tuple[Branch, Staff, int]:
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.INVESTMENT)
    customer = await make_client(session, branch)
    created = await client.post(
        "/tickets",
        json={
            "line": "investment",
            "caller_client_id": customer.id,
            "summary": "问持仓",
        },
        headers=auth(agent),
    )
    assert created.status_code == 201, created.text
    return branch, agent, created.json()["id"]


def later(minutes: int) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


class FakeAdvisory:
    """Advisory as respx sees it: honours Idempotency-Key, and can be made to
    fail in the ways a real outage does, including after making the sheet."""

    def __init__(self, script: list[str]) -> None:
        self.script = script
        self.sheets: dict[str, int] = {}
        self.keys: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = request.headers["Idempotency-Key"]
        self.keys.append(key)
        step = self.script.pop(0) if self.script else "ok"
        if step == "timeout":
            raise httpx.ReadTimeout("advisory is slow", request=request)
        created = key not in self.sheets
        sheet_id = self.sheets.setdefault(key, 500 + len(self.sheets))
        if step == "lost_503":
            # The sheet was made but the answer never arrived intact.
            return httpx.Response(503, json={"detail": "gateway"})
        if step == "500":
            return httpx.Response(500, json={"detail": "boom"})
        body = request.read()
        assert b'"source_ticket_id"' in body
        return httpx.Response(
            201 if created else 200, json={"id": sheet_id, "status": "submitted"}
        )


async def test_the_handoff_survives_an_outage_and_completes_exactly_once(
    session: AsyncSession, client_for: ClientFor, settings: Settings
) -> None:
    client = client_for(hotline_with(None))
    _, agent, ticket_id = await investment_ticket(session, client)
    advisory = FakeAdvisory(["timeout", "500", "lost_503"])

    with respx.mock(base_url=settings.advisory_url) as mock:
        route = mock.post("/sheets").mock(side_effect=advisory)
        requested = await client.post(
            f"/tickets/{ticket_id}/handoff", json=QUESTION, headers=auth(agent)
        )
        assert requested.status_code == 202
        assert requested.json()["status"] == "pending"
        pending = await client.get(f"/tickets/{ticket_id}", headers=auth(agent))
        assert pending.json()["handoff"]["status"] == "pending"
        assert pending.json()["sheet_id"] is None

        sender = AdvisoryClient(settings)
        # Not due yet: the first pause is a minute.
        assert await retry_pending_handoffs(session, datetime.now(UTC), sender) == 0
        for minutes in (2, 10, 30, 90):
            await retry_pending_handoffs(session, later(minutes), sender)

    assert route.call_count == 4
    assert len(set(advisory.keys)) == 1
    assert len(advisory.sheets) == 1
    ticket = await session.get(Ticket, ticket_id)
    assert ticket is not None and ticket.sheet_id == next(
        iter(advisory.sheets.values())
    )
    handoff = await session.scalar(
        select(Handoff).where(Handoff.ticket_id == ticket_id)
    )
    assert handoff is not None
    assert (handoff.status, handoff.attempts) == (HandoffStatus.SENT, 4)
    linked = await client.get(f"/tickets/{ticket_id}", headers=auth(agent))
    assert "handoff_linked" in [e["kind"] for e in linked.json()["events"]]


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectTimeout("down"), httpx.Response(502), httpx.Response(503)],
    ids=["timeout", "502", "503"],
)
async def test_an_advisory_failure_leaves_the_handoff_pending_for_retry(
    session: AsyncSession,
    client_for: ClientFor,
    settings: Settings,
    failure: httpx.Response | Exception,
) -> None:
    client = client_for(hotline_with(None))
    _, agent, ticket_id = await investment_ticket(session, client)

    with respx.mock(base_url=settings.advisory_url) as mock:
        mock.post("/sheets").mock(side_effect=[failure])
        response = await client.post(
            f"/tickets/{ticket_id}/handoff", json=QUESTION, headers=auth(agent)
        )

    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert response.json()["attempts"] == 1
    assert response.json()["next_attempt_at"] is not None
    assert response.json()["last_error"]


async def test_a_409_from_advisory_fails_the_handoff_without_retrying(
    session: AsyncSession, client_for: ClientFor, settings: Settings
) -> None:
    client = client_for(hotline_with(None))
    _, agent, ticket_id = await investment_ticket(session, client)

    with respx.mock(base_url=settings.advisory_url) as mock:
        route = mock.post("/sheets").mock(
            return_value=httpx.Response(409, json={"detail": "key reused"})
        )
        response = await client.post(
            f"/tickets/{ticket_id}/handoff", json=QUESTION, headers=auth(agent)
        )
        tried = await retry_pending_handoffs(
            session, later(120), AdvisoryClient(settings)
        )

    assert response.json()["status"] == "failed"
    assert "409" in response.json()["last_error"]
    assert (route.call_count, tried) == (1, 0)


async def test_only_an_investment_ticket_with_a_client_is_handed_over(
    session: AsyncSession, client_for: ClientFor
) -> None:
    client = client_for(hotline_with(None))
    branch = await make_branch(session)
    agent = await line_agent(session, branch, HotlineLine.TECHNICAL)
    technical = await client.post(
        "/tickets",
        json={"line": "technical", "caller_phone": "13900001111", "summary": "x"},
        headers=auth(agent),
    )

    response = await client.post(
        f"/tickets/{technical.json()['id']}/handoff", json=QUESTION, headers=auth(agent)
    )
    empty = await client.post(
        f"/tickets/{technical.json()['id']}/handoff",
        json={"question": ""},
        headers=auth(agent),
    )

    assert response.status_code == 409
    assert empty.status_code == 422


def _advisory_offers_sheets() -> bool:
    try:
        from services.advisory.app import create_app as create_advisory
    except ImportError:
        return False
    paths = create_advisory(Settings()).openapi()["paths"]
    return "post" in paths.get("/sheets", {})


@pytest.mark.skipif(
    not _advisory_offers_sheets(), reason="advisory has no POST /sheets yet"
)
async def test_the_handoff_against_the_real_advisory_app(
    session: AsyncSession, client_for: ClientFor, settings: Settings
) -> None:
    from services.advisory.app import create_app as create_advisory

    advisory_client = client_for(create_advisory)
    # The advisory app itself answers at its root; behind the gateway it is
    # mounted at /api/advisory, which the default advisory_url includes.
    transport = advisory_client._transport
    client = client_for(hotline_with(transport, "http://advisory.test"))
    _, agent, ticket_id = await investment_ticket(session, client)

    first = await client.post(
        f"/tickets/{ticket_id}/handoff", json=QUESTION, headers=auth(agent)
    )

    assert first.status_code == 202, first.text
    assert first.json()["status"] == "sent", first.json()
    sheet_id = first.json()["sheet_id"]
    sheet = await advisory_client.get(f"/sheets/{sheet_id}", headers=auth(agent))
    assert sheet.status_code == 200, sheet.text
    assert sheet.json()["source_ticket_id"] == ticket_id
    ticket = await client.get(f"/tickets/{ticket_id}", headers=auth(agent))
    assert ticket.json()["sheet_id"] == sheet_id

    # A second try with the same key (as the retry job would make) finds the
    # same sheet rather than making another.
    handoff = await session.scalar(
        select(Handoff).where(Handoff.ticket_id == ticket_id)
    )
    assert handoff is not None
    direct = settings.model_copy(update={"advisory_url": "http://advisory.test"})
    again = await AdvisoryClient(direct, transport).create_sheet(
        handoff.payload, handoff.idempotency_key, agent.id, agent.branch_id
    )
    assert again.sheet_id == sheet_id


def _holdings(**third: object) -> dict[str, object]:
    rows: list[dict[str, object]] = [
        {"code": "600519", "quantity": 100, "cost_price": "1500.000"},
        {"code": "600036", "quantity": 500, "cost_price": "35.200"},
        {"code": "000001", "quantity": 1000, "cost_price": "10.500"},
    ]
    rows[2] = {**rows[2], **third}
    return {**QUESTION, "holdings": rows}


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"code": "600999"}, "code"),
        ({"cost_price": "0"}, "cost_price"),
        ({"quantity": 0}, "quantity"),
        ({"code": "60051"}, "code"),
    ],
    ids=["unlisted-code", "zero-price", "zero-quantity", "five-digits"],
)
async def test_a_holding_advisory_would_refuse_is_a_422_and_nothing_is_queued(
    session: AsyncSession,
    client_for: ClientFor,
    settings: Settings,
    row: dict[str, object],
    field: str,
) -> None:
    client = client_for(hotline_with(None))
    _, agent, ticket_id = await investment_ticket(session, client)

    with respx.mock(base_url=settings.advisory_url, assert_all_called=False) as mock:
        route = mock.post("/sheets").mock(return_value=httpx.Response(201))
        response = await client.post(
            f"/tickets/{ticket_id}/handoff",
            json=_holdings(**row),
            headers=auth(agent),
        )

    assert response.status_code == 422, response.text
    assert [e["loc"] for e in response.json()["errors"]] == [
        ["body", "holdings", 2, field]
    ]
    assert route.call_count == 0
    queued = await session.scalar(select(Handoff).where(Handoff.ticket_id == ticket_id))
    assert queued is None


async def test_a_refused_handoff_is_sent_again_with_a_new_key_and_kept_as_history(
    session: AsyncSession, client_for: ClientFor, settings: Settings
) -> None:
    client = client_for(hotline_with(None))
    _, agent, ticket_id = await investment_ticket(session, client)
    refusal = httpx.Response(422, json={"detail": "Some holdings are wrong."})
    sheet = httpx.Response(201, json={"id": 777, "status": "submitted"})

    with respx.mock(base_url=settings.advisory_url) as mock:
        route = mock.post("/sheets").mock(side_effect=[refusal, sheet])
        refused = await client.post(
            f"/tickets/{ticket_id}/handoff", json=_holdings(), headers=auth(agent)
        )
        corrected = {**_holdings(quantity=2000), "question": "平安银行还能拿吗？"}
        resent = await client.post(
            f"/tickets/{ticket_id}/handoff", json=corrected, headers=auth(agent)
        )
        third = await client.post(
            f"/tickets/{ticket_id}/handoff", json=corrected, headers=auth(agent)
        )
        keys = [call.request.headers["Idempotency-Key"] for call in route.calls]

    assert refused.json()["status"] == "failed"
    assert resent.status_code == 202, resent.text
    assert (resent.json()["status"], resent.json()["sheet_id"]) == ("sent", 777)
    assert third.status_code == 409
    assert route.call_count == 2
    assert len(set(keys)) == 2
    ticket = await client.get(f"/tickets/{ticket_id}", headers=auth(agent))
    detail = ticket.json()
    assert detail["sheet_id"] == 777
    assert detail["handoff"]["status"] == "sent"
    assert [h["status"] for h in detail["handoffs"]] == ["failed", "sent"]
    kinds = [event["kind"] for event in detail["events"]]
    assert kinds[-4:] == [
        "handoff_requested",
        "handoff_failed",
        "handoff_resent",
        "handoff_linked",
    ]
    rows = list(
        await session.scalars(
            select(Handoff).where(Handoff.ticket_id == ticket_id).order_by(Handoff.id)
        )
    )
    assert rows[0].payload["question"] == QUESTION["question"]
    assert rows[1].payload["question"] == "平安银行还能拿吗？"


async def test_a_pending_handoff_is_not_sent_twice(
    session: AsyncSession, client_for: ClientFor, settings: Settings
) -> None:
    client = client_for(hotline_with(None))
    _, agent, ticket_id = await investment_ticket(session, client)

    with respx.mock(base_url=settings.advisory_url) as mock:
        mock.post("/sheets").mock(return_value=httpx.Response(503))
        pending = await client.post(
            f"/tickets/{ticket_id}/handoff", json=QUESTION, headers=auth(agent)
        )
        again = await client.post(
            f"/tickets/{ticket_id}/handoff", json=QUESTION, headers=auth(agent)
        )

    assert pending.json()["status"] == "pending"
    assert again.status_code == 409
    assert "already been handed" in again.json()["detail"]
