from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from shared.models.advisory import DeliveryChannel, SheetStatus, Suggestion
from shared.models.clients import RiskLevel
from shared.schemas import BusinessDate, LongText, Name, Schema, ShortText, StockCode

Text = Annotated[LongText, StringConstraints(min_length=1)]
Reason = Annotated[ShortText, StringConstraints(min_length=1)]
Quantity = Annotated[int, Field(gt=0, le=10**9, description="Shares held.")]
Price = Annotated[
    Decimal,
    Field(gt=0, max_digits=12, decimal_places=3, description="Cost price, CNY."),
]


class HoldingLine(Schema):
    code: StockCode = Field(description="Six-digit A-share code, e.g. 600519.")
    name: Name | None = Field(
        default=None, description="Defaults to the listing's name."
    )
    quantity: Quantity
    cost_price: Price


class SheetCreate(Schema):
    client_id: int
    question: Text = Field(description="The client's question, in their words.")
    risk_level: RiskLevel | None = Field(
        default=None,
        description="The sheet always carries the level on the client's record; "
        "if given, it must be that level (422 otherwise).",
    )
    holdings: list[HoldingLine] = Field(default_factory=list, max_length=50)
    source_ticket_id: int | None = Field(
        default=None,
        description="The hotline ticket handed over as this sheet; only a hotline "
        "agent's hand-off sets it (422 from anyone else).",
    )
    submit: bool = Field(
        default=False, description="Send to the analysts at once; else a draft."
    )


class SheetUpdate(Schema):
    question: Text | None = None
    risk_level: RiskLevel | None = Field(
        default=None,
        description="If given, it must be the level on the client's record; "
        "every edit brings the sheet to that level.",
    )
    holdings: list[HoldingLine] | None = Field(default=None, max_length=50)


class HoldingAnswer(Schema):
    holding_id: int
    analysis: Text
    suggestion: Suggestion
    note: LongText | None = Field(default=None, description="Free text.")


class SheetAnswer(Schema):
    holdings: list[HoldingAnswer] = Field(
        default_factory=list, description="One answer for every holdings line."
    )
    overall_suggestion: Suggestion
    overall_analysis: Text
    risk_disclosure: Text = Field(description="Required: advice never goes without.")
    research_publisher: ShortText | None = Field(
        default=None, description="Publisher of research the advice cites."
    )
    research_date: BusinessDate | None = Field(
        default=None, description="Date of the cited research report."
    )
    advice_risk_level: RiskLevel | None = Field(
        default=None, description="The risk level the advice as a whole carries."
    )

    @model_validator(mode="after")
    def research_cited_whole(self) -> "SheetAnswer":
        if (self.research_publisher is None) == (self.research_date is None):
            return self

        # Raised as a ValidationError so that the error names the field that
        # is missing rather than the whole body.
        given, missing = ("research_publisher", "research_date")
        if self.research_publisher is None:
            given, missing = missing, given
        raise ValidationError.from_exception_data(
            type(self).__name__,
            [
                InitErrorDetails(
                    type=PydanticCustomError(
                        "research_cited_whole",
                        "required with {given}: give both or neither",
                        {"given": given},
                    ),
                    loc=(missing,),
                    input=None,
                )
            ],
        )


class CancelRequest(Schema):
    reason: Reason


class DeliveryConfirmation(Schema):
    channel: DeliveryChannel = Field(description="How the advice reached the client.")


class FeedbackCreate(Schema):
    score: int = Field(ge=1, le=5)
    comment: LongText | None = None


class SheetHoldingRead(Schema):
    id: int
    position: int
    code: str
    name: str
    quantity: int
    cost_price: Decimal
    analysis: str | None
    suggestion: Suggestion | None
    suggestion_note: str | None


class SheetSummary(Schema):
    id: int
    client_id: int
    client_name: str = Field(
        description="Masked (王*明) for roles that do not handle personal data."
    )
    status: SheetStatus
    version: int
    is_high_end: bool
    risk_level: RiskLevel
    manager_id: int | None
    claimed_by_id: int | None
    answered_by_id: int | None
    source_ticket_id: int | None
    created_at: datetime
    submitted_at: datetime | None
    due_at: datetime | None
    overdue_marked_at: datetime | None
    answered_at: datetime | None
    deliver_by: datetime | None
    undelivered_marked_at: datetime | None
    delivered_at: datetime | None
    risk_flag: str | None


class SheetRead(SheetSummary):
    """One sheet. A hotline agent following the ticket they handed over gets
    the advice (answers, suggestions, risk flag, feedback) as null: it is for
    the client's manager and broker, the analyst and supervisors."""

    question: str
    created_by_id: int
    claimed_at: datetime | None
    lease_expires_at: datetime | None
    holdings: list[SheetHoldingRead]
    overall_suggestion: Suggestion | None
    overall_analysis: str | None
    risk_disclosure: str | None
    research_publisher: str | None
    research_date: date | None
    advice_risk_level: RiskLevel | None
    manager_confirmed_at: datetime | None
    manager_channel: DeliveryChannel | None
    analyst_confirmed_at: datetime | None
    analyst_channel: DeliveryChannel | None
    feedback_score: int | None
    feedback_comment: str | None
    cancelled_at: datetime | None
    cancel_reason: str | None


class EventRead(Schema):
    id: int
    occurred_at: datetime
    actor_id: int | None = Field(description="None when a scheduled job acted.")
    actor_name: str | None = None
    kind: str
    from_status: str | None
    to_status: str | None
    note: str | None


class AttentionRead(Schema):
    late: list[SheetSummary] = Field(
        description="Sheets past their due time without an answer, or answered "
        "late: a manager sees their own clients', a supervisor all."
    )
    undelivered: list[SheetSummary] = Field(
        description="Answered sheets past the delivery limit: an analyst sees "
        "their own answers, a supervisor all."
    )
