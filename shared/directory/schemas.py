from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from shared.models.clients import ClientSegment, ClientTier, RiskLevel
from shared.models.org import RoomKind
from shared.roles import Role
from shared.schemas import Name, Schema


class StaffRead(Schema):
    id: int
    username: str
    full_name: str
    roles: list[Role]
    is_active: bool
    adviser_qualification_no: str | None


class RoomRead(Schema):
    id: int
    name: str
    kind: RoomKind
    is_active: bool


class ClientRead(Schema):
    id: int
    full_name: str = Field(description="Masked for roles that do not need it.")
    phone: str = Field(description="Masked for roles that do not need it.")
    id_number: str = Field(description="Masked for roles that do not need it.")
    account_no: str = Field(description="Masked for roles that do not need it.")
    tier: ClientTier
    segment: ClientSegment
    risk_level: RiskLevel
    manager_id: int | None
    broker_id: int | None
    room_id: int | None
    opened_on: date
    do_not_call: bool


class StaffCreate(Schema):
    username: Annotated[str, StringConstraints(pattern=r"^[a-zA-Z0-9_.@-]{2,64}$")]
    full_name: Name
    roles: list[Role] = Field(min_length=1)
    password: Annotated[str, StringConstraints(min_length=8, max_length=256)]
    adviser_qualification_no: Annotated[
        str | None, StringConstraints(pattern=r"^[A-Z0-9]{6,32}$")
    ] = Field(default=None, description="The analyst's adviser qualification number.")


class RoomCreate(Schema):
    name: Name
    kind: RoomKind
