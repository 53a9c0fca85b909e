import time
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.app import create_app
from services.visits.forms.service import visits_done
from shared.models import AuditEntry
from shared.roles import Role
from tests.builders import auth, make_branch, make_client, make_room, make_staff
from tests.conftest import ClientFor
from tests.visits.builders import at, log_visit

DAY = date(2026, 3, 3)


async def test_a_visit_at_0730_local_time_counts_for_that_local_day(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    client_record = await make_client(session, branch, manager=manager)

    # 07:30 in Shanghai on 3 March is 23:30 UTC on 2 March.
    response = await client_for(create_app).post(
        "/visits",
        headers=auth(manager),
        json={"client_id": client_record.id, "visited_at": "2026-03-02T23:30:00Z"},
    )

    assert response.status_code == 201, response.text
    assert response.json()["day"] == "2026-03-03"


async def test_a_visit_at_2330_local_time_stays_on_that_local_day(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    client_record = await make_client(session, branch, manager=manager)

    late = await log_visit(session, manager, client_record.id, at(DAY, 23, 30))
    # Half an hour later it is the next local day, though still 3 March in UTC.
    after_midnight = await log_visit(
        session, manager, client_record.id, datetime(2026, 3, 3, 16, 30, tzinfo=UTC)
    )

    assert late.day == DAY
    assert after_midnight.day == date(2026, 3, 4)
    done = await visits_done(session, branch.id, DAY, date(2026, 3, 4))
    assert done == {(manager.id, DAY): 1, (manager.id, date(2026, 3, 4)): 1}


async def test_the_same_client_twice_in_a_day_counts_once(
    session: AsyncSession,
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    first = await make_client(session, branch, manager=manager)
    second = await make_client(session, branch, manager=manager)

    await log_visit(session, manager, first.id, at(DAY, 9))
    await log_visit(session, manager, first.id, at(DAY, 14))
    await log_visit(session, manager, second.id, at(DAY, 15))

    assert await visits_done(session, branch.id, DAY, DAY) == {(manager.id, DAY): 2}


async def test_a_correction_appends_a_version_and_the_audit_trail_keeps_both(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    client_record = await make_client(session, branch, manager=manager)
    http = client_for(create_app)
    form = {"client_id": client_record.id, "visited_at": "2026-03-03T02:00:00Z"}

    first = (await http.post("/visits", headers=auth(manager), json=form)).json()
    corrected = await http.post(
        f"/visits/{first['id']}/corrections",
        headers=auth(manager),
        json={**form, "concerns": "担心持仓回撤", "wants_consultation": True},
    )
    versions = await http.get(f"/visits/{first['id']}/versions", headers=auth(manager))

    assert corrected.status_code == 201, corrected.text
    assert [(v["version"], v["is_current"]) for v in versions.json()] == [
        (1, False),
        (2, True),
    ]
    assert versions.json()[0]["concerns"] == ""
    assert versions.json()[1]["supersedes_id"] == first["id"]
    audited = await session.scalars(
        select(AuditEntry.entity_id).where(
            AuditEntry.entity == "visits", AuditEntry.action == "insert"
        )
    )
    assert {str(first["id"]), str(corrected.json()["id"])} <= set(audited)
    # The correction replaces the first version in the count; it is not added.
    assert await visits_done(session, branch.id, DAY, DAY) == {(manager.id, DAY): 1}


async def test_correcting_a_version_that_was_corrected_already_conflicts(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    client_record = await make_client(session, branch, manager=manager)
    visit = await log_visit(session, manager, client_record.id, at(DAY))
    http = client_for(create_app)
    form = {"client_id": client_record.id, "visited_at": "2026-03-03T02:00:00Z"}

    await http.post(f"/visits/{visit.id}/corrections", headers=auth(manager), json=form)
    again = await http.post(
        f"/visits/{visit.id}/corrections", headers=auth(manager), json=form
    )

    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"


async def test_a_visit_form_with_bad_fields_is_refused_naming_them(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    client_record = await make_client(session, branch, manager=manager)
    http = client_for(create_app)

    naive = await http.post(
        "/visits",
        headers=auth(manager),
        json={"client_id": client_record.id, "visited_at": "2026-03-03T10:00:00"},
    )
    nul = await http.post(
        "/visits",
        headers=auth(manager),
        json={
            "client_id": client_record.id,
            "visited_at": "2026-03-03T02:00:00Z",
            "concerns": "a\x00b",
        },
    )
    topic = await http.post(
        "/visits",
        headers=auth(manager),
        json={
            "client_id": client_record.id,
            "visited_at": "2026-03-03T02:00:00Z",
            "topics": ["astrology"],
        },
    )
    future = await http.post(
        "/visits",
        headers=auth(manager),
        json={
            "client_id": client_record.id,
            "visited_at": datetime(2099, 1, 1, tzinfo=UTC).isoformat(),
        },
    )

    assert [r.status_code for r in (naive, nul, topic, future)] == [422] * 4
    assert naive.json()["errors"][0]["loc"] == ["body", "visited_at"]
    assert nul.json()["errors"][0]["loc"] == ["body", "concerns"]
    assert topic.json()["errors"][0]["loc"] == ["body", "topics"]
    assert future.json()["errors"][0]["loc"] == ["body", "visited_at"]


async def test_another_branchs_client_cannot_be_visited(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    other = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    theirs = await make_client(session, other)

    response = await client_for(create_app).post(
        "/visits",
        headers=auth(manager),
        json={"client_id": theirs.id, "visited_at": "2026-03-03T02:00:00Z"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "client_id"]


async def test_a_patrol_is_recorded_with_its_checklist_and_corrected_by_version(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    room = await make_room(session, branch)
    http = client_for(create_app)
    form = {
        "room_id": room.id,
        "patrolled_at": "2026-03-03T02:00:00Z",
        "checklist": {
            "quote_screens": True,
            "terminals": False,
            "order": True,
            "incidents": True,
        },
        "clients_present": 12,
        "notes": "3号终端死机",
    }

    first = await http.post("/patrols", headers=auth(manager), json=form)
    fixed = await http.post(
        f"/patrols/{first.json()['id']}/corrections",
        headers=auth(manager),
        json={**form, "clients_present": 14},
    )
    missing_item = await http.post(
        "/patrols",
        headers=auth(manager),
        json={**form, "checklist": {"quote_screens": True}},
    )
    listed = await http.get(
        "/patrols",
        headers=auth(manager),
        params={"from": "2026-03-03", "to": "2026-03-03"},
    )

    assert first.status_code == 201, first.text
    assert first.json()["checklist"]["terminals"] is False
    assert fixed.json()["version"] == 2
    assert missing_item.status_code == 422
    assert [item["clients_present"] for item in listed.json()["items"]] == [14]


async def test_the_servers_own_time_zone_does_not_move_a_visits_day(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    client_record = await make_client(session, branch, manager=manager)
    # A server in California: its local date at that moment is still 2 March.
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        visit = await log_visit(session, manager, client_record.id, at(DAY, 7, 30))
    finally:
        monkeypatch.undo()
        time.tzset()

    assert visit.day == DAY


async def test_a_client_who_left_cannot_be_visited(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    gone = await make_client(session, branch, manager=manager, is_active=False)

    response = await client_for(create_app).post(
        "/visits",
        headers=auth(manager),
        json={"client_id": gone.id, "visited_at": datetime.now(UTC).isoformat()},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "client_id"]
