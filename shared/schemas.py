"""Field types and shapes every service's schemas are built from."""

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

# PostgreSQL cannot store NUL in text, and other control characters in a form
# field are never intended; refusing them here gives a 422 naming the field
# instead of a database error.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters such as NUL")
    return value


# Letters that Unicode classes as letters or symbols but that draw nothing:
# the Hangul fillers and the blank Braille pattern.
_BLANK_GRAPHEMES = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _visible(char: str) -> bool:
    # Letters, digits, punctuation and symbols draw something;
    # separators, format characters (zero-width, bidi overrides, BOM), marks
    # without a base, private-use and unassigned code points do not.
    return unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_GRAPHEMES


def _has_visible_character(value: str) -> str:
    # A name made only of zero-width or bidi characters passes the length
    # check yet shows as a blank in every list and cannot be told apart.
    if not any(_visible(char) for char in value):
        raise PydanticCustomError("text_invisible", "must contain a visible character")
    return value


def _empty_or_visible(value: str) -> str:
    # Free text may be left empty where a field is optional, but text that
    # draws nothing (a risk disclosure of zero-width spaces) says nothing.
    return _has_visible_character(value) if value else value


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_no_control_characters),
    AfterValidator(_has_visible_character),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200),
    AfterValidator(_no_control_characters),
    AfterValidator(_empty_or_visible),
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=4000),
    AfterValidator(_no_control_characters),
    AfterValidator(_empty_or_visible),
]
StockCode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, extra="forbid")


ItemT = TypeVar("ItemT")


class Page(BaseModel, Generic[ItemT]):
    items: list[ItemT]
    total: int = Field(description="How many items match, across all pages.")
    limit: int
    offset: int


# Days and moments staff enter are this century's: a year 1 or 9999 is a
# typing slip, and at the extremes of the calendar time zone arithmetic
# overflows. The SPA translates the type; the limits travel in its context.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)


def _plausible_day(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise PydanticCustomError(
            "date_out_of_range",
            "must be between {earliest} and {latest}",
            {"earliest": EARLIEST_DAY.isoformat(), "latest": LATEST_DAY.isoformat()},
        )
    return value


BusinessDate = Annotated[date, AfterValidator(_plausible_day)]
Moment = Annotated[AwareDatetime, AfterValidator(_plausible_day)]
