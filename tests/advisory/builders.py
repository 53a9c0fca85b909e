"""Builders for advisory tests: sheets made through the service's own code."""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.queue.service import claim_next
from services.advisory.sheets.schemas import (
    HoldingAnswer,
    HoldingLine,
    SheetAnswer,
    SheetCreate,
)
from services.advisory.sheets.service import answer_sheet, create_sheet, load_holdings
from shared.models import Branch, Client, ClientTier, RiskLevel, Staff
from shared.models.advisory import Sheet, Suggestion
from shared.roles import Role
from tests.builders import make_branch, make_client, make_staff

# A Tuesday morning session in Shanghai: well inside trading hours.
TUESDAY_MORNING = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)

HOLDINGS = [
    HoldingLine(code="600519", quantity=100, cost_price=Decimal("1500.000")),
    HoldingLine(code="000858", quantity=300, cost_price=Decimal("128.500")),
]


@dataclass
class Desk:
    """A branch with one of each party to a sheet."""

    branch: Branch
    manager: Staff
    analyst: Staff
    client: Client


async def make_desk(
    session: AsyncSession,
    *,
    tier: ClientTier = ClientTier.RETAIL,
    risk_level: RiskLevel = RiskLevel.C3,
) -> Desk:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    analyst = await make_staff(session, branch, Role.ANALYST, qualification="A0123")
    client = await make_client(
        session, branch, tier=tier, risk_level=risk_level, manager=manager
    )
    return Desk(branch, manager, analyst, client)


async def make_sheet(
    session: AsyncSession,
    desk: Desk,
    *,
    submit: bool = True,
    now: datetime = TUESDAY_MORNING,
    client: Client | None = None,
    holdings: list[HoldingLine] | None = None,
) -> Sheet:
    body = SheetCreate(
        client_id=(client or desk.client).id,
        question="茅台还能拿吗？",
        holdings=HOLDINGS if holdings is None else holdings,
        submit=submit,
    )
    sheet, _ = await create_sheet(session, desk.manager, body, now=now)
    return sheet


def answer_for(
    sheet_holding_ids: list[int], suggestion: Suggestion = Suggestion.HOLD
) -> SheetAnswer:
    return SheetAnswer(
        holdings=[
            HoldingAnswer(holding_id=hid, analysis="估值合理", suggestion=suggestion)
            for hid in sheet_holding_ids
        ],
        overall_suggestion=Suggestion.HOLD,
        overall_analysis="仓位适中，继续持有。",
        risk_disclosure="投资有风险，入市需谨慎。",
    )


async def make_answered_sheet(
    session: AsyncSession, desk: Desk, *, now: datetime = TUESDAY_MORNING
) -> Sheet:
    await make_sheet(session, desk, now=now)
    sheet = await claim_next(session, desk.analyst, now=now)
    assert sheet is not None
    holdings = await load_holdings(session, sheet.id)
    await answer_sheet(
        session, sheet, desk.analyst, answer_for([h.id for h in holdings]), now=now
    )
    return sheet
