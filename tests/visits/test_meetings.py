from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.app import create_app
from shared.models import ClientTier
from shared.roles import Role
from tests.builders import auth, make_branch, make_client, make_staff
from tests.conftest import ClientFor


async def test_a_meeting_records_speakers_invitations_and_attendance(
    session: AsyncSession, client_for: ClientFor
) -> None:
    branch = await make_branch(session)
    manager = await make_staff(session, branch, Role.CLIENT_MANAGER)
    analyst = await make_staff(session, branch, Role.ANALYST, qualification="A123456")
    medium = await make_client(session, branch, tier=ClientTier.MEDIUM)
    large = await make_client(session, branch, tier=ClientTier.LARGE)
    retail = await make_client(session, branch, tier=ClientTier.RETAIL)
    http = client_for(create_app)
    plan = {
        "day": "2026-11-06",
        "topic": "四季度行情展望",
        "speaker_staff_ids": [analyst.id],
        "speaker_client_ids": [large.id],
        "invited_client_ids": [medium.id, large.id],
    }

    created = await http.post("/meetings", headers=auth(manager), json=plan)
    meeting_id = created.json()["id"]
    attended = await http.patch(
        f"/meetings/{meeting_id}",
        headers=auth(manager),
        json={"attended_client_ids": [large.id], "notes": "交流热烈"},
    )
    stranger = await http.patch(
        f"/meetings/{meeting_id}",
        headers=auth(manager),
        json={"attended_client_ids": [retail.id]},
    )
    retail_invited = await http.post(
        "/meetings",
        headers=auth(manager),
        json={**plan, "invited_client_ids": [retail.id], "speaker_client_ids": []},
    )
    manager_speaks = await http.post(
        "/meetings",
        headers=auth(manager),
        json={**plan, "speaker_staff_ids": [manager.id]},
    )
    seen_by_analyst = await http.get("/meetings", headers=auth(analyst))

    assert created.status_code == 201, created.text
    assert attended.json()["attended_client_ids"] == [large.id]
    assert attended.json()["notes"] == "交流热烈"
    assert stranger.status_code == 422
    assert stranger.json()["errors"][0]["loc"] == ["body", "attended_client_ids"]
    assert retail_invited.status_code == 422
    assert manager_speaks.json()["errors"][0]["loc"] == ["body", "speaker_staff_ids"]
    assert [m["id"] for m in seen_by_analyst.json()["items"]] == [meeting_id]
