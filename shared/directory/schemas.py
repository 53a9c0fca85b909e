from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from shared.models.clients import ClientSegment, ClientTier, RiskLevel
from shared.models.org import RoomKind
from shared.roles import Role
from shared.schemas import Name, Schema

PASSWORD_MIN_LENGTH = 10


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


def _password_policy(value: str) -> str:
    # The one place the password rules live: opening an account and setting a
    # password both use the `Password` type below.
    if len(value) < PASSWORD_MIN_LENGTH:
        raise PydanticCustomError(
            "password_too_short",
            "must be at least {min_length} characters long",
            {"min_length": PASSWORD_MIN_LENGTH},
        )
    if not value.strip():
        raise PydanticCustomError("password_blank", "must not be only spaces")
    if "".join(value.split()).isdigit():
        raise PydanticCustomError(
            "password_only_digits", "must contain something other than digits"
        )
    return value


Password = Annotated[
    str,
    StringConstraints(max_length=256),
    AfterValidator(_password_policy),
    Field(description=f"At least {PASSWORD_MIN_LENGTH} characters, not only digits."),
]

# Usernames are stored in lower case, so that "Manager1" and "manager1" are
# one account, and signing in does not depend on how the name is typed.
Username = Annotated[
    str,
    StringConstraints(pattern=r"^[a-zA-Z0-9_.@-]{2,64}$"),
    AfterValidator(str.lower),
    Field(description="Letters, digits and . @ - _; stored in lower case."),
]
QualificationNo = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{6,32}$")]
Roles = Annotated[list[Role], Field(min_length=1)]


def _unique_roles(roles: list[Role] | None) -> list[Role] | None:
    return None if roles is None else list(dict.fromkeys(roles))


def _not_null(value: Any) -> Any:
    if value is None:
        raise ValueError("may be left out, but not null")
    return value


class StaffCreate(Schema):
    username: Username
    full_name: Name
    roles: Roles
    password: Password
    adviser_qualification_no: QualificationNo | None = Field(
        default=None, description="The analyst's adviser qualification number."
    )

    _roles_once = field_validator("roles")(_unique_roles)


class StaffUpdate(Schema):
    """Only the fields sent change. `adviser_qualification_no: null` clears it."""

    full_name: Name | None = None
    roles: Roles | None = None
    adviser_qualification_no: QualificationNo | None = None
    is_active: bool | None = None

    _required_not_null = field_validator(
        "full_name", "roles", "is_active", mode="before"
    )(_not_null)
    _roles_once = field_validator("roles")(_unique_roles)


class PasswordSet(Schema):
    password: Password


class RoomCreate(Schema):
    name: Name
    kind: RoomKind


class RoomUpdate(Schema):
    """Only the fields sent change."""

    name: Name | None = None
    kind: RoomKind | None = None
    is_active: bool | None = None

    _required_not_null = field_validator("name", "kind", "is_active", mode="before")(
        _not_null
    )
