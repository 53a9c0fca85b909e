from decimal import Decimal

from pydantic import Field

from shared.schemas import Schema


class PolicyRead(Schema):
    normal_trading_hours: Decimal = Field(
        description="Trading hours an ordinary client's sheet has to be answered."
    )
    high_end_trading_hours: Decimal = Field(
        description="Trading hours a high-end client's sheet has to be answered."
    )
    undelivered_limit_hours: int = Field(
        description="Trading hours after the answer by which the advice must be "
        "delivered."
    )
    lease_minutes: int = Field(
        description="Minutes a claim holds before the sheet returns to the queue."
    )


class PolicyUpdate(Schema):
    normal_trading_hours: Decimal = Field(gt=0, le=200, decimal_places=2)
    high_end_trading_hours: Decimal = Field(gt=0, le=200, decimal_places=2)
    undelivered_limit_hours: int = Field(gt=0, le=200)
    lease_minutes: int = Field(gt=0, le=24 * 60)
