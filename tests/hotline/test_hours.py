"""The ticket clock counts the branch's business hours only."""

from datetime import time, timedelta

from services.hotline.policy.hours import BusinessHours
from shared.business_days import TradingCalendar
from tests.hotline.builders import at

HOURS = BusinessHours(
    TradingCalendar("Asia/Shanghai"),
    ((time(9, 0), time(12, 0)), (time(13, 0), time(17, 30))),
)


def test_the_clock_skips_lunch() -> None:
    # Wednesday 2026-03-04: 11:50 + 30 business minutes = 13:20.
    assert HOURS.add(at("2026-03-04", "11:50"), 30) == at("2026-03-04", "13:20")


def test_the_clock_skips_the_night() -> None:
    assert HOURS.add(at("2026-03-04", "17:00"), 60) == at("2026-03-05", "09:30")


def test_the_clock_skips_a_weekend() -> None:
    # Friday 2026-03-06 17:20 + 20 minutes runs on into Monday morning.
    assert HOURS.add(at("2026-03-06", "17:20"), 20) == at("2026-03-09", "09:10")


def test_the_clock_skips_an_exchange_holiday() -> None:
    # 2026-04-06 (Monday) is the Qingming holiday on the Shanghai exchange.
    assert HOURS.add(at("2026-04-03", "17:00"), 60) == at("2026-04-07", "09:30")


def test_time_between_counts_only_business_hours() -> None:
    start, end = at("2026-03-06", "11:00"), at("2026-03-09", "10:00")
    # Friday 11:00-12:00 and 13:00-17:30, Monday 09:00-10:00.
    assert HOURS.between(start, end) == timedelta(hours=6, minutes=30)
    assert HOURS.between(end, start) == timedelta()


def test_a_start_outside_hours_begins_at_the_next_opening() -> None:
    assert HOURS.add(at("2026-03-07", "10:00"), 15) == at("2026-03-09", "09:15")
