from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.app import create_app
from services.advisory.queue.service import claim_next
from services.advisory.sheets.errors import IllegalTransition
from services.advisory.sheets.schemas import CancelRequest, DeliveryConfirmation
from services.advisory.sheets.service import cancel_sheet, confirm_delivery
from services.advisory.sheets.workflow import TRANSITIONS, Action, ensure_allowed
from shared.models.advisory import DeliveryChannel, Sheet, SheetStatus
from tests.advisory.builders import (
    TUESDAY_MORNING,
    Desk,
    make_answered_sheet,
    make_desk,
    make_sheet,
)
from tests.builders import auth
from tests.conftest import ClientFor

LATER = TUESDAY_MORNING + timedelta(minutes=10)


async def _in_status(session: AsyncSession, desk: Desk, status: SheetStatus) -> Sheet:
    if status == SheetStatus.DRAFT:
        return await make_sheet(session, desk, submit=False)
    if status == SheetStatus.SUBMITTED:
        return await make_sheet(session, desk)
    if status == SheetStatus.CLAIMED:
        await make_sheet(session, desk)
        sheet = await claim_next(session, desk.analyst, now=LATER)
        assert sheet is not None
        return sheet
    if status == SheetStatus.CANCELLED:
        sheet = await make_sheet(session, desk)
        return await cancel_sheet(
            session, sheet, desk.manager, CancelRequest(reason="客户撤回"), now=LATER
        )
    sheet = await make_answered_sheet(session, desk)
    if status == SheetStatus.DELIVERED:
        channel = DeliveryConfirmation(channel=DeliveryChannel.IN_PERSON)
        for party in (desk.manager, desk.analyst):
            await confirm_delivery(session, sheet, party, channel, now=LATER)
    assert sheet.status == status
    return sheet


def test_every_action_is_refused_from_every_status_the_table_leaves_out() -> None:
    refused = 0
    for action, (allowed_from, _) in TRANSITIONS.items():
        for status in SheetStatus:
            sheet = Sheet(id=1, status=status, version=1)
            if status in allowed_from:
                ensure_allowed(sheet, action)
                continue
            with pytest.raises(IllegalTransition):
                ensure_allowed(sheet, action)
            refused += 1

    assert refused > 0
    # Nothing leaves the two final states.
    for action, (allowed_from, _) in TRANSITIONS.items():
        assert SheetStatus.DELIVERED not in allowed_from or action == Action.FEEDBACK
        assert SheetStatus.CANCELLED not in allowed_from


HTTP_ACTIONS: dict[str, tuple[str, str, dict[str, object] | None]] = {
    "edit": ("manager", "PATCH /sheets/{id}", {"question": "改"}),
    "submit": ("manager", "POST /sheets/{id}/submit", None),
    "cancel": ("manager", "POST /sheets/{id}/cancel", {"reason": "撤回"}),
    "release": ("analyst", "POST /queue/{id}/release", None),
    "answer": (
        "analyst",
        "POST /sheets/{id}/answer",
        {
            "holdings": [],
            "overall_suggestion": "hold",
            "overall_analysis": "持有",
            "risk_disclosure": "有风险",
        },
    ),
    "deliver": ("manager", "POST /sheets/{id}/deliveries", {"channel": "phone"}),
    "feedback": ("manager", "POST /sheets/{id}/feedback", {"score": 4}),
}
ALLOWED = {
    "edit": {SheetStatus.DRAFT, SheetStatus.SUBMITTED},
    "submit": {SheetStatus.DRAFT},
    "cancel": {SheetStatus.DRAFT, SheetStatus.SUBMITTED, SheetStatus.CLAIMED},
    "release": {SheetStatus.CLAIMED},
    "answer": {SheetStatus.CLAIMED},
    "deliver": {SheetStatus.ANSWERED},
    "feedback": {SheetStatus.DELIVERED},
}


# An analyst sees no draft, nor a sheet withdrawn before anyone claimed it:
# for them a step on one is a 404 (tests/advisory/test_access.py), not a 409.
UNSEEN_BY_ANALYSTS = {SheetStatus.DRAFT, SheetStatus.CANCELLED}


@pytest.mark.parametrize("status", list(SheetStatus))
async def test_every_illegal_transition_answers_409_with_the_current_status(
    status: SheetStatus, session: AsyncSession, client_for: ClientFor
) -> None:
    desk = await make_desk(session)
    api = client_for(create_app)
    refused = []
    for name, (who, route, body) in HTTP_ACTIONS.items():
        if status in ALLOWED[name]:
            continue
        sheet = await _in_status(session, desk, status)
        method, path = route.split(" ")
        headers = auth(desk.manager if who == "manager" else desk.analyst)
        if method == "PATCH":
            headers["If-Match"] = f'"{sheet.id}.{sheet.version}"'
        response = await api.request(
            method, path.format(id=sheet.id), headers=headers, json=body
        )
        if who == "analyst" and status in UNSEEN_BY_ANALYSTS:
            assert response.status_code == 404, (name, status, response.text)
            continue

        assert response.status_code == 409, (name, status, response.text)
        problem = response.json()
        assert problem["current_status"] == status.value
        assert problem["type"].endswith("illegal-transition")
        await session.refresh(sheet)
        assert sheet.status == status
        refused.append(name)

    assert refused
