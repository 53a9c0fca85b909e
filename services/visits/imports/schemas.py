from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from shared.models.clients import ClientSegment, ClientTier, RiskLevel
from shared.models.org import RoomKind
from shared.schemas import BusinessDate, Name, Schema


def _blank_as_none(value: object) -> object:
    return None if value == "" else value


Digits = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{6,20}$")]
IdNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^\d{17}[\dXx]$")
]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^1\d{10}$")]
Optional = BeforeValidator(_blank_as_none)
# Usernames are stored in lower case; a spreadsheet may spell them otherwise.
Username = Annotated[Name, AfterValidator(str.lower)]


class ClientRow(Schema):
    """One row of a clients spreadsheet; the header names these columns."""

    full_name: Name
    phone: Phone
    id_number: IdNumber
    account_no: Digits
    tier: ClientTier
    segment: ClientSegment
    risk_level: RiskLevel
    opened_on: BusinessDate
    manager_username: Annotated[Username | None, Optional] = None
    room_name: Annotated[Name | None, Optional] = None
    do_not_call: Annotated[bool, BeforeValidator(lambda v: v or False)] = False


class RoomRow(Schema):
    name: Name
    kind: RoomKind


class ImportResult(Schema):
    imported: int = Field(description="Rows imported: all of the file's rows.")
