from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.app import create_app
from shared.quotas import set_quota
from shared.roles import Role
from tests.builders import auth, make_branch, make_client, make_room, make_staff
from tests.conftest import ClientFor
from tests.visits.builders import at, log_patrol, log_visit, set_manager_quotas


def _by_day_and_duty(rows: list[dict]) -> dict[tuple[str, str], dict]:
    return {(row["day"], row["duty"]): row for row in rows}


async def test_compliance_answers_one_row_per_person_business_day_and_duty(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER, name="王芳")
    await make_staff(session, branch, Role.ANALYST)
    await set_manager_quotas(session, branch, visits=2, patrols=1)
    client_a = await make_client(session, branch, manager=manager)
    client_b = await make_client(session, branch, manager=manager)
    room = await make_room(session, branch)
    monday, tuesday = date(2026, 11, 2), date(2026, 11, 3)
    await log_visit(session, manager, client_a.id, at(monday, 9))
    await log_visit(session, manager, client_b.id, at(monday, 11))
    await log_patrol(session, manager, room.id, at(monday, 10))
    await log_visit(session, manager, client_a.id, at(tuesday, 9))

    response = await client_for(create_app).get(
        "/compliance",
        headers=auth(supervisor),
        params={"from": "2026-11-02", "to": "2026-11-03"},
    )

    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    assert rows[0] == {
        "staff_id": manager.id,
        "staff_name": "王芳",
        "role": "client_manager",
        "day": "2026-11-02",
        "duty": "visit",
        "required": 2,
        "done": 2,
        "met": True,
    }
    table = _by_day_and_duty(rows)
    assert len(rows) == 4
    assert table["2026-11-02", "patrol"]["met"] is True
    assert (
        table["2026-11-03", "visit"]["done"],
        table["2026-11-03", "visit"]["met"],
    ) == (
        1,
        False,
    )
    assert table["2026-11-03", "patrol"]["done"] == 0


async def test_a_weekend_and_an_exchange_holiday_require_nothing(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    await set_manager_quotas(session, branch, visits=3, patrols=2)
    client_record = await make_client(session, branch, manager=manager)
    # A visit on the Saturday is recorded; it shows, but nothing was owed.
    await log_visit(session, manager, client_record.id, at(date(2026, 10, 10), 10))

    response = await client_for(create_app).get(
        "/compliance",
        headers=auth(manager),
        params={"from": "2026-09-30", "to": "2026-10-12"},
    )

    table = _by_day_and_duty(response.json()["rows"])
    # National Day week: the exchange closes 1 to 7 October, and the 10th is
    # a Saturday.
    assert sorted({day for day, _ in table}) == [
        "2026-09-30",
        "2026-10-08",
        "2026-10-09",
        "2026-10-10",
        "2026-10-12",
    ]
    assert table["2026-10-10", "visit"] == {
        **table["2026-10-10", "visit"],
        "required": 0,
        "done": 1,
        "met": True,
    }
    assert table["2026-10-08", "visit"]["required"] == 3
    assert table["2026-10-08", "patrol"]["required"] == 2


async def test_a_quota_change_mid_period_changes_only_the_days_from_its_date(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    await set_manager_quotas(session, branch, visits=3, patrols=1)
    http = client_for(create_app)

    # Through the service: the API takes changes from today on only, and this
    # period has passed.
    await set_quota(
        session,
        branch_id=branch.id,
        role=Role.CLIENT_MANAGER,
        duty="visit",
        daily_required=5,
        effective_from=date(2026, 11, 4),
        set_by_id=supervisor.id,
    )
    response = await http.get(
        "/compliance",
        headers=auth(supervisor),
        params={"from": "2026-11-02", "to": "2026-11-06", "staff_id": manager.id},
    )

    visits = [row for row in response.json()["rows"] if row["duty"] == "visit"]
    assert [(row["day"], row["required"]) for row in visits] == [
        ("2026-11-02", 3),
        ("2026-11-03", 3),
        ("2026-11-04", 5),
        ("2026-11-05", 5),
        ("2026-11-06", 5),
    ]


async def test_branch_calendar_overrides_close_a_day_or_open_a_make_up_day(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    await set_manager_quotas(session, branch, visits=3, patrols=1)
    http = client_for(create_app)

    # Days ahead: overrides change today and later only. 2030-11-04 is a Monday.
    closed = await http.post(
        "/calendar/overrides",
        headers=auth(supervisor),
        json={"day": "2030-11-05", "is_working_day": False, "reason": "营业部装修"},
    )
    make_up = await http.post(
        "/calendar/overrides",
        headers=auth(supervisor),
        json={"day": "2030-11-09", "is_working_day": True, "reason": "补班"},
    )
    twice = await http.post(
        "/calendar/overrides",
        headers=auth(supervisor),
        json={"day": "2030-11-09", "is_working_day": True, "reason": "补班"},
    )
    by_manager = await http.post(
        "/calendar/overrides",
        headers=auth(manager),
        json={"day": "2030-11-10", "is_working_day": True, "reason": "补班"},
    )
    rows = (
        await http.get(
            "/compliance",
            headers=auth(supervisor),
            params={"from": "2030-11-04", "to": "2030-11-10"},
        )
    ).json()["rows"]

    assert (closed.status_code, make_up.status_code) == (201, 201)
    assert twice.status_code == 409
    assert by_manager.status_code == 403
    assert sorted({row["day"] for row in rows}) == [
        "2030-11-04",
        "2030-11-06",
        "2030-11-07",
        "2030-11-08",
        "2030-11-09",
    ]

    removed = await http.delete(
        f"/calendar/overrides/{closed.json()['id']}", headers=auth(supervisor)
    )
    reopened = (
        await http.get(
            "/compliance",
            headers=auth(supervisor),
            params={"from": "2030-11-05", "to": "2030-11-05"},
        )
    ).json()["rows"]

    assert removed.status_code == 204
    assert {row["required"] for row in reopened} == {3, 1}


async def test_a_manager_sees_only_their_own_compliance(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    colleague = await make_staff(session, branch, Role.CLIENT_MANAGER)
    await set_manager_quotas(session, branch, visits=1, patrols=1)
    http = client_for(create_app)
    period = {"from": "2026-11-02", "to": "2026-11-02"}

    own = await http.get("/compliance", headers=auth(manager), params=period)
    theirs = await http.get(
        "/compliance",
        headers=auth(manager),
        params={**period, "staff_id": colleague.id},
    )
    backwards = await http.get(
        "/compliance",
        headers=auth(manager),
        params={"from": "2026-11-03", "to": "2026-11-02"},
    )

    assert {row["staff_id"] for row in own.json()["rows"]} == {manager.id}
    assert theirs.status_code == 403
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["loc"] == ["query", "to"]


async def test_a_manager_who_left_still_answers_for_the_days_they_worked(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    supervisor = await make_staff(session, branch, Role.SUPERVISOR)
    stayed = await make_staff(session, branch, Role.CLIENT_MANAGER)
    left = await make_staff(session, branch, Role.CLIENT_MANAGER)
    never_worked = await make_staff(session, branch, Role.CLIENT_MANAGER)
    await set_manager_quotas(session, branch, visits=1, patrols=1)
    client_record = await make_client(session, branch, manager=left)
    await log_visit(session, left, client_record.id, at(date(2026, 11, 2)))
    left.is_active = False
    never_worked.is_active = False
    await session.flush()

    rows = (
        await client_for(create_app).get(
            "/compliance",
            headers=auth(supervisor),
            params={"from": "2026-11-02", "to": "2026-11-02"},
        )
    ).json()["rows"]

    assert {row["staff_id"] for row in rows} == {stayed.id, left.id}
