from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from shared.business_days import TradingCalendar, load_calendar, local_day
from shared.models import CalendarOverride
from tests.builders import make_branch

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("utc_moment", "expected"),
    [
        (datetime(2026, 3, 2, 23, 30, tzinfo=UTC), date(2026, 3, 3)),  # 07:30 local
        (datetime(2026, 3, 3, 15, 30, tzinfo=UTC), date(2026, 3, 3)),  # 23:30 local
        (datetime(2026, 3, 3, 16, 0, tzinfo=UTC), date(2026, 3, 4)),  # midnight
    ],
    ids=["07:30-local", "23:30-local", "midnight-local"],
)
def test_a_moment_belongs_to_the_branchs_local_day(
    utc_moment: datetime, expected: date
) -> None:
    assert local_day(utc_moment, "Asia/Shanghai") == expected


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        local_day(datetime(2026, 3, 3, 7, 30), "Asia/Shanghai")


def test_weekends_and_exchange_holidays_are_not_trading_days() -> None:
    calendar = TradingCalendar("Asia/Shanghai")

    assert calendar.is_trading_day(date(2026, 9, 30))  # Wednesday
    assert not calendar.is_trading_day(date(2026, 10, 3))  # Saturday
    assert not calendar.is_trading_day(date(2026, 10, 1))  # National Day
    assert not calendar.is_trading_day(date(2026, 10, 7))  # Golden Week, Wednesday
    assert calendar.next_trading_day(date(2026, 9, 30)) == date(2026, 10, 8)


def test_overrides_close_a_day_or_open_a_make_up_day() -> None:
    calendar = TradingCalendar(
        "Asia/Shanghai", {date(2026, 9, 30): False, date(2026, 10, 3): True}
    )

    assert not calendar.is_trading_day(date(2026, 9, 30))
    assert calendar.is_trading_day(date(2026, 10, 3))


def test_beyond_the_known_holidays_weekdays_are_trading_days() -> None:
    calendar = TradingCalendar("Asia/Shanghai")

    assert calendar.is_trading_day(date(2027, 3, 3))  # Wednesday
    assert not calendar.is_trading_day(date(2027, 3, 6))  # Saturday


def test_beyond_the_known_holidays_fixed_date_holidays_are_still_closed() -> None:
    calendar = TradingCalendar("Asia/Shanghai")
    new_years_eve = datetime(2026, 12, 31, 14, 30, tzinfo=SHANGHAI)

    assert not calendar.is_trading_day(date(2027, 1, 1))  # Friday, New Year
    assert not calendar.is_trading_day(date(2027, 10, 1))  # Friday, National Day
    # Half an hour on the 31st, then the next trading day is Monday 4 January.
    assert calendar.add_trading_hours(new_years_eve, 1) == datetime(
        2027, 1, 4, 10, 0, tzinfo=SHANGHAI
    )


async def test_a_branch_override_wins_over_a_brokerage_wide_one(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    other = await make_branch(session)
    session.add_all(
        [
            CalendarOverride(
                branch_id=None,
                day=date(2027, 2, 8),
                is_working_day=False,
                reason="春节",
            ),
            CalendarOverride(
                branch_id=branch.id,
                day=date(2027, 2, 8),
                is_working_day=True,
                reason="调休",
            ),
        ]
    )
    await session.flush()

    mine = await load_calendar(session, branch.id, "Asia/Shanghai")
    theirs = await load_calendar(session, other.id, "Asia/Shanghai")

    assert mine.is_trading_day(date(2027, 2, 8))
    assert not theirs.is_trading_day(date(2027, 2, 8))


def test_trading_hours_skip_lunch_nights_and_weekends() -> None:
    calendar = TradingCalendar("Asia/Shanghai")
    friday_afternoon = datetime(2026, 11, 27, 14, 0, tzinfo=SHANGHAI)

    due = calendar.add_trading_hours(friday_afternoon, 2)

    # One hour on Friday (14:00-15:00), then Monday 09:30-10:30.
    assert due == datetime(2026, 11, 30, 10, 30, tzinfo=SHANGHAI)


def test_trading_hours_skip_an_exchange_holiday() -> None:
    calendar = TradingCalendar("Asia/Shanghai")
    before_national_day = datetime(2026, 9, 30, 14, 30, tzinfo=SHANGHAI)

    due = calendar.add_trading_hours(before_national_day, 1)

    assert due == datetime(2026, 10, 8, 10, 0, tzinfo=SHANGHAI)


def test_trading_hours_started_at_lunch_begin_in_the_afternoon() -> None:
    calendar = TradingCalendar("Asia/Shanghai")

    due = calendar.add_trading_hours(datetime(2026, 12, 3, 12, 0, tzinfo=SHANGHAI), 0.5)

    assert due == datetime(2026, 12, 3, 13, 30, tzinfo=SHANGHAI)
