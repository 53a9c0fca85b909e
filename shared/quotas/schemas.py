from typing import Annotated

from pydantic import Field, StringConstraints

from shared.roles import Role
from shared.schemas import BusinessDate, Schema

Duty = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{1,63}$")]


class QuotaCreate(Schema):
    role: Role
    duty: Duty = Field(description="e.g. visit, patrol, callback")
    daily_required: int = Field(ge=0, le=1000)
    effective_from: BusinessDate = Field(
        description="The first business day it applies to."
    )


class QuotaRead(QuotaCreate):
    id: int
    set_by_id: int | None
