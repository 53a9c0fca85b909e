"""The compliance shape every service answers: required against done, per
person, business day and duty, and the helpers that compute it."""

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Annotated

from fastapi import Query
from pydantic import Field

from shared.errors import InvalidInput, field_error
from shared.models.org import Staff
from shared.roles import Role
from shared.schemas import Schema

MAX_PERIOD_DAYS = 366


class ComplianceRow(Schema):
    staff_id: int
    staff_name: str
    role: Role
    day: date
    duty: str
    required: int
    done: int
    met: bool = Field(description="done >= required")


class ComplianceReport(Schema):
    rows: list[ComplianceRow]


class CompliancePeriod(Schema):
    start: date
    end: date
    staff_id: int | None


def compliance_period(
    start: Annotated[date, Query(alias="from", description="First day, YYYY-MM-DD.")],
    end: Annotated[date, Query(alias="to", description="Last day, YYYY-MM-DD.")],
    staff_id: Annotated[int | None, Query(description="Only this person.")] = None,
) -> CompliancePeriod:
    """The period query parameters, checked: from <= to, at most a year."""
    if end < start:
        raise InvalidInput(
            "'to' must not be before 'from'.",
            [field_error(("query", "to"), "must not be before 'from'", "value_error")],
        )
    if end - start > timedelta(days=MAX_PERIOD_DAYS):
        raise InvalidInput(
            f"A period spans at most {MAX_PERIOD_DAYS} days.",
            [field_error(("query", "to"), "period too long", "value_error")],
        )
    return CompliancePeriod(start=start, end=end, staff_id=staff_id)


def quota_rows(
    people: Iterable[Staff],
    *,
    role: Role,
    duty: str,
    days: Iterable[date],
    required_on: Callable[[date], int],
    done: dict[tuple[int, date], int],
) -> list[ComplianceRow]:
    """One row per person and day of a quota duty."""
    day_list = list(days)
    return [
        ComplianceRow(
            staff_id=person.id,
            staff_name=person.full_name,
            role=role,
            day=day,
            duty=duty,
            required=required_on(day),
            done=done.get((person.id, day), 0),
            met=done.get((person.id, day), 0) >= required_on(day),
        )
        for person in people
        for day in day_list
    ]


def time_limit_rows(
    people: Iterable[Staff],
    *,
    role: Role,
    duty: str,
    due: dict[tuple[int, date], int],
    on_time: dict[tuple[int, date], int],
) -> list[ComplianceRow]:
    """One row per person and day on which work fell due: `required` is how many
    items fell due, `done` how many were finished in time."""
    by_id = {person.id: person for person in people}
    return [
        ComplianceRow(
            staff_id=staff_id,
            staff_name=by_id[staff_id].full_name,
            role=role,
            day=day,
            duty=duty,
            required=count,
            done=on_time.get((staff_id, day), 0),
            met=on_time.get((staff_id, day), 0) >= count,
        )
        for (staff_id, day), count in sorted(due.items())
        if staff_id in by_id
    ]
