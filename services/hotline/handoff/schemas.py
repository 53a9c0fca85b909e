from datetime import datetime
from decimal import Decimal

from pydantic import Field

from shared.models.clients import RiskLevel
from shared.models.hotline import HandoffStatus
from shared.schemas import LongText, Name, Schema, StockCode


class HoldingLine(Schema):
    # The limits advisory's own sheet form sets, so that nothing it would
    # refuse is queued here (codes are checked against the listings too).
    code: StockCode = Field(description="Six-digit listed A-share code, e.g. 600519.")
    name: Name | None = None
    quantity: int = Field(gt=0, le=10**9, description="Shares held.")
    cost_price: Decimal = Field(
        gt=0, le=10**6, decimal_places=3, description="Cost price, CNY."
    )


class HandoffCreate(Schema):
    question: LongText = Field(min_length=1, description="What the client asks.")
    risk_level: RiskLevel | None = None
    holdings: list[HoldingLine] = Field(default_factory=list, max_length=50)


class HandoffRead(Schema):
    ticket_id: int
    status: HandoffStatus = Field(
        description="pending until advisory answers with a sheet; failed when "
        "advisory refused the request (it is not retried, but the ticket may be "
        "handed over again with a corrected body)."
    )
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    sheet_id: int | None
