"""Business hours of the branch's hotline desk, and time counted in them.

Ticket clocks run only while the desk is staffed: the morning and afternoon
sessions of trading days (by default 09:00-12:00 and 13:00-17:30, branch-local
time). Lunch, nights, weekends and exchange holidays do not count.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from shared.business_days import TradingCalendar


@dataclass(frozen=True)
class BusinessHours:
    calendar: TradingCalendar
    sessions: tuple[tuple[time, time], ...]

    def _sessions_on(self, moment: datetime) -> list[tuple[datetime, datetime]]:
        day = moment.astimezone(self.calendar.zone).date()
        if not self.calendar.is_trading_day(day):
            return []
        zone = self.calendar.zone
        return [
            (datetime.combine(day, opens, zone), datetime.combine(day, closes, zone))
            for opens, closes in self.sessions
        ]

    def _next_midnight(self, moment: datetime) -> datetime:
        day = moment.astimezone(self.calendar.zone).date() + timedelta(days=1)
        return datetime.combine(day, time(0), self.calendar.zone)

    def add(self, start: datetime, minutes: float) -> datetime:
        """The moment `minutes` of business time after `start` have passed."""
        remaining = timedelta(minutes=minutes)
        moment = start.astimezone(self.calendar.zone)
        while True:
            for opens, closes in self._sessions_on(moment):
                if moment >= closes:
                    continue
                begin = max(moment, opens)
                available = closes - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
                moment = closes
            moment = self._next_midnight(moment)

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Business time from `start` to `end`; zero when `end` is not later."""
        total = timedelta()
        moment = start.astimezone(self.calendar.zone)
        while moment < end:
            for opens, closes in self._sessions_on(moment):
                begin, finish = max(moment, opens), min(end, closes)
                if finish > begin:
                    total += finish - begin
            moment = self._next_midnight(moment)
        return total
