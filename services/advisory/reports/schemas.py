from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from services.advisory.sheets.schemas import Price, Quantity, Text
from shared.models.advisory import DeliveryChannel, Suggestion, TradeSide
from shared.models.clients import RiskLevel
from shared.schemas import BusinessDate, Schema, ShortText, StockCode

Title = Annotated[ShortText, StringConstraints(min_length=1)]
# A CSV of trades pasted or uploaded by the SPA; 200 rows at most.
TradesCsv = Annotated[str, StringConstraints(max_length=20_000)]


class TradeLine(Schema):
    traded_on: BusinessDate
    code: StockCode
    side: TradeSide
    quantity: Quantity
    price: Price


class ReportCreate(Schema):
    client_id: int
    title: Title
    body: Text = Field(description="The analysis of the client's holdings and trades.")
    overall_suggestion: Suggestion
    risk_disclosure: Text = Field(description="Required: advice never goes without.")
    research_publisher: ShortText | None = None
    research_date: BusinessDate | None = None
    trades: list[TradeLine] = Field(default_factory=list, max_length=200)
    trades_csv: TradesCsv | None = Field(
        default=None,
        description="Recent trades as CSV with the header "
        "`traded_on,code,side,quantity,price`; added to `trades`.",
    )

    @model_validator(mode="after")
    def research_cited_whole(self) -> "ReportCreate":
        if (self.research_publisher is None) != (self.research_date is None):
            raise ValueError(
                "research_publisher and research_date go together: give both or neither"
            )
        return self


class TradeRead(Schema):
    traded_on: date
    code: str
    side: TradeSide
    quantity: int
    price: Decimal


class ReportHoldingRead(Schema):
    code: str
    quantity: int
    cost_price: Decimal


class ReportRead(Schema):
    id: int
    client_id: int
    analyst_id: int
    risk_level: RiskLevel
    title: str
    body: str
    overall_suggestion: Suggestion
    risk_disclosure: str
    research_publisher: str | None
    research_date: date | None
    created_at: datetime
    delivered_at: datetime | None
    delivery_channel: DeliveryChannel | None
    feedback_score: int | None
    feedback_comment: str | None
    holdings: list[ReportHoldingRead]
    trades: list[TradeRead]


class ReportSummary(Schema):
    id: int
    client_id: int
    analyst_id: int
    title: str
    created_at: datetime
    delivered_at: datetime | None
    feedback_score: int | None
