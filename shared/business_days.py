"""Business days and trading hours in a branch's own time zone.

A day is the branch's local day, not a UTC day: a visit at 07:30 in Shanghai
on 3 March is 23:30 UTC on 2 March and still counts for 3 March. Trading days
come from the exchange_calendars XSHG calendar (Shanghai Stock Exchange),
corrected by calendar overrides: per branch, or for every branch.

exchange_calendars records XSHG holidays only up to a year it knows; beyond
that a weekday is taken as a trading day unless it is one of the fixed-date
public holidays (New Year's Day, Labour Day, the first three days of National
Day). Holidays that move with the lunar calendar (Spring Festival, Qingming,
Dragon Boat, Mid-Autumn) and the make-up days around them are entered as
overrides for all branches when the exchange announces them.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import exchange_calendars
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.errors import InvalidInput, field_error
from shared.models.org import Branch
from shared.models.reference import CalendarOverride

# Public holidays on the same date every year: (month, day).
FIXED_DATE_HOLIDAYS = frozenset({(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)})

# The exchange's continuous trading sessions, local time.
TRADING_SESSIONS = ((time(9, 30), time(11, 30)), (time(13, 0), time(15, 0)))


@lru_cache(maxsize=1)
def _exchange_sessions() -> tuple[date, date, frozenset[date]]:
    calendar = exchange_calendars.get_calendar("XSHG", start="2015-01-01")
    sessions = frozenset(ts.date() for ts in calendar.sessions)
    return calendar.first_session.date(), calendar.last_session.date(), sessions


def local_day(moment: datetime, timezone: str) -> date:
    """The branch-local calendar day of an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("a moment must carry its time zone")
    return moment.astimezone(ZoneInfo(timezone)).date()


def local_today(timezone: str, now: datetime | None = None) -> date:
    return local_day(now or datetime.now(UTC), timezone)


def days_between(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


class TradingCalendar:
    """Which days a branch trades on, and how trading hours add up."""

    def __init__(self, timezone: str, overrides: dict[date, bool] | None = None):
        self.timezone = timezone
        self.zone = ZoneInfo(timezone)
        self.overrides = overrides or {}

    def is_trading_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]

        first, last, sessions = _exchange_sessions()
        if first <= day <= last:
            return day in sessions
        return day.weekday() < 5 and (day.month, day.day) not in FIXED_DATE_HOLIDAYS

    def trading_days(self, start: date, end: date) -> list[date]:
        return [day for day in days_between(start, end) if self.is_trading_day(day)]

    def next_trading_day(self, day: date) -> date:
        """The first trading day after `day`."""
        day += timedelta(days=1)
        while not self.is_trading_day(day):
            day += timedelta(days=1)
        return day

    def previous_trading_days(self, day: date, count: int) -> list[date]:
        """The `count` trading days before `day`, oldest first."""
        found: list[date] = []
        while len(found) < count:
            day -= timedelta(days=1)
            if self.is_trading_day(day):
                found.append(day)
        return found[::-1]

    def add_trading_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` of trading time after `start` have passed.

        Time outside the trading sessions of trading days does not count, so a
        sheet submitted on Friday afternoon runs on into Monday's sessions.
        """
        remaining = timedelta(hours=hours)
        moment = start.astimezone(self.zone)
        while True:
            day = moment.date()
            if self.is_trading_day(day):
                for opens, closes in TRADING_SESSIONS:
                    session_open = datetime.combine(day, opens, self.zone)
                    session_close = datetime.combine(day, closes, self.zone)
                    if moment >= session_close:
                        continue
                    begin = max(moment, session_open)
                    available = session_close - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
                    moment = session_close
            moment = datetime.combine(day + timedelta(days=1), time(0), self.zone)


async def load_calendar(
    session: AsyncSession, branch_id: int, timezone: str
) -> TradingCalendar:
    """The branch's calendar: its own overrides win over brokerage-wide ones."""
    rows = await session.scalars(
        select(CalendarOverride).where(
            or_(
                CalendarOverride.branch_id == branch_id,
                CalendarOverride.branch_id.is_(None),
            )
        )
    )
    overrides: dict[date, bool] = {}
    for row in sorted(rows, key=lambda r: r.branch_id is not None):
        overrides[row.day] = row.is_working_day
    return TradingCalendar(timezone, overrides)


async def branch_today(session: AsyncSession, branch_id: int) -> date:
    """Today in the branch's own time zone."""
    timezone = await session.scalar(
        select(Branch.timezone).where(Branch.id == branch_id)
    )
    return local_today(timezone or "Asia/Shanghai")


async def refuse_past_day(
    session: AsyncSession, branch_id: int, day: date, loc: tuple[str, ...]
) -> None:
    """Settings that shape compliance (quotas, calendar overrides) take effect
    from today on: a past day keeps the rules it was worked under."""
    today = await branch_today(session, branch_id)
    if day < today:
        raise InvalidInput(
            f"{day} has passed; a change applies from today ({today}) on.",
            [field_error(loc, f"must not be before today ({today})", "date_in_past")],
        )
