"""Visit and patrol quota compliance, in the shape every service answers.

Rows cover each client manager and each trading day of the period, and any
other day on which they nonetheless visited or patrolled (required 0).
"""

from datetime import date
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.days import branch_calendar
from services.visits.forms.service import patrols_done, visits_done
from services.visits.plans.service import client_managers
from shared.business_days import days_between
from shared.compliance import ComplianceRow, quota_rows
from shared.errors import NotFound
from shared.quotas import quota_timeline
from shared.roles import Role

DUTIES = ("visit", "patrol")


async def compliance_rows(
    session: AsyncSession,
    branch_id: int,
    start: date,
    end: date,
    staff_id: int | None = None,
) -> list[ComplianceRow]:
    calendar = await branch_calendar(session, branch_id)
    done_by_duty = {
        "visit": await visits_done(session, branch_id, start, end),
        "patrol": await patrols_done(session, branch_id, start, end),
    }
    # A manager who has left still answers for the days they worked.
    worked = {person_id for done in done_by_duty.values() for person_id, _ in done}
    people = [
        person
        for person in await client_managers(session, branch_id, include_inactive=True)
        if person.is_active or person.id in worked
    ]
    if staff_id is not None:
        people = [person for person in people if person.id == staff_id]
        if not people:
            raise NotFound(f"Client manager {staff_id} was not found.")

    days = list(days_between(start, end))
    rows: list[ComplianceRow] = []
    for duty in DUTIES:
        timeline = await quota_timeline(session, branch_id, Role.CLIENT_MANAGER, duty)
        done = done_by_duty[duty]
        rows += [
            row
            for row in quota_rows(
                people,
                role=Role.CLIENT_MANAGER,
                duty=duty,
                days=days,
                required_on=partial(timeline.required_on, calendar=calendar),
                done=done,
            )
            if calendar.is_trading_day(row.day) or row.done > 0
        ]
    rows.sort(key=lambda row: (row.day, row.staff_id, DUTIES.index(row.duty)))
    return rows
