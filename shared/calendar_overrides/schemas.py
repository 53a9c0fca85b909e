from pydantic import Field

from shared.schemas import BusinessDate, Name, Schema


class CalendarOverrideCreate(Schema):
    day: BusinessDate
    is_working_day: bool = Field(
        description="true: a make-up working day; false: an extra closed day."
    )
    reason: Name


class CalendarOverrideRead(CalendarOverrideCreate):
    id: int
    branch_id: int | None = Field(description="null: applies to every branch.")
