"""The sheet's status machine, in one place.

    draft ─submit→ submitted ─claim→ claimed ─answer→ answered ─deliver→ delivered
                       ↑ release / lease expired ┘
    cancel: from draft, submitted or claimed (not once answered)

Every change of a sheet goes through `apply`, which refuses an action the
current status does not allow (409 naming the status), bumps the sheet's
version (its ETag) and appends a step to the sheet's timeline.
"""

import enum
from datetime import datetime

from services.advisory.sheets.errors import IllegalTransition
from shared.models.advisory import AdvisoryEvent, Sheet, SheetStatus

S = SheetStatus


class Action(enum.StrEnum):
    EDIT = "edited"
    SUBMIT = "submitted"
    CLAIM = "claimed"
    RELEASE = "released"
    EXPIRE_LEASE = "lease_expired"
    ANSWER = "answered"
    CONFIRM_DELIVERY = "delivery_confirmed"
    DELIVER = "delivered"
    FEEDBACK = "feedback_recorded"
    CANCEL = "cancelled"
    MARK_OVERDUE = "marked_overdue"
    MARK_UNDELIVERED = "marked_undelivered"


# action: (statuses it is allowed from, status it leads to; None keeps it)
TRANSITIONS: dict[Action, tuple[frozenset[SheetStatus], SheetStatus | None]] = {
    Action.EDIT: (frozenset({S.DRAFT, S.SUBMITTED}), None),
    Action.SUBMIT: (frozenset({S.DRAFT}), S.SUBMITTED),
    Action.CLAIM: (frozenset({S.SUBMITTED}), S.CLAIMED),
    Action.RELEASE: (frozenset({S.CLAIMED}), S.SUBMITTED),
    Action.EXPIRE_LEASE: (frozenset({S.CLAIMED}), S.SUBMITTED),
    Action.ANSWER: (frozenset({S.CLAIMED}), S.ANSWERED),
    Action.CONFIRM_DELIVERY: (frozenset({S.ANSWERED}), None),
    Action.DELIVER: (frozenset({S.ANSWERED}), S.DELIVERED),
    Action.FEEDBACK: (frozenset({S.DELIVERED}), None),
    Action.CANCEL: (frozenset({S.DRAFT, S.SUBMITTED, S.CLAIMED}), S.CANCELLED),
    Action.MARK_OVERDUE: (frozenset({S.SUBMITTED, S.CLAIMED}), None),
    Action.MARK_UNDELIVERED: (frozenset({S.ANSWERED}), None),
}


def allowed(sheet: Sheet, action: Action) -> bool:
    return sheet.status in TRANSITIONS[action][0]


def ensure_allowed(sheet: Sheet, action: Action) -> None:
    if not allowed(sheet, action):
        raise IllegalTransition(sheet.id, action.value, sheet.status)


def apply(
    sheet: Sheet,
    action: Action,
    *,
    actor_id: int | None,
    now: datetime,
    note: str | None = None,
) -> AdvisoryEvent:
    """Move `sheet` by `action` and return the timeline step to add."""
    ensure_allowed(sheet, action)
    before = sheet.status
    target = TRANSITIONS[action][1]
    if target is not None:
        sheet.status = target
    sheet.version += 1
    return AdvisoryEvent(
        branch_id=sheet.branch_id,
        sheet_id=sheet.id,
        occurred_at=now,
        actor_id=actor_id,
        kind=action.value,
        from_status=before.value,
        to_status=sheet.status.value,
        note=note,
    )
