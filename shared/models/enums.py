"""A helper for storing Python string enums as PostgreSQL enums by value."""

import enum

from sqlalchemy import Enum


def pg_enum(enum_class: type[enum.StrEnum], name: str) -> Enum:
    return Enum(
        enum_class,
        name=name,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
